import { add } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/model/duration.js";
import { checkDeletionPlan } from "../../src/deadlines/index.js";
import { PolicySchema } from "../../src/model/policy.js";
import { acme } from "./fixtures.js";
import { addDuration, describeDuration, elapsed, formatDuration, formatInstant, isCalendarDuration, parseDurationField, parseInstant } from "../../src/deadlines/time.js";

const at = (text: string) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.value;
};
const plus = (instant: string, duration: string) => formatInstant(addDuration(at(instant), parseDuration(duration)!));

describe("parseInstant", () => {
  it("reads RFC 3339 instants with any offset as the same UTC instant", () => {
    expect(formatInstant(at("2026-11-23T16:00:00+06:00"))).toBe("2026-11-23T10:00:00Z");
    expect(formatInstant(at("2026-11-23T05:00:00-05:00"))).toBe("2026-11-23T10:00:00Z");
    expect(formatInstant(at("2026-11-23T10:00:00.250Z"))).toBe("2026-11-23T10:00:00.250Z");
  });
  it("takes a valid Date and refuses an invalid one", () => {
    expect(parseInstant(new Date(Date.UTC(2026, 10, 23, 10)))).toEqual({ ok: true, value: Date.UTC(2026, 10, 23, 10) });
    expect(parseInstant(new Date("nope"))).toMatchObject({ ok: false, issue: { code: "invalid-instant", field: "at" } });
  });
  it("rejects impossible dates, naming the day", () => {
    const result = parseInstant("2026-02-30T10:00:00Z");
    expect(result).toMatchObject({ ok: false, issue: { code: "invalid-instant", field: "at" } });
    expect(!result.ok && result.issue.message).toContain("2026-02-30 is not a calendar date");
    expect(parseInstant("2027-02-29T00:00:00Z").ok).toBe(false);
    expect(parseInstant("2028-02-29T00:00:00Z").ok).toBe(true);
    expect(parseInstant("2026-11-23T24:00:00Z").ok).toBe(false);
  });
  it("refuses an instant without offset and suggests the UTC reading", () => {
    const result = parseInstant("2026-11-23T10:00:00", "triggeredAt");
    expect(result).toMatchObject({ ok: false, issue: { field: "triggeredAt", suggestions: ["2026-11-23T10:00:00Z"] } });
    expect(parseInstant("2026-11-23")).toMatchObject({ ok: false, issue: { suggestions: ["2026-11-23T00:00:00Z"] } });
    expect(parseInstant("next tuesday")).toMatchObject({ ok: false, issue: { code: "invalid-instant" } });
    expect(parseInstant("2026-11-23T16:00:00+0600")).toMatchObject({ ok: false, issue: { suggestions: ["2026-11-23T16:00:00+06:00"] } });
  });
});

describe("parseDurationField", () => {
  it("names the field and the expected form for '30 days'", () => {
    const result = parseDurationField("30 days", "retention[0].maxDelay");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issue).toEqual({
      code: "invalid-duration",
      field: "retention[0].maxDelay",
      message: 'retention[0].maxDelay: "30 days" is not an ISO 8601 duration; expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)',
    });
  });
});

