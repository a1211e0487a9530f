/**
 * What the engine remembers never shows: a result is the same whether its flow was decided anew
 * (a freshly compiled policy has seen nothing) or answered from what an earlier check of the
 * same terms left behind, however many times and among however many other flows; and every
 * result is plain data. Written against the public API only (compilePolicy, checkFlow,
 * createGuard), so it holds whatever the engine keeps inside.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, createGuard, pocketo, polus, pomeg, validatePolicy, type FlowInput, type FlowResult, type Policy, type TermKind } from "../../src/index.js";

/** The bundled policies, as policies loaded at run time (guards that take any `FlowInput`). */
const POLICIES: Policy[] = [pomeg, pocketo, polus];

/** Flows over a policy's own terms: mostly a statement's terms (so that every verdict occurs), sometimes any term, now and then an unknown one. */
function flows(policy: Policy): fc.Arbitrary<FlowInput> {
  const validation = validatePolicy(policy);
  if (!validation.ok) throw new Error(`${policy.id} is invalid`);
  const ids = (kind: TermKind) => [...validation.vocabulary.ids(kind)];
  const term = (kind: TermKind, own: readonly string[]) => fc.oneof({ weight: 15, arbitrary: own.length ? fc.constantFrom(...own) : fc.constantFrom(...ids(kind)) }, { weight: 5, arbitrary: fc.constantFrom(...ids(kind)) }, { weight: 1, arbitrary: fc.constant(`no-such-${kind}`) });
  const terms = (kind: TermKind, own: readonly string[], min: number, max: number) => fc.uniqueArray(term(kind, own), { minLength: min, maxLength: max });
  return fc.constantFrom(...policy.statements).chain((s) =>
    fc.record(
      {
        id: fc.constant("flow"),
        description: fc.constant("a flow"),
        action: term("action", s.actions),
        data: terms("data", s.data, 1, 3),
        recipient: term("recipient", s.recipients),
        purposes: terms("purpose", s.purposes, 1, 2),
        conditions: terms("condition", s.conditions, 0, 3),
        safeguards: terms("safeguard", s.safeguards, 0, 2),
        location: fc.constantFrom(...ids("location")),
        audience: fc.record({ minimumAge: fc.integer({ min: 0, max: 30 }) }),
      },
      { requiredKeys: ["id", "description", "action", "data", "recipient", "purposes", "conditions", "safeguards"] },
    ),
  );
}

/** The result decided anew: a freshly compiled policy has nothing to remember. */
const fresh = (policy: Policy, flow: FlowInput): FlowResult => checkFlow(compilePolicy(policy), flow);

/** Plain data: what JSON keeps. */
const data = (result: FlowResult): unknown => JSON.parse(JSON.stringify(result));

describe("results with and without what the engine remembers", () => {
  it.each(POLICIES)("$id: every check of the same terms gives the result decided anew, under each flow's own id", (policy) => {
    fc.assert(
      fc.property(fc.array(flows(policy), { minLength: 1, maxLength: 5 }), (list) => {
        const compiled = compilePolicy(policy);
        // Each flow checked three times among the others, under a new id each time.
        for (let round = 0; round < 3; round++) {
          list.forEach((flow, i) => {
            const id = `f${i}-r${round}`;
            expect(data(checkFlow(compiled, { ...flow, id }))).toEqual(data(fresh(policy, { ...flow, id })));
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it.each(POLICIES)("$id: the same terms in another order give the result decided anew for that order", (policy) => {
    fc.assert(
      fc.property(flows(policy), (flow) => {
        const guard = createGuard(policy);
        const reversed = { ...flow, data: [...flow.data].reverse(), purposes: [...flow.purposes].reverse(), conditions: [...(flow.conditions ?? [])].reverse(), safeguards: [...(flow.safeguards ?? [])].reverse() };
        const [once, other] = [data(fresh(policy, flow)), data(fresh(policy, reversed))];
        for (const f of [flow, flow, flow, reversed, reversed, reversed, flow]) expect(data(guard.check(f))).toEqual(f === flow ? once : other);
      }),
      { numRuns: 40 },
    );
  });

  it("more distinct flows than any cache would hold: the second pass answers as the first", () => {
    // 12,000 distinct term sets of Pocketo's vocabulary (more than the 10,000 shapes the engine held
    // when this was written), checked twice by one guard.
    const validation = validatePolicy(pocketo);
    if (!validation.ok) throw new Error("pocketo is invalid");
    const ids = (kind: TermKind) => validation.vocabulary.ids(kind);
    const [actions, data3, recipients, purposes] = [ids("action"), ids("data"), ids("recipient"), ids("purpose")];
    const all: FlowInput[] = [];
    for (let i = 0; all.length < 12_000; i++) {
      const pick = (list: readonly string[], k: number) => list[Math.floor(i / k) % list.length]!;
      all.push({ id: `f${i}`, description: "a flow", action: pick(actions, 1), data: [...new Set([pick(data3, actions.length), pick(data3, 7)])], recipient: pick(recipients, 3), purposes: [pick(purposes, 11)], conditions: [], safeguards: [] });
    }
    expect(new Set(all.map((f) => JSON.stringify([f.action, f.data, f.recipient, f.purposes]))).size).toBe(all.length);
    const guard = createGuard(pocketo as Policy);
    const first = all.map((f) => JSON.stringify(guard.check(f)));
    const second = all.map((f) => JSON.stringify(guard.check(f)));
    expect(second.filter((text, i) => text !== first[i]).length).toBe(0);
    // and both are the results decided anew (a sample: compiling is the slow part)
    for (let i = 0; i < all.length; i += 397) expect(JSON.parse(first[i]!)).toEqual(data(fresh(pocketo, all[i]!)));
  });
});

describe("a result is plain data", () => {
  it.each(POLICIES)("$id: JSON, spread and structuredClone give the same data, first time or remembered", (policy) => {
    fc.assert(
      fc.property(flows(policy), (flow) => {
        const guard = createGuard(policy);
        for (let round = 0; round < 3; round++) {
          const result = guard.check(flow);
          const json = data(result);
          expect({ ...result }).toEqual(json);
          expect(structuredClone(result)).toEqual(json);
          expect(JSON.stringify({ ...result })).toBe(JSON.stringify(result));
          expect(JSON.stringify(structuredClone(result))).toBe(JSON.stringify(result));
          expect(Object.keys(result)).toEqual(Object.keys(json as object));
          // Nothing hides in functions, symbols, prototypes or undefined members.
          expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
          expect(Object.getOwnPropertySymbols(result)).toEqual([]);
          for (const value of Object.values(result)) expect(value).not.toBeUndefined();
        }
      }),
      { numRuns: 100 },
    );
  });

  it("a caller changing a result cannot change the next result of the same terms", () => {
    const guard = createGuard(pocketo as Policy);
    const flow: FlowInput = { id: "ads", description: "a flow", action: "sell", data: ["chat-content"], recipient: "data-broker", purposes: ["advertising"], conditions: [], safeguards: [] };
    const before = JSON.stringify(guard.check(flow));
    for (let i = 0; i < 3; i++) {
      const result = guard.check(flow) as unknown as { findings: unknown[]; message: string };
      try {
        result.findings.length = 0;
        result.message = "changed";
      } catch {
        // a frozen result refuses the change: as good
      }
    }
    expect(JSON.stringify(guard.check(flow))).toBe(before);
  });
});
