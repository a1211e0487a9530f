/**
 * `explainFlow`, the view of the decision for people: each statement's relations to the flow's
 * terms, read against the vocabulary (an oracle written apart from the compiled tables); what
 * each statement does, tied to the result it explains; and the words derived from that data.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, explainFlow, pocketo, type StatementConsideration, type TermRelation } from "../../src/index.js";
import { outcomeLine, purposeLimitLine, relationLine } from "../../src/engine/messages.js";
import type { Modality, Statement } from "../../src/model/policy.js";
import type { Vocabulary } from "../../src/vocabulary/vocabulary.js";
import { arbFlowTerms, arbStatements } from "./arbitraries.js";
import { flow, policy, statement } from "./fixtures.js";

const KINDS = { action: "action", data: "data", recipient: "recipient", purpose: "purpose" } as const;
const NAMED = { action: "actions", data: "data", recipient: "recipients", purpose: "purposes" } as const;

/** The relation of a flow's term to a statement's terms, from the vocabulary alone. */
function expected(vocabulary: Vocabulary, dimension: TermRelation["dimension"], term: string, named: readonly string[]): Pick<TermRelation, "relation" | "terms"> {
  const kind = KINDS[dimension];
  if (!vocabulary.has(kind, term)) return { relation: "unknown", terms: named };
  if (named.length === 0) return { relation: "any", terms: [] };
  if (named.includes(term)) return { relation: "equal", terms: named };
  const above = named.filter((x) => vocabulary.isBelow(kind, term, x));
  if (above.length > 0) return { relation: "below", terms: above };
  const below = named.filter((x) => vocabulary.isBelow(kind, x, term));
  if (below.length > 0) return { relation: "above", terms: below };
  return { relation: "unrelated", terms: named };
}

const PERMISSIONS = new Set<Modality>(["may", "only-if"]);
const RESTRICTIONS = new Set<Modality>(["must-not", "only-for"]);
const COVERED = new Set(["equal", "below", "any"]);
const RUNS = { numRuns: 300 };

