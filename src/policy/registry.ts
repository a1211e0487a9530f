import { bundledPolicies } from "../generated/index.js";
import { validatePolicy, type PolicyValidation } from "./validate.js";

const cache = new Map<string, PolicyValidation>();

/** The ids of the bundled policies, sorted. */
export const BUNDLED_POLICY_IDS: readonly string[] = Object.keys(bundledPolicies).sort();

/**
 * Looks up a bundled policy by id and validates it once.
 *
 * @example
 * resolveBundledPolicy("pomeg").ok   //=> true
 * resolveBundledPolicy("acme")
 * //=> { ok: false, message: 'unknown policy "acme"; the bundled policies are pocketo, polus, pomeg' }
 */
export function resolveBundledPolicy(id: string): PolicyValidation | { ok: false; message: string } {
  if (!Object.hasOwn(bundledPolicies, id)) {
    return { ok: false, message: `unknown policy "${id}"; the bundled policies are ${BUNDLED_POLICY_IDS.join(", ")}` };
  }
  let result = cache.get(id);
  if (!result) {
    result = validatePolicy(bundledPolicies[id as keyof typeof bundledPolicies]);
    cache.set(id, result);
  }
  return result;
}
