/**
 * The registry of CLI commands. `pledge --help` lists them in this order and `pledge <name>`
 * dispatches on `name`. Adding a command is one import line and one array line.
 */
import * as z from "zod";
import type { Command } from "../command.js";
import { lintCommand } from "./lint.js";
import { explainCommand } from "./explain.js";
import { policiesCommand } from "./policies.js";
import { initCommand } from "./init.js";
import { deadlineCommand } from "./deadline.js";
import { verifySourceCommand } from "./verify-source.js";
import { showCommand } from "./show.js";
import { analyzeCommand } from "./analyze.js";
import { reportCommand } from "./report.js";
import { ropaCommand } from "./ropa.js";
import { exportCommand } from "./export.js";

// A CLI run is one short process: zod's JIT (each object schema's parser compiled with
// `new Function` on first use) costs more than it saves there (3 ms of a 20-flow lint's start-up,
// BENCHMARKS.md). An application importing the library keeps zod's default.
z.config({ jitless: true });

/** Every command, in help order. */
export const commands: readonly Command[] = [
  lintCommand,
  explainCommand,
  policiesCommand,
  initCommand,
  verifySourceCommand,
  showCommand,
  analyzeCommand,
  deadlineCommand,
  reportCommand,
  ropaCommand,
  exportCommand,
];
