import { parseCommandArgs } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { deadlinesFor, rightToICalendar, rightsDeadline, toICalendar, type Deadline, type DeadlineInputIssue, type DeadlineSchedule, type RightDeadline } from "../../deadlines/index.js";
import { describeDuration } from "../../deadlines/time.js";
import { policyResolverFor } from "../../node.js";

const USAGE = `Usage: pledge deadline <policy> --event <event> --at <instant> [--format table|json|ics]
       pledge deadline <policy> --right <right> --at <instant> [--format table|json|ics]

Lists every deletion deadline an event starts under a policy, as UTC instants; with --right,
when a data-subject request received at the instant must be answered.

Arguments:
  <policy>            A bundled policy id (pocketo, polus, pomeg) or a path to a policy file

Options:
  --event <event>     The event, such as account-deletion-requested or integration-disconnected
  --right <right>     Instead of --event: a right exercised by a request, such as erasure or access
  --at <instant>      When it happened, RFC 3339 with an offset, such as 2026-11-23T10:00:00Z
  --format <format>   table (default), json, or ics (an RFC 5545 calendar to import)
  -h, --help          Show this help

Exit codes: 0 the schedule was printed; 2 bad arguments, unknown policy, event or instant.

Examples:
  pledge deadline pomeg --event account-deletion-requested --at 2026-11-23T10:00:00Z --format ics > deadlines.ics
  pledge deadline pomeg --right erasure --at 2026-11-23T10:00:00Z`;

const FORMATS = ["table", "json", "ics"] as const;

/**
 * `pledge deadline`: the deletion deadlines an event starts, as a table, JSON or an iCalendar file.
 *
 * @example
 * await deadlineCommand.run(["pomeg", "--event", "account-deletion-requested", "--at", "2026-11-23T10:00:00Z"], io)
 * //=> 0 (stdout: a table whose last row is "2027-03-23T10:00:00Z  purge  personal-data  backups  …  s6-backups")
 * await deadlineCommand.run(["pomeg", "--event", "acount-deleted", "--at", "2026-11-23T10:00:00Z"], io)
 * //=> 2 (stderr: '--event: unknown event "acount-deleted" (did you mean "account-deleted"?) …')
 */
