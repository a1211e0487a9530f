import type { CommandIO } from "../../src/cli/command.js";

/** A CommandIO that keeps what a command prints, for running commands in-process. */
export type MemoryIO = CommandIO & { out: string; err: string };

/**
 * A non-TTY CommandIO in memory, working in `cwd` with `env`.
 *
 * @example
 * const io = memoryIO({ cwd: dir });
 * await showCommand.run(["polus"], io); io.out //=> "…"
 */
export function memoryIO(options: { cwd?: string; env?: Record<string, string> } = {}): MemoryIO {
  const io: MemoryIO = {
    out: "",
    err: "",
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readStdin: () => ({ ok: true, text: "" }),
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    stderrIsTTY: false,
    env: options.env ?? {},
  };
  return io;
}
