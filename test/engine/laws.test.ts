import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlow, checkFlows, compilePolicy, explainFlow, type FlowResult } from "../../src/index.js";
import { arbFlow, arbStatement, arbStatements, valid } from "./arbitraries.js";
import { ACME_TERMS, policy, statement } from "./fixtures.js";

const ERRORS = new Set(["omitted", "incorrect", "ambiguous"]);
const hasError = (r: FlowResult) => r.findings.some((f) => f.severity === "error");
const RUNS = { numRuns: 300 };

describe("laws of the flow engine", () => {
  it("adding a may never turns a clear flow into an error", () => {
    fc.assert(
      fc.property(arbStatement("may"), arbStatements, arbStatement("may"), arbFlow, (seed, others, extra, g) => {
        // The flow takes the first statement's own terms, so that it is often clear.
        const statements = [statement({ id: "seed", ...seed }), ...others];
        const f = { ...g, action: seed.actions[0]!, data: [seed.data[0]!], recipient: seed.recipients[0]!, purposes: seed.purposes.length > 0 ? [seed.purposes[0]!] : g.purposes, conditions: seed.conditions, safeguards: seed.safeguards };
        const before = checkFlow(compilePolicy(policy(statements)), f);
        fc.pre(before.verdict === "clear");
        const after = checkFlow(compilePolicy(policy([...statements, statement({ id: "added", ...extra })])), f);
        expect(ERRORS.has(after.verdict)).toBe(false);
        if (!hasError(before)) expect(hasError(after)).toBe(false);
      }),
      RUNS,
    );
  });

  it("adding a must-not never turns an error into clear (or vague)", () => {
    fc.assert(
      fc.property(arbStatements, arbStatement("must-not"), arbFlow, (statements, extra, f) => {
        const before = checkFlow(compilePolicy(policy(statements)), f);
        fc.pre(ERRORS.has(before.verdict));
        const after = checkFlow(compilePolicy(policy([...statements, statement({ id: "added", ...extra })])), f);
        expect(ERRORS.has(after.verdict)).toBe(true);
      }),
      RUNS,
    );
  });

  it("adding an only-for never turns an error into clear (or vague)", () => {
    fc.assert(
      fc.property(arbStatements, arbStatement("only-for"), arbFlow, (statements, extra, f) => {
        const before = checkFlow(compilePolicy(policy(statements)), f);
        fc.pre(ERRORS.has(before.verdict));
        const after = checkFlow(compilePolicy(policy([...statements, statement({ id: "added", ...valid(extra) })])), f);
        expect(ERRORS.has(after.verdict)).toBe(true);
      }),
      RUNS,
    );
  });

  it("an only-for rules out a flow it covers for a purpose outside its list, whatever allows it", () => {
    fc.assert(
      fc.property(arbStatements, arbStatement("only-for"), arbFlow, (statements, extra, f) => {
        const only = valid(extra);
        const flow = { ...f, action: only.actions[0]!, data: [only.data[0]!], recipient: only.recipients[0]! };
        const compiled = compilePolicy(policy([...statements, statement({ id: "only", ...only })]));
        const outside = flow.purposes.some((p) => !only.purposes.some((q) => compiled.vocabulary.isBelow("purpose", p, q)));
        fc.pre(outside && only.conditions.length === 0 && only.safeguards.length === 0);
        expect(ERRORS.has(checkFlow(compiled, flow).verdict)).toBe(true);
      }),
      RUNS,
    );
  });

  it("a consistent renaming of the policy's terms changes nothing", () => {
    const own = new Set(ACME_TERMS.map((t) => t.id));
    fc.assert(
      fc.property(arbStatements, arbFlow, fc.constantFrom("zz", "a0", "m"), (statements, f, prefix) => {
        const rename = (id: string) => (own.has(id) ? `${prefix}-${id.split("").reverse().join("")}` : id);
        const renameAll = (ids: readonly string[]) => ids.map(rename);
        const renamedPolicy = policy(
          statements.map((s) => ({ ...s, data: renameAll(s.data), recipients: renameAll(s.recipients), purposes: renameAll(s.purposes) })),
          { vocabulary: ACME_TERMS.map((t) => ({ ...t, id: rename(t.id), parents: renameAll(t.parents) })) },
        );
        const renamedFlow = { ...f, data: renameAll(f.data), recipient: rename(f.recipient), purposes: renameAll(f.purposes) };
        const shape = (r: FlowResult) => ({
          verdict: r.verdict,
          rules: r.rules.map((x) => x.ruleId),
          findings: r.findings.map((x) => `${x.code} ${x.severity} ${JSON.stringify(x.path)}`).sort(),
        });
        expect(shape(checkFlow(compilePolicy(renamedPolicy), renamedFlow))).toEqual(shape(checkFlow(compilePolicy(policy(statements)), f)));
      }),
      RUNS,
    );
  });

  it("results do not depend on the order of statements or of flows", () => {
    fc.assert(
      fc.property(arbStatements, fc.array(arbFlow, { minLength: 1, maxLength: 6 }), fc.integer(), (statements, flows, seed) => {
        const shuffle = <T>(list: T[]) => list.map((x, i) => ({ x, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const forward = checkFlows(compilePolicy(policy(statements)), flows);
        const shuffledStatements = checkFlows(compilePolicy(policy(shuffle(statements))), flows);
        expect(shuffledStatements).toEqual(forward);
        const reversed = checkFlows(compilePolicy(policy(statements)), [...flows].reverse());
        expect(reversed.reverse()).toEqual(forward);
      }),
      RUNS,
    );
  });

  it("the shape cache and explainFlow agree with a fresh decision", () => {
    fc.assert(
      fc.property(arbStatements, arbFlow, arbFlow, (statements, f, g) => {
        const compiled = compilePolicy(policy(statements));
        const first = checkFlow(compiled, f);
        checkFlow(compiled, g);
        expect(checkFlow(compiled, { ...f, id: "other" })).toEqual({ ...first, flowId: "other" });
        expect(explainFlow(compilePolicy(policy(statements)), f).result).toEqual(first);
      }),
      RUNS,
    );
  });
});
