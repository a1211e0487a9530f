/**
 * `npm run bench [-- --quick] [-- --only engine,cli,deadlines] [-- --out file.json]`
 *
 * Prints the results tables and writes bench/results.json. Exits 1 when pledge, Cedar,
 * json-rules-engine and the reference reading disagree on any flow of the workload: timings of
 * different decisions do not compare.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pocketo, validatePolicy, type Flow } from "../src/index.js";
import { benchCli, type CliResults } from "./cli.js";
import { benchDeadlines, type PolicyDeadlinesResult } from "./deadlines.js";
import { benchEngine, benchEnginePart, type EngineResults } from "./engine.js";
import { closures } from "./ir.js";
import { categoryOf, ENGINE_SOURCE, loadPledge } from "./pledge.js";
import { generateWorkload } from "./workload.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    out: { type: "string" },
    // internal: one part of one policy's engine bench, in a child process (see bench/engine.ts)
    "engine-child": { type: "string" },
    part: { type: "string" },
  },
});
const quick = values.quick ?? false;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (values["engine-child"] !== undefined) {
  const part = values.part === "peers" ? "peers" : "pledge";
  const result = await benchEnginePart(Number(values["engine-child"]), part, { quick, log });
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const only = new Set((values.only ?? []).flatMap((v) => v.split(",")));
for (const section of only) if (!["engine", "cli", "deadlines"].includes(section)) throw new Error(`--only takes engine, cli or deadlines, not ${section}`);
const wanted = (section: string) => only.size === 0 || only.has(section);
const fmt = (n: number | undefined | null, digits = 0) => (n === undefined || n === null || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

const machine = {
  cpu: /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  /** 1-minute load averages at the start and the end: other work on the machine shows here. */
  load: { start: loadavg()[0] ?? 0, end: 0 },
};
log(`pledge bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}${quick ? ", quick" : ""}`);

let engine: EngineResults | undefined;
let cli: CliResults | undefined;
let deadlines: PolicyDeadlinesResult[] | undefined;

if (wanted("engine")) {
  log("engine: generating workloads, checking agreement, timing (two child processes per policy)…");
  engine = benchEngine({ quick, log });
}
if (wanted("cli")) {
  log("cli: generating manifests, timing node dist/cli.js lint…");
  const validation = validatePolicy(pocketo);
  if (!validation.ok) throw new Error("pocketo is invalid");
  const pledge = await loadPledge();
  const compiled = pledge.compilePolicy(validation.policy);
  const workload = generateWorkload(validation.policy, closures(validation.vocabulary), (flow: Flow) => categoryOf(pledge.checkFlow(compiled, flow)), 500, 0xc11);
  cli = benchCli({ quick, policy: "pocketo", flows: workload.flows, log });
}
if (wanted("deadlines")) {
  log("deadlines: timing deadlinesFor and checkDeletionPlan…");
  deadlines = await benchDeadlines({ quick });
}

