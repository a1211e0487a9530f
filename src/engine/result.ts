import type { CitedRule, Finding, Verdict } from "../findings.js";

/**
 * What a check says about one flow, as plain data: the verdict, the findings (paths relative to
 * the flow, such as `["recipient"]` or `["data", 1]`), the statements that decided it with their
 * citations, and a message a developer understands without reading the policy.
 */
export interface FlowResult {
  readonly flowId: string;
  readonly verdict: Verdict;
  /** Sorted by path, then code, then message. Empty when the flow is `clear` and keeps every requirement. */
  readonly findings: readonly Finding[];
  /** The statements that decided the verdict, sorted by rule id. */
  readonly rules: readonly CitedRule[];
  /** For an `omitted` flow: the statements that come closest to disclosing it, sorted by rule id. */
  readonly closest?: readonly CitedRule[];
  readonly message: string;
}

/** Verdicts from best to worst; a flow with several data categories takes its worst one. */
export const VERDICT_ORDER: readonly Verdict[] = ["clear", "vague", "omitted", "ambiguous", "incorrect"];

/**
 * The rank of a verdict in {@link VERDICT_ORDER}: 0 for `clear` up to 4 for `incorrect`.
 *
 * @example
 * verdictRank("vague") //=> 1
 * verdictRank("incorrect") > verdictRank("ambiguous") //=> true
 */
export function verdictRank(verdict: Verdict): number {
  return VERDICT_ORDER.indexOf(verdict);
}

/**
 * Whether a result has a finding of severity `error` (what `guard.assert` throws on).
 *
 * @example
 * isViolation({ flowId: "a", verdict: "vague", findings: [{ severity: "warning", … }], rules: [], message: "" }) //=> false
 */
export function isViolation(result: FlowResult): boolean {
  for (const finding of result.findings) if (finding.severity === "error") return true;
  return false;
}
