/**
 * The written forms of the model's values: calendar dates, instants, durations and ids, as
 * patterns and predicates. No schema library: the lint path reads a plainly well-formed
 * manifest with these alone (src/manifest/plain.ts), and the zod schemas of src/model use the
 * same patterns and predicates, so that the two readings cannot drift apart.
 */

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
 * The UTC calendar date of `date`, written `YYYY-MM-DD` (as `toISOString().slice(0, 10)`, which
 * costs a millisecond on its first call: `pledge lint` asks for today's date on every run).
 *
 * @example
 * utcCalendarDate(new Date("2026-11-23T23:30:00-02:00")) //=> "2026-11-24"
 */
export function utcCalendarDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().slice(0, 10);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
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

/** An ISO 8601 duration split into its parts, as date-fns `add` takes them. */
export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The written form of an ISO 8601 duration with whole-number parts. */
export const DURATION_PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Parses an ISO 8601 duration with whole-number parts (`P30D`, `P90D`, `PT0S`, `P1Y2M`, `PT36H`).
 * Returns `undefined` for anything else, including `30 days`, `P`, `PT` and fractions.
 *
 * @example
 * parseDuration("P30D")
 * //=> { years: 0, months: 0, weeks: 0, days: 30, hours: 0, minutes: 0, seconds: 0 }
 * parseDuration("30 days")
 * //=> undefined
 */
export function parseDuration(text: string): DurationParts | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, w, d, h, mi, s] = match;
  const part = (value: string | undefined): number => (value === undefined ? 0 : Number(value));
  return {
    years: part(y),
    months: part(mo),
    weeks: part(w),
    days: part(d),
    hours: part(h),
    minutes: part(mi),
    seconds: part(s),
  };
}

/** The form of a flow, plan or data-subject id: a letter or digit, then letters, digits, `.`, `_` or `-`. */
export const FLOW_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The form of a rule id: lowercase letters and digits joined by hyphens or dots, such as `s3-meta-no-sharing`. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

/** The form of a Fideslang key, such as `user.contact.email` or the data subject `customer`. */
export const FIDESLANG_PATTERN = /^[a-z_]+(?:\.[a-z_]+)*$/;
