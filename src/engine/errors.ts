import type { Finding } from "../findings.js";
import type { Policy } from "../model/policy.js";
import type { FlowResult } from "./result.js";

/**
 * Thrown by `guard.assert(flow)` when the flow breaks the policy (any finding of severity
 * `error`). Carries the full result; the message is the result's message.
 *
 * @example
 * try { guard.assert(flow) } catch (error) {
 *   if (error instanceof PolicyViolationError) console.log(error.result.verdict) //=> "incorrect"
 * }
 */
export class PolicyViolationError extends Error {
  override readonly name = "PolicyViolationError" as const;
  readonly result: FlowResult;

  constructor(result: FlowResult, options?: { cause?: unknown }) {
    super(result.message, options);
    this.result = result;
  }
}

/**
 * Thrown by `compilePolicy` and `createGuard` when the policy itself is not valid (its shape,
 * its vocabulary or the terms its rules name). Carries the findings as data.
 *
 * @example
 * try { compilePolicy({ ...pomeg, statements: [{ ...pomeg.statements[0], data: ["nope"] }] }) }
 * catch (error) { error instanceof PolicyInvalidError && error.findings[0].code } //=> "unknown-term"
 */
export class PolicyInvalidError extends Error {
  override readonly name = "PolicyInvalidError" as const;
  readonly findings: readonly Finding[];

  constructor(policy: unknown, findings: readonly Finding[], options?: { cause?: unknown }) {
    const id = typeof policy === "object" && policy !== null && "id" in policy ? String((policy as Pick<Policy, "id">).id) : "(no id)";
    const first = findings[0];
    super(`the policy "${id}" is not valid: ${findings.length} problem(s)${first ? `, first: ${first.message}` : ""}`, options);
    this.findings = findings;
  }
}
