/**
 * Start-up bench: `pledge lint` of a 20-flow manifest and `pledge --version` against bare
 * `node -e 0`, in alternated rounds (each round runs every command once, in an order rotated
 * from round to round), so that every command sees the same machine. The figure is the median
 * wall time of each command, and its ratio to bare node's median.
 *
 * `npx tsx bench/startup.ts [--runs 20] [--cli label=path/to/cli.cjs …]` (after `npm run build`)
 * times the build, or several builds side by side (to measure a change against the last
 * build). `npm run bench` runs it as part of the CLI bench.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pocketo, validatePolicy, type Flow } from "../src/index.js";
import { closures } from "./ir.js";
import { manifestFlows, writeManifest } from "./manifests.js";
import { categoryOf, loadPledge } from "./pledge.js";
import { median } from "./timing.js";
import { generateWorkload } from "./workload.js";

const ROOT = resolve(import.meta.dirname, "..");

/** One command's runs: medians and every run, in seconds. */
export interface StartupRun {
  readonly label: string;
  /** Median wall time. */
  readonly seconds: number;
  /** Median CPU time (user + system, all threads): steadier than wall time on a loaded machine. */
  readonly cpuSeconds: number;
  readonly all: readonly { readonly wall: number; readonly cpu: number }[];
  readonly exitCodes: readonly number[];
}

/** One CLI build's start-up: its runs, and the ratios of their medians to bare node's (wall; CPU). */
export interface StartupBuild {
  readonly label: string;
  readonly lint: StartupRun;
  readonly version: StartupRun;
  readonly lintRatio: number;
  readonly versionRatio: number;
  readonly lintCpuRatio: number;
  readonly versionCpuRatio: number;
}

export interface StartupResults {
  readonly runs: number;
  readonly bare: StartupRun;
  readonly builds: readonly StartupBuild[];
}

export interface StartupOptions {
  /** Rounds: every command runs once per round. */
  readonly runs: number;
  /** The 20-flow manifest `lint` reads. */
  readonly manifest: string;
  /** CLI builds to time, by label (default: `dist/cli.cjs`, the bin). */
  readonly clis?: readonly { readonly label: string; readonly path: string }[];
}

// bash's `time` reads the child's own wall and CPU time (wait4's rusage) to the millisecond,
// leaving out the cost of spawning bash.
const TIMED = 'TIMEFORMAT="%3R %3U %3S"; time "$@" >/dev/null 2>/dev/null; echo "exit $?" >&2';

function timed(command: readonly string[]): { wall: number; cpu: number; exitCode: number } {
  const child = spawnSync("bash", ["-c", TIMED, "timed", ...command], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (child.error) throw child.error;
  const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)/.exec(child.stderr);
  const exit = /exit (\d+)/.exec(child.stderr);
  if (!times || !exit) throw new Error(`cannot time ${command.join(" ")}: ${child.stderr}`);
  return { wall: Number(times[1]), cpu: Number(times[2]) + Number(times[3]), exitCode: Number(exit[1]) };
}

/**
 * Times bare node, `lint` of the manifest and `--version` of each build, alternated.
 *
 * @example
 * benchStartup({ runs: 20, manifest: "small.flows.yaml" }).builds[0].lintRatio //=> 1.4
 */
export function benchStartup(options: StartupOptions): StartupResults {
  const clis = options.clis ?? [{ label: "dist/cli.cjs", path: join(ROOT, "dist", "cli.cjs") }];
  const commands: { key: string; label: string; argv: string[] }[] = [{ key: "bare", label: "node -e 0", argv: [process.execPath, "-e", "0"] }];
  for (const cli of clis) {
    commands.push({ key: `${cli.label}\0lint`, label: `${cli.label} lint 20 flows`, argv: [process.execPath, cli.path, "lint", options.manifest] });
    commands.push({ key: `${cli.label}\0version`, label: `${cli.label} --version`, argv: [process.execPath, cli.path, "--version"] });
  }
  const times = new Map(commands.map((c) => [c.key, [] as { wall: number; cpu: number }[]]));
  const codes = new Map(commands.map((c) => [c.key, [] as number[]]));
  for (const c of commands) timed(c.argv); // warm the file cache
  for (let round = 0; round < options.runs; round++) {
    for (let i = 0; i < commands.length; i++) {
      const c = commands[(i + round) % commands.length]!;
      const run = timed(c.argv);
      times.get(c.key)!.push({ wall: run.wall, cpu: run.cpu });
      codes.get(c.key)!.push(run.exitCode);
    }
  }
  const result = (key: string): StartupRun => {
    const all = times.get(key)!;
    return { label: commands.find((c) => c.key === key)!.label, seconds: median(all.map((r) => r.wall)), cpuSeconds: median(all.map((r) => r.cpu)), all, exitCodes: codes.get(key)! };
  };
  const bare = result("bare");
  return {
    runs: options.runs,
    bare,
    builds: clis.map((cli) => {
      const lint = result(`${cli.label}\0lint`);
      const version = result(`${cli.label}\0version`);
      return {
        label: cli.label,
        lint,
        version,
        lintRatio: lint.seconds / bare.seconds,
        versionRatio: version.seconds / bare.seconds,
        lintCpuRatio: lint.cpuSeconds / bare.cpuSeconds,
        versionCpuRatio: version.cpuSeconds / bare.cpuSeconds,
      };
    }),
  };
}

/** The 20 flows of the start-up manifest: Pocketo's bench workload (findings by design, exit 1). */
export async function startupFlows(): Promise<Flow[]> {
  const validation = validatePolicy(pocketo);
  if (!validation.ok) throw new Error("pocketo is invalid");
  const pledge = await loadPledge();
  const compiled = pledge.compilePolicy(validation.policy);
  const workload = generateWorkload(validation.policy, closures(validation.vocabulary), (flow: Flow) => categoryOf(pledge.checkFlow(compiled, flow)), 500, 0xc11);
  return manifestFlows(workload.flows, 20);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "20" }, cli: { type: "string", multiple: true } } });
  const clis = (values.cli ?? []).map((spec) => {
    const [label, path] = spec.includes("=") ? (spec.split("=", 2) as [string, string]) : [spec, spec];
    return { label, path: resolve(path) };
  });
  const dir = mkdtempSync(join(tmpdir(), "pledge-startup-"));
  try {
    const manifest = writeManifest(dir, "small", "yaml", "pocketo", await startupFlows());
    const r = benchStartup({ runs: Number(values.runs), manifest, ...(clis.length ? { clis } : {}) });
    const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
    const lines = ["| command | wall, median | ÷ node -e 0 | CPU, median | ÷ node -e 0 | CPU, min |", "| --- | ---: | ---: | ---: | ---: | ---: |"];
    const times = (x: number) => `${x.toFixed(2)}×`;
    const row = (run: StartupRun, ratio = "", cpuRatio = "") =>
      lines.push(`| ${run.label} | ${ms(run.seconds)} | ${ratio} | ${ms(run.cpuSeconds)} | ${cpuRatio} | ${ms(Math.min(...run.all.map((r) => r.cpu)))} |`);
    row(r.bare);
    for (const b of r.builds) {
      row(b.lint, times(b.lintRatio), times(b.lintCpuRatio));
      row(b.version, times(b.versionRatio), times(b.versionCpuRatio));
    }
    process.stdout.write(`${lines.join("\n")}\n\n${r.runs} alternated rounds, Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}.\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
