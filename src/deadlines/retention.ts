import { argumentFinding } from "../arguments.js";
import { manifestProblem } from "./arguments.js";
import type { CitedRule, Finding } from "../findings.js";
import type { Flow, Manifest } from "../model/manifest.js";
import type { RetentionRule } from "../model/policy.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { compareText, sortFindings } from "../order.js";
import { laterInChain, prepareDeadlines, obligationsFor, type PolicyLike } from "./obligations.js";
import { checkDeletionPlan, type DeletionPlanCheck, type Holding, type PlanOptions } from "./plan.js";
import { flowNames } from "./messages.js";
import { checkRights, type RightsCheck } from "./rights.js";

/** Whether the manifest ever deletes one data category it handles. */
export interface DataRetention {
  readonly data: string;
  /** Ids of the flows that handle it, in manifest order. */
  readonly flows: readonly string[];
  /**
   * Ids of the deletion plans that bound it: a step deletes it (its term or a broader one) and
   * the plan's trigger starts one of the retention rules about it (any plan, when there is none).
   */
  readonly plans: readonly string[];
  /** Plans that delete it on a trigger no retention rule about it names (Polus: "tied only to an unrelated event"). */
  readonly untiedPlans: readonly string[];
  /** Retention rules of the policy about it (its term, a broader or a narrower one), sorted. */
  readonly rules: readonly string[];
  /**
   * Triggers owed and not answered, sorted: the triggers of the rules that cover the data whole
   * (its term or a broader one, for a purpose the flows handle it for when the rule names some)
   * on which no plan deletes it. Each is a `deletion-unplanned` warning when some plan bounds
   * the data ("within 30 days of account deletion" is not kept by a plan that deletes the data
   * when a chat is deleted, but the data is not kept forever), and an error when a plan runs on
   * the end of the process the trigger starts (`account-deleted` for
   * `account-deletion-requested`): nothing then says when the data goes.
   */
  readonly missingTriggers: readonly string[];
  /** `bounded`: some plan deletes it, on a trigger that starts one of its rules (any plan, when there is none); `unbounded`: nothing ever does. */
  readonly status: "bounded" | "unbounded";
}

/** The result of {@link checkRetention}. */
export interface RetentionCheck {
  /** One entry per data term the flows name, sorted by term. */
  readonly data: readonly DataRetention[];
  /** `retention-unbounded` findings, at the first flow naming the data (`["flows", i, "data", j]`). */
  readonly findings: readonly Finding[];
}

/**
 * Purpose-bound retention: every data category the manifest's flows handle must be deleted by
 * some deletion plan: a step deleting that term or a broader one (any store), in a plan whose
 * trigger starts one of the policy's retention rules about the data (its term, broader or
 * narrower), or any plan when the policy has no such rule. Otherwise the data is
 * `retention-unbounded`: an error when the policy has a retention rule about it (Polus: "only
 * as long as needed", trigger `purpose-fulfilled`; a plan tied only to an unrelated event does
 * not count), a warning when the policy says nothing of its retention (storage limitation
 * still applies).
 * Whether each plan meets its deadlines is {@link checkDeletionPlan}'s job.
 *
 * @example
 * checkRetention(polus, { flows: [{ id: "forms", data: ["contact-data"], … }], deletion: [] }).findings[0]?.message
 * //=> 'contact-data is kept with no deletion trigger (flow forms): no deletion plan deletes it, yet rule keep-only-while-needed requires it deleted or anonymized within PT0S (tolerance P30D) after purpose-fulfilled; add a deletion plan triggered by purpose-fulfilled'
 */
