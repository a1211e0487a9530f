/**
 * pledge/node: reading manifests and policy files from disk, with findings located at a file,
 * line and column. The pure checks live in the `pledge` entry.
 *
 * @packageDocumentation
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { DocumentPath, Finding } from "./findings.js";
import { lintShape, type LintOptions, type ManifestLint, type PolicyResolver, type Suppression } from "./lint.js";
import { parseManifest } from "./manifest/validate.js";
import { compareText } from "./order.js";
import { resolveBundledPolicy } from "./policy/registry.js";
import { validatePolicy, type PolicyValidation } from "./policy/validate.js";
import { parseSource, type ParsedDocument, type SourceFormat, type SourceRegion } from "./source/parse.js";

export { MANIFEST_CHECKS, INPUT_CODES, applyWaivers, lintManifest, lintParsedManifest, type ManifestCheck, type ManifestLint, type LintContext, type LintOptions, type PolicyResolver, type Suppression, type SuppressedFinding } from "./lint.js";

/** The largest file pledge reads, in bytes (64 MiB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The files `pledge lint <folder>` looks for, searched recursively. */
export const MANIFEST_PATTERN = "**/*.flows.{yaml,yml,json}";

const MANIFEST_NAME = /\.flows\.(?:ya?ml|json)$/;

/** A finding with the place in a file it concerns. */
export interface LocatedFinding extends Finding, SourceRegion {
  readonly file: string;
  /** Set when a waiver suppresses the finding. */
  readonly suppression?: Suppression;
}

/** The outcome of {@link readTextFile}. */
export type TextRead = { ok: true; text: string } | { ok: false; message: string };

/**
 * Reads a text file, refusing what is not a manifest: missing, a folder, empty, too large or
 * binary (a NUL byte, or bytes that are not UTF-8).
 *
 * @example
 * readTextFile("missing.flows.yaml") //=> { ok: false, message: "cannot be read: no such file" }
 */
export function readTextFile(file: string): TextRead {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, message: "is a folder, not a file" };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === "ENOENT" || code === "ENOTDIR" ? "cannot be read: no such file" : `cannot be read (${code ?? "error"})` };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, message: `is ${size} bytes, over the limit of ${MAX_FILE_BYTES} bytes` };
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    return { ok: false, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  return decodeText(buffer);
}

/**
 * Decodes bytes as a manifest's text: refuses empty input, input over the size limit, and
 * binary input (a NUL byte or invalid UTF-8).
 *
 * @example
 * decodeText(Buffer.from("policy: pomeg\n")) //=> { ok: true, text: "policy: pomeg\n" }
 */
export function decodeText(buffer: Uint8Array): TextRead {
  if (buffer.length > MAX_FILE_BYTES) return { ok: false, message: `is ${buffer.length} bytes, over the limit of ${MAX_FILE_BYTES} bytes` };
  if (buffer.length === 0) return { ok: false, message: "is empty" };
  if (buffer.includes(0)) return { ok: false, message: "is a binary file (it contains NUL bytes), not YAML or JSON text" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return { ok: false, message: "is not UTF-8 text (a binary file?)" };
  }
  if (text.trim() === "") return { ok: false, message: "is empty (only white space)" };
  return { ok: true, text };
}

const START: SourceRegion = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * The syntax a file's name implies: `.json` is JSON, `.yaml`/`.yml` YAML, anything else sniffed.
 *
 * @example
 * formatOf("app.flows.json") //=> "json"
 */
export function formatOf(file: string): SourceFormat {
  const ext = extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".yaml" || ext === ".yml" ? "yaml" : "auto";
}

/** A path as messages show it: relative to the working folder when inside it, with forward slashes. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return (rel.startsWith("..") || isAbsolute(rel) ? resolve(file) : rel).split(sep).join("/");
}

const policyFiles = new Map<string, PolicyValidation | { ok: false; message: string }>();

/**
 * Loads and validates a policy file (YAML or JSON) written by a user. Results are cached by
 * absolute path for the life of the process.
 *
 * @example
 * loadPolicyFile("policies/acme.policy.yaml").ok //=> true
 */