export const deadlineCommand: Command = {
  usage: USAGE,
  run(args, io) {
    let parsed;
    try {
      parsed = parseCommandArgs(args, { event: { type: "string" }, right: { type: "string" }, at: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } });
    } catch (error) {
      return usageError(io, (error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) return usageError(io, positionals.length === 0 ? "missing <policy>: a bundled policy id or a path" : `expected one policy, got ${positionals.join(" ")}`);
    if (values.event !== undefined && values.right !== undefined) return usageError(io, "give --event or --right, not both");
    if (values.event === undefined && values.right === undefined) return usageError(io, "missing --event <event>, such as --event account-deletion-requested (or --right <right>)");
    if (values.at === undefined) return usageError(io, "missing --at <instant>, such as --at 2026-11-23T10:00:00Z");
    const format = values.format ?? "table";
    if (!(FORMATS as readonly string[]).includes(format)) return usageError(io, `--format must be one of ${FORMATS.join(", ")}, not "${format}"`);

    const resolved = policyResolverFor(io.cwd)(positionals[0] ?? "");
    if (!resolved.ok) {
      const message = "message" in resolved ? resolved.message : `policy ${positionals[0]} is invalid: ${resolved.findings.map((f) => f.message).join("; ")}`;
      io.stderr(`pledge deadline: ${message}\n`);
      return 2;
    }
    const compiled = { policy: resolved.policy, vocabulary: resolved.vocabulary };
    if (values.right !== undefined) {
      const answer = rightsDeadline(compiled, values.right, values.at);
      if (!answer.ok) return inputError(io, answer.issue);
      io.stdout(format === "json" ? `${JSON.stringify(answer, null, 2)}\n` : format === "ics" ? rightToICalendar(resolved.policy.id, answer) : rightTable(resolved.policy.id, answer));
      return 0;
    }
    const schedule = deadlinesFor(compiled, values.event ?? "", values.at);
    if (!schedule.ok) return inputError(io, schedule.issue);
    io.stdout(format === "json" ? `${JSON.stringify(schedule, null, 2)}\n` : format === "ics" ? toICalendar(schedule) : table(schedule));
    return 0;
  },
};

const FLAGS: Readonly<Record<string, string>> = { at: "--at", receivedAt: "--at", event: "--event", right: "--right" };

/** An input issue as a one-line message naming the flag at fault; exit 2. */
function inputError(io: CommandIO, issue: DeadlineInputIssue): number {
  const flag = FLAGS[issue.field];
  const message = flag !== undefined && issue.message.startsWith(`${issue.field}:`) ? `${flag}${issue.message.slice(issue.field.length)}` : issue.message;
  io.stderr(`pledge deadline: ${message}\n`);
  return 2;
}

/** A request's answer deadline as text. */
function rightTable(policyId: string, answer: Extract<RightDeadline, { ok: true }>): string {
  const head = `${policyId}: ${answer.right} request received at ${answer.receivedAt}\n\n`;
  if (!answer.promised) {
    const cite = answer.citation ? `\n\nRules:\n  ${answer.ruleId}  §${answer.citation.section}: "${answer.citation.quote}"` : "";
    return `${head}  no response deadline: ${answer.reason}${cite}\n`;
  }
  const channels = answer.channels.length > 0 ? `\n  channels: ${answer.channels.join(", ")}` : "";
  return `${head}  answer by ${answer.due} (within ${describeDuration(answer.responseDeadline)}, rule ${answer.ruleId})${channels}\n\nRules:\n  ${answer.ruleId}  §${answer.citation.section}: "${answer.citation.quote}"\n`;
}

function usageError(io: CommandIO, message: string): number {
  io.stderr(`pledge deadline: ${message}\nRun "pledge deadline --help" for usage.\n`);
  return 2;
}

function within(d: Deadline): string {
  const delay = describeDuration(d.maxDelay);
  const tolerance = d.tolerance ? ` (tolerance ${describeDuration(d.tolerance)})` : "";
  return d.via ? `${delay} after ${d.via.event} (latest ${d.via.latestAt})${tolerance}` : `${delay}${tolerance}`;
}

/** The schedule as a plain-text table, then the citation of each rule. */
function table(schedule: DeadlineSchedule): string {
  const head = `${schedule.policy}: ${schedule.event} at ${schedule.at}\n`;
  if (schedule.deadlines.length === 0 && schedule.unbounded.length === 0) return `${head}\nNo retention rule of ${schedule.policy} is triggered by ${schedule.event}.\n`;
  const rows = [
    ["deadline (UTC)", "action", "data", "store", "within", "rule"],
    ...schedule.deadlines.map((d) => [d.dueWithTolerance, d.action, d.data.join(", "), d.store, within(d), d.ruleId]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const lines = rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`);
  const cited = new Map<string, string>();
  for (const d of schedule.deadlines) {
    const exceptions = d.exceptions.length > 0 ? `\n      except: ${d.exceptions.map((e) => `${e.ground} ("${e.citation.quote}")`).join("; ")}` : "";
    const note = d.interpretation ? `\n      interpretation: ${d.interpretation}` : "";
    cited.set(d.ruleId, `  ${d.ruleId}  §${d.citation.section}: "${d.citation.quote}"${exceptions}${note}`);
  }
  const unbounded = schedule.unbounded.map((u) => `  ${u.ruleId} (${u.store}): counted from ${u.waitsFor}, which no rule of ${schedule.policy} bounds after ${schedule.event}`);
  return [
    head,
    ...lines,
    "",
    "Rules:",
    ...cited.values(),
    ...(unbounded.length > 0 ? ["", "No deadline can be computed for:", ...unbounded] : []),
    "",
  ].join("\n");
}
