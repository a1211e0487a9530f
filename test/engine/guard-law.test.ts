/**
 * `guard.assert` throws exactly when the flow's result has an error finding: it decides that from
 * the decision record without wording the result (`isViolating`), so the two must agree for every
 * kind of error, or `assert` lets a violating flow through.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, createGuard, isViolation, PolicyViolationError, type FlowResult } from "../../src/index.js";
import { arbFlowTerms, arbStatements } from "./arbitraries.js";
import { flow, policy, statement } from "./fixtures.js";

const thrown = (run: () => unknown): FlowResult | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof PolicyViolationError)) throw error;
    return error.result;
  }
};

describe("guard.assert", () => {
  it("throws exactly on a result with an error finding, with that result (fast-check)", () => {
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, fc.boolean(), (statements, terms, empty) => {
        const p = policy(statements);
        const f = flow(empty ? { ...terms, data: [] } : terms);
        const expected = checkFlow(compilePolicy(p), f);
        const result = thrown(() => createGuard(p).assert(f));
        expect(result !== undefined).toBe(isViolation(expected));
        if (result !== undefined) expect(result).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("throws on each kind of error: omitted, ambiguous, incorrect, an empty list, an unknown term, an unmet condition, an age limit, a binding location", () => {
    const p = policy(
      [
        statement({ id: "a-may", modality: "may", data: ["user-content"], recipients: ["processor"] }),
        statement({ id: "b-not", modality: "must-not", data: ["user-content"], recipients: ["llm-provider"] }),
        statement({ id: "g-may", modality: "may", data: ["user-content"], recipients: ["llm-provider"] }),
        statement({ id: "c-not", modality: "must-not", data: ["chat-content"], recipients: ["openai"], purposes: ["advertising"] }),
        statement({ id: "d-opt-in", modality: "must", data: ["meta-data"], recipients: ["processor"], conditions: ["opt-in"] }),
        statement({ id: "e-eu", modality: "must", data: ["usage-data"], recipients: ["processor"], locations: ["eu"] }),
        statement({ id: "f-usage", modality: "may", data: ["usage-data"], recipients: ["processor"] }),
      ],
      { ageLimits: [{ id: "k-16", minimumAge: 16, citation: { section: "9", quote: "16" } }] },
    );
    const guard = createGuard(p);
    const cases: [string, ReturnType<typeof flow>, string][] = [
      ["clear", flow({ data: ["usage-data"], recipient: "processor", location: "eu" }), "none"],
      ["omitted", flow({ data: ["payment-data"] }), "flow-omitted"],
      ["ambiguous", flow({ data: ["user-content"], recipient: "llm-provider" }), "flow-ambiguous"],
      ["incorrect", flow({ purposes: ["advertising"] }), "flow-incorrect"],
      ["empty", flow({ purposes: [] }), "schema-invalid"],
      ["unknown", flow({ data: ["usage-data"], recipient: "processor", safeguards: ["rot13"] }), "unknown-term"],
      ["unmet", flow({ data: ["meta-data"], recipient: "processor" }), "condition-unmet"],
      ["age", flow({ data: ["usage-data"], recipient: "processor", audience: { minimumAge: 13 } }), "age-limit"],
      ["location", flow({ data: ["usage-data"], recipient: "processor", location: "us" }), "location-undisclosed"],
    ];
    for (const [name, f, code] of cases) {
      const result = thrown(() => guard.assert(f));
      expect([name, result?.findings.find((x) => x.severity === "error")?.code ?? "none"]).toEqual([name, code]);
    }
  });
});
