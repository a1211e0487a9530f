/**
 * Decides a flow against a compiled policy, in data. No wording happens here (`report.ts` words
 * the decision). The rules, cited at the branch that applies each:
 *
 * For each data category of the flow, among the permissions (`may`, `only-if`) that cover it and
 * the restrictions (`must-not`, `only-for`) that hit it (see `relations.ts`):
 * - R1 A restriction hits and some covering permission survives it (no hit carves it out):
 *   `ambiguous`, the policy contradicts itself on this flow.
 * - R2 A restriction hits and no covering permission survives: `incorrect`.
 * - R3 Nothing covers the category: `omitted`.
 * - R4 Among the covering permissions whose conditions and safeguards the flow meets (all of them
 *   when none is met), one names the flow's own data, recipient and purposes: `clear`.
 * - R5 Otherwise the category is allowed only through broader terms: `vague`.
 * - R6 The flow takes its worst category's verdict (clear < vague < omitted < ambiguous < incorrect).
 * - R7 Every condition and safeguard the flow does not declare is reported: those of the
 *   permission that allows it (when none is met, the one with fewest unmet), and those of every
 *   requirement (`must`, `only-if`) that binds a category.
 * - R8 A flow's location must be within the locations of the requirements that bind it (an
 *   error), and should be within those of the statements that allow it or the policy's storage
 *   locations (a warning).
 * - R9 The audience's minimum age must meet every age limit for its region; a limit without a
 *   region applies where no regional limit covers the audience.
 * - R10 A term the vocabulary does not define is reported and matches no statement.
 */
import type { Verdict } from "../findings.js";
import { compareText } from "../order.js";
import type { CompiledPolicy, CompiledStatement } from "./compile.js";
import type { AgeMiss, CarveOut, CategoryDecision, Decision, LocationMiss, UnknownTerm, UnmetRequirement } from "./decision.js";
import { numberFlow, type CheckableFlow, type FlowTerms } from "./flow-terms.js";
import { binds, carves, covers, declares, hits as hitsCategory, isExact, unmetCount } from "./relations.js";

const NONE: readonly never[] = Object.freeze([]);

/** Verdicts from best to worst; ranks are private to this comparison. */
const RANK: Readonly<Record<Verdict, number>> = { clear: 0, vague: 1, omitted: 2, ambiguous: 3, incorrect: 4 };

/** The worse of two verdicts (rule R6). */
function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[b] > RANK[a] ? b : a;
}

function slotOf(compiled: CompiledPolicy, n: FlowTerms): number {
  return n.action >= 0 && n.recipient >= 0 ? n.action * compiled.tables.recipient.size + n.recipient : -1;
}

/** Decides one data category of a flow (rules R1–R5). */
function decideCategory(compiled: CompiledPolicy, n: FlowTerms, slot: number, index: number, data: string): CategoryDecision {
  const d = n.data[index] as number;
  const permits = slot >= 0 ? compiled.slot(slot).permits : NONE;
  const restrictions = slot >= 0 ? compiled.slot(slot).prohibitions : NONE;

  let covering: CompiledStatement[] | readonly never[] = NONE;
  for (let i = 0; i < permits.length; i++) {
    const p = permits[i] as CompiledStatement;
    if (covers(p, d, n)) {
      if (covering === NONE) covering = [];
      (covering as CompiledStatement[]).push(p);
    }
  }
  let hits: CompiledStatement[] | readonly never[] = NONE;
  for (let i = 0; i < restrictions.length; i++) {
    const m = restrictions[i] as CompiledStatement;
    if (hitsCategory(compiled, m, d, n)) {
      if (hits === NONE) hits = [];
      (hits as CompiledStatement[]).push(m);
    }
  }

  if (hits.length > 0) {
    const uncarved: CompiledStatement[] = [];
    const carved: CarveOut[] = [];
    for (const p of covering) {
      const by = hits.filter((m) => carves(compiled, m, p, d, n));
      if (by.length > 0) carved.push({ permission: p, by });
      else uncarved.push(p);
    }
    // R1
    if (uncarved.length > 0) {
      return { index, data, verdict: "ambiguous", covering, hits, uncarved, carved, deciding: [...uncarved, ...hits], unmetPermission: pickUnmet(compiled, uncarved, d, n) };
    }
    // R2
    return { index, data, verdict: "incorrect", covering, hits, uncarved, carved, deciding: hits, unmetPermission: undefined };
  }
  // R3
  if (covering.length === 0) return { index, data, verdict: "omitted", covering, hits, uncarved: covering, carved: NONE, deciding: NONE, unmetPermission: undefined };
  if (covering.length === 1) {
    // The common case: one permission, nothing restricts. No lists to build. R4 or R5.
    const p = covering[0] as CompiledStatement;
    const verdict = isExact(p, d, n) ? "clear" : "vague";
    return { index, data, verdict, covering, hits, uncarved: covering, carved: NONE, deciding: covering, unmetPermission: unmetCount(compiled, p, n) === 0 ? undefined : p };
  }
  const met = covering.filter((p) => unmetCount(compiled, p, n) === 0);
  const pool = met.length > 0 ? met : covering;
  const exact = pool.filter((p) => isExact(p, d, n));
  // R4 or R5
  const verdict = exact.length > 0 ? "clear" : "vague";
  return { index, data, verdict, covering, hits, uncarved: covering, carved: NONE, deciding: exact.length > 0 ? exact : pool, unmetPermission: met.length > 0 ? undefined : pickUnmet(compiled, covering, d, n) };
}

