import type { DurationParts } from "../model/duration.js";
import type { Policy, RetentionRule } from "../model/policy.js";
import { compareText } from "../order.js";
import { policyTerms } from "../policy/terms.js";
import { buildVocabulary, type Vocabulary } from "../vocabulary/vocabulary.js";
import { addDuration, parseDurationField, type InputIssue, type Parsed } from "./time.js";

/** A policy with its vocabulary built, as `validatePolicy` and `resolveBundledPolicy` return it. */
export interface DeadlinePolicy {
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
}

/** A policy object (such as the bundled `pomeg`) or a policy already compiled with its vocabulary. */
export type PolicyLike = Policy | DeadlinePolicy;

/**
 * An event that marks the completion of a process started by another event: `account-deleted`
 * is the moment primary deletion after `account-deletion-requested` is complete. A rule whose
 * trigger is such an event ("backups retained up to 90 days following deletion") is counted,
 * for the starting event, from the **latest permitted** completion: the latest
 * `dueWithTolerance` of the rules that the starting event sets on `store`.
 */
export interface EventChain {
  /** The completion event, such as `account-deleted`. */
  readonly event: string;
  /** The event that starts the process, such as `account-deletion-requested`. */
  readonly after: string;
  /** The store whose deletion completes the process, such as `primary`. */
  readonly store: string;
}

/**
 * The chains pledge knows: `account-deleted` completes primary deletion after
 * `account-deletion-requested`, and `integration-data-deleted` after `integration-disconnected`.
 *
 * @example
 * EVENT_CHAINS[0] //=> { event: "account-deleted", after: "account-deletion-requested", store: "primary" }
 * EVENT_CHAINS[1] //=> { event: "integration-data-deleted", after: "integration-disconnected", store: "primary" }
 */
export const EVENT_CHAINS: readonly EventChain[] = [
  { event: "account-deleted", after: "account-deletion-requested", store: "primary" },
  { event: "integration-data-deleted", after: "integration-disconnected", store: "primary" },
];

/** How a rule's trigger relates to the event that happened. */
export type TriggerMatch =
  /** The rule names the event itself. */
  | "same"
  /** The event is a case of the rule's broader trigger (a `chat-deleted` under `item-deleted`). */
  | "event-narrower"
  /** The rule names a narrower case of the event; it applies when the event is that case. */
  | "event-broader"
  /** The rule's trigger completes a process the event starts (see {@link EventChain}). */
  | "chained";

/** One obligation a starting event sets: a rule's action on one of its stores, as a function of the start. */
export interface Obligation {
  readonly rule: RetentionRule;
  /** Index of the rule in `policy.retention`. */
  readonly ruleIndex: number;
  readonly store: string;
  readonly match: TriggerMatch;
  readonly maxDelay: DurationParts;
  readonly tolerance: DurationParts | undefined;
  /** For a chained rule: the completion event and the obligations whose latest deadline starts its clock. */
  readonly chain?: { readonly event: string; readonly primary: readonly Obligation[] };
}

/** A rule whose clock starts at an event the policy never bounds for this starting event. */
export interface UnboundedObligation {
  readonly rule: RetentionRule;
  readonly ruleIndex: number;
  readonly store: string;
  /** The completion event its clock waits for. */
  readonly waitsFor: string;
}

const compiled = new WeakMap<object, Parsed<DeadlinePolicy>>();

/**
 * Compiles a policy for deadline checks: builds its vocabulary (once per object) and checks
 * every duration its retention rules and rights carry, returning issues as data.
 *
 * @example
 * prepareDeadlines(pomeg).ok //=> true
 * prepareDeadlines({ ...pomeg, retention: [{ ...pomeg.retention[0], maxDelay: "30 days" }] })
 * //=> { ok: false, issue: { code: "invalid-duration", field: "retention[0].maxDelay", … } }
 */
export function prepareDeadlines(input: PolicyLike): Parsed<DeadlinePolicy> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return notAPolicy(input);
  const known = compiled.get(input);
  if (known) return known;
  let result: Parsed<DeadlinePolicy>;
  if ("vocabulary" in input && "policy" in input && typeof (input as DeadlinePolicy).vocabulary.isBelow === "function") {
    result = checkDurations(input as DeadlinePolicy);
  } else {
    const policy = input as Policy;
    const lists = (["vocabulary", "retention", "rights"] as const).find((key) => {
      const list: unknown = policy[key];
      return list !== undefined && (!Array.isArray(list) || list.some((entry) => typeof entry !== "object" || entry === null));
    });
    if (lists !== undefined) return notAPolicy(input, `but its ${lists} is not a list of objects`);
    const built = buildVocabulary(policyTerms({ vocabulary: policy.vocabulary ?? [] }));
    result = built.ok
      ? checkDurations({ policy: { ...policy, retention: policy.retention ?? [], rights: policy.rights ?? [] }, vocabulary: built.vocabulary })
      : { ok: false, issue: { code: "invalid-policy", field: "vocabulary", message: `the policy's vocabulary is invalid: ${built.issues.map((i) => i.message).join("; ")}` } };
  }
  compiled.set(input, result);
  return result;
}

