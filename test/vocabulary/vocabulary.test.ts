import { describe, expect, it } from "vitest";
import { baseVocabulary } from "../../src/generated/base-vocabulary.js";
import type { Term } from "../../src/model/terms.js";
import { buildVocabulary } from "../../src/vocabulary/vocabulary.js";

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
