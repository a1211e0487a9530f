import { appendFileSync, closeSync, openSync, statSync, writeSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { isCalendarDate, isInstant, utcCalendarDate } from "../../model/forms.js";
import { findManifests, inputRefused, lintManifestFile, MANIFEST_PATTERN, needsSchemas, readManifestFile, type FileLint, type FileLintOptions, type SchemaJudge } from "../../files.js";
import { parseCommandArgs, usageErrors, UsageError, useColor } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { countFindings, FORMATS, type FileReport } from "../format/index.js";
import { jobSummary } from "../format/github.js";
import { repositoryRoot } from "../format/location.js";
import { inBlocks, type Write } from "../format/pieces.js";
import { makeParentFolders, writeError } from "../output.js";

const USAGE = `Usage: pledge lint [paths...] [options]

Check data-flow manifests against the privacy policies they name. A path may be a file, a
folder (searched recursively for ${MANIFEST_PATTERN}, skipping node_modules and
folders whose name starts with a dot) or - for standard input. Default: the current folder.

Options:
  -f, --format <name>        stylish (default), json, sarif, junit or github (with
                             $GITHUB_STEP_SUMMARY set, github also writes a job summary)
  -o, --output-file <file>   Write the report to a file instead of standard output
      --max-warnings <n>     Exit with code 1 when there are more than n warnings
      --quiet                Report errors only
      --now <date>           Today's date for waiver expiry, YYYY-MM-DD (default: $PLEDGE_NOW,
                             else the current UTC date)
      --stdin-filename <f>   The name to report standard input under (its extension picks
                             JSON or YAML; policy paths are relative to the current folder)
      --base-dir <dir>       The folder that sarif URIs and github annotation paths are
                             relative to (default: the git repository root above the current
                             folder, else the current folder)
      --sarif-include-suppressed
                             Keep waived findings in sarif, marked as suppressed (GitHub code
                             scanning ignores the mark and would open an alert for each)
      --allow-policy-path <dir>
                             Let manifests name policy files in this folder too (repeatable).
                             By default a manifest may name only policy files inside the
                             current folder or its own folder
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
  if (text === undefined) return utcCalendarDate(clock());
  if (isCalendarDate(text)) return text;
  if (isInstant(text)) return utcCalendarDate(new Date(text));
  throw new UsageError(`${source} must be a date written YYYY-MM-DD (or an instant such as 2026-11-23T10:00:00Z), not "${text}"`);
}

/** The schemas, loaded the first time a file needs them (src/schema-judge.ts). */
let schemas: Promise<SchemaJudge> | undefined;

async function loadSchemas(): Promise<SchemaJudge> {
  (await import("../zod.js")).jitlessZod();
  return (await import("../../schema-judge.js")).SCHEMAS;
}

/**
 * Lints one manifest file as `pledge/node`'s `lintFile` does, loading zod only for a file the
 * fast path does not read whole (a mistake to word, or a policy file to validate): checking
 * well-formed manifests against the bundled policies loads no schema library (BENCHMARKS.md).
 */
async function lintFile(path: string, options: FileLintOptions): Promise<FileLint> {
  const read = readManifestFile(path, options);
  if (!("manifests" in read)) return read;
  const judge = needsSchemas(read) ? await (schemas ??= loadSchemas()) : undefined;
  return lintManifestFile(read, options, judge);
}

/** Inputs of this many bytes or more (about 20,000 flows) are a batch run (see `CommandIO.largeInput`). */
const LARGE_INPUT = 4 * 1024 * 1024;

function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === "" ? "." : rel).split(sep).join("/");
}

function toReport(lint: FileLint, shown: string, absolute: string, quiet: boolean): FileReport {
  const findings = quiet ? lint.findings.filter((f) => f.severity === "error") : lint.findings;
  return { file: shown, absolute, findings, suppressed: lint.suppressed };
}

/**
 * Writes a report to a file in blocks, as the formatter produces it (a large report is never one
 * string). Returns why the file could not be written (`EACCES`, `ENOSPC`…), or undefined.
 */
function writeReportFile(target: string, produce: (write: Write) => void): string | undefined {
  let fd: number;
  try {
    makeParentFolders(target);
    fd = openSync(target, "w");
  } catch (error) {
    return writeError(error);
  }
  let failure: string | undefined;
  const out = inBlocks((block) => {
    if (failure !== undefined) return;
    try {
      for (let done = 0; done < block.length; ) done += writeSync(fd, block, done);
    } catch (error) {
      failure = writeError(error);
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

async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", short: "f" },
    "output-file": { type: "string", short: "o" },
    "max-warnings": { type: "string" },
    quiet: { type: "boolean" },
    now: { type: "string" },
    "stdin-filename": { type: "string" },
    "base-dir": { type: "string" },
    "sarif-include-suppressed": { type: "boolean" },
    "allow-policy-path": { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  });
  const formatName = values.format ?? "stylish";
  const formatter = Object.hasOwn(FORMATS, formatName) ? FORMATS[formatName] : undefined;
  if (!formatter) throw new UsageError(`unknown format "${formatName}"; the formats are ${Object.keys(FORMATS).join(", ")}`);
  let maxWarnings = -1;
  if (values["max-warnings"] !== undefined) {
    if (!/^\d+$/.test(values["max-warnings"])) throw new UsageError(`--max-warnings takes a whole number of warnings (0 or more), not "${values["max-warnings"]}"; leave it out for no limit`);
    maxWarnings = Number(values["max-warnings"]);
  }
  const today = resolveToday(values.now, io.env);
  const quiet = values.quiet ?? false;

  const paths = positionals.length > 0 ? positionals : ["."];
  if (paths.includes("")) throw new UsageError("an empty path was given (an unset variable?); name a file or folder, or give none for the current folder");
  if (paths.filter((p) => p === "-").length > 1) throw new UsageError("standard input (-) may be given once");
  const stdin = paths.includes("-");
  if (values["stdin-filename"] !== undefined && !stdin) throw new UsageError("--stdin-filename names standard input, which is read only when - is among the paths");
  const allowPolicyPaths = [io.cwd, ...(values["allow-policy-path"] ?? []).map((folder) => resolve(io.cwd, folder))];
  const fileArgs = paths.filter((p) => p !== "-");
  const { files, missing, refused } = findManifests(fileArgs, io.cwd);
  if (files.length === 0 && missing.length === 0 && refused.length === 0 && !stdin) {
    io.stderr(`pledge lint: no manifests (${MANIFEST_PATTERN}) found in ${fileArgs.join(", ")}\n`);
    return 2;
  }

  const reports: FileReport[] = [];
  const progress = files.length > 1 && io.stderrIsTTY && io.env.CI === undefined;
  if (files.reduce((bytes, file) => bytes + (statSync(resolve(io.cwd, file), { throwIfNoEntry: false })?.size ?? 0), 0) >= LARGE_INPUT) io.largeInput?.();
  if (stdin) {
    const name = values["stdin-filename"] ?? "<stdin>";
    const read = io.readStdin();
    if (read.ok) {
      if (read.text.length >= LARGE_INPUT) io.largeInput?.();
      const lint = await lintFile(name, { text: read.text, today, name, directory: io.cwd, allowPolicyPaths, ...(values["stdin-filename"] === undefined ? { format: "auto" as const } : {}) });
      reports.push(toReport(lint, name, values["stdin-filename"] === undefined ? name : resolve(io.cwd, name), quiet));
    } else reports.push({ file: name, absolute: name, findings: [inputRefused(name, `standard input ${read.message}`)], suppressed: [] });
  }
  const refusedPaths = [...missing.map((path) => ({ path, message: "cannot be read: no such file or folder" })), ...refused];
  for (const { path, message } of refusedPaths) {
    const absolute = resolve(io.cwd, path);
    const shown = displayPath(io.cwd, absolute);
    reports.push({ file: shown, absolute, findings: [inputRefused(shown, `${shown} ${message}`)], suppressed: [] });
  }
  for (const [i, file] of files.entries()) {
    const absolute = resolve(io.cwd, file);
    const shown = displayPath(io.cwd, absolute);
    if (progress) io.stderr(`\r\u001b[2K[${i + 1}/${files.length}] ${shown}`);
    reports.push(toReport(await lintFile(absolute, { today, name: shown, allowPolicyPaths }), shown, absolute, quiet));
  }
  if (progress) io.stderr("\r\u001b[2K");

  const report = { files: reports };
  const outputFile = values["output-file"];
  const root = values["base-dir"] === undefined ? repositoryRoot(io.cwd) : resolve(io.cwd, values["base-dir"]);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--base-dir ${values["base-dir"]} is not a folder`);
  const options = {
    color: outputFile === undefined && formatName === "stylish" && useColor(io.isTTY, io.env),
    root,
    includeSuppressed: values["sarif-include-suppressed"] ?? false,
  };
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
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (formatName === "github" && summaryFile) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = io.env;
    const blobUrl = server && repository && sha ? `${server}/${repository}/blob/${sha}` : undefined;
    try {
      appendFileSync(summaryFile, jobSummary(report, { root, ...(blobUrl === undefined ? {} : { blobUrl }) }));
    } catch (error) {
      io.stderr(`pledge lint: cannot write the job summary to ${summaryFile}: ${writeError(error)}\n`);
      return 2;
    }
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
  usage: USAGE,
  run: usageErrors("lint", run),
};