// ---------------------------------------------------------------- report
interface Target {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  /** null: reported, not judged. */
  readonly met: boolean | null;
}
const targets: Target[] = [];
const out: string[] = [];
const ratio = (a: number, b: number) => `${fmt(a / b)}×`;
if (engine) {
  const t = engine.total;
  out.push("\nEngine: flows per second, one core (median of rounds)\n");
  out.push("| policy | statements | flows | allowed | pledge, realistic (repeated shapes) | pledge, cold (every flow distinct) | cedar-wasm (entities) | cedar-wasm (context) | json-rules-engine |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const p of engine.policies) {
    out.push(`| ${p.policy} | ${p.statements} | ${p.flows} | ${p.allowed} | ${fmt(p.pledge.perSecond)} | ${fmt(p.pledgeCold.perSecond)} | ${fmt(p.cedarEntities.perSecond)} | ${fmt(p.cedarContext.perSecond)} | ${fmt(p.jre.perSecond)} |`);
  }
  out.push(`| **all** | | | | **${fmt(t.pledge)}** | **${fmt(t.pledgeCold)}** | **${fmt(t.cedar)}** (faster encoding per policy) | | **${fmt(t.jre)}** |`);
  out.push("\n| ratio | realistic | cold |");
  out.push("| --- | ---: | ---: |");
  out.push(`| pledge ÷ cedar-wasm | ${ratio(t.pledge, t.cedar)} | ${ratio(t.pledgeCold, t.cedar)} |`);
  out.push(`| pledge ÷ json-rules-engine | ${ratio(t.pledge, t.jre)} | ${ratio(t.pledgeCold, t.jre)} |`);
  out.push(
    `\n(all = harmonic mean over the policies: total flows ÷ total time. Realistic: the workload's ${engine.policies.map((p) => fmt(p.flows)).join(" / ")} flows again and again, answered from pledge's shape cache after the first pass. ` +
      `Cold: ${engine.policies.map((p) => fmt(p.coldFlows)).join(" / ")} variants of those flows with distinct shapes, more than the cache holds, each decided anew; ` +
      `${engine.policies.some((p) => p.coldMismatches) ? `${engine.policies.map((p) => p.coldMismatches).join(" / ")} variants changed category!` : "every variant in its base flow's category"}. ` +
      "Peers are timed on Cedar requests and json-rules-engine facts built before the loop, which is in their favour; they have no cache.)",
  );
  out.push("\nWorkload mix (as pledge classifies it):");
  for (const p of engine.policies) out.push(`  ${p.policy}: ${Object.entries(p.mix).map(([k, v]) => `${k} ${v}`).join(", ")}${p.missing.length ? `  (not possible in this policy: ${p.missing.join(", ")})` : ""}`);
  out.push("pledge flows/s by category (each category alone, realistic):");
  for (const p of engine.policies) out.push(`  ${p.policy}: ${Object.entries(p.pledgeByCategory).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
  out.push(`pledge engine loaded from ${ENGINE_SOURCE}.`);
  out.push(`Agreement: ${engine.disagreements.length === 0 ? "pledge, cedar-wasm (both encodings), json-rules-engine and the reference agree on every flow" : `${engine.disagreements.length} disagreement(s): FAILED, timings do not count`}`);
  // Timings of different decisions do not compare: with a disagreement, no engine target is met.
  const agree = engine.disagreements.length === 0;
  const void_ = agree ? "" : " (void: the engines disagree)";
  targets.push({ name: "engine flows/s, realistic workload (judged)", target: "≥ 1,000,000", value: fmt(t.pledge) + void_, met: agree && t.pledge >= 1e6 });
  targets.push({ name: "pledge ÷ cedar-wasm, realistic (judged)", target: "≥ 100×", value: ratio(t.pledge, t.cedar) + void_, met: agree && t.pledge / t.cedar >= 100 });
  targets.push({ name: "pledge ÷ json-rules-engine, realistic (judged)", target: "≥ 30×", value: ratio(t.pledge, t.jre) + void_, met: agree && t.pledge / t.jre >= 30 });
  targets.push({ name: "engine flows/s, cold: every flow distinct (reported)", target: "(≥ 1,000,000)", value: fmt(t.pledgeCold), met: null });
  targets.push({ name: "pledge ÷ cedar-wasm, cold (reported)", target: "(≥ 100×)", value: ratio(t.pledgeCold, t.cedar), met: null });
  targets.push({ name: "pledge ÷ json-rules-engine, cold (reported)", target: "(≥ 30×)", value: ratio(t.pledgeCold, t.jre), met: null });
}
if (cli) {
  out.push("\nCLI: node dist/cli.js lint <paths> (default output format; median wall time; peak RSS from /usr/bin/time -v)\n");
  out.push("| run | flows | files | input MB | runs | wall s | peak MB | exit |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of [cli.baseline, cli.small, ...cli.sizes, ...(cli.jsonReport ? [cli.jsonReport] : []), cli.manyFiles]) {
    out.push(`| ${r.label} | ${fmt(r.flows)} | ${fmt(r.files)} | ${fmt(r.bytes / 1e6, 1)} | ${r.runs} | ${fmt(r.seconds, 3)}${r.error ? ` (${r.error})` : ""} | ${fmt(r.peakMB)} | ${[...new Set(r.exitCodes)].join(",")} |`);
  }
  out.push(`\nStart-up: lint of 20 flows ÷ node -e 0 = ${fmt(cli.startupRatio, 2)}× (runs interleaved); growth 100k ÷ 10k: ${Object.entries(cli.growth).map(([k, v]) => `${k} ${fmt(v, 1)}×`).join(", ") || "–"}. Exit 1: the generated manifests hold findings by design.`);
  targets.push({ name: "lint 20 flows ÷ node -e 0", target: "≤ 1.5×", value: `${fmt(cli.startupRatio, 2)}×`, met: cli.startupRatio <= 1.5 });
  for (const format of ["YAML", "JSON"]) {
    const big = cli.sizes.find((s) => s.label === `lint 100000 flows (${format})`);
    if (!big) continue;
    targets.push({ name: `lint 100k flows ${format}: time`, target: "≤ 3 s", value: big.error ?? `${fmt(big.seconds, 2)} s`, met: !big.error && big.seconds <= 3 });
    targets.push({ name: `lint 100k flows ${format}: peak memory`, target: "≤ 400 MB", value: `${fmt(big.peakMB)} MB`, met: big.peakMB !== null && big.peakMB <= 400 && !big.error });
    const g = cli.growth[format];
    targets.push({ name: `lint 100k ÷ 10k flows ${format}: time`, target: "≤ 11×", value: g ? `${fmt(g, 1)}×` : "–", met: g ? g <= 11 : null });
  }
  if (cli.jsonReport) {
    const r = cli.jsonReport;
    targets.push({ name: "lint 100k flows YAML, --format json: peak memory (reported)", target: "(≤ 400 MB)", value: `${fmt(r.peakMB)} MB, ${fmt(r.seconds, 2)} s`, met: null });
  }
}
if (deadlines) {
  out.push("\nDeadlines: calls per second\n");
  out.push("| policy | retention rules | deadlinesFor/s | checkDeletionPlan/s | plans (with triggeredAt / with findings) |");
  out.push("| --- | ---: | ---: | ---: | --- |");
  for (const d of deadlines) out.push(`| ${d.policy} | ${d.retentionRules} | ${fmt(d.deadlinesFor.perSecond)} | ${fmt(d.checkDeletionPlan.perSecond)} | ${d.plans} (${d.plansWithInstant} / ${d.plansWithFindings}) |`);
}
if (targets.length) {
  out.push("\nTargets (issue 7)\n");
  out.push("| target | wanted | measured | met |");
  out.push("| --- | --- | --- | --- |");
  for (const t of targets) out.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.met === null ? "reported" : t.met ? "yes" : "**no**"} |`);
}
machine.load.end = loadavg()[0] ?? 0;
out.push(`\nMachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}; load average ${fmt(machine.load.start, 2)} at the start, ${fmt(machine.load.end, 2)} at the end. Command: ${machine.command}`);
process.stdout.write(`${out.join("\n")}\n`);
const file = values.out ?? join(import.meta.dirname, "results.json");
writeFileSync(file, `${JSON.stringify({ machine, quick, engine, cli, deadlines, targets }, null, 2)}\n`);
log(`\nwrote ${file}`);
if (engine && engine.disagreements.length > 0) {
  log(`\n✖ ${engine.disagreements.length} flow(s) where the engines disagree; timings do not count:`);
  for (const line of engine.disagreements.slice(0, 40)) log(`  ${line}`);
  process.exitCode = 1;
}
