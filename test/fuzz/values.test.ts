/**
 * Values out of range and of the wrong type, through the public functions (issue 13): each is an
 * issue or a finding at its place, never a RangeError or a TypeError; and a check that throws
 * costs its own findings for that manifest, never the run.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDeletionPlan, deadlinesFor, lintManifest, parseSource, pocketo, pomeg, resolveBundledPolicy, rightsDeadline, type DeletionPlan } from "../../src/index.js";
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
