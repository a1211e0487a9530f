#!/usr/bin/env node
/**
 * Runs the deadline tests once per time zone, as date-fns does: results must not depend on the
 * machine's zone. Fails (exit 1) if any run fails. Extra arguments are passed to vitest.
 *
 *   node scripts/test-tz.mjs                # test/deadlines under every zone below
 *   node scripts/test-tz.mjs test/model     # other test folders
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ZONES = ["UTC", "Asia/Dhaka", "America/New_York", "Pacific/Apia", "Australia/Lord_Howe"];
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const targets = process.argv.slice(2);
const args = [vitest, "run", ...(targets.length > 0 ? targets : ["test/deadlines"])];

const failed = [];
for (const zone of ZONES) {
  process.stdout.write(`\n== TZ=${zone}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, TZ: zone } });
  if (result.status !== 0) failed.push(zone);
}
if (failed.length > 0) {
  process.stderr.write(`\ntest-tz: failed under ${failed.join(", ")}\n`);
  process.exit(1);
}
process.stdout.write(`\ntest-tz: passed under ${ZONES.join(", ")}\n`);
