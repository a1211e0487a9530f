import type { CitedRule, Verdict } from "../findings.js";
import type { Modality } from "../model/policy.js";
import type { TermKind } from "../model/terms.js";
import { compareText } from "../order.js";
import { argumentProblem, invalidResult } from "./arguments.js";
import type { CompiledDimension, CompiledPolicy, CompiledStatement, TermTable } from "./compile.js";
import { decide } from "./decide.js";
import type { CategoryDecision } from "./decision.js";
import type { CheckableFlow, FlowTerms } from "./flow-terms.js";
import * as say from "./messages.js";
import { binds, exempt, isExact, purposesOutside, purposesRelated } from "./relations.js";
import { toFlowResult } from "./report.js";
import type { FlowResult } from "./result.js";

/** A flow's term with every term above it in the vocabulary. */
export interface TermExpansion {
  readonly term: string;
  readonly known: boolean;
  /** The term and every term above it, sorted. */
  readonly ancestors: readonly string[];
}

/** What a statement does to the flow. */
export type StatementOutcome = "covers-exactly" | "covers" | "carved-out" | "contradicted" | "hits" | "exempt" | "requires" | "no-match";

/**
 * How a flow's term relates to a statement's terms: named by it, below or above one of them,
 * neither, `any` when the statement names none, `unknown` when the policy lacks the term.
 */
export type Relation = "equal" | "below" | "above" | "unrelated" | "any" | "unknown";

/** How one term of the flow relates to one dimension of a statement. */
export interface TermRelation {
  readonly dimension: "action" | "data" | "recipient" | "purpose";
  readonly term: string;
  readonly relation: Relation;
  /** The statement's terms the relation holds with: those above the term for `below`, those below it for `above`, all of them otherwise. */
  readonly terms: readonly string[];
}

/** One statement considered for one data category of a flow. */
export interface StatementConsideration {
  readonly ruleId: string;
  readonly modality: Modality;
  readonly outcome: StatementOutcome;
  /** For `carved-out`, the restrictions that carve the statement out; for `contradicted`, those that rule the flow out; else empty. */
  readonly others: readonly string[];
  /** Whether the statement is among those that decided the verdict. */
  readonly deciding: boolean;
  /** How the flow's action, data category, recipient and each purpose relate to the statement's terms. */
  readonly relations: readonly TermRelation[];
  /** The policy's purpose limit, when the statement names no purpose and takes the limit's. */
  readonly purposeLimit?: string;
  /** The outcome in words. */
  readonly summary: string;
  /** The relations in words, with a line for the purpose limit. */
  readonly reasons: readonly string[];
  readonly rule: CitedRule;
}

/** The reasoning for one data category. */
export interface CategoryExplanation {
  readonly index: number;
  readonly data: string;
  readonly verdict: Verdict;
  /** Every statement of the policy, sorted by rule id. */
  readonly statements: readonly StatementConsideration[];
}

/** The full reasoning behind a flow's result, for `pledge explain`. */
export interface FlowExplanation {
  readonly flowId: string;
  readonly result: FlowResult;
  readonly terms: {
    readonly action: TermExpansion;
    readonly data: readonly TermExpansion[];
    readonly recipient: TermExpansion;
    readonly purposes: readonly TermExpansion[];
    readonly conditions: readonly TermExpansion[];
    readonly safeguards: readonly TermExpansion[];
    readonly location?: TermExpansion;
  };
  readonly categories: readonly CategoryExplanation[];
}

function expand(compiled: CompiledPolicy, kind: TermKind, term: string): TermExpansion {
  const known = compiled.vocabulary.has(kind, term);
  return { term, known, ancestors: known ? compiled.vocabulary.ancestors(kind, term) : [term] };
}

/** How a flow term relates to a statement's dimension; an unknown term to none, as in the decision. */
function relation(dim: CompiledDimension, t: number): Relation {
  if (t < 0) return "unknown";
  if (dim.any) return "any";
  if (dim.exact[t] === 1) return "equal";
  if (dim.covers[t] === 1) return "below";
  if (dim.related[t] === 1) return "above";
  return "unrelated";
}

/** The relation of term `t` (written `term`) to a statement's dimension, naming only the statement's terms it holds with. */
function relate(table: TermTable, dimension: TermRelation["dimension"], term: string, dim: CompiledDimension, t: number): TermRelation {
  const r = relation(dim, t);
  const { below, size } = table;
  const named = r === "below" ? dim.numbers.filter((s) => below[t * size + s] === 1) : r === "above" ? dim.numbers.filter((s) => below[s * size + t] === 1) : dim.numbers;
  return { dimension, term, relation: r, terms: named.map((s) => table.ids[s] as string) };
}

