/**
 * The fast path of manifest validation: a manifest whose every field plainly has the type and
 * form the schema asks for is read here, into the value the zod schema would give; anything
 * else, down to a key whose value is `undefined`, is left to zod, which judges and words it.
 * `lint` of 100,000 flows takes 0.25–0.3 s less this way, and `pledge lint` of a well-formed
 * manifest loads no schema library at all (BENCHMARKS.md). The property tests in
 * test/manifest/plain.test.ts hold the two readings equal.
 */
import { FIDESLANG_PATTERN, FLOW_ID_PATTERN, isCalendarDate, isInstant, DURATION_PATTERN, RULE_ID_PATTERN } from "../model/forms.js";
import type { DataSubject, DeletionPlan, DeletionStep, Flow, Manifest, SupportedRight, Waiver } from "../model/manifest.js";

/** The flow schema's keys. */
const KNOWN: ReadonlySet<string> = new Set(["id", "description", "action", "data", "recipient", "purposes", "conditions", "safeguards", "location", "audience", "source", "subjects"]);

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isId = (v: unknown): v is string => typeof v === "string" && FLOW_ID_PATTERN.test(v);

/**
 * The longest list of terms, and of steps, one item may hold on the fast path. Longer ones are
 * left to zod's path, which refuses an item of more than `MAX_ITEM_VALUES` (100,000) values
 * with a finding of its own; within these bounds no item comes near that (50 steps of 1,000
 * terms).
 */
const MAX_PLAIN_LIST = 1000;
const MAX_PLAIN_STEPS = 50;

/** A copy of `v` when it is a list of `min` to `max` items that `read` each reads; an empty list for an absent optional one. */
function itemsOf<T>(v: unknown, read: (x: unknown) => T | undefined, min = 0, max = Number.POSITIVE_INFINITY): T[] | undefined {
  if (v === undefined && min === 0) return [];
  if (!Array.isArray(v) || v.length < min || v.length > max) return undefined;
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item = read(v[i]);
    if (item === undefined) return undefined;
    out[i] = item;
  }
  return out;
}

const asText = (v: unknown): string | undefined => (isText(v) ? v : undefined);
const asId = (v: unknown): string | undefined => (isId(v) ? v : undefined);

/** A copy of one item's list of terms (or ids), of `min` to {@link MAX_PLAIN_LIST}; an empty list for an absent optional one. */
const listOf = (v: unknown, min: number, read: (x: unknown) => string | undefined): string[] | undefined => itemsOf(v, read, min, MAX_PLAIN_LIST);

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
  const data = listOf(value.data, 1, asText);
  const purposes = listOf(value.purposes, 1, asText);
  const conditions = listOf(value.conditions, 0, asText);
  const safeguards = listOf(value.safeguards, 0, asText);
  const subjects = value.subjects === undefined ? undefined : listOf(value.subjects, 1, asId);
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

const MANIFEST: ReadonlySet<string> = new Set(["$schema", "policy", "dataSubjects", "flows", "deletion", "rights", "waivers"]);
const SUBJECT: ReadonlySet<string> = new Set(["id", "description", "fideslang", "dpv"]);
const PLAN: ReadonlySet<string> = new Set(["id", "description", "trigger", "triggeredAt", "steps"]);
const STEP: ReadonlySet<string> = new Set(["data", "store", "after", "at", "keep"]);
const KEEP: ReadonlySet<string> = new Set(["ground", "reason"]);
const GROUNDS: ReadonlySet<unknown> = new Set(["legal-obligation", "legitimate-interest", "consent"]);
const RIGHT: ReadonlySet<string> = new Set(["right", "channels"]);
const WAIVER: ReadonlySet<string> = new Set(["rule", "flow", "reason", "expires"]);

/** An instant as the schema takes it: RFC 3339 with an offset, and seconds (which zod asks for). */
const isPlainInstant = (v: unknown): v is string => typeof v === "string" && isInstant(v) && v.charCodeAt(16) === 0x3a; /* : */
const isDuration = (v: unknown): v is string => typeof v === "string" && DURATION_PATTERN.test(v);

/**
 * A DPV IRI the schema takes as it is written: `https://`, no white space (which zod would trim
 * or strip), and a URL the WHATWG parser reads, as zod's check asks. Anything else is zod's to say.
 */
const isPlainIri = (v: unknown): v is string => typeof v === "string" && /^https:\/\/\S+$/.test(v) && typeof URL.canParse === "function" && URL.canParse(v);

