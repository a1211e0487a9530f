import { parseCommandArgs } from "../args.js";
import type { Command } from "../command.js";
import { RENDER_FORMATS, renderPolicy, type RenderFormat } from "../../policy/render.js";
import { resolvePolicyArgument } from "./verify-source.js";

const USAGE = `Usage: pledge show <policy> [options]

Prints an encoded policy: every statement, retention rule, right, age limit and note with its
terms and the verbatim quote it rests on.

<policy> is a bundled policy id (pomeg, pocketo, polus) or a path to a policy file.

Options:
  --format <table|markdown|json>  Output format (default: table)
  --width <columns>               Width of the table (default: $COLUMNS, else 100; at least 60)
  -h, --help                      Show this help`;

/**
 * `pledge show <policy>`: the encoded policy as a table, a Markdown review document or JSON.
 *
 * @example
 * await showCommand.run(["polus", "--format", "markdown"], io)
 * //=> 0, printing "# Polus Technology Ltd Privacy Policy" …
 */
export const showCommand: Command = {
  usage: USAGE,
  run(args, io) {
    let parsed;
    try {
      parsed = parseCommandArgs(args, { format: { type: "string" }, width: { type: "string" }, help: { type: "boolean", short: "h" } });
    } catch (error) {
      io.stderr(`pledge show: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) {
      io.stderr(`pledge show: expected one policy (a bundled id or a file), got ${positionals.length} argument(s)\n\n${USAGE}\n`);
      return 2;
    }
    const format = values.format ?? "table";
    if (!(RENDER_FORMATS as readonly string[]).includes(format)) {
      io.stderr(`pledge show: --format must be one of ${RENDER_FORMATS.join(", ")}, not "${format}"\n`);
      return 2;
    }
    let width = 100;
    if (values.width !== undefined) {
      width = Number(values.width);
      if (!/^\d+$/.test(values.width) || width < 60) {
        io.stderr(`pledge show: --width must be a whole number of at least 60, not "${values.width}"\n`);
        return 2;
      }
    } else if (io.env.COLUMNS !== undefined && /^\d+$/.test(io.env.COLUMNS)) {
      width = Math.max(60, Number(io.env.COLUMNS));
    }
    const policy = resolvePolicyArgument(positionals[0] as string, io);
    if (!policy.ok) {
      io.stderr(`pledge show: ${policy.message}\n`);
      return 2;
    }
    io.stdout(renderPolicy(policy.policy, format as RenderFormat, { width }));
    return 0;
  },
};
