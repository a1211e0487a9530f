import { INPUT_CODES } from "../../lint.js";
import type { LocatedFinding } from "../../node.js";

/** The lint results of one file, as every format sees them. */
export interface FileReport {
  /** The path as shown: relative to the working folder, with forward slashes; `<stdin>` for standard input. */
  readonly file: string;
  /** The absolute path (ESLint's `filePath`); the shown path for standard input. */
  readonly absolute: string;
  /** Active findings, sorted by line and column. */
  readonly findings: readonly LocatedFinding[];
  /** Findings suppressed by waivers. */
  readonly suppressed: readonly LocatedFinding[];
}

/** The lint results of a run. */
export interface LintReport {
  readonly files: readonly FileReport[];
}

/** Totals over a report. */
export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** Findings about the input itself (exit code 2). */
  readonly input: number;
}

/**
 * Counts errors, warnings, suppressed and input findings.
 *
 * @example
 * countFindings({ files: [] }) //=> { errors: 0, warnings: 0, suppressed: 0, input: 0 }
 */
export function countFindings(report: LintReport): Counts {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  let input = 0;
  for (const file of report.files) {
    suppressed += file.suppressed.length;
    for (const finding of file.findings) {
      if (finding.severity === "error") errors++;
      else warnings++;
      if (INPUT_CODES.has(finding.code)) input++;
    }
  }
  return { errors, warnings, suppressed, input };
}

/** How a run wants its report written. */
export interface FormatOptions {
  /** ANSI colours (stylish, on a terminal). */
  readonly color: boolean;
  /**
   * The repository root: SARIF URIs and GitHub annotation paths are relative to it, as GitHub
   * resolves them. Without it, paths are written as shown (relative to the working folder).
   */
  readonly root?: string;
  /** SARIF: keep waived findings, marked with `suppressions` (GitHub would show them as open alerts). */
  readonly includeSuppressed?: boolean;
}

/** A formatter: the whole report as one text. */
export type Formatter = (report: LintReport, options: FormatOptions) => string;

/** A formatter that hands its text to `write` in pieces, for reports too large to be one string. */
export type ReportWriter = (report: LintReport, options: Parameters<Formatter>[1], write: (text: string) => void) => void;

/**
 * Plural helper: `n word` or `n words`.
 *
 * @example
 * plural(2, "error") //=> "2 errors"
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
