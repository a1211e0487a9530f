import type { TermKind } from "../model/terms.js";
import { compareText } from "../order.js";
import { editDistance } from "./distance.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * The pledge terms a term written in another vocabulary's words stands for: a Fideslang key
 * (`user.contact.email`) or a W3C DPV IRI (`https://w3id.org/dpv/pd#EmailAddress`), as the
 * vocabulary's `fideslang` and `dpv` mappings record them.
 */
export interface TermMapping {
  readonly standard: "Fideslang" | "DPV";
  /** The key or IRI the terms carry (the written one, or the nearest that a term carries). */
  readonly key: string;
  /** The broadest terms that carry it (a narrower term with the same key is left out), sorted. */
  readonly ids: readonly string[];
}

const FIDESLANG = /^[a-z_]+(?:\.[a-z_]+)+$/;
/** The local name of an IRI or compact IRI: what follows its last `#`, `/` or `:`. */
const localName = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"), iri.lastIndexOf(":")) + 1).toLowerCase();

/**
 * The terms of `kind` that `written`, unknown as a pledge term, stands for in Fideslang or DPV,
 * tried in this order: a Fideslang key or DPV IRI that terms carry; a DPV IRI or compact IRI
 * (`dpv-pd:EmailAddress`, an older namespace) whose local name a mapped IRI has; a mistyped
 * Fideslang key (up to two edits, or a sixth of its length); a narrower Fideslang key, by its
 * nearest broader key that terms carry. `undefined` when nothing maps.
 *
 * @example
 * mappedTerms(vocabulary, "data", "user.contact.email") //=> { standard: "Fideslang", key: "user.contact.email", ids: ["email-address"] }
 * mappedTerms(vocabulary, "data", "dpv-pd:EmailAddress") //=> { standard: "DPV", key: "https://w3id.org/dpv/pd#EmailAddress", ids: ["email-address"] }
 */
export function mappedTerms(vocabulary: Vocabulary, kind: TermKind, written: string): TermMapping | undefined {
  const terms = vocabulary.ids(kind).map((id) => vocabulary.term(kind, id)!);
  const carrying = (standard: TermMapping["standard"], key: string): TermMapping | undefined => {
    const field = standard === "Fideslang" ? "fideslang" : "dpv";
    const ids = terms.filter((t) => t[field] === key).map((t) => t.id);
    // The broadest: no term above it carries the same key.
    const broadest = ids.filter((id) => !ids.some((other) => other !== id && vocabulary.isBelow(kind, id, other)));
    return broadest.length > 0 ? { standard, key, ids: broadest } : undefined;
  };
  const exact = carrying("Fideslang", written) ?? carrying("DPV", written);
  if (exact) return exact;
  if (/[#:/]/.test(written)) {
    const name = localName(written);
    const iri = terms.find((t) => t.dpv !== undefined && localName(t.dpv) === name)?.dpv;
    return iri === undefined ? undefined : carrying("DPV", iri);
  }
  if (!FIDESLANG.test(written)) return undefined;
  const keys = [...new Set(terms.flatMap((t) => (t.fideslang === undefined ? [] : [t.fideslang])))];
  const limit = Math.max(2, Math.floor(written.length / 6));
  const typo = keys
    .map((key) => ({ key, d: editDistance(written, key) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || compareText(a.key, b.key))[0];
  if (typo) return carrying("Fideslang", typo.key);
  for (let key = written.slice(0, written.lastIndexOf(".")); key.includes("."); key = key.slice(0, key.lastIndexOf("."))) {
    const broader = carrying("Fideslang", key);
    if (broader) return broader;
  }
  return carrying("Fideslang", written.split(".")[0]!);
}
