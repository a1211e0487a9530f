import { relative, resolve, sep } from "node:path";
import { explainFlow, type FlowExplanation, type StatementConsideration, type TermExpansion } from "../../engine/index.js";
import { compiledPolicy, INPUT_CODES } from "../../lint.js";
import { lintFile, type LocatedFinding } from "../../node.js";
import { palette, parseCommandArgs, usageErrors, UsageError, useColor, type Palette } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { stylish } from "../format/stylish.js";
import { resolveToday } from "./lint.js";

const USAGE = `Usage: pledge explain <manifest> <flow-id> [options]

Show the full reasoning behind one flow's result: its terms expanded up the policy's
vocabulary, every statement that covers, hits or carves out the flow (with what each
dimension of the flow has to do with it), which statements decided, and the citations.

Options:
  --all            Also list the statements that do not apply to the flow
  --format <name>  text (default) or json (the engine's explanation as data)
  --now <date>     Today's date for waivers, as for pledge lint
  -h, --help       Show this help

Exit codes: 0 the flow has no error findings, 1 it has some, 2 usage or input errors.

Example:
  pledge explain examples/pomeg/violations.flows.yaml meta-comments-to-openai`;

function chain(t: TermExpansion): string {
  const above = t.ancestors.filter((a) => a !== t.term);
  return `${t.term}${t.known ? "" : " (unknown term)"}${above.length > 0 ? `  ≤ ${above.join(", ")}` : ""}`;
}

const MARK: Record<StatementConsideration["outcome"], string> = {
  "covers-exactly": "✔",
  covers: "✔",
  "carved-out": "✂",
  contradicted: "⚠",
  hits: "✖",
  exempt: "·",
  requires: "!",
  "no-match": " ",
};

function statement(s: StatementConsideration, p: Palette): string {
  const head = `  ${MARK[s.outcome]} ${p.bold(s.ruleId)} (${s.modality})${s.deciding ? p.bold("  [decided]") : ""}: ${s.summary}`;
  const reasons = s.reasons.map((r) => `      ${p.dim(r)}`);
  const quote = `      § ${s.rule.citation.section}: "${s.rule.citation.quote.replace(/\s+/g, " ")}"`;
  const note = s.rule.interpretation ? [`      ${p.dim(`interpretation: ${s.rule.interpretation.replace(/\s+/g, " ")}`)}`] : [];
  return [head, ...reasons, quote, ...note].join("\n");
}

/**
 * Renders a flow explanation as text: the flow, its verdict and message, its terms, then per
 * data category the statements that bear on it, and the flow's findings.
 *
 * @example
 * renderExplanation(explanation, { file: "app.flows.yaml", line: 3, column: 5, policy: "pomeg", title: "Pomeg AI Privacy Policy", findings: [], all: false, color: false })
 * //=> "Flow chat-to-openai (app.flows.yaml:3:5)\n…"
 */
