/**
 * CLI bench: wall time and peak RSS of `node dist/cli.js lint` against bare `node -e 0`, on
 * generated manifests of growing size (YAML and JSON) and on a folder of many small manifests.
 * Peak memory comes from GNU `/usr/bin/time -v` (Maximum resident set size).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { Flow } from "../src/index.js";
import { manifestFlows, writeManifest } from "./manifests.js";
import { median } from "./timing.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.js");
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
  readonly args: readonly string[];
  readonly timeAvailable: boolean;
  readonly baseline: RunStats;
  readonly small: RunStats;
  readonly startupRatio: number;
  readonly sizes: RunStats[];
  readonly manyFiles?: RunStats;
  /** 100k / 10k wall time, per format. */
  readonly growth: Record<string, number>;
}

function measure(label: string, command: string[], runs: number, meta: { flows: number; files: number; bytes: number }, timeoutMs: number): RunStats {
  const timeAvailable = existsSync(TIME);
  const all: { seconds: number; peakMB: number | null }[] = [];
  const exitCodes: number[] = [];
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    const [file, ...args] = timeAvailable ? [TIME, "-v", ...command] : command;
    const start = performance.now();
    const child = spawnSync(file as string, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30, timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
    const seconds = (performance.now() - start) / 1000;
    if (child.error || child.signal) {
      error = child.error ? child.error.message : `killed by ${child.signal} (timeout ${timeoutMs / 1000} s)`;
      all.push({ seconds, peakMB: null });
      break;
    }
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? "");
    const status = /Exit status: (\d+)/.exec(child.stderr ?? "");
    exitCodes.push(status ? Number(status[1]) : (child.status ?? -1));
    all.push({ seconds, peakMB: rss ? (Number(rss[1]) * 1024) / 1e6 : null });
  }
  const peaks = all.map((r) => r.peakMB).filter((x): x is number => x !== null);
  return {
    label,
    ...meta,
    runs: all.length,
    seconds: median(all.map((r) => r.seconds)),
    peakMB: peaks.length ? median(peaks) : null,
    exitCodes,
    all,
    ...(error ? { error } : {}),
  };
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
  const help = spawnSync(process.execPath, [CLI, "lint", "--help"], { encoding: "utf8" }).stdout ?? "";
  const args = help.includes("--format") ? ["--format", "json"] : [];
  const lint = (paths: string[]) => [process.execPath, CLI, "lint", ...paths, ...args];
  const size = (file: string) => statSync(file).size;
  try {
    const startupRuns = options.quick ? 3 : 10;
    const baseline = measure("node -e 0", [process.execPath, "-e", "0"], startupRuns, { flows: 0, files: 0, bytes: 0 }, 30_000);
    options.log(`  node -e 0: ${baseline.seconds.toFixed(3)} s`);
    const smallFile = writeManifest(dir, "small", "yaml", options.policy, manifestFlows(options.flows, 20));
    const small = measure("lint 20 flows (YAML)", lint([smallFile]), startupRuns, { flows: 20, files: 1, bytes: size(smallFile) }, 30_000);
    options.log(`  lint 20 flows: ${small.seconds.toFixed(3)} s`);

    const counts = options.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
    const sizes: RunStats[] = [];
    for (const format of ["yaml", "json"] as const) {
      for (const count of counts) {
        const file = writeManifest(dir, `m${count}`, format, options.policy, manifestFlows(options.flows, count));
        const runs = options.quick ? 1 : count >= 100_000 ? 3 : 5;
        const stats = measure(`lint ${count} flows (${format.toUpperCase()})`, lint([file]), runs, { flows: count, files: 1, bytes: size(file) }, 120_000);
        sizes.push(stats);
        options.log(`  ${stats.label}: ${stats.seconds.toFixed(3)} s, ${stats.peakMB?.toFixed(0) ?? "?"} MB${stats.error ? ` (${stats.error})` : ""}`);
        rmSync(file);
      }
    }

    let manyFiles: RunStats | undefined;
    {
      const files = options.quick ? 100 : 1_000;
      const folder = join(dir, "many");
      let bytes = 0;
      for (let i = 0; i < files; i++) bytes += size(writeManifest(folder, `app-${String(i).padStart(4, "0")}`, "yaml", options.policy, manifestFlows(options.flows, 100, `f${i}`)));
      manyFiles = measure(`lint ${files} files × 100 flows (YAML)`, lint([folder]), options.quick ? 1 : 3, { flows: files * 100, files, bytes }, 120_000);
      options.log(`  ${manyFiles.label}: ${manyFiles.seconds.toFixed(3)} s, ${manyFiles.peakMB?.toFixed(0) ?? "?"} MB`);
    }

    const growth: Record<string, number> = {};
    for (const format of ["YAML", "JSON"]) {
      const big = sizes.find((s) => s.label === `lint 100000 flows (${format})`);
      const mid = sizes.find((s) => s.label === `lint 10000 flows (${format})`);
      if (big && mid && !big.error) growth[format] = big.seconds / mid.seconds;
    }
    return { args, timeAvailable: existsSync(TIME), baseline, small, startupRatio: small.seconds / baseline.seconds, sizes, ...(manyFiles ? { manyFiles } : {}), growth };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
