import type { Finding } from "../findings.js";
import type { Policy } from "../model/policy.js";
import type { FlowResult } from "./result.js";

// The ESM and CommonJS builds each hold their own copy of these classes, so an error thrown by one
// would fail `instanceof` against the other's class. Each class therefore brands its prototype
// with a key from the global symbol registry, the same in both builds, and `instanceof` checks the
// brand. A subclass keeps the ordinary prototype check.
const VIOLATION: unique symbol = Symbol.for("privacy-pledge.PolicyViolationError");
const INVALID: unique symbol = Symbol.for("privacy-pledge.PolicyInvalidError");

/** Whether `value` carries `brand` (through its prototype chain). */
const branded = (value: unknown, brand: symbol): boolean => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;

/**
 * Thrown by `guard.assert(flow)` when the flow breaks the policy (any finding of severity
 * `error`). Carries the full result; the message is the result's message. `instanceof` holds
 * across the ESM and CommonJS builds.
 *
 * @example
 * try { guard.assert(flow) } catch (error) {
 *   if (error instanceof PolicyViolationError) console.log(error.result.verdict) //=> "incorrect"
 * }
 */
export class PolicyViolationError extends Error {
  /** `instanceof PolicyViolationError`: an error from either build (a subclass: its own prototype check). */
  static override [Symbol.hasInstance](value: unknown): value is PolicyViolationError {
    return this === PolicyViolationError ? branded(value, VIOLATION) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  override readonly name = "PolicyViolationError" as const;
  readonly result: FlowResult;

  /** The brand `instanceof` checks, on the prototype. */
  get [VIOLATION](): true {
    return true;
  }

  constructor(result: FlowResult, options?: { cause?: unknown }) {
    super(result.message, options);
    this.result = result;
  }
}

/**
 * Thrown by `compilePolicy` and `createGuard` when the policy itself is not valid (its shape,
 * its vocabulary or the terms its rules name). Carries the findings as data. `instanceof` holds
 * across the ESM and CommonJS builds.
 *
 * @example
 * try { compilePolicy({ ...pomeg, statements: [{ ...pomeg.statements[0], data: ["nope"] }] }) }
 * catch (error) { error instanceof PolicyInvalidError && error.findings[0].code } //=> "unknown-term"
 */
export class PolicyInvalidError extends Error {
  /** `instanceof PolicyInvalidError`: an error from either build (a subclass: its own prototype check). */
  static override [Symbol.hasInstance](value: unknown): value is PolicyInvalidError {
    return this === PolicyInvalidError ? branded(value, INVALID) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  override readonly name = "PolicyInvalidError" as const;
  readonly findings: readonly Finding[];

  /** The brand `instanceof` checks, on the prototype. */
  get [INVALID](): true {
    return true;
  }

  constructor(policy: unknown, findings: readonly Finding[], options?: { cause?: unknown }) {
    const id = typeof policy === "object" && policy !== null && "id" in policy ? String((policy as Pick<Policy, "id">).id) : "(no id)";
    const first = findings[0];
    super(`the policy "${id}" is not valid: ${findings.length} problem(s)${first ? `, first: ${first.message}` : ""}`, options);
    this.findings = findings;
  }
}
