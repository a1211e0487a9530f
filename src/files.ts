/**
 * Reading manifests and policy files from disk, with findings located at a file, line and
 * column (the `pledge/node` entry, node.ts, publishes it). No schema library: a plainly
 * well-formed manifest is read by the fast path, and what it leaves, a manifest it does not
 * read or a policy file, is judged by the {@link SchemaJudge} the caller passes. node.ts passes
 * zod's; `pledge lint` loads it only when a file needs it.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { DocumentPath, Finding } from "./findings.js";
import { lintShape, type LintOptions, type ManifestLint, type PolicyResolver, type Suppression } from "./lint.js";
import { readPlainManifest } from "./manifest/plain.js";
import type { ManifestParse } from "./manifest/validate.js";
import type { Manifest } from "./model/manifest.js";
import { compareText } from "./order.js";
import { resolveBundledPolicy } from "./policy/registry.js";
import type { PolicyValidation } from "./policy/validate.js";
import { parseSource, type ParsedDocument, type SourceFormat, type SourceRegion } from "./source/parse.js";

/**
 * What judges the input the fast path does not read: a manifest it declined (`parseManifest`
 * is called only with those, to word their findings), and a policy file. src/schema-judge.ts
 * has zod's.
 */
export interface SchemaJudge {
  parseManifest(value: unknown): ManifestParse;
  validatePolicy(value: unknown): PolicyValidation;
}

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
 * Reads a text file, refusing what is not a manifest: missing, a folder, not a regular file (a
 * named pipe or a device, which could block or never end), empty, too large or binary (a NUL
 * byte, or bytes that are not UTF-8). Links are followed. At most {@link MAX_FILE_BYTES} + 1
 * bytes are ever read, whatever the file claims its size is (`/proc` files claim 0).
 *
 * @example
 * readTextFile("missing.flows.yaml") //=> { ok: false, message: "cannot be read: no such file" }
 * readTextFile("/dev/zero") //=> { ok: false, message: "is a device, not a regular file" }
 */
