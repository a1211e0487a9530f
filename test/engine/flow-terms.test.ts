/**
 * `numberFlow`: each term of a flow is its number in the compiled policy's table, or -1, and
 * `unknown` says whether any is -1. The decision reads `unknown` to decide whether to look for
 * unknown terms at all, so a wrong `false` hides an unknown term (tested through `checkFlow`
 * too) and a wrong `true` costs every flow that look.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, pomeg } from "../../src/index.js";
import { numberFlow, type CheckableFlow } from "../../src/engine/flow-terms.js";

const compiled = compilePolicy(pomeg);
const t = compiled.tables;
const NOT_TERMS = ["nope", "constructor", "__proto__", ""];

/** A term of the table, most often its first (number 0), or a string that is not a term. */
const termOf = (ids: readonly string[]) => fc.oneof(fc.constant(ids[0] as string), fc.constantFrom(...ids), fc.constantFrom(...NOT_TERMS));
const termsOf = (ids: readonly string[]) => fc.array(termOf(ids), { maxLength: 3 });

const arbFlow: fc.Arbitrary<CheckableFlow> = fc.record(
  {
    id: fc.constant("f"),
    action: termOf(t.action.ids),
    data: termsOf(t.data.ids),
    recipient: termOf(t.recipient.ids),
    purposes: termsOf(t.purpose.ids),
    conditions: termsOf(t.condition.ids),
    safeguards: termsOf(t.safeguard.ids),
    location: termOf(t.location.ids),
    audience: fc.record({ minimumAge: fc.constant(18), region: termOf(t.location.ids) }, { requiredKeys: ["minimumAge"] }),
  },
  { requiredKeys: ["id", "action", "data", "recipient", "purposes"] },
);

const numberIn = (ids: readonly string[], id: string | undefined) => (id === undefined ? -1 : ids.indexOf(id));

describe("numberFlow", () => {
  it("numbers each term by its table, -1 when the policy does not define it, and says whether any is -1 (fast-check)", () => {
    fc.assert(
      fc.property(arbFlow, (flow) => {
        const n = numberFlow(compiled, flow);
        const region = flow.audience?.region;
        const named = [
          [t.action.ids, [flow.action]],
          [t.recipient.ids, [flow.recipient]],
          [t.data.ids, flow.data],
          [t.purpose.ids, flow.purposes],
          [t.condition.ids, flow.conditions ?? []],
          [t.safeguard.ids, flow.safeguards ?? []],
          [t.location.ids, flow.location === undefined ? [] : [flow.location]],
          [t.location.ids, region === undefined ? [] : [region]],
        ] as const;
        expect(n.action).toBe(numberIn(t.action.ids, flow.action));
        expect(n.recipient).toBe(numberIn(t.recipient.ids, flow.recipient));
        expect(n.data).toEqual(flow.data.map((d) => numberIn(t.data.ids, d)));
        expect(n.purposes).toEqual(flow.purposes.map((p) => numberIn(t.purpose.ids, p)));
        expect(n.conditions).toEqual((flow.conditions ?? []).map((c) => numberIn(t.condition.ids, c)));
        expect(n.safeguards).toEqual((flow.safeguards ?? []).map((s) => numberIn(t.safeguard.ids, s)));
        expect(n.location).toBe(numberIn(t.location.ids, flow.location));
        expect(n.region).toBe(numberIn(t.location.ids, region));
        expect(n.unknown).toBe(named.some(([ids, terms]) => terms.some((term) => !ids.includes(term))));
      }),
      { numRuns: 500 },
    );
  });

  it("a flow of the first term of every table (number 0) has no unknown term", () => {
    const first: CheckableFlow = {
      id: "f",
      action: t.action.ids[0] as string,
      data: [t.data.ids[0] as string],
      recipient: t.recipient.ids[0] as string,
      purposes: [t.purpose.ids[0] as string],
      conditions: [t.condition.ids[0] as string],
      safeguards: [t.safeguard.ids[0] as string],
      location: t.location.ids[0] as string,
      audience: { minimumAge: 18, region: t.location.ids[0] as string },
    };
    const n = numberFlow(compiled, first);
    expect([n.action, n.recipient, n.data, n.purposes, n.conditions, n.safeguards, n.location, n.region, n.unknown]).toEqual([0, 0, [0], [0], [0], [0], 0, 0, false]);
  });

  it("an unknown location or region, with every other term known, is an unknown-term finding", () => {
    const flow = { id: "f", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] };
    const unknownAt = (extra: object) => checkFlow(compiled, { ...flow, ...extra }).findings.filter((f) => f.code === "unknown-term").map((f) => f.path);
    expect(unknownAt({})).toEqual([]);
    expect(unknownAt({ location: "atlantis" })).toEqual([["location"]]);
    expect(unknownAt({ audience: { minimumAge: 18, region: "atlantis" } })).toEqual([["audience", "region"]]);
  });
});
