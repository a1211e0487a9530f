import { resolveBundledPolicy, BUNDLED_POLICY_IDS } from "../../policy/registry.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";

const USAGE = `Usage: pledge policies [options]

List the policies bundled with pledge: id (what a manifest's policy field names), title,
operator, the last-updated date printed in the text, and how many rules of each kind the
encoding has.

Options:
  --format <name>  table (default) or json
  -h, --help       Show this help`;

/** One row of `pledge policies`. */
export interface PolicyRow {
  readonly id: string;
  readonly title: string;
  readonly operator: string;
  readonly lastUpdated: string | null;
  readonly statements: number;
  readonly retention: number;
  readonly rights: number;
  readonly ageLimits: number;
}

/**
 * The bundled policies as rows, sorted by id.
 *
 * @example
 * policyRows()[0]?.id //=> "pocketo"
 */
export function policyRows(): PolicyRow[] {
  return BUNDLED_POLICY_IDS.flatMap((id) => {
    const resolved = resolveBundledPolicy(id);
    if (!resolved.ok) return [];
    const p = resolved.policy;
    return [{ id, title: p.title, operator: p.operator.name, lastUpdated: p.lastUpdated, statements: p.statements.length, retention: p.retention.length, rights: p.rights.length, ageLimits: p.ageLimits.length }];
  });
}

/**
 * Renders rows as a plain-text table with a header.
 *
 * @example
 * table([["id", "title"], ["pomeg", "Pomeg AI Privacy Policy"]])
 * //=> "id     title\npomeg  Pomeg AI Privacy Policy\n"
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd()).join("\n") + "\n";
}

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, { format: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = values.format ?? "table";
  const rows = policyRows();
  if (format === "json") {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (format !== "table") throw new UsageError(`unknown format "${format}"; use table or json`);
  io.stdout(
    table([
      ["ID", "TITLE", "OPERATOR", "LAST UPDATED", "STATEMENTS", "RETENTION", "RIGHTS", "AGE LIMITS"],
      ...rows.map((r) => [r.id, r.title, r.operator, r.lastUpdated ?? "(not printed)", String(r.statements), String(r.retention), String(r.rights), String(r.ageLimits)]),
    ]),
  );
  return 0;
}

/** `pledge policies`: the bundled policies. */
export const policiesCommand: Command = {
  usage: USAGE,
  run: usageErrors("policies", run),
};
