/**
 * The wording pass (`report.ts`) and where it points (`closest.ts`): the shape every result
 * keeps, the permissions named as closest to an omitted flow (against an oracle read from the
 * vocabulary), and the path and rules of each kind of finding.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, type FlowResult } from "../../src/index.js";
import type { Statement } from "../../src/model/policy.js";
import { compareFindings } from "../../src/order.js";
import type { Vocabulary } from "../../src/vocabulary/vocabulary.js";
import { arbFlowTerms, arbStatements } from "./arbitraries.js";
import { flow, policy, statement } from "./fixtures.js";

const RUNS = { numRuns: 400 };
const sortedIds = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Whether the flow's term is at or below one the statement names (any, when it names none). */
function covered(v: Vocabulary, kind: "action" | "data" | "recipient", term: string, named: readonly string[]): boolean {
  return v.has(kind, term) && (named.length === 0 || named.some((x) => v.isBelow(kind, term, x)));
}

/** The permissions closest to an omitted data category, by an independent count of the dimensions each covers. */
function closestOracle(v: Vocabulary, statements: readonly Statement[], f: ReturnType<typeof flow>, data: string): { ids: string[]; path: (string | number)[] } {
  let best = 2;
  let found: { id: string; path: (string | number)[] }[] = [];
  for (const s of statements) {
    if (s.modality !== "may" && s.modality !== "only-if") continue;
    const action = covered(v, "action", f.action, s.actions);
    const d = covered(v, "data", data, s.data);
    const recipient = covered(v, "recipient", f.recipient, s.recipients);
    const badPurpose = f.purposes.findIndex((p) => !v.has("purpose", p) || (s.purposes.length > 0 && !s.purposes.some((x) => v.isBelow("purpose", p, x))));
    const score = [action, d, recipient, badPurpose < 0].filter(Boolean).length;
    if (score < best || score === 4) continue;
    const path = !recipient ? ["recipient"] : !d ? ["data", f.data.indexOf(data)] : badPurpose >= 0 ? ["purposes", badPurpose] : ["action"];
    if (score > best) [best, found] = [score, []];
    found.push({ id: s.id, path });
  }
  found.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { ids: found.slice(0, 3).map((x) => x.id), path: found[0]?.path ?? ["data", f.data.indexOf(data)] };
}

describe("the shape of every result (fast-check)", () => {
  it("findings sorted, one per code and place; rules sorted and once each; closest only when omitted; the message names every other finding", () => {
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, (statements, terms) => {
        const result = checkFlow(compilePolicy(policy(statements)), flow(terms));
        expect([...result.findings].sort(compareFindings)).toEqual(result.findings);
        // A disclosure finding per place; other findings per place and message (two unmet conditions share a place).
        const places = result.findings.map((f) => `${f.code} ${f.path.join(".")}${f.code.startsWith("flow-") ? "" : ` ${f.message}`}`);
        expect(new Set(places).size).toBe(places.length);
        const ids = result.rules.map((r) => r.ruleId);
        expect(ids).toEqual(sortedIds([...new Set(ids)]));
        expect("closest" in result).toBe(result.verdict === "omitted");
        if (result.closest !== undefined) expect(result.closest.map((r) => r.ruleId)).toEqual(sortedIds([...new Set(result.closest.map((r) => r.ruleId))]));
        for (const f of result.findings) if (!f.code.startsWith("flow-")) expect(result.message).toContain(f.message);
        if (result.verdict === "omitted") expect(result.rules).toEqual([]);
      }),
      RUNS,
    );
  });

  it("an omitted flow names the permissions closest to each omitted category and points where the closest misses (fast-check)", () => {
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, (statements, terms) => {
        const compiled = compilePolicy(policy(statements));
        const f = flow(terms);
        const result = checkFlow(compiled, f);
        fc.pre(result.verdict === "omitted");
        const omitted = f.data.filter((d) => {
          const one = checkFlow(compiled, { ...f, data: [d] });
          return one.verdict === "omitted";
        });
        const oracles = omitted.map((d) => closestOracle(compiled.vocabulary, statements, f, d));
        expect(result.closest?.map((r) => r.ruleId)).toEqual(sortedIds([...new Set(oracles.flatMap((o) => o.ids))]));
        // The sentence names each closest permission once, in rule id order.
        const sentence = result.findings.find((x) => x.code === "flow-omitted")?.message ?? "";
        const at = (result.closest ?? []).map((r) => [...sentence.matchAll(new RegExp(`\\b${r.ruleId}\\b`, "g"))].map((m) => m.index));
        for (const positions of at) expect(positions).toHaveLength(1);
        expect(at.map((p) => p[0])).toEqual([...at.map((p) => p[0] as number)].sort((a, b) => a - b));
        const paths = [...new Map(oracles.map((o) => [o.path.join("."), o.path])).values()];
        expect(result.findings.filter((x) => x.code === "flow-omitted").map((x) => x.path)).toEqual([...paths].sort((a, b) => compareFindings({ path: a } as never, { path: b } as never)));
      }),
      RUNS,
    );
  });
});

