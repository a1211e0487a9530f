import { UTCDateMini } from "@date-fns/utc/date/mini";
// A deep import: a CommonJS require() of "date-fns" would load all of its 300 modules.
import { add } from "date-fns/add";
import { isCalendarDate, isInstant, parseDuration, type DurationParts } from "../model/forms.js";

/**
 * UTC instant arithmetic for deadlines. Instants are epoch milliseconds; calendar arithmetic
 * is date-fns on `UTCDateMini` (from `@date-fns/utc`: `UTCDate`'s arithmetic without its display
 * methods, whose three `Intl.DateTimeFormat`s cost the CLI 13 ms at start-up), so results never depend on the machine's
 * time zone: a day is always 24 hours, and a DST change or a skipped day in some zone
 * (Apia skipped 2011-12-30) does not exist here. Months and years are calendar steps with the
 * day clamped to the end of a shorter month (2028-01-31 + P1M is 2028-02-29), then weeks and
 * days as whole UTC days, then hours, minutes and seconds.
 */

/** A problem with an input, as data: which field, what was wrong, what was expected. */
export interface InputIssue {
  readonly code: "invalid-instant" | "invalid-duration" | "unknown-event" | "unknown-right" | "invalid-policy";
  /** The argument or field at fault, such as `at`, `event` or `retention[2].maxDelay`. */
  readonly field: string;
  readonly message: string;
  /** Close known values, for "did you mean". */
  readonly suggestions?: readonly string[];
}

/** The outcome of parsing an input: the value, or the issue that stops it. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: InputIssue };

const DAY = 86_400_000;
/** The first and last instants RFC 3339 can write (years 0000 to 9999), in epoch milliseconds. */
const FIRST_INSTANT = Date.parse("0000-01-01T00:00:00Z");
const LAST_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * The longest duration pledge computes with, in years. Instants are at most year 9999 and a
 * JavaScript `Date` reaches year 275760, so a deadline counted from any instant through a few
 * chained delays of this length stays a real date.
 */
export const MAX_DURATION_YEARS = 10_000;
/** Average lengths, to weigh a duration's parts against {@link MAX_DURATION_YEARS}. */
const YEAR_DAYS = 365.2425;
const LOOSE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an RFC 3339 instant with an explicit offset (or a valid `Date`) into epoch
 * milliseconds. Impossible dates (2026-02-30), missing offsets, invalid `Date`s, `Date`s
 * outside the years 0000–9999 and values that are neither strings nor `Date`s (from callers
 * without TypeScript) are issues naming `field`, with a suggestion where one is obvious.
 *
 * @example
 * parseInstant("2026-11-23T16:00:00+06:00")
 * //=> { ok: true, value: 1795428000000 }   // 2026-11-23T10:00:00Z
 * parseInstant("2026-02-30T10:00:00Z").ok
 * //=> false (message: 'at: 2026-02-30 is not a calendar date; expected an instant with an offset, such as 2026-11-23T10:00:00Z')
 */
export function parseInstant(input: string | Date, field = "at"): Parsed<number> {
  if (input instanceof Date) {
    const value = input.getTime();
    if (Number.isNaN(value)) return fail("invalid-instant", field, `${field}: the Date is invalid`);
    if (value < FIRST_INSTANT || value > LAST_INSTANT) return fail("invalid-instant", field, `${field}: the Date ${input.toISOString()} is outside the years 0000 to 9999`);
    return { ok: true, value };
  }
  if (typeof input !== "string") return fail("invalid-instant", field, `${field}: expected an instant (a string such as 2026-11-23T10:00:00Z, or a Date), got ${describeValue(input)}`);
  if (isInstant(input)) return { ok: true, value: Date.parse(input) };
  const expected = "expected an instant with an offset, such as 2026-11-23T10:00:00Z";
  const loose = LOOSE.exec(input.trim());
  if (loose) {
    const [, y, mo, d, h, mi, s, offset] = loose;
    const day = `${y}-${mo}-${d}`;
    if (!isCalendarDate(day)) {
      return fail("invalid-instant", field, `${field}: ${day} is not a calendar date; ${expected}`);
    }
    if (offset !== undefined && /^[+-]\d{4}$/.test(offset) && h !== undefined) {
      const guess = `${day}T${h}:${mi}:${s ?? "00"}${offset.slice(0, 3)}:${offset.slice(3)}`;
      return fail("invalid-instant", field, `${field}: "${input}" writes its offset without a colon; ${expected} (did you mean "${guess}"?)`, [guess]);
    }
    if (offset === undefined) {
      const guess = `${day}T${h ?? "00"}:${mi ?? "00"}:${s ?? "00"}Z`;
      return fail("invalid-instant", field, `${field}: "${input}" has no offset, so the machine's time zone would decide; ${expected} (did you mean "${guess}"?)`, [guess]);
    }
  }
  return fail("invalid-instant", field, `${field}: "${input}" is not an instant; ${expected}`);
}

