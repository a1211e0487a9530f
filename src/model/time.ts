import * as z from "zod";
import { isCalendarDate, isInstant } from "./forms.js";

export { isCalendarDate, isInstant } from "./forms.js";

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const CalendarDateSchema = z.iso.date({ message: "expected a calendar date written YYYY-MM-DD, such as 2026-12-31", abort: true }).refine(isCalendarDate, {
  message: "expected a real calendar date written YYYY-MM-DD, such as 2026-12-31",
});

/** An instant with an explicit offset, such as `2026-11-23T10:00:00Z`. */
export const InstantSchema = z.iso.datetime({ offset: true, message: "expected an instant with an offset, such as 2026-11-23T10:00:00Z", abort: true }).refine(isInstant, {
  message: "expected an instant with an offset, such as 2026-11-23T10:00:00Z",
});
