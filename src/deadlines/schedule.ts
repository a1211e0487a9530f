import type { Citation } from "../model/citation.js";
import type { RetentionRule } from "../model/policy.js";
import { compareText } from "../order.js";
import {
  EVENT_CHAINS,
  checkEvent,
  clockStart,
  prepareDeadlines,
  due,
  dueWithTolerance,
  obligationsFor,
  type EventChain,
  type PolicyLike,
  type TriggerMatch,
} from "./obligations.js";
import { formatInstant, parseInstant, type InputIssue } from "./time.js";

/** One deadline an event sets: a rule's action on one store, with its instant in UTC. */
export interface Deadline {
  readonly ruleId: string;
  readonly data: readonly string[];
  readonly store: string;
  readonly action: RetentionRule["action"];
  /** The rule's own trigger (for a chained rule, the completion event such as `account-deleted`). */
  readonly trigger: string;
  readonly match: TriggerMatch;
  /** When the clock starts: the event, or for a chained rule the latest permitted completion. */
  readonly startsAt: string;
  /** The rule's longest delay, ISO 8601 (`PT0S` is "immediately"). */
  readonly maxDelay: string;
  /** The grace the rule grants beyond `maxDelay`, if any. */
  readonly tolerance?: string;
  /** `startsAt + maxDelay`, UTC. */
  readonly due: string;
  /** `due + tolerance` (equal to `due` without a tolerance): the last compliant instant. */
  readonly dueWithTolerance: string;
  /** For a chained rule: the completion event and the rules whose latest deadline starts the clock. */
  readonly via?: { readonly event: string; readonly latestAt: string; readonly ruleIds: readonly string[] };
  /** Grounds on which the rule lets data be kept longer, with their citations. */
  readonly exceptions: readonly { readonly ground: string; readonly citation: Citation }[];
  readonly citation: Citation;
  readonly interpretation?: string;
}

/** A deadline schedule for one event at one instant. */
export interface DeadlineSchedule {
  readonly ok: true;
  readonly policy: string;
  readonly event: string;
  readonly at: string;
  /** Sorted by `dueWithTolerance`, then rule id, then store. */
  readonly deadlines: readonly Deadline[];
  /** Rules counted from a completion event this policy gives no deadline for, after this event. */
  readonly unbounded: readonly { readonly ruleId: string; readonly store: string; readonly waitsFor: string; readonly citation: Citation }[];
}

/** Options of {@link deadlinesFor}. */
export interface DeadlineOptions {
  /** The event chains to resolve; {@link EVENT_CHAINS} by default. */
  readonly chains?: readonly EventChain[];
}

/**
 * Every deadline that `event` at `at` starts under the policy, as UTC instants, sorted by
 * deadline. A rule applies when its trigger is the event, above it or below it in the
 * vocabulary; a rule counted from a completion event (`account-deleted`) is counted from the
 * latest permitted completion. Bad input (unknown event, instant without offset, 2026-02-30)
 * is returned as an issue, never thrown.
 *
 * @example
 * const schedule = deadlinesFor(pomeg, "account-deletion-requested", "2026-11-23T10:00:00Z");
 * schedule.ok && schedule.deadlines.map((d) => [d.ruleId, d.store, d.dueWithTolerance])
 * //=> [["s6-account-deletion", "caches", "2026-12-23T10:00:00Z"],
 * //    ["s6-account-deletion", "logs", "2026-12-23T10:00:00Z"],
 * //    ["s6-account-deletion", "primary", "2026-12-23T10:00:00Z"],
 * //    ["s6-backups", "backups", "2027-03-23T10:00:00Z"]]   // 30 + 90 days
 * deadlinesFor(pomeg, "account-deletion-request", "2026-11-23T10:00:00Z")
 * //=> { ok: false, issue: { code: "unknown-event", field: "event", suggestions: ["account-deletion-requested"], message: … } }
 */
export function deadlinesFor(policy: PolicyLike, event: string, at: string | Date, options: DeadlineOptions = {}): DeadlineSchedule | { ok: false; issue: InputIssue } {
  const compiled = prepareDeadlines(policy);
  if (!compiled.ok) return compiled;
  const unknown = checkEvent(compiled.value, event);
  if (unknown) return { ok: false, issue: unknown };
  const instant = parseInstant(at);
  if (!instant.ok) return instant;
  const start = instant.value;
  const { obligations, unbounded } = obligationsFor(compiled.value, event, options.chains ?? EVENT_CHAINS);
  const deadlines = obligations.map((o): Deadline => {
    const rule = o.rule;
    const startsAt = clockStart(o, start);
    return {
      ruleId: rule.id,
      data: rule.data,
      store: o.store,
      action: rule.action,
      trigger: rule.trigger,
      match: o.match,
      startsAt: formatInstant(startsAt),
      maxDelay: rule.maxDelay,
      ...(rule.tolerance !== undefined ? { tolerance: rule.tolerance } : {}),
      due: formatInstant(due(o, start)),
      dueWithTolerance: formatInstant(dueWithTolerance(o, start)),
      ...(o.chain
        ? { via: { event: o.chain.event, latestAt: formatInstant(startsAt), ruleIds: [...new Set(o.chain.primary.map((p) => p.rule.id))].sort(compareText) } }
        : {}),
      exceptions: rule.exceptions.map((e) => ({ ground: e.ground, citation: e.citation })),
      citation: rule.citation,
      ...(rule.interpretation !== undefined ? { interpretation: rule.interpretation } : {}),
    };
  });
  deadlines.sort((a, b) => Date.parse(a.dueWithTolerance) - Date.parse(b.dueWithTolerance) || compareText(a.ruleId, b.ruleId) || compareText(a.store, b.store));
  return {
    ok: true,
    policy: compiled.value.policy.id,
    event,
    at: formatInstant(start),
    deadlines,
    unbounded: unbounded.map((u) => ({ ruleId: u.rule.id, store: u.store, waitsFor: u.waitsFor, citation: u.rule.citation })),
  };
}
