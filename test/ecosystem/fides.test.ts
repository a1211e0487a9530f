/**
 * Fides users feel at home: a term written as a Fideslang key (`user.contact.email`) or a W3C DPV
 * IRI is understood. It is not accepted as an alias: one key often stands for several pledge terms
 * (`user.device` for device-data, device-model and os-version) and the mappings are close, not
 * exact, so accepting one would choose a reading silently. It gets a "did you mean" naming the
 * pledge term and the mapping that links them.
 */
import { describe, expect, it } from "vitest";
import { baseVocabulary } from "../../src/generated/base-vocabulary.js";
import { bundledPolicies } from "../../src/generated/index.js";
import { checkFlow, compilePolicy } from "../../src/engine/index.js";
import { mappedTerms } from "../../src/vocabulary/mappings.js";
import { unknownTermMessage } from "../../src/vocabulary/unknown-term.js";
import { buildVocabulary, type Vocabulary } from "../../src/vocabulary/vocabulary.js";
import { pledge } from "../cli/helpers.js";

const vocabularies = Object.fromEntries(
  Object.entries(bundledPolicies).map(([id, policy]) => {
    const built = buildVocabulary([...baseVocabulary, ...policy.vocabulary]);
    if (!built.ok) throw new Error(id);
    return [id, built.vocabulary];
  }),
) as Record<keyof typeof bundledPolicies, Vocabulary>;
const pocketo = vocabularies.pocketo;

describe("Fideslang keys and DPV IRIs written as terms", () => {
  it.each([
    ["user.contact.email", 'unknown data term "user.contact.email" (did you mean "email-address"? pledge maps the Fideslang key user.contact.email to it)'],
    ["user.contact.emial", 'unknown data term "user.contact.emial" (did you mean "email-address"? pledge maps the Fideslang key user.contact.email to it)'],
    ["user.device.cookie_id", 'unknown data term "user.device.cookie_id" (did you mean "device-data"? pledge maps the Fideslang key user.device to it)'],
    ["https://w3id.org/dpv/pd#EmailAddress", 'unknown data term "https://w3id.org/dpv/pd#EmailAddress" (did you mean "email-address"? pledge maps the DPV IRI https://w3id.org/dpv/pd#EmailAddress to it)'],
    ["dpv-pd:EmailAddress", 'unknown data term "dpv-pd:EmailAddress" (did you mean "email-address"? pledge maps the DPV IRI https://w3id.org/dpv/pd#EmailAddress to it)'],
    ["https://w3id.org/dpv/dpv-pd#EmailAddress", 'unknown data term "https://w3id.org/dpv/dpv-pd#EmailAddress" (did you mean "email-address"? pledge maps the DPV IRI https://w3id.org/dpv/pd#EmailAddress to it)'],
    ["chat.content", 'unknown data term "chat.content" (did you mean "chat-content"?)'],
    ["opnai-content", 'unknown data term "opnai-content" (did you mean "chat-content"?)'],
  ])("%s", (written, message) => {
    expect(unknownTermMessage(pocketo, "data", written)).toBe(message);
  });

  it("a recipient written as its DPV IRI", () => {
    expect(unknownTermMessage(pocketo, "recipient", "https://w3id.org/dpv#ThirdParty")).toBe(
      'unknown recipient term "https://w3id.org/dpv#ThirdParty" (did you mean "third-party"? pledge maps the DPV IRI https://w3id.org/dpv#ThirdParty to it)',
    );
  });

  it("every mapping of every bundled vocabulary leads back to a term that carries it, the broadest", () => {
    let checked = 0;
    for (const vocabulary of Object.values(vocabularies)) {
      for (const kind of ["data", "purpose", "recipient", "action", "condition", "safeguard"] as const) {
        for (const id of vocabulary.ids(kind)) {
          const term = vocabulary.term(kind, id)!;
          for (const [standard, key] of [["Fideslang", term.fideslang], ["DPV", term.dpv]] as const) {
            if (key === undefined) continue;
            const mapping = mappedTerms(vocabulary, kind, key)!;
            expect(mapping, `${kind} ${key}`).toMatchObject({ standard, key });
            const field = standard === "Fideslang" ? "fideslang" : "dpv";
            // The term is suggested, or a broader one carrying the same key is.
            expect(mapping.ids.some((s) => s === id || (vocabulary.isBelow(kind, id, s) && vocabulary.term(kind, s)![field] === key)), `${kind} ${key} → ${mapping.ids.join(", ")} for ${id}`).toBe(true);
            for (const s of mapping.ids) expect(vocabulary.term(kind, s)![field]).toBe(key);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("a key several terms carry suggests the broadest of them", () => {
    expect(mappedTerms(pocketo, "data", "user.authorization.credentials")?.ids).toEqual(["credentials"]);
    expect(mappedTerms(pocketo, "data", "user.device")?.ids).toEqual(["device-data"]);
  });

  it("pledge lint reports it as unknown-term (exit 2), not as a pattern error", () => {
    const manifest = "policy: pocketo\nflows:\n  - { id: chat, description: Chat, action: share, data: [user.content.private], recipient: openai, purposes: [ai-chat] }\n";
    const run = pledge(["lint", "-", "--stdin-filename", "chat.flows.yaml"], { input: manifest });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('3:58  error  unknown data term "user.content.private" (did you mean "communications"? pledge maps the Fideslang key user.content.private to it)  unknown-term');
  });

  it("the guard's result suggests the term too", () => {
    const result = checkFlow(compilePolicy(bundledPolicies.pocketo), { id: "chat", description: "x", action: "share", data: ["user.contact.email"], recipient: "openai", purposes: ["ai-chat"] } as never);
    expect(result.findings.find((f) => f.code === "unknown-term")?.message).toContain('"email-address"');
  });
});
