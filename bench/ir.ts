/**
 * The allow/deny reading of a pledge policy that the peer engines (Cedar, json-rules-engine)
 * are generated from, as a small intermediate form. pledge decides a flow per data category
 * and reports the worst; so do the peers: one decision per (flow, data category), and the
 * flow is allowed when every category is. Each statement becomes rules (pledge's reading:
 * src/engine/relations.ts and decide.ts, rules R1–R7):
 *
 * - `may` / `only-if`  -> permit when the statement covers the category (action, recipient and
 *                         data at or below its own; every purpose at or below its purposes, or
 *                         the policy's `purposeLimit` when it names none), when the flow declares
 *                         every condition and safeguard of the statement (or stronger ones)
 * - `must` / `only-if` -> forbid when the flow does not declare its conditions and the statement
 *                         covers the category; forbid when the flow does not declare its
 *                         safeguards and the statement covers it except that the data may also be
 *                         coarser (a safeguard protects the data wherever it goes)
 * - `must-not`         -> forbid when the statement hits the category: the flow's action at or
 *                         below one of its actions (a flow declared "share" is not a sale, nor
 *                         "process" a "use"), its data, recipient and purposes related to the
 *                         statement's in either direction; unless it names conditions or
 *                         safeguards and the flow declares them all (the exception it grants)
 * - `only-for`         -> forbid as a `must-not`, when some flow purpose is outside its list
 *
 * An empty list of recipients (or of purposes, on a restriction) matches any. A category is
 * allowed when some permit matches and no forbid does. This is the same decision as pledge's
 * "verdict clear or vague, and no finding of severity error" for flows with known terms and
 * without location or audience (the bench's workload).
 */
import type { Flow, Policy, TermKind, Vocabulary } from "../src/index.js";

export interface Requirements {
  readonly conditions: readonly string[];
  readonly safeguards: readonly string[];
}

/** How the flow's term must stand to a rule's terms: at or below one (`cover`), or at, below or above one (`related`). */
export type Reach = "cover" | "related";

/**
 * How the flow's purposes must stand to a rule's: every one at or below one of them
 * (`all-covered`), some related to one of them (`some-related`), or some at or below none of
 * them (`some-outside`, an `only-for`).
 */
export type PurposeTest = "all-covered" | "some-related" | "some-outside";

export interface Rule {
  readonly id: string;
  readonly effect: "permit" | "forbid";
  /** The flow's action is at or below one of these. */
  readonly actions: readonly string[];
  /** Empty = any recipient. */
  readonly recipients: readonly string[];
  readonly recipientReach: Reach;
  readonly data: readonly string[];
  readonly dataReach: Reach;
  /** Empty = any purpose (not with `some-outside`). */
  readonly purposes: readonly string[];
  readonly purposeTest: PurposeTest;
  /** For permits: the rule fires only when the flow declares all of these. */
  readonly when?: Requirements;
  /** For forbids: the rule does not fire when the flow declares all of these. */
  readonly unless?: Requirements;
}

/** The vocabulary closures the generators need. */
export interface Closures {
  /** id and every term above it. */
  up(kind: TermKind, id: string): readonly string[];
  /** id and every term below it. */
  down(kind: TermKind, id: string): readonly string[];
  upAll(kind: TermKind, ids: readonly string[]): string[];
  downAll(kind: TermKind, ids: readonly string[]): string[];
  ids(kind: TermKind): readonly string[];
  isBelow(kind: TermKind, id: string, ancestor: string): boolean;
  /** The direct parents of a term. */
  parents(kind: TermKind, id: string): readonly string[];
}

export function closures(vocabulary: Vocabulary): Closures {
  const downCache = new Map<string, string[]>();
  const down = (kind: TermKind, id: string): string[] => {
    const key = `${kind}:${id}`;
    let list = downCache.get(key);
    if (!list) {
      list = vocabulary.ids(kind).filter((other) => vocabulary.isBelow(kind, other, id));
      if (!list.includes(id)) list.push(id);
      list.sort();
      downCache.set(key, list);
    }
    return list;
  };
  // Plain loops: Node 20's V8 crashed (a deoptimizer "unreachable code" fatal error) in hot
  // loops building facts with Array.prototype.map/flat callbacks next to json-rules-engine.
  const union = (lists: readonly (readonly string[])[]): string[] => {
    const set = new Set<string>();
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as readonly string[];
      for (let j = 0; j < list.length; j++) set.add(list[j] as string);
    }
    // insertion sort by hand: the lists are short, and see the note above
    const out: string[] = [];
    for (const x of set) {
      let i = out.length;
      out.push(x);
      while (i > 0 && (out[i - 1] as string) > x) {
        out[i] = out[i - 1] as string;
        i--;
      }
      out[i] = x;
    }
    return out;
  };
  const each = (kind: TermKind, ids: readonly string[], f: (kind: TermKind, id: string) => readonly string[]) => {
    const out: (readonly string[])[] = [];
    for (let i = 0; i < ids.length; i++) out.push(f(kind, ids[i] as string));
    return out;
  };
  return {
    up: (kind, id) => vocabulary.ancestors(kind, id),
    down,
    upAll: (kind, ids) => union(each(kind, ids, vocabulary.ancestors)),
    downAll: (kind, ids) => union(each(kind, ids, down)),
    ids: (kind) => vocabulary.ids(kind),
    isBelow: (kind, id, ancestor) => vocabulary.isBelow(kind, id, ancestor),
    parents: (kind, id) => vocabulary.term(kind, id)?.parents ?? [],
  };
}

