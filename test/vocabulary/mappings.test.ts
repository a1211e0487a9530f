/**
 * The Fideslang keys and W3C DPV IRIs that pledge's vocabularies map their terms to: every one is
 * a real key or IRI (vocabularies/fideslang-keys.txt, vocabularies/dpv-2.3-iris.txt, each built
 * from a pinned commit of its source repository, named in its header), and every mapping that is
 * not an equivalence is recorded as such (vocabularies/mapping-matches.yaml).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { baseVocabulary } from "../../src/generated/base-vocabulary.js";
import { pocketo, polus, pomeg } from "../../src/generated/index.js";
import type { Term } from "../../src/model/terms.js";

const dir = join(import.meta.dirname, "../../vocabularies");
const lines = (file: string) =>
  readFileSync(join(dir, file), "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));

const dpvIris = new Set(lines("dpv-2.3-iris.txt"));
const fideslang = new Map<string, Set<string>>();
const deprecated = new Set<string>();
for (const line of lines("fideslang-keys.txt")) {
  const [kind, key, flag] = line.split(" ") as [string, string, string | undefined];
  fideslang.set(kind, (fideslang.get(kind) ?? new Set()).add(key));
  if (flag === "deprecated") deprecated.add(key);
}

const vocabularies: Record<string, readonly Term[]> = {
  base: baseVocabulary,
  pomeg: pomeg.vocabulary,
  pocketo: pocketo.vocabulary,
  polus: polus.vocabulary,
};
const terms = Object.entries(vocabularies).flatMap(([vocabulary, list]) => list.map((term) => ({ vocabulary, term })));

/** The Fideslang taxonomy a term of this kind maps into. */
const FIDESLANG_KIND: Partial<Record<Term["kind"], string>> = { data: "category", purpose: "use" };

interface Match {
  vocabulary: string;
  kind: Term["kind"];
  term: string;
  scheme: "dpv" | "fideslang";
  match: "close" | "broad" | "narrow";
  note: string;
}
const matches = (parse(readFileSync(join(dir, "mapping-matches.yaml"), "utf8")) as { matches: Match[] }).matches;

describe("the lists of real keys and IRIs", () => {
  it("hold DPV 2.3 and Fideslang as published, not a guess", () => {
    expect(dpvIris.size).toBe(1347);
    expect(dpvIris.has("https://w3id.org/dpv#HashFunctions")).toBe(true);
    expect(dpvIris.has("https://w3id.org/dpv/pd#Behavioural")).toBe(true);
    // The three the outside review found mapped and missing (V1-V3).
    for (const gone of ["https://w3id.org/dpv#Hash", "https://w3id.org/dpv/pd#Voice", "https://w3id.org/dpv/pd#Behavioral"]) expect(dpvIris.has(gone), gone).toBe(false);
    expect([...fideslang].map(([kind, keys]) => [kind, keys.size])).toEqual([
      ["category", 85],
      ["subject", 15],
      ["use", 56],
    ]);
    expect([...deprecated]).toEqual(["personalize.profiling"]);
  });
});

describe("every mapping of the bundled vocabularies", () => {
  it("names a DPV 2.3 IRI that exists", () => {
    const unknown = terms.filter(({ term }) => term.dpv !== undefined && !dpvIris.has(term.dpv)).map(({ vocabulary, term }) => `${vocabulary} ${term.kind} ${term.id}: ${term.dpv}`);
    expect(unknown).toEqual([]);
  });

  it("names a Fideslang key that exists and is not deprecated, in the taxonomy of the term's kind (data category, data use)", () => {
    const unknown = terms
      .filter(({ term }) => term.fideslang !== undefined)
      .filter(({ term }) => {
        const kind = FIDESLANG_KIND[term.kind];
        return kind === undefined || !(fideslang.get(kind)?.has(term.fideslang as string) ?? false) || deprecated.has(term.fideslang as string);
      })
      .map(({ vocabulary, term }) => `${vocabulary} ${term.kind} ${term.id}: ${term.fideslang}`);
    expect(unknown).toEqual([]);
  });

  it("gives the operator itself no role: controller or processor is each policy's to say", () => {
    const firstParty = baseVocabulary.find((t) => t.kind === "recipient" && t.id === "first-party");
    expect(firstParty?.dpv).toBeUndefined();
    expect(baseVocabulary.find((t) => t.kind === "recipient" && t.id === "processor")?.dpv).toBe("https://w3id.org/dpv#DataProcessor");
    expect(baseVocabulary.find((t) => t.kind === "recipient" && t.id === "third-party")?.dpv).toBe("https://w3id.org/dpv#ThirdParty");
  });
});

describe("mappings that are not equivalences (vocabularies/mapping-matches.yaml)", () => {
  it("each name a term that carries that mapping, once", () => {
    const wrong = matches.filter((m) => {
      const term = vocabularies[m.vocabulary]?.find((t) => t.kind === m.kind && t.id === m.term);
      return term === undefined || term[m.scheme] === undefined || !["close", "broad", "narrow"].includes(m.match) || m.note.length === 0;
    });
    expect(wrong).toEqual([]);
    const keys = matches.map((m) => `${m.vocabulary} ${m.kind} ${m.term} ${m.scheme}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it("record the modelling choices DPV does not share (review V6): transfer and publish below share", () => {
    const kind = (vocabulary: string, term: string) => matches.find((m) => m.vocabulary === vocabulary && m.term === term && m.scheme === "dpv")?.match;
    expect(kind("base", "transfer")).toBe("close");
    expect(kind("pomeg", "publish")).toBe("close");
  });
});