export function renderExplanation(
  why: FlowExplanation,
  options: { file: string; line: number; column: number; policy: string; title: string; findings: readonly LocatedFinding[]; all: boolean; color: boolean },
): string {
  const p = palette(options.color);
  const out: string[] = [];
  const verdict = why.result.verdict;
  const paint = verdict === "clear" ? p.green : verdict === "vague" ? p.yellow : p.red;
  out.push(`${p.bold(`Flow ${why.flowId}`)} (${options.file}:${options.line}:${options.column})`);
  out.push(`Policy: ${options.title} (${options.policy})`);
  out.push(`Verdict: ${paint(verdict)}`);
  out.push(`  ${why.result.message}`);
  out.push("", p.bold("Terms (each with the terms above it)"));
  const rows: [string, string][] = [
    ["action", chain(why.terms.action)],
    ...why.terms.data.map((t): [string, string] => ["data", chain(t)]),
    ["recipient", chain(why.terms.recipient)],
    ...why.terms.purposes.map((t): [string, string] => ["purpose", chain(t)]),
    ...why.terms.conditions.map((t): [string, string] => ["condition", chain(t)]),
    ...why.terms.safeguards.map((t): [string, string] => ["safeguard", chain(t)]),
    ...(why.terms.location ? [["location", chain(why.terms.location)] as [string, string]] : []),
  ];
  for (const [kind, text] of rows) out.push(`  ${kind.padEnd(10)} ${text}`);
  for (const category of why.categories) {
    const relevant = category.statements.filter((s) => options.all || s.outcome !== "no-match");
    const skipped = category.statements.length - relevant.length;
    out.push("", p.bold(`Data category ${category.data}: ${category.verdict}`));
    if (relevant.length === 0) out.push("  No statement of the policy covers or forbids it.");
    for (const s of relevant) out.push(statement(s, p));
    if (skipped > 0) out.push(p.dim(`  (${skipped} other statements do not apply; --all lists them)`));
  }
  if (why.result.closest && why.result.closest.length > 0) {
    out.push("", p.bold("Closest statements"));
    for (const rule of why.result.closest) out.push(`  ${rule.ruleId} (§ ${rule.citation.section}): "${rule.citation.quote.replace(/\s+/g, " ")}"`);
  }
  out.push("", p.bold("Findings"));
  if (options.findings.length === 0) out.push("  none");
  for (const f of options.findings) out.push(`  ${f.line}:${f.column}  ${f.severity === "error" ? p.red(f.severity) : p.yellow(f.severity)}  ${f.message}  ${p.dim(f.code)}${f.suppression ? p.dim(` (waived: ${f.suppression.justification})`) : ""}`);
  return `${out.join("\n")}\n`;
}

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, {
    all: { type: "boolean" },
    format: { type: "string" },
    now: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (positionals.length !== 2) throw new UsageError("expected a manifest and a flow id");
  const [file, flowId] = positionals as [string, string];
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`unknown format "${format}"; use text or json`);
  const today = resolveToday(values.now, io.env);
  const absolute = resolve(io.cwd, file);
  const shown = relative(io.cwd, absolute).split(sep).join("/");
  const lint = lintFile(absolute, { today, name: shown });
  const located = (f: LocatedFinding): LocatedFinding => ({ ...f, file: shown });
  const blocking = lint.findings.filter((f) => INPUT_CODES.has(f.code) && (f.path[0] !== "flows" || lint.documents.length === 0));
  const document = lint.documents.find((d) => d.manifest?.flows.some((flow) => flow.id === flowId));
  if (!document) {
    if (blocking.length > 0 || lint.documents.length === 0) {
      stylish({ files: [{ file: shown, absolute, findings: lint.findings.map(located), suppressed: [] }] }, { color: false }, io.stderr);
      return 2;
    }
    const ids = lint.documents.flatMap((d) => d.manifest?.flows.map((flow) => flow.id) ?? []);
    const near = ids.filter((id) => id.includes(flowId) || flowId.includes(id)).slice(0, 3);
    io.stderr(`pledge explain: no flow "${flowId}" in ${shown}${near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(" or ")}?)` : ""}; its flows are ${ids.join(", ") || "none"}\n`);
    return 2;
  }
  const index = document.manifest!.flows.findIndex((flow) => flow.id === flowId);
  const flow = document.manifest!.flows[index]!;
  const mine = (f: LocatedFinding) => f.path[0] === "flows" && f.path[1] === index && f.subject === flowId;
  const findings = [...lint.findings.filter(mine), ...lint.suppressed.filter(mine)].map(located);
  if (!document.policy || !document.vocabulary || findings.some((f) => INPUT_CODES.has(f.code))) {
    stylish({ files: [{ file: shown, absolute, findings: findings.length > 0 ? findings : lint.findings.map(located), suppressed: [] }] }, { color: false }, io.stderr);
    return 2;
  }
  const why = explainFlow(compiledPolicy({ policy: document.policy, vocabulary: document.vocabulary }), flow);
  const at = lint.locate(lint.documents.indexOf(document), ["flows", index]);
  if (format === "json") io.stdout(`${JSON.stringify({ file: shown, policy: document.policy.id, ...why, findings }, null, 2)}\n`);
  else {
    io.stdout(renderExplanation(why, { file: shown, line: at.line, column: at.column, policy: document.policy.id, title: document.policy.title, findings, all: values.all ?? false, color: useColor(io.isTTY, io.env) }));
  }
  return findings.some((f) => f.severity === "error" && !f.suppression) ? 1 : 0;
}

/** `pledge explain <manifest> <flow-id>`: the reasoning behind one flow. */
export const explainCommand: Command = {
  usage: USAGE,
  run: usageErrors("explain", run),
};
