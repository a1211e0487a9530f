import { baseVocabulary } from "../generated/base-vocabulary.js";
import type { Policy } from "../model/policy.js";
import type { Term } from "../model/terms.js";

/**
 * The terms a policy's statements may name: the base vocabulary's, followed by the policy's own.
 *
 * @example
 * policyTerms(pomeg).length > pomeg.vocabulary.length //=> true
 */
export function policyTerms(policy: Pick<Policy, "vocabulary">): Term[] {
  return [...baseVocabulary, ...policy.vocabulary];
}
