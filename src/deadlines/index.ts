/**
 * Deadlines: when an event (account deletion requested, integration disconnected…) obliges the
 * operator to delete data, whether a deletion plan keeps those deadlines, whether every data
 * category handled is ever deleted, and when a data-subject request must be answered.
 * Pure: UTC arithmetic only, no Node imports.
 */
export { deadlinesFor, type Deadline, type DeadlineSchedule, type DeadlineOptions } from "./schedule.js";
export { checkDeletionPlan, type DeletionPlanCheck, type Holding, type ObligationCheck, type ObligationStatus, type PlanOptions } from "./plan.js";
export { checkRetention, checkObligations, holdingsOf, type DataRetention, type RetentionCheck, type ObligationsCheck } from "./retention.js";
export { rightsDeadline, checkRights, type RightDeadline, type RightCheck, type RightsCheck } from "./rights.js";
export { toICalendar, rightToICalendar } from "./ics.js";
export { EVENT_CHAINS, type EventChain, type TriggerMatch } from "./obligations.js";
export { parseInstant, addDuration, formatInstant, type Elapsed, type InputIssue as DeadlineInputIssue } from "./time.js";
