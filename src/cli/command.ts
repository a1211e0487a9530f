import type { TextRead } from "../files.js";

/** What a command may touch: its output streams, the working folder and the environment. */
export interface CommandIO {
  /** Writes to standard output: text, or UTF-8 bytes (good only for the call). */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Standard input as text, for `-`, read and checked as a manifest file is (size limit, UTF-8). */
  readStdin(): TextRead;
  readonly cwd: string;
  /** Whether stdout is a terminal (colour, tables). */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Tells the process that the inputs add up to many megabytes, before they are parsed: the CLI
   * then has V8 collect the heap sooner (a batch run's peak stays near what is live). Absent in
   * tests and embedders.
   */
  readonly largeInput?: () => void;
}

/**
 * One CLI command; its name and summary are in the registry (`commands/index.ts`). `run`
 * returns the exit code: 0 clean, 1 findings, 2 usage or input errors. It never throws for bad
 * input; it prints a message with file, line and column instead.
 */
export interface Command {
  /** The full `pledge <name> --help` text. */
  readonly usage: string;
  run(args: readonly string[], io: CommandIO): number | Promise<number>;
}
