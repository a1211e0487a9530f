/**
 * `npx tsx bench/yaml-parsers.ts [flows]`: how the YAML parser was chosen. Parses one generated
 * manifest (100,000 flows by default) with each candidate, each in its own process so that peak
 * memory is its own: js-yaml alone, js-yaml with pledge's position listener (`readWithJsYaml`,
 * what reads a text the block reader declines), pledge's plain block reader with positions (what
 * `pledge lint` runs on this manifest: `parseSource`), `yaml` (eemeli) alone, and `yaml` keeping
 * positions (`LineCounter`).
 * Prints wall time (median of 3 runs) and peak RSS from GNU time. Needs `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Flow } from "../src/index.js";
import { manifestFlows, manifestYaml } from "./manifests.js";

const root = resolve(import.meta.dirname, "..");
const { positionals, values } = parseArgs({ allowPositionals: true, options: { child: { type: "string" } } });

/** In a child: parse the file with one candidate and print the milliseconds it took. */
async function child(candidate: string, file: string): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const text = readFileSync(file, "utf8");
  const start = performance.now();
  let flows = 0;
  if (candidate === "js-yaml") {
    const jsYaml = (await import("js-yaml")).default;
    flows = (jsYaml.load(text) as { flows: unknown[] }).flows.length;
  } else if (candidate === "js-yaml + positions (pledge's readWithJsYaml)") {
    const { readWithJsYaml } = await import("../src/source/yaml.js");
    const { LineIndex } = await import("../src/source/tree.js");
    const read = readWithJsYaml(text, new LineIndex(text));
    flows = read.ok ? (read.values[0] as { flows: unknown[] }).flows.length : -1;
  } else if (candidate === "pledge's block reader + positions (parseSource)") {
    const { parseSource } = (await import(join(root, "dist/index.js"))) as typeof import("../src/index.js");
    const parsed = parseSource(text, "yaml");
    flows = parsed.ok ? (parsed.documents[0]?.value as { flows: unknown[] }).flows.length : -1;
  } else if (candidate === "yaml") {
    const { parse } = await import("yaml");
    flows = (parse(text) as { flows: unknown[] }).flows.length;
  } else if (candidate === "yaml + positions") {
    const { LineCounter, parseAllDocuments } = await import("yaml");
    const documents = parseAllDocuments(text, { lineCounter: new LineCounter() });
    const first = Array.isArray(documents) ? documents[0] : undefined;
    flows = (first?.toJS() as { flows: unknown[] } | undefined)?.flows.length ?? -1;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - start, flows }));
}

if (values.child !== undefined) {
  await child(values.child, positionals[0] ?? "");
} else {
  const count = Number(positionals[0] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "pledge-yaml-"));
  const file = join(dir, "m.flows.yaml");
  const source: Flow[] = [{ id: "f", description: "Chat prompts go to OpenAI", action: "share", data: ["chat-content", "uploaded-files"], recipient: "openai", purposes: ["ai-chat"], conditions: ["user-action"], safeguards: ["encryption-in-transit"] }];
  writeFileSync(file, manifestYaml("pocketo", manifestFlows(source, count)));
  process.stdout.write(`${count.toLocaleString("en-US")} flows, Node ${process.version}\n\n| parser | wall time (median of 3) | peak RSS |\n| --- | ---: | ---: |\n`);
  for (const candidate of ["js-yaml", "js-yaml + positions (pledge's readWithJsYaml)", "pledge's block reader + positions (parseSource)", "yaml", "yaml + positions"]) {
    const runs: { ms: number; rss: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "--import", "tsx", import.meta.filename, "--child", candidate, file], { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(`${candidate}: ${run.stderr}`);
      const { ms, flows } = JSON.parse(run.stdout) as { ms: number; flows: number };
      if (flows !== count) throw new Error(`${candidate} read ${flows} flows, not ${count}`);
      runs.push({ ms, rss: Number(run.stderr.trim().split("\n").pop()) * 1024 });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[1]!;
    process.stdout.write(`| ${candidate} | ${(median.ms / 1000).toFixed(2)} s | ${Math.round(median.rss / 1e6)} MB |\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}