export function checkRetention(policy: PolicyLike, manifest: Pick<Manifest, "flows" | "deletion">): RetentionCheck {
  const problem = manifestProblem(manifest, false);
  if (problem !== undefined) return { data: [], findings: [argumentFinding(problem)] };
  const compiled = prepareDeadlines(policy);
  if (!compiled.ok) return { data: [], findings: [{ code: "schema-invalid", severity: "error", message: compiled.issue.message, path: [], rules: [] }] };
  const { policy: p, vocabulary } = compiled.value;
  const seen = new Map<string, { ids: Set<string>; purposes: Set<string>; first: [number, number] }>();
  for (let i = 0; i < manifest.flows.length; i++) {
    const flow = manifest.flows[i] as (typeof manifest.flows)[number];
    for (let j = 0; j < flow.data.length; j++) {
      const data = flow.data[j] as string;
      let entry = seen.get(data);
      if (entry === undefined) seen.set(data, (entry = { ids: new Set<string>(), purposes: new Set<string>(), first: [i, j] }));
      entry.ids.add(flow.id);
      for (const purpose of flow.purposes) entry.purposes.add(purpose);
    }
  }
  const findings: Finding[] = [];
  const byTrigger = new Map<string, Set<string>>();
  const triggered = (event: string): Set<string> => {
    let ids = byTrigger.get(event);
    if (!ids) {
      ids = new Set(vocabulary.has("event", event) ? obligationsFor(compiled.value, event).obligations.map((o) => o.rule.id) : []);
      byTrigger.set(event, ids);
    }
    return ids;
  };
  const data = [...seen.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([term, { ids, purposes, first }]): DataRetention => {
      const flows = [...ids];
      const rules = p.retention
        .filter((rule) => rule.data.some((d) => vocabulary.isBelow("data", term, d) || vocabulary.isBelow("data", d, term)))
        .sort((a, b) => compareText(a.id, b.id));
      const deleting = manifest.deletion.filter((plan) => plan.steps.some((step) => step.keep === undefined && step.data.some((s) => vocabulary.isBelow("data", term, s))));
      const tied = rules.length === 0 ? deleting : deleting.filter((plan) => rules.some((rule) => triggered(plan.trigger).has(rule.id)));
      // Each trigger a rule covering the term whole (its term or a broader one) names needs a
      // plan of its own: "within 30 days of account deletion" is not kept by a plan that deletes
      // the data when a chat is deleted. Rules naming purposes count for data the flows handle
      // for one of them; a flow of the coarse "personal-data" is not told to plan for every
      // narrower rule's event.
      const covering = rules.filter(
        (rule) =>
          rule.data.some((d) => vocabulary.isBelow("data", term, d)) &&
          (rule.purposes.length === 0 || [...purposes].some((used) => rule.purposes.some((r) => vocabulary.isBelow("purpose", used, r)))),
      );
      const missingTriggers = [...new Set(covering.map((r) => r.trigger))]
        .sort(compareText)
        .filter((trigger) => !tied.some((plan) => covering.some((rule) => rule.trigger === trigger && triggered(plan.trigger).has(rule.id))));
      const untied = deleting.filter((plan) => !tied.includes(plan)).map((plan) => plan.id);
      const ruleIds = rules.map((r) => r.id);
      const plans = tied.map((plan) => plan.id);
      if (tied.length > 0) {
        if (missingTriggers.length > 0) {
          // The plans to advise: a trigger whose plan would also start another's rules (account
          // deletion requested, then the backups "following deletion") stands for it.
          const starts = (event: string, trigger: string) => covering.some((r) => r.trigger === trigger && triggered(event).has(r.id));
          const advise = missingTriggers.filter((t) => !missingTriggers.some((o) => o !== t && starts(o, t) && !starts(t, o)));
          // A plan on the end of a process the missing trigger starts (account-deleted, for
          // account-deletion-requested) shows no time for the start's rules at all.
          const later = tied.flatMap((plan) => missingTriggers.filter((t) => laterInChain(compiled.value, plan.trigger, t)).map((start) => ({ plan: plan.id, trigger: plan.trigger, start })));
          findings.push(unplanned(term, flows, first, covering, missingTriggers, advise, plans, later));
        }
        return { data: term, flows, plans, untiedPlans: untied, rules: ruleIds, missingTriggers, status: "bounded" };
      }
      findings.push(unbounded(term, flows, first, rules, untied));
      return { data: term, flows, plans, untiedPlans: untied, rules: ruleIds, missingTriggers, status: "unbounded" };
    });
  return { data, findings: sortFindings(findings) };
}

const cite = (rules: readonly RetentionRule[]): CitedRule[] => rules.map((r) => ({ ruleId: r.id, citation: r.citation, ...(r.interpretation !== undefined ? { interpretation: r.interpretation } : {}) }));

