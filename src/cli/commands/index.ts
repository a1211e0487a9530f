/**
 * The registry of CLI commands. `pledge --help` lists them in this order and `pledge <name>`
 * dispatches on `name`. A command's module is loaded only when it runs (or shows its help), so
 * `pledge lint` compiles and evaluates neither the HTML report, nor the graph layout, nor the
 * other commands (BENCHMARKS.md). Adding a command is one line here.
 */
import * as z from "zod";
import type { Command } from "../command.js";

// A CLI run is one short process: zod's JIT (each object schema's parser compiled with
// `new Function` on first use) costs more than it saves there (3 ms of a 20-flow lint's start-up,
// BENCHMARKS.md). An application importing the library keeps zod's default.
z.config({ jitless: true });

/** A command as `pledge --help` lists it, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `pledge --help`. */
  readonly summary: string;
  /** The command's module, loaded when it runs. */
  load(): Promise<Command>;
}

/** Every command, in help order. */
export const commands: readonly CommandEntry[] = [
  { name: "lint", summary: "Check data-flow manifests against their policies (stylish, json, sarif, junit, github)", load: async () => (await import("./lint.js")).lintCommand },
  { name: "explain", summary: "Show the full reasoning behind one flow's result, with citations", load: async () => (await import("./explain.js")).explainCommand },
  { name: "policies", summary: "List the bundled policies with their rule counts", load: async () => (await import("./policies.js")).policiesCommand },
  { name: "init", summary: "Print a commented starter manifest for a policy", load: async () => (await import("./init.js")).initCommand },
  { name: "verify-source", summary: "Check that a policy's quotes are still in its source text, and whether the text changed", load: async () => (await import("./verify-source.js")).verifySourceCommand },
  { name: "show", summary: "Print a policy's rules with their quotes (table, markdown or json)", load: async () => (await import("./show.js")).showCommand },
  { name: "analyze", summary: "Find the contradictions inside a policy (PolicyLint's C1–C5 and N1–N4) and permissions open to any purpose", load: async () => (await import("./analyze.js")).analyzeCommand },
  { name: "deadline", summary: "List the deletion deadlines an event starts, or when a request must be answered (table, JSON, iCalendar)", load: async () => (await import("./deadline.js")).deadlineCommand },
  { name: "report", summary: "Write a self-contained HTML report: data map, deletion timelines, rights, policy coverage", load: async () => (await import("./report.js")).reportCommand },
  { name: "ropa", summary: "Derive the GDPR Art. 30 record of processing activities from manifests (markdown, csv, json)", load: async () => (await import("./ropa.js")).ropaCommand },
  { name: "export", summary: "Write manifests as Fides system YAML or W3C DPV JSON-LD", load: async () => (await import("./export.js")).exportCommand },
];
