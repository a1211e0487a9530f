import type { CitedRule, DocumentPath, Finding } from "../findings.js";
import type { Citation } from "../model/citation.js";
import type { DurationParts } from "../model/duration.js";
import type { DeletionPlan, DeletionStep } from "../model/manifest.js";
import type { RetentionRule } from "../model/policy.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { compareText, sortFindings } from "../order.js";
import {
  EVENT_CHAINS,
  checkEvent,
  compilePolicy,
  due as dueOf,
  dueWithTolerance,
  hasCalendarParts,
  obligationsFor,
  type EventChain,
  type Obligation,
  type PolicyLike,
  type TriggerMatch,
} from "./obligations.js";
import { addDuration, describeDuration, elapsed, formatDuration, formatInstant, isCalendarDuration, parseDurationField, parseInstant, sumDurations, type Elapsed } from "./time.js";

/** What became of one obligation under a deletion plan. */
export type ObligationStatus =
  /** A step deletes the data from the store by the deadline (tolerance included). */
  | "on-time"
  /** The earliest step deleting the data runs after the deadline. */
  | "late"
  /** No step deletes the data from the store. */
  | "missing"
  /** A step keeps the data on a ground the rule grants. */
  | "kept"
  /** A step keeps the data on a ground the rule does not grant. */
  | "kept-without-ground";

/** One obligation of the plan's trigger, checked. */
export interface ObligationCheck {
  readonly ruleId: string;
  readonly data: readonly string[];
  readonly store: string;
  readonly action: RetentionRule["action"];
  readonly trigger: string;
  readonly match: TriggerMatch;
  readonly status: ObligationStatus;
  readonly due: {
    /** The deadline counted from the plan's trigger, ISO 8601; a chained rule adds the primary delay (`P30D` + `P90D` = `P120D`). */
    readonly after: string;
    readonly tolerance?: string;
    /** The deadline as an instant, when the plan has `triggeredAt`. */
    readonly instant?: string;
    /** The last compliant instant (tolerance included), when the plan has `triggeredAt`. */
    readonly instantWithTolerance?: string;
  };
  /** The earliest step that deletes the data (for a partial match, the earliest partial step). */
  readonly planned?: { readonly step: number; readonly after?: string; readonly instant?: string };
  /** How late the planned step is; without `triggeredAt`, the worst case over trigger dates, and a trigger instant where it happens. */
  readonly lateBy?: Elapsed & { readonly whenTriggeredAt?: string };
  /** Steps that keep part or all of the data, with the rule's exception when it grants the ground. */
  readonly kept: readonly { readonly step: number; readonly ground: string; readonly data: readonly string[]; readonly exception?: Citation }[];
  /** Steps that delete only part of the rule's data (narrower terms). */
  readonly partialSteps: readonly number[];
  readonly citation: Citation;
}

/** The result of {@link checkDeletionPlan}. */
export interface DeletionPlanCheck {
  readonly planId: string;
  readonly trigger: string;
  readonly triggeredAt?: string;
  /** Sorted by rule id, then store. */
  readonly obligations: readonly ObligationCheck[];
  /** Findings with paths relative to the plan (`["steps", 2, "after"]`, `["trigger"]`), sorted. */
  readonly findings: readonly Finding[];
}

/** Options of {@link checkDeletionPlan}. */
export interface PlanOptions {
  readonly chains?: readonly EventChain[];
}

/** One step's timing: a delay after the trigger or an instant, or a keep. */
type StepTime = { kind: "after"; parts: DurationParts; text: string } | { kind: "at"; instant: number } | { kind: "keep" } | { kind: "invalid" };

const DAY = 86_400_000;
let referenceStarts: number[] | undefined;

/**
 * Trigger instants used when a plan has no `triggeredAt` and some delay has months or years:
 * every UTC midnight of 2024–2027, one whole leap cycle, so every month-end and leap-day
 * clamping case is tried. Day-only delays need one start: in UTC a day is always 24 hours.
 */
function starts(): number[] {
  if (!referenceStarts) {
    const first = Date.UTC(2024, 0, 1);
    const last = Date.UTC(2027, 11, 31);
    referenceStarts = [];
    for (let t = first; t <= last; t += DAY) referenceStarts.push(t);
  }
  return referenceStarts;
}

