import { parseArgs, type ParseArgsConfig } from "node:util";

/** A usage error: a message for stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's arguments with `node:util`'s `parseArgs`, turning its errors into
 * {@link UsageError}s with a short message.
 *
 * @example
 * parseCommandArgs(["a.yaml", "--format", "json"], { format: { type: "string" } })
 * //=> { values: { format: "json" }, positionals: ["a.yaml"] }
 */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: negativeValuesJoined(args, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    throw new UsageError(message.replace(/^(TypeError \[ERR_PARSE_ARGS_[A-Z_]+\]: )/, ""));
  }
}

/**
 * Whether output to a stream may be coloured: only to a terminal, and never when `NO_COLOR`
 * is set to a non-empty value (https://no-color.org). `FORCE_COLOR` (non-empty, not `0`)
 * forces colour on.
 *
 * @example
 * useColor(true, { NO_COLOR: "1" }) //=> false
 */
export function useColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return isTTY;
}

/** ANSI styles, or identity functions when colour is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

/**
 * The palette for `color` on or off.
 *
 * @example
 * palette(false).red("x") //=> "x"
 */
export function palette(color: boolean): Palette {
  const style = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: style(31, 39), yellow: style(33, 39), green: style(32, 39), dim: style(2, 22), bold: style(1, 22), underline: style(4, 24) };
}

/**
 * Wraps a command's body so that a {@link UsageError} prints `pledge <name>: message` and
 * gives exit code 2; other errors go up to the CLI's last-resort handler.
 *
 * @example
 * const run = usageErrors("init", (args, io) => { throw new UsageError("no"); });
 * run([], io) //=> 2, after printing "pledge init: no"
 */
export function usageErrors<A extends readonly string[], IO extends { stderr(text: string): void }>(
  name: string,
  body: (args: A, io: IO) => number | Promise<number>,
): (args: A, io: IO) => number | Promise<number> {
  const fail = (error: unknown, io: IO): number => {
    if (error instanceof UsageError) {
      io.stderr(`pledge ${name}: ${error.message}\nRun pledge ${name} --help for usage.\n`);
      return 2;
    }
    throw error;
  };
  return (args, io) => {
    try {
      const result = body(args, io);
      return result instanceof Promise ? result.catch((error: unknown) => fail(error, io)) : result;
    } catch (error) {
      return fail(error, io);
    }
  };
}

/**
 * A negative number after an option that takes a value is that option's value, never an option
 * (no option is named by digits): `--max-warnings -1` becomes `--max-warnings=-1`, so the
 * command judges the value and says what it takes, where `parseArgs` would only call the
 * option "ambiguous".
 *
 * @example
 * negativeValuesJoined(["--max-warnings", "-1"], { "max-warnings": { type: "string" } }) //=> ["--max-warnings=-1"]
 */
function negativeValuesJoined(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") return [...out, ...args.slice(i)];
    const next = args[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : Object.keys(options).find((key) => options[key]?.short !== undefined && arg === `-${options[key].short}`);
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
