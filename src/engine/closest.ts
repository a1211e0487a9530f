/**
 * Where the blame lies when a flow is not clear: the permissions that come closest to an omitted
 * flow, and the part of a vague flow that is broader than the permission. Data, not wording.
 */
import type { DocumentPath } from "../findings.js";
import { compareText } from "../order.js";
import type { CompiledPolicy, CompiledStatement } from "./compile.js";
import type { CheckableFlow, FlowTerms } from "./flow-terms.js";
import type { Miss } from "./messages.js";
import { purposesCovered } from "./relations.js";

/** A permission close to an omitted flow, the first dimension it misses, and where that is in the flow. */
export interface Closest {
  readonly statement: CompiledStatement;
  readonly miss: Miss;
  readonly path: DocumentPath;
}

/**
 * The permissions that match an omitted category in the most dimensions (at least two of four),
 * with the first dimension each misses; at most three, by rule id.
 *
 * @example
 * closestStatements(compiled, flow, terms, 0).map((c) => c.miss.dimension) //=> ["recipient"] (the vendor is not named)
 */
export function closestStatements(compiled: CompiledPolicy, flow: CheckableFlow, n: FlowTerms, index: number): Closest[] {
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
    let miss: Miss;
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

/**
 * The statement with the smallest rule id, so that nothing depends on the order of statements.
 *
 * @example
 * firstById([s3Openai, s2Ai]).id //=> "s2-ai"
 */
export function firstById(statements: readonly CompiledStatement[]): CompiledStatement {
  let first = statements[0] as CompiledStatement;
  for (const s of statements) if (compareText(s.id, first.id) < 0) first = s;
  return first;
}

/**
 * Where a vague flow is broader than the permission: the first of recipient, data, purposes it
 * does not name exactly.
 *
 * @example
 * vaguePath(s3AiProviders, termsFor({ recipient: "openai" }), 0) //=> ["recipient"]
 */
export function vaguePath(p: CompiledStatement, n: FlowTerms, index: number): DocumentPath {
  if (p.recipient.exact[n.recipient] !== 1) return ["recipient"];
  if (p.data.exact[n.data[index] as number] !== 1) return ["data", index];
  const j = p.purpose.any ? -1 : n.purposes.findIndex((x) => x < 0 || p.purpose.exact[x] !== 1);
  return j >= 0 ? ["purposes", j] : ["data", index];
}