/**
 * Parses an ISO 8601 duration, returning an issue naming `field` for anything else, and for a
 * duration longer than {@link MAX_DURATION_YEARS} years (`P300000Y` is ISO 8601, but no
 * calendar reaches its end).
 *
 * @example
 * parseDurationField("P30D", "maxDelay").ok //=> true
 * parseDurationField("30 days", "maxDelay")
 * //=> { ok: false, issue: { code: "invalid-duration", field: "maxDelay", message: 'maxDelay: "30 days" is not an ISO 8601 duration; expected …' } }
 * parseDurationField("P300000Y", "after").ok //=> false (message: 'after: "P300000Y" is longer than 10000 years, …')
 */
export function parseDurationField(text: string, field: string): Parsed<DurationParts> {
  const parts = typeof text === "string" ? parseDuration(text) : undefined;
  if (!parts) {
    const what = typeof text === "string" ? `"${text}" is not an ISO 8601 duration` : `expected an ISO 8601 duration (a string), got ${describeValue(text)}`;
    return fail("invalid-duration", field, `${field}: ${what}; expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)`);
  }
  if (!(durationYears(parts) <= MAX_DURATION_YEARS)) {
    return fail("invalid-duration", field, `${field}: "${text}" is longer than ${MAX_DURATION_YEARS} years, the longest delay pledge can count (deadlines are dates up to the year 9999)`);
  }
  return { ok: true, value: parts };
}

/** A duration's length in average years (Infinity for parts too long for a number). */
function durationYears(parts: DurationParts): number {
  const days = parts.weeks * 7 + parts.days + (parts.hours + (parts.minutes + parts.seconds / 60) / 60) / 24;
  return parts.years + parts.months / 12 + days / YEAR_DAYS;
}

