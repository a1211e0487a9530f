import type { CitedRule, DocumentPath, Finding, FindingCode, Severity, Verdict } from "../findings.js";
import type { TermKind } from "../model/terms.js";
import { compareFindings, compareText } from "../order.js";
import type { CompiledDimension, CompiledPolicy, CompiledStatement, ShapeNode, TermTable } from "./compile.js";
import * as say from "./messages.js";
import { VERDICT_ORDER, type FlowResult } from "./result.js";

/**
 * The shape of a flow the engine reads. Both the parsed `Flow` of a manifest and a `FlowInput`
 * written in code (defaults optional) fit it, as do the flow types of bundled policies.
 */
export interface CheckableFlow {
  readonly id: string;
  readonly action: string;
  readonly data: readonly string[];
  readonly recipient: string;
  readonly purposes: readonly string[];
  readonly conditions?: readonly string[] | undefined;
  readonly safeguards?: readonly string[] | undefined;
  readonly location?: string | undefined;
  readonly audience?: { readonly minimumAge: number; readonly region?: string | undefined } | undefined;
}

// Verdict ranks, as in VERDICT_ORDER.
const CLEAR = 0;
const VAGUE = 1;
const OMITTED = 2;
const AMBIGUOUS = 3;
const INCORRECT = 4;

const NONE: readonly never[] = Object.freeze([]);
const CODE_BY_RANK: readonly (FindingCode | undefined)[] = [undefined, "flow-vague", "flow-omitted", "flow-ambiguous", "flow-incorrect"];
const SEVERITY_BY_RANK: readonly (Severity | undefined)[] = [undefined, "warning", "error", "error", "error"];

/** A flow's terms as numbers; -1 for a term the policy does not define. */
export interface Numbers {
  action: number;
  recipient: number;
  data: number[];
  purposes: number[];
  conditions: number[];
  safeguards: number[];
  location: number;
  unknown: boolean;
}

/** What the engine decided for one data category of a flow. */
export interface CategoryDecision {
  readonly index: number;
  readonly data: string;
  readonly rank: number;
  /** Covering permissions (may, only-if). */
  readonly covering: readonly CompiledStatement[];
  /** The `must-not`s that hit the flow. */
  readonly hits: readonly CompiledStatement[];
  /** Covering permissions that no hitting must-not carves out. */
  readonly uncarved: readonly CompiledStatement[];
  /** The statements that decided the verdict. */
  readonly deciding: readonly CompiledStatement[];
  /** The permission whose unmet conditions and safeguards are reported (undefined when one is met). */
  readonly unmetPermission: CompiledStatement | undefined;
}

function numberOf(table: TermTable, id: string | undefined): number {
  if (id === undefined) return -1;
  const n = table.index.get(id);
  return n === undefined ? -1 : n;
}

function numbersOf(table: TermTable, ids: readonly string[] | undefined): { list: number[]; unknown: boolean } {
  if (ids === undefined || ids.length === 0) return { list: [], unknown: false };
  const list = new Array<number>(ids.length);
  let unknown = false;
  for (let i = 0; i < ids.length; i++) {
    const n = table.index.get(ids[i] as string);
    if (n === undefined) {
      list[i] = -1;
      unknown = true;
    } else list[i] = n;
  }
  return { list, unknown };
}

function numberFlow(compiled: CompiledPolicy, flow: CheckableFlow): Numbers {
  const t = compiled.tables;
  const action = numberOf(t.action, flow.action);
  const recipient = numberOf(t.recipient, flow.recipient);
  const data = numbersOf(t.data, flow.data);
  const purposes = numbersOf(t.purpose, flow.purposes);
  const conditions = numbersOf(t.condition, flow.conditions);
  const safeguards = numbersOf(t.safeguard, flow.safeguards);
  const location = numberOf(t.location, flow.location);
  const unknown =
    action < 0 ||
    recipient < 0 ||
    data.unknown ||
    purposes.unknown ||
    conditions.unknown ||
    safeguards.unknown ||
    (flow.location !== undefined && location < 0) ||
    (flow.audience?.region !== undefined && !t.location.index.has(flow.audience.region));
  return { action, recipient, data: data.list, purposes: purposes.list, conditions: conditions.list, safeguards: safeguards.list, location, unknown };
}