export function loadPolicyFile(file: string): PolicyValidation | { ok: false; message: string } {
  const key = resolve(file);
  let result = policyFiles.get(key);
  if (!result) {
    result = readPolicyFile(key);
    policyFiles.set(key, result);
  }
  return result;
}

function readPolicyFile(absolute: string): PolicyValidation | { ok: false; message: string } {
  const file = shownPath(absolute);
  const read = readTextFile(absolute);
  if (!read.ok) return { ok: false, message: `the policy file ${file} ${read.message}` };
  const parsed = parseSource(read.text, formatOf(absolute));
  if (!parsed.ok) {
    const error = parsed.errors[0];
    return { ok: false, message: `the policy file ${file}:${error?.region.line ?? 1}:${error?.region.column ?? 1}: ${error?.message ?? "cannot be parsed"}` };
  }
  const document = parsed.documents[0];
  const result = validatePolicy(document?.value);
  if (result.ok || !document) return result;
  const first = result.findings[0];
  const at = first ? document.locate(first.path) : START;
  return { ok: false, message: `the policy file ${file}:${at.line}:${at.column}: ${first?.message ?? "invalid"}${result.findings.length > 1 ? ` (and ${result.findings.length - 1} more)` : ""}` };
}

/**
 * A resolver for manifests in `directory`: a bundled policy id, or a path to a policy file
 * (anything with a slash or a `.yaml`/`.yml`/`.json` ending) relative to the manifest.
 *
 * @example
 * const resolvePolicy = policyResolverFor("examples/pomeg");
 * resolvePolicy("pomeg").ok //=> true
 */
export function policyResolverFor(directory: string): PolicyResolver {
  return (reference) => {
    const isPath = /[/\\]|\.(?:ya?ml|json)$/.test(reference);
    if (!isPath) return resolveBundledPolicy(reference);
    return loadPolicyFile(isAbsolute(reference) ? reference : resolve(directory, reference));
  };
}

/** The findings of one manifest file, located. */
export interface FileLint {
  readonly file: string;
  readonly documents: readonly ManifestLint[];
  /** Active findings, sorted by line, column, code. */
  readonly findings: readonly LocatedFinding[];
  /** Findings waived by an active waiver, sorted likewise. */
  readonly suppressed: readonly LocatedFinding[];
  /** Where the value at `path` of document `document` (an index into `documents`) was written. */
  locate(document: number, path: DocumentPath): SourceRegion;
}

/** Options of {@link lintFile}. */
export interface FileLintOptions extends LintOptions {
  /** The text, when it does not come from the file (stdin). */
  readonly text?: string;
  /** The folder policy paths are relative to; defaults to the file's folder. */
  readonly directory?: string;
  /** The syntax; defaults to the file's extension. */
  readonly format?: SourceFormat;
  /** The name findings carry as `file`; defaults to `file`. */
  readonly name?: string;
}

/**
 * Reads and lints one manifest file (every document of a multi-document YAML stream).
 * Unreadable, empty, binary and unparseable files give findings too, never exceptions.
 *
 * @example
 * lintFile("examples/pocketo/app.flows.yaml", { today: "2026-11-23" }).findings.length //=> 0
 */