describe("where findings point, and the rules they cite", () => {
  const compiled = compilePolicy(
    policy(
      [
        statement({ id: "a-chat", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] }),
        statement({ id: "b-content", modality: "may", data: ["user-content"], recipients: ["llm-provider"], purposes: ["customer-support"] }),
        statement({ id: "c-store-eu", modality: "must", actions: ["store"], data: ["personal-data"], recipients: ["first-party"], locations: ["eu"] }),
        statement({ id: "d-store", modality: "may", actions: ["store"], data: ["personal-data"], recipients: ["first-party"] }),
      ],
      { ageLimits: [{ id: "k-eu", minimumAge: 16, region: "eu", citation: { section: "9", quote: "16 in the EU" } }] },
    ),
  );
  const where = (r: FlowResult) => r.findings.map((f) => [f.code, f.path, f.rules.map((x) => x.ruleId)]);

  it("an omitted flow points at the first dimension the closest permission misses", () => {
    expect(where(checkFlow(compiled, flow({ recipient: "mistral" })))).toEqual([["flow-omitted", ["recipient"], []]]);
    expect(where(checkFlow(compiled, flow({ data: ["meta-data"] })))).toEqual([["flow-omitted", ["data", 0], []]]);
    expect(where(checkFlow(compiled, flow({ purposes: ["service-provision", "advertising"] })))).toEqual([["flow-omitted", ["purposes", 1], []]]);
    expect(where(checkFlow(compiled, flow({ action: "sell" })))).toEqual([["flow-omitted", ["action"], []]]);
    const twice = checkFlow(compiled, flow({ data: ["chat-content", "meta-data"], recipient: "mistral", purposes: ["security"] }));
    // Both categories miss b-content's purpose: one finding at the purpose.
    expect(twice.closest?.map((r) => r.ruleId)).toEqual(["b-content"]);
    expect(where(twice)).toEqual([["flow-omitted", ["purposes", 0], []]]);
  });

  it("a vague flow points at the first of recipient, data and purposes the permission does not name", () => {
    expect(where(checkFlow(compiled, flow({ recipient: "mistral", data: ["user-content"], purposes: ["customer-support"] })))).toEqual([["flow-vague", ["recipient"], ["b-content"]]]);
    expect(where(checkFlow(compiled, flow({ recipient: "llm-provider", data: ["chat-content"], purposes: ["customer-support"] })))).toEqual([["flow-vague", ["data", 0], ["b-content"]]]);
    expect(where(checkFlow(compiled, flow({ purposes: ["service-provision", "customer-support"] })))).toEqual([["flow-vague", ["purposes", 1], ["a-chat"]]]);
    const both = checkFlow(compiled, flow({ action: "store", recipient: "first-party", data: ["email-address", "chat-content"], purposes: ["security"] }));
    expect(where(both)).toEqual([["flow-vague", ["data", 0], ["d-store"]], ["flow-vague", ["data", 1], ["d-store"]]]);
  });

  it("a binding location names its rule; an age limit points at the audience's age and cites its limit", () => {
    const stored = checkFlow(compiled, flow({ action: "store", recipient: "first-party", data: ["personal-data"], location: "us", audience: { minimumAge: 13, region: "eu" } }));
    expect(where(stored)).toEqual([
      ["age-limit", ["audience", "minimumAge"], ["k-eu"]],
      ["location-undisclosed", ["location"], ["c-store-eu"]],
    ]);
    expect(stored.findings.map((f) => [f.severity, f.message])).toEqual([
      ["error", 'the flow admits users from 13 in "eu", but k-eu sets a minimum age of 16 in "eu"'],
      ["error", 'the flow takes place in "us", but c-store-eu requires "eu"'],
    ]);
    expect(stored.verdict).toBe("clear");
    expect(stored.rules.map((r) => r.ruleId)).toEqual(["d-store"]);
  });

  it("a flow with no data or no purposes is omitted, cites no rule and says which list is empty", () => {
    const empty = checkFlow(compiled, flow({ data: [], purposes: [] }));
    expect([empty.verdict, empty.rules, where(empty)]).toEqual(["omitted", [], [["schema-invalid", ["data"], []], ["schema-invalid", ["purposes"], []]]]);
    expect(empty.message).toContain(empty.findings[0]?.message);
    expect(empty.message).toContain(empty.findings[1]?.message);
  });

  it("a clear flow cites each deciding rule once, with its interpretation", () => {
    const p = policy([
      statement({ id: "a-chat", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], interpretation: "Chats go to OpenAI to be answered." }),
      statement({ id: "e-chat-again", modality: "may", data: ["chat-content", "meta-data"], recipients: ["openai"], purposes: ["service-provision"] }),
    ]);
    const one = checkFlow(compilePolicy(p), flow());
    expect(one.rules.map((r) => [r.ruleId, r.interpretation])).toEqual([
      ["a-chat", "Chats go to OpenAI to be answered."],
      ["e-chat-again", undefined],
    ]);
    const two = checkFlow(compilePolicy(p), flow({ data: ["chat-content", "meta-data"] }));
    expect([two.verdict, two.rules.map((r) => r.ruleId)]).toEqual(["clear", ["a-chat", "e-chat-again"]]);
  });
});
