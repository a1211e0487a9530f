import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";

/**
 * The root of the repository that holds `start`: the nearest folder at or above it with a `.git`
 * entry (a folder, or the file a worktree or submodule has). Without one, `start` itself. GitHub
 * resolves SARIF URIs and annotation paths against the repository root, wherever the command ran.
 *
 * @example
 * repositoryRoot("/work/app/packages/web") //=> "/work/app" (when /work/app/.git exists)
 */
export function repositoryRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * A file's path relative to `root`, with forward slashes; `undefined` when the file is not under
 * `root` (or is not a path at all, such as `<stdin>`).
 *
 * @example
 * pathFromRoot("/repo", "/repo/privacy/app.flows.yaml") //=> "privacy/app.flows.yaml"
 * pathFromRoot("/repo", "/elsewhere/app.flows.yaml") //=> undefined
 */
export function pathFromRoot(root: string, absolute: string): string | undefined {
  if (!isAbsolute(absolute)) return undefined;
  const rel = relative(root, absolute);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}
