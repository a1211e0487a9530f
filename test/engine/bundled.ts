import { expect } from "vitest";
import type { FindingCode, FlowResult, Verdict } from "../../src/index.js";

/** One realistic flow of an application, with what the engine must say about it. */
export interface Case<F> {
  readonly flow: F;
  readonly verdict: Verdict;
  /** The finding codes, sorted, one per finding. */
  readonly codes: readonly FindingCode[];
  /** Rule ids that must be among the deciding statements. */
  readonly rules?: readonly string[];
  readonly why: string;
}

/** Checks a case and returns the result for further assertions. */
export function expectCase<F>(check: (flow: F) => FlowResult, c: Case<F>): FlowResult {
  const result = check(c.flow);
  expect({ verdict: result.verdict, codes: result.findings.map((f) => f.code).sort() }, result.message).toEqual({ verdict: c.verdict, codes: [...c.codes].sort() });
  for (const rule of c.rules ?? []) expect(result.rules.map((r) => r.ruleId), result.message).toContain(rule);
  return result;
}

/** Every verdict and flow finding kind the cases cover, to assert coverage. */
export function covered<F>(cases: readonly Case<F>[]): { verdicts: Set<Verdict>; codes: Set<FindingCode> } {
  return { verdicts: new Set(cases.map((c) => c.verdict)), codes: new Set(cases.flatMap((c) => c.codes)) };
}
