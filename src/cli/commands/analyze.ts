import { analyzePolicy, unboundedPermissions, type PolicyContradiction, type UnboundedPermission } from "../../engine/index.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { table } from "./policies.js";
import { resolvePolicyArgument } from "./verify-source.js";

const USAGE = `Usage: pledge analyze <policy> [options]

Checks a policy against itself, in PolicyLint's terms: every pair of a permission (may, only-if)
and a restriction (must-not, only-for) whose data and recipients are equal or nested and that
some flow meets both (C1–C5 contradictions, N1–N4 narrowing definitions, and "overlap" where
unrelated terms share a narrower one). For each pair, what the flow engine reports on a flow that
meets both: "incorrect" when the restriction is an exception carved out of the permission,
"ambiguous" when the policy contradicts itself. Then every permission that still allows any
purpose: it names none and the policy gives no closed list of uses (purposeLimit).

<policy> is a bundled policy id (pomeg, pocketo, polus) or a path to a policy file.

Options:
  --format <name>  table (default) or json ({ contradictions, unboundedPermissions } as data)
  -h, --help       Show this help

Exit codes: 0 no contradiction, 1 some pair is ambiguous (the policy contradicts itself),
2 usage error or a policy that cannot be loaded.

Example:
  pledge analyze pomeg`;

/**
 * Summarises an analysis in one line: how many term pairs, how many contradictions.
 *
 * @example
 * summary("pomeg", analyzePolicy(pomeg))
 * //=> "pomeg: 110 pairs of a permission and a must-not over related terms: 24 ambiguous (contradictions), 86 incorrect (exceptions carved out)"
 */
export function summary(id: string, pairs: readonly PolicyContradiction[]): string {
  if (pairs.length === 0) return `${id}: no pair of a permission and a restriction over related terms; nothing contradicts`;
  const ambiguous = pairs.filter((p) => p.engine === "ambiguous").length;
  return `${id}: ${pairs.length} pairs of a permission and a restriction over related terms: ${ambiguous} ambiguous (contradictions), ${pairs.length - ambiguous} incorrect (exceptions carved out)`;
}

/**
 * Says which permissions allow any purpose, or that none does.
 *
 * @example
 * unboundedSummary([]) //=> "every permission is bounded by its own purposes or the policy's closed list of uses"
 */
export function unboundedSummary(open: readonly UnboundedPermission[]): string {
  if (open.length === 0) return "every permission is bounded by its own purposes or the policy's closed list of uses";
  return `${open.length} ${open.length === 1 ? "permission allows" : "permissions allow"} any purpose:\n${open.map((u) => `  ${u.message}`).join("\n")}`;
}

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, { format: { type: "string" } });
  if (positionals.length !== 1) throw new UsageError(`expected one policy (a bundled id or a file), got ${positionals.length} argument(s)`);
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`unknown format "${format}"; use table or json`);
  const resolved = resolvePolicyArgument(positionals[0]!, io);
  if (!resolved.ok) {
    io.stderr(`pledge analyze: ${resolved.message}\n`);
    return 2;
  }
  const pairs = analyzePolicy(resolved.policy);
  const open = unboundedPermissions(resolved.policy);
  const code = pairs.some((p) => p.engine === "ambiguous") ? 1 : 0;
  if (format === "json") {
    io.stdout(`${JSON.stringify({ contradictions: pairs, unboundedPermissions: open }, null, 2)}\n`);
    return code;
  }
  // Contradictions first; within each kind, the order analyzePolicy gives.
  const contradictionsFirst = (p: PolicyContradiction) => (p.engine === "ambiguous" ? 0 : 1);
  const rows = [...pairs].sort((a, b) => contradictionsFirst(a) - contradictionsFirst(b));
  const lines = [summary(resolved.policy.id, pairs)];
  if (rows.length > 0) {
    lines.push(
      "",
      table([
        ["ENGINE", "CLASS", "PERMISSION", "ALLOWS", "RESTRICTION", "RULES OUT"],
        ...rows.map((p) => [p.engine, p.kind, p.positive.ruleId, `${p.positive.data} → ${p.positive.recipient}`, p.negative.ruleId, `${p.negative.data} → ${p.negative.recipient}`]),
      ]).trimEnd(),
    );
  }
  lines.push("", unboundedSummary(open));
  io.stdout(`${lines.join("\n")}\n`);
  return code;
}

/** `pledge analyze`: a policy's contradictions with itself. */
export const analyzeCommand: Command = {
  usage: USAGE,
  run: usageErrors("analyze", run),
};