/** The issue for a policy argument of the wrong type (from a caller without TypeScript). */
function notAPolicy(input: unknown, why?: string): { ok: false; issue: InputIssue } {
  const got = why ?? `got ${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}`;
  return { ok: false, issue: { code: "invalid-policy", field: "policy", message: `policy: expected a policy (such as pomeg, or one from validatePolicy), ${got}` } };
}

function checkDurations(compiledPolicy: DeadlinePolicy): Parsed<DeadlinePolicy> {
  const { policy } = compiledPolicy;
  const fields: [string, string | undefined][] = [];
  policy.retention.forEach((rule, i) => {
    fields.push([`retention[${i}].maxDelay`, rule.maxDelay], [`retention[${i}].tolerance`, rule.tolerance]);
  });
  policy.rights.forEach((right, i) => fields.push([`rights[${i}].responseDeadline`, right.responseDeadline]));
  for (const [field, text] of fields) {
    if (text === undefined) continue;
    const parsed = parseDurationField(text, field);
    if (!parsed.ok) return parsed;
  }
  return { ok: true, value: compiledPolicy };
}

/**
 * Checks that `event` is an event term of the policy, with "did you mean" suggestions.
 *
 * @example
 * checkEvent(compiled, "account-deletion-request")
 * //=> { code: "unknown-event", field: "event", suggestions: ["account-deletion-requested"],
 * //     message: 'event: unknown event "account-deletion-request" (did you mean "account-deletion-requested"?); the events are …' }
 * checkEvent(compiled, "item-deleted") //=> undefined
 */
