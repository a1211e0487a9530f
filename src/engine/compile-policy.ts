/**
 * Compiling a policy as written: validate it, then compile it. Apart from the compiler
 * (compile.ts) so that checking a policy known valid (the bundled ones, in `pledge lint`)
 * loads no schema library.
 */
import type { Policy } from "../model/policy.js";
import { validatePolicy } from "../policy/validate.js";
import { compileValidated, type CompiledPolicy } from "./compile.js";
import { PolicyInvalidError } from "./errors.js";

/**
 * Validates a policy and compiles it for checking ({@link compileValidated}). Throws
 * {@link PolicyInvalidError} (carrying the findings) when the policy is not valid: compiling is
 * an edge, like loading a file.
 *
 * @example
 * import { compilePolicy, checkFlow, pocketo } from "privacy-pledge";
 * const compiled = compilePolicy(pocketo);
 * checkFlow(compiled, {
 *   id: "signup", description: "Sign-up form", action: "collect",
 *   data: ["email-address"], recipient: "first-party", purposes: ["account-management"],
 * }).verdict
 * //=> "clear"
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const validation = validatePolicy(policy);
  if (!validation.ok) throw new PolicyInvalidError(policy, validation.findings);
  return compileValidated(validation.policy, validation.vocabulary);
}