// ------------------------------------------------------------------ relations

/**
 * Whether every flow purpose is at or below one of the dimension's purposes (or the dimension has none).
 *
 * @example
 * purposesCovered(statement.purpose, [index("ai-comment-replies")]) //=> true when the statement lists "service-provision"
 */
export function purposesCovered(dim: CompiledDimension, purposes: readonly number[]): boolean {
  if (dim.any) return true;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p < 0 || dim.covers[p] !== 1) return false;
  }
  return true;
}

function purposesExact(dim: CompiledDimension, purposes: readonly number[]): boolean {
  if (dim.any) return true;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p < 0 || dim.exact[p] !== 1) return false;
  }
  return true;
}

/**
 * Whether some flow purpose is related (either direction) to one of the dimension's purposes, or it has none.
 *
 * @example
 * purposesRelated(mustNot.purpose, [index("service-provision"), index("advertising")]) //=> true when the must-not names "advertising"
 */
export function purposesRelated(dim: CompiledDimension, purposes: readonly number[]): boolean {
  if (dim.any) return true;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p >= 0 && dim.related[p] === 1) return true;
  }
  return false;
}

/** Whether one of the declared terms is at or below the required one. */
function declares(table: TermTable, declared: readonly number[], required: number): boolean {
  const { below, size } = table;
  for (let i = 0; i < declared.length; i++) {
    const d = declared[i] as number;
    if (d >= 0 && below[d * size + required] === 1) return true;
  }
  return false;
}

function unmetCount(compiled: CompiledPolicy, s: CompiledStatement, n: Numbers): number {
  let count = 0;
  for (const c of s.conditions) if (!declares(compiled.tables.condition, n.conditions, c)) count++;
  for (const g of s.safeguards) if (!declares(compiled.tables.safeguard, n.safeguards, g)) count++;
  return count;
}

/** A must-not with conditions or safeguards names the exception: it does not hit a flow that declares them all. */
function exempt(compiled: CompiledPolicy, m: CompiledStatement, n: Numbers): boolean {
  if (m.conditions.length === 0 && m.safeguards.length === 0) return false;
  return unmetCount(compiled, m, n) === 0;
}

function isExact(p: CompiledStatement, d: number, n: Numbers): boolean {
  return p.data.exact[d] === 1 && p.recipient.exact[n.recipient] === 1 && purposesExact(p.purpose, n.purposes);
}

const TOP = null;

/** The statement terms of one dimension that bear on the flow's terms: related ones for a must-not, covering ones for a permission. */
function relevant(table: TermTable, dim: CompiledDimension, flowTerms: readonly number[], mode: "related" | "covers"): number[] | typeof TOP {
  if (dim.any) return TOP;
  const { below, size } = table;
  const out: number[] = [];
  for (const s of dim.numbers) {
    if (s < 0) continue;
    for (const t of flowTerms) {
      if (t < 0) continue;
      const down = below[t * size + s] === 1;
      if (mode === "covers" ? down : down || below[s * size + t] === 1) {
        out.push(s);
        break;
      }
    }
  }
  return out;
}

/** Every term of `a` is at or below some term of `b`; TOP is above everything. */
function atOrBelow(table: TermTable, a: number[] | typeof TOP, b: number[] | typeof TOP): boolean {
  if (b === TOP) return true;
  if (a === TOP) return false;
  const { below, size } = table;
  return a.every((x) => b.some((y) => below[x * size + y] === 1));
}

/**
 * Whether the must-not `m` carves an exception out of the permission `p` for this flow, so that
 * the flow is `incorrect` rather than `ambiguous`:
 *
 * 1. `p` names no purpose and `m` names some: `m` speaks only to purposes `p` never claimed; or
 * 2. in action, data and recipient, the must-not's terms that bear on the flow are at or below the
 *    permission's terms that cover it, and the must-not is strictly narrower somewhere (purposes
 *    included). A broader purpose list on the must-not does not block the exception: a may's
 *    purposes limit the may, they do not claim anything against the must-not.
 *
 * Otherwise (the must-not is as broad or broader in action, data or recipient, or equal
 * everywhere) the two statements contradict each other on this flow.
 *
 * @example
 * // Pomeg: "Meta data … not used for any secondary purpose" against "improve the Platform".
 * carves(compiled, s3MetaNoSecondaryPurpose, s2Improve, index("meta-page-content"), numbers) //=> true
 * // "no Meta data to third parties" against "AI model providers" (a third party too).
 * carves(compiled, s3MetaNoSharing, s4ServiceProviders, index("meta-comments"), numbers) //=> false
 */
