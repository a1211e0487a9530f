import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAbsolute } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { pathToFileURL } from "node:url";
import type { ArtifactLocation, Log, ReportingDescriptor, Result, Run } from "sarif";
import { FINDING_CODES } from "../../findings.js";
import { compareText } from "../../order.js";
import { MAX_FILE_BYTES, type LocatedFinding } from "../../files.js";
import { RULES } from "../rules.js";
import { PACKAGE_NAME, VERSION } from "../version.js";
import { lineHashes } from "./line-hash.js";
import { pathFromRoot } from "./location.js";
import { JsonItems, writeJson } from "./pieces.js";
import type { FileReport, FormatOptions, LintReport, ReportWriter } from "./report.js";

/** The package's page on npm, for this version: the README with every finding code. */
const INFORMATION_URI = `https://www.npmjs.com/package/${PACKAGE_NAME}/v/${VERSION}`;
const HELP_URI = `${INFORMATION_URI}#verdicts-and-findings`;

/**
 * A repo-relative URI for a shown path: forward slashes, each segment percent-encoded.
 *
 * @example
 * toUri("examples/my app/a.flows.yaml") //=> "examples/my%20app/a.flows.yaml"
 */
export function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join("/");
}

/**
 * Where a file is, as GitHub resolves it: relative to the repository root (`%SRCROOT%`) when the
 * file is under it; a `file:` URI when it is elsewhere; the shown name for standard input.
 */
function artifactLocation(file: FileReport, root: string | undefined): ArtifactLocation {
  if (root === undefined) return { uri: toUri(file.file), uriBaseId: "%SRCROOT%" };
  const rel = pathFromRoot(root, file.absolute);
  if (rel !== undefined) return { uri: toUri(rel), uriBaseId: "%SRCROOT%" };
  return isAbsolute(file.absolute) ? { uri: pathToFileURL(file.absolute).href } : { uri: toUri(file.file), uriBaseId: "%SRCROOT%" };
}

/** Bytes read from a manifest at a time, to hash it. */
const PIECE_BYTES = 1 << 20;

/**
 * A regular file's text, decoded as UTF-8 a piece at a time, as upload-sarif reads it (a stream
 * with `utf8` encoding: a character split between two pieces is decoded whole). Throws when the
 * file cannot be read, is not a regular file, or grows past pledge's input limit.
 */
function* filePieces(path: string): Generator<string> {
  const fd = openSync(path, "r");
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    const decoder = new StringDecoder("utf8");
    const buffer = Buffer.allocUnsafe(PIECE_BYTES);
    let total = 0;
    for (let read; (read = readSync(fd, buffer, 0, PIECE_BYTES, null)) > 0; ) {
      total += read;
      if (total > MAX_FILE_BYTES) throw new Error(`${path} grew past ${MAX_FILE_BYTES} bytes`);
      yield decoder.write(buffer.subarray(0, read));
    }
    yield decoder.end();
  } finally {
    closeSync(fd);
  }
}

/**
 * GitHub's line hashes for the lines that results start on, from the file as it is on disk (what
 * upload-sarif would hash), read in pieces: the 21 MB text of 100,000 flows is never held whole
 * (it was 75 MB of the SARIF run's peak). None when the file cannot be read (standard input
 * without a file).
 */
function fingerprints(file: FileReport, findings: readonly LocatedFinding[]): Map<number, string> {
  if (findings.length === 0) return new Map();
  try {
    return lineHashes(() => filePieces(file.absolute), findings.map((f) => f.line));
  } catch {
    return new Map();
  }
}

function result(f: LocatedFinding, location: ArtifactLocation, lineHash: string | undefined): Result {
  const citations = f.rules.map((r) => `${r.ruleId} (§ ${r.citation.section}): "${r.citation.quote.replace(/\s+/g, " ")}"`);
  return {
    ruleId: f.code,
    ruleIndex: FINDING_CODES.indexOf(f.code),
    level: f.severity === "error" ? "error" : "warning",
    message: { text: citations.length > 0 ? `${f.message}\n\n${citations.join("\n")}` : f.message },
    locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } } }],
    ...(lineHash !== undefined ? { partialFingerprints: { primaryLocationLineHash: lineHash } } : {}),
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] } : {}),
    properties: {
      path: f.path,
      ...(f.subject !== undefined ? { subject: f.subject } : {}),
      ...(f.verdict !== undefined ? { verdict: f.verdict } : {}),
      citations: f.rules.map((r) => ({ ruleId: r.ruleId, section: r.citation.section, quote: r.citation.quote, ...(r.interpretation !== undefined ? { interpretation: r.interpretation } : {}) })),
    },
  };
}

const rules: ReportingDescriptor[] = RULES.map((rule) => ({
  id: rule.id,
  name: rule.name,
  shortDescription: { text: rule.short },
  fullDescription: { text: rule.full },
  help: { text: rule.help, markdown: rule.help },
  helpUri: HELP_URI,
  defaultConfiguration: { level: rule.level },
  // Precision "very-high": a finding follows from the encoded policy by rule, never by heuristic.
  properties: { tags: [...rule.tags], precision: "very-high", "problem.severity": rule.level },
}));

/** The results, a file at a time: each file's findings sorted, its line hashes read, its results made as they are written. */
function* results(report: LintReport, options: FormatOptions): Generator<Result> {
  for (const file of report.files) {
    const findings = (options.includeSuppressed === true ? [...file.findings, ...file.suppressed] : [...file.findings]).sort(
      (a, b) => a.line - b.line || a.column - b.column || compareText(a.code, b.code),
    );
    const location = artifactLocation(file, options.root);
    const hashes = fingerprints(file, findings);
    for (const f of findings) yield result(f, location, hashes.get(f.line));
  }
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run whose `tool.driver.rules` lists every
 * finding code (stable ids and indexes, descriptions, help and its link, default level), and one
 * result per finding, located relative to the repository root (`%SRCROOT%`), with the
 * `primaryLocationLineHash` that upload-sarif would compute (see `line-hash.ts`). Waived findings
 * are left out, since GitHub ignores `suppressions` and would open an alert for each; with
 * `includeSuppressed` they are kept with a `suppressions` entry whose justification is the
 * waiver's reason. Written a result at a time, as `JSON.stringify(log, null, 2)` would print it:
 * the log of 100,000 flows is never held as one string.
 *
 * @example
 * let out = "";
 * sarif(report, { color: false, root: "/repo" }, (text) => (out += text));
 * JSON.parse(out).version //=> "2.1.0"
 */
export const sarif: ReportWriter = (report, options, write) => {
  // Typed as SARIF 2.1.0 (@types/sarif), so the compiler checks every property against the spec;
  // the results (typed too) take their place when the log is written.
  const run: Run = {
    tool: { driver: { name: "pledge", informationUri: INFORMATION_URI, semanticVersion: VERSION, version: VERSION, rules } },
    ...(options.root !== undefined ? { originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(options.root).href.replace(/\/?$/, "/") } } } : {}),
    columnKind: "utf16CodeUnits",
  };
  const log: Log = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
  writeJson({ ...log, runs: [{ ...run, results: new JsonItems(results(report, options)) }] }, write);
  write("\n");
};
