import type { Citation } from "./model/citation.js";

/**
 * Every finding code pledge reports. Codes are stable: SARIF rule ids, waivers and
 * `--format json` consumers rely on them.
 */
export const FINDING_CODES = [
  // input
  "parse-error",
  "schema-invalid",
  "unknown-term",
  "duplicate-id",
  "unknown-policy",
  "input-refused",
  // pledge itself
  "check-failed",
  // flows
  "flow-omitted",
  "flow-vague",
  "flow-incorrect",
  "flow-ambiguous",
  "condition-unmet",
  "safeguard-missing",
  "location-undisclosed",
  "age-limit",
  // deletion and rights
  "deletion-late",
  "deletion-missing",
  "deletion-unplanned",
  "retention-unbounded",
  "retention-exception-unsupported",
  "right-unsupported",
  // waivers
  "waiver-expired",
  "waiver-unused",
] as const;

/** A stable finding code such as `flow-omitted`. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** How bad a finding is: errors fail CI, warnings count against `--max-warnings`. */
export type Severity = "error" | "warning";

/** The disclosure verdict for a flow (PoliCheck's, extended with purposes). */
export type Verdict = "clear" | "vague" | "omitted" | "incorrect" | "ambiguous";

/** A rule of the policy that decided a finding, with its citation. */
export interface CitedRule {
  readonly ruleId: string;
  readonly citation: Citation;
  readonly interpretation?: string;
}

/** A path into a document: object keys and array indexes, such as `["flows", 2, "recipient"]`. */
export type DocumentPath = readonly (string | number)[];

/**
 * One thing pledge found, as plain data. The path points into the checked document; the
 * loader layer turns it into a file, line and column.
 */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  readonly path: DocumentPath;
  /** The flow, deletion plan or waiver id the finding is about, if any. */
  readonly subject?: string;
  readonly verdict?: Verdict;
  /** The policy rules that decided the finding. */
  readonly rules: readonly CitedRule[];
  /**
   * `"key"` when the finding is about the key that ends `path` rather than its value (an
   * unknown key): the loader layer then points at the key.
   */
  readonly at?: "key";
}