export function carves(compiled: CompiledPolicy, m: CompiledStatement, p: CompiledStatement, d: number, n: Numbers): boolean {
  if (p.purpose.any && !m.purpose.any) return true;
  const t = compiled.tables;
  const dims: [TermTable, CompiledDimension, CompiledDimension, readonly number[]][] = [
    [t.action, m.action, p.action, [n.action]],
    [t.data, m.data, p.data, [d]],
    [t.recipient, m.recipient, p.recipient, [n.recipient]],
  ];
  let strict = false;
  for (const [table, md, pd, flowTerms] of dims) {
    const mx = relevant(table, md, flowTerms, table === t.action ? "covers" : "related");
    const px = relevant(table, pd, flowTerms, "covers");
    if (!atOrBelow(table, mx, px)) return false;
    if (!atOrBelow(table, px, mx)) strict = true;
  }
  if (!strict) {
    const mx = relevant(t.purpose, m.purpose, n.purposes, "related");
    const px = relevant(t.purpose, p.purpose, n.purposes, "covers");
    strict = atOrBelow(t.purpose, mx, px) && !atOrBelow(t.purpose, px, mx);
  }
  return strict;
}

// ------------------------------------------------------------------ decisions

/**
 * Decides one data category of a flow.
 *
 * @example
 * decideCategory(compiled, numbers, 0, "email-address").rank //=> 0 (clear)
 */
export function decideCategory(compiled: CompiledPolicy, n: Numbers, index: number, data: string): CategoryDecision {
  const d = n.data[index] as number;
  const slot = n.action >= 0 && n.recipient >= 0 ? n.action * compiled.tables.recipient.size + n.recipient : -1;
  const permits = slot >= 0 ? (compiled.permits[slot] as readonly CompiledStatement[]) : NONE;
  const prohibitions = slot >= 0 ? (compiled.prohibitions[slot] as readonly CompiledStatement[]) : NONE;

  let covering: CompiledStatement[] | readonly never[] = NONE;
  if (d >= 0) {
    for (let i = 0; i < permits.length; i++) {
      const p = permits[i] as CompiledStatement;
      if (p.data.covers[d] === 1 && purposesCovered(p.purpose, n.purposes)) {
        if (covering === NONE) covering = [];
        (covering as CompiledStatement[]).push(p);
      }
    }
  }
  let hits: CompiledStatement[] | readonly never[] = NONE;
  if (d >= 0) {
    for (let i = 0; i < prohibitions.length; i++) {
      const m = prohibitions[i] as CompiledStatement;
      if (m.data.related[d] === 1 && purposesRelated(m.purpose, n.purposes) && !exempt(compiled, m, n)) {
        if (hits === NONE) hits = [];
        (hits as CompiledStatement[]).push(m);
      }
    }
  }

  if (hits.length > 0) {
    const uncarved = covering.filter((p) => !hits.some((m) => carves(compiled, m, p, d, n)));
    if (uncarved.length > 0) {
      return { index, data, rank: AMBIGUOUS, covering, hits, uncarved, deciding: [...uncarved, ...hits], unmetPermission: pickUnmet(compiled, uncarved, d, n) };
    }
    return { index, data, rank: INCORRECT, covering, hits, uncarved, deciding: hits, unmetPermission: undefined };
  }
  if (covering.length === 0) return { index, data, rank: OMITTED, covering, hits, uncarved: covering, deciding: NONE, unmetPermission: undefined };
  if (covering.length === 1) {
    // The common case: one permission, nothing forbids. No lists to build.
    const p = covering[0] as CompiledStatement;
    const rank = isExact(p, d, n) ? CLEAR : VAGUE;
    return { index, data, rank, covering, hits, uncarved: covering, deciding: covering, unmetPermission: unmetCount(compiled, p, n) === 0 ? undefined : p };
  }
  const met = covering.filter((p) => unmetCount(compiled, p, n) === 0);
  const pool = met.length > 0 ? met : covering;
  const exact = pool.filter((p) => isExact(p, d, n));
  const rank = exact.length > 0 ? CLEAR : VAGUE;
  return { index, data, rank, covering, hits, uncarved: covering, deciding: exact.length > 0 ? exact : pool, unmetPermission: met.length > 0 ? undefined : pickUnmet(compiled, covering, d, n) };
}

