/**
 * The fast path of flow validation reads exactly what zod reads: whenever `readPlainFlow` gives
 * a flow, the schema accepts the value and gives the same flow, key order included; and it does
 * give one for every well-formed flow, so the property is never met by always declining.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainFlow } from "../../src/manifest/plain-flow.js";
import { ManifestSchema } from "../../src/model/manifest.js";

const FlowSchema = ManifestSchema.shape.flows.unwrap().element;

const good = {
  id: fc.constantFrom("f", "chat-to-openai", "A.b_c-1"),
  description: fc.constantFrom("d", "Sends chats"),
  text: fc.constantFrom("collect", "email-address", "openai", "eu", "x"),
  list: fc.array(fc.constantFrom("email-address", "chat-content", "x"), { minLength: 1, maxLength: 3 }),
  age: fc.integer({ min: 0, max: 30 }),
};
/** Values that break some rule of some field. */
const bad = fc.constantFrom<unknown>("", "-x", "a b", 7, -1, 31, 1.5, Number.NaN, null, true, [], [""], ["x", 3], {}, { minimumAge: 13, extra: 1 }, ["ok", null], undefined);

const wellFormed = fc.record(
  {
    id: good.id,
    description: good.description,
    action: good.text,
    data: good.list,
    recipient: good.text,
    purposes: good.list,
    conditions: fc.array(good.text, { maxLength: 2 }),
    safeguards: fc.array(good.text, { maxLength: 2 }),
    location: good.text,
    audience: fc.record({ minimumAge: good.age, region: good.text }, { requiredKeys: ["minimumAge"] }),
    source: fc.constantFrom("src/a.ts:1"),
    subjects: fc.array(good.id, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ["id", "description", "action", "data", "recipient", "purposes"] },
);

/** An audience with a bad age or region, or an unknown key, now and then. */
const anyAudience = fc.oneof(
  fc.record({ minimumAge: good.age, region: good.text }, { requiredKeys: ["minimumAge"] }),
  fc.record({ minimumAge: fc.oneof(bad, good.age), region: fc.oneof(bad, good.text) }, { requiredKeys: ["minimumAge"] }),
  fc.record({ minimumAge: fc.oneof(bad, good.age), region: fc.oneof(bad, good.text), extra: fc.oneof(bad, good.text) }, { requiredKeys: [] }),
);
const FIELDS = ["id", "description", "action", "data", "recipient", "purposes", "conditions", "safeguards", "location", "audience", "source", "subjects", "recipent", "__proto__", "minimumAge"];
/** A well-formed flow with some fields replaced, removed or added, sometimes shuffled or written as JSON text would be. */
const anyFlow = fc
  .tuple(wellFormed, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(bad, good.text, good.list, anyAudience), fc.boolean()), { maxLength: 3 }), fc.boolean())
  .map(([flow, changes, viaJson]) => {
    const out: Record<string, unknown> = { ...flow };
    for (const [key, value, remove] of changes) {
      if (remove) delete out[key];
      else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return viaJson && JSON.stringify(out) !== undefined ? (JSON.parse(JSON.stringify(out)) as unknown) : out;
  });

const same = (value: unknown) => {
  const plain = readPlainFlow(value);
  if (plain === undefined) return;
  const parsed = FlowSchema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(plain).toEqual(parsed.data);
  // The same keys, in the same order, none of them holding undefined where zod has no key.
  expect(Object.keys(plain)).toEqual(Object.keys(parsed.data as object));
  expect(plain.audience === undefined ? undefined : Object.keys(plain.audience)).toEqual(parsed.data?.audience === undefined ? undefined : Object.keys(parsed.data.audience));
  expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.data));
};

describe("readPlainFlow", () => {
  it("reads every well-formed flow, as zod does (fast-check)", () => {
    fc.assert(
      fc.property(wellFormed, (flow) => {
        expect(readPlainFlow(flow)).toBeDefined();
        same(flow);
      }),
      { numRuns: 500 },
    );
  });

  it("reads nothing zod would refuse or read otherwise (fast-check)", () => {
    fc.assert(fc.property(anyFlow, same), { numRuns: 2000 });
  });

  it("reads no audience zod would refuse (fast-check)", () => {
    fc.assert(fc.property(wellFormed, anyAudience, (flow, audience) => same({ ...flow, audience })), { numRuns: 2000 });
  });

  it("leaves to zod what zod must word: unknown keys, undefined values, wrong types, class instances", () => {
    const flow = { id: "f", description: "d", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"] };
    expect(readPlainFlow(flow)).toEqual({ ...flow, conditions: [], safeguards: [] });
    expect(readPlainFlow(JSON.parse('{"id":"f","description":"d","action":"collect","data":["x"],"recipient":"r","purposes":["p"],"__proto__":{}}'))).toBeUndefined();
    expect(readPlainFlow({ ...flow, location: undefined })).toBeUndefined();
    expect(readPlainFlow({ ...flow, audience: { minimumAge: 13, region: undefined } })).toBeUndefined();
    expect(readPlainFlow({ ...flow, audience: { minimumAge: 12.5 } })).toBeUndefined();
    expect(readPlainFlow({ ...flow, subjects: [] })).toBeUndefined();
    expect(readPlainFlow({ ...flow, data: ["email-address", ""] })).toBeUndefined();
    expect(readPlainFlow(Object.assign(Object.create({ inherited: 1 }), flow))).toBeUndefined();
    expect(readPlainFlow({ ...flow, [Symbol("s")]: 1 })).toBeUndefined();
    expect(readPlainFlow([flow])).toBeUndefined();
    expect(readPlainFlow(null)).toBeUndefined();
  });

  it("copies the lists, so that the manifest read does not share them with the value given", () => {
    const data = ["email-address"];
    const read = readPlainFlow({ id: "f", description: "d", action: "collect", data, recipient: "first-party", purposes: ["authentication"] });
    expect(read?.data).toEqual(data);
    expect(read?.data).not.toBe(data);
  });
});
