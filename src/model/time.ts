import * as z from "zod";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * isCalendarDate("2028-02-29") //=> true
 * isCalendarDate("2026-02-30") //=> false
 */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * Whether `text` is an RFC 3339 instant with an explicit offset, such as
 * `2026-11-23T10:00:00Z` or `2026-11-23T16:00:00+06:00`.
 *
 * @example
 * isInstant("2026-11-23T10:00:00Z") //=> true
 * isInstant("2026-11-23T10:00:00")  //=> false (no offset: the machine's time zone would decide)
 */
export function isInstant(text: string): boolean {
  const match = INSTANT.exec(text);
  if (match === null || !isRealDay(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  const offset = match[8] ?? "Z";
  const offsetOk = offset === "Z" || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
  return hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const CalendarDateSchema = z.iso.date({ message: "expected a calendar date written YYYY-MM-DD, such as 2026-12-31", abort: true }).refine(isCalendarDate, {
  message: "expected a real calendar date written YYYY-MM-DD, such as 2026-12-31",
});

/** An instant with an explicit offset, such as `2026-11-23T10:00:00Z`. */
export const InstantSchema = z.iso.datetime({ offset: true, message: "expected an instant with an offset, such as 2026-11-23T10:00:00Z", abort: true }).refine(isInstant, {
  message: "expected an instant with an offset, such as 2026-11-23T10:00:00Z",
});
