/**
 * `npm run bench [-- --quick] [-- --only engine|cli|deadlines] [-- --fixture]`
 *
 * Prints a results table and writes bench/results.json. Fails (exit 1) when pledge, Cedar and
 * json-rules-engine disagree on any flow of the workload: timings of different decisions do not
 * compare.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PolicySchema, pocketo, validatePolicy, type Flow } from "../src/index.js";
import { benchCli, type CliResults } from "./cli.js";
import { benchDeadlines, type PolicyDeadlinesResult } from "./deadlines.js";
import { benchEngine, type EngineResults } from "./engine.js";
import { fixturePolicy } from "./fixture.js";
import { closures } from "./ir.js";
import { categoryOf, engineSource, loadPledgeEngine } from "./pledge.js";
import { generateWorkload } from "./workload.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    fixture: { type: "boolean", default: false },
    out: { type: "string" },
    "engine-child": { type: "string" },
    part: { type: "string" },
  },
});
if (values["engine-child"] !== undefined) {
  // One policy's engine bench, in a child process of benchEngineIsolated: JSON on stdout.
  const result = await benchEngine({ quick: values.quick ?? false, only: Number(values["engine-child"]), ...(values.part === "pledge" || values.part === "peers" ? { part: values.part } : {}), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}
const quick = values.quick ?? false;
const only = new Set((values.only ?? []).flatMap((v) => v.split(",")));
const wanted = (section: string) => only.size === 0 || only.has(section);
for (const section of only) if (!["engine", "cli", "deadlines"].includes(section)) throw new Error(`--only takes engine, cli or deadlines, not ${section}`);

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

const machine = {
  cpu: /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
};
log(`pledge bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}${quick ? ", quick" : ""}`);

let engine: EngineResults | undefined;
let cli: CliResults | undefined;
let deadlines: PolicyDeadlinesResult[] | undefined;
let failed = false;

if (wanted("engine")) {
  log("engine: generating workloads, checking agreement, timing…");
  const policies = values.fixture ? [PolicySchema.parse(fixturePolicy)] : undefined;
  engine = await benchEngine({ quick, log, isolate: !values.fixture, ...(policies ? { policies } : {}) });
  if (engine.disagreements.length > 0) {
    failed = true;
    log(`\n✖ ${engine.disagreements.length} flow(s) where the engines disagree; timings do not count:`);
    for (const line of engine.disagreements.slice(0, 40)) log(`  ${line}`);
  }
}
if (wanted("cli")) {
  log("cli: generating manifests, timing node dist/cli.js lint…");
  const validation = validatePolicy(pocketo);
  if (!validation.ok) throw new Error("pocketo is invalid");
  const pledge = await loadPledgeEngine();
  const compiled = pledge?.compilePolicy(validation.policy);
  const workload = generateWorkload(validation.policy, closures(validation.vocabulary), (flow: Flow) => (pledge ? categoryOf(pledge.checkFlow(compiled, flow)) : "other"), 500, 0xc11);
  cli = benchCli({ quick, policy: "pocketo", flows: workload.flows, log });
}
if (wanted("deadlines")) {
  log("deadlines: timing deadlinesFor and checkDeletionPlan…");
  deadlines = await benchDeadlines({ quick });
  if (!deadlines) log("  src/deadlines/index.ts is not there yet: skipped");
}

// ---------------------------------------------------------------- report
const targets: { name: string; target: string; value: string; met: boolean | null }[] = [];
const out: string[] = [];
if (engine) {
  out.push("\nEngine: flows per second, one core (median of rounds; peers with prebuilt requests/facts)\n");
  out.push("| policy | statements | flows | allowed | pledge, repeated flows | pledge, distinct shapes | cedar-wasm (entities) | cedar-wasm (context) | json-rules-engine | distinct ÷ cedar (faster) | distinct ÷ jre |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const p of engine.policies) {
    const cold = p.pledgeCold?.perSecond;
    out.push(`| ${p.policy} | ${p.statements} | ${p.flows} | ${p.allowed} | ${fmt(p.pledge?.perSecond)} | ${fmt(cold)} | ${fmt(p.cedarEntities.perSecond)} | ${fmt(p.cedarContext.perSecond)} | ${fmt(p.jre.perSecond)} | ${cold ? `${fmt(cold / p.cedar.perSecond)}×` : "–"} | ${cold ? `${fmt(cold / p.jre.perSecond)}×` : "–"} |`);
  }
  const t = engine.total;
  out.push(`| **all** | | | | **${fmt(t.pledge)}** | **${fmt(t.pledgeCold)}** | | | **${fmt(t.jre)}** | **${t.pledgeCold ? fmt(t.pledgeCold / t.cedar) : "–"}×** | **${t.pledgeCold ? fmt(t.pledgeCold / t.jre) : "–"}×** |`);
  out.push(`(all = total flows ÷ total time over the policies; cedar-wasm, faster encoding, overall ${fmt(t.cedar)} flows/s. Repeated flows: the workload's flows again and again, answered from pledge's shape cache after the first pass; distinct shapes: ${engine.policies.map((p) => fmt(p.coldFlows)).join(" / ")} variants, more than the cache holds, each decided anew${engine.policies.some((p) => p.coldMismatches) ? `; ${engine.policies.map((p) => p.coldMismatches).join("/")} variants changed category!` : ", every variant in its base flow's category"}.)`);
  out.push("\nWorkload mix (as pledge classifies it):");
  for (const p of engine.policies) out.push(`  ${p.policy}: ${Object.entries(p.mix).map(([k, v]) => `${k} ${v}`).join(", ")}${p.missing.length ? `  (none possible: ${p.missing.join(", ")})` : ""}  [truth: ${p.truth}]`);
  if (engine.policies.some((p) => p.pledgeByCategory)) {
    out.push("pledge flows/s by category (each category alone, repeated flows):");
    for (const p of engine.policies) if (p.pledgeByCategory) out.push(`  ${p.policy}: ${Object.entries(p.pledgeByCategory).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
  }
  out.push("Peers are timed on requests and facts built before the loop (building them from a flow is not counted: in their favour).");
  out.push(`pledge engine loaded from ${engine.policies[0]?.engineSource ?? engineSource}.`);
  out.push(`Agreement: ${engine.disagreements.length === 0 ? "all engines agree on every flow" : `${engine.disagreements.length} disagreement(s) — FAILED`}`);
  if (t.pledge !== undefined) {
    const cold = t.pledgeCold ?? 0;
    targets.push({ name: "engine flows/s (distinct shapes, no cache hits)", target: "≥ 1,000,000", value: fmt(cold), met: cold >= 1e6 });
    targets.push({ name: "engine flows/s (repeated flows, cached)", target: "≥ 1,000,000", value: fmt(t.pledge), met: t.pledge >= 1e6 });
    targets.push({ name: "pledge (distinct) ÷ cedar-wasm (faster encoding)", target: "≥ 100×", value: `${fmt(cold / t.cedar)}×`, met: cold / t.cedar >= 100 });
    targets.push({ name: "pledge (distinct) ÷ json-rules-engine", target: "≥ 30×", value: `${fmt(cold / t.jre)}×`, met: cold / t.jre >= 30 });
  } else out.push("pledge's engine (src/engine/index.ts) is not there yet: peers timed against the reference decision only.");
}
if (cli) {
  out.push("\nCLI: node dist/cli.js lint" + (cli.args.length ? ` ${cli.args.join(" ")}` : "") + " (median wall time; peak RSS from /usr/bin/time -v)\n");
  out.push("| run | flows | files | input MB | runs | wall s | peak MB | exit |");
  out.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of [cli.baseline, cli.small, ...cli.sizes, ...(cli.manyFiles ? [cli.manyFiles] : [])]) {
    out.push(`| ${r.label} | ${fmt(r.flows)} | ${fmt(r.files)} | ${fmt(r.bytes / 1e6, 1)} | ${r.runs} | ${fmt(r.seconds, 3)}${r.error ? ` (${r.error})` : ""} | ${fmt(r.peakMB ?? undefined)} | ${[...new Set(r.exitCodes)].join(",")} |`);
  }
  out.push(`Startup: lint of 20 flows ÷ node -e 0 = ${fmt(cli.startupRatio, 2)}×; growth 100k ÷ 10k: ${Object.entries(cli.growth).map(([k, v]) => `${k} ${fmt(v, 1)}×`).join(", ") || "–"}`);
  targets.push({ name: "lint 20 flows ÷ node -e 0", target: "≤ 1.5×", value: `${fmt(cli.startupRatio, 2)}×`, met: cli.startupRatio <= 1.5 });
  for (const format of ["YAML", "JSON"]) {
    const big = cli.sizes.find((s) => s.label === `lint 100000 flows (${format})`);
    if (!big) continue;
    targets.push({ name: `lint 100k flows ${format} time`, target: "≤ 3 s", value: big.error ? big.error : `${fmt(big.seconds, 2)} s`, met: !big.error && big.seconds <= 3 });
    targets.push({ name: `lint 100k flows ${format} memory`, target: "≤ 400 MB", value: `${fmt(big.peakMB ?? undefined)} MB`, met: big.peakMB !== null && big.peakMB <= 400 && !big.error });
    const g = cli.growth[format];
    targets.push({ name: `lint 100k ÷ 10k ${format}`, target: "≤ 11×", value: g ? `${fmt(g, 1)}×` : "–", met: g ? g <= 11 : null });
  }
}
if (deadlines) {
  out.push("\nDeadlines: calls per second\n");
  out.push("| policy | retention rules | deadlinesFor/s | checkDeletionPlan/s | plans (with triggeredAt / with findings) |");
  out.push("| --- | ---: | ---: | ---: | --- |");
  for (const d of deadlines) out.push(`| ${d.policy} | ${d.retentionRules} | ${fmt(d.deadlinesFor.perSecond)} | ${fmt(d.checkDeletionPlan.perSecond)} | ${d.plans} (${d.plansWithInstant} / ${d.plansWithFindings}) |`);
}
if (targets.length) {
  out.push("\nTargets\n");
  out.push("| target | wanted | measured | met |");
  out.push("| --- | --- | --- | --- |");
  for (const t of targets) out.push(`| ${t.name} | ${t.target} | ${t.value} | ${t.met === null ? "–" : t.met ? "yes" : "**no**"} |`);
}
process.stdout.write(`${out.join("\n")}\n`);

const file = values.out ?? join(import.meta.dirname, "results.json");
writeFileSync(file, `${JSON.stringify({ machine, quick, engine, cli, deadlines, targets }, null, 2)}\n`);
log(`\nwrote ${file}`);
if (failed) process.exitCode = 1;
