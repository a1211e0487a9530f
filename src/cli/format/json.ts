import { INPUT_CODES } from "../../lint.js";
import type { LocatedFinding } from "../../node.js";
import { each, JsonItems, writeJson } from "./pieces.js";
import type { ReportWriter } from "./report.js";

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
 * `suppressions`) and the counts. Written a message at a time, as `JSON.stringify(files, null, 2)`
 * would print it: the report of 100,000 flows is 70 MB of JSON, never held as one string.
 *
 * @example
 * let out = "";
 * json(report, { color: false }, (text) => (out += text));
 * JSON.parse(out)[0].messages[0].ruleId //=> "flow-omitted"
 */
export const json: ReportWriter = (report, _options, write) => {
  const files = each(report.files, (file) => {
    const errors = file.findings.filter((f) => f.severity === "error").length;
    return {
      filePath: file.absolute,
      messages: new JsonItems(each(file.findings, message)),
      suppressedMessages: new JsonItems(each(file.suppressed, message)),
      errorCount: errors,
      fatalErrorCount: file.findings.filter((f) => INPUT_CODES.has(f.code)).length,
      warningCount: file.findings.length - errors,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
  writeJson(new JsonItems(files), write);
  write("\n");
};
