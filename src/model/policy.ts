import * as z from "zod";
import { RULE_ID_PATTERN } from "./forms.js";
import { CitationSchema } from "./citation.js";
import { DurationSchema } from "./duration.js";
import { TermIdSchema, TermSchema } from "./terms.js";

/** A rule id: lowercase words joined by hyphens or dots, such as `s3-meta-no-sharing`. */
export const RuleIdSchema = z.string().regex(RULE_ID_PATTERN, {
  message: "expected a rule id: lowercase letters and digits joined by hyphens or dots, such as s3-meta-no-sharing",
});

const terms = z.array(TermIdSchema);

/**
 * The force of a statement.
 * - `may`: discloses that the flow can happen; its conditions and safeguards are attached to that permission.
 * - `only-if`: the flow happens only when all its conditions hold, whatever else allows it.
 * - `must`: every flow it covers must carry its safeguards and conditions; it allows nothing by itself.
 * - `must-not`: the policy promises the flow will not happen.
 * - `only-for`: the data is processed for the listed purposes and no other ("solely", "only",
 *   "not for any secondary purpose"); a flow it covers with any other purpose is ruled out, as by a
 *   `must-not`. It allows nothing by itself.
 */
export const ModalitySchema = z.enum(["may", "only-if", "must", "must-not", "only-for"]);

/** One of `may`, `only-if`, `must`, `must-not`, `only-for`. */
export type Modality = z.infer<typeof ModalitySchema>;

/** What a policy says about one kind of data flow, one clause at a time. */
export const StatementSchema = z.strictObject({
  id: RuleIdSchema,
  modality: ModalitySchema,
  /** Processing actions (`collect`, `use`, `share`…): the statement covers a flow whose action is any of these or below. */
  actions: terms.min(1),
  /** Data categories the statement is about. */
  data: terms.min(1),
  /**
   * Recipients; `first-party` for the operator itself. An empty list means every recipient, and
   * is allowed only on statements that restrict (`must`, `must-not`, `only-for`): a permission names
   * whom it allows.
   */
  recipients: terms.default([]),
  /**
   * Purposes. On a permission (`may`, `only-if`) an empty list stands for the policy's
   * `purposeLimit` when it has one, else for any purpose; on `must` and `must-not` it binds every
   * purpose; `only-for` needs at least one.
   */
  purposes: terms.default([]),
  /** Conditions that must hold (user action, opt-in, OAuth grant…). */
  conditions: terms.default([]),
  /** Safeguards the flow must have (encryption at rest, bcrypt…). */
  safeguards: terms.default([]),
  /** Where the flow may take place; empty means anywhere. */
  locations: terms.default([]),
  citation: CitationSchema,
  /** Which reading of an unclear text is encoded, and why. */
  interpretation: z.string().min(1).optional(),
});

/** A policy statement. */
export type Statement = z.infer<typeof StatementSchema>;

/** An exception to a retention rule that the text itself grants. */
export const RetentionExceptionSchema = z.strictObject({
  /** The ground for keeping data longer, such as `legal-obligation`. */
  ground: z.enum(["legal-obligation", "legitimate-interest", "consent"]),
  citation: CitationSchema,
});

/** How long data may be kept after an event, and from which store it must go. */
export const RetentionRuleSchema = z.strictObject({
  id: RuleIdSchema,
  data: terms.min(1),
  /** Where the copies live: `primary`, `backups`, `token-store`… */
  stores: terms.min(1),
  /** The event that starts the clock, such as `account-deletion-requested`. */
  trigger: TermIdSchema,
  /**
   * Purpose-bound retention ("kept only as long as needed for that purpose"): the rule asks only
   * for data the application holds for one of these purposes. Empty: whatever it is held for.
   */
  purposes: terms.default([]),
  /** What must happen by the deadline. */
  action: z.enum(["delete", "delete-or-anonymize", "invalidate-and-delete", "purge"]),
  /** The longest delay after the trigger, ISO 8601; "immediately" is `PT0S`. */
  maxDelay: DurationSchema,
  /** The grace a deadline of "immediately" is given in practice (`PT1H`…); absent means none. */
  tolerance: DurationSchema.optional(),
  exceptions: z.array(RetentionExceptionSchema).default([]),
  citation: CitationSchema,
  interpretation: z.string().min(1).optional(),
});