export function checkEvent({ vocabulary }: DeadlinePolicy, event: string, field = "event"): InputIssue | undefined {
  if (vocabulary.has("event", event)) return undefined;
  const suggestions = typeof event === "string" ? vocabulary.suggest("event", event) : [];
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?)` : "";
  return { code: "unknown-event", field, message: `${field}: unknown event "${event}"${hint}; the events are ${vocabulary.ids("event").join(", ")}`, suggestions };
}

/**
 * The chain in which `trigger` comes after `start`: a plan triggered by `account-deleted`
 * answers the end of what `account-deletion-requested` starts, and says nothing of when that
 * end comes, so it cannot answer a rule counted from the start.
 *
 * @example
 * laterInChain(compiled, "account-deleted", "account-deletion-requested")
 * //=> { event: "account-deleted", after: "account-deletion-requested", store: "primary" }
 * laterInChain(compiled, "item-deleted", "account-deletion-requested") //=> undefined
 */
export function laterInChain({ vocabulary }: DeadlinePolicy, trigger: string, start: string): EventChain | undefined {
  return EVENT_CHAINS.find((c) => relate(vocabulary, "event", trigger, c.event) && relate(vocabulary, "event", start, c.after));
}

/**
 * Whether `event` may be the start of the process `after` starts: it is `after`, above or below
 * it, or it has a case that is a case of `after` too (Pomeg's `consent-withdrawn`, whose case
 * `social-account-consent-withdrawn` is a disconnection: the disconnection's chain applies).
 */
function mayStart(vocabulary: Vocabulary, event: string, after: string): boolean {
  if (relate(vocabulary, "event", event, after)) return true;
  return vocabulary.ids("event").some((e) => vocabulary.isBelow("event", e, event) && vocabulary.isBelow("event", e, after));
}

/** How two terms of a kind relate, if at all. */
function relate(vocabulary: Vocabulary, kind: "event" | "store", event: string, trigger: string): TriggerMatch | undefined {
  if (event === trigger) return "same";
  if (vocabulary.isBelow(kind, event, trigger)) return "event-narrower";
  if (vocabulary.isBelow(kind, trigger, event)) return "event-broader";
  return undefined;
}

/**
 * Every obligation `event` starts under the policy, sorted by rule id then store: rules whose
 * trigger is the event, above it or below it in the vocabulary, and rules whose trigger
 * completes a process the event starts ({@link EVENT_CHAINS}). Chained rules the policy gives
 * no starting deadline for are returned apart as `unbounded`.
 *
 * @example
 * const compiled = prepareDeadlines(pomeg);
 * compiled.ok && obligationsFor(compiled.value, "integration-disconnected").obligations.map((o) => `${o.rule.id}/${o.store}`)
 * //=> ["s3-meta-data-disconnect/primary", "s3-meta-tokens-disconnect/token-store", "s6-backups-disconnect/backups",
 * //    "s6-social-account-data/primary", "s6-tokens-disconnect/token-store"]
 */
export function obligationsFor(
  { policy, vocabulary }: DeadlinePolicy,
  event: string,
  chains: readonly EventChain[] = EVENT_CHAINS,
): { obligations: Obligation[]; unbounded: UnboundedObligation[] } {
  const direct: Obligation[] = [];
  const pending: { rule: RetentionRule; ruleIndex: number; chain: EventChain }[] = [];
  policy.retention.forEach((rule, ruleIndex) => {
    const match = relate(vocabulary, "event", event, rule.trigger);
    if (match) {
      for (const store of rule.stores) direct.push(make(rule, ruleIndex, store, match));
      return;
    }
    const chain = chains.find((c) => relate(vocabulary, "event", rule.trigger, c.event) && mayStart(vocabulary, event, c.after));
    if (chain) pending.push({ rule, ruleIndex, chain });
  });
  const obligations = [...direct];
  const unbounded: UnboundedObligation[] = [];
  for (const { rule, ruleIndex, chain } of pending) {
    const primary = direct.filter((o) => vocabulary.isBelow("store", o.store, chain.store));
    for (const store of rule.stores) {
      if (primary.length === 0) unbounded.push({ rule, ruleIndex, store, waitsFor: chain.event });
      else obligations.push({ ...make(rule, ruleIndex, store, "chained"), chain: { event: chain.event, primary } });
    }
  }
  const order = (a: { rule: RetentionRule; store: string }, b: { rule: RetentionRule; store: string }) => compareText(a.rule.id, b.rule.id) || compareText(a.store, b.store);
  return { obligations: obligations.sort(order), unbounded: unbounded.sort(order) };
}

function make(rule: RetentionRule, ruleIndex: number, store: string, match: TriggerMatch): Obligation {
  const duration = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const parsed = parseDurationField(text, "duration");
    return parsed.ok ? parsed.value : undefined;
  };
  return { rule, ruleIndex, store, match, maxDelay: duration(rule.maxDelay) ?? ZERO, tolerance: duration(rule.tolerance) };
}

const ZERO: DurationParts = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

/**
 * When the obligation's clock starts, for a starting event at `start` (epoch ms): the start
 * itself, or for a chained rule the latest permitted completion of its primary obligations.
 *
 * @example
 * // Pomeg's s6-backups (trigger account-deleted) for account-deletion-requested:
 * clockStart(backups, Date.parse("2026-11-23T10:00:00Z")) //=> 1798020000000 (2026-12-23T10:00:00Z, 30 days later)
 */
export function clockStart(obligation: Obligation, start: number): number {
  if (!obligation.chain) return start;
  return Math.max(...obligation.chain.primary.map((p) => dueWithTolerance(p, start)));
}

/**
 * The deadline of an obligation for a starting event at `start` (epoch ms), before tolerance.
 *
 * @example
 * // Pomeg's s6-account-deletion (P30D):
 * due(accountDeletion, Date.parse("2026-11-23T10:00:00Z")) //=> Date.parse("2026-12-23T10:00:00Z")
 */
export function due(obligation: Obligation, start: number): number {
  return addDuration(clockStart(obligation, start), obligation.maxDelay);
}

/**
 * The deadline with the rule's tolerance added (the same as {@link due} without one).
 *
 * @example
 * // Pomeg's s6-tokens-disconnect (PT0S, tolerance PT1H):
 * dueWithTolerance(tokens, Date.parse("2026-11-23T10:00:00Z")) //=> Date.parse("2026-11-23T11:00:00Z")
 */
export function dueWithTolerance(obligation: Obligation, start: number): number {
  const d = due(obligation, start);
  return obligation.tolerance ? addDuration(d, obligation.tolerance) : d;
}

/**
 * Whether the obligation's deadline depends on the calendar (months or years anywhere in it).
 *
 * @example
 * hasCalendarParts(accountDeletion) //=> false (P30D)
 */
export function hasCalendarParts(obligation: Obligation): boolean {
  const cal = (d: DurationParts | undefined) => d !== undefined && (d.years !== 0 || d.months !== 0);
  return cal(obligation.maxDelay) || cal(obligation.tolerance) || (obligation.chain?.primary.some(hasCalendarParts) ?? false);
}
