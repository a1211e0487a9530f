import { describe, expect, it } from "vitest";
import { bundledPolicies } from "../../src/generated/index.js";
import { TERM_KINDS } from "../../src/model/terms.js";
import { BUNDLED_POLICY_IDS, resolveBundledPolicy } from "../../src/policy/registry.js";
import { validatePolicy } from "../../src/policy/validate.js";

// The registry trusts the bundled policies (npm run generate validated them); this is what it trusts.
describe("bundled policies, as the registry serves them without validating", () => {
  it.each(BUNDLED_POLICY_IDS)("%s is what validatePolicy makes of it", (id) => {
    const served = resolveBundledPolicy(id);
    const validated = validatePolicy(bundledPolicies[id as keyof typeof bundledPolicies]);
    if (!served.ok || !validated.ok) throw new Error(`${id} does not validate`);
    expect(served.policy).toEqual(validated.policy);
    for (const kind of TERM_KINDS) {
      expect(served.vocabulary.ids(kind)).toEqual(validated.vocabulary.ids(kind));
      for (const term of validated.vocabulary.ids(kind)) expect(served.vocabulary.ancestors(kind, term)).toEqual(validated.vocabulary.ancestors(kind, term));
    }
  });

  it("an unknown id names the bundled ones", () => {
    expect(resolveBundledPolicy("acme")).toEqual({ ok: false, message: 'unknown policy "acme"; the bundled policies are pocketo, polus, pomeg' });
  });
});
