import { describe, expect, it } from "vitest";
import { analyzePolicy, checkFlow, compilePolicy, pocketo, polus, pomeg, unboundedPermissions, type TermTable } from "../../src/index.js";
import { policy, statement } from "./fixtures.js";

/** One may and one must-not, with the given data and recipients; the class PolicyLint gives them. */
const pair = (mayData: string, mayRecipient: string, notData: string, notRecipient: string) =>
  analyzePolicy(
    policy([
      statement({ id: "a-may", modality: "may", data: [mayData], recipients: [mayRecipient] }),
      statement({ id: "b-not", modality: "must-not", data: [notData], recipients: [notRecipient] }),
    ]),
  );

describe("analyzePolicy (PolicyLint's classes)", () => {
  it.each([
    // [class, may data, may recipient, must-not data, must-not recipient, engine]
    ["C1", "email-address", "advertiser", "email-address", "advertiser", "ambiguous"],
    ["C2", "email-address", "advertiser", "contact-data", "advertiser", "ambiguous"],
    ["C3", "email-address", "advertiser", "email-address", "third-party", "ambiguous"],
    ["C4", "email-address", "advertiser", "contact-data", "third-party", "ambiguous"],
    ["C5", "email-address", "third-party", "contact-data", "advertiser", "ambiguous"],
    ["N1", "contact-data", "advertiser", "email-address", "advertiser", "incorrect"],
    ["N2", "email-address", "third-party", "email-address", "advertiser", "incorrect"],
    ["N3", "contact-data", "third-party", "email-address", "advertiser", "incorrect"],
    ["N4", "contact-data", "advertiser", "email-address", "third-party", "ambiguous"],
  ])("%s: may %s to %s, must-not %s to %s; the engine says %s", (kind, d1, r1, d2, r2, engine) => {
    const found = pair(d1, r1, d2, r2);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind, engine, narrowing: kind.startsWith("N"), path: ["statements", 1] });
    expect(found[0]!.rules.map((r) => r.ruleId)).toEqual(["a-may", "b-not"]);
  });

  it("overlap: unrelated terms with a common narrower term (a DAG) still meet", () => {
    const found = pair("identifiers", "advertiser", "contact-data", "advertiser");
    expect(found.map((c) => [c.kind, c.engine, c.narrowing])).toEqual([["overlap", "ambiguous", false]]);
  });

  it("unrelated terms make no pair", () => {
    expect(pair("email-address", "advertiser", "ip-address", "advertiser")).toEqual([]);
    expect(pair("email-address", "first-party", "email-address", "third-party")).toEqual([]);
    // processor and third-party are unrelated, but "ai-model-provider" sits under both.
    expect(pair("email-address", "processor", "email-address", "third-party").map((c) => c.kind)).toEqual(["overlap"]);
  });

  it("a recipient with two parents (processor and third party) meets a must-not on third parties", () => {
    const found = pair("personal-data", "ai-model-provider", "meta-data", "third-party");
    expect(found.map((c) => [c.kind, c.engine])).toEqual([["N4", "ambiguous"]]);
    expect(found[0]!.message).toBe(
      'a-may allows "personal-data" to "ai-model-provider"; b-not rules out "meta-data" to "third-party" (N4: the negative names narrower data, a broader recipient); flows in the overlap are ambiguous',
    );
  });

  it("purposes count: a must-not narrower only by purpose is an exception", () => {
    const found = analyzePolicy(
      policy([
        statement({ id: "a-may", modality: "may", actions: ["use"], data: ["personal-data"], recipients: ["first-party"] }),
        statement({ id: "b-not", modality: "must-not", actions: ["use"], data: ["personal-data"], recipients: ["first-party"], purposes: ["advertising"] }),
        statement({ id: "c-not", modality: "must-not", actions: ["use"], data: ["meta-data"], recipients: ["first-party"], purposes: ["product-improvement"] }),
        statement({ id: "d-may", modality: "may", actions: ["use"], data: ["meta-data"], recipients: ["first-party"], purposes: ["social-features"] }),
      ]),
    );
    expect(found.map((c) => [c.positive.ruleId, c.negative.ruleId, c.kind, c.engine])).toEqual([
      ["a-may", "b-not", "C1", "incorrect"],
      ["a-may", "c-not", "N1", "incorrect"],
    ]);
  });
});

