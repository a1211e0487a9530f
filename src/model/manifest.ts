import * as z from "zod";
import { DurationSchema } from "./duration.js";
import { FIDESLANG_PATTERN, FLOW_ID_PATTERN } from "./forms.js";
import { RuleIdSchema } from "./policy.js";
import type { TermKind } from "./terms.js";
import { CalendarDateSchema, InstantSchema } from "./time.js";

export { FLOW_ID_PATTERN } from "./forms.js";

/** An id for a flow or a deletion plan inside a manifest, such as `chat-to-openai`. */
export const FlowIdSchema = z.string().regex(FLOW_ID_PATTERN, {
  message: "expected an id of letters, digits, '.', '_' or '-', such as chat-to-openai",
});

/** Builds the schema of one term field; the generic manifest accepts any term reference. */
export type TermField = (kind: TermKind) => z.ZodType<string, string>;

/**
 * A term as a manifest names it: any text. Whether the policy's vocabulary has it is checked
 * afterwards, so that a term it lacks, whatever its shape (a typo, a Fideslang key such as
 * `user.contact.email`, a DPV IRI), is an `unknown-term` with a suggestion, not a pattern error.
 */
const anyTerm: TermField = () => z.string().min(1);

/**
 * Builds the manifest schema with `term(kind)` as the schema of every term field. The generic
 * manifest takes any term id; a policy's own manifest schema takes only that policy's terms.
 *
 * @example
 * const schema = createManifestSchema(() => z.enum(["email-address", "share"]));
 * schema.safeParse({ policy: "pomeg", flows: [] }).success //=> true
 */
export function createManifestSchema(term: TermField = anyTerm) {
  const terms = (kind: TermKind) => z.array(term(kind));

  const Flow = z.strictObject({
    id: FlowIdSchema,
    description: z.string().min(1),
    action: term("action"),
    data: terms("data").min(1),
    recipient: term("recipient"),
    purposes: terms("purpose").min(1),
    conditions: terms("condition").default([]),
    safeguards: terms("safeguard").default([]),
    /** Where the data is stored or processed. */
    location: term("location").optional(),
    /** Who the data subjects are: the youngest age the application admits, and where. */
    audience: z
      .strictObject({
        minimumAge: z.int().min(0).max(30),
        region: term("location").optional(),
      })
      .optional(),
    /** Where the flow happens in code, shown in reports, such as `src/chat/send.ts:42`. */
    source: z.string().min(1).optional(),
    /** Whose personal data the flow carries: ids from the manifest's `dataSubjects`. Absent: not declared. */
    subjects: z.array(FlowIdSchema).min(1).optional(),
  });

  /** A category of data subjects (GDPR Art. 30(1)(c)): whose personal data the application handles. */
  const DataSubject = z.strictObject({
    id: FlowIdSchema,
    /** Who they are, in the words of a record of processing, such as "Account holders (business users)". */
    description: z.string().min(1),
    /** The Fideslang data subject key, such as `customer`. */
    fideslang: z
      .string()
      .regex(FIDESLANG_PATTERN, { message: "expected a Fideslang data subject key such as customer" })
      .optional(),
    /** The W3C DPV data subject IRI, such as `https://w3id.org/dpv#Customer`. */
    dpv: z.url({ protocol: /^https$/ }).optional(),
  });

  const DeletionStep = z
    .strictObject({
      data: terms("data").min(1),
      store: term("store"),
      /** How long after the trigger the step runs, ISO 8601 (`P7D`, `PT0S`). */
      after: DurationSchema.optional(),
      /** The instant by which the step runs, for a plan about one concrete case. */
      at: InstantSchema.optional(),
      /** Keep the data instead of deleting it, on this ground. */
      keep: z
        .strictObject({
          ground: z.enum(["legal-obligation", "legitimate-interest", "consent"]),
          reason: z.string().min(1),
        })
        .optional(),
    })
    .refine((step) => [step.after, step.at, step.keep].filter((v) => v !== undefined).length === 1, {
      message: "a step needs exactly one of after (a delay), at (an instant) or keep (a ground for keeping)",
    });

  const DeletionPlan = z.strictObject({
    id: FlowIdSchema,
    description: z.string().min(1).optional(),
    trigger: term("event"),
    /** When the trigger happened, for a plan about one concrete case; needed by steps with `at`. */
    triggeredAt: InstantSchema.optional(),
    steps: z.array(DeletionStep).min(1),
  });

  const SupportedRight = z.strictObject({
    right: term("right"),
    channels: terms("channel").min(1),
  });

  const Waiver = z
    .strictObject({
      /** The finding code to waive, such as `flow-vague`; absent means every finding of the flow. */
      rule: RuleIdSchema.optional(),
      /** The flow or deletion plan id the waiver applies to; absent means every flow. */
      flow: FlowIdSchema.optional(),
      reason: z.string().min(1),
      /** The last day the waiver holds, YYYY-MM-DD (UTC). */
      expires: CalendarDateSchema,
    })
    .refine((waiver) => waiver.rule !== undefined || waiver.flow !== undefined, {
      message: "a waiver names a rule, a flow, or both",
    });

  return z.strictObject({
    $schema: z.string().optional(),
    /** A bundled policy id (`pomeg`, `pocketo`, `polus`) or a path to a policy file. */
    policy: z.string().min(1),
    /** The categories of data subjects, for records of processing and exports; flows name them in `subjects`. */
    dataSubjects: z.array(DataSubject).default([]),
    flows: z.array(Flow).default([]),
    deletion: z.array(DeletionPlan).default([]),
    /**
     * The rights the application supports. Absent: the manifest is not about rights, and they
     * go unchecked. Present, even empty: every right the policy promises is checked.
     */
    rights: z.array(SupportedRight).optional(),
    waivers: z.array(Waiver).default([]),
  });
}

/** The manifest schema that accepts any term id; terms are checked against the policy afterwards. */
export const ManifestSchema = createManifestSchema();

/** A data-flow manifest as parsed (defaults filled in). */
export type Manifest = z.infer<typeof ManifestSchema>;
/** One data flow of a manifest. */
export type Flow = Manifest["flows"][number];
/** A deletion plan of a manifest. */
export type DeletionPlan = Manifest["deletion"][number];
/** One step of a deletion plan. */
export type DeletionStep = DeletionPlan["steps"][number];
/** A right the application supports, and through which channels. */
export type SupportedRight = NonNullable<Manifest["rights"]>[number];
/** A category of data subjects the manifest declares. */
export type DataSubject = Manifest["dataSubjects"][number];
/** A waiver of findings. */
export type Waiver = Manifest["waivers"][number];
/** A flow as written (defaults optional), for code that builds flows. */
export type FlowInput = NonNullable<z.input<typeof ManifestSchema>["flows"]>[number];
