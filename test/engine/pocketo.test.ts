import { describe, expect, it } from "vitest";
import { analyzePolicy, createGuard, pocketo } from "../../src/index.js";
import { covered, expectCase } from "./bundled.js";
import { cases } from "./pocketo.cases.js";

// Pocketo: an AI assistant app (chat, files, camera, voice, image generation), BYOK, LLM vendors.
const guard = createGuard(pocketo);

describe("Pocketo: realistic flows", () => {
  it.each(cases.map((c) => [c.flow.id, c] as const))("%s", (_, c) => {
    expectCase(guard.check, c);
  });

  it("explains an undisclosed vendor with the closest statements", () => {
    const result = guard.check(cases.find((c) => c.flow.id === "chat-other-provider")!.flow);
    expect(result.message).toMatch(/^sharing "chat-content" with "llm-provider" for "ai-chat" is not disclosed by the Pocketo policy; the closest statements are /);
    expect(result.closest?.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["s3-openai"]));
    expect(result.findings[0]?.path).toEqual(["recipient"]);
  });

  it("covers every verdict the policy makes possible: ambiguous cannot occur", () => {
    // The only pairs of a permission and a restriction over related terms are the password's
    // purpose whitelist and the BYOK key's purpose whitelist against the permissions that name account
    // data or API keys without a purpose: each an exception carved out (incorrect), none a
    // contradiction, so no flow is both allowed and forbidden.
    const pairs = analyzePolicy(pocketo);
    expect(pairs.filter((p) => p.engine !== "incorrect")).toEqual([]);
    expect([...new Set(pairs.map((p) => p.negative.ruleId))].sort()).toEqual(["s1-password-authentication-only", "s3-byok-key-ai-features-only"]);
    expect([...new Set(pairs.map((p) => p.positive.ruleId))].sort()).toEqual(["s1-account-data", "s4-account-chat-storage", "s4-api-key-storage", "s5-keep-while-active"]);
    const { verdicts, codes } = covered(cases);
    expect([...verdicts].sort()).toEqual(["clear", "incorrect", "omitted", "vague"]);
    // Pocketo names no storage location and no statement names one: `location-undisclosed` cannot occur.
    expect(pocketo.storageLocations).toEqual([]);
    expect(pocketo.statements.every((s) => s.locations.length === 0)).toBe(true);
    expect([...codes].sort()).toEqual(["age-limit", "condition-unmet", "flow-incorrect", "flow-omitted", "flow-vague", "safeguard-missing"]);
  });
});