/** Among permissions none of which is met, the one to report: fewest unmet requirements, exact first, then rule id. */
function pickUnmet(compiled: CompiledPolicy, permissions: readonly CompiledStatement[], d: number, n: Numbers): CompiledStatement | undefined {
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

// ------------------------------------------------------------------ findings

interface Pending {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly path: DocumentPath;
  readonly verdict: Verdict | undefined;
  /** The message, given the ids of the rules gathered under this finding (sorted). */
  readonly message: (rules: readonly string[]) => string;
  readonly rules: CitedRule[];
}

/** Gathers findings by key (one finding per missing term, per disclosure path…), merging their rules. */
class Collector {
  private readonly pending: Pending[] = [];
  private readonly keys: string[] = [];
  add(key: string, make: () => Omit<Pending, "rules">, rules: readonly CitedRule[]): void {
    let i = this.keys.indexOf(key);
    if (i < 0) {
      const made = make();
      i = this.keys.length;
      this.keys.push(key);
      this.pending.push({ code: made.code, severity: made.severity, path: made.path, verdict: made.verdict, message: made.message, rules: [] });
    }
    const gathered = (this.pending[i] as Pending).rules;
    for (const rule of rules) if (!gathered.some((r) => r.ruleId === rule.ruleId)) gathered.push(rule);
  }
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const entry of this.pending) {
      const rules = sortRules(entry.rules);
      const message = entry.message(rules.map((r) => r.ruleId));
      out.push(
        entry.verdict === undefined
          ? { code: entry.code, severity: entry.severity, message, path: entry.path, rules }
          : { code: entry.code, severity: entry.severity, message, path: entry.path, verdict: entry.verdict, rules },
      );
    }
    return out.sort(compareFindings);
  }
}

/** Sorts cited rules by rule id. */
function sortRules(rules: CitedRule[]): CitedRule[] {
  return rules.sort((a, b) => compareText(a.ruleId, b.ruleId));
}

function citedOf(statements: readonly CompiledStatement[]): CitedRule[] {
  const byId = new Map<string, CitedRule>();
  for (const s of statements) byId.set(s.id, s.cited);
  return sortRules([...byId.values()]);
}

const words = (rules: readonly CompiledStatement[]): say.RuleWords[] =>
  citedOf(rules).map((r) => ({ ruleId: r.ruleId, quote: r.citation.quote }));

// ------------------------------------------------------------------ closest statements

interface Closest {
  statement: CompiledStatement;
  miss: say.Miss;
  path: DocumentPath;
}

/** The permissions that match the flow in the most dimensions (at least two of four), with the first dimension each misses. */
function closestStatements(compiled: CompiledPolicy, flow: CheckableFlow, n: Numbers, index: number): Closest[] {
  const d = n.data[index] as number;
  let best = 2;
  let found: Closest[] = [];
  for (const s of compiled.statements) {
    if (s.modality !== "may" && s.modality !== "only-if") continue;
    const action = n.action >= 0 && s.action.covers[n.action] === 1;
    const data = d >= 0 && s.data.covers[d] === 1;
    const recipient = n.recipient >= 0 && s.recipient.covers[n.recipient] === 1;
    const purposes = purposesCovered(s.purpose, n.purposes);
    const score = Number(action) + Number(data) + Number(recipient) + Number(purposes);
    if (score < best || score === 4) continue;
    let miss: say.Miss;
    let path: DocumentPath;
    if (!recipient) {
      miss = { ruleId: s.id, dimension: "recipient", names: s.recipient.terms, flowTerm: flow.recipient };
      path = ["recipient"];
    } else if (!data) {
      miss = { ruleId: s.id, dimension: "data", names: s.data.terms, flowTerm: flow.data[index] as string };
      path = ["data", index];
    } else if (!purposes) {
      const j = n.purposes.findIndex((p) => p < 0 || s.purpose.covers[p] !== 1);
      miss = { ruleId: s.id, dimension: "purposes", names: s.purpose.terms, flowTerm: flow.purposes[j] as string };
      path = ["purposes", j];
    } else {
      miss = { ruleId: s.id, dimension: "action", names: s.action.terms, flowTerm: flow.action };
      path = ["action"];
    }
    if (score > best) {
      best = score;
      found = [];
    }
    found.push({ statement: s, miss, path });
  }
  return found.sort((a, b) => compareText(a.statement.id, b.statement.id)).slice(0, 3);
}