export function compileRules(policy: Policy): Rule[] {
  const rules: Rule[] = [];
  const limit = policy.purposeLimit?.purposes ?? [];
  for (const s of policy.statements) {
    const covering = { actions: s.actions, recipients: s.recipients, recipientReach: "cover", data: s.data, dataReach: "cover", purposes: s.purposes, purposeTest: "all-covered" } as const;
    const hitting = { ...covering, recipientReach: "related", dataReach: "related" } as const;
    const requirements = { conditions: s.conditions, safeguards: s.safeguards };
    const hasRequirements = s.conditions.length + s.safeguards.length > 0;
    const permission = s.modality === "may" || s.modality === "only-if";
    // A permission naming no purpose stands for the policy's closed list of uses, when it has one.
    const purposes = permission && s.purposes.length === 0 ? limit : s.purposes;
    if (permission) rules.push({ id: s.id, ...covering, purposes, effect: "permit", ...(hasRequirements ? { when: requirements } : {}) });
    if (s.modality === "must" || s.modality === "only-if") {
      if (s.conditions.length > 0) rules.push({ id: `${s.id}.conditions`, ...covering, purposes, effect: "forbid", unless: { conditions: s.conditions, safeguards: [] } });
      if (s.safeguards.length > 0) rules.push({ id: `${s.id}.safeguards`, ...covering, dataReach: "related", purposes, effect: "forbid", unless: { conditions: [], safeguards: s.safeguards } });
    }
    if (s.modality === "must-not") rules.push({ id: s.id, ...hitting, purposeTest: "some-related", effect: "forbid", ...(hasRequirements ? { unless: requirements } : {}) });
    if (s.modality === "only-for") rules.push({ id: s.id, ...hitting, purposeTest: "some-outside", effect: "forbid", ...(hasRequirements ? { unless: requirements } : {}) });
  }
  return rules;
}

/** A flow with its ancestor sets, as the peers' facts and contexts are built from. */
export interface FlowFacts {
  readonly action: string;
  readonly actionUp: readonly string[];
  readonly recipient: string;
  readonly recipientUp: readonly string[];
  readonly data: readonly string[];
  /** One ancestor set per data item. */
  readonly dataUps: readonly (readonly string[])[];
  readonly dataUp: readonly string[];
  readonly purposes: readonly string[];
  readonly purposeUps: readonly (readonly string[])[];
  readonly purposeUp: readonly string[];
  /** Declared conditions and safeguards with everything above them. */
  readonly conditionsUp: readonly string[];
  readonly safeguardsUp: readonly string[];
}

function ups(c: Closures, kind: TermKind, ids: readonly string[]): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  for (let i = 0; i < ids.length; i++) out.push(c.up(kind, ids[i] as string));
  return out;
}

export function flowFacts(c: Closures, flow: Flow): FlowFacts {
  return {
    action: flow.action,
    actionUp: c.up("action", flow.action),
    recipient: flow.recipient,
    recipientUp: c.up("recipient", flow.recipient),
    data: flow.data,
    dataUps: ups(c, "data", flow.data),
    dataUp: c.upAll("data", flow.data),
    purposes: flow.purposes,
    purposeUps: ups(c, "purpose", flow.purposes),
    purposeUp: c.upAll("purpose", flow.purposes),
    conditionsUp: c.upAll("condition", flow.conditions),
    safeguardsUp: c.upAll("safeguard", flow.safeguards),
  };
}

const meets = (ups: readonly string[], terms: readonly string[]) => terms.some((t) => ups.includes(t));
const related = (c: Closures, kind: TermKind, id: string, terms: readonly string[]) =>
  terms.some((t) => c.isBelow(kind, id, t) || c.isBelow(kind, t, id));

const declaresAll = (f: FlowFacts, r: Requirements) => r.conditions.every((x) => f.conditionsUp.includes(x)) && r.safeguards.every((x) => f.safeguardsUp.includes(x));

/** Whether a flow term stands to a rule's terms as `reach` says (an empty list: any term). */
function reaches(c: Closures, kind: TermKind, term: string, ups: readonly string[], terms: readonly string[], reach: Reach): boolean {
  return terms.length === 0 || meets(ups, terms) || (reach === "related" && related(c, kind, term, terms));
}

/** Whether the flow's purposes pass a rule's purpose test. */
export function purposesPass(c: Closures, f: FlowFacts, terms: readonly string[], test: PurposeTest): boolean {
  if (test === "some-outside") return f.purposeUps.some((ups) => !meets(ups, terms));
  if (terms.length === 0) return true;
  return test === "all-covered" ? f.purposeUps.every((ups) => meets(ups, terms)) : f.purposes.some((p) => related(c, "purpose", p, terms));
}

/** Whether a rule fires for data category `index` of the flow. */
export function ruleMatches(c: Closures, rule: Rule, flow: Flow, f: FlowFacts, index: number): boolean {
  const matched =
    meets(f.actionUp, rule.actions) &&
    reaches(c, "recipient", flow.recipient, f.recipientUp, rule.recipients, rule.recipientReach) &&
    reaches(c, "data", flow.data[index] as string, f.dataUps[index] as readonly string[], rule.data, rule.dataReach) &&
    purposesPass(c, f, rule.purposes, rule.purposeTest);
  if (!matched) return false;
  if (rule.when && !declaresAll(f, rule.when)) return false;
  if (rule.unless && declaresAll(f, rule.unless)) return false;
  return true;
}

/** The reference decision: every data category has a permit and no forbid. */
export function decide(c: Closures, rules: readonly Rule[], flow: Flow): boolean {
  const f = flowFacts(c, flow);
  for (let index = 0; index < flow.data.length; index++) {
    let permit = false;
    for (const rule of rules) {
      if (!ruleMatches(c, rule, flow, f, index)) continue;
      if (rule.effect === "forbid") return false;
      permit = true;
    }
    if (!permit) return false;
  }
  return true;
}
