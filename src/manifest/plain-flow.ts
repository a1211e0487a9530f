/**
 * The fast path of manifest validation: a flow whose every field plainly has the type and form
 * the schema asks for is read here, into the value the zod schema would give; anything else,
 * down to a key whose value is `undefined`, is left to zod, which judges and words it. `lint`
 * of 100,000 flows takes 0.25–0.3 s less this way (BENCHMARKS.md). The property test in
 * test/manifest/plain-flow.test.ts holds the two readings equal.
 */
import { FLOW_ID_PATTERN, type Flow } from "../model/manifest.js";

/** The flow schema's keys. */
const KNOWN: ReadonlySet<string> = new Set(["id", "description", "action", "data", "recipient", "purposes", "conditions", "safeguards", "location", "audience", "source", "subjects"]);

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isId = (v: unknown): v is string => typeof v === "string" && FLOW_ID_PATTERN.test(v);

/** A copy of `v` when it is a list of at least `min` items that each pass `item`. */
function listOf(v: unknown, min: number, item: (x: unknown) => x is string): string[] | undefined {
  if (!Array.isArray(v) || v.length < min) return undefined;
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (!item(x)) return undefined;
    out[i] = x;
  }
  return out;
}

/** Whether `v` is a plain object (a parsed mapping, an object literal, one without a prototype) with only `known` keys, none of them undefined. */
function isPlainRecord(v: unknown, known: ReadonlySet<string>): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const prototype: unknown = Object.getPrototypeOf(v);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(v)) if (!known.has(key) || (v as Record<string, unknown>)[key] === undefined) return false;
  return Object.getOwnPropertySymbols(v).length === 0;
}

const AUDIENCE: ReadonlySet<string> = new Set(["minimumAge", "region"]);

/**
 * The flow the schema would read from `value`, or `undefined` when `value` is anything but
 * plainly well-formed (then zod decides, with its findings).
 *
 * @example
 * readPlainFlow({ id: "f", description: "d", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"] })
 * //=> { id: "f", description: "d", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"], conditions: [], safeguards: [] }
 * readPlainFlow({ id: "f", data: "email-address" }) //=> undefined
 */
export function readPlainFlow(value: unknown): Flow | undefined {
  if (!isPlainRecord(value, KNOWN)) return undefined;
  const { id, description, action, recipient, location, audience, source } = value;
  if (!isId(id) || !isText(description) || !isText(action) || !isText(recipient)) return undefined;
  const data = listOf(value.data, 1, isText);
  const purposes = listOf(value.purposes, 1, isText);
  const conditions = value.conditions === undefined ? [] : listOf(value.conditions, 0, isText);
  const safeguards = value.safeguards === undefined ? [] : listOf(value.safeguards, 0, isText);
  const subjects = value.subjects === undefined ? undefined : listOf(value.subjects, 1, isId);
  if (data === undefined || purposes === undefined || conditions === undefined || safeguards === undefined) return undefined;
  if (value.subjects !== undefined && subjects === undefined) return undefined;
  if ((location !== undefined && !isText(location)) || (source !== undefined && !isText(source))) return undefined;
  let readAudience: Flow["audience"];
  if (audience !== undefined) {
    if (!isPlainRecord(audience, AUDIENCE)) return undefined;
    const { minimumAge, region } = audience;
    if (typeof minimumAge !== "number" || !Number.isInteger(minimumAge) || minimumAge < 0 || minimumAge > 30) return undefined;
    if (region !== undefined && !isText(region)) return undefined;
    readAudience = region === undefined ? { minimumAge } : { minimumAge, region };
  }
  // In the schema's order, as zod writes its output.
  return {
    id,
    description,
    action,
    data,
    recipient,
    purposes,
    conditions,
    safeguards,
    ...(location !== undefined ? { location } : {}),
    ...(readAudience !== undefined ? { audience: readAudience } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(subjects !== undefined ? { subjects } : {}),
  };
}
