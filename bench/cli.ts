/**
 * CLI bench: the start-up of `pledge lint` and `pledge --version` against bare `node -e 0`
 * (bench/startup.ts), then wall time and peak RSS of `node dist/cli.cjs lint` (default output
 * format, as `pledge lint` runs in CI) on generated manifests of growing size (YAML and JSON),
 * with the json and sarif reports of the largest, and on a folder of many small manifests.
 * Peak memory comes from GNU `/usr/bin/time -v` (Maximum resident set size).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { Flow } from "../src/index.js";
import { manifestFlows, writeManifest } from "./manifests.js";
import { benchStartup, type StartupResults } from "./startup.js";
import { median } from "./timing.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.cjs");
const TIME = "/usr/bin/time";

export interface RunStats {
  readonly label: string;
  readonly flows: number;
  readonly files: number;
  readonly bytes: number;
  readonly runs: number;
  /** Median wall time, seconds. */
  readonly seconds: number;
  /** Median peak resident set size, MB (1e6 bytes); null without /usr/bin/time. */
  readonly peakMB: number | null;
  readonly exitCodes: readonly number[];
  readonly all: readonly { seconds: number; peakMB: number | null }[];
  readonly error?: string;
}

export interface CliResults {
  readonly timeAvailable: boolean;
  /** node -e 0, lint of 20 flows and --version, alternated (bench/startup.ts). */
  readonly startup: StartupResults;
  readonly sizes: RunStats[];
  /** The largest YAML manifest again, with `--format json` (a 70 MB report at 100,000 flows). */
  readonly jsonReport?: RunStats;
  /** The same with `--format sarif`. */
  readonly sarifReport?: RunStats;
  readonly manyFiles: RunStats;
  /** 100k / 10k wall time, per format. */
  readonly growth: Record<string, number>;
}

interface Meta {
  readonly flows: number;
  readonly files: number;
  readonly bytes: number;
}

interface Run {
  seconds: number;
  peakMB: number | null;
  exitCode: number;
  error?: string;
}

function runOnce(command: readonly string[], timeoutMs: number): Run {
  const [file, ...args] = existsSync(TIME) ? [TIME, "-v", ...command] : command;
  const start = performance.now();
  const child = spawnSync(file as string, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30, timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
  const seconds = (performance.now() - start) / 1000;
  if (child.error || child.signal) {
    return { seconds, peakMB: null, exitCode: -1, error: child.error ? child.error.message : `killed by ${child.signal} (timeout ${timeoutMs / 1000} s)` };
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "");
  const status = /Exit status: (\d+)/.exec(child.stderr ?? "");
  return { seconds, peakMB: rss ? (Number(rss[1]) * 1024) / 1e6 : null, exitCode: status ? Number(status[1]) : (child.status ?? -1) };
}

function stats(label: string, meta: Meta, runs: readonly Run[]): RunStats {
  const peaks = runs.map((r) => r.peakMB).filter((x): x is number => x !== null);
  const error = runs.find((r) => r.error)?.error;
  return {
    label,
    ...meta,
    runs: runs.length,
    seconds: median(runs.map((r) => r.seconds)),
    peakMB: peaks.length ? median(peaks) : null,
    exitCodes: runs.map((r) => r.exitCode),
    all: runs.map((r) => ({ seconds: r.seconds, peakMB: r.peakMB })),
    ...(error ? { error } : {}),
  };
}

/** Runs `command` `runs` times (stopping at the first failure to run it). */
function measure(label: string, command: readonly string[], runs: number, meta: Meta, timeoutMs: number): RunStats {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = runOnce(command, timeoutMs);
    all.push(run);
    if (run.error) break;
  }
  return stats(label, meta, all);
}

export interface CliOptions {
  readonly quick: boolean;
  /** The policy the manifests name, and flows drawn from its workload. */
  readonly policy: string;
  readonly flows: readonly Flow[];
  readonly log: (line: string) => void;
}

export function benchCli(options: CliOptions): CliResults {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), "pledge-bench-"));
  const lint = (paths: readonly string[], extra: readonly string[] = []) => [process.execPath, CLI, "lint", ...paths, ...extra];
  const size = (file: string) => statSync(file).size;
  try {
    // Start-up: node -e 0, lint of 20 flows and --version, alternated so that all see the same machine.
    const smallFile = writeManifest(dir, "small", "yaml", options.policy, manifestFlows(options.flows, 20));
    const startup = benchStartup({ runs: options.quick ? 10 : 20, manifest: smallFile });
    const build = startup.builds[0]!;
    options.log(`  node -e 0: ${startup.bare.seconds.toFixed(3)} s; lint 20 flows: ${build.lint.seconds.toFixed(3)} s (${build.lintRatio.toFixed(2)}×); --version: ${build.version.seconds.toFixed(3)} s (${build.versionRatio.toFixed(2)}×)`);

    const counts = options.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
    const sizes: RunStats[] = [];
    let jsonReport: RunStats | undefined;
    let sarifReport: RunStats | undefined;
    for (const format of ["yaml", "json"] as const) {
      for (const count of counts) {
        const file = writeManifest(dir, `m${count}`, format, options.policy, manifestFlows(options.flows, count));
        const runs = options.quick ? 1 : count >= 100_000 ? 3 : 5;
        const meta = { flows: count, files: 1, bytes: size(file) };
        const result = measure(`lint ${count} flows (${format.toUpperCase()})`, lint([file]), runs, meta, 120_000);
        sizes.push(result);
        options.log(`  ${result.label}: ${result.seconds.toFixed(3)} s, ${result.peakMB?.toFixed(0) ?? "?"} MB${result.error ? ` (${result.error})` : ""}`);
        if (format === "yaml" && count === counts[counts.length - 1]) {
          jsonReport = measure(`lint ${count} flows (YAML), --format json`, lint([file], ["--format", "json"]), runs, meta, 120_000);
          options.log(`  ${jsonReport.label}: ${jsonReport.seconds.toFixed(3)} s, ${jsonReport.peakMB?.toFixed(0) ?? "?"} MB`);
          sarifReport = measure(`lint ${count} flows (YAML), --format sarif`, lint([file], ["--format", "sarif"]), runs, meta, 120_000);
          options.log(`  ${sarifReport.label}: ${sarifReport.seconds.toFixed(3)} s, ${sarifReport.peakMB?.toFixed(0) ?? "?"} MB`);
        }
        rmSync(file);
      }
    }

    const files = options.quick ? 100 : 1_000;
    const folder = join(dir, "many");
    let bytes = 0;
    for (let i = 0; i < files; i++) bytes += size(writeManifest(folder, `app-${String(i).padStart(4, "0")}`, "yaml", options.policy, manifestFlows(options.flows, 100, `f${i}`)));
    const manyFiles = measure(`lint ${files} files × 100 flows (YAML)`, lint([folder]), options.quick ? 1 : 3, { flows: files * 100, files, bytes }, 120_000);
    options.log(`  ${manyFiles.label}: ${manyFiles.seconds.toFixed(3)} s, ${manyFiles.peakMB?.toFixed(0) ?? "?"} MB`);

    const growth: Record<string, number> = {};
    for (const format of ["YAML", "JSON"]) {
      const big = sizes.find((s) => s.label === `lint 100000 flows (${format})`);
      const mid = sizes.find((s) => s.label === `lint 10000 flows (${format})`);
      if (big && mid && !big.error) growth[format] = big.seconds / mid.seconds;
    }
    return { timeAvailable: existsSync(TIME), startup, sizes, ...(jsonReport ? { jsonReport } : {}), ...(sarifReport ? { sarifReport } : {}), manyFiles, growth };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
