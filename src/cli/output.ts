import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CommandIO } from "./command.js";

/** What each error a write meets means, in words. */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EDQUOT: "over the disk quota",
  EEXIST: "a file or a broken link is where a folder should be made",
  EFBIG: "the file would be too large",
  EIO: "an input/output error",
  EISDIR: "that is a folder",
  ENOENT: "a folder on the way does not exist",
  ENOSPC: "no space left on the device",
  ENOTDIR: "a part of the path is a file, not a folder",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
};

/**
 * Why a write failed, for a one-line message: the error code, then its meaning when known.
 *
 * @example
 * writeError(Object.assign(new Error("…"), { code: "EISDIR" })) //=> "EISDIR (that is a folder)"
 */
export function writeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return String(error);
  const meaning = Object.hasOwn(WRITE_ERRORS, code) ? WRITE_ERRORS[code] : undefined;
  return meaning === undefined ? code : `${code} (${meaning})`;
}

/**
 * Creates the folder that will hold `file`, and any missing folders above it, as `mkdir -p`
 * does; throws the first error (`ENOTDIR`, `EACCES`, `ENOENT`…) as is.
 *
 * Node's `mkdirSync(folder, { recursive: true })` never returns when the nearest existing folder
 * refuses new entries with `ENOENT` (`--output /proc/nope/r.html` spun at full CPU), so the
 * folders are made here one level at a time: up to the nearest one that exists, then down.
 *
 * @example
 * makeParentFolders("/tmp/new/deeper/report.html") // creates /tmp/new and /tmp/new/deeper
 */
export function makeParentFolders(file: string): void {
  const missing: string[] = [];
  for (let folder = dirname(file); statSync(folder, { throwIfNoEntry: false }) === undefined; folder = dirname(folder)) {
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}

/**
 * Writes a command's output to `file` (missing folders created) or to standard output; exit
 * code 0, or 2 with one line on standard error when the file cannot be written.
 *
 * @example
 * writeOutput("ropa", "…", "out/ropa.md", io) //=> 0
 */
export function writeOutput(command: string, text: string, file: string | undefined, io: CommandIO): number {
  if (file === undefined) {
    io.stdout(text);
    return 0;
  }
  const target = resolve(io.cwd, file);
  try {
    makeParentFolders(target);
    writeFileSync(target, text);
  } catch (error) {
    io.stderr(`pledge ${command}: cannot write ${file}: ${writeError(error)}\n`);
    return 2;
  }
  return 0;
}
