import { describe, expect, it } from "vitest";
import { analyzePolicy, compilePolicy, createGuard, explainFlow, pomeg } from "../../src/index.js";
import { covered, expectCase } from "./bundled.js";
import { cases } from "./pomeg.cases.js";

// Pomeg AI: social-media management, AI replies to comments and DMs, CRM, AI phone agent.
const guard = createGuard(pomeg);

describe("Pomeg AI: realistic flows", () => {
  it.each(cases.map((c) => [c.flow.id, c] as const))("%s", (_, c) => {
    expectCase(guard.check, c);
  });

  it("names the worst data category of a multi-category flow", () => {
    const result = guard.check(cases.find((c) => c.flow.id === "dm-context")!.flow);
    expect(result.findings[0]?.path).toEqual(["data", 1]);
    expect(result.findings[0]?.message).toContain('(data category "meta-direct-messages")');
  });

  it("explains the Meta contradiction in words a developer understands", () => {
    const result = guard.check(cases.find((c) => c.flow.id === "ai-comment-reply")!.flow);
    expect(result.message).toMatch(/^sharing "meta-comments" with "openai" for "ai-comment-replies" is both allowed \(s4-service-providers\) and ruled out \(s3-meta-no-sharing/);
  });

  it("explainFlow shows the contradiction statement by statement", () => {
    const why = explainFlow(compilePolicy(pomeg), cases.find((c) => c.flow.id === "ai-comment-reply")!.flow);
    expect(why.terms.recipient.ancestors).toEqual(expect.arrayContaining(["openai", "ai-model-provider", "processor", "third-party"]));
    const byId = Object.fromEntries(why.categories[0]!.statements.map((s) => [s.ruleId, s]));
    expect(byId["s4-service-providers"]).toMatchObject({ outcome: "contradicted", deciding: true });
    expect(byId["s3-meta-no-sharing"]).toMatchObject({ outcome: "hits", deciding: true });
    expect(byId["s3-meta-no-sharing"]!.reasons).toContain('recipient "openai" is below "third-party"');
  });

  it("covers every verdict and flow finding the policy makes possible", () => {
    const { verdicts, codes } = covered(cases);
    expect([...verdicts].sort()).toEqual(["ambiguous", "clear", "incorrect", "omitted", "vague"]);
    // Pomeg sets no age limit: `age-limit` cannot occur.
    expect(pomeg.ageLimits).toEqual([]);
    expect([...codes].sort()).toEqual(["condition-unmet", "flow-ambiguous", "flow-incorrect", "flow-omitted", "flow-vague", "location-undisclosed", "safeguard-missing"]);
  });

  it("an unknown term at run time is reported, not a crash", () => {
    const loose = createGuard(pomeg as Parameters<typeof createGuard>[0]);
    const result = loose.check({ id: "x", description: "x", action: "share", data: ["account-email"], recipient: "mixpanel", purposes: ["analytics"] });
    expect(result.findings.map((f) => f.code)).toContain("unknown-term");
  });

  it("analyzePolicy finds the Meta contradiction (N4, ambiguous)", () => {
    const found = analyzePolicy(pomeg);
    expect(found).toContainEqual(
      expect.objectContaining({ kind: "N4", engine: "ambiguous", positive: expect.objectContaining({ ruleId: "s4-service-providers", recipient: "ai-model-provider" }), negative: expect.objectContaining({ ruleId: "s3-meta-no-sharing", recipient: "third-party" }) }),
    );
  });
});
