/**
 * The fast path of manifest validation reads exactly what zod reads: whenever `readPlainFlow`
 * gives a flow, or `readPlainManifest` a manifest, the schema accepts the value and gives the
 * same, key order included; and it does give one for every well-formed flow and manifest, so the
 * property is never met by always declining.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainFlow, readPlainManifest } from "../../src/manifest/plain.js";
import { parseManifest } from "../../src/manifest/validate.js";
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
/** A record with up to `maxChanges` fields replaced, removed or added; sometimes sent through JSON text. */
function mutated<T extends object>(base: fc.Arbitrary<T>, fields: readonly string[], values: fc.Arbitrary<unknown>, maxChanges = 2): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.array(fc.tuple(fc.constantFrom(...fields), values, fc.boolean()), { maxLength: maxChanges }), fc.boolean()).map(([record, changes, viaJson]) => {
    const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    for (const [key, value, remove] of changes) {
      if (remove) delete out[key];
      else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return viaJson && JSON.stringify(out) !== undefined ? (JSON.parse(JSON.stringify(out)) as unknown) : out;
  });
}

/** A well-formed flow with some fields replaced, removed or added, sometimes written as JSON text would be. */
const anyFlow = mutated(wellFormed, FIELDS, fc.oneof(bad, good.text, good.list, anyAudience), 3);

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

const instant = fc.constantFrom("2026-11-23T10:00:00Z", "2026-11-23T16:00:00.5+06:00", "2028-02-29T23:59:59.123456789-23:59", "0000-01-01T00:00:00Z");
const date = fc.constantFrom("2026-12-31", "2028-02-29", "2000-02-29");
const duration = fc.constantFrom("P30D", "PT0S", "P1Y2M", "PT36H", "P2W");
/** Values that break a rule of a manifest field: impossible dates, instants without seconds or offset, durations in words, ids out of form. */
const badManifestValue = fc.constantFrom<unknown>(
  "", "2026-02-30", "1900-02-29", "2026-11-23T10:00Z", "2026-11-23T10:00:00", "2026-11-23T24:00:00Z", "2026-11-23T10:00:00+24:00", "2026-11-23T10:00:00.1234567890Z",
  "P", "PT", "30 days", "P1.5D", "User.Account", "https://w3id.org/dpv#Customer", "http://example.com", "HTTPS://W3ID.ORG/dpv", " https://w3id.org/dpv#Customer", "https://exa\tmple.com", "https://", "https://[::1", "S3-Meta", "a b", 7, null, [], [""], {}, { ground: "whim", reason: "r" }, undefined,
);

