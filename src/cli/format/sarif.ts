import { createHash } from "node:crypto";
import type { Log, Result } from "sarif";
import { FINDING_CODES } from "../../findings.js";
import { compareText } from "../../order.js";
import type { LocatedFinding } from "../../node.js";
import { RULES } from "../rules.js";
import { VERSION } from "../version.js";
import type { FileReport, Formatter } from "./report.js";

/**
 * A repo-relative URI for a shown path: forward slashes, each segment percent-encoded.
 *
 * @example
 * toUri("examples/my app/a.flows.yaml") //=> "examples/my%20app/a.flows.yaml"
 */
export function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join("/");
}

/** A fingerprint that survives edits elsewhere in the file: the file, code, subject and path (flow index replaced by its id). */
function fingerprintKey(file: string, f: LocatedFinding): string {
  const path = f.path.map((segment, i) => (i === 1 && f.subject !== undefined && (f.path[0] === "flows" || f.path[0] === "deletion") ? `#${f.subject}` : String(segment)));
  return `${file}\u0000${f.code}\u0000${f.subject ?? ""}\u0000${path.join("\u0001")}`;
}

function result(file: FileReport, f: LocatedFinding, occurrence: number): Result {
  const ruleIndex = FINDING_CODES.indexOf(f.code);
  const citations = f.rules.map((r) => `${r.ruleId} (§ ${r.citation.section}): "${r.citation.quote.replace(/\s+/g, " ")}"`);
  const hash = createHash("sha256").update(`${fingerprintKey(file.file, f)}\u0000${occurrence}`).digest("hex");
  return {
    ruleId: f.code,
    ruleIndex,
    level: f.severity === "error" ? "error" : "warning",
    message: { text: citations.length > 0 ? `${f.message}\n\n${citations.join("\n")}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(file.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { "pledgeFindingHash/v1": hash },
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] } : {}),
    properties: {
      path: f.path,
      ...(f.subject !== undefined ? { flowId: f.subject } : {}),
      ...(f.verdict !== undefined ? { verdict: f.verdict } : {}),
      citations: f.rules.map((r) => ({ ruleId: r.ruleId, section: r.citation.section, quote: r.citation.quote, ...(r.interpretation !== undefined ? { interpretation: r.interpretation } : {}) })),
    },
  };
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run whose `tool.driver.rules` lists every
 * finding code (stable ids and indexes, with descriptions, help and default level), and one
 * result per finding with a repo-relative location (`uriBaseId` `%SRCROOT%`), a region,
 * `partialFingerprints` that survive edits elsewhere in the file, and `suppressions` (with the
 * waiver's reason as justification) for waived findings.
 *
 * @example
 * JSON.parse(sarif(report, { color: false })).version //=> "2.1.0"
 */
export const sarif: Formatter = (report) => {
  const results: Result[] = [];
  for (const file of report.files) {
    const seen = new Map<string, number>();
    const all = [...file.findings, ...file.suppressed].sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.code, b.code));
    for (const f of all) {
      const key = fingerprintKey(file.file, f);
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      results.push(result(file, f, occurrence));
    }
  }
  // Typed as SARIF 2.1.0 (@types/sarif), so the compiler checks every property against the spec.
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pledge",
            semanticVersion: VERSION,
            version: VERSION,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.short },
              fullDescription: { text: rule.full },
              help: { text: rule.help, markdown: rule.help },
              defaultConfiguration: { level: rule.level },
              properties: { tags: [...rule.tags] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