/** A retention rule. */
export type RetentionRule = z.infer<typeof RetentionRuleSchema>;

/** A data-subject right the policy promises. */
export const RightSchema = z.strictObject({
  id: RuleIdSchema,
  right: TermIdSchema,
  /** Channels through which the policy says the right is exercised. */
  channels: terms.default([]),
  /** How fast a valid request is answered, ISO 8601. */
  responseDeadline: DurationSchema.optional(),
  citation: CitationSchema,
  interpretation: z.string().min(1).optional(),
});

/** A promised right. */
export type Right = z.infer<typeof RightSchema>;

/** A minimum age for users, possibly for one region. */
export const AgeLimitSchema = z.strictObject({
  id: RuleIdSchema,
  minimumAge: z.int().min(0).max(30),
  /** Where this limit applies (`eu`); absent means everywhere else. */
  region: TermIdSchema.optional(),
  citation: CitationSchema,
  interpretation: z.string().min(1).optional(),
});

/** An age limit. */
export type AgeLimit = z.infer<typeof AgeLimitSchema>;

/** A policy-wide note of interpretation that no single rule carries. */
export const PolicyNoteSchema = z.strictObject({
  id: RuleIdSchema,
  topic: z.string().min(1),
  note: z.string().min(1),
  citation: CitationSchema.optional(),
});

/**
 * The closed list of uses a policy gives ("We use the information we collect to:"). A permission
 * that names no purpose stands for these purposes, not for any purpose.
 */
export const PurposeLimitSchema = z.strictObject({
  id: RuleIdSchema,
  purposes: terms.min(1),
  citation: CitationSchema,
  interpretation: z.string().min(1).optional(),
});

/** A policy's closed list of uses. */
export type PurposeLimit = z.infer<typeof PurposeLimitSchema>;

/** A published privacy policy as cited, declarative data. */
export const PolicySchema = z.strictObject({
  $schema: z.string().optional(),
  /** The policy id used by manifests and the CLI, such as `pomeg`. */
  id: TermIdSchema,
  title: z.string().min(1),
  operator: z.strictObject({
    name: z.string().min(1),
    address: z.string().optional(),
    contact: z.string().optional(),
    website: z.string().optional(),
  }),
  /** Where the operator is established, as ISO 3166-1 alpha-2 codes. */
  jurisdictions: z.array(z.string().regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 code such as BD" })),
  /** Where the text says data is stored or processed (location terms); empty when it does not say. */
  storageLocations: terms.default([]),
  /** The last-updated date as printed in the text, or null when none is printed. */
  lastUpdated: z.string().nullable(),
  source: z.strictObject({
    /** The file the encoding was made from. */
    file: z.string().min(1),
    /** SHA-256 of the exact text, lowercase hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "expected a lowercase hex SHA-256" }),
    url: z.string().optional(),
  }),
  /** The closed list of uses that bounds every permission naming no purpose; absent when the text gives none. */
  purposeLimit: PurposeLimitSchema.optional(),
  /** Terms this policy adds to the base vocabulary. */
  vocabulary: z.array(TermSchema).default([]),
  statements: z.array(StatementSchema).default([]),
  retention: z.array(RetentionRuleSchema).default([]),
  rights: z.array(RightSchema).default([]),
  ageLimits: z.array(AgeLimitSchema).default([]),
  notes: z.array(PolicyNoteSchema).default([]),
});

/** A policy as parsed (defaults filled in). */
export type Policy = z.infer<typeof PolicySchema>;
/** A policy as written in a file (defaults optional). */
export type PolicyInput = z.input<typeof PolicySchema>;