const keep = fc.record({ ground: fc.constantFrom("legal-obligation", "legitimate-interest", "consent"), reason: good.description });
const wellFormedStep = fc.oneof(
  fc.record({ data: good.list, store: good.text, after: duration }),
  fc.record({ data: good.list, store: good.text, at: instant }),
  fc.record({ data: good.list, store: good.text, keep }),
);
const STEP_FIELDS = ["data", "store", "after", "at", "keep", "ground"];
const anyStep = mutated(wellFormedStep, STEP_FIELDS, fc.oneof(badManifestValue, good.text, good.list, duration, instant, keep));
const plan = (steps: fc.Arbitrary<unknown>) =>
  fc.record({ id: good.id, description: good.description, trigger: good.text, triggeredAt: instant, steps: fc.array(steps, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ["id", "trigger", "steps"] });
const wellFormedPlan = plan(wellFormedStep);
const PLAN_FIELDS = ["id", "description", "trigger", "triggeredAt", "steps", "step"];
const anyPlan = mutated(plan(anyStep), PLAN_FIELDS, fc.oneof(badManifestValue, good.text, instant, fc.array(wellFormedStep, { maxLength: 2 })));
const wellFormedRight = fc.record({ right: good.text, channels: good.list });
const anyRight = mutated(wellFormedRight, ["right", "channels", "channel"], fc.oneof(badManifestValue, good.text, good.list));
const wellFormedWaiver = fc
  .record({ rule: fc.constantFrom("flow-vague", "s3-meta-no-sharing", "r1.2"), flow: good.id, reason: good.description, expires: date }, { requiredKeys: ["reason", "expires"] })
  .filter((w) => w.rule !== undefined || w.flow !== undefined);
const anyWaiver = mutated(wellFormedWaiver, ["rule", "flow", "reason", "expires", "until"], fc.oneof(badManifestValue, good.text, good.id, date));
const iri = fc.constantFrom("https://w3id.org/dpv#Customer", "https://w3id.org/dpv/pd#EmailAddress", "https://example.com:8443/a%20b?x=1");
const wellFormedSubject = fc.record({ id: good.id, description: good.description, fideslang: fc.constantFrom("customer", "user.account_holder"), dpv: iri }, { requiredKeys: ["id", "description"] });
const anySubject = mutated(
  fc.record({ id: good.id, description: good.description, fideslang: fc.constantFrom("customer", "user.account_holder"), dpv: fc.constantFrom("https://w3id.org/dpv#Customer") }, { requiredKeys: ["id", "description"] }),
  ["id", "description", "fideslang", "dpv"],
  fc.oneof(badManifestValue, good.text, good.id),
);

const manifest = (items: { subject: fc.Arbitrary<unknown>; flow: fc.Arbitrary<unknown>; plan: fc.Arbitrary<unknown>; right: fc.Arbitrary<unknown>; waiver: fc.Arbitrary<unknown> }) =>
  fc.record(
    {
      $schema: fc.constantFrom("", "../../schemas/manifest.schema.json"),
      policy: fc.constantFrom("pomeg", "./acme.policy.yaml"),
      dataSubjects: fc.array(items.subject, { maxLength: 2 }),
      flows: fc.array(items.flow, { maxLength: 3 }),
      deletion: fc.array(items.plan, { maxLength: 2 }),
      rights: fc.array(items.right, { maxLength: 2 }),
      waivers: fc.array(items.waiver, { maxLength: 2 }),
    },
    { requiredKeys: ["policy"] },
  );
const wellFormedManifest = manifest({ subject: wellFormedSubject, flow: wellFormed, plan: wellFormedPlan, right: wellFormedRight, waiver: wellFormedWaiver });
const MANIFEST_FIELDS = ["$schema", "policy", "dataSubjects", "flows", "deletion", "rights", "waivers", "flow", "__proto__"];
const anyManifest = mutated(
  manifest({ subject: anySubject, flow: anyFlow, plan: anyPlan, right: anyRight, waiver: anyWaiver }),
  MANIFEST_FIELDS,
  fc.oneof(badManifestValue, good.text, fc.array(anyFlow, { maxLength: 1 })),
);

/** Every key at every depth, in order, with its value's type: a key holding `undefined` counts (toEqual and JSON text skip it). */
const layout = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(layout) : v !== null && typeof v === "object" ? Object.entries(v).map(([k, x]) => [k, layout(x)]) : typeof v;

/** `readPlainManifest` reads `value` only as zod reads it, key order included. */
const sameManifest = (value: unknown) => {
  const plain = readPlainManifest(value);
  if (plain === undefined) return;
  const parsed = ManifestSchema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(plain).toEqual(parsed.data);
  expect(layout(plain)).toEqual(layout(parsed.data));
};

describe("readPlainManifest", () => {
  it("reads every well-formed manifest, as zod does; parseManifest gives the same (fast-check)", () => {
    fc.assert(
      fc.property(wellFormedManifest, (value) => {
        const plain = readPlainManifest(value);
        expect(plain).toBeDefined();
        sameManifest(value);
        expect(parseManifest(value)).toEqual({ ok: true, manifest: plain });
      }),
      { numRuns: 500 },
    );
  });

  it("reads nothing zod would refuse or read otherwise, at any depth (fast-check)", () => {
    fc.assert(fc.property(anyManifest, sameManifest), { numRuns: 3000 });
  });

  it("leaves to zod what it must judge or word", () => {
    const base = { policy: "pocketo" };
    expect(readPlainManifest(base)).toEqual({ policy: "pocketo", dataSubjects: [], flows: [], deletion: [], waivers: [] });
    // Absent rights stay absent (not checked); an empty list is kept (every promised right is checked).
    expect(readPlainManifest({ ...base, rights: [] })).toEqual({ policy: "pocketo", dataSubjects: [], flows: [], deletion: [], rights: [], waivers: [] });
    // A step with two timings, a waiver naming neither rule nor flow, an instant without seconds, a DPV IRI zod would trim or refuse.
    expect(readPlainManifest({ ...base, deletion: [{ id: "p", trigger: "t", steps: [{ data: ["x"], store: "s", after: "P1D", at: "2026-11-23T10:00:00Z" }] }] })).toBeUndefined();
    expect(readPlainManifest({ ...base, waivers: [{ reason: "r", expires: "2026-12-31" }] })).toBeUndefined();
    expect(readPlainManifest({ ...base, deletion: [{ id: "p", trigger: "t", triggeredAt: "2026-11-23T10:00Z", steps: [{ data: ["x"], store: "s", after: "P1D" }] }] })).toBeUndefined();
    expect(readPlainManifest({ ...base, dataSubjects: [{ id: "u", description: "d", dpv: " https://w3id.org/dpv#User" }] })).toBeUndefined();
    expect(readPlainManifest({ ...base, dataSubjects: [{ id: "u", description: "d", dpv: "http://w3id.org/dpv#User" }] })).toBeUndefined();
    // More steps or terms than the fast path reads: zod's path bounds the values of one item.
    const step = { data: ["x"], store: "s", after: "P1D" };
    expect(readPlainManifest({ ...base, deletion: [{ id: "p", trigger: "t", steps: Array.from({ length: 51 }, () => step) }] })).toBeUndefined();
    expect(readPlainManifest({ ...base, rights: [{ right: "access", channels: Array.from({ length: 1001 }, () => "email") }] })).toBeUndefined();
    // A value that cannot be read is zod's to report, never an exception here.
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(readPlainManifest(hostile)).toBeUndefined();
  });
});
