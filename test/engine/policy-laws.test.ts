/**
 * Laws over the three bundled policies (issue 10, items 4 and 6), checked with fast-check on the
 * engine's decision record (never on message text).
 *
 * - Every permission can be met: the flow made of a permission's own terms, declaring every
 *   condition and safeguard that binds it, is clear; or a restriction hits it that is narrower
 *   in data (the permission is met by narrower data), or names a purpose the permission never
 *   claimed (it names none), or is listed by `analyzePolicy` against it with a note on either rule
 *   that names the other (the text's contradiction, defended).
 * - Narrowing a flow's data, recipient or purpose keeps every permission that covered it (allowed
 *   never becomes omitted), and keeps every restriction the broader term fell under.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzePolicy, compilePolicy, pocketo, polus, pomeg, type CompiledPolicy, type CompiledStatement } from "../../src/index.js";
import { decide } from "../../src/engine/decide.js";
import type { CheckableFlow } from "../../src/engine/flow-terms.js";
import type { TermKind } from "../../src/model/terms.js";

const POLICIES = { pomeg, pocketo, polus } as const;
const RUNS = { numRuns: 400 };

function permissionsOf(compiled: CompiledPolicy): CompiledStatement[] {
  return compiled.statements.filter((s) => s.modality === "may" || s.modality === "only-if");
}

/** The flow declaring every condition and safeguard the decision says it lacks (a few rounds: declaring one may bind another). */
function declareAll(compiled: CompiledPolicy, flow: CheckableFlow): CheckableFlow {
  let current = flow;
  for (let round = 0; round < 4; round++) {
    const unmet = decide(compiled, current).unmet;
    if (unmet.length === 0) return current;
    current = {
      ...current,
      conditions: [...(current.conditions ?? []), ...unmet.filter((u) => u.kind === "condition").map((u) => u.term)],
      safeguards: [...(current.safeguards ?? []), ...unmet.filter((u) => u.kind === "safeguard").map((u) => u.term)],
    };
  }
  return current;
}

function childrenOf(compiled: CompiledPolicy, kind: TermKind, term: string): string[] {
  return compiled.vocabulary.ids(kind).filter((id) => compiled.vocabulary.term(kind, id)?.parents.includes(term));
}

