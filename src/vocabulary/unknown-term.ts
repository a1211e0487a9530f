import type { DocumentPath, Finding } from "../findings.js";
import type { TermKind } from "../model/terms.js";
import { mappedTerms } from "./mappings.js";
import type { Vocabulary } from "./vocabulary.js";

const quoted = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(" or ");

/**
 * The message for a term the vocabulary lacks, with a "did you mean": for a Fideslang key or DPV
 * IRI, the terms it stands for and the mapping that says so; else the known ids that look like it.
 *
 * @example
 * unknownTermMessage(vocabulary, "data", "emial-address") //=> 'unknown data term "emial-address" (did you mean "email-address"?)'
 * unknownTermMessage(vocabulary, "data", "user.contact.email")
 * //=> 'unknown data term "user.contact.email" (did you mean "email-address"? pledge maps the Fideslang key user.contact.email to it)'
 */
export function unknownTermMessage(vocabulary: Vocabulary, kind: TermKind, id: string): string {
  const mapping = mappedTerms(vocabulary, kind, id);
  if (mapping) {
    const what = mapping.standard === "Fideslang" ? "the Fideslang key" : "the DPV IRI";
    return `unknown ${kind} term "${id}" (did you mean ${quoted(mapping.ids)}? pledge maps ${what} ${mapping.key} to ${mapping.ids.length === 1 ? "it" : "them"})`;
  }
  const hint = vocabulary.suggest(kind, id);
  return `unknown ${kind} term "${id}"${hint.length > 0 ? ` (did you mean ${quoted(hint)}?)` : ""}`;
}

/**
 * An `unknown-term` finding for `id` when the vocabulary lacks it, worded by
 * {@link unknownTermMessage}; `undefined` when the term is known.
 *
 * @example
 * unknownTerm(vocabulary, "data", "emial-address", ["flows", 0, "data", 0])?.message
 * //=> 'unknown data term "emial-address" (did you mean "email-address"?)'
 */
export function unknownTerm(vocabulary: Vocabulary, kind: TermKind, id: string, path: DocumentPath): Finding | undefined {
  if (vocabulary.has(kind, id)) return undefined;
  return { code: "unknown-term", severity: "error", message: unknownTermMessage(vocabulary, kind, id), path, rules: [] };
}

/**
 * Collects unknown-term findings for term references. A reference is named by the path of its
 * owner (`at`) and its key there; the full path is built only for an unknown term, so checking a
 * large manifest whose terms are known allocates nothing per term. Past `limit` findings,
 * unknown terms are only counted (`unreported`, with the path of the first): the "did you mean"
 * search is the costly part.
 *
 * @example
 * const check = termChecker(vocabulary);
 * check.one("recipient", "opnai", ["flows", 0], "recipient");
 * check.many("purpose", ["chat"], ["flows", 0], "purposes");
 * check.findings //=> [ …one finding per unknown term, at ["flows", 0, "recipient"] and ["flows", 0, "purposes", 0]… ]
 */
export function termChecker(vocabulary: Vocabulary, limit = Number.POSITIVE_INFINITY) {
  const findings: Finding[] = [];
  const state = { unreported: 0, firstUnreported: undefined as DocumentPath | undefined };
  const unknown = (kind: TermKind, id: string, path: () => DocumentPath): void => {
    if (findings.length < limit) findings.push(unknownTerm(vocabulary, kind, id, path()) as Finding);
    else if (state.unreported++ === 0) state.firstUnreported = path();
  };
  const one = (kind: TermKind, id: string | undefined, at: DocumentPath, key: string): void => {
    if (id === undefined || vocabulary.has(kind, id)) return;
    unknown(kind, id, () => [...at, key]);
  };
  const many = (kind: TermKind, ids: readonly string[], at: DocumentPath, key: string): void => {
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index] as string;
      if (!vocabulary.has(kind, id)) unknown(kind, id, () => [...at, key, index]);
    }
  };
  return {
    one,
    many,
    findings,
    /** Unknown terms past `limit`, counted but not reported. */
    get unreported(): number {
      return state.unreported;
    },
    /** Where the first unreported unknown term is. */
    get firstUnreported(): DocumentPath | undefined {
      return state.firstUnreported;
    },
  };
}