/** The statement with the smallest rule id, so that nothing depends on the order of statements. */
function firstById(statements: readonly CompiledStatement[]): CompiledStatement {
  let first = statements[0] as CompiledStatement;
  for (const s of statements) if (compareText(s.id, first.id) < 0) first = s;
  return first;
}

/** Where a vague flow is broader than the permission: the first of recipient, data, purposes it does not name exactly. */
function vaguePath(p: CompiledStatement, n: Numbers, index: number): DocumentPath {
  if (p.recipient.exact[n.recipient] !== 1) return ["recipient"];
  if (p.data.exact[n.data[index] as number] !== 1) return ["data", index];
  const j = p.purpose.any ? -1 : n.purposes.findIndex((x) => x < 0 || p.purpose.exact[x] !== 1);
  return j >= 0 ? ["purposes", j] : ["data", index];
}

// ------------------------------------------------------------------ the check

/** Everything a check decided, for `checkFlow` and `explainFlow`. */
export interface Decision {
  readonly numbers: Numbers;
  readonly categories: readonly CategoryDecision[];
  readonly worst: number;
  readonly result: FlowResult;
}

/**
 * Checks one flow against a compiled policy. The verdict is decided per data category and the
 * worst one is reported, naming the category. Unknown terms are reported (`unknown-term`) and
 * never match a statement, so a flow naming one is at best `omitted`.
 *
 * @example
 * const compiled = compilePolicy(pocketo);
 * checkFlow(compiled, {
 *   id: "chat-to-mistral", description: "Chat via Mistral", action: "share",
 *   data: ["communications"], recipient: "third-party", purposes: ["service-provision"],
 * }).verdict
 * //=> "vague"  (allowed only through broader terms)
 */
export function checkFlow(compiled: CompiledPolicy, flow: CheckableFlow): FlowResult {
  const cache = compiled.shapes;
  let node = cache.root;
  node = step(node, flow.action);
  node = step(node, flow.recipient);
  node = stepList(node, flow.data);
  node = stepList(node, flow.purposes);
  node = stepList(node, flow.conditions);
  node = stepList(node, flow.safeguards);
  node = step(node, flow.location ?? END);
  const audience = flow.audience;
  if (audience !== undefined) node = step(step(node, audience.minimumAge), audience.region ?? END);
  let shape = node.get(END) as Shape | undefined;
  if (shape === undefined) {
    shape = freezeShape(decide(compiled, flow).result);
    if (cache.entries >= SHAPE_LIMIT) {
      cache.root.clear();
      cache.entries = 0;
      return withId(flow.id, shape);
    }
    node.set(END, shape);
    cache.entries++;
  }
  return withId(flow.id, shape);
}

/** The per-shape part of a result: everything but the flow id. Frozen, shared by every flow of that shape. */
type Shape = Omit<FlowResult, "flowId">;

/** How many distinct flow shapes a compiled policy remembers before it starts over (a few MB at most). */
export const SHAPE_LIMIT = 10_000;
const END = Symbol("end");

function step(node: ShapeNode, key: string | number | symbol): ShapeNode {
  let next = node.get(key) as ShapeNode | undefined;
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}

function stepList(node: ShapeNode, list: readonly string[] | undefined): ShapeNode {
  if (list !== undefined) for (let i = 0; i < list.length; i++) node = step(node, list[i] as string);
  return step(node, END);
}

function freezeShape(result: FlowResult): Shape {
  for (const finding of result.findings) {
    Object.freeze(finding.rules);
    Object.freeze(finding.path);
    Object.freeze(finding);
  }
  Object.freeze(result.findings);
  Object.freeze(result.rules);
  if (result.closest !== undefined) Object.freeze(result.closest);
  return result;
}

