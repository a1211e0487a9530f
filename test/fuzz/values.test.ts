/**
 * Values out of range and of the wrong type, through the public functions (issue 13): each is an
 * issue or a finding at its place, never a RangeError or a TypeError; and a check that throws
 * costs its own findings for that manifest, never the run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzePolicy,
  checkDeletionPlan,
  checkFlow,
  checkFlows,
  checkObligations,
  checkRetention,
  checkRights,
  compilePolicy,
  createGuard,
  deadlinesFor,
  explainFlow,
  lintManifest,
  parseSource,
  PolicyInvalidError,
  PolicyViolationError,
  pocketo,
  pomeg,
  resolveBundledPolicy,
  rightsDeadline,
  type DeletionPlan,
} from "../../src/index.js";
import { MANIFEST_CHECKS, type ManifestCheck } from "../../src/lint.js";

const plan = (after: string, triggeredAt?: string): DeletionPlan => ({
  id: "p",
  trigger: "account-deletion-requested",
  ...(triggeredAt !== undefined ? { triggeredAt } : {}),
  steps: [{ data: ["personal-data"], store: "backups", after }],
});

describe("dates and durations out of range", () => {
  it("a Date past year 9999 is an issue naming the argument", () => {
    expect(deadlinesFor(pomeg, "account-deletion-requested", new Date(8.64e15))).toEqual({
      ok: false,
      issue: { code: "invalid-instant", field: "at", message: "at: the Date +275760-09-13T00:00:00.000Z is outside the years 0000 to 9999" },
    });
    expect(rightsDeadline(pomeg, "access", new Date(-8.64e15))).toEqual({
      ok: false,
      issue: { code: "invalid-instant", field: "receivedAt", message: "receivedAt: the Date -271821-04-20T00:00:00.000Z is outside the years 0000 to 9999" },
    });
  });

  it("a delay longer than 10,000 years is schema-invalid at its step, and the plan is still checked", () => {
    const result = checkDeletionPlan(pocketo, plan("P300000Y", "2026-11-23T10:00:00Z"));
    expect(result.findings.filter((f) => f.code === "schema-invalid").map((f) => [f.path, f.message])).toEqual([
      [["steps", 0, "after"], 'after: "P300000Y" is longer than 10000 years, the longest delay pledge can count (deadlines are dates up to the year 9999)'],
    ]);
    expect(result.obligations.length).toBeGreaterThan(0);
  });

  it("10,000 years is the longest delay, in any unit (a day either side)", () => {
    const accepted = (after: string) => checkDeletionPlan(pocketo, plan(after)).findings.every((f) => f.code !== "schema-invalid");
    // 10,000 years of 365.2425 days: 3,652,425 days.
    for (const ok of ["P10000Y", "P120000M", "P521775W", "P3652424D", "PT87658176H", "PT5259490560M", "PT315569433600S", "P9999YT23H"]) expect(accepted(ok), ok).toBe(true);
    for (const long of ["P10001Y", "P120013M", "P521776W", "P3652426D", "PT87658224H", "PT5259493440M", "PT315569606400S", "P10000YT1M", "P10000YT1S"]) expect(accepted(long), long).toBe(false);
  });

  it("the longest delay from the last instant is still a date", () => {
    const result = checkDeletionPlan(pocketo, plan("P10000Y", "9999-12-31T23:59:59-23:59"));
    const backups = result.obligations.find((o) => o.store === "backups" && o.planned !== undefined);
    expect(backups?.planned?.instant).toBe("+020000-01-01T23:58:59Z");
    expect(backups?.status).toBe("late");
  });

  it("no duration the schema accepts makes a deadline check throw (fast-check)", () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{0,24}$/);
    const duration = fc.tuple(fc.constantFrom("Y", "M", "W", "D", "TH", "TM", "TS"), digits).map(([unit, n]) => (unit.startsWith("T") ? `PT${n}${unit[1]}` : `P${n}${unit}`));
    const instant = fc.constantFrom(undefined, "2026-11-23T10:00:00Z", "0000-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59");
    fc.assert(
      fc.property(duration, instant, (after, triggeredAt) => {
        const result = checkDeletionPlan(pocketo, plan(after, triggeredAt));
        for (const o of result.obligations) {
          if (o.planned?.instant !== undefined) expect(o.planned.instant).toMatch(/^[+-]?\d{4,6}-\d\d-\d\dT/);
          if (o.due.instant !== undefined) expect(o.due.instant).toMatch(/^[+-]?\d{4,6}-\d\d-\d\dT/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("arguments of the wrong type, from callers without TypeScript", () => {
  it("are issues, as bad strings are", () => {
    const at = "2026-11-23T10:00:00Z";
    expect(deadlinesFor(pocketo, 42 as unknown as string, at)).toMatchObject({ ok: false, issue: { code: "unknown-event", field: "event" } });
    expect(deadlinesFor(pocketo, "account-deletion-requested", null as unknown as string)).toEqual({
      ok: false,
      issue: { code: "invalid-instant", field: "at", message: "at: expected an instant (a string such as 2026-11-23T10:00:00Z, or a Date), got null" },
    });
    expect(rightsDeadline(pocketo, null as unknown as string, at)).toMatchObject({ ok: false, issue: { code: "unknown-right", field: "right" } });
    const wrong = checkDeletionPlan(pocketo, { ...plan("P1D"), triggeredAt: 42 as unknown as string, steps: [{ data: ["personal-data"], store: "backups", after: 30 as unknown as string }] });
    expect(wrong.findings.filter((f) => f.code === "schema-invalid").map((f) => [f.path, f.message])).toEqual([
      [["steps", 0, "after"], "after: expected an ISO 8601 duration (a string), got number; expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)"],
      [["triggeredAt"], "triggeredAt: expected an instant (a string such as 2026-11-23T10:00:00Z, or a Date), got number"],
    ]);
    expect(parseSource(42 as unknown as string)).toEqual({ ok: false, errors: [{ message: "expected the text to parse as a string, got number", region: { line: 1, column: 1, endLine: 1, endColumn: 1 } }] });
  });
});

describe("arguments of the wrong type to the flow engine", () => {
  const compiled = compilePolicy(pocketo);
  const flow = { id: "chat", action: "collect", data: ["email-address", "name"], recipient: "first-party", purposes: ["authentication"], conditions: ["user-action"] };
  const answer = (result: ReturnType<typeof checkFlow>) => [result.flowId, result.verdict, result.rules, result.findings.map((f) => [f.code, f.severity, f.path, f.message])];

  it("are an omitted result with one schema-invalid finding at the field, seen once or many times", () => {
    const cases: [unknown, unknown, unknown][] = [
      [compiled, null, ["", "omitted", [], [["schema-invalid", "error", [], "expected a flow (an object with id, action, data, recipient and purposes), got null"]]]],
      [null, flow, ["chat", "omitted", [], [["schema-invalid", "error", [], "expected a compiled policy (compilePolicy(policy)), got null"]]]],
      [pocketo, flow, ["chat", "omitted", [], [["schema-invalid", "error", [], "expected a compiled policy (compilePolicy(policy)), got an object"]]]],
      [compiled, { ...flow, data: "chat-content" }, ["chat", "omitted", [], [["schema-invalid", "error", ["data"], 'data: expected a list of data terms, got the string "chat-content"']]]],
      [compiled, { ...flow, purposes: ["ai-chat", 7] }, ["chat", "omitted", [], [["schema-invalid", "error", ["purposes", 1], "purposes.1: expected a purpose term, got a number"]]]],
      [compiled, { ...flow, conditions: null }, ["chat", "omitted", [], [["schema-invalid", "error", ["conditions"], "conditions: expected a list of condition terms, got null"]]]],
      [compiled, { ...flow, location: 5 }, ["chat", "omitted", [], [["schema-invalid", "error", ["location"], "location: expected a location term, got a number"]]]],
      [compiled, { ...flow, audience: { minimumAge: "13" } }, ["chat", "omitted", [], [["schema-invalid", "error", ["audience", "minimumAge"], 'audience.minimumAge: expected an age in years, got the string "13"']]]],
      [compiled, { ...flow, action: undefined }, ["chat", "omitted", [], [["schema-invalid", "error", ["action"], "action: expected an action term, got nothing"]]]],
      [compiled, { ...flow, id: 42 }, ["", "omitted", [], [["schema-invalid", "error", ["id"], "id: expected a flow id, got a number"]]]],
      [compiled, { ...flow, recipient: ["openai"] }, ["chat", "omitted", [], [["schema-invalid", "error", ["recipient"], "recipient: expected a recipient term, got an array"]]]],
      [compiled, { ...flow, audience: 13 }, ["chat", "omitted", [], [["schema-invalid", "error", ["audience"], "audience: expected an audience (an object with minimumAge), got a number"]]]],
      [compiled, { ...flow, audience: { minimumAge: 13, region: ["eu"] } }, ["chat", "omitted", [], [["schema-invalid", "error", ["audience", "region"], "audience.region: expected a location term, got an array"]]]],
    ];
    for (const [policy, value, expected] of cases) {
      for (let i = 0; i < 3; i++) expect(answer(checkFlow(policy as never, value as never))).toEqual(expected);
      expect(answer(explainFlow(policy as never, value as never).result)).toEqual(expected);
    }
    expect(checkFlow(compiled, flow).verdict).toBe("clear");
  });

  it("a list of flows that is not a list, and the guard", () => {
    expect(checkFlows(compiled, null as never).map(answer)).toEqual([["", "omitted", [], [["schema-invalid", "error", [], "expected a list of flows, got null"]]]]);
    const guard = createGuard(pocketo);
    expect(guard.check(null as never).verdict).toBe("omitted");
    expect(() => guard.assert({ ...flow, data: [null] } as never)).toThrow(PolicyViolationError);
    expect(() => createGuard(null as never)).toThrow(PolicyInvalidError);
    expect(() => analyzePolicy(42 as never)).toThrow(PolicyInvalidError);
  });
});

describe("arguments of the wrong type to the deadline checks", () => {
  const at = "2026-11-23T10:00:00Z";
  const notAPolicy = (got: string) => ({ ok: false, issue: { code: "invalid-policy", field: "policy", message: `policy: expected a policy (such as pomeg, or one from validatePolicy), ${got}` } });

  it("a policy that is not one is an invalid-policy issue, or a schema-invalid finding", () => {
    expect(deadlinesFor(null as never, "account-deletion-requested", at)).toEqual(notAPolicy("got null"));
    expect(rightsDeadline("pomeg" as never, "access", at)).toEqual(notAPolicy("got string"));
    expect(deadlinesFor({ ...pomeg, retention: [null] } as never, "account-deletion-requested", at)).toEqual(notAPolicy("but its retention is not a list of objects"));
    expect(checkDeletionPlan(42 as never, plan("P1D")).findings.map((f) => [f.code, f.path, f.message])).toEqual([["schema-invalid", [], "policy: expected a policy (such as pomeg, or one from validatePolicy), got number"]]);
    expect(checkRights([] as never, []).findings.map((f) => f.message)).toEqual(["policy: expected a policy (such as pomeg, or one from validatePolicy), got an array"]);
  });

  it("an event, right or instant of the wrong type is an issue naming it", () => {
    expect(deadlinesFor(pomeg, new Date(0) as never, at)).toMatchObject({ ok: false, issue: { code: "unknown-event", field: "event", suggestions: [] } });
    expect(rightsDeadline(pomeg, ["access"] as never, at)).toMatchObject({ ok: false, issue: { code: "unknown-right", field: "right", suggestions: [] } });
  });

  it("a deletion plan, manifest or rights list of the wrong shape is a schema-invalid finding at the field", () => {
    const where = (findings: readonly { code: string; path: readonly (string | number)[]; message: string }[]) => findings.map((f) => [f.code, f.path, f.message]);
    expect(checkDeletionPlan(pocketo, null as never)).toEqual({
      planId: "",
      trigger: "",
      obligations: [],
      findings: [{ code: "schema-invalid", severity: "error", message: "expected a deletion plan (an object with id, trigger and steps), got null", path: [], rules: [] }],
    });
    expect(where(checkDeletionPlan(pocketo, { ...plan("P1D"), steps: null } as never).findings)).toEqual([["schema-invalid", ["steps"], "steps: expected a list of steps, got null"]]);
    expect(where(checkDeletionPlan(pocketo, { ...plan("P1D"), steps: [{ data: "personal-data", store: "backups", after: "P1D" }] } as never).findings)).toEqual([
      ["schema-invalid", ["steps", 0, "data"], 'steps.0.data: expected a list of data terms, got the string "personal-data"'],
    ]);
    expect(where(checkDeletionPlan(pocketo, { ...plan("P1D"), steps: [{ data: ["personal-data"], after: "P1D" }] } as never).findings)).toEqual([["schema-invalid", ["steps", 0, "store"], "steps.0.store: expected a store term, got nothing"]]);
    expect(where(checkRetention(pocketo, null as never).findings)).toEqual([["schema-invalid", [], "expected a manifest (an object with flows and deletion), got null"]]);
    expect(where(checkRetention(pocketo, { flows: [{ id: "f", data: ["chat-content"], purposes: "ai-chat" }], deletion: [] } as never).findings)).toEqual([
      ["schema-invalid", ["flows", 0, "purposes"], 'flows.0.purposes: expected a list of purpose terms, got the string "ai-chat"'],
    ]);
    expect(where(checkObligations(pocketo, { flows: [], deletion: [{ ...plan("P1D"), steps: [7] }] } as never).findings)).toEqual([
      ["schema-invalid", ["deletion", 0, "steps", 0], "deletion.0.steps.0: expected a step (an object with data, store and one of after, at or keep), got a number"],
    ]);
    expect(where(checkObligations(pocketo, { flows: [], deletion: [], rights: null } as never).findings)).toEqual([["schema-invalid", ["rights"], "rights: expected a list of supported rights, got null"]]);
    expect(where(checkObligations(pocketo, { flows: [], deletion: [] }).findings)).toEqual([]);
    expect(where(checkRights(pocketo, [{ right: "access", channels: "email" }] as never).findings)).toEqual([["schema-invalid", [0, "channels"], '0.channels: expected a list of channel terms, got the string "email"']]);
    const manifest = { flows: [{ id: "f", data: ["chat-content"], purposes: ["ai-chat"] }], deletion: [plan("P1D")], rights: [{ right: "access", channels: ["email"] }] };
    const wrongly = (change: object) => where(checkObligations(pocketo, { ...manifest, ...change } as never).findings.filter((f) => f.code === "schema-invalid"));
    expect(wrongly({})).toEqual([]);
    expect(wrongly({ flows: [null] })).toEqual([["schema-invalid", ["flows", 0], "flows.0: expected a flow, got null"]]);
    expect(wrongly({ flows: [{ data: [], purposes: [] }] })).toEqual([["schema-invalid", ["flows", 0, "id"], "flows.0.id: expected a flow id, got nothing"]]);
    expect(wrongly({ flows: [{ id: "f", data: "chat-content", purposes: [] }] })).toEqual([["schema-invalid", ["flows", 0, "data"], 'flows.0.data: expected a list of data terms, got the string "chat-content"']]);
    expect(wrongly({ deletion: {} })).toEqual([["schema-invalid", ["deletion"], "deletion: expected a list of deletion plans, got an object"]]);
    expect(wrongly({ deletion: [plan("P1D"), { ...plan("P1D"), id: 7 }] })).toEqual([["schema-invalid", ["deletion", 1, "id"], "deletion.1.id: expected a plan id, got a number"]]);
    expect(wrongly({ rights: [{ right: "access", channels: ["email"] }, "access"] })).toEqual([
      ["schema-invalid", ["rights", 1], 'rights.1: expected a supported right (an object with right and channels), got the string "access"'],
    ]);
    expect(wrongly({ rights: [{ right: "access", channels: ["email"] }, { channels: ["email"] }] })).toEqual([["schema-invalid", ["rights", 1, "right"], "rights.1.right: expected a right term, got nothing"]]);
    expect(wrongly({ rights: [{ right: "access", channels: ["email"] }, { right: "erasure", channels: "email" }] })).toEqual([
      ["schema-invalid", ["rights", 1, "channels"], 'rights.1.channels: expected a list of channel terms, got the string "email"'],
    ]);
  });
});

describe("a check that throws", () => {
  it("is one check-failed finding at the manifest's root; the other checks still report", () => {
    const broken: ManifestCheck = {
      id: "broken",
      description: "a check with a bug",
      run: () => {
        throw new RangeError("Invalid time value");
      },
    };
    const manifest = { policy: "pocketo", flows: [{ id: "f", description: "d", action: "share", data: ["chat-content"], recipient: "llm-provider", purposes: ["ai-chat"] }] };
    const result = lintManifest(manifest, resolveBundledPolicy, { today: "2026-11-23", checks: [broken, ...MANIFEST_CHECKS] });
    expect(result.findings.map((f) => [f.code, f.path])).toContainEqual(["check-failed", []]);
    expect(result.findings.find((f) => f.code === "check-failed")?.message).toBe("the broken check failed on this manifest (a bug in pledge; please report it): RangeError: Invalid time value");
    expect(result.findings.map((f) => f.code)).toContain("flow-omitted");
  });
});
