import * as z from "zod";

/** Where a rule comes from: the section of the policy text and a verbatim quote of it. */
export const CitationSchema = z.strictObject({
  /** The section number or heading, as printed ("3", "Retention", "6. Your Rights"). */
  section: z.string().min(1),
  /** A verbatim quote of the source text; only whitespace may differ. */
  quote: z.string().min(1),
});

/** A citation of the policy text. */
export type Citation = z.infer<typeof CitationSchema>;