describe("addDuration: calendar edges, on UTC instants", () => {
  it("leap day plus a year clamps to 28 February", () => {
    expect(plus("2028-02-29T12:00:00Z", "P1Y")).toBe("2029-02-28T12:00:00Z");
    expect(plus("2028-02-29T12:00:00Z", "P4Y")).toBe("2032-02-29T12:00:00Z");
  });
  it("a month from 30 or 31 January ends on the last day of February", () => {
    expect(plus("2028-01-30T00:00:00Z", "P1M")).toBe("2028-02-29T00:00:00Z");
    expect(plus("2027-01-31T08:30:00Z", "P1M")).toBe("2027-02-28T08:30:00Z");
  });
  it("month ends and year boundaries", () => {
    expect(plus("2026-03-31T10:00:00Z", "P1M")).toBe("2026-04-30T10:00:00Z");
    expect(plus("2026-12-15T10:00:00Z", "P30D")).toBe("2027-01-14T10:00:00Z");
    expect(plus("2026-12-31T23:59:59Z", "PT1S")).toBe("2027-01-01T00:00:00Z");
    expect(plus("2026-11-30T10:00:00Z", "P1M1D")).toBe("2026-12-31T10:00:00Z");
    expect(plus("2026-10-31T10:00:00Z", "P2M")).toBe("2026-12-31T10:00:00Z");
    expect(plus("2026-11-23T10:00:00Z", "P1Y2M3W4DT5H6M7S")).toBe("2028-02-17T15:06:07Z");
  });
  it("New York DST changes do not move a UTC day (spring forward and fall back)", () => {
    // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    expect(plus("2026-03-07T12:00:00-05:00", "P1D")).toBe("2026-03-08T17:00:00Z");
    expect(plus("2026-10-31T12:00:00-04:00", "P1D")).toBe("2026-11-01T16:00:00Z");
    expect(plus("2026-02-10T12:00:00-05:00", "P30D")).toBe("2026-03-12T17:00:00Z");
  });
  it("Lord Howe's 30-minute DST does not move a UTC day", () => {
    // 2026-04-05 02:00 +11:00 → 01:30 +10:30; 2026-10-04 02:00 +10:30 → 02:30 +11:00.
    expect(plus("2026-04-04T12:00:00+11:00", "P1D")).toBe("2026-04-05T01:00:00Z");
    expect(plus("2026-10-03T12:00:00+10:30", "P1D")).toBe("2026-10-04T01:30:00Z");
    expect(plus("2026-04-04T12:00:00+11:00", "PT24H")).toBe(plus("2026-04-04T12:00:00+11:00", "P1D"));
  });
  it("Apia's skipped 30 December 2011 is an ordinary day in UTC", () => {
    // Samoa moved from -10:00 to +14:00 after 2011-12-29 23:59:59 local; 2011-12-30 never existed there.
    expect(plus("2011-12-29T12:00:00-10:00", "P1D")).toBe("2011-12-30T22:00:00Z");
    expect(plus("2011-12-29T23:59:59-10:00", "PT1S")).toBe("2011-12-30T10:00:00Z");
    expect(formatInstant(at("2011-12-31T00:00:00+14:00"))).toBe("2011-12-30T10:00:00Z");
  });
  it("is monotone for delays without months or years: a later start never gives an earlier deadline", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), fc.integer({ min: 0, max: 400 * 86_400_000 }), durations, (t, gap, raw) => {
        const d = { ...raw, years: 0, months: 0 };
        expect(addDuration(t, d)).toBeLessThanOrEqual(addDuration(t + gap, d));
      }),
    );
  });

  it("clamps months to the month's end, so a later start may end earlier by at most three days (why plans are checked for every trigger date)", () => {
    const month = { years: 0, months: 1, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
    expect(addDuration(Date.UTC(2025, 0, 30, 10), month)).toBe(Date.UTC(2025, 1, 28, 10));
    expect(addDuration(Date.UTC(2025, 0, 31, 9), month)).toBe(Date.UTC(2025, 1, 28, 9));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), fc.integer({ min: 0, max: 400 * 86_400_000 }), durations, (t, gap, d) => {
        expect(addDuration(t, d)).toBeLessThanOrEqual(addDuration(t + gap, d) + 3 * 86_400_000);
      }),
    );
  });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  it.runIf(zone === "UTC" || zone === "Etc/UTC")("agrees with date-fns add when the machine's time zone is UTC", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), durations, (t, d) => {
        expect(addDuration(t, d)).toBe(add(new Date(t), d).getTime());
      }),
    );
  });
  it.runIf(zone === "Australia/Lord_Howe")("counts UTC days, where date-fns add on a local Date gains half an hour across Lord Howe's DST change", () => {
    const start = at("2026-04-04T12:00:00+11:00");
    expect(add(new Date(start), { days: 1 }).getTime() - start).toBe(24.5 * 3_600_000);
    expect(addDuration(start, parseDuration("P1D")!) - start).toBe(24 * 3_600_000);
  });
});

const durations = fc.record({
  years: fc.integer({ min: 0, max: 3 }),
  months: fc.integer({ min: 0, max: 14 }),
  weeks: fc.integer({ min: 0, max: 5 }),
  days: fc.integer({ min: 0, max: 400 }),
  hours: fc.integer({ min: 0, max: 48 }),
  minutes: fc.integer({ min: 0, max: 90 }),
  seconds: fc.integer({ min: 0, max: 90 }),
});

