import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import type { TextRead } from "../files.js";
import type { CommandIO } from "./command.js";
import type { CommandEntry } from "./commands/index.js";
import { writeError } from "./output.js";
import { VERSION } from "./version.js";

const USAGE = (commands: readonly CommandEntry[]): string => {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Usage: pledge <command> [options]

Check software against the privacy policy it publishes.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join("\n")}

Options:
  -h, --help     Show help (also: pledge <command> --help)
  -v, --version  Show the version

Exit codes: 0 clean, 1 findings, 2 usage or input errors.`;
};

/**
 * Runs the CLI over `argv` (without the node and script paths) and returns the exit code.
 * Never throws: an unexpected error is printed as one line (with the stack only when
 * `PLEDGE_DEBUG` is set) and gives exit code 2.
 *
 * @example
 * await runCli(["--version"], io) //=> 0, after printing "0.1.0"
 */
export async function runCli(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  // Loaded here, not at the top: `--version` evaluates none of the commands (nor zod, the
  // engine or the policies), and starts as fast as node itself.
  const { commands } = await import("./commands/index.js");
  readTextStream ??= (await import("../files.js")).readTextStream;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic !== undefined) {
      const command = commands.find((c) => c.name === topic);
      if (!command) return unknownCommand(topic, commands, io);
      io.stdout(`${(await command.load()).usage}\n`);
      return 0;
    }
    (name === undefined ? io.stderr : io.stdout)(`${USAGE(commands)}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) return unknownCommand(name, commands, io);
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`pledge ${name}: internal error: ${message}\n`);
    if (io.env.PLEDGE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}

function unknownCommand(name: string, commands: readonly CommandEntry[], io: CommandIO): number {
  const near = commands.find((c) => c.name.startsWith(name.slice(0, 2)));
  io.stderr(`pledge: unknown command "${name}"${near ? ` (did you mean "${near.name}"?)` : ""}\nRun pledge --help for the list of commands.\n`);
  return 2;
}

/**
 * pledge/node's bounded reader, for standard input: loaded with the commands (in `runCli`), so
 * that `--version` loads nothing but this file; a command reads standard input only after that.
 */
let readTextStream: ((fd: number) => TextRead) | undefined;

/** The real process: its streams, folder and environment; `undefined` when the working folder is gone. */
function processIO(): CommandIO | undefined {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return undefined; // the folder was deleted under the shell (uv_cwd: ENOENT)
  }
  return {
    stdout: writeStdout,
    stderr: writeStderr,
    readStdin: () => readTextStream!(0),
    cwd,
    get isTTY() {
      return isTerminal(1);
    },
    get stderrIsTTY() {
      return isTerminal(2);
    },
    env: process.env,
    largeInput: tuneHeapForBatch,
  };
}

let heapTuned = false;

/**
 * Has V8 collect the old generation when the heap grows by a fifth, not by its default factor
 * (about 2.5× what is live): `pledge lint` of a large manifest is a short batch run, and the
 * peak stays near what is live, for more time in the collector (BENCHMARKS.md). Done only for
 * large inputs: loading `node:v8` loads about 30 of node's modules, which a small run need not.
 */
function tuneHeapForBatch(): void {
  if (heapTuned) return;
  heapTuned = true;
  const v8 = createRequire(import.meta.url)("node:v8") as typeof import("node:v8");
  v8.setFlagsFromString("--heap-growing-percent=20");
}

/**
 * Whether a standard stream is a terminal. A pipe or a file (CI, `> report.txt`) is told apart
 * by `fstat` alone: node's stream objects, and the tty, net and stream modules behind them
 * (about 30 modules), are loaded only for a character device, or when something is written to
 * standard error.
 */
function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return Boolean((fd === 1 ? process.stdout : process.stderr).isTTY);
}

/** Set when a report or message could not be written: the run then ends with exit code 2. */
let writeFailed = false;
let stdoutFailed = false;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes to standard output synchronously. A report written in pieces is then never queued
 * whole in memory behind a slow reader (`pledge lint --format sarif | gzip`), as node's stream
 * queues what a full pipe does not take yet (BENCHMARKS.md); a pipe node made non-blocking
 * answers EAGAIN when full: wait a millisecond, and write the rest. Output to a closed pipe
 * (`pledge lint | head`) is not an error. Any other failure to write (a full disk, an I/O error)
 * is: a CI step must not pass with an empty report.
 */
function writeStdout(text: string | Uint8Array): void {
  if (stdoutFailed) return;
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === "EPIPE") process.exit(process.exitCode ?? 0);
      stdoutFailed = writeFailed = true;
      writeStderr(`pledge: cannot write to standard output: ${writeError(error)}\n`);
      return;
    }
  }
}

let stderrWatched = false;

/** Writes to standard error. A failure to write there, other than to a closed pipe, ends the run with exit code 2. */
function writeStderr(text: string): void {
  if (!stderrWatched) {
    stderrWatched = true;
    process.stderr.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") writeFailed = true;
    });
  }
  process.stderr.write(text);
}

process.on("exit", () => {
  if (writeFailed) process.exitCode = 2;
});

const io = processIO();
if (io === undefined) {
  writeStderr("pledge: the working folder no longer exists; cd into a folder and run pledge again\n");
  process.exitCode = 2;
} else {
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeStderr(`pledge: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
