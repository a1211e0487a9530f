import * as z from "zod";
import { DURATION_PATTERN } from "./forms.js";

export { parseDuration, type DurationParts } from "./forms.js";

/** An ISO 8601 duration string such as `P30D`; "immediately" is written `PT0S`. */
export const DurationSchema = z.string().regex(DURATION_PATTERN, {
  message: "expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)",
});

/** An ISO 8601 duration string such as `P30D`. */
export type Duration = z.infer<typeof DurationSchema>;
