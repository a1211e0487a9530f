/**
 * The registry of CLI commands. `pledge --help` lists them in this order and `pledge <name>`
 * dispatches on `name`. A command's module is loaded only when it runs (or shows its help), so
 * `pledge lint` compiles and evaluates neither the HTML report, nor the graph layout, nor the
 * other commands, nor zod (BENCHMARKS.md). Adding a command is one line here.
 */
import type { Command } from "../command.js";

/** A command as `pledge --help` lists it, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `pledge --help`. */
  readonly summary: string;
  /** The command's module, loaded when it runs. */
  load(): Promise<Command>;
}

/** A command module that builds zod schemas as it loads: zod's JIT is switched off first (`jitlessZod`). */
function withSchemas(load: () => Promise<Command>): () => Promise<Command> {
  return async () => {
    (await import("../zod.js")).jitlessZod();
    return load();
  };
}

/**
 * Every command, in help order. Only `lint` loads without zod: it loads the schemas itself, for a
 * file with a mistake to word (lint.ts).
 */
export const commands: readonly CommandEntry[] = [
  { name: "lint", summary: "Check data-flow manifests against their policies (stylish, json, sarif, junit, github)", load: async () => (await import("./lint.js")).lintCommand },
  { name: "explain", summary: "Show the full reasoning behind one flow's result, with citations", load: withSchemas(async () => (await import("./explain.js")).explainCommand) },
  { name: "policies", summary: "List the bundled policies with their rule counts", load: withSchemas(async () => (await import("./policies.js")).policiesCommand) },
  { name: "init", summary: "Print a commented starter manifest for a policy", load: withSchemas(async () => (await import("./init.js")).initCommand) },
  { name: "verify-source", summary: "Check that a policy's quotes are still in its source text, and whether the text changed", load: withSchemas(async () => (await import("./verify-source.js")).verifySourceCommand) },
  { name: "show", summary: "Print a policy's rules with their quotes (table, markdown or json)", load: withSchemas(async () => (await import("./show.js")).showCommand) },
  { name: "analyze", summary: "Find the contradictions inside a policy (PolicyLint's C1–C5 and N1–N4) and permissions open to any purpose", load: withSchemas(async () => (await import("./analyze.js")).analyzeCommand) },
  { name: "deadline", summary: "List the deletion deadlines an event starts, or when a request must be answered (table, JSON, iCalendar)", load: withSchemas(async () => (await import("./deadline.js")).deadlineCommand) },
  { name: "report", summary: "Write a self-contained HTML report: data map, deletion timelines, rights, policy coverage", load: withSchemas(async () => (await import("./report.js")).reportCommand) },
  { name: "ropa", summary: "Derive the GDPR Art. 30 record of processing activities from manifests (markdown, csv, json)", load: withSchemas(async () => (await import("./ropa.js")).ropaCommand) },
  { name: "export", summary: "Write manifests as Fides system YAML or W3C DPV JSON-LD", load: withSchemas(async () => (await import("./export.js")).exportCommand) },
];
