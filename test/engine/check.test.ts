/**
 * `checkFlow` over its cache, case by case: a shape is admitted on its second sighting and
 * answered from the trie on the third, so each flow here is checked three times, and every
 * answer must be the one a freshly compiled policy gives. Deterministic neighbours of
 * `cache.test.ts` (a property over random flows), pinned from the mutation run's survivors of
 * `check.ts`, `shape-cache.ts` and `compile.ts`.
 */
import { describe, expect, it } from "vitest";
import { checkFlow } from "../../src/engine/check.js";
import { compilePolicy } from "../../src/engine/compile-policy.js";
import type { FlowResult } from "../../src/engine/result.js";
import { flow, policy, statement } from "./fixtures.js";

const statements = [
  statement({ id: "p-chat", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], interpretation: "Chats go to OpenAI only to answer them." }),
  statement({ id: "q-tls", modality: "must", data: ["chat-content"], recipients: ["processor"], safeguards: ["encryption-in-transit"] }),
];
const ages = {
  ageLimits: [
    { id: "a-eu", minimumAge: 16, region: "eu", citation: { section: "9", quote: "16 in the EU" } },
    { id: "a-general", minimumAge: 13, citation: { section: "9", quote: "13 elsewhere" } },
  ],
};
const make = () => compilePolicy(policy(statements, ages));

/** Plain data of a result, as JSON would carry it, and its own keys (a key holding undefined counts). */
const plain = (r: FlowResult) => ({ keys: Object.keys(r).sort(), data: JSON.parse(JSON.stringify(r)) as unknown });

/** Checks each flow three times on one compiled policy, and each once on a fresh one; the answers must agree. */
function agree(flows: ReturnType<typeof flow>[]) {
  const shared = make();
  const answers: FlowResult[] = [];
  for (let round = 0; round < 3; round++) for (const f of flows) answers.push(checkFlow(shared, f));
  const fresh = flows.map((f) => plain(checkFlow(make(), f)));
  answers.forEach((answer, i) => expect(plain(answer), `flow ${i % flows.length}, round ${Math.floor(i / flows.length)}`).toEqual(fresh[i % flows.length]));
  return fresh;
}

describe("checkFlow: what the cache answers is what a fresh policy answers", () => {
  it("flows that differ only in the audience's region, or in having one, keep their own age verdicts", () => {
    const results = agree([
      flow({ safeguards: ["encryption-in-transit"], audience: { minimumAge: 13, region: "eu" } }),
      flow({ safeguards: ["encryption-in-transit"], audience: { minimumAge: 13 } }),
      flow({ safeguards: ["encryption-in-transit"], audience: { minimumAge: 13, region: "us" } }),
      flow({ safeguards: ["encryption-in-transit"] }),
    ]);
    // An audience with no region may be in the EU: the EU's limit applies to it.
    expect(results.map((r) => (r.data as FlowResult).findings.map((f) => [f.code, f.rules[0]?.ruleId]))).toEqual([[["age-limit", "a-eu"]], [["age-limit", "a-eu"]], [], []]);
  });

  it("a flow seen with an audience does not answer for the same flow without one, nor the reverse", () => {
    const results = agree([flow({ safeguards: ["encryption-in-transit"] }), flow({ safeguards: ["encryption-in-transit"], audience: { minimumAge: 13, region: "eu" } })]);
    expect(results.map((r) => (r.data as FlowResult).findings.map((f) => f.code))).toEqual([[], ["age-limit"]]);
  });

  it("flows that differ only in their safeguards keep their own requirement findings", () => {
    const results = agree([flow({ safeguards: ["encryption-in-transit"] }), flow({ safeguards: [] }), flow({ safeguards: ["encryption-at-rest"] })]);
    expect(results.map((r) => (r.data as FlowResult).findings.map((f) => f.code))).toEqual([[], ["safeguard-missing"], ["safeguard-missing"]]);
  });

  it("an omitted flow keeps its closest rules however often it recurs, and a flow without data has none", () => {
    const [omitted, empty, clear] = agree([flow({ recipient: "mistral", safeguards: ["encryption-in-transit"] }), flow({ data: [] }), flow({ safeguards: ["encryption-in-transit"] })]);
    expect(omitted?.keys).toContain("closest");
    expect((omitted?.data as FlowResult).closest?.map((r) => r.ruleId)).toEqual(["p-chat"]);
    expect([empty?.keys.includes("closest"), clear?.keys.includes("closest")]).toEqual([false, false]);
  });

  it("the closest rules of a result are frozen, shared by every flow of its shape", () => {
    const compiled = make();
    const result = checkFlow(compiled, flow({ recipient: "mistral" }));
    expect(result.closest?.length).toBe(1);
    expect(Object.isFrozen(result.closest)).toBe(true);
  });

  it("a rule is cited with its interpretation when it has one, and without the key when not", () => {
    const clear = checkFlow(make(), flow({ safeguards: ["encryption-in-transit"] }));
    expect(clear.rules).toStrictEqual([{ ruleId: "p-chat", citation: { section: "1", quote: "quote of p-chat" }, interpretation: "Chats go to OpenAI only to answer them." }]);
    const missing = checkFlow(make(), flow()).findings.find((f) => f.code === "safeguard-missing");
    expect(missing?.rules).toStrictEqual([{ ruleId: "q-tls", citation: { section: "1", quote: "quote of q-tls" } }]);
  });
});
