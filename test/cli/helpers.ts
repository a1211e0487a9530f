import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The built CLI, the package's bin (`npm test` builds it first). */
export const CLI = join(ROOT, "dist/cli.cjs");
/** The lint fixtures. */
export const FIXTURES = "test/fixtures/lint";

/** The result of one `pledge` process. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a real process, with colour off and "today" pinned to 2026-09-01.
 *
 * @example
 * pledge(["--version"]).stdout //=> "0.1.0\n"
 */
export function pledge(args: readonly string[], options: { input?: string; cwd?: string; env?: Record<string, string | undefined>; timeout?: number } = {}): Run {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds first)`);
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", NO_COLOR: "1", PLEDGE_NOW: "2026-09-01" };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  // `timeout` is a safety net for cases that used to hang (a FIFO): a killed run has code null.
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, input: options.input ?? "", encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeout, killSignal: "SIGKILL" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether text holds a JavaScript stack trace. */
export function hasStack(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /\n\s+at [\w.<>]+ \(/.test(text);
}

/** An ESLint-shaped JSON message, with pledge's fields. */
export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: boolean;
  flowId?: string;
  verdict?: string;
  path: (string | number)[];
  citations: { ruleId: string; section: string; quote: string }[];
  suppressions?: { kind: string; justification: string }[];
}

/** An ESLint-shaped JSON file result. */
export interface JsonFile {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: JsonMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
}
