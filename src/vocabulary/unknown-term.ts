import type { DocumentPath, Finding } from "../findings.js";
import type { TermKind } from "../model/terms.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * An `unknown-term` finding for `id` when the vocabulary lacks it, with a "did you mean"
 * suggestion; `undefined` when the term is known.
 *
 * @example
 * unknownTerm(vocabulary, "data", "emial-address", ["flows", 0, "data", 0])?.message
 * //=> 'unknown data term "emial-address" (did you mean "email-address"?)'
 */
export function unknownTerm(vocabulary: Vocabulary, kind: TermKind, id: string, path: DocumentPath): Finding | undefined {
  if (vocabulary.has(kind, id)) return undefined;
  const hint = vocabulary.suggest(kind, id);
  const suggestion = hint.length > 0 ? ` (did you mean ${hint.map((h) => `"${h}"`).join(" or ")}?)` : "";
  return { code: "unknown-term", severity: "error", message: `unknown ${kind} term "${id}"${suggestion}`, path, rules: [] };
}

/**
 * Collects unknown-term findings for term references.
 *
 * @example
 * const check = termChecker(vocabulary);
 * check.one("recipient", "opnai", ["flows", 0, "recipient"]);
 * check.many("purpose", ["chat"], ["flows", 0, "purposes"]);
 * check.findings //=> [ …one finding per unknown term… ]
 */
export function termChecker(vocabulary: Vocabulary) {
  const findings: Finding[] = [];
  const one = (kind: TermKind, id: string | undefined, path: DocumentPath): void => {
    if (id === undefined) return;
    const finding = unknownTerm(vocabulary, kind, id, path);
    if (finding) findings.push(finding);
  };
  const many = (kind: TermKind, ids: readonly string[], path: DocumentPath): void => {
    ids.forEach((id, index) => one(kind, id, [...path, index]));
  };
  return { one, many, findings };
}
