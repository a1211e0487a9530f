import { INPUT_CODES } from "../../lint.js";
import type { LocatedFinding } from "../../node.js";
import type { Formatter } from "./report.js";

function message(f: LocatedFinding) {
  return {
    ruleId: f.code,
    severity: f.severity === "error" ? 2 : 1,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ...(INPUT_CODES.has(f.code) ? { fatal: true } : {}),
    nodeType: null,
    path: f.path,
    ...(f.subject !== undefined ? { flowId: f.subject } : {}),
    ...(f.verdict !== undefined ? { verdict: f.verdict } : {}),
    citations: f.rules.map((r) => ({ ruleId: r.ruleId, section: r.citation.section, quote: r.citation.quote, ...(r.interpretation !== undefined ? { interpretation: r.interpretation } : {}) })),
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification, expires: f.suppression.expires }] } : {}),
  };
}

/**
 * ESLint's JSON format: one entry per file with `filePath` (absolute), `messages`
 * (`ruleId`, `severity` 1 or 2, `message`, `line`, `column`, `endLine`, `endColumn`, plus
 * pledge's `flowId`, `verdict`, `citations` and `path`), `suppressedMessages` (each with
 * `suppressions`) and the counts.
 *
 * @example
 * JSON.parse(json(report, { color: false }))[0].messages[0].ruleId //=> "flow-omitted"
 */
export const json: Formatter = (report) => {
  const files = report.files.map((file) => {
    const errors = file.findings.filter((f) => f.severity === "error");
    return {
      filePath: file.absolute,
      messages: file.findings.map(message),
      suppressedMessages: file.suppressed.map(message),
      errorCount: errors.length,
      fatalErrorCount: file.findings.filter((f) => INPUT_CODES.has(f.code)).length,
      warningCount: file.findings.length - errors.length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
  return `${JSON.stringify(files, null, 2)}\n`;
};
