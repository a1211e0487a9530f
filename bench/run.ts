/**
 * `npm run bench [-- --quick] [-- --only engine,cli,deadlines,report] [-- --out file.json]`
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
import { benchReport, type ReportResults } from "./report.js";
import { categoryOf, ENGINE_SOURCE, loadPledge } from "./pledge.js";
import { generateWorkload } from "./workload.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    out: { type: "string" },
    // internal: one policy's engine bench, in a child process (see bench/engine.ts)
    "engine-child": { type: "string" },
  },
});
const quick = values.quick ?? false;
const log = (line: string) => process.stderr.write(`${line}\n`);

if (values["engine-child"] !== undefined) {
  const result = await benchEnginePart(Number(values["engine-child"]), { quick, log });
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const only = new Set((values.only ?? []).flatMap((v) => v.split(",")));
for (const section of only) if (!["engine", "cli", "deadlines", "report"].includes(section)) throw new Error(`--only takes engine, cli, deadlines or report, not ${section}`);
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
let report: ReportResults | undefined;

if (wanted("engine")) {
  log("engine: generating workloads, checking agreement, timing in alternated rounds (a child process per policy)…");
  engine = benchEngine({ quick, log });
}
if (wanted("cli")) {
  log("cli: generating manifests, timing node dist/cli.cjs lint…");
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
if (wanted("report")) {
  log("report: timing node dist/cli.cjs report…");
  report = benchReport({ quick, log });
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
const ratio = (x: number) => `${fmt(x)}×`;
if (engine) {
  const t = engine.total;
  const r = engine.ratios;
  out.push("\nEngine: flows per second, one core (medians of alternated rounds)\n");
  out.push("| policy | statements | flows | allowed | pledge, realistic (shapes seen before) | pledge, cold (every term set new) | pledge, fresh guard per 1,000 (checks / with createGuard) | cedar-wasm, realistic (entities / context) | cedar-wasm, cold | json-rules-engine, realistic / cold |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const p of engine.policies) {
    out.push(
      `| ${p.policy} | ${p.statements} | ${p.flows} | ${p.allowed} | ${fmt(p.pledge.perSecond)} | ${fmt(p.pledgeCold.perSecond)} | ${fmt(p.pledgeBatch.perSecond)} / ${fmt(p.pledgeBatchWithGuard.perSecond)} | ${fmt(p.cedarEntities.perSecond)} / ${fmt(p.cedarContext.perSecond)} | ${fmt(p.cedarCold.perSecond)} | ${fmt(p.jre.perSecond)} / ${fmt(p.jreCold.perSecond)} |`,
    );
  }
  out.push(`| **all** | | | | **${fmt(t.pledge)}** | **${fmt(t.pledgeCold)}** | **${fmt(t.pledgeBatch)}** / **${fmt(t.pledgeBatchWithGuard)}** | **${fmt(t.cedar)}** (faster encoding per policy) | **${fmt(t.cedarCold)}** | **${fmt(t.jre)}** / **${fmt(t.jreCold)}** |`);
  out.push("\n| pledge ÷ peer (median of per-round ratios) | realistic | cold |");
  out.push("| --- | ---: | ---: |");
  for (const p of engine.policies) out.push(`| ${p.policy}: ÷ cedar-wasm / ÷ json-rules-engine | ${ratio(p.ratios.realisticCedar)} / ${ratio(p.ratios.realisticJre)} | ${ratio(p.ratios.coldCedar)} / ${ratio(p.ratios.coldJre)} |`);
  out.push(`| **all** (median over policies): ÷ cedar-wasm / ÷ json-rules-engine | **${ratio(r.realisticCedar)}** / **${ratio(r.realisticJre)}** | **${ratio(r.coldCedar)}** / **${ratio(r.coldJre)}** |`);
  out.push(
    `\n(all = harmonic mean over the policies: total flows ÷ total time. ${engine.policies[0]?.rounds ?? 0} rounds per policy, each measurement once per round in a rotated order. Realistic: the workload's ${engine.policies.map((p) => fmt(p.flows)).join(" / ")} flows again and again, one compiled policy throughout. ` +
      `Cold: ${engine.policies.map((p) => fmt(p.coldFlows)).join(" / ")} flows whose term sets are all distinct and none the workload's, a freshly compiled policy per pass (its compile not timed); ` +
      `${engine.policies.some((p) => p.coldMismatches) ? `${engine.policies.map((p) => p.coldMismatches).join(" / ")} cold flows changed category!` : "every cold flow in its base flow's category"}. ` +
      `Fresh guard: a Zipf(1.1) stream of ${engine.policies.map((p) => fmt(p.streamFlows)).join(" / ")} draws from the workload, a new createGuard per 1,000 flows (${engine.policies.map((p) => `${fmt(100 * p.firstSightings)} %`).join(" / ")} of its checks a batch's first sighting). ` +
      "Peers: a slice of the realistic and of the cold flows, Cedar requests and json-rules-engine facts built before the loop, which is in their favour; they have no cache, and return allow/deny where pledge returns its explained result.)",
  );
  out.push("\nWorkload mix (as pledge classifies it):");
  for (const p of engine.policies) out.push(`  ${p.policy}: ${Object.entries(p.mix).map(([k, v]) => `${k} ${v}`).join(", ")}${p.missing.length ? `  (not possible in this policy: ${p.missing.join(", ")})` : ""}`);
  out.push("pledge flows/s by category (each category alone, realistic):");
  for (const p of engine.policies) out.push(`  ${p.policy}: ${Object.entries(p.pledgeByCategory).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
  out.push(`pledge engine loaded from ${ENGINE_SOURCE}.`);
  out.push(`Agreement: ${engine.disagreements.length === 0 ? "pledge, cedar-wasm (both encodings), json-rules-engine and the reference agree on every flow of the workloads and of the peers' cold slices" : `${engine.disagreements.length} disagreement(s): FAILED, timings do not count`}`);
  // Timings of different decisions do not compare: with a disagreement, no engine target is met.
  const agree = engine.disagreements.length === 0;
  const void_ = agree ? "" : " (void: the engines disagree)";
  targets.push({ name: "engine flows/s, realistic: shapes seen before", target: "≥ 1,000,000", value: fmt(t.pledge) + void_, met: agree && t.pledge >= 1e6 });
  targets.push({ name: "pledge ÷ cedar-wasm, realistic", target: "≥ 100×", value: ratio(r.realisticCedar) + void_, met: agree && r.realisticCedar >= 100 });
  targets.push({ name: "pledge ÷ json-rules-engine, realistic", target: "≥ 30×", value: ratio(r.realisticJre) + void_, met: agree && r.realisticJre >= 30 });
  targets.push({ name: "engine flows/s, cold: every term set new", target: "≥ 250,000", value: fmt(t.pledgeCold) + void_, met: agree && t.pledgeCold >= 250_000 });
  targets.push({ name: "pledge ÷ cedar-wasm, cold", target: "≥ 50×", value: ratio(r.coldCedar) + void_, met: agree && r.coldCedar >= 50 });
  targets.push({ name: "engine flows/s, fresh guard per 1,000 flows (with createGuard)", target: "(reported)", value: fmt(t.pledgeBatchWithGuard), met: null });
}
if (cli) {
  const startup = cli.startup;
  const build = startup.builds[0]!;
  const ms = (s: number) => `${fmt(s * 1000, 1)} ms`;
  out.push(`\nStart-up: ${startup.runs} alternated rounds (median wall time; CPU time, user + system, alongside)\n`);
  out.push("| command | wall | ÷ node -e 0 | CPU | ÷ node -e 0 |");
  out.push("| --- | ---: | ---: | ---: | ---: |");
  out.push(`| node -e 0 | ${ms(startup.bare.seconds)} | | ${ms(startup.bare.cpuSeconds)} | |`);
  out.push(`| pledge lint (20 flows) | ${ms(build.lint.seconds)} | ${fmt(build.lintRatio, 2)}× | ${ms(build.lint.cpuSeconds)} | ${fmt(build.lintCpuRatio, 2)}× |`);
  out.push(`| pledge --version | ${ms(build.version.seconds)} | ${fmt(build.versionRatio, 2)}× | ${ms(build.version.cpuSeconds)} | ${fmt(build.versionCpuRatio, 2)}× |`);
  out.push("\nCLI: node dist/cli.cjs lint <paths> (default output format unless given; median wall time; peak RSS from /usr/bin/time -v)\n");
  out.push("| run | flows | files | input MB | runs | wall s | peak MB | exit |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of [...cli.sizes, ...(cli.jsonReport ? [cli.jsonReport] : []), ...(cli.sarifReport ? [cli.sarifReport] : []), cli.manyFiles]) {
    out.push(`| ${r.label} | ${fmt(r.flows)} | ${fmt(r.files)} | ${fmt(r.bytes / 1e6, 1)} | ${r.runs} | ${fmt(r.seconds, 3)}${r.error ? ` (${r.error})` : ""} | ${fmt(r.peakMB)} | ${[...new Set(r.exitCodes)].join(",")} |`);
  }
  out.push(`\nGrowth 100k ÷ 10k: ${Object.entries(cli.growth).map(([k, v]) => `${k} ${fmt(v, 1)}×`).join(", ") || "–"}. Exit 1: the generated manifests hold findings by design.`);
  targets.push({ name: "pledge lint, 20 flows ÷ node -e 0", target: "≤ 1.5×", value: `${fmt(build.lintRatio, 2)}× (CPU ${fmt(build.lintCpuRatio, 2)}×)`, met: build.lintRatio <= 1.5 });
  targets.push({ name: "pledge --version ÷ node -e 0", target: "≤ 1.5×", value: `${fmt(build.versionRatio, 2)}× (CPU ${fmt(build.versionCpuRatio, 2)}×)`, met: build.versionRatio <= 1.5 });
  for (const format of ["YAML", "JSON"]) {
    const big = cli.sizes.find((s) => s.label === `lint 100000 flows (${format})`);
    if (!big) continue;
    targets.push({ name: `lint 100k flows ${format}: time`, target: "≤ 3 s", value: big.error ?? `${fmt(big.seconds, 2)} s`, met: !big.error && big.seconds <= 3 });
    targets.push({ name: `lint 100k flows ${format}: peak memory`, target: "≤ 400 MB", value: `${fmt(big.peakMB)} MB`, met: big.peakMB !== null && big.peakMB <= 400 && !big.error });
    const g = cli.growth[format];
    targets.push({ name: `lint 100k ÷ 10k flows ${format}: time`, target: "≤ 11×", value: g ? `${fmt(g, 1)}×` : "–", met: g ? g <= 11 : null });
  }
  for (const report of [cli.jsonReport, cli.sarifReport]) {
    if (!report || report.flows < 100_000) continue;
    targets.push({ name: `${report.label}: peak memory`, target: "≤ 400 MB", value: `${fmt(report.peakMB)} MB, ${fmt(report.seconds, 2)} s`, met: report.peakMB !== null && report.peakMB <= 400 && !report.error });
  }
}
if (deadlines) {
  out.push("\nDeadlines: calls per second\n");
  out.push("| policy | retention rules | deadlinesFor/s | checkDeletionPlan/s | plans (with triggeredAt / with findings) |");
  out.push("| --- | ---: | ---: | ---: | --- |");
  for (const d of deadlines) out.push(`| ${d.policy} | ${d.retentionRules} | ${fmt(d.deadlinesFor.perSecond)} | ${fmt(d.checkDeletionPlan.perSecond)} | ${d.plans} (${d.plansWithInstant} / ${d.plansWithFindings}) |`);
}
if (report) {
  out.push(`\npledge report: the built CLI, median of runs${report.sources ? "" : " (the policies' source texts were not found beside the repository: no coverage section)"}\n`);
  out.push("| run | flows | runs | wall s | fastest wall s | CPU s | peak MB | HTML MB |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of report.runs) out.push(`| ${r.label} | ${fmt(r.flows)} | ${r.runs} | ${fmt(r.seconds, 2)} | ${fmt(r.minSeconds, 2)} | ${fmt(r.cpuSeconds, 2)} | ${fmt(r.peakMB)} | ${fmt(r.htmlMB, 1)} |`);
  for (const r of report.runs) {
    if (!r.goal) continue;
    targets.push({ name: `${r.label}: time`, target: `< ${r.goal.seconds} s`, value: `${fmt(r.seconds, 2)} s (fastest ${fmt(r.minSeconds, 2)} s, CPU ${fmt(r.cpuSeconds, 2)} s)`, met: r.seconds < r.goal.seconds });
    targets.push({ name: `${r.label}: peak memory`, target: `< ${r.goal.mb} MB`, value: `${fmt(r.peakMB)} MB`, met: r.peakMB < r.goal.mb });
  }
}
if (targets.length) {
  out.push("\nTargets (issues 7, 11 and 14)\n");
  out.push("| target | wanted | measured | met |");
  out.push("| --- | --- | --- | --- |");
  for (const t of targets) out.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.met === null ? "reported" : t.met ? "yes" : "**no**"} |`);
}
machine.load.end = loadavg()[0] ?? 0;
out.push(`\nMachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}; load average ${fmt(machine.load.start, 2)} at the start, ${fmt(machine.load.end, 2)} at the end. Command: ${machine.command}`);
process.stdout.write(`${out.join("\n")}\n`);
const file = values.out ?? join(import.meta.dirname, "results.json");
writeFileSync(file, `${JSON.stringify({ machine, quick, engine, cli, deadlines, report, targets }, null, 2)}\n`);
log(`\nwrote ${file}`);
if (engine && engine.disagreements.length > 0) {
  log(`\n✖ ${engine.disagreements.length} flow(s) where the engines disagree; timings do not count:`);
  for (const line of engine.disagreements.slice(0, 40)) log(`  ${line}`);
  process.exitCode = 1;
}