function readSubject(v: unknown): DataSubject | undefined {
  if (!isPlainRecord(v, SUBJECT)) return undefined;
  const { id, description, fideslang, dpv } = v;
  if (!isId(id) || !isText(description)) return undefined;
  if (fideslang !== undefined && !(typeof fideslang === "string" && FIDESLANG_PATTERN.test(fideslang))) return undefined;
  if (dpv !== undefined && !isPlainIri(dpv)) return undefined;
  return { id, description, ...(fideslang !== undefined ? { fideslang } : {}), ...(dpv !== undefined ? { dpv } : {}) };
}

function readStep(v: unknown): DeletionStep | undefined {
  if (!isPlainRecord(v, STEP)) return undefined;
  const { store, after, at, keep } = v;
  const data = listOf(v.data, 1, asText);
  if (data === undefined || !isText(store)) return undefined;
  // Exactly one of after, at and keep.
  if ((after !== undefined ? 1 : 0) + (at !== undefined ? 1 : 0) + (keep !== undefined ? 1 : 0) !== 1) return undefined;
  if (after !== undefined) return isDuration(after) ? { data, store, after } : undefined;
  if (at !== undefined) return isPlainInstant(at) ? { data, store, at } : undefined;
  if (!isPlainRecord(keep, KEEP) || !GROUNDS.has(keep.ground) || !isText(keep.reason)) return undefined;
  return { data, store, keep: { ground: keep.ground as NonNullable<DeletionStep["keep"]>["ground"], reason: keep.reason } };
}

function readPlan(v: unknown): DeletionPlan | undefined {
  if (!isPlainRecord(v, PLAN)) return undefined;
  const { id, description, trigger, triggeredAt } = v;
  if (!isId(id) || !isText(trigger)) return undefined;
  if ((description !== undefined && !isText(description)) || (triggeredAt !== undefined && !isPlainInstant(triggeredAt))) return undefined;
  const steps = itemsOf(v.steps, readStep, 1, MAX_PLAIN_STEPS);
  if (steps === undefined) return undefined;
  return {
    id,
    ...(description !== undefined ? { description } : {}),
    trigger,
    ...(triggeredAt !== undefined ? { triggeredAt } : {}),
    steps,
  };
}

function readRight(v: unknown): SupportedRight | undefined {
  if (!isPlainRecord(v, RIGHT) || !isText(v.right)) return undefined;
  const channels = listOf(v.channels, 1, asText);
  return channels === undefined ? undefined : { right: v.right, channels };
}

function readWaiver(v: unknown): Waiver | undefined {
  if (!isPlainRecord(v, WAIVER)) return undefined;
  const { rule, flow, reason, expires } = v;
  if (rule === undefined && flow === undefined) return undefined;
  if (rule !== undefined && !(typeof rule === "string" && RULE_ID_PATTERN.test(rule))) return undefined;
  if ((flow !== undefined && !isId(flow)) || !isText(reason) || typeof expires !== "string" || !isCalendarDate(expires)) return undefined;
  return { ...(rule !== undefined ? { rule } : {}), ...(flow !== undefined ? { flow } : {}), reason, expires };
}

/**
 * The manifest the schema would read from `value`, or `undefined` when `value` is anything but
 * plainly well-formed (then zod decides, with its findings). Never throws: a value that cannot
 * be read (a getter that throws) is left to zod too.
 *
 * @example
 * readPlainManifest({ policy: "pomeg", flows: [] })
 * //=> { policy: "pomeg", dataSubjects: [], flows: [], deletion: [], waivers: [] }
 * readPlainManifest({ policy: "pomeg", flow: [] }) //=> undefined (an unknown key)
 */
export function readPlainManifest(value: unknown): Manifest | undefined {
  try {
    if (!isPlainRecord(value, MANIFEST)) return undefined;
    const { $schema, policy } = value;
    if (($schema !== undefined && typeof $schema !== "string") || !isText(policy)) return undefined;
    const dataSubjects = itemsOf(value.dataSubjects, readSubject);
    const flows = itemsOf(value.flows, readPlainFlow);
    const deletion = itemsOf(value.deletion, readPlan);
    // Absent rights stay absent: a manifest that says nothing of rights is not checked for them.
    const rights = value.rights === undefined ? undefined : itemsOf(value.rights, readRight);
    const waivers = itemsOf(value.waivers, readWaiver);
    if (dataSubjects === undefined || flows === undefined || deletion === undefined || (value.rights !== undefined && rights === undefined) || waivers === undefined) return undefined;
    // In the schema's order, as zod writes its output.
    return { ...($schema !== undefined ? { $schema } : {}), policy, dataSubjects, flows, deletion, ...(rights !== undefined ? { rights } : {}), waivers };
  } catch {
    return undefined;
  }
}
