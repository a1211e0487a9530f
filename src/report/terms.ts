/**
 * What the report, the record of processing and the exports need to know about a term: its
 * label, the role of a recipient (first party, processor, third party), and the nearest
 * Fideslang key or DPV IRI the vocabulary maps it to. Pure: no Node imports.
 */
import type { TermKind } from "../model/terms.js";
import { compareText } from "../order.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";

/**
 * The part a recipient plays, as GDPR and DPV name it.
 * - `first-party`: the operator itself (the controller).
 * - `processor`: a service provider acting on the operator's behalf.
 * - `third-party`: anyone else the data is disclosed to.
 * - `processor-and-third-party`: a recipient the text puts under both (Pomeg calls its
 *   infrastructure providers "third-party" service providers).
 * - `authority`: a public authority receiving data under a legal obligation.
 * - `other`: none of these in the vocabulary (Polus' client business, for which Polus acts).
 */
export type RecipientRole = "first-party" | "processor" | "third-party" | "processor-and-third-party" | "authority" | "other";

/** Every role, in the order reports list them. */
export const RECIPIENT_ROLES: readonly RecipientRole[] = ["first-party", "processor", "processor-and-third-party", "third-party", "authority", "other"];

/** How each role is named in prose and tables. */
export const ROLE_LABELS: Readonly<Record<RecipientRole, string>> = {
  "first-party": "first party (the controller)",
  processor: "processor",
  "processor-and-third-party": "processor the policy calls a third party",
  "third-party": "third party",
  authority: "public authority",
  other: "other recipient",
};

/**
 * The role of a recipient term, read from where it sits in the vocabulary.
 *
 * @example
 * recipientRole(vocabulary, "openai") // under Pocketo's llm-provider → third-party
 * //=> "third-party"
 * recipientRole(vocabulary, "first-party") //=> "first-party"
 */
export function recipientRole(vocabulary: Vocabulary, recipient: string): RecipientRole {
  if (vocabulary.isBelow("recipient", recipient, "first-party")) return "first-party";
  const processor = vocabulary.isBelow("recipient", recipient, "processor");
  const thirdParty = vocabulary.isBelow("recipient", recipient, "third-party");
  if (processor && thirdParty) return "processor-and-third-party";
  if (processor) return "processor";
  if (thirdParty) return "third-party";
  if (vocabulary.isBelow("recipient", recipient, "public-authority")) return "authority";
  return "other";
}

/**
 * A term's label, or its id when the vocabulary has none.
 *
 * @example
 * termLabel(vocabulary, "data", "email-address") //=> "Email address"
 */
export function termLabel(vocabulary: Vocabulary, kind: TermKind, id: string): string {
  return vocabulary.term(kind, id)?.label ?? id;
}

/** A standard key found for a term, and the term that carries it (the term itself or an ancestor). */
export interface StandardKey {
  readonly key: string;
  /** The term whose mapping was used: the term itself, or its nearest mapped ancestor. */
  readonly from: string;
}

/**
 * The Fideslang key or DPV IRI of a term: its own mapping, else the nearest ancestor's
 * (breadth first through the parents, ties broken by term id), else `undefined`.
 *
 * @example
 * standardKey(vocabulary, "data", "account-email", "fideslang")
 * //=> { key: "user.contact.email", from: "email-address" }
 */
export function standardKey(vocabulary: Vocabulary, kind: TermKind, id: string, standard: "fideslang" | "dpv"): StandardKey | undefined {
  let level = [id];
  const seen = new Set(level);
  while (level.length > 0) {
    for (const term of level) {
      const key = vocabulary.term(kind, term)?.[standard];
      if (key !== undefined) return { key, from: term };
    }
    const next = new Set<string>();
    for (const term of level) {
      for (const parent of vocabulary.term(kind, term)?.parents ?? []) if (!seen.has(parent)) next.add(parent);
    }
    for (const parent of next) seen.add(parent);
    level = [...next].sort(compareText);
  }
  return undefined;
}

/**
 * Distinct values in first-seen order.
 *
 * @example
 * unique(["a", "b", "a"]) //=> ["a", "b"]
 */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