describe("analyzePolicy agrees with the flow engine on the bundled policies", () => {
  it.each([["pomeg", pomeg], ["pocketo", pocketo], ["polus", polus]] as const)("%s: a flow in each pair's overlap is incorrect or ambiguous, and the pair's verdict holds when no other statement interferes", (_, bundled) => {
    const compiled = compilePolicy(bundled);
    const byId = new Map(compiled.statements.map((s) => [s.id, s]));
    /** A term at or below both (the narrower one when nested, else a common descendant). */
    const meet = (table: TermTable, a: string, b: string): string => {
      const x = table.index.get(a)!;
      const y = table.index.get(b)!;
      for (let t = 0; t < table.size; t++) if (table.below[t * table.size + x] === 1 && table.below[t * table.size + y] === 1 && (t === x || t === y)) return table.ids[t]!;
      for (let t = 0; t < table.size; t++) if (table.below[t * table.size + x] === 1 && table.below[t * table.size + y] === 1) return table.ids[t]!;
      throw new Error(`${a} and ${b} do not meet`);
    };
    const meetLists = (table: TermTable, a: readonly string[], b: readonly string[]): string | undefined => {
      for (const x of a) for (const y of b) {
        try {
          return meet(table, x, y);
        } catch {
          /* try the next pair */
        }
      }
      return undefined;
    };
    let checked = 0;
    for (const pair of analyzePolicy(compiled)) {
      const p = byId.get(pair.positive.ruleId)!;
      const m = byId.get(pair.negative.ruleId)!;
      const t = compiled.tables;
      const action = meetLists(t.action, p.statement.actions, m.statement.actions)!;
      // An only-for hits the purposes outside its list: take the permission's first such purpose.
      const outside = (list: readonly string[]) => list.find((x) => m.purpose.covers[t.purpose.index.get(x)!] !== 1)!;
      const purposes =
        m.statement.modality === "only-for"
          ? [outside(p.purpose.any ? t.purpose.ids : p.purpose.terms)]
          : p.purpose.any && m.purpose.any
            ? ["service-provision"]
            : p.purpose.any
              ? [m.purpose.terms[0]!]
              : m.purpose.any
                ? [p.purpose.terms[0]!]
                : [meetLists(t.purpose, p.purpose.terms, m.purpose.terms)!];
      const flow = {
        id: "overlap",
        description: "a flow in the overlap",
        action,
        data: [meet(t.data, pair.positive.data, pair.negative.data)],
        recipient: meet(t.recipient, pair.positive.recipient, pair.negative.recipient),
        purposes,
      };
      const result = checkFlow(compiled, flow);
      expect(["incorrect", "ambiguous"], `${pair.message}: ${result.message}`).toContain(result.verdict);
      expect(result.rules.map((r) => r.ruleId)).toContain(m.id);
      // With only the two statements, the engine says exactly what the analysis says.
      const alone = compilePolicy({ ...bundled, statements: [p.statement, m.statement] });
      expect(checkFlow(alone, flow).verdict, pair.message).toBe(pair.engine);
      checked++;
    }
    expect(checked).toBe(analyzePolicy(compiled).length);
  });
});

