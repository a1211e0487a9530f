/**
 * Every sentence the deletion-plan check shows a person. `plan.ts` decides with data; these
 * functions only word what it decided.
 */
import type { DeletionStep } from "../model/manifest.js";
import type { RetentionRule } from "../model/policy.js";
import { describeDuration, type Elapsed } from "./time.js";

/** An obligation's deadline, as the words need it. */
export interface DueWords {
  readonly rule: RetentionRule;
  /** The plan's trigger. */
  readonly trigger: string;
  /** The deadline counted from the plan's trigger, ISO 8601 (for a chained rule, at the latest). */
  readonly after: string;
  /** For a rule whose clock waits for the primary deletion: the rules of that deletion. */
  readonly chainedTo: readonly string[];
}

/**
 * What a rule's action does, as a verb.
 *
 * @example
 * actionVerb("purge") //=> "purges"
 */
export function actionVerb(action: RetentionRule["action"]): string {
  return action === "purge" ? "purges" : action === "delete-or-anonymize" ? "deletes or anonymizes" : action === "invalidate-and-delete" ? "invalidates and deletes" : "deletes";
}

/**
 * When a rule wants the data gone, counted from the plan's trigger.
 *
 * @example
 * dueText({ rule: accountDeletion, trigger: "account-deletion-requested", after: "P30D", chainedTo: [] })
 * //=> "within 30 days (P30D) of account-deletion-requested"
 */
export function dueText(due: DueWords): string {
  const { rule, trigger, after } = due;
  const tolerance = rule.tolerance ? ` (tolerance ${describeDuration(rule.tolerance)})` : "";
  if (due.chainedTo.length > 0) {
    return `within ${describeDuration(rule.maxDelay)} of ${rule.trigger}${tolerance}, counted from the plan's own primary deletion of that data, and at the latest from the latest permitted one (${due.chainedTo.join(", ")}), that is within ${describeDuration(after)} (${after}) of ${trigger}`;
  }
  return after === "PT0S" ? `immediately on ${trigger}${tolerance}` : `within ${describeDuration(after)} (${after}) of ${trigger}${tolerance}`;
}

/**
 * Flow ids for a message: all of up to five, else the first four and how many more.
 *
 * @example
 * flowNames(["a", "b", "c", "d", "e", "f"]) //=> "flows a, b, c, d and 2 more"
 * flowNames(["chat"]) //=> "flow chat"
 */
export function flowNames(flows: readonly string[]): string {
  const named = flows.length > 5 ? `${flows.slice(0, 4).join(", ")} and ${flows.length - 4} more` : flows.join(", ");
  return `${flows.length === 1 ? "flow" : "flows"} ${named}`;
}

/**
 * No step deletes a held category from a store.
 *
 * @example
 * categoryMissing("chat-content", "logs", ["chat"], rule, { steps: [], data: [] }, due)
 * //=> "no step deletes chat-content from logs (held by flow chat); rule r5 requires it within 30 days (P30D) of account-deletion-requested"
 */
export function categoryMissing(data: string, store: string, flows: readonly string[], rule: RetentionRule, partial: { readonly steps: readonly number[]; readonly data: readonly string[] }, due: DueWords): string {
  const held = flows.length === 0 ? "" : ` (held by ${flowNames(flows)})`;
  const part = partial.steps.length > 0 ? ` (${partial.steps.length === 1 ? "step" : "steps"} ${partial.steps.join(", ")} ${partial.steps.length === 1 ? "deletes" : "delete"} only ${partial.data.join(", ")})` : "";
  return `no step ${actionVerb(rule.action)} ${data} from ${store}${held}${part}; rule ${rule.id} requires it ${dueText(due)}`;
}

/**
 * A step deletes held categories after the deadline.
 *
 * @example
 * categoryLate(["personal-data"], "primary", rule, "P45D after account-deletion-requested", due, { text: "15 days", iso: "P15D" })
 * //=> "step deletes personal-data from primary P45D after account-deletion-requested; rule r requires it within 30 days (P30D) of account-deletion-requested: 15 days late (P15D)"
 */
export function categoryLate(data: readonly string[], store: string, rule: RetentionRule, planned: string, due: DueWords, late: Pick<Elapsed, "text" | "iso">, when?: string): string {
  return `step ${actionVerb(rule.action)} ${data.join(", ")} from ${store} ${planned}; rule ${rule.id} requires it ${dueText(due)}: ${late.text} late (${late.iso})${when ? `, for a trigger at ${when}` : ""}`;
}

/**
 * A step keeps data on a ground the rule does not grant.
 *
 * @example
 * keepWithoutGround(step, rule, "backups", due)
 * //=> "step keeps personal-data in backups on the ground of consent, but rule r grants only legal-obligation: it requires personal-data from backups deleted within 90 days (P90D) of account-deletion-requested"
 */
export function keepWithoutGround(step: DeletionStep, rule: RetentionRule, store: string, due: DueWords): string {
  const grounds = rule.exceptions.map((e) => e.ground);
  return `step keeps ${step.data.join(", ")} in ${step.store} on the ground of ${step.keep?.ground ?? "?"}, but rule ${rule.id} grants ${grounds.length > 0 ? `only ${grounds.join(", ")}` : "no exception"}: it requires ${rule.data.join(", ")} from ${store} deleted ${dueText(due)}`;
}