/** " (flows a, b, c, d and 3 more)". */
const flowList = (flows: readonly string[]): string => ` (${flowNames(flows)})`;

/** What each rule promises, for a message: "rule r requires it deleted within P30D after e". */
const promises = (rules: readonly RetentionRule[]): string =>
  rules.map((r) => `rule ${r.id} requires it ${r.action === "delete-or-anonymize" ? "deleted or anonymized" : "deleted"} within ${r.maxDelay}${r.tolerance ? ` (tolerance ${r.tolerance})` : ""} after ${r.trigger}`).join("; ");

/** The `retention-unbounded` finding of a data term no plan bounds: at the first flow naming it, citing its rules. */
function unbounded(term: string, flows: readonly string[], first: readonly [number, number], rules: readonly RetentionRule[], untied: readonly string[]): Finding {
  const path = ["flows", first[0], "data", first[1]];
  const subject = flows[0] !== undefined ? { subject: flows[0] } : {};
  if (rules.length === 0) {
    const message = `${term} is kept with no deletion trigger${flowList(flows)}: no deletion plan deletes it, and the policy says nothing of how long it is kept`;
    return { code: "retention-unbounded", severity: "warning", message, path, ...subject, rules: [] };
  }
  const triggers = [...new Set(rules.map((r) => r.trigger))].sort(compareText).join(" or ");
  const none =
    untied.length > 0
      ? `only ${untied.length === 1 ? "plan" : "plans"} ${untied.join(", ")} ${untied.length === 1 ? "deletes" : "delete"} it, on ${untied.length === 1 ? "a trigger" : "triggers"} no retention rule about it names`
      : "no deletion plan deletes it";
  const message = `${term} is kept with no deletion trigger${flowList(flows)}: ${none}, yet ${promises(rules)}; add a deletion plan triggered by ${triggers}`;
  return { code: "retention-unbounded", severity: "error", message, path, ...subject, rules: cite(rules) };
}

/** A plan triggered by the end of a process that a missing trigger starts. */
interface LaterPlan {
  readonly plan: string;
  readonly trigger: string;
  readonly start: string;
}

/**
 * The `deletion-unplanned` finding of a data term some plan bounds, for the triggers of its
 * rules that no plan answers: a warning, or an error when a plan answers only the end of the
 * process such a trigger starts (a plan on `account-deleted` and none on
 * `account-deletion-requested`), since nothing then says when the data goes.
 */
function unplanned(term: string, flows: readonly string[], first: readonly [number, number], rules: readonly RetentionRule[], missing: readonly string[], advise: readonly string[], plans: readonly string[], later: readonly LaterPlan[]): Finding {
  const owed = rules.filter((r) => missing.includes(r.trigger));
  const by = `${plans.length === 1 ? "plan" : "plans"} ${plans.join(", ")} ${plans.length === 1 ? "deletes" : "delete"} it`;
  const ends = later.map((l) => `plan ${l.plan} runs on ${l.trigger}, the end of what ${l.start} starts, and no plan says when that end comes; `).join("");
  const add = advise.length === 1 ? `add a deletion plan triggered by ${advise[0]}` : `add a deletion plan for each of ${advise.join(", ")}`;
  const message = `${term} has no deletion plan for ${missing.join(" or ")}${flowList(flows)}: ${by}, but ${ends}${promises(owed)}; ${add}`;
  const severity = later.length > 0 ? "error" : "warning";
  return { code: "deletion-unplanned", severity, message, path: ["flows", first[0], "data", first[1]], ...(flows[0] !== undefined ? { subject: flows[0] } : {}), rules: cite(owed) };
}

/**
 * What an application holds, from its flows: each data category a flow keeps at the operator
 * (`first-party`) or at a processor acting for it, by any action but `delete`, with the flows and
 * purposes it is held for. Sorted by category.
 *
 * @example
 * holdingsOf(vocabulary, [{ id: "signup", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] }])
 * //=> [{ data: "email-address", flows: ["signup"], purposes: ["account-management"] }]
 */
