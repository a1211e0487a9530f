/**
 * `npx tsx bench/profile.ts engine|lint [seconds]`: runs the engine loop (or `pledge lint` on a
 * 100,000-flow manifest) under `node --cpu-prof` and prints the functions with the most self time.
 * Profiles are written to a temporary folder, never into the repository.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pocketo, validatePolicy } from "../src/index.js";
import { closures } from "./ir.js";
import { manifestFlows, writeManifest } from "./manifests.js";
import { categoryOf, loadPledge } from "./pledge.js";
import { generateWorkload } from "./workload.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file:line), sorted, as shares of the profile. */
export function summarize(file: string, top = 15): { fn: string; where: string; selfPercent: number; totalPercent: number }[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const key = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}\t${n.callFrame.url.replace(/^.*\/(src|node_modules|dist|bench)\//, "$1/")}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id);
    if (!node) continue;
    selfBy.set(key(node), (selfBy.get(key(node)) ?? 0) + t);
    // inclusive time: count each function once per sample stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + t);
    }
  }
  return [...selfBy.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, t]) => {
      const [fn, where] = k.split("\t") as [string, string];
      return { fn, where, selfPercent: (100 * t) / total, totalPercent: (100 * (totalBy.get(k) ?? 0)) / total };
    });
}

async function main(): Promise<void> {
  const [what = "engine", secondsText = "3"] = process.argv.slice(2);
  const root = resolve(import.meta.dirname, "..");
  const dir = mkdtempSync(join(tmpdir(), "pledge-profile-"));
  try {
    let args: string[];
    if (what === "engine-loop") {
      // the child: run the engine loop for a few seconds
      const { benchEngineLoop } = await import("./profile-loop.js");
      await benchEngineLoop(Number(secondsText));
      return;
    }
    if (what === "engine") {
      args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--import", "tsx", join(root, "bench", "profile.ts"), "engine-loop", secondsText];
    } else if (what === "lint") {
      const validation = validatePolicy(pocketo);
      if (!validation.ok) throw new Error("pocketo is invalid");
      const pledge = await loadPledge();
      const compiled = pledge.compilePolicy(validation.policy);
      const workload = generateWorkload(validation.policy, closures(validation.vocabulary), (flow) => categoryOf(pledge.checkFlow(compiled, flow)), 500, 0xc11);
      const format = process.argv[4] === "json" ? "json" : "yaml";
      const file = writeManifest(dir, "m100000", format, "pocketo", manifestFlows(workload.flows, 100_000));
      args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, join(root, "dist", "cli.cjs"), "lint", file];
    } else throw new Error("usage: profile.ts engine|lint [seconds|yaml|json]");
    const child = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (child.error) throw child.error;
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no profile written");
    const rows = summarize(join(dir, file));
    const out = rows.map((r) => `${r.selfPercent.toFixed(1).padStart(5)}% self ${r.totalPercent.toFixed(1).padStart(5)}% total  ${r.fn}  ${r.where}`).join("\n");
    process.stdout.write(`${out}\n`);
    if (process.env.PLEDGE_PROFILE_OUT) writeFileSync(process.env.PLEDGE_PROFILE_OUT, JSON.stringify(rows, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