export function lintFile(path: string, options: FileLintOptions = {}): FileLint {
  const read = options.text === undefined ? readTextFile(path) : decodeText(new TextEncoder().encode(options.text));
  const file = options.name ?? path;
  const refused = (message: string, code: Finding["code"] = "input-refused", region: SourceRegion = START): FileLint => ({
    file,
    documents: [],
    findings: [{ code, severity: "error", message, path: [], rules: [], file, ...region }],
    suppressed: [],
    locate: () => START,
  });
  if (!read.ok) return refused(`this file ${read.message}`);
  const parsed = parseSource(read.text, options.format ?? formatOf(path));
  if (!parsed.ok) {
    const findings = parsed.errors.map((error): LocatedFinding => ({ code: "parse-error", severity: "error", message: error.message, path: [], rules: [], file, ...error.region }));
    return { file, documents: [], findings, suppressed: [], locate: () => START };
  }
  let documents: ParsedDocument[] = parsed.documents;
  // Empty documents in a stream (a leading `---`, a trailing one) hold nothing to check.
  if (documents.length > 1) documents = documents.filter((d) => d.value !== null && d.value !== undefined);
  if (documents.length === 0 || (documents.length === 1 && (documents[0]!.value === null || documents[0]!.value === undefined))) {
    return refused("this file holds no manifest (only comments or blank lines)");
  }
  const resolvePolicy = policyResolverFor(options.directory ?? dirname(path));
  const lints: ManifestLint[] = [];
  const findings: LocatedFinding[] = [];
  const suppressed: LocatedFinding[] = [];
  // The raw documents are dropped once their shape is checked: the checks work on zod's copy,
  // and a 100,000-flow document is a large object graph.
  const values: unknown[] = documents.map((d) => d.value);
  documents = documents.map((d) => ({ value: null, locate: d.locate, locateKey: d.locateKey }));
  parsed.documents.length = 0;
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    const shape = parseManifest(values[i]);
    values[i] = undefined;
    const lint = lintShape(shape, resolvePolicy, options);
    lints.push(lint);
    for (const finding of lint.findings) findings.push(Object.assign({ file }, finding, place(document, finding)));
    for (const finding of lint.suppressed) suppressed.push(Object.assign({ file }, finding, place(document, finding)));
  }
  return {
    file,
    documents: lints,
    findings: sortLocated(findings),
    suppressed: sortLocated(suppressed),
    locate: (index, path) => documents[index]?.locate(path) ?? START,
  };
}

const SECTIONS = new Set(["flows", "deletion", "rights", "waivers"]);

/**
 * Unknown keys point at the key, and so do findings about a whole top-level section (the
 * `rights` list lacks a right); everything else at the value. A region is never empty.
 */
function place(document: ParsedDocument, finding: Finding): SourceRegion {
  const section = finding.path.length === 1 && SECTIONS.has(String(finding.path[0]));
  const atKey = (finding.code === "schema-invalid" && finding.message.startsWith("unknown key ")) || section;
  const region = atKey ? document.locateKey(finding.path) : document.locate(finding.path);
  return region.endLine === region.line && region.endColumn <= region.column ? { ...region, endColumn: region.column + 1 } : region;
}

/**
 * Sorts located findings by file, line, column, then code and message: the order of every
 * report.
 *
 * @example
 * sortLocated(findings).map((f) => f.line) //=> [3, 3, 12]
 */
export function sortLocated<T extends LocatedFinding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
}

/**
 * Finds manifest files: each path that is a file is taken as is; each folder is searched
 * recursively for {@link MANIFEST_PATTERN}, skipping `node_modules` and folders whose name
 * starts with a dot. Results keep the order of `paths`, each folder's files sorted.
 *
 * @example
 * findManifests(["examples"]) //=> { files: ["examples/pocketo/app.flows.yaml", …], missing: [] }
 */
export function findManifests(paths: readonly string[], cwd = "."): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  const walk = (folder: string, depth: number): void => {
    if (depth > 64) return;
    let entries: string[];
    try {
      entries = readdirSync(resolve(cwd, folder)).sort(compareText);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === "node_modules" || entry.startsWith(".")) continue;
      const child = folder === "." ? entry : join(folder, entry);
      const stat = statSync(resolve(cwd, child), { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(child, depth + 1);
      else if (stat?.isFile() && MANIFEST_NAME.test(entry)) add(child);
    }
  };
  for (const path of paths) {
    const stat = statSync(resolve(cwd, path), { throwIfNoEntry: false });
    if (!stat) missing.push(path);
    else if (stat.isDirectory()) walk(path, 0);
    else add(path);
  }
  return { files, missing };
}
