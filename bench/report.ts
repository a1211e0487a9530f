/**
 * `pledge report` speed and memory (issue 14), run by hand: `npm run build && npx tsx bench/report.ts`.
 * - the bundled examples (6 manifests) in one report: goal < 2 s;
 * - a 10,000-flow manifest (the Pocketo example's flows repeated with new ids): goal < 10 s and
 *   < 500 MB peak RSS, with edges aggregated by data category and recipient.
 * Each case runs the built CLI as a real process, 3 times, alternated; the median is printed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import type { Flow } from "../src/index.js";
import { manifestFlows, writeManifest } from "./manifests.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist/cli.js");
const dir = mkdtempSync(join(tmpdir(), "pledge-report-bench-"));
const example = load(readFileSync(join(ROOT, "examples/pocketo/app.flows.yaml"), "utf8")) as { flows: Flow[] };
const flows = manifestFlows(example.flows.map((f) => ({ ...f, conditions: f.conditions ?? [], safeguards: f.safeguards ?? [] })), 10_000);
const big = writeManifest(dir, "big.flows.yaml", "yaml", "pocketo", flows);

const cases = [
  { name: "bundled examples (6 manifests)", args: ["report", join(ROOT, "examples"), "--now", "2026-11-23", "-o", join(dir, "examples.html")], goal: { seconds: 2, mb: 500 } },
  { name: "10,000 flows", args: ["report", big, "--now", "2026-11-23", "-o", join(dir, "big.html")], goal: { seconds: 10, mb: 500 } },
];

const results = new Map<string, { seconds: number[]; mb: number[]; cpu: number[] }>();
for (let round = 0; round < 3; round++) {
  for (const c of cases) {
    const run = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", process.execPath, CLI, ...c.args], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${c.name}: exit ${run.status}: ${run.stderr}`);
    const [seconds, kb, user, sys] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
    const r = results.get(c.name) ?? { seconds: [], mb: [], cpu: [] };
    r.seconds.push(seconds);
    r.cpu.push(user + sys);
    r.mb.push(kb / 1024);
    results.set(c.name, r);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const c of cases) {
  const r = results.get(c.name)!;
  const s = median(r.seconds);
  const mb = median(r.mb);
  // CPU time (user + system) beside wall time: on a shared machine the wall time also counts waiting for a core.
  console.log(`${c.name}: ${s.toFixed(2)} s wall, ${median(r.cpu).toFixed(2)} s CPU (goal < ${c.goal.seconds} s), ${mb.toFixed(0)} MB peak RSS (goal < ${c.goal.mb} MB)${s < c.goal.seconds && mb < c.goal.mb ? "" : "  ✖ over the goal"}`);
}
console.log(`report of 10,000 flows: ${(statSync(join(dir, "big.html")).size / 1e6).toFixed(1)} MB of HTML`);
rmSync(dir, { recursive: true, force: true });