/** Among permissions none of which is met, the one to report: fewest unmet requirements, exact first, then rule id. */
function pickUnmet(compiled: CompiledPolicy, permissions: readonly CompiledStatement[], d: number, n: FlowTerms): CompiledStatement | undefined {
  let best: CompiledStatement | undefined;
  let bestScore = Infinity;
  for (const p of permissions) {
    const unmet = unmetCount(compiled, p, n);
    if (unmet === 0) return undefined;
    const score = unmet * 2 + (isExact(p, d, n) ? 0 : 1);
    if (score < bestScore || (score === bestScore && best !== undefined && compareText(p.id, best.id) < 0)) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/** R10: the flow's terms the vocabulary does not define, with their paths. */
function unknownTerms(compiled: CompiledPolicy, flow: CheckableFlow): UnknownTerm[] {
  const t = compiled.tables;
  const out: UnknownTerm[] = [];
  const one = (kind: UnknownTerm["kind"], term: string | undefined, path: UnknownTerm["path"]) => {
    if (term !== undefined && !t[kind].index.has(term)) out.push({ kind, term, path });
  };
  one("action", flow.action, ["action"]);
  flow.data.forEach((id, i) => one("data", id, ["data", i]));
  one("recipient", flow.recipient, ["recipient"]);
  flow.purposes.forEach((id, i) => one("purpose", id, ["purposes", i]));
  (flow.conditions ?? []).forEach((id, i) => one("condition", id, ["conditions", i]));
  (flow.safeguards ?? []).forEach((id, i) => one("safeguard", id, ["safeguards", i]));
  one("location", flow.location, ["location"]);
  one("location", flow.audience?.region, ["audience", "region"]);
  return out;
}

/** R7: the conditions and safeguards not declared, gathered by term (one entry per term, every statement requiring it). */
function unmetRequirements(compiled: CompiledPolicy, n: FlowTerms, categories: readonly CategoryDecision[], requirements: readonly CompiledStatement[]): UnmetRequirement[] {
  const t = compiled.tables;
  const out: { kind: "condition" | "safeguard"; term: string; statements: CompiledStatement[] }[] = [];
  const add = (kind: "condition" | "safeguard", term: string, s: CompiledStatement) => {
    let entry = out.find((e) => e.kind === kind && e.term === term);
    if (entry === undefined) out.push((entry = { kind, term, statements: [] }));
    if (!entry.statements.includes(s)) entry.statements.push(s);
  };
  const check = (s: CompiledStatement, d: number, bound: boolean) => {
    for (const c of s.conditions) {
      if ((!bound || binds(s, d, n, "conditions")) && !declares(t.condition, n.conditions, c)) add("condition", t.condition.ids[c] as string, s);
    }
    for (const g of s.safeguards) {
      if ((!bound || binds(s, d, n, "safeguards")) && !declares(t.safeguard, n.safeguards, g)) add("safeguard", t.safeguard.ids[g] as string, s);
    }
  };
  for (const c of categories) {
    const d = n.data[c.index] as number;
    if (c.unmetPermission !== undefined) check(c.unmetPermission, d, false);
    if (d < 0) continue;
    for (const q of requirements) check(q, d, true);
  }
  return out;
}

/** R8: locations a binding requirement does not allow, or that no allowing statement nor the policy discloses. */
function locationMisses(compiled: CompiledPolicy, n: FlowTerms, categories: readonly CategoryDecision[], requirements: readonly CompiledStatement[]): LocationMiss[] {
  const t = compiled.tables.location;
  const loc = n.location;
  if (loc < 0) return [];
  const within = (list: readonly number[]) => list.some((l) => l >= 0 && t.below[loc * t.size + l] === 1);
  const out: LocationMiss[] = [];
  const undisclosed = new Set<CompiledStatement>();
  let missed = false;
  for (const c of categories) {
    const d = n.data[c.index] as number;
    for (const q of requirements) {
      if (q.locations.length === 0 || !covers(q, d, n) || within(q.locations)) continue;
      if (!out.some((m) => m.binding && m.statement === q)) out.push({ binding: true, statement: q });
    }
    const allowing = c.verdict === "ambiguous" ? c.uncarved : c.verdict === "clear" || c.verdict === "vague" ? c.deciding : NONE;
    const withLocations = allowing.filter((p) => p.locations.length > 0);
    if (withLocations.some((p) => within(p.locations)) || within(compiled.storageLocations)) continue;
    if (withLocations.length === 0 && compiled.storageLocations.length === 0) continue;
    missed = true;
    for (const p of withLocations) undisclosed.add(p);
  }
  if (missed) {
    const statements = [...undisclosed].sort((a, b) => compareText(a.id, b.id));
    const allowed = [...new Set(statements.flatMap((p) => p.statement.locations))].sort(compareText);
    out.push({ binding: false, statements, allowed });
  }
  return out;
}

/** R9: the age limits the audience breaks. */
function ageMisses(compiled: CompiledPolicy, flow: CheckableFlow, n: FlowTerms): AgeMiss[] {
  if (flow.audience === undefined) return [];
  const { minimumAge, region } = flow.audience;
  const t = compiled.tables.location;
  const r = n.region;
  const related = (x: number, y: number) => x >= 0 && y >= 0 && (t.below[x * t.size + y] === 1 || t.below[y * t.size + x] === 1);
  const coveredByRegional = r >= 0 && compiled.ageLimits.some((a) => a.region >= 0 && t.below[r * t.size + a.region] === 1);
  const out: AgeMiss[] = [];
  for (const a of compiled.ageLimits) {
    const applies = a.region < 0 ? !coveredByRegional : region === undefined || related(r, a.region);
    if (applies && minimumAge < a.limit.minimumAge) out.push({ limit: a });
  }
  return out;
}

/** Whether some requirement binds the flow with a condition or safeguard it does not declare, or with locations. */
function requirementsNeedLook(compiled: CompiledPolicy, n: FlowTerms, requirements: readonly CompiledStatement[]): boolean {
  for (let i = 0; i < requirements.length; i++) {
    const q = requirements[i] as CompiledStatement;
    if (q.locations.length > 0 || unmetCount(compiled, q, n) > 0) return true;
  }
  return false;
}

/**
 * Decides a flow: each data category's verdict and the statements behind it, the flow's verdict,
 * and every unmet requirement, undisclosed location, broken age limit and unknown term, as data.
 *
 * @example
 * const d = decide(compilePolicy(pomeg), {
 *   id: "f", action: "use", data: ["meta-direct-messages"], recipient: "first-party", purposes: ["crm-service"],
 * });
 * d.verdict //=> "incorrect"
 * d.categories[0].hits.map((s) => s.id) //=> ["s3-meta-use-solely"]
 */
export function decide(compiled: CompiledPolicy, flow: CheckableFlow): Decision {
  const n = numberFlow(compiled, flow);
  const unknown = n.unknown ? unknownTerms(compiled, flow) : NONE;
  if (flow.data.length === 0 || flow.purposes.length === 0) {
    const empty: ("data" | "purposes")[] = [];
    if (flow.data.length === 0) empty.push("data");
    if (flow.purposes.length === 0) empty.push("purposes");
    return { terms: n, verdict: "omitted", categories: NONE, empty, unknown, unmet: NONE, locations: NONE, ages: NONE };
  }
  const slot = slotOf(compiled, n);
  const categories = new Array<CategoryDecision>(flow.data.length);
  let verdict: Verdict = "clear";
  let unmetPermission = false;
  for (let i = 0; i < flow.data.length; i++) {
    const c = decideCategory(compiled, n, slot, i, flow.data[i] as string);
    categories[i] = c;
    verdict = worse(verdict, c.verdict);
    if (c.unmetPermission !== undefined) unmetPermission = true;
  }
  const requirements = slot >= 0 ? compiled.slot(slot).requirements : NONE;
  const unmet = unmetPermission || requirementsNeedLook(compiled, n, requirements) ? unmetRequirements(compiled, n, categories, requirements) : NONE;
  const locations = flow.location === undefined ? NONE : locationMisses(compiled, n, categories, requirements);
  const ages = flow.audience === undefined ? NONE : ageMisses(compiled, flow, n);
  return { terms: n, verdict, categories, empty: NONE, unknown, unmet, locations, ages };
}