export function holdingsOf(vocabulary: Vocabulary, flows: readonly Pick<Flow, "id" | "action" | "data" | "recipient" | "purposes">[]): Holding[] {
  const held = new Map<string, { flows: Set<string>; purposes: Set<string> }>();
  // A manifest names few recipients and actions: each is placed in the vocabulary once.
  const keeps = new Map<string, boolean>();
  const holds = (flow: (typeof flows)[number]): boolean => {
    const key = `${flow.recipient}\u0000${flow.action}`;
    let answer = keeps.get(key);
    if (answer === undefined) {
      const atOperator = vocabulary.isBelow("recipient", flow.recipient, "first-party") || vocabulary.isBelow("recipient", flow.recipient, "processor");
      keeps.set(key, (answer = atOperator && !vocabulary.isBelow("action", flow.action, "delete")));
    }
    return answer;
  };
  for (const flow of flows) {
    if (!holds(flow)) continue;
    for (const data of flow.data) {
      let entry = held.get(data);
      if (entry === undefined) held.set(data, (entry = { flows: new Set<string>(), purposes: new Set<string>() }));
      entry.flows.add(flow.id);
      for (const p of flow.purposes) entry.purposes.add(p);
    }
  }
  return [...held.entries()].sort(([a], [b]) => compareText(a, b)).map(([data, e]) => ({ data, flows: [...e.flows], purposes: [...e.purposes].sort(compareText) }));
}

/** Everything {@link checkObligations} found in a manifest. */
export interface ObligationsCheck {
  /** One per deletion plan, in manifest order. */
  readonly plans: readonly DeletionPlanCheck[];
  /** Absent when the manifest declares no rights (see {@link checkObligations}). */
  readonly rights?: RightsCheck;
  readonly retention: RetentionCheck;
  /** Every finding, with paths from the manifest root (`["deletion", 0, "steps", 1, "after"]`), sorted. */
  readonly findings: readonly Finding[];
}

/**
 * Runs the deletion, retention and rights checks over a whole manifest, for `pledge lint`:
 * each deletion plan ({@link checkDeletionPlan}, paths prefixed `["deletion", i]`), the
 * retention of every data category the flows handle ({@link checkRetention}), and the rights
 * ({@link checkRights}, paths prefixed `["rights"]`) when the manifest has a `rights` list, even
 * an empty one (a manifest without the key, of flows alone, is not told it supports no rights).
 *
 * @example
 * checkObligations(pomeg, manifest).findings.map((f) => [f.code, f.path])
 * //=> [["deletion-late", ["deletion", 0, "steps", 2, "after"]], ["deletion-missing", ["deletion", 0, "trigger"]],
 * //    ["right-unsupported", ["rights"]], ["right-unsupported", ["rights", 0, "channels"]]]
 */
export function checkObligations(policy: PolicyLike, manifest: Pick<Manifest, "flows" | "deletion" | "rights">, options: PlanOptions & { readonly rights?: "when-declared" | "always" } = {}): ObligationsCheck {
  const problem = manifestProblem(manifest, true);
  if (problem !== undefined) {
    const retention = { data: [], findings: [argumentFinding(problem)] };
    return { plans: [], retention, findings: retention.findings };
  }
  const compiled = prepareDeadlines(policy);
  const holdings = options.holdings ?? (compiled.ok && manifest.flows.length > 0 ? holdingsOf(compiled.value.vocabulary, manifest.flows) : undefined);
  const plans = manifest.deletion.map((plan) => checkDeletionPlan(policy, plan, { ...options, ...(holdings !== undefined ? { holdings } : {}) }));
  const retention = checkRetention(policy, manifest);
  const declared = manifest.rights;
  const rights = declared !== undefined || options.rights === "always" ? checkRights(policy, declared ?? []) : undefined;
  const findings = [
    ...plans.flatMap((check, i) => check.findings.map((f) => ({ ...f, path: ["deletion", i, ...f.path] }))),
    ...retention.findings,
    ...(rights?.findings.map((f) => ({ ...f, path: ["rights", ...f.path] })) ?? []),
  ];
  return { plans, ...(rights ? { rights } : {}), retention, findings: sortFindings(findings) };
}
