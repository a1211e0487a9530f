import type { FlowInput } from "../model/manifest.js";
import type { Policy } from "../model/policy.js";
import { checkFlow, checkFlowForErrors, type CheckableFlow } from "./check.js";
import type { CompiledPolicy } from "./compile.js";
import { compilePolicy } from "./compile-policy.js";
import { PolicyViolationError } from "./errors.js";
import type { FlowResult } from "./result.js";

/**
 * The flow type a guard over `P` accepts: a bundled policy's own flow type (so that a term the
 * policy does not define fails to compile), or `FlowInput` for a policy loaded at run time.
 */
export type GuardFlow<P> = P extends { readonly __flow?: infer F } ? (unknown extends F ? FlowInput : F) : FlowInput;

/** Checks flows against one policy, compiled once. */
export interface Guard<F> {
  readonly compiled: CompiledPolicy;
  /** The result for a flow; never throws for a flow of the right shape (unknown terms become findings). */
  check(flow: F): FlowResult;
  /** The result when the flow has no error finding (a `vague` flow passes with its warning); throws {@link PolicyViolationError} otherwise. */
  assert(flow: F): FlowResult;
}

/**
 * Creates a guard for a policy: compiles it once, then checks flows in microseconds. With a
 * bundled policy (`pocketo`, `pomeg`, `polus`) `check` takes that policy's flow type, so a
 * misspelt or foreign term is a compile error; with a policy loaded at run time it takes
 * `FlowInput` and reports unknown terms as `unknown-term` findings.
 *
 * @example
 * import { createGuard, pocketo } from "privacy-pledge";
 * const guard = createGuard(pocketo);
 * guard.check({
 *   id: "signup", description: "Sign-up", action: "collect",
 *   data: ["email-address"], recipient: "first-party", purposes: ["account-management"],
 * }).verdict //=> "clear"
 * guard.assert({ ...flow, recipient: "data-broker", action: "sell" }) // throws PolicyViolationError
 */
export function createGuard<P extends Policy>(policy: P): Guard<GuardFlow<P>> {
  const compiled = compilePolicy(policy);
  return {
    compiled,
    check: (flow) => checkFlow(compiled, flow as unknown as CheckableFlow),
    assert: (flow) => {
      const { result, violation } = checkFlowForErrors(compiled, flow as unknown as CheckableFlow);
      if (violation) throw new PolicyViolationError(result);
      return result;
    },
  };
}
