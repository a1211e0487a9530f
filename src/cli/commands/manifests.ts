/**
 * Reading manifests for the commands that describe them (`report`, `ropa`, `export`): the same
 * inputs as `pledge lint`, linted the same way, with input errors printed as `lint` prints them.
 */
import { relative, resolve, sep } from "node:path";
import type { Manifest } from "../../model/manifest.js";
import type { Policy } from "../../model/policy.js";
import { INPUT_CODES, findManifests, inputRefused, lintFile, MANIFEST_PATTERN, type FileLint, type LocatedFinding } from "../../node.js";
import type { Vocabulary } from "../../vocabulary/vocabulary.js";
import { UsageError } from "../args.js";
import type { CommandIO } from "../command.js";

/** One manifest document that could be read and whose policy is known. */
export interface LoadedManifest {
  /** The file as shown to the user (relative to the working folder), with `#n` for the n-th document of a stream. */
  readonly name: string;
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  /** The file's lint, for its findings and source positions. */
  readonly lint: FileLint;
  /** Index of the document in `lint.documents`. */
  readonly document: number;
}

/** The outcome of {@link loadManifests}. */
export interface LoadedManifests {
  readonly manifests: readonly LoadedManifest[];
  /** Input errors (unreadable, malformed, unknown terms or policies), located; the command exits 2 when any. */
  readonly inputErrors: readonly LocatedFinding[];
}

/**
 * Finds and lints the manifests under `paths` (files or folders, as `pledge lint` takes them),
 * keeping each document whose policy resolved, and every input error apart.
 *
 * @example
 * loadManifests(["examples/pomeg"], io, "2026-11-23").manifests.map((m) => m.name)
 * //=> ["examples/pomeg/app.flows.yaml", "examples/pomeg/violations.flows.yaml"]
 */
export function loadManifests(paths: readonly string[], io: CommandIO, today: string): LoadedManifests {
  const { files, missing, refused } = findManifests(paths, io.cwd);
  if (files.length === 0 && missing.length === 0 && refused.length === 0) throw new UsageError(`no manifests (${MANIFEST_PATTERN}) found in ${paths.join(", ")}`);
  const manifests: LoadedManifest[] = [];
  const inputErrors: LocatedFinding[] = [];
  for (const { path, message } of [...missing.map((path) => ({ path, message: "cannot be read: no such file or folder" })), ...refused]) {
    const shown = shownPath(io.cwd, resolve(io.cwd, path));
    inputErrors.push(inputRefused(shown, `${shown} ${message}`));
  }
  for (const file of files) {
    const absolute = resolve(io.cwd, file);
    const shown = shownPath(io.cwd, absolute);
    const lint = lintFile(absolute, { today, name: shown });
    inputErrors.push(...lint.findings.filter((f) => INPUT_CODES.has(f.code)));
    lint.documents.forEach((doc, index) => {
      if (doc.manifest === undefined || doc.policy === undefined || doc.vocabulary === undefined) return;
      if (doc.findings.some((f) => INPUT_CODES.has(f.code))) return;
      const name = lint.documents.length > 1 ? `${shown}#${index + 1}` : shown;
      manifests.push({ name, manifest: doc.manifest, policy: doc.policy, vocabulary: doc.vocabulary, lint, document: index });
    });
  }
  return { manifests, inputErrors };
}

/**
 * Prints input errors as `file:line:column: message (code)` lines on stderr, for exit code 2.
 *
 * @example
 * printInputErrors("ropa", [finding], io) // stderr: "pledge ropa: app.flows.yaml:3:9: unknown recipient term … (unknown-term)"
 */
export function printInputErrors(command: string, errors: readonly LocatedFinding[], io: CommandIO): void {
  for (const f of errors) io.stderr(`pledge ${command}: ${f.file}:${f.line}:${f.column}: ${f.message} (${f.code})\n`);
}

function shownPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  return (rel === "" ? "." : rel).split(sep).join("/");
}