function withId(flowId: string, shape: Shape): FlowResult {
  return shape.closest === undefined
    ? { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, message: shape.message }
    : { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, closest: shape.closest, message: shape.message };
}

/**
 * Checks flows in order; each result depends on its flow alone.
 *
 * @example
 * checkFlows(compiled, [signup, chat]).map((r) => r.verdict) //=> ["clear", "vague"]
 */
export function checkFlows(compiled: CompiledPolicy, flows: readonly CheckableFlow[]): FlowResult[] {
  const out = new Array<FlowResult>(flows.length);
  for (let i = 0; i < flows.length; i++) out[i] = checkFlow(compiled, flows[i] as CheckableFlow);
  return out;
}

/**
 * Checks a flow and keeps every intermediate decision (used by `explainFlow`).
 *
 * @example
 * decide(compiled, flow).categories.map((c) => VERDICT_ORDER[c.rank]) //=> ["clear", "omitted"]
 */
export function decide(compiled: CompiledPolicy, flow: CheckableFlow): Decision {
  const n = numberFlow(compiled, flow);
  if (flow.data.length === 0 || flow.purposes.length === 0) return emptyFlow(compiled, flow, n);
  const categories = new Array<CategoryDecision>(flow.data.length);
  let worst = 0;
  let needsFindings = n.unknown;
  for (let i = 0; i < flow.data.length; i++) {
    const c = decideCategory(compiled, n, i, flow.data[i] as string);
    categories[i] = c;
    if (c.rank > worst) worst = c.rank;
    if (c.unmetPermission !== undefined) needsFindings = true;
  }
  if (worst > CLEAR) needsFindings = true;

  // Requirements (`must`, `only-if`) that cover the flow, location and age: rare, looked at cheaply.
  const slot = n.action >= 0 && n.recipient >= 0 ? n.action * compiled.tables.recipient.size + n.recipient : -1;
  const requirements = slot >= 0 ? (compiled.requirements[slot] as readonly CompiledStatement[]) : NONE;
  if (!needsFindings) {
    if (flow.location !== undefined || flow.audience !== undefined) needsFindings = true;
    else {
      for (let i = 0; i < requirements.length && !needsFindings; i++) {
        const q = requirements[i] as CompiledStatement;
        if (q.locations.length > 0) needsFindings = true;
        else if (unmetCount(compiled, q, n) > 0 && coversAnyCategory(q, n)) needsFindings = true;
      }
    }
  }

  if (!needsFindings) {
    // Fast path: clear, and every requirement kept.
    const only = categories.length === 1 ? (categories[0] as CategoryDecision).deciding : undefined;
    const rules = only !== undefined && only.length === 1 ? (only[0] as CompiledStatement).citedAlone : citedOf(categories.flatMap((c) => c.deciding));
    const sentence = say.clearSentence(say.describeFlow(flow), compiled.label, rules);
    return { numbers: n, categories, worst, result: { flowId: flow.id, verdict: "clear", findings: NONE, rules, message: sentence } };
  }
  return { numbers: n, categories, worst, result: slowResult(compiled, flow, n, categories, worst, requirements) };
}

/** A flow without data categories or purposes (a manifest's schema refuses it; code may still build one). */
function emptyFlow(compiled: CompiledPolicy, flow: CheckableFlow, n: Numbers): Decision {
  const findings: Finding[] = [];
  if (flow.data.length === 0) findings.push({ code: "schema-invalid", severity: "error", message: say.emptyList("data"), path: ["data"], rules: NONE });
  if (flow.purposes.length === 0) findings.push({ code: "schema-invalid", severity: "error", message: say.emptyList("purposes"), path: ["purposes"], rules: NONE });
  const message = say.summary(say.verdictSentence("omitted", say.describeFlow(flow), compiled.label, NONE), findings.map((f) => f.message));
  return { numbers: n, categories: [], worst: OMITTED, result: { flowId: flow.id, verdict: "omitted", findings, rules: [], message } };
}

function coversAnyCategory(q: CompiledStatement, n: Numbers): boolean {
  if (!purposesCovered(q.purpose, n.purposes)) return false;
  for (const d of n.data) if (d >= 0 && q.data.covers[d] === 1) return true;
  return false;
}

