import { bundledPolicyBuilders } from "../generated/builders.js";
import { buildVocabulary } from "../vocabulary/vocabulary.js";
import { policyTerms } from "./terms.js";
import type { PolicyValidation } from "./validate.js";

const cache = new Map<string, PolicyValidation>();

/** The ids of the bundled policies, sorted. */
export const BUNDLED_POLICY_IDS: readonly string[] = Object.keys(bundledPolicyBuilders).sort();

/**
 * Looks up a bundled policy by id, with its vocabulary built once. Only that policy is built: a
 * program checking against one policy builds neither other (src/generated/builders.ts).
 *
 * A bundled policy is not validated again: `npm run generate` wrote it from `validatePolicy`'s
 * own output and refuses a policy that does not validate, or whose validated form differs from
 * what it writes (and `npm test` fails when the generated files are stale). So `pledge lint`
 * does no schema work for the policy it checks against, which is most of its start-up.
 *
 * @example
 * resolveBundledPolicy("pomeg").ok   //=> true
 * resolveBundledPolicy("acme")
 * //=> { ok: false, message: 'unknown policy "acme"; the bundled policies are pocketo, polus, pomeg' }
 */
export function resolveBundledPolicy(id: string): PolicyValidation | { ok: false; message: string } {
  if (!Object.hasOwn(bundledPolicyBuilders, id)) {
    return { ok: false, message: `unknown policy "${id}"; the bundled policies are ${BUNDLED_POLICY_IDS.join(", ")}` };
  }
  let result = cache.get(id);
  if (!result) {
    const policy = bundledPolicyBuilders[id as keyof typeof bundledPolicyBuilders]();
    const built = buildVocabulary(policyTerms(policy));
    if (!built.ok) throw new Error(`the bundled policy ${id} has an invalid vocabulary: run npm run generate`);
    result = { ok: true, policy, vocabulary: built.vocabulary };
    cache.set(id, result);
  }
  return result;
}
