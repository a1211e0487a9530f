/**
 * `npm run fuzz`: pledge's fuzz harness in full (test/fuzz/harness.ts). Seeded and bounded in
 * time; prints what it ran, the worst cases with their time and memory, and every failure.
 * Exits 1 when anything failed.
 *
 *   npm run fuzz                          # seed 20261123, 120 s of random mutations
 *   npm run fuzz -- --seed 7 --seconds 600
 *   npm run fuzz -- --quick               # the part npm test runs
 */
import { parseArgs } from "node:util";
import { runFuzz } from "../test/fuzz/harness.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "20261123" },
    seconds: { type: "string", default: "120" },
    quick: { type: "boolean", default: false },
  },
});
const seed = Number(values.seed);
const seconds = Number(values.seconds);
if (!Number.isInteger(seed) || !(seconds >= 0)) {
  console.error("usage: npm run fuzz -- [--seed <integer>] [--seconds <n>] [--quick]");
  process.exit(2);
}
const started = performance.now();
const report = runFuzz({
  root: process.cwd(),
  seed,
  seconds: values.quick ? 3 : seconds,
  cliEvery: values.quick ? 60 : 10,
  cliSpecials: !values.quick,
  filesystem: !values.quick,
  worstCase: !values.quick,
  log: (line) => console.log(line),
});
console.log(`\nseed ${report.seed}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const [part, n] of Object.entries(report.counts)) console.log(`  ${String(n).padStart(7)}  ${part}`);
const table = (title: string, rows: typeof report.heaviest) => {
  if (rows.length === 0) return;
  console.log(`\n${title}:`);
  for (const m of rows) console.log(`  ${m.seconds.toFixed(1).padStart(6)} s  ${m.peakMB.toFixed(0).padStart(5)} MB  exit ${m.code}  ${m.label}`);
};
table("worst cases near 64 MiB", report.worstCases);
table("the slowest and the largest CLI runs", report.heaviest);
const byKind = new Map<string, number>();
for (const f of report.failures) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
console.log(`\n${report.failures.length} failures${byKind.size > 0 ? `: ${[...byKind].map(([k, n]) => `${n} ${k}`).join(", ")}` : ""}`);
for (const f of report.failures) console.log(`  ${f.kind}  ${f.label}\n      ${f.detail.replace(/\n/g, "\n      ")}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
