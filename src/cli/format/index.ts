import { github } from "./github.js";
import { json } from "./json.js";
import { junit } from "./junit.js";
import type { Formatter, ReportWriter } from "./report.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";

/** A formatter's text as one piece. */
const whole =
  (formatter: Formatter): ReportWriter =>
  (report, options, write) =>
    write(formatter(report, options));

/** The output formats of `pledge lint`, by name: stylish, json and sarif write their reports in pieces. */
export const FORMATS: Readonly<Record<string, ReportWriter>> = { stylish, json, sarif, junit: whole(junit), github: whole(github) };

export type { FileReport, LintReport, Counts, Formatter, FormatOptions, ReportWriter } from "./report.js";
export { countFindings } from "./report.js";
