/**
 * `pledge report` speed and memory (issue 14), as a user runs it: the built CLI in a fresh
 * process, timed by GNU `/usr/bin/time` (wall, user + system CPU, peak RSS). `npm run bench --
 * --only report`.
 * - the bundled examples (6 manifests) in one report, with `--at` and, where `../shared/seeds`
 *   is beside the repository, each policy's source text (`--source`): goal < 2 s;
 * - the README's command for each policy (`pledge report examples/<policy> --at … --source …`),
 *   reported;
 * - a 10,000-flow manifest (the Pocketo example's flows repeated with new ids): goal < 10 s and
 *   < 500 MB peak RSS, edges aggregated by data category and recipient.
 * The cases alternate round by round, so that all see the same machine; medians are reported.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import type { Flow } from "../src/index.js";
import { manifestFlows, writeManifest } from "./manifests.js";
import { median } from "./timing.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist/cli.cjs");
const AT = "2026-11-23T10:00:00Z";
/** The policies' source texts, as the README names them (`../shared/seeds`, beside the repository). */
const SEEDS = { pomeg: "000_cfbfeb3ad6dbc0b4.txt", pocketo: "001_ebedc69f3dedb55e.txt", polus: "002_5df26b167d00935f.txt" } as const;

export interface ReportRun {
  readonly label: string;
  readonly flows: number;
  readonly runs: number;
  /** Medians over the runs. */
  readonly seconds: number;
  /** The fastest run's wall time: on a shared machine, the closest to a quiet one. */
  readonly minSeconds: number;
  readonly cpuSeconds: number;
  readonly peakMB: number;
  readonly htmlMB: number;
  readonly goal?: { readonly seconds: number; readonly mb: number };
}

export interface ReportResults {
  readonly runs: readonly ReportRun[];
  /** Whether the policies' source texts were found (the coverage section is then built too). */
  readonly sources: boolean;
}

/**
 * Times `pledge report` on the bundled examples and on a 10,000-flow manifest.
 *
 * @example
 * benchReport({ quick: true, log: console.error }).runs[0]?.label //=> "report examples/ (6 manifests)"
 */
export function benchReport(options: { readonly quick: boolean; readonly log: (line: string) => void }): ReportResults {
  const dir = mkdtempSync(join(tmpdir(), "pledge-report-bench-"));
  try {
    const example = load(readFileSync(join(ROOT, "examples/pocketo/app.flows.yaml"), "utf8")) as { flows: Flow[] };
    const flows = manifestFlows(example.flows.map((f) => ({ ...f, conditions: f.conditions ?? [], safeguards: f.safeguards ?? [] })), 10_000);
    const big = writeManifest(dir, "big.flows.yaml", "yaml", "pocketo", flows);
    const seed = (policy: keyof typeof SEEDS) => join(ROOT, "../shared/seeds", SEEDS[policy]);
    const sources = Object.keys(SEEDS).every((p) => existsSync(seed(p as keyof typeof SEEDS)));
    const source = (policy: keyof typeof SEEDS) => (sources ? ["--source", seed(policy)] : []);
    const count = (paths: readonly string[]) => paths.reduce((sum, p) => sum + (load(readFileSync(join(ROOT, p), "utf8")) as { flows: unknown[] }).flows.length, 0);
    const policies = Object.keys(SEEDS) as (keyof typeof SEEDS)[];
    const cases = [
      {
        label: "report examples/ (6 manifests)",
        flows: count(policies.flatMap((p) => [`examples/${p}/app.flows.yaml`, `examples/${p}/violations.flows.yaml`])),
        args: ["report", "examples", "--at", AT, ...policies.flatMap(source)],
        goal: { seconds: 2, mb: 500 },
      },
      ...policies.map((p) => ({ label: `report examples/${p}`, flows: count([`examples/${p}/app.flows.yaml`, `examples/${p}/violations.flows.yaml`]), args: ["report", `examples/${p}`, "--at", AT, ...source(p)] })),
      { label: "report 10,000 flows (aggregated map)", flows: flows.length, args: ["report", big, "--at", AT], goal: { seconds: 10, mb: 500 } },
    ];
    const rounds = options.quick ? 3 : 7;
    const measured = cases.map(() => ({ seconds: [] as number[], cpu: [] as number[], mb: [] as number[], html: 0 }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const output = join(dir, `report-${i}.html`);
        const run = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", process.execPath, CLI, ...c.args, "--output", output], { cwd: ROOT, encoding: "utf8" });
        if (run.status !== 0) throw new Error(`${c.label}: exit ${run.status}: ${run.stderr}`);
        const [seconds, kb, user, system] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
        const m = measured[i]!;
        m.seconds.push(seconds);
        m.cpu.push(user + system);
        m.mb.push((kb * 1024) / 1e6);
        m.html = statSync(output).size / 1e6;
      }
      options.log(`  round ${round + 1}/${rounds}`);
    }
    return {
      sources,
      runs: cases.map((c, i) => {
        const m = measured[i]!;
        return { label: c.label, flows: c.flows, runs: rounds, seconds: median(m.seconds), minSeconds: Math.min(...m.seconds), cpuSeconds: median(m.cpu), peakMB: median(m.mb), htmlMB: m.html, ...("goal" in c ? { goal: c.goal } : {}) };
      }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