/**
 * Checks a deletion plan against the retention rules its trigger sets. Each obligation (a rule
 * on one store) must be met by a step whose store is the rule's or above it, and whose data
 * covers every datum of the rule (each rule term equal to or below a step term: a step on
 * `personal-data` covers a rule on `access-token`). The earliest such step decides: on time,
 * late (`deletion-late`, on the step's `after`/`at`) or missing (`deletion-missing`, on
 * `trigger`). A step that `keep`s data passes where the rule grants its ground and is
 * `retention-exception-unsupported` otherwise. Steps beyond any obligation are fine.
 * Without `triggeredAt`, delays with months or years are checked for every trigger date of a
 * leap cycle and the worst case is reported.
 *
 * @example
 * checkDeletionPlan(pomeg, {
 *   id: "account", trigger: "account-deletion-requested",
 *   steps: [
 *     { data: ["personal-data"], store: "primary", after: "P45D" },
 *     { data: ["personal-data"], store: "backups", after: "P120D" },
 *   ],
 * }).findings.map((f) => [f.code, f.path, f.message])
 * //=> [["deletion-late", ["steps", 0, "after"], "step deletes personal-data from primary P45D after account-deletion-requested; rule s6-account-deletion requires it within 30 days (P30D) of account-deletion-requested: 15 days late (P15D)"],
 * //    ["deletion-missing", ["trigger"], "no step deletes personal-data from caches; rule s6-account-deletion requires it within 30 days (P30D) of account-deletion-requested"],
 * //    ["deletion-missing", ["trigger"], "no step deletes personal-data from logs; …"]]
 */
export function checkDeletionPlan(policy: PolicyLike, plan: DeletionPlan, options: PlanOptions = {}): DeletionPlanCheck {
  const base = { planId: plan.id, trigger: plan.trigger, ...(plan.triggeredAt !== undefined ? { triggeredAt: plan.triggeredAt } : {}) };
  const findings: Finding[] = [];
  const input = (message: string, path: DocumentPath, code: Finding["code"] = "schema-invalid"): void => {
    findings.push({ code, severity: "error", message, path, subject: plan.id, rules: [] });
  };
  const compiled = compilePolicy(policy);
  if (!compiled.ok) {
    input(compiled.issue.message, []);
    return { ...base, obligations: [], findings };
  }
  const { vocabulary } = compiled.value;
  const unknown = checkEvent(compiled.value, plan.trigger, "trigger");
  if (unknown) {
    input(unknown.message, ["trigger"], "unknown-term");
    return { ...base, obligations: [], findings };
  }

  let triggeredAt: number | undefined;
  if (plan.triggeredAt !== undefined) {
    const parsed = parseInstant(plan.triggeredAt, "triggeredAt");
    if (parsed.ok) triggeredAt = parsed.value;
    else input(parsed.issue.message, ["triggeredAt"]);
  }
  const times: StepTime[] = plan.steps.map((step, i) => {
    if (step.keep !== undefined) return { kind: "keep" };
    if (step.after !== undefined) {
      const parsed = parseDurationField(step.after, "after");
      if (parsed.ok) return { kind: "after", parts: parsed.value, text: step.after };
      input(parsed.issue.message, ["steps", i, "after"]);
      return { kind: "invalid" };
    }
    if (step.at !== undefined) {
      const parsed = parseInstant(step.at, "at");
      if (!parsed.ok) {
        input(parsed.issue.message, ["steps", i, "at"]);
        return { kind: "invalid" };
      }
      if (plan.triggeredAt === undefined) {
        input("at: a step with an instant needs the plan's triggeredAt, the instant the trigger happened", ["steps", i, "at"]);
        return { kind: "invalid" };
      }
      return { kind: "at", instant: parsed.value };
    }
    input("a step needs exactly one of after (a delay), at (an instant) or keep (a ground for keeping)", ["steps", i]);
    return { kind: "invalid" };
  });

  const { obligations } = obligationsFor(compiled.value, plan.trigger, options.chains ?? EVENT_CHAINS);
  const checks = obligations.map((o) => checkObligation(o, plan, times, triggeredAt, vocabulary, findings));
  return { ...base, obligations: checks, findings: sortFindings(findings) };
}

