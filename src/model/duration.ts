import * as z from "zod";

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

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

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
  const match = DURATION.exec(text);
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

/** An ISO 8601 duration string such as `P30D`; "immediately" is written `PT0S`. */
export const DurationSchema = z.string().regex(DURATION, {
  message: "expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)",
});

/** An ISO 8601 duration string such as `P30D`. */
export type Duration = z.infer<typeof DurationSchema>;
