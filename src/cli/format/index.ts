import { github } from "./github.js";
import { json } from "./json.js";
import { junit } from "./junit.js";
import type { Formatter } from "./report.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";

/** The output formats of `pledge lint`, by name. */
export const FORMATS: Readonly<Record<string, Formatter>> = { stylish, json, sarif, junit, github };

export type { FileReport, LintReport, Counts, Formatter, FormatOptions } from "./report.js";
export { countFindings } from "./report.js";
