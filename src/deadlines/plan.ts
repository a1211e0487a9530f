import { argumentFinding, isObject } from "../arguments.js";
import { planProblem } from "./arguments.js";
import type { CitedRule, DocumentPath, Finding } from "../findings.js";
import type { Citation } from "../model/citation.js";
import type { DurationParts } from "../model/duration.js";
import type { DeletionPlan, DeletionStep } from "../model/manifest.js";
import type { RetentionRule } from "../model/policy.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { compareText, sortFindings } from "../order.js";
import {
  checkEvent,
  clockStart,
  prepareDeadlines,
  due as dueOf,
  dueWithTolerance,
  hasCalendarParts,
  obligationsFor,
  type EventChain,
  type Obligation,
  type PolicyLike,
  type TriggerMatch,
} from "./obligations.js";
import * as say from "./messages.js";
import { addDuration, elapsed, formatDuration, formatInstant, isCalendarDuration, parseDurationField, parseInstant, sumDurations, type Elapsed } from "./time.js";

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
  | "kept-without-ground"
  /** The application holds none of the rule's data (per its flows), so nothing is asked. */
  | "not-held";

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
  /** Steps that delete only part of a category no step covers (narrower terms). */
  readonly partialSteps: readonly number[];
  /**
   * Each category the plan must delete under this obligation: the held categories the rule is
   * about (or its data as written, without holdings), with the flows holding it and the steps
   * that delete it.
   */
  readonly categories: readonly { readonly data: string; readonly status: Exclude<ObligationStatus, "not-held">; readonly flows: readonly string[]; readonly steps: readonly number[] }[];
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

/** One data category the application holds (a flow keeps it at the operator or a processor), with the flows and purposes it is held for. */
export interface Holding {
  readonly data: string;
  readonly flows: readonly string[];
  readonly purposes: readonly string[];
}

/** Options of {@link checkDeletionPlan}. */
export interface PlanOptions {
  readonly chains?: readonly EventChain[];
  /**
   * What the application holds. A plan must then delete each held category that a triggered
   * rule is about (narrower steps together included); without it, each rule's data as written.
   */
  readonly holdings?: readonly Holding[];
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
  const problem = planProblem(plan);
  if (problem !== undefined) {
    const id = isObject(plan) && typeof plan.id === "string" ? plan.id : "";
    const trigger = isObject(plan) && typeof plan.trigger === "string" ? plan.trigger : "";
    return { planId: id, trigger, obligations: [], findings: [{ ...argumentFinding(problem), ...(id !== "" ? { subject: id } : {}) }] };
  }
  const base = { planId: plan.id, trigger: plan.trigger, ...(plan.triggeredAt !== undefined ? { triggeredAt: plan.triggeredAt } : {}) };
  const findings: Finding[] = [];
  const input = (message: string, path: DocumentPath, code: Finding["code"] = "schema-invalid"): void => {
    findings.push({ code, severity: "error", message, path, subject: plan.id, rules: [] });
  };
  const compiled = prepareDeadlines(policy);
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

  const { obligations } = obligationsFor(compiled.value, plan.trigger, options.chains);
  const checks = obligations.map((o) => checkObligation(o, plan, times, triggeredAt, vocabulary, options.holdings, findings));
  return { ...base, obligations: checks, findings: sortFindings(findings) };
}

function cited(rule: RetentionRule): CitedRule {
  return { ruleId: rule.id, citation: rule.citation, ...(rule.interpretation !== undefined ? { interpretation: rule.interpretation } : {}) };
}

/** Whether a deleting step reaches the obligation's store (its store or a broader one). */
const reaches = (vocabulary: Vocabulary, step: DeletionStep, store: string): boolean => vocabulary.isBelow("store", store, step.store);

const childrenCache = new WeakMap<Vocabulary, Map<string, string[]>>();

/** The data terms directly below a term. */
function childrenOf(vocabulary: Vocabulary, term: string): readonly string[] {
  let byParent = childrenCache.get(vocabulary);
  if (byParent === undefined) {
    byParent = new Map();
    for (const id of vocabulary.ids("data")) {
      for (const parent of vocabulary.term("data", id)?.parents ?? []) {
        const list = byParent.get(parent) ?? [];
        list.push(id);
        byParent.set(parent, list);
      }
    }
    childrenCache.set(vocabulary, byParent);
  }
  return byParent.get(term) ?? [];
}