export function readTextFile(file: string): TextRead {
  let fd: number;
  try {
    // Checked before opening: opening a FIFO waits for a writer, and opening a device may act.
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, message: notRegular(stat) };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, message: overLimit(stat.size) };
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, message: unreadable(error) };
  }
  try {
    // The path may have changed between the check and the open: check what was opened.
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, message: notRegular(stat) };
    return decodeText(readBounded(fd, stat.size));
  } catch (error) {
    return { ok: false, message: unreadable(error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads standard input (or another open descriptor) as a manifest's text, with the checks of
 * {@link readTextFile} that apply to a stream: at most {@link MAX_FILE_BYTES} bytes, UTF-8,
 * not empty. A pipe, a terminal or a device is read up to the limit; a folder is refused.
 *
 * @example
 * readTextStream(0) //=> { ok: true, text: "policy: pomeg\nflows: []\n" }   // echo … | node script.js
 */
export function readTextStream(fd = 0): TextRead {
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, message: notRegular(stat) };
    return decodeText(readBounded(fd, stat.isFile() ? stat.size : 0));
  } catch (error) {
    return { ok: false, message: unreadable(error) };
  }
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads from `fd` until the end or until more than {@link MAX_FILE_BYTES} bytes were read, so
 * that an endless source (`/dev/zero`, a pipe that never closes its end) costs at most the
 * limit. `expected` is the size the file claims, read in one go when it is right.
 */
function readBounded(fd: number, expected: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  let size = Math.min(Math.max(expected + 1, CHUNK_BYTES), MAX_FILE_BYTES + 1);
  while (total <= MAX_FILE_BYTES) {
    const chunk = Buffer.allocUnsafe(Math.min(size, MAX_FILE_BYTES + 1 - total));
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking pipe with nothing in it yet: wait a moment and read again.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (read === 0) break;
    chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    total += read;
    size = CHUNK_BYTES;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** Why a path that is not a regular file is refused, in words. */
function notRegular(stat: Stats): string {
  if (stat.isDirectory()) return "is a folder, not a file";
  if (stat.isFIFO()) return "is a named pipe (FIFO), not a regular file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "is a device, not a regular file";
  if (stat.isSocket()) return "is a socket, not a regular file";
  return "is not a regular file";
}

function overLimit(size?: number): string {
  return `${size === undefined ? "is" : `is ${size} bytes,`} over the limit of ${MAX_FILE_BYTES} bytes`;
}

/** Why a file cannot be read, from a Node error: its code, in words where they help. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return "cannot be read: no such file";
  if (code === "ELOOP") return "cannot be read: its links form a loop (ELOOP)";
  if (code === "EACCES" || code === "EPERM") return `cannot be read: permission denied (${code})`;
  if (code === "EISDIR") return "is a folder, not a file";
  return `cannot be read (${code ?? (error instanceof Error ? error.message : "error")})`;
}

/**
 * Decodes bytes as a manifest's text: refuses empty input, input over the size limit, and
 * binary input (a NUL byte or invalid UTF-8).
 *
 * @example
 * decodeText(Buffer.from("policy: pomeg\n")) //=> { ok: true, text: "policy: pomeg\n" }
 */
export function decodeText(buffer: Uint8Array): TextRead {
  if (buffer.length > MAX_FILE_BYTES) return { ok: false, message: overLimit() };
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

/** The working folder, or `undefined` when it was deleted under the process. */
function workingFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** A path as messages show it: relative to the working folder when inside it, with forward slashes. */
function shownPath(file: string): string {
  const cwd = workingFolder();
  const absolute = resolve(file);
  const rel = cwd === undefined ? absolute : relative(cwd, absolute);
  return (rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? absolute : rel).split(sep).join("/");
}

const policyFiles = new Map<string, PolicyValidation | { ok: false; message: string }>();

/**
 * Loads a policy file (YAML or JSON) written by a user, validated by `validatePolicy`. Results
 * are cached by absolute path for the life of the process.
 *
 * @example
 * loadPolicyFileWith("policies/acme.policy.yaml", validatePolicy).ok //=> true
 */
export function loadPolicyFileWith(file: string, validatePolicy: SchemaJudge["validatePolicy"]): PolicyValidation | { ok: false; message: string } {
  const key = resolve(file);
  let result = policyFiles.get(key);
  if (!result) {
    result = readPolicyFile(key, validatePolicy);
    policyFiles.set(key, result);
  }
  return result;
}

function readPolicyFile(absolute: string, validatePolicy: SchemaJudge["validatePolicy"]): PolicyValidation | { ok: false; message: string } {
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

/** Options of {@link policyResolverWith} (and `pledge/node`'s `policyResolverFor`). */
export interface PolicyResolverOptions {
  /**
   * Folders policy files must be inside (checked on the path as written, then on its real path,
   * links followed); absent: any file the process can read. Manifests are data, often from a
   * pull request: linting a file confines them to the working folder and the manifest's own.
   */
  readonly confine?: readonly string[];
}

/**
 * Whether a manifest's `policy` names a policy file (anything with a slash or a
 * `.yaml`/`.yml`/`.json` ending) rather than a bundled policy.
 *
 * @example
 * isPolicyPath("./acme.policy.yaml") //=> true
 * isPolicyPath("pomeg") //=> false
 */
export function isPolicyPath(reference: string): boolean {
  return /[/\\]|\.(?:ya?ml|json)$/.test(reference);
}

/**
 * A resolver for manifests in `directory`: a bundled policy id, or a path to a policy file
 * relative to the manifest, validated by `validatePolicy` (absent: a policy file cannot be
 * read, and asking for one is a mistake of the caller's). With `confine`, a path outside those
 * folders is refused before anything is read.
 *
 * @example
 * const resolvePolicy = policyResolverWith("examples/pomeg", { confine: ["."] }, validatePolicy);
 * resolvePolicy("pomeg").ok //=> true
 * resolvePolicy("/etc/passwd") //=> { ok: false, message: "the policy file /etc/passwd is outside the folders policy files may come from (.); …" }
 */
export function policyResolverWith(directory: string, options: PolicyResolverOptions, validatePolicy: SchemaJudge["validatePolicy"] | undefined): PolicyResolver {
  const roots = options.confine && [...new Set(options.confine.map((folder) => resolve(folder)))];
  let realRoots: string[] | undefined;
  return (reference) => {
    if (!isPolicyPath(reference)) return resolveBundledPolicy(reference);
    const file = resolve(directory, reference);
    if (roots) {
      // The path as written first, so that a file outside is never touched (not even its existence told).
      const outside = !roots.some((root) => isInside(root, file)) || !insideReal(file, (realRoots ??= roots.map(realOrSelf)));
      if (outside) {
        return { ok: false, message: `the policy file ${shownPath(file)} is outside the folders policy files may come from (${roots.map(shownPath).join(", ")}); name a policy file inside them, or allow its folder (pledge lint --allow-policy-path <folder>)` };
      }
    }
    if (validatePolicy === undefined) throw new Error(`the policy file ${shownPath(file)} needs the schemas, which were not loaded`);
    return loadPolicyFileWith(file, validatePolicy);
  };
}

/** Whether `path` is `folder` or inside it (both absolute). */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Whether the real path of `file` (links followed, for as much of it as exists) is inside one of `roots`. */
function insideReal(file: string, roots: readonly string[]): boolean {
  const real = realOrSelf(file);
  return roots.some((root) => isInside(root, real));
}

/** The real path of `path`: links followed for the part that exists, the rest as written. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realOrSelf(parent), basename(path));
  }
}

/**
 * The finding for a file pledge refuses to read or could not find, at its first line.
 *
 * @example
 * inputRefused("app.flows.yaml", "this file is empty")
 * //=> { code: "input-refused", severity: "error", message: "this file is empty", file: "app.flows.yaml", line: 1, column: 1, … }
 */
export function inputRefused(file: string, message: string): LocatedFinding {
  return { code: "input-refused", severity: "error", message, path: [], rules: [], file, ...START };
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

/** Options of {@link readManifestFile} and {@link lintManifestFile} (and `pledge/node`'s `lintFile`). */
export interface FileLintOptions extends LintOptions {
  /** The text, when it does not come from the file (stdin). */
  readonly text?: string;
  /** The folder policy paths are relative to; defaults to the file's folder. */
  readonly directory?: string;
  /** The syntax; defaults to the file's extension. */
  readonly format?: SourceFormat;
  /** The name findings carry as `file`; defaults to `file`. */
  readonly name?: string;
  /**
   * Folders the manifest may name policy files in besides the working folder and its own
   * folder (with everything below them). A manifest is data: by default it cannot make pledge
   * read a file elsewhere on the machine.
   */
  readonly allowPolicyPaths?: readonly string[];
}

/**
 * A manifest file read and parsed: each document read by the fast path where it plainly can be
 * ({@link readPlainManifest}), the others kept for the schemas to judge. Made by
 * {@link readManifestFile}, consumed once by {@link lintManifestFile}, which drops each value as
 * it is checked (a 100,000-flow document is a large object graph).
 */
export interface ManifestFile {
  /** The name findings carry. */
  readonly file: string;
  /** The folder policy paths are relative to. */
  readonly directory: string;
  /** Where each document's values were written (the values themselves are in `manifests`). */
  readonly documents: readonly ParsedDocument[];
  /** Each document's manifest as the fast path read it, or its raw value; emptied as it is linted. */
  readonly manifests: ({ readonly plain: Manifest } | { readonly raw: unknown } | undefined)[];
}

/**
 * Reads one manifest file (every document of a multi-document YAML stream) and reads each
 * document by the fast path where it can. Unreadable, empty, binary and unparseable files give
 * their findings (a {@link FileLint}), never exceptions.
 *
 * @example
 * const read = readManifestFile("examples/pocketo/app.flows.yaml");
 * "manifests" in read && needsSchemas(read) //=> false (plainly well-formed, a bundled policy)
 */
export function readManifestFile(path: string, options: FileLintOptions = {}): ManifestFile | FileLint {
  const read = options.text === undefined ? readTextFile(path) : decodeText(new TextEncoder().encode(options.text));
  const file = options.name ?? path;
  const refused = (message: string): FileLint => ({ file, documents: [], findings: [inputRefused(file, message)], suppressed: [], locate: () => START });
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
  const manifests = documents.map((d) => {
    const plain = readPlainManifest(d.value);
    return plain === undefined ? { raw: d.value } : { plain };
  });
  // The parsed values are kept only where the schemas still have to judge them.
  const located = documents.map((d) => ({ value: null, locate: d.locate, locateKey: d.locateKey }));
  parsed.documents.length = 0;
  return { file, directory: options.directory ?? dirname(path), documents: located, manifests };
}

/**
 * Whether linting a file read by {@link readManifestFile} needs the schemas: a document the
 * fast path did not read, or one that names a policy file.
 *
 * @example
 * needsSchemas(readManifestFile("app.flows.yaml")) //=> true when the manifest has an unknown key
 */
export function needsSchemas(read: ManifestFile): boolean {
  return read.manifests.some((m) => m === undefined || !("plain" in m) || isPolicyPath(m.plain.policy));
}

/**
 * Lints a file read by {@link readManifestFile}: every document against the policy it names,
 * findings located. `judge` judges what the fast path left ({@link needsSchemas}); without it,
 * such a file is a mistake of the caller's (an exception).
 *
 * @example
 * lintManifestFile(readManifestFile("app.flows.yaml") as ManifestFile, { today: "2026-11-23" }, undefined).findings //=> []
 */
export function lintManifestFile(read: ManifestFile, options: FileLintOptions, judge: SchemaJudge | undefined): FileLint {
  const { file, directory, documents, manifests } = read;
  const cwd = workingFolder();
  const resolvePolicy = policyResolverWith(directory, { confine: [...(cwd === undefined ? [] : [cwd]), directory, ...(options.allowPolicyPaths ?? [])] }, judge?.validatePolicy);
  const lints: ManifestLint[] = [];
  const findings: LocatedFinding[] = [];
  const suppressed: LocatedFinding[] = [];
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    const shape = manifestShape(manifests[i], judge);
    manifests[i] = undefined;
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

function manifestShape(manifest: ManifestFile["manifests"][number], judge: SchemaJudge | undefined): ManifestParse {
  if (manifest === undefined) throw new Error("a manifest file is linted once");
  if ("plain" in manifest) return { ok: true, manifest: manifest.plain };
  if (judge === undefined) throw new Error("a manifest the fast path does not read needs the schemas, which were not loaded");
  return judge.parseManifest(manifest.raw);
}

const SECTIONS = new Set(["flows", "deletion", "rights", "waivers"]);

/**
 * Unknown keys point at the key, and so do findings about a whole top-level section (the
 * `rights` list lacks a right); everything else at the value. A region is never empty.
 */
function place(document: ParsedDocument, finding: Finding): SourceRegion {
  const section = finding.path.length === 1 && SECTIONS.has(String(finding.path[0]));
  const atKey = finding.at === "key" || section;
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

/** A path `pledge lint` was given or came upon and could not search or read, and why. */
export interface RefusedPath {
  readonly path: string;
  /** Such as `cannot be read: permission denied (EACCES)`. */
  readonly message: string;
}

/** The outcome of {@link findManifests}. */
export interface ManifestSearch {
  readonly files: string[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  /** Folders and files that could not be searched or read (permissions, link loops). */
  readonly refused: RefusedPath[];
}

/** How deeply folders are searched. */
const MAX_FOLDER_DEPTH = 64;

/**
 * Finds manifest files: each path that is a file is taken as is; each folder is searched
 * recursively for {@link MANIFEST_PATTERN}, skipping `node_modules` and folders whose name
 * starts with a dot. Links are followed, but each real folder is searched once and each real
 * file listed once, so links back up the tree neither loop nor repeat a file. A folder or file
 * that cannot be read is listed in `refused` and the search goes on. Results keep the order of
 * `paths`, each folder's files sorted.
 *
 * @example
 * findManifests(["examples"]) //=> { files: ["examples/pocketo/app.flows.yaml", …], missing: [], refused: [] }
 */
export function findManifests(paths: readonly string[], cwd = "."): ManifestSearch {
  const files: string[] = [];
  const missing: string[] = [];
  const refused: RefusedPath[] = [];
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  const refuse = (path: string, error: unknown) => refused.push({ path, message: unreadable(error) });
  const add = (file: string, real: string) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(file);
  };
  const walk = (folder: string, real: string, depth: number): void => {
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    if (depth > MAX_FOLDER_DEPTH) {
      refused.push({ path: folder, message: `is nested more than ${MAX_FOLDER_DEPTH} folders deep; not searched` });
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(resolve(cwd, folder), { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
    } catch (error) {
      refuse(folder, error);
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name === "node_modules" || name.startsWith(".")) continue;
      const child = folder === "." ? name : join(folder, name);
      if (entry.isDirectory()) walk(child, join(real, name), depth + 1);
      else if (entry.isFile()) {
        if (MANIFEST_NAME.test(name)) add(child, join(real, name));
      } else if (entry.isSymbolicLink() || !(entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice())) {
        // A link (or a file system that does not say what the entry is): look at what it leads to.
        let target: { stat: Stats; real: string };
        try {
          const absolute = resolve(cwd, child);
          target = { stat: statSync(absolute), real: realpathSync(absolute) };
        } catch (error) {
          // A broken link is only worth a word when it has a manifest's name.
          if (MANIFEST_NAME.test(name)) refuse(child, error);
          continue;
        }
        if (target.stat.isDirectory()) walk(child, target.real, depth + 1);
        else if (target.stat.isFile() && MANIFEST_NAME.test(name)) add(child, target.real);
      }
    }
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat: Stats;
    let real: string;
    try {
      stat = statSync(absolute);
      real = realpathSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") missing.push(path);
      else refuse(path, error);
      continue;
    }
    if (stat.isDirectory()) walk(path, real, 0);
    else add(path, real);
  }
  return { files, missing, refused };
}