describe.each(Object.entries(POLICIES))("%s: laws over the encoded policy", (_id, policy) => {
  const compiled = compilePolicy(policy);
  const permissions = permissionsOf(compiled);
  const pairs = analyzePolicy(compiled);
  const below = (kind: TermKind, a: string, b: string) => compiled.vocabulary.isBelow(kind, a, b);

  it("every permission can be met by the flow of its own terms (item 4)", () => {
    const arb = fc.integer({ min: 0, max: permissions.length - 1 }).chain((i) => {
      const p = permissions[i] as CompiledStatement;
      return fc.record({
        p: fc.constant(p),
        action: fc.constantFrom(...p.statement.actions),
        data: fc.constantFrom(...p.statement.data),
        recipient: fc.constantFrom(...p.statement.recipients),
        purpose: fc.constantFrom(...(p.purpose.terms.length > 0 ? p.purpose.terms : compiled.vocabulary.ids("purpose"))),
      });
    });
    fc.assert(
      fc.property(arb, ({ p, action, data, recipient, purpose }) => {
        const flow = declareAll(compiled, {
          id: "own-terms", action, data: [data], recipient, purposes: [purpose],
          conditions: p.statement.conditions, safeguards: p.statement.safeguards,
        });
        const decision = decide(compiled, flow);
        const where = `${p.id}: ${action} ${data} → ${recipient} for ${purpose}`;
        expect(decision.unmet, where).toEqual([]);
        if (decision.verdict === "clear") return;
        expect(["incorrect", "ambiguous"], `${where} is ${decision.verdict}`).toContain(decision.verdict);
        const hits = decision.categories.flatMap((c) => c.hits);
        const defended = (m: CompiledStatement) =>
          pairs.some((pair) => pair.positive.ruleId === p.id && pair.negative.ruleId === m.id) &&
          ((p.statement.interpretation ?? "").includes(m.id) || (m.statement.interpretation ?? "").includes(p.id));
        if (decision.verdict === "ambiguous") {
          // R1: a contradiction of the text itself, which analyze lists and a note defends.
          for (const m of hits) expect(defended(m), `${where} is ambiguous with ${m.id}: not a listed, defended contradiction`).toBe(true);
          return;
        }
        // R2: carved out. Fine when the restriction speaks to purposes the permission never
        // claimed, or to narrower data only, so that the permission is met by the narrower data
        // outside the restriction; or when it is a listed, defended contradiction.
        const related = (m: CompiledStatement, t: string) => m.statement.data.some((md) => below("data", t, md) || below("data", md, t));
        const narrowerOnly = hits.every((m) => m.statement.data.filter((md) => related(m, md) && (below("data", data, md) || below("data", md, data))).every((md) => md !== data && below("data", md, data)));
        const unclaimed = p.purposesFrom === "any" && hits.every((m) => !m.purpose.any);
        if (unclaimed || hits.every(defended)) return;
        expect(narrowerOnly, `${where} is incorrect by ${hits.map((m) => m.id).join(", ")}, which is not narrower in data`).toBe(true);
        const outside = compiled.vocabulary.ids("data").filter((t) => t !== data && below("data", t, data) && hits.every((m) => !related(m, t)));
        const met = outside.some((t) => {
          const narrower = declareAll(compiled, { ...flow, data: [t], conditions: p.statement.conditions, safeguards: p.statement.safeguards });
          const d = decide(compiled, narrower);
          return (d.verdict === "clear" || d.verdict === "vague") && d.unmet.length === 0;
        });
        expect(met, `${where} is incorrect by ${hits.map((m) => m.id).join(", ")} and no narrower data outside it is allowed`).toBe(true);
      }),
      RUNS,
    );
  });

  const kinds = ["data", "recipient", "purpose"] as const;
  const arbFlow = fc.record({
    action: fc.constantFrom(...compiled.vocabulary.ids("action")),
    data: fc.constantFrom(...compiled.vocabulary.ids("data")),
    recipient: fc.constantFrom(...compiled.vocabulary.ids("recipient")),
    purpose: fc.constantFrom(...compiled.vocabulary.ids("purpose")),
    kind: fc.constantFrom(...kinds),
    pick: fc.nat(),
  });

  it("narrowing a term keeps every covering permission and every restriction the broader term fell under (item 6)", () => {
    fc.assert(
      fc.property(arbFlow, ({ action, data, recipient, purpose, kind, pick }) => {
        const term = kind === "data" ? data : kind === "recipient" ? recipient : purpose;
        const children = childrenOf(compiled, kind, term);
        fc.pre(children.length > 0);
        const child = children[pick % children.length] as string;
        const broad: CheckableFlow = { id: "broad", action, data: [data], recipient, purposes: [purpose] };
        const narrow: CheckableFlow = { ...broad, id: "narrow", ...(kind === "data" ? { data: [child] } : kind === "recipient" ? { recipient: child } : { purposes: [child] }) };
        const b = decide(compiled, broad).categories[0]!;
        const n = decide(compiled, narrow).categories[0]!;
        // Permissions: covered stays covered, so allowed never becomes omitted.
        for (const p of b.covering) expect(n.covering, `${p.id} covers ${term} but not its child ${child}`).toContain(p);
        if (b.verdict === "clear" || b.verdict === "vague") expect(n.verdict, `${term} → ${child}`).not.toBe("omitted");
        // Restrictions the broader term falls under (at or below the restriction's terms) still hit.
        // A coarse term the restriction is merely related to ("processor" for a must-not on
        // "email-provider") may narrow to a term outside it ("cloud-provider"): no law there.
        const under = (m: CompiledStatement) =>
          kind === "data" ? m.statement.data.some((md) => below("data", term, md)) : kind === "recipient" ? m.recipient.any || m.statement.recipients.some((r) => below("recipient", term, r)) : true;
        for (const m of b.hits) {
          if (under(m) && m.modality === "must-not") expect(n.hits, `${m.id} hits ${term} but not its child ${child}`).toContain(m);
        }
        if (b.verdict === "incorrect" && b.hits.every((m) => m.modality === "must-not" && under(m) && m.statement.data.some((md) => below("data", data, md)))) {
          expect(["incorrect", "ambiguous"]).toContain(n.verdict);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
