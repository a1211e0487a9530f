import { describe, expect, it } from "vitest";
import { baseVocabulary } from "../../src/generated/base-vocabulary.js";
import type { Term } from "../../src/model/terms.js";
import { MAX_TERM_DEPTH, buildVocabulary } from "../../src/vocabulary/vocabulary.js";
import { validatePolicy } from "../../src/policy/validate.js";
import { pocketo } from "../../src/generated/index.js";

const term = (id: string, parents: string[] = [], kind: Term["kind"] = "data"): Term => ({ id, kind, label: id, parents });

describe("buildVocabulary", () => {
  it("answers subsumption over a DAG with several parents", () => {
    const result = buildVocabulary([term("personal-data"), term("contact-data", ["personal-data"]), term("identifiers", ["personal-data"]), term("email-address", ["contact-data", "identifiers"])]);
    if (!result.ok) throw new Error("expected a vocabulary");
    const v = result.vocabulary;
    expect(v.isBelow("data", "email-address", "contact-data")).toBe(true);
    expect(v.isBelow("data", "email-address", "identifiers")).toBe(true);
    expect(v.isBelow("data", "email-address", "personal-data")).toBe(true);
    expect(v.isBelow("data", "contact-data", "email-address")).toBe(false);
    expect(v.isBelow("data", "identifiers", "contact-data")).toBe(false);
    expect(v.ancestors("data", "email-address")).toEqual(["contact-data", "email-address", "identifiers", "personal-data"]);
    expect(v.isBelow("purpose", "email-address", "personal-data")).toBe(false);
  });

  it("keeps kinds apart", () => {
    const result = buildVocabulary([term("access", [], "right"), term("access", [], "action")]);
    expect(result.ok).toBe(true);
  });

  it("reports duplicates, unknown parents and cycles as data", () => {
    const result = buildVocabulary([term("a", ["b"]), term("b", ["a"]), term("a"), term("c", ["missing"])]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.code, issue.id])).toEqual(
      expect.arrayContaining([
        ["duplicate-term", "a"],
        ["unknown-parent", "c"],
        ["cycle", "a"],
      ]),
    );
  });

  /** A chain `c0` (no parents) ← `c1` ← … ← `c<levels>`: its last term is `levels` levels deep. */
  const chain = (levels: number): Term[] => Array.from({ length: levels + 1 }, (_, i) => term(`c${i}`, i === 0 ? [] : [`c${i - 1}`]));

  it(`takes terms ${MAX_TERM_DEPTH} levels deep, and refuses the first one deeper, in either order`, () => {
    const ok = buildVocabulary(chain(MAX_TERM_DEPTH));
    expect(ok.ok && ok.vocabulary.isBelow("data", `c${MAX_TERM_DEPTH}`, "c0")).toBe(true);
    const deeper = chain(MAX_TERM_DEPTH + 1);
    for (const terms of [deeper, [...deeper].reverse()]) {
      const result = buildVocabulary(terms);
      expect(result.ok ? [] : result.issues).toEqual([
        {
          code: "too-deep",
          kind: "data",
          id: `c${MAX_TERM_DEPTH + 1}`,
          index: terms.findIndex((t) => t.id === `c${MAX_TERM_DEPTH + 1}`),
          message: `the data term "c${MAX_TERM_DEPTH + 1}" is more than ${MAX_TERM_DEPTH} levels below a term with no parents`,
        },
      ]);
    }
  });

  it("refuses a 20,000-term chain with one issue, never building its quadratic ancestor sets", () => {
    for (const terms of [chain(20_000), chain(20_000).reverse()]) {
      const result = buildVocabulary(terms);
      expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(["too-deep"]);
    }
  });

  it("a policy whose vocabulary is too deep is a located schema-invalid finding", () => {
    const vocabulary = chain(MAX_TERM_DEPTH + 1).map((t) => ({ ...t, id: `x-${t.id}`, parents: t.parents.map((p) => `x-${p}`) }));
    const result = validatePolicy({ ...pocketo, vocabulary });
    expect(result.ok ? [] : result.findings.map((f) => [f.code, f.path])).toEqual([["schema-invalid", ["vocabulary", MAX_TERM_DEPTH + 1]]]);
  });

  it("suggests close terms", () => {
    const result = buildVocabulary([...baseVocabulary]);
    if (!result.ok) throw new Error("base vocabulary is invalid");
    expect(result.vocabulary.suggest("data", "emial-address")[0]).toBe("email-address");
    expect(result.vocabulary.suggest("data", "zzzzzzzz")).toEqual([]);
  });
});

describe("the base vocabulary", () => {
  const result = buildVocabulary([...baseVocabulary]);
  it("is a valid DAG", () => expect(result.ok).toBe(true));

  it("keeps processors and third parties apart, as DPV does", () => {
    if (!result.ok) return;
    expect(result.vocabulary.isBelow("recipient", "processor", "third-party")).toBe(false);
    expect(result.vocabulary.isBelow("recipient", "third-party", "processor")).toBe(false);
    expect(result.vocabulary.term("recipient", "processor")?.dpv).toBe("https://w3id.org/dpv#DataProcessor");
    expect(result.vocabulary.term("recipient", "third-party")?.dpv).toBe("https://w3id.org/dpv#ThirdParty");
  });

  it("maps email addresses to Fideslang and DPV", () => {
    if (!result.ok) return;
    const email = result.vocabulary.term("data", "email-address");
    expect(email?.fideslang).toBe("user.contact.email");
    expect(email?.dpv).toBe("https://w3id.org/dpv/pd#EmailAddress");
  });
});