/**
 * How a plan deletes one category from one store: the steps that delete it or a broader term
 * (the earliest of them counts), or, when none does, the categories below it, every one of
 * which must go (the latest of them counts).
 */
type Coverage = { readonly kind: "steps"; readonly steps: readonly number[] } | { readonly kind: "all"; readonly parts: readonly Coverage[] };

function coverageOf(vocabulary: Vocabulary, plan: DeletionPlan, times: readonly StepTime[], category: string, store: string): Coverage | undefined {
  const steps: number[] = [];
  plan.steps.forEach((step, i) => {
    const time = times[i];
    if ((time?.kind === "after" || time?.kind === "at") && reaches(vocabulary, step, store) && step.data.some((d) => vocabulary.isBelow("data", category, d))) steps.push(i);
  });
  if (steps.length > 0) return { kind: "steps", steps };
  const children = childrenOf(vocabulary, category);
  // The vocabulary is at most MAX_TERM_DEPTH levels deep, which bounds this recursion.
  if (children.length === 0) return undefined;
  const parts: Coverage[] = [];
  for (const child of children) {
    const part = coverageOf(vocabulary, plan, times, child, store);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return { kind: "all", parts };
}

/** When a coverage has deleted its category, for a trigger at `start`, and the step that decides it. */
function deletedAt(coverage: Coverage, times: readonly StepTime[], start: number): { time: number; step: number } {
  if (coverage.kind === "steps") {
    let best = { time: Number.POSITIVE_INFINITY, step: coverage.steps[0] ?? 0 };
    for (const i of coverage.steps) {
      const t = times[i];
      const time = t?.kind === "after" ? addDuration(start, t.parts) : t?.kind === "at" ? t.instant : Number.POSITIVE_INFINITY;
      if (time < best.time) best = { time, step: i };
    }
    return best;
  }
  let worst = { time: Number.NEGATIVE_INFINITY, step: 0 };
  for (const part of coverage.parts) {
    const at = deletedAt(part, times, start);
    if (at.time > worst.time) worst = at;
  }
  return worst;
}

function stepsOf(coverage: Coverage): number[] {
  return coverage.kind === "steps" ? [...coverage.steps] : [...new Set(coverage.parts.flatMap(stepsOf))].sort((a, b) => a - b);
}

/**
 * The categories an obligation asks the plan to delete. With the application's holdings, each
 * held category at or below the rule's data (or the rule's own term, for a held category broader
 * than it), held for one of the rule's purposes when it names some; without them, the rule's data
 * as written.
 */
function requiredCategories(vocabulary: Vocabulary, rule: RetentionRule, holdings: readonly Holding[] | undefined): { data: string; flows: readonly string[] }[] {
  if (holdings === undefined) return rule.data.map((data) => ({ data, flows: [] }));
  const out = new Map<string, Set<string>>();
  for (const h of holdings) {
    if (rule.purposes.length > 0 && !h.purposes.some((p) => rule.purposes.some((r) => vocabulary.isBelow("purpose", p, r)))) continue;
    for (const d of rule.data) {
      const term = vocabulary.isBelow("data", h.data, d) ? h.data : vocabulary.isBelow("data", d, h.data) ? d : undefined;
      if (term === undefined) continue;
      const flows = out.get(term) ?? new Set<string>();
      for (const f of h.flows) flows.add(f);
      out.set(term, flows);
    }
  }
  return [...out.entries()].sort(([a], [b]) => compareText(a, b)).map(([data, flows]) => ({ data, flows: [...flows] }));
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

/** What became of one category under one obligation. */
interface CategoryOutcome {
  readonly data: string;
  readonly flows: readonly string[];
  readonly status: Exclude<ObligationStatus, "not-held">;
  readonly steps: readonly number[];
  readonly late?: { readonly by: number; readonly step: number; readonly when?: number };
  readonly planned?: number;
}

function checkObligation(o: Obligation, plan: DeletionPlan, times: readonly StepTime[], triggeredAt: number | undefined, vocabulary: Vocabulary, holdings: readonly Holding[] | undefined, findings: Finding[]): ObligationCheck {
  const rule = o.rule;
  const after = formatDuration(dueAfter(o));
  const tolerance = rule.tolerance;
  const due: ObligationCheck["due"] = {
    after,
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(triggeredAt !== undefined
      ? { instant: formatInstant(dueOf(o, triggeredAt)), instantWithTolerance: formatInstant(dueWithTolerance(o, triggeredAt)) }
      : {}),
  };
  const required = requiredCategories(vocabulary, rule, holdings);
  const primaryStore = o.chain?.primary[0]?.store;

  // The plan's own primary deletion of a category, when the rule's clock waits for it (backups
  // "following deletion"): never later than the latest permitted primary deletion.
  const dueFor = (category: string, start: number): number => {
    let clock = clockStart(o, start);
    if (primaryStore !== undefined) {
      const primary = coverageOf(vocabulary, plan, times, category, primaryStore);
      if (primary !== undefined) clock = Math.min(clock, deletedAt(primary, times, start).time);
    }
    const d = addDuration(clock, o.maxDelay);
    return o.tolerance ? addDuration(d, o.tolerance) : d;
  };
  const calendar = hasCalendarParts(o) || times.some((t) => t.kind === "after" && isCalendarDuration(t.parts));
  const candidates = triggeredAt !== undefined ? [triggeredAt] : calendar ? starts() : [Date.UTC(2024, 0, 1)];

  const kept: { step: number; ground: string; data: readonly string[]; exception?: Citation }[] = [];
  plan.steps.forEach((step, i) => {
    if (step.keep === undefined || !reaches(vocabulary, step, o.store)) return;
    if (!step.data.some((s) => rule.data.some((d) => vocabulary.isBelow("data", s, d) || vocabulary.isBelow("data", d, s)))) return;
    const exception = rule.exceptions.find((e) => e.ground === step.keep?.ground);
    kept.push({ step: i, ground: step.keep.ground, data: step.data, ...(exception ? { exception: exception.citation } : {}) });
    if (!exception) {
      findings.push({
        code: "retention-exception-unsupported",
        severity: "error",
        message: say.keepWithoutGround(step, rule, o.store, dueWords(o, plan)),
        path: ["steps", i, "keep", "ground"],
        subject: plan.id,
        rules: [cited(rule)],
      });
    }
  });

  const outcomes: CategoryOutcome[] = required.map(({ data, flows }) => {
    const keptBy = kept.find((k) => k.data.some((s) => vocabulary.isBelow("data", data, s)));
    const coverage = coverageOf(vocabulary, plan, times, data, o.store);
    if (coverage === undefined) {
      if (keptBy !== undefined) return { data, flows, status: keptBy.exception ? "kept" : "kept-without-ground", steps: [keptBy.step] };
      return { data, flows, status: "missing", steps: [] };
    }
    let worst: { by: number; step: number; when?: number } = { by: Number.NEGATIVE_INFINITY, step: 0 };
    for (const start of candidates) {
      const at = deletedAt(coverage, times, start);
      const by = at.time - dueFor(data, start);
      if (by > worst.by) worst = { by, step: at.step, ...(candidates.length > 1 ? { when: start } : {}) };
    }
    const steps = stepsOf(coverage);
    return worst.by > 0 ? { data, flows, status: "late", steps, late: worst, planned: worst.step } : { data, flows, status: "on-time", steps, planned: worst.step };
  });

  for (const m of outcomes.filter((x) => x.status === "missing")) {
    findings.push({ code: "deletion-missing", severity: "error", message: say.categoryMissing(m.data, o.store, m.flows, rule, partialWords(vocabulary, plan, times, m.data, o.store), dueWords(o, plan)), path: ["trigger"], subject: plan.id, rules: [cited(rule)] });
  }
  const lateByStep = new Map<number, CategoryOutcome[]>();
  for (const l of outcomes.filter((x) => x.status === "late")) lateByStep.set(l.late?.step ?? 0, [...(lateByStep.get(l.late?.step ?? 0) ?? []), l]);
  for (const [step, late] of lateByStep) {
    const worst = late.reduce((a, b) => ((b.late?.by ?? 0) > (a.late?.by ?? 0) ? b : a));
    const time = times[step];
    findings.push({
      code: "deletion-late",
      severity: "error",
      message: say.categoryLate(late.map((x) => x.data), o.store, rule, plannedWords(time, plan), dueWords(o, plan), elapsed(worst.late?.by ?? 0), triggeredAt === undefined && worst.late?.when !== undefined ? formatInstant(worst.late.when) : undefined),
      path: ["steps", step, time?.kind === "at" ? "at" : "after"],
      subject: plan.id,
      rules: [cited(rule)],
    });
  }

  const status: ObligationStatus =
    outcomes.length === 0 ? "not-held" : (["missing", "late", "kept-without-ground", "kept", "on-time"] as const).find((x) => outcomes.some((c) => c.status === x)) ?? "on-time";
  const decisive = outcomes.find((c) => c.status === status) ?? outcomes[0];
  const plannedStep = decisive?.planned;
  const stepTime = plannedStep === undefined ? undefined : times[plannedStep];
  const planned =
    plannedStep === undefined
      ? undefined
      : {
          step: plannedStep,
          ...(stepTime?.kind === "after" ? { after: stepTime.text } : {}),
          ...(stepTime?.kind === "at" ? { instant: formatInstant(stepTime.instant) } : triggeredAt !== undefined && stepTime?.kind === "after" ? { instant: formatInstant(addDuration(triggeredAt, stepTime.parts)) } : {}),
        };
  const lateBy = decisive?.late === undefined ? undefined : { ...elapsed(decisive.late.by), ...(triggeredAt === undefined && decisive.late.when !== undefined ? { whenTriggeredAt: formatInstant(decisive.late.when) } : {}) };
  return {
    ruleId: rule.id,
    data: rule.data,
    store: o.store,
    action: rule.action,
    trigger: rule.trigger,
    match: o.match,
    status,
    due,
    categories: outcomes.map((c) => ({ data: c.data, status: c.status, flows: c.flows, steps: c.steps })),
    ...(planned ? { planned } : {}),
    ...(lateBy ? { lateBy } : {}),
    kept,
    partialSteps: outcomes.filter((c) => c.status === "missing").flatMap((c) => partialSteps(vocabulary, plan, times, c.data, o.store)),
    citation: rule.citation,
  };
}

/** Steps that delete something narrower than a category from the store, without covering all of it. */
function partialSteps(vocabulary: Vocabulary, plan: DeletionPlan, times: readonly StepTime[], category: string, store: string): number[] {
  const out: number[] = [];
  plan.steps.forEach((step, i) => {
    const time = times[i];
    if ((time?.kind === "after" || time?.kind === "at") && reaches(vocabulary, step, store) && step.data.some((d) => vocabulary.isBelow("data", d, category))) out.push(i);
  });
  return out;
}

/** The steps that delete only part of a category, and what they delete. */
function partialWords(vocabulary: Vocabulary, plan: DeletionPlan, times: readonly StepTime[], category: string, store: string): { steps: number[]; data: string[] } {
  const steps = partialSteps(vocabulary, plan, times, category, store);
  return { steps, data: [...new Set(steps.flatMap((i) => plan.steps[i]?.data ?? []))] };
}

/** The deadline of an obligation, in words (for findings). */
function dueWords(o: Obligation, plan: DeletionPlan): say.DueWords {
  const primaryIds = o.chain ? [...new Set(o.chain.primary.map((p) => p.rule.id))].sort(compareText) : [];
  return { rule: o.rule, trigger: plan.trigger, after: formatDuration(dueAfter(o)), chainedTo: primaryIds };
}

function plannedWords(time: StepTime | undefined, plan: DeletionPlan): string {
  return time?.kind === "at" ? `at ${formatInstant(time.instant)}` : `${time?.kind === "after" ? time.text : "?"} after ${plan.trigger}`;
}