function slowResult(
  compiled: CompiledPolicy,
  flow: CheckableFlow,
  n: Numbers,
  categories: readonly CategoryDecision[],
  worst: number,
  requirements: readonly CompiledStatement[],
): FlowResult {
  const out = new Collector();
  const t = compiled.tables;
  const verdict = VERDICT_ORDER[worst] as Verdict;

  // Unknown terms.
  const unknown = (kind: TermKind, id: string | undefined, path: DocumentPath) => {
    if (id === undefined || t[kind].index.has(id)) return;
    const message = say.unknownFlowTerm(kind, id, compiled.vocabulary.suggest(kind, id));
    out.add(`unknown|${path.join(".")}`, () => ({ code: "unknown-term", severity: "error", path, verdict: undefined, message: () => message }), NONE);
  };
  if (n.unknown) {
    unknown("action", flow.action, ["action"]);
    flow.data.forEach((id, i) => unknown("data", id, ["data", i]));
    unknown("recipient", flow.recipient, ["recipient"]);
    flow.purposes.forEach((id, i) => unknown("purpose", id, ["purposes", i]));
    (flow.conditions ?? []).forEach((id, i) => unknown("condition", id, ["conditions", i]));
    (flow.safeguards ?? []).forEach((id, i) => unknown("safeguard", id, ["safeguards", i]));
    unknown("location", flow.location, ["location"]);
    unknown("location", flow.audience?.region, ["audience", "region"]);
  }

  // The disclosure finding(s): the worst categories, grouped by the part of the flow to blame.
  const worstCategories = categories.filter((c) => c.rank === worst);
  const worstNames = worstCategories.map((c) => c.data);
  const flowWords = { action: flow.action, data: worstNames, recipient: flow.recipient, purposes: flow.purposes };
  const described = say.describeFlow(flowWords);
  let sentence: string;
  let deciding: CitedRule[];
  let closest: CitedRule[] | undefined;
  if (worst === OMITTED) {
    const near = worstCategories.map((c) => closestStatements(compiled, flow, n, c.index));
    const all = near.flat();
    const seen = new Set<string>();
    const misses = all.filter((c) => (seen.has(c.statement.id) ? false : (seen.add(c.statement.id), true)));
    misses.sort((a, b) => compareText(a.statement.id, b.statement.id));
    sentence = say.verdictSentence("omitted", described, compiled.label, NONE, misses.map((m) => m.miss));
    deciding = [];
    closest = citedOf(misses.map((m) => m.statement));
    worstCategories.forEach((c, k) => {
      const path = (near[k] as Closest[])[0]?.path ?? ["data", c.index];
      out.add(`disclosure|${path.join(".")}`, () => ({ code: "flow-omitted", severity: "error", path, verdict: "omitted", message: () => sentence }), NONE);
    });
  } else {
    const decidingStatements = worstCategories.flatMap((c) => c.deciding);
    deciding = citedOf(decidingStatements);
    const hits = worstCategories.flatMap((c) => c.hits);
    const allowing = worstCategories.flatMap((c) => (worst === AMBIGUOUS ? c.uncarved : c.deciding));
    sentence = say.verdictSentence(verdict, described, compiled.label, words(allowing), NONE, words(hits));
    if (worst > CLEAR) {
      for (const c of worstCategories) {
        const path = worst === VAGUE ? vaguePath(firstById(c.deciding), n, c.index) : ["data", c.index];
        const code = CODE_BY_RANK[worst] as FindingCode;
        const severity = SEVERITY_BY_RANK[worst] as Severity;
        const message = `${sentence}${say.categoryNote(flow.data, [c.data])}`;
        out.add(`disclosure|${path.join(".")}`, () => ({ code, severity, path, verdict, message: () => message }), citedOf(c.deciding));
      }
    }
  }

  // Conditions and safeguards: of the permission that allows the flow, and of every covering requirement.
  const requirementOf = (s: CompiledStatement) => {
    s.conditions.forEach((c) => {
      if (declares(t.condition, n.conditions, c)) return;
      const term = t.condition.ids[c] as string;
      out.add(`condition|${term}`, () => ({ code: "condition-unmet", severity: "error", path: ["conditions"], verdict: undefined, message: (ids) => say.requirementMissing("condition", term, ids) }), s.citedAlone);
    });
    s.safeguards.forEach((g) => {
      if (declares(t.safeguard, n.safeguards, g)) return;
      const term = t.safeguard.ids[g] as string;
      out.add(`safeguard|${term}`, () => ({ code: "safeguard-missing", severity: "error", path: ["safeguards"], verdict: undefined, message: (ids) => say.requirementMissing("safeguard", term, ids) }), s.citedAlone);
    });
  };
  for (const c of categories) {
    if (c.unmetPermission !== undefined) requirementOf(c.unmetPermission);
    const d = n.data[c.index] as number;
    if (d < 0) continue;
    for (const q of requirements) {
      if (q.data.covers[d] === 1 && purposesCovered(q.purpose, n.purposes)) requirementOf(q);
    }
  }

  // Location: where a covering statement or the policy says data goes.
  if (flow.location !== undefined && n.location >= 0) {
    const loc = n.location;
    const within = (list: readonly number[]) => list.some((l) => l >= 0 && t.location.below[loc * t.location.size + l] === 1);
    for (const c of categories) {
      const d = n.data[c.index] as number;
      // Requirements (`must`, `only-if`) with locations bind: an error.
      for (const q of requirements) {
        if (q.locations.length === 0 || d < 0 || q.data.covers[d] !== 1 || !purposesCovered(q.purpose, n.purposes) || within(q.locations)) continue;
        const allowed = q.statement.locations;
        out.add(`location-required|${q.id}`, () => ({ code: "location-undisclosed", severity: "error", path: ["location"], verdict: undefined, message: (ids) => say.locationUndisclosed(flow.location as string, allowed, ids, NONE, compiled.label, true) }), q.citedAlone);
      }
      // Disclosure: a warning when neither the allowing statements nor the policy's storage locations name the place.
      const allowing = c.rank === AMBIGUOUS ? c.uncarved : c.rank <= VAGUE ? c.deciding : NONE;
      const withLocations = allowing.filter((p) => p.locations.length > 0);
      if (withLocations.some((p) => within(p.locations)) || within(compiled.storageLocations)) continue;
      if (withLocations.length === 0 && compiled.storageLocations.length === 0) continue;
      const allowed = [...new Set(withLocations.flatMap((p) => p.statement.locations))].sort(compareText);
      const storage = compiled.policy.storageLocations;
      out.add(`location|disclosed`, () => ({ code: "location-undisclosed", severity: "warning", path: ["location"], verdict: undefined, message: (ids) => say.locationUndisclosed(flow.location as string, allowed, ids, storage, compiled.label) }), citedOf(withLocations));
    }
  }

  // Age: every limit whose region the audience overlaps; a limit without a region applies unless a regional one covers the audience.
  if (flow.audience !== undefined) {
    const { minimumAge, region } = flow.audience;
    const r = numberOf(t.location, region);
    const size = t.location.size;
    const related = (x: number, y: number) => x >= 0 && y >= 0 && (t.location.below[x * size + y] === 1 || t.location.below[y * size + x] === 1);
    const regional = compiled.ageLimits.filter((a) => a.region >= 0);
    const coveredByRegional = r >= 0 && regional.some((a) => t.location.below[r * size + a.region] === 1);
    for (const a of compiled.ageLimits) {
      const applies = a.region < 0 ? !coveredByRegional : region === undefined || related(r, a.region);
      if (!applies || minimumAge >= a.limit.minimumAge) continue;
      const message = say.ageLimitBroken(minimumAge, region, a.limit.minimumAge, a.limit.region, a.limit.id);
      out.add(`age|${a.limit.id}`, () => ({ code: "age-limit", severity: "error", path: ["audience", "minimumAge"], verdict: undefined, message: () => message }), [a.cited]);
    }
  }

  const findings = out.findings();
  const others = findings.filter((f) => f.code !== CODE_BY_RANK[worst]).map((f) => f.message);
  const message = say.summary(sentence, others);
  return closest === undefined
    ? { flowId: flow.id, verdict, findings, rules: deciding, message }
    : { flowId: flow.id, verdict, findings, rules: deciding, closest, message };
}