describe("formatting", () => {
  it("elapsed times in ISO and words", () => {
    expect(elapsed(26 * 3_600_000)).toEqual({ iso: "P1DT2H", text: "1 day 2 hours", milliseconds: 93_600_000 });
    expect(elapsed(0)).toEqual({ iso: "PT0S", text: "0 seconds", milliseconds: 0 });
    expect(elapsed(1000)).toMatchObject({ iso: "PT1S", text: "1 second" });
  });
  it("durations", () => {
    expect(describeDuration("PT0S")).toBe("immediately");
    expect(describeDuration("P1Y2M")).toBe("1 year 2 months");
    expect(formatDuration(parseDuration("P1M90DT1H")!)).toBe("P1M90DT1H");
    expect(formatDuration(parseDuration("PT0S")!)).toBe("PT0S");
  });
});

describe("purity", () => {
  it("nothing under src/deadlines imports node:* (the core runs in a browser)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const folder = new URL("../../src/deadlines/", import.meta.url);
    const files = readdirSync(folder).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(new URL(file, folder), "utf8"), file).not.toMatch(/from\s+["']node:|require\(["']node:/);
  });
});

describe("time: each decision pinned (the mutation run's survivors)", () => {
  it("Dates are taken from the first to the last instant RFC 3339 can write, and not a millisecond beyond", () => {
    const firstInstant = Date.parse("0000-01-01T00:00:00Z");
    const lastInstant = Date.parse("9999-12-31T23:59:59.999Z");
    expect(parseInstant(new Date(firstInstant))).toEqual({ ok: true, value: firstInstant });
    expect(parseInstant(new Date(lastInstant))).toEqual({ ok: true, value: lastInstant });
    expect(parseInstant(new Date(firstInstant - 1))).toMatchObject({ ok: false, issue: { code: "invalid-instant" } });
    expect(parseInstant(new Date(lastInstant + 1))).toMatchObject({ ok: false, issue: { code: "invalid-instant" } });
  });

  it("suggestions: surrounding spaces are ignored, seconds are kept, and a colonless offset needs a time", () => {
    expect(parseInstant(" 2026-11-23T10:00:00 ")).toMatchObject({ ok: false, issue: { suggestions: ["2026-11-23T10:00:00Z"] } });
    expect(parseInstant("2026-11-23T16:00:30+0600")).toMatchObject({ ok: false, issue: { suggestions: ["2026-11-23T16:00:30+06:00"] } });
    expect(parseInstant("2026-11-23T16:00+0600")).toMatchObject({ ok: false, issue: { suggestions: ["2026-11-23T16:00:00+06:00"] } });
    // A date with an offset but no time, and an hour 24 with an offset, are not instants; they have an offset, so nothing is guessed.
    for (const text of ["2026-11-23+0600", "2026-11-23T24:00:00Z"]) {
      const result = parseInstant(text);
      expect(result).toEqual({ ok: false, issue: { code: "invalid-instant", field: "at", message: `at: "${text}" is not an instant; expected an instant with an offset, such as 2026-11-23T10:00:00Z` } });
    }
  });

  it("a duration in years alone is a calendar duration", () => {
    expect(isCalendarDuration(parseDuration("P1Y")!)).toBe(true);
    expect(isCalendarDuration(parseDuration("P2M")!)).toBe(true);
    expect(isCalendarDuration(parseDuration("P400D")!)).toBe(false);
  });

  it("a plan step counted in years is tried from every trigger date, and names the one it is late from", () => {
    const policy = PolicySchema.parse({
      ...acme,
      retention: [{ id: "in-days", data: ["files"], stores: ["primary"], trigger: "chat-attachment-deleted", action: "delete", maxDelay: "P365D", citation: { section: "t", quote: "t" } }],
    });
    const check = checkDeletionPlan(policy, { id: "p", trigger: "chat-attachment-deleted", steps: [{ data: ["files"], store: "primary", after: "P1Y" }] });
    // A year from 1 January 2024 is 366 days: the first trigger date tried is already the worst.
    expect(check.obligations[0]?.lateBy).toMatchObject({ iso: "P1D", whenTriggeredAt: "2024-01-01T00:00:00Z" });
  });

  it("elapsed times with minutes and seconds", () => {
    expect(elapsed(3_723_000)).toEqual({ iso: "PT1H2M3S", text: "1 hour 2 minutes 3 seconds", milliseconds: 3_723_000 });
    expect(elapsed(86_400_000 + 61_000)).toMatchObject({ iso: "P1DT1M1S", text: "1 day 1 minute 1 second" });
  });

  it("a text that is not a duration is described as written", () => {
    expect(describeDuration("30 days")).toBe("30 days");
  });
});
