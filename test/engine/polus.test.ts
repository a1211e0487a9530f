import { describe, expect, it } from "vitest";
import { analyzePolicy, createGuard, polus } from "../../src/index.js";
import { covered, expectCase } from "./bundled.js";
import { cases } from "./polus.cases.js";

// Polus: websites, client portals, automation and WhatsApp Business messaging for client businesses.
const guard = createGuard(polus);

describe("Polus: realistic flows", () => {
  it.each(cases.map((c) => [c.flow.id, c] as const))("%s", (_, c) => {
    expectCase(guard.check, c);
  });

  it("covers every verdict the policy makes possible", () => {
    // Its restrictions (no sale of Meta/WhatsApp data; message content only to infrastructure and AI
    // providers, only to deliver the service) meet no permission: nothing is both allowed and forbidden.
    expect(analyzePolicy(polus)).toEqual([]);
    const { verdicts, codes } = covered(cases);
    expect([...verdicts].sort()).toEqual(["clear", "incorrect", "omitted", "vague"]);
    // No safeguard, location or age limit in the text: those findings cannot occur.
    expect(polus.statements.every((s) => s.safeguards.length === 0 && s.locations.length === 0)).toBe(true);
    expect(polus.storageLocations).toEqual([]);
    expect(polus.ageLimits).toEqual([]);
    expect([...codes].sort()).toEqual(["condition-unmet", "flow-incorrect", "flow-omitted", "flow-vague", "unknown-term"]);
  });
});
