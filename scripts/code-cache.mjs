#!/usr/bin/env node
// The last step of `npm run build`: runs the bin once as the main job runs it, `pledge lint` over
// the bundled examples, with PLEDGE_WRITE_CODE_CACHE=1, so that it writes V8's code cache beside
// each chunk it loaded (`dist/<chunk>.cache`; src/cli/bin.ts reads them). Fails the build when the
// run fails or writes no cache.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const run = spawnSync(process.execPath, [join(dist, "cli.cjs"), "lint", "examples"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, PLEDGE_WRITE_CODE_CACHE: "1", PLEDGE_NOW: "2026-11-23", NO_COLOR: "1" },
  maxBuffer: 64 << 20,
});
// The examples hold violations by design: exit code 1 is the run working.
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(`code cache: pledge lint examples exited ${run.status ?? run.signal}\n${run.stderr}`);
  process.exit(1);
}
const caches = readdirSync(dist).filter((file) => file.endsWith(".cjs.cache"));
if (!caches.includes("main.cjs.cache")) {
  process.stderr.write("code cache: the run wrote no cache for main.cjs\n");
  process.exit(1);
}
