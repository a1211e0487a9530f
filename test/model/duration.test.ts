import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utcCalendarDate } from "../../src/model/forms.js";
import { DurationSchema, parseDuration } from "../../src/model/duration.js";
import { CalendarDateSchema, InstantSchema, isCalendarDate, isInstant } from "../../src/model/time.js";

describe("parseDuration", () => {
  it.each([
    ["P30D", { days: 30 }],
    ["P90D", { days: 90 }],
    ["PT0S", {}],
    ["P1Y2M3W4DT5H6M7S", { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ["PT24H", { hours: 24 }],
  ])("reads %s", (text, parts) => {
    expect(parseDuration(text)).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts });
  });

  it.each(["30 days", "P", "PT", "P1DT", "P1.5D", "p30d", "P-1D", "", "30D", "PT1D"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
    const result = DurationSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/ISO 8601 duration such as P30D/);
  });
});

describe("calendar dates and instants", () => {
  it.each(["2026-12-31", "2028-02-29", "2000-02-29", "2026-01-01"])("accepts the date %s", (text) => {
    expect(isCalendarDate(text)).toBe(true);
    expect(CalendarDateSchema.safeParse(text).success).toBe(true);
  });

  it.each(["2026-02-30", "2027-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-1-1"])(
    "rejects the date %s with one message",
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
      const result = CalendarDateSchema.safeParse(text);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(["expected a calendar date written YYYY-MM-DD, such as 2026-12-31"]);
    },
  );

  it.each(["2026-11-23T10:00:00Z", "2026-11-23T16:00:00+06:00", "2028-02-29T23:59:59.999Z"])("accepts the instant %s", (text) => {
    expect(isInstant(text)).toBe(true);
    expect(InstantSchema.safeParse(text).success).toBe(true);
  });

  it.each(["2026-11-23T10:00:00", "2026-02-30T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23", "yesterday"])("rejects the instant %s", (text) => {
    expect(InstantSchema.safeParse(text).success).toBe(false);
  });
});

describe("utcCalendarDate", () => {
  it("is the UTC date toISOString writes, for every date (fast-check)", () => {
    fc.assert(fc.property(fc.date({ noInvalidDate: true }), (date) => utcCalendarDate(date) === date.toISOString().slice(0, 10)), { numRuns: 2000 });
    expect(utcCalendarDate(new Date("2026-11-23T23:30:00-02:00"))).toBe("2026-11-24");
    expect(utcCalendarDate(new Date("0099-01-02T00:00:00Z"))).toBe("0099-01-02");
  });
});
