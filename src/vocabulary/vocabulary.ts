import type { Term, TermKind } from "../model/terms.js";
import { compareText } from "../order.js";
import { editDistance } from "./distance.js";
import { mappedTerms } from "./mappings.js";

/** A problem found while building a vocabulary, as data. */
export interface VocabularyIssue {
  readonly code: "duplicate-term" | "unknown-parent" | "cycle" | "too-deep";
  readonly kind: TermKind;
  readonly id: string;
  /** Index of the offending term in the list passed in. */
  readonly index: number;
  readonly message: string;
}

/**
 * A compiled vocabulary: terms by kind with their ancestor sets precomputed, so that the
 * subsumption test `isBelow` is one set look-up.
 */
export interface Vocabulary {
  /** Whether the vocabulary defines `id` as a term of `kind`. */
  has(kind: TermKind, id: string): boolean;
  /** The term, or `undefined`. */
  term(kind: TermKind, id: string): Term | undefined;
  /** Whether `id` is `ancestor` or below it. Unknown terms are below nothing but themselves. */
  isBelow(kind: TermKind, id: string, ancestor: string): boolean;
  /** `id` and every term above it, sorted. */
  ancestors(kind: TermKind, id: string): readonly string[];
  /** Every term id of `kind`, sorted. */
  ids(kind: TermKind): readonly string[];
  /**
   * Known ids of `kind` for an unknown `id`: the terms it stands for when it is a Fideslang key
   * or DPV IRI (see `mappedTerms`), else up to three ids that look like it, closest first.
   */
  suggest(kind: TermKind, id: string): readonly string[];
}

const key = (kind: TermKind, id: string): string => `${kind}:${id}`;

/**
 * How many levels a term may sit below a term with no parents. The bundled vocabularies are at
 * most 5 deep; the bound keeps a hostile policy (a chain of 20,000 terms) from costing memory
 * quadratic in its length, and the walk's stack from overflowing.
 */
export const MAX_TERM_DEPTH = 32;

/**
 * Builds a vocabulary from terms, later terms extending earlier ones (a policy's terms after
 * the base vocabulary's). Reports duplicate ids, unknown parents, cycles and terms more than
 * {@link MAX_TERM_DEPTH} levels deep as data.
 *
 * @example
 * const result = buildVocabulary([
 *   { id: "contact-data", kind: "data", label: "Contact data", parents: [] },
 *   { id: "email-address", kind: "data", label: "Email", parents: ["contact-data"] },
 * ]);
 * result.ok && result.vocabulary.isBelow("data", "email-address", "contact-data") //=> true
 */
export function buildVocabulary(
  terms: readonly Term[],
): { ok: true; vocabulary: Vocabulary } | { ok: false; issues: VocabularyIssue[] } {
  const issues: VocabularyIssue[] = [];
  const byKey = new Map<string, Term>();
  const indexOf = new Map<string, number>();
  terms.forEach((term, index) => {
    const k = key(term.kind, term.id);
    if (byKey.has(k)) {
      issues.push({ code: "duplicate-term", kind: term.kind, id: term.id, index, message: `the ${term.kind} term "${term.id}" is defined twice` });
      return;
    }
    byKey.set(k, term);
    indexOf.set(k, index);
  });
  for (const [k, term] of byKey) {
    for (const parent of term.parents) {
      if (!byKey.has(key(term.kind, parent))) {
        issues.push({
          code: "unknown-parent",
          kind: term.kind,
          id: term.id,
          index: indexOf.get(k) ?? 0,
          message: `the ${term.kind} term "${term.id}" names an unknown parent "${parent}"`,
        });
      }
    }
  }

  const ancestors = new Map<string, Set<string>>();
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  let tooDeep = false;
  const deep = (term: Term, k: string): void => {
    issues.push({ code: "too-deep", kind: term.kind, id: term.id, index: indexOf.get(k) ?? 0, message: `the ${term.kind} term "${term.id}" is more than ${MAX_TERM_DEPTH} levels below a term with no parents` });
    tooDeep = true;
  };
  // A term's depth is one more than its deepest parent's. The walk stops at the first term past
  // the bound, so it never climbs more than the bound's levels above where it started.
  const collect = (k: string): Set<string> => {
    const known = ancestors.get(k);
    if (known) return known;
    const term = byKey.get(k);
    const result = new Set<string>();
    if (!term || tooDeep) return result;
    result.add(term.id);
    if (visiting.has(k)) {
      issues.push({ code: "cycle", kind: term.kind, id: term.id, index: indexOf.get(k) ?? 0, message: `the ${term.kind} term "${term.id}" is its own ancestor` });
      return result;
    }
    if (visiting.size > MAX_TERM_DEPTH) {
      // The term the walk started at (the first one visited) is the one too deep.
      const start = visiting.values().next().value ?? k;
      deep(byKey.get(start) ?? term, start);
      return result;
    }
    visiting.add(k);
    let depth = 0;
    for (const parent of term.parents) {
      const pk = key(term.kind, parent);
      for (const id of collect(pk)) result.add(id);
      depth = Math.max(depth, (depths.get(pk) ?? 0) + 1);
    }
    visiting.delete(k);
    if (tooDeep) return result;
    if (depth > MAX_TERM_DEPTH) deep(term, k);
    ancestors.set(k, result);
    depths.set(k, depth);
    return result;
  };
  for (const k of byKey.keys()) if (!tooDeep) collect(k);
  if (issues.length > 0) return { ok: false, issues };

  const idsByKind = new Map<TermKind, string[]>();
  for (const term of byKey.values()) {
    const list = idsByKind.get(term.kind) ?? [];
    list.push(term.id);
    idsByKind.set(term.kind, list);
  }
  for (const list of idsByKind.values()) list.sort();
  const sortedAncestors = new Map<string, readonly string[]>();
  for (const [k, set] of ancestors) sortedAncestors.set(k, [...set].sort());

  // Per-kind sets: `has` runs for every term of every flow of a manifest, without building a key.
  const idSets = new Map<TermKind, Set<string>>();
  for (const [kind, list] of idsByKind) idSets.set(kind, new Set(list));
  const vocabulary: Vocabulary = {
    has: (kind, id) => idSets.get(kind)?.has(id) ?? false,
    term: (kind, id) => byKey.get(key(kind, id)),
    isBelow: (kind, id, ancestor) => id === ancestor || (ancestors.get(key(kind, id))?.has(ancestor) ?? false),
    ancestors: (kind, id) => sortedAncestors.get(key(kind, id)) ?? [id],
    ids: (kind) => idsByKind.get(kind) ?? [],
    suggest: (kind, id) => mappedTerms(vocabulary, kind, id)?.ids ?? suggestClosest(id, idsByKind.get(kind) ?? []),
  };
  return { ok: true, vocabulary };
}

function suggestClosest(id: string, candidates: readonly string[]): readonly string[] {
  if (typeof id !== "string") return []; // from a caller without TypeScript
  const limit = Math.max(2, Math.floor(id.length / 3));
  return candidates
    .map((candidate) => {
      if (candidate.includes(id) || id.includes(candidate)) return { candidate, score: 1 };
      // The edit distance is at least the difference in length: skip the table when that is already too far.
      return { candidate, score: Math.abs(id.length - candidate.length) > limit ? limit + 1 : editDistance(id, candidate) };
    })
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || compareText(a.candidate, b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}
