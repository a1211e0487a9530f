import * as z from "zod";
import { FIDESLANG_PATTERN } from "./forms.js";

/**
 * The kinds of term a vocabulary holds. Each kind is its own namespace: the data category
 * `access` and the right `access` are different terms.
 */
export const TERM_KINDS = [
  "data",
  "purpose",
  "recipient",
  "action",
  "condition",
  "safeguard",
  "store",
  "event",
  "right",
  "channel",
  "location",
] as const;

/** One of {@link TERM_KINDS}. */
export type TermKind = (typeof TERM_KINDS)[number];

/** The schema of a term kind. */
export const TermKindSchema = z.enum(TERM_KINDS);

/** A term id: lowercase words joined by hyphens, such as `email-address`. */
export const TermIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: "expected a term id: lowercase letters and digits joined by hyphens, such as email-address",
  });

/** A term id such as `email-address`. */
export type TermId = z.infer<typeof TermIdSchema>;

/**
 * A term of a vocabulary. Terms form a directed acyclic graph per kind: a term may have
 * several parents ("email address" is under "contact data" and under "identifiers").
 */
export const TermSchema = z.strictObject({
  id: TermIdSchema,
  kind: TermKindSchema,
  label: z.string().min(1),
  parents: z.array(TermIdSchema).default([]),
  description: z.string().optional(),
  /** The matching Fideslang taxonomy key, such as `user.contact.email`. */
  fideslang: z
    .string()
    .regex(FIDESLANG_PATTERN, { message: "expected a Fideslang key such as user.contact.email" })
    .optional(),
  /** The matching W3C Data Privacy Vocabulary IRI. */
  dpv: z.url({ protocol: /^https$/ }).optional(),
});

/** A vocabulary term, as written in a policy file. */
export type Term = z.infer<typeof TermSchema>;

/** A vocabulary file: a list of terms (the base vocabulary is one). */
export const VocabularyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  terms: z.array(TermSchema),
});
