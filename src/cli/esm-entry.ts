/**
 * `node dist/cli.js`: the CLI started as an ES module, for the scripts and harnesses that run it
 * by that path. It loads the bin, `dist/cli.cjs` (src/cli/main.ts), which does the work; running
 * the bin directly (`pledge`, `npx pledge`) skips node's ESM loader and starts faster.
 */
import { createRequire } from "node:module";

createRequire(import.meta.url)("./cli.cjs");