function cited(rule: RetentionRule): CitedRule {
  return { ruleId: rule.id, citation: rule.citation, ...(rule.interpretation !== undefined ? { interpretation: rule.interpretation } : {}) };
}

function coverage(vocabulary: Vocabulary, step: DeletionStep, o: Obligation): "full" | "partial" | undefined {
  if (!vocabulary.isBelow("store", o.store, step.store)) return undefined;
  if (o.rule.data.every((d) => step.data.some((s) => vocabulary.isBelow("data", d, s)))) return "full";
  if (step.data.some((s) => o.rule.data.some((d) => vocabulary.isBelow("data", s, d) || vocabulary.isBelow("data", d, s)))) return "partial";
  return undefined;
}

/** The deadline counted from the trigger, for display: a chained rule adds its latest primary delay. */
function dueAfter(o: Obligation): DurationParts {
  if (!o.chain) return o.maxDelay;
  const reference = Date.UTC(2024, 0, 31);
  let latest = o.chain.primary[0];
  for (const p of o.chain.primary) if (latest === undefined || dueWithTolerance(p, reference) > dueWithTolerance(latest, reference)) latest = p;
  const primary = latest ? [dueAfter(latest), ...(latest.tolerance ? [latest.tolerance] : [])] : [];
  return sumDurations([...primary, o.maxDelay]);
}

function checkObligation(o: Obligation, plan: DeletionPlan, times: readonly StepTime[], triggeredAt: number | undefined, vocabulary: Vocabulary, findings: Finding[]): ObligationCheck {
  const rule = o.rule;
  const after = formatDuration(dueAfter(o));
  const tolerance = rule.tolerance;
  const toleranceText = tolerance ? ` (tolerance ${describeDuration(tolerance)})` : "";
  const primaryIds = o.chain ? [...new Set(o.chain.primary.map((p) => p.rule.id))].sort(compareText).join(", ") : "";
  const dueText = o.chain
    ? `within ${describeDuration(rule.maxDelay)} of ${rule.trigger}${toleranceText}, counted from the latest permitted primary deletion (${primaryIds}), that is within ${describeDuration(after)} (${after}) of ${plan.trigger}`
    : after === "PT0S"
      ? `immediately on ${plan.trigger}${toleranceText}`
      : `within ${describeDuration(after)} (${after}) of ${plan.trigger}${toleranceText}`;
  const due: ObligationCheck["due"] = {
    after,
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(triggeredAt !== undefined
      ? { instant: formatInstant(dueOf(o, triggeredAt)), instantWithTolerance: formatInstant(dueWithTolerance(o, triggeredAt)) }
      : {}),
  };
  const what = `${rule.data.join(", ")} from ${o.store}`;

  const full: number[] = [];
  const partial: number[] = [];
  const kept: { step: number; ground: string; data: readonly string[]; exception?: Citation }[] = [];
  let keptFully: "kept" | "kept-without-ground" | undefined;
  plan.steps.forEach((step, i) => {
    const cover = coverage(vocabulary, step, o);
    if (!cover) return;
    const time = times[i];
    if (step.keep !== undefined) {
      const exception = rule.exceptions.find((e) => e.ground === step.keep?.ground);
      kept.push({ step: i, ground: step.keep.ground, data: step.data, ...(exception ? { exception: exception.citation } : {}) });
      if (cover === "full" && keptFully !== "kept-without-ground") keptFully = exception ? "kept" : "kept-without-ground";
      if (!exception) {
        const grounds = rule.exceptions.map((e) => e.ground);
        findings.push({
          code: "retention-exception-unsupported",
          severity: "error",
          message: `step keeps ${step.data.join(", ")} in ${step.store} on the ground of ${step.keep.ground}, but rule ${rule.id} grants ${grounds.length > 0 ? `only ${grounds.join(", ")}` : "no exception"}: it requires ${what} deleted ${dueText}`,
          path: ["steps", i, "keep", "ground"],
          subject: plan.id,
          rules: [cited(rule)],
        });
      }
      return;
    }
    if (time?.kind === "after" || time?.kind === "at") (cover === "full" ? full : partial).push(i);
  });

  const base = { ruleId: rule.id, data: rule.data, store: o.store, action: rule.action, trigger: rule.trigger, match: o.match, due, kept, partialSteps: partial, citation: rule.citation };
  if (full.length === 0) {
    if (keptFully) return { ...base, status: keptFully };
    const partialText = partial.length > 0 ? ` (${partial.length === 1 ? "step" : "steps"} ${partial.join(", ")} delete only ${[...new Set(partial.flatMap((i) => plan.steps[i]?.data ?? []))].join(", ")})` : "";
    findings.push({
      code: "deletion-missing",
      severity: "error",
      message: `no step ${actionVerb(rule.action)} ${what}${partialText}; rule ${rule.id} requires it ${dueText}`,
      path: ["trigger"],
      subject: plan.id,
      rules: [cited(rule)],
    });
    if (partial.length === 0) return { ...base, status: "missing" };
  }
  const deciding = full.length > 0 ? full : partial;
  const timing = lateness(o, deciding.map((i) => times[i]).filter((t): t is StepTime => t !== undefined), triggeredAt);
  const earliestStep = deciding[timing.index] ?? deciding[0] ?? 0;
  const stepTime = times[earliestStep];
  const planned = {
    step: earliestStep,
    ...(stepTime?.kind === "after" ? { after: stepTime.text } : {}),
    ...(stepTime?.kind === "at" ? { instant: formatInstant(stepTime.instant) } : triggeredAt !== undefined && stepTime?.kind === "after" ? { instant: formatInstant(addDuration(triggeredAt, stepTime.parts)) } : {}),
  };
  if (timing.late <= 0) return { ...base, status: full.length > 0 ? "on-time" : "missing", planned };
  const late = elapsed(timing.late);
  const when = timing.when !== undefined && triggeredAt === undefined ? formatInstant(timing.when) : undefined;
  const plannedText = stepTime?.kind === "at" ? `at ${formatInstant(stepTime.instant)}` : `${stepTime?.kind === "after" ? stepTime.text : "?"} after ${plan.trigger}`;
  findings.push({
    code: "deletion-late",
    severity: "error",
    message: `step ${actionVerb(rule.action)} ${full.length > 0 ? what : `${plan.steps[earliestStep]?.data.join(", ") ?? "?"} from ${o.store}`} ${plannedText}; rule ${rule.id} requires it ${dueText}: ${late.text} late (${late.iso})${when ? `, for a trigger at ${when}` : ""}`,
    path: ["steps", earliestStep, stepTime?.kind === "at" ? "at" : "after"],
    subject: plan.id,
    rules: [cited(rule)],
  });
  return { ...base, status: full.length > 0 ? "late" : "missing", planned, lateBy: { ...late, ...(when ? { whenTriggeredAt: when } : {}) } };
}