describe("analyzePolicy: every modality pair, any recipient, and the order", () => {
  it("pairs only-if permissions and only-for restrictions as it pairs may and must-not", () => {
    const found = analyzePolicy(
      policy([
        statement({ id: "a-only-if", modality: "only-if", data: ["email-address"], recipients: ["advertiser"], conditions: ["opt-in"] }),
        statement({ id: "b-only-for", modality: "only-for", data: ["email-address"], recipients: ["advertiser"], purposes: ["security"] }),
      ]),
    );
    expect(found.map((c) => [c.positive.ruleId, c.negative.ruleId, c.kind])).toEqual([["a-only-if", "b-only-for", "C1"]]);
  });

  it("a restriction that names no recipient meets every recipient of the permission", () => {
    const found = analyzePolicy(
      policy([
        statement({ id: "a-may", modality: "may", data: ["email-address"], recipients: ["advertiser", "processor"] }),
        statement({ id: "b-not", modality: "must-not", data: ["email-address"], recipients: [] }),
      ]),
    );
    expect(found.map((c) => [c.positive.recipient, c.negative.recipient, c.kind])).toEqual([
      ["advertiser", "advertiser", "C1"],
      ["processor", "processor", "C1"],
    ]);
  });

  it("is sorted by permission, restriction, then data and recipients, whatever the order of statements; a compiled policy gives the same", () => {
    const statements = [
      statement({ id: "z-may", modality: "may", data: ["email-address", "contact-data"], recipients: ["advertiser"] }),
      statement({ id: "m-not", modality: "must-not", data: ["email-address"], recipients: ["advertiser", "third-party"] }),
      statement({ id: "a-may", modality: "may", data: ["contact-data"], recipients: ["third-party", "advertiser"] }),
      statement({ id: "b-not", modality: "must-not", data: ["contact-data"], recipients: ["advertiser"] }),
    ];
    const rows = (list: ReturnType<typeof analyzePolicy>) => list.map((c) => [c.positive.ruleId, c.negative.ruleId, c.positive.data, c.negative.data, c.positive.recipient, c.negative.recipient]);
    const found = analyzePolicy(policy(statements));
    expect(rows(found)).toEqual([
      ["a-may", "b-not", "contact-data", "contact-data", "advertiser", "advertiser"],
      ["a-may", "b-not", "contact-data", "contact-data", "third-party", "advertiser"],
      ["a-may", "m-not", "contact-data", "email-address", "advertiser", "advertiser"],
      ["a-may", "m-not", "contact-data", "email-address", "advertiser", "third-party"],
      ["a-may", "m-not", "contact-data", "email-address", "third-party", "advertiser"],
      ["a-may", "m-not", "contact-data", "email-address", "third-party", "third-party"],
      ["z-may", "b-not", "contact-data", "contact-data", "advertiser", "advertiser"],
      ["z-may", "b-not", "email-address", "contact-data", "advertiser", "advertiser"],
      ["z-may", "m-not", "contact-data", "email-address", "advertiser", "advertiser"],
      ["z-may", "m-not", "contact-data", "email-address", "advertiser", "third-party"],
      ["z-may", "m-not", "email-address", "email-address", "advertiser", "advertiser"],
      ["z-may", "m-not", "email-address", "email-address", "advertiser", "third-party"],
    ]);
    expect(rows(analyzePolicy(policy([...statements].reverse())))).toEqual(rows(found));
    expect(analyzePolicy(compilePolicy(policy(statements)))).toEqual(found);
  });
});

describe("unboundedPermissions", () => {
  it("lists the permissions that name no purpose when the policy has no purpose limit, by rule id, pointing at their purposes", () => {
    const statements = [
      statement({ id: "c-may", modality: "may", data: ["email-address"], recipients: ["first-party"] }),
      statement({ id: "a-only-if", modality: "only-if", data: ["email-address"], recipients: ["processor"], conditions: ["opt-in"] }),
      statement({ id: "b-bounded", modality: "may", data: ["email-address"], recipients: ["processor"], purposes: ["security"] }),
      statement({ id: "d-not", modality: "must-not", data: ["email-address"], recipients: ["advertiser"] }),
      statement({ id: "e-must", modality: "must", data: ["email-address"], recipients: ["processor"], safeguards: ["encryption"] }),
    ];
    const found = unboundedPermissions(policy(statements));
    expect(found.map((u) => [u.ruleId, u.reason, u.path, u.rule.ruleId])).toEqual([
      ["a-only-if", "no-purposes-no-limit", ["statements", 1, "purposes"], "a-only-if"],
      ["c-may", "no-purposes-no-limit", ["statements", 0, "purposes"], "c-may"],
    ]);
    expect(found[0]?.message).toContain("a-only-if");
    expect(unboundedPermissions(compilePolicy(policy(statements)))).toEqual(found);
  });

  it("lists none when a purpose limit bounds them, as in the bundled policies", () => {
    expect(unboundedPermissions(pocketo)).toEqual([]);
    expect(unboundedPermissions(pomeg)).toEqual([]);
  });
});
