import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { isCalendarDate, isInstant } from "../../model/time.js";
import { findManifests, lintFile, MANIFEST_PATTERN, type FileLint, type LocatedFinding } from "../../node.js";
import { parseCommandArgs, usageErrors, UsageError, useColor } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { countFindings, FORMATS, type FileReport } from "../format/index.js";
import { inBlocks, type Write } from "../format/pieces.js";

const USAGE = `Usage: pledge lint [paths...] [options]

Check data-flow manifests against the privacy policies they name. A path may be a file, a
folder (searched recursively for ${MANIFEST_PATTERN}, skipping node_modules and
folders whose name starts with a dot) or - for standard input. Default: the current folder.

Options:
  -f, --format <name>        stylish (default), json, sarif, junit or github
  -o, --output-file <file>   Write the report to a file instead of standard output
      --max-warnings <n>     Exit with code 1 when there are more than n warnings
      --quiet                Report errors only
      --now <date>           Today's date for waiver expiry, YYYY-MM-DD (default: $PLEDGE_NOW,
                             else the current UTC date)
      --stdin-filename <f>   The name to report standard input under (its extension picks
                             JSON or YAML; policy paths are relative to the current folder)
  -h, --help                 Show this help

Exit codes: 0 no problems; 1 errors, or more warnings than --max-warnings;
2 usage errors or unreadable input (missing files, syntax errors, schema errors, unknown
terms or policies).

Examples:
  pledge lint
  pledge lint examples/ --format sarif --output-file pledge.sarif
  cat app.flows.yaml | pledge lint - --stdin-filename app.flows.yaml`;

/**
 * Resolves "today" for waivers: `--now`, else `PLEDGE_NOW`, else the UTC date of the clock.
 * Accepts a calendar date (`2026-11-23`) or an instant with an offset (its UTC date is taken).
 *
 * @example
 * resolveToday("2026-11-23", {}) //=> "2026-11-23"
 * resolveToday(undefined, { PLEDGE_NOW: "2026-11-23T23:30:00-02:00" }) //=> "2026-11-24"
 */
export function resolveToday(option: string | undefined, env: Readonly<Record<string, string | undefined>>, clock: () => Date = () => new Date()): string {
  const [text, source] = option !== undefined ? [option, "--now"] : env.PLEDGE_NOW ? [env.PLEDGE_NOW, "PLEDGE_NOW"] : [undefined, ""];
  if (text === undefined) return clock().toISOString().slice(0, 10);
  if (isCalendarDate(text)) return text;
  if (isInstant(text)) return new Date(text).toISOString().slice(0, 10);
  throw new UsageError(`${source} must be a date written YYYY-MM-DD (or an instant such as 2026-11-23T10:00:00Z), not "${text}"`);
}

function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === "" ? "." : rel).split(sep).join("/");
}

function toReport(lint: FileLint, shown: string, absolute: string, quiet: boolean): FileReport {
  const findings = quiet ? lint.findings.filter((f) => f.severity === "error") : lint.findings;
  return { file: shown, absolute, findings, suppressed: lint.suppressed };
}

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Writes a report to a file in blocks, as the formatter produces it (a large report is never one
 * string). Returns why the file could not be written (`EACCES`, `ENOSPC`…), or undefined.
 */
function writeReportFile(target: string, produce: (write: Write) => void): string | undefined {
  let fd: number;
  try {
    mkdirSync(dirname(target), { recursive: true });
    fd = openSync(target, "w");
  } catch (error) {
    return errorCode(error);
  }
  let failure: string | undefined;
  const out = inBlocks((block) => {
    if (failure !== undefined) return;
    try {
      const bytes = Buffer.from(block);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    } catch (error) {
      failure = errorCode(error);
    }
  });
  try {
    produce(out.write);
    out.end();
  } finally {
    closeSync(fd);
  }
  return failure;
}

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", short: "f" },
    "output-file": { type: "string", short: "o" },
    "max-warnings": { type: "string" },
    quiet: { type: "boolean" },
    now: { type: "string" },
    "stdin-filename": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const formatName = values.format ?? "stylish";
  const formatter = Object.hasOwn(FORMATS, formatName) ? FORMATS[formatName] : undefined;
  if (!formatter) throw new UsageError(`unknown format "${formatName}"; the formats are ${Object.keys(FORMATS).join(", ")}`);
  let maxWarnings = -1;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"])) throw new UsageError(`--max-warnings takes a whole number, not "${values["max-warnings"]}"`);
    maxWarnings = Number(values["max-warnings"]);
  }
  const today = resolveToday(values.now, io.env);
  const quiet = values.quiet ?? false;

  const paths = positionals.length > 0 ? positionals : ["."];
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) may be given once");
  const fileArgs = paths.filter((p) => p !== "-");
  const { files, missing } = findManifests(fileArgs, io.cwd);
  const stdin = paths.includes("-");
  if (files.length === 0 && missing.length === 0 && !stdin) {
    io.stderr(`pledge lint: no manifests (${MANIFEST_PATTERN}) found in ${fileArgs.join(", ")}\n`);
    return 2;
  }

  const reports: FileReport[] = [];
  const progress = files.length > 1 && io.stderrIsTTY && io.env.CI === undefined;
  if (stdin) {
    const name = values["stdin-filename"] ?? "<stdin>";
    let text: string;
    try {
      text = io.readStdin();
    } catch (error) {
      throw new UsageError(`cannot read standard input: ${error instanceof Error ? error.message : String(error)}`);
    }
    const lint = lintFile(name, { text, today, name, directory: io.cwd, ...(values["stdin-filename"] === undefined ? { format: "auto" as const } : {}) });
    reports.push(toReport(lint, name, name, quiet));
  }
  for (const path of missing) {
    const absolute = resolve(io.cwd, path);
    const shown = displayPath(io.cwd, absolute);
    const finding: LocatedFinding = { code: "input-refused", severity: "error", message: `${shown} cannot be read: no such file or folder`, path: [], rules: [], file: shown, line: 1, column: 1, endLine: 1, endColumn: 1 };
    reports.push({ file: shown, absolute, findings: [finding], suppressed: [] });
  }
  files.forEach((file, i) => {
    const absolute = resolve(io.cwd, file);
    const shown = displayPath(io.cwd, absolute);
    if (progress) io.stderr(`\r\u001b[2K[${i + 1}/${files.length}] ${shown}`);
    reports.push(toReport(lintFile(absolute, { today, name: shown }), shown, absolute, quiet));
  });
  if (progress) io.stderr("\r\u001b[2K");

  const report = { files: reports };
  const outputFile = values["output-file"];
  const options = { color: outputFile === undefined && formatName === "stylish" && useColor(io.isTTY, io.env) };
  const produce = (write: Write) => formatter(report, options, write);
  if (outputFile !== undefined) {
    const failure = writeReportFile(resolve(io.cwd, outputFile), produce);
    if (failure !== undefined) {
      io.stderr(`pledge lint: cannot write ${outputFile}: ${failure}\n`);
      return 2;
    }
  } else {
    const out = inBlocks(io.stdout);
    produce(out.write);
    out.end();
  }

  const counts = countFindings(report);
  if (counts.input > 0) return 2;
  if (counts.errors > 0) return 1;
  if (maxWarnings >= 0 && counts.warnings > maxWarnings) {
    io.stderr(`pledge lint: ${counts.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** `pledge lint [paths…]`: check manifests and report in one of five formats. */
export const lintCommand: Command = {
  name: "lint",
  summary: "Check data-flow manifests against their policies (stylish, json, sarif, junit, github)",
  usage: USAGE,
  run: usageErrors("lint", run),
};