describe("explainFlow", () => {
  it("relates each term of the flow to each statement as the vocabulary does, and words exactly those relations (fast-check)", () => {
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, (statements, terms) => {
        const compiled = compilePolicy(policy(statements));
        const f = flow(terms);
        const why = explainFlow(compiled, f);
        const byId = new Map<string, Statement>(statements.map((s) => [s.id, s]));
        for (const c of why.categories) {
          expect(c.statements.map((s) => s.ruleId)).toEqual([...byId.keys()].sort());
          for (const s of c.statements) {
            const written = byId.get(s.ruleId) as Statement;
            const flowTerms: [TermRelation["dimension"], string][] = [["action", f.action], ["data", c.data], ["recipient", f.recipient], ...f.purposes.map((p): [TermRelation["dimension"], string] => ["purpose", p])];
            expect(s.relations).toEqual(flowTerms.map(([dimension, term]) => ({ dimension, term, ...expected(compiled.vocabulary, dimension, term, written[NAMED[dimension]]) })));
            expect(s.reasons).toEqual(s.relations.map((r) => relationLine(r.dimension, r.term, r.relation, r.terms)));
            expect(s.summary).toBe(outcomeLine(s.modality, s.outcome, s.others));
            expect(s.modality).toBe(written.modality);
            expect(s.rule.ruleId).toBe(s.ruleId);
          }
        }
      }),
      RUNS,
    );
  });

  it("marks as deciding exactly the rules the result cites, and each outcome agrees with the relations and the verdict (fast-check)", () => {
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, (statements, terms) => {
        const compiled = compilePolicy(policy(statements));
        const f = flow(terms);
        const why = explainFlow(compiled, f);
        const checked = checkFlow(compiled, f);
        expect(why.result).toEqual(checked);
        expect(Object.keys(why.result)).toEqual(Object.keys(checked));
        // The order of statements changes nothing.
        expect(explainFlow(compilePolicy(policy([...statements].reverse())), f)).toEqual(why);
        const deciding = new Set(why.categories.flatMap((c) => c.statements.filter((s) => s.deciding).map((s) => s.ruleId)));
        expect([...deciding].sort()).toEqual(why.result.rules.map((r) => r.ruleId).sort());
        for (const c of why.categories) {
          const outcome = (s: StatementConsideration) => s.outcome;
          const rel = (s: StatementConsideration, dimension: TermRelation["dimension"]) => s.relations.filter((r) => r.dimension === dimension).map((r) => r.relation);
          const hits = c.statements.filter((s) => s.outcome === "hits").map((s) => s.ruleId);
          for (const s of c.statements) {
            if (["covers-exactly", "covers", "carved-out", "contradicted"].includes(s.outcome)) {
              expect(PERMISSIONS.has(s.modality)).toBe(true);
              for (const d of ["action", "data", "recipient"] as const) expect(COVERED.has(rel(s, d)[0] as string)).toBe(true);
            }
            if (s.outcome === "covers-exactly") expect([rel(s, "data")[0], rel(s, "recipient")[0]]).toEqual(["equal", "equal"]);
            if (s.outcome === "hits" || s.outcome === "exempt") expect(RESTRICTIONS.has(s.modality)).toBe(true);
            if (s.outcome === "requires") expect(["must", "only-if"]).toContain(s.modality);
            if (s.outcome === "contradicted") expect(s.others).toEqual(hits);
            if (s.outcome === "carved-out") {
              expect(s.others.length).toBeGreaterThan(0);
              for (const id of s.others) expect(RESTRICTIONS.has(statements.find((x) => x.id === id)?.modality as Modality)).toBe(true);
            } else if (s.outcome !== "contradicted") expect(s.others).toEqual([]);
            if (PERMISSIONS.has(s.modality) && s.outcome === "no-match") {
              const all = [...rel(s, "action"), ...rel(s, "data"), ...rel(s, "recipient"), ...rel(s, "purpose")];
              expect(all.every((r) => COVERED.has(r))).toBe(false);
            }
          }
          const outcomes = c.statements.map(outcome);
          // The rules that decided the flow are those of its worst categories. A permission whose
          // conditions the flow does not declare may name the flow exactly and still not decide it.
          const decidedBy = c.statements.filter((s) => s.deciding).map(outcome);
          if (c.verdict === why.result.verdict && c.verdict === "clear") expect(decidedBy).toContain("covers-exactly");
          if (c.verdict === why.result.verdict && c.verdict === "vague") expect([decidedBy.includes("covers-exactly"), decidedBy.includes("covers")]).toEqual([false, true]);
          if (c.verdict === "clear") expect(outcomes).toContain("covers-exactly");
          if (c.verdict === "vague") expect(outcomes).toContain("covers");
          if (c.verdict === "incorrect") expect(outcomes).toContain("hits");
          if (c.verdict === "omitted") expect(outcomes.filter((o) => o === "covers" || o === "covers-exactly" || o === "contradicted")).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("an exempt restriction hits the same flow without the conditions and safeguards that make its exception (fast-check)", () => {
    let seen = 0;
    fc.assert(
      fc.property(arbStatements, arbFlowTerms, (statements, terms) => {
        const compiled = compilePolicy(policy(statements));
        const why = explainFlow(compiled, flow(terms));
        const exempt = why.categories.flatMap((c) => c.statements.filter((s) => s.outcome === "exempt").map((s) => [c.index, s.ruleId] as const));
        if (exempt.length === 0) return;
        seen++;
        const bare = explainFlow(compiled, flow({ ...terms, conditions: [], safeguards: [] }));
        for (const [index, ruleId] of exempt) expect(bare.categories[index]?.statements.find((s) => s.ruleId === ruleId)?.outcome).toBe("hits");
      }),
      { numRuns: 600 },
    );
    expect(seen).toBeGreaterThan(0);
  });

  it("names each outcome with the rules behind it", () => {
    const p = policy([
      statement({ id: "a-share", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] }),
      statement({ id: "b-broad", modality: "may", data: ["user-content"], recipients: ["processor"] }),
      statement({ id: "c-no-ads", modality: "must-not", data: ["personal-data"], recipients: ["third-party"], purposes: ["advertising"] }),
      statement({ id: "d-unless-opt-in", modality: "must-not", data: ["chat-content"], recipients: ["processor"], purposes: ["security"], conditions: ["opt-in"] }),
      statement({ id: "e-encrypt", modality: "must", actions: ["share"], data: ["personal-data"], recipients: ["processor"], safeguards: ["encryption"] }),
      statement({ id: "f-sell", modality: "may", actions: ["sell"], data: ["personal-data"], recipients: ["third-party"] }),
    ]);
    const compiled = compilePolicy(p);
    const row = (why: ReturnType<typeof explainFlow>, id: string) => {
      const s = why.categories[0]?.statements.find((x) => x.ruleId === id) as StatementConsideration;
      return [s.outcome, s.others, s.deciding];
    };
    const exact = explainFlow(compiled, flow({ safeguards: ["encryption"] }));
    expect(exact.result.verdict).toBe("clear");
    expect(["a-share", "b-broad", "c-no-ads", "d-unless-opt-in", "e-encrypt", "f-sell"].map((id) => row(exact, id))).toEqual([
      ["covers-exactly", [], true],
      ["covers", [], false],
      ["no-match", [], false],
      ["no-match", [], false],
      ["requires", [], false],
      ["no-match", [], false],
    ]);
    expect(exact.categories[0]?.statements.find((s) => s.ruleId === "f-sell")?.relations[0]).toEqual({ dimension: "action", term: "share", relation: "unrelated", terms: ["sell"] });

    // d-unless-opt-in is narrower than b-broad: it carves the flow out of it.
    const secured = explainFlow(compiled, flow({ recipient: "mistral", purposes: ["security"] }));
    expect(secured.result.verdict).toBe("incorrect");
    expect([row(secured, "b-broad"), row(secured, "d-unless-opt-in")]).toEqual([
      ["carved-out", ["d-unless-opt-in"], false],
      ["hits", [], true],
    ]);
    const optedIn = explainFlow(compiled, flow({ recipient: "mistral", purposes: ["security"], conditions: ["opt-in"] }));
    expect([row(optedIn, "b-broad"), row(optedIn, "d-unless-opt-in")]).toEqual([
      ["covers", [], true],
      ["exempt", [], false],
    ]);
    // The same terms allowed and ruled out: a contradiction, not a carve-out.
    const both = explainFlow(
      compilePolicy(policy([statement({ id: "g-may", modality: "may", data: ["user-content"] }), statement({ id: "h-not", modality: "must-not", data: ["user-content"] })])),
      flow({ recipient: "mistral" }),
    );
    expect(both.result.verdict).toBe("ambiguous");
    expect([row(both, "g-may"), row(both, "h-not")]).toEqual([
      ["contradicted", ["h-not"], true],
      ["hits", [], true],
    ]);
    expect(both.categories[0]?.statements[0]?.summary).toBe("allows the flow, and h-not rules it out: a contradiction");
    const above = explainFlow(compiled, flow({ data: ["personal-data"], recipient: "processor", purposes: ["advertising"] }));
    expect(above.categories[0]?.statements.find((s) => s.ruleId === "a-share")?.relations.slice(1, 3)).toEqual([
      { dimension: "data", term: "personal-data", relation: "above", terms: ["chat-content"] },
      { dimension: "recipient", term: "processor", relation: "above", terms: ["openai"] },
    ]);
  });

  it("says when a statement's purposes are the policy's purpose limit", () => {
    const compiled = compilePolicy(pocketo);
    const why = explainFlow(compiled, { id: "f", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"] });
    const limited = why.categories[0]?.statements.filter((s) => s.purposeLimit !== undefined) ?? [];
    expect(limited.length).toBeGreaterThan(0);
    // Exactly the permissions that name no purpose take the limit's.
    const takesLimit = (id: string) => pocketo.statements.some((s) => s.id === id && s.purposes.length === 0 && (s.modality === "may" || s.modality === "only-if"));
    expect(why.categories[0]?.statements.filter((s) => takesLimit(s.ruleId)).map((s) => s.ruleId)).toEqual(limited.map((s) => s.ruleId));
    for (const s of limited) {
      expect(s.purposeLimit).toBe(pocketo.purposeLimit?.id);
      expect(s.reasons.at(-1)).toBe(purposeLimitLine(pocketo.purposeLimit?.id as string));
      expect(s.reasons.length).toBe(s.relations.length + 1);
    }
    const named = why.categories[0]?.statements.filter((s) => s.purposeLimit === undefined) ?? [];
    for (const s of named) expect(s.reasons.length).toBe(s.relations.length);
    expect(named.length).toBeGreaterThan(0);
  });

  it("expands every term of the flow up the vocabulary, the location included", () => {
    const compiled = compilePolicy(pocketo);
    const why = explainFlow(compiled, {
      id: "f",
      action: "collect",
      data: ["email-address", "nope"],
      recipient: "first-party",
      purposes: ["authentication"],
      conditions: ["user-initiated"],
      safeguards: ["encryption-at-rest"],
      location: "eu",
    });
    expect(why.terms.data.map((d) => [d.term, d.known, d.ancestors.includes("personal-data")])).toEqual([
      ["email-address", true, true],
      ["nope", false, false],
    ]);
    expect(why.terms.data[1]?.ancestors).toEqual(["nope"]);
    expect(why.terms.purposes.map((p) => p.term)).toEqual(["authentication"]);
    expect(why.terms.conditions).toEqual([{ term: "user-initiated", known: true, ancestors: compiled.vocabulary.ancestors("condition", "user-initiated") }]);
    expect(why.terms.safeguards).toEqual([{ term: "encryption-at-rest", known: true, ancestors: ["encryption", "encryption-at-rest"] }]);
    expect(why.terms.location).toEqual({ term: "eu", known: true, ancestors: compiled.vocabulary.ancestors("location", "eu") });
    const bare = explainFlow(compiled, { id: "f", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"] }).terms;
    expect(["location" in bare, bare.conditions, bare.safeguards]).toEqual([false, [], []]);
  });

  it("answers arguments of the wrong type with no terms and no categories", () => {
    const why = explainFlow(compilePolicy(pocketo), null as never);
    const none = { term: "", known: false, ancestors: [] };
    expect(why).toEqual({ flowId: "", result: why.result, terms: { action: none, data: [], recipient: none, purposes: [], conditions: [], safeguards: [] }, categories: [] });
    expect(why.result.verdict).toBe("omitted");
  });
});