/**
 * Explains a flow's result: its terms expanded up the vocabulary, every statement of the policy
 * with how each dimension of the flow relates to it and what it does (covers, hits, is carved
 * out, does not apply), and which statements decided. Slower than `checkFlow`; for people.
 * Arguments of the wrong type are answered as `checkFlow` answers them, with no terms or categories.
 *
 * @example
 * const why = explainFlow(compilePolicy(pomeg), flow);
 * why.terms.recipient.ancestors //=> ["ai-model-provider", "processor", "third-party"]
 * why.categories[0].statements.filter((s) => s.deciding).map((s) => s.ruleId) //=> ["s3-meta-no-sharing", "s4-service-providers"]
 */
export function explainFlow(compiled: CompiledPolicy, flow: CheckableFlow): FlowExplanation {
  const problem = argumentProblem(compiled, flow);
  if (problem !== undefined) {
    const result = invalidResult(flow, problem);
    const none: TermExpansion = { term: "", known: false, ancestors: [] };
    return { flowId: result.flowId, result, terms: { action: none, data: [], recipient: none, purposes: [], conditions: [], safeguards: [] }, categories: [] };
  }
  const decision = decide(compiled, flow);
  const result = toFlowResult(compiled, flow, decision);
  const n = decision.terms;
  const t = compiled.tables;
  const decidingIds = new Set(result.rules.map((r) => r.ruleId));
  const sorted = [...compiled.statements].sort((a, b) => compareText(a.id, b.id));
  const categories = decision.categories.map((c): CategoryExplanation => {
    const d = n.data[c.index] as number;
    const statements = sorted.map((s): StatementConsideration => {
      const relations = [
        relate(t.action, "action", flow.action, s.action, n.action),
        relate(t.data, "data", c.data, s.data, d),
        relate(t.recipient, "recipient", flow.recipient, s.recipient, n.recipient),
        ...flow.purposes.map((p, j) => relate(t.purpose, "purpose", p, s.purpose, n.purposes[j] as number)),
      ];
      const limit = s.purposesFrom === "purpose-limit" ? compiled.policy.purposeLimit?.id : undefined;
      const { outcome, others } = outcomeOf(compiled, s, c, n);
      return {
        ruleId: s.id,
        modality: s.modality,
        outcome,
        others,
        deciding: decidingIds.has(s.id) && c.deciding.includes(s),
        relations,
        ...(limit !== undefined ? { purposeLimit: limit } : {}),
        summary: say.outcomeLine(s.modality, outcome, others),
        reasons: [...relations.map((r) => say.relationLine(r.dimension, r.term, r.relation, r.terms)), ...(limit !== undefined ? [say.purposeLimitLine(limit)] : [])],
        rule: s.cited,
      };
    });
    return { index: c.index, data: c.data, verdict: c.verdict, statements };
  });
  const terms = {
    action: expand(compiled, "action", flow.action),
    data: flow.data.map((x) => expand(compiled, "data", x)),
    recipient: expand(compiled, "recipient", flow.recipient),
    purposes: flow.purposes.map((x) => expand(compiled, "purpose", x)),
    conditions: (flow.conditions ?? []).map((x) => expand(compiled, "condition", x)),
    safeguards: (flow.safeguards ?? []).map((x) => expand(compiled, "safeguard", x)),
    ...(flow.location === undefined ? {} : { location: expand(compiled, "location", flow.location) }),
  };
  return { flowId: flow.id, result, terms, categories };
}

/** What a statement does to one category, read from the decision record; requirements and exemptions, which the verdict does not record, from `relations.ts`. */
function outcomeOf(compiled: CompiledPolicy, s: CompiledStatement, c: CategoryDecision, n: FlowTerms): { outcome: StatementOutcome; others: string[] } {
  const d = n.data[c.index] as number;
  if (c.hits.includes(s)) return { outcome: "hits", others: [] };
  if (c.covering.includes(s)) {
    const carved = c.carved.find((x) => x.permission === s);
    if (carved !== undefined) return { outcome: "carved-out", others: carved.by.map((m) => m.id).sort(compareText) };
    if (c.hits.length > 0) return { outcome: "contradicted", others: c.hits.map((m) => m.id).sort(compareText) };
    return { outcome: isExact(s, d, n) ? "covers-exactly" : "covers", others: [] };
  }
  const act = n.action >= 0 && s.action.covers[n.action] === 1;
  if ((s.modality === "must" || s.modality === "only-if") && act && n.recipient >= 0 && s.recipient.covers[n.recipient] === 1) {
    if (binds(s, d, n, "conditions") || binds(s, d, n, "safeguards")) return { outcome: "requires", others: [] };
  }
  if ((s.modality === "must-not" || s.modality === "only-for") && act && n.recipient >= 0 && s.recipient.related[n.recipient] === 1 && d >= 0 && s.data.related[d] === 1) {
    const purposes = s.modality === "only-for" ? purposesOutside(s.purpose, n.purposes).length > 0 : purposesRelated(s.purpose, n.purposes);
    if (purposes && exempt(compiled, s, n)) return { outcome: "exempt", others: [] };
  }
  return { outcome: "no-match", others: [] };
}