function actionVerb(action: RetentionRule["action"]): string {
  return action === "purge" ? "purges" : action === "delete-or-anonymize" ? "deletes or anonymizes" : action === "invalidate-and-delete" ? "invalidates and deletes" : "deletes";
}

/**
 * How late the earliest of the steps is against the obligation (negative or zero: on time).
 * With `triggeredAt`, exact for that instant; otherwise the worst case over trigger dates.
 */
function lateness(o: Obligation, steps: readonly StepTime[], triggeredAt: number | undefined): { late: number; index: number; when?: number } {
  const calendar = hasCalendarParts(o) || steps.some((s) => s.kind === "after" && isCalendarDuration(s.parts));
  const candidates = triggeredAt !== undefined ? [triggeredAt] : calendar ? starts() : [Date.UTC(2024, 0, 1)];
  let worst: { late: number; index: number; when?: number } = { late: Number.NEGATIVE_INFINITY, index: 0 };
  for (const start of candidates) {
    let earliest = Number.POSITIVE_INFINITY;
    let index = 0;
    steps.forEach((s, i) => {
      const time = s.kind === "after" ? addDuration(start, s.parts) : s.kind === "at" ? s.instant : Number.POSITIVE_INFINITY;
      if (time < earliest) {
        earliest = time;
        index = i;
      }
    });
    const late = earliest - dueWithTolerance(o, start);
    if (late > worst.late) worst = { late, index, ...(candidates.length > 1 ? { when: start } : {}) };
  }
  return worst;
}