/** What kind of value a caller passed, for messages: `number`, `null`, `array`… */
function describeValue(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * Adds an ISO 8601 duration to a UTC instant: years and months on the UTC calendar (day
 * clamped to the month's end), then weeks and days as UTC days, then the time parts. Inputs
 * come through {@link parseInstant} and {@link parseDurationField}, whose bounds (years 0000
 * to 9999, delays up to {@link MAX_DURATION_YEARS} years) keep the sum a real date.
 *
 * @example
 * formatInstant(addDuration(Date.parse("2028-02-29T12:00:00Z"), parseDuration("P1Y")!))
 * //=> "2029-02-28T12:00:00Z"
 * formatInstant(addDuration(Date.parse("2028-01-30T00:00:00Z"), parseDuration("P1M")!))
 * //=> "2028-02-29T00:00:00Z"
 */
export function addDuration(instant: number, duration: DurationParts): number {
  return add(new UTCDateMini(instant), duration).getTime();
}

/**
 * Whether a duration has calendar parts (years or months), whose length depends on the start.
 *
 * @example
 * isCalendarDuration(parseDuration("P1M")!) //=> true
 * isCalendarDuration(parseDuration("P30D")!) //=> false
 */
export function isCalendarDuration(duration: DurationParts): boolean {
  return duration.years !== 0 || duration.months !== 0;
}

/**
 * Formats epoch milliseconds as a UTC RFC 3339 instant, without milliseconds when they are zero.
 *
 * @example
 * formatInstant(Date.UTC(2026, 11, 23, 10)) //=> "2026-12-23T10:00:00Z"
 */
export function formatInstant(instant: number): string {
  const iso = new Date(instant).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** An elapsed time as an ISO 8601 duration (days and time only: no months) and in words. */
export interface Elapsed {
  /** Such as `P1DT2H`; `PT0S` for none. */
  readonly iso: string;
  /** Such as `1 day 2 hours`; `0 seconds` for none. */
  readonly text: string;
  readonly milliseconds: number;
}

/**
 * Describes a non-negative number of milliseconds as an ISO 8601 duration in days, hours,
 * minutes and seconds (UTC days are 24 hours), and in words.
 *
 * @example
 * elapsed(26 * 3_600_000) //=> { iso: "P1DT2H", text: "1 day 2 hours", milliseconds: 93600000 }
 */
export function elapsed(milliseconds: number): Elapsed {
  const total = Math.max(0, Math.round(milliseconds));
  const days = Math.floor(total / DAY);
  let rest = total - days * DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  const iso = total === 0 ? "PT0S" : `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
  const unit = (n: number, name: string) => (n === 0 ? [] : [`${n} ${name}${n === 1 ? "" : "s"}`]);
  const words = [...unit(days, "day"), ...unit(hours, "hour"), ...unit(minutes, "minute"), ...unit(seconds, "second")];
  return { iso, text: words.length > 0 ? words.join(" ") : "0 seconds", milliseconds: total };
}

/**
 * Describes an ISO 8601 duration in words, "immediately" for `PT0S`.
 *
 * @example
 * describeDuration("P30D") //=> "30 days"
 * describeDuration("PT0S") //=> "immediately"
 */
export function describeDuration(text: string): string {
  const parts = parseDuration(text);
  if (!parts) return text;
  const order: [keyof DurationParts, string][] = [
    ["years", "year"], ["months", "month"], ["weeks", "week"], ["days", "day"], ["hours", "hour"], ["minutes", "minute"], ["seconds", "second"],
  ];
  const words = order.filter(([key]) => parts[key] !== 0).map(([key, name]) => `${parts[key]} ${name}${parts[key] === 1 ? "" : "s"}`);
  return words.length > 0 ? words.join(" ") : "immediately";
}

function fail(code: InputIssue["code"], field: string, message: string, suggestions?: readonly string[]): { ok: false; issue: InputIssue } {
  return { ok: false, issue: suggestions ? { code, field, message, suggestions } : { code, field, message } };
}

/**
 * Writes duration parts as an ISO 8601 duration, `PT0S` for none.
 *
 * @example
 * formatDuration({ years: 0, months: 1, weeks: 0, days: 90, hours: 1, minutes: 0, seconds: 0 }) //=> "P1M90DT1H"
 */
export function formatDuration(parts: DurationParts): string {
  const date = `${parts.years ? `${parts.years}Y` : ""}${parts.months ? `${parts.months}M` : ""}${parts.weeks ? `${parts.weeks}W` : ""}${parts.days ? `${parts.days}D` : ""}`;
  const time = `${parts.hours ? `${parts.hours}H` : ""}${parts.minutes ? `${parts.minutes}M` : ""}${parts.seconds ? `${parts.seconds}S` : ""}`;
  return date === "" && time === "" ? "PT0S" : `P${date}${time ? `T${time}` : ""}`;
}

/**
 * Adds durations part by part (for display: `P30D` then `P90D` is `P120D`).
 *
 * @example
 * formatDuration(sumDurations([parseDuration("P30D")!, parseDuration("P90D")!])) //=> "P120D"
 */
export function sumDurations(durations: readonly DurationParts[]): DurationParts {
  const keys = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"] as const;
  const sum = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  for (const d of durations) for (const k of keys) sum[k] += d[k];
  return sum;
}
