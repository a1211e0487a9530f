/**
 * The shape of the built CLI that its start-up depends on (BENCHMARKS.md, issue 11): what
 * `pledge --version` loads, and a bundle node reads as one-byte text. Checks the build, not timings.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, pledge, ROOT } from "./helpers.js";

// A chunk loaded on demand is `Promise.resolve().then(function () { return …require('./x.cjs')…; })`
// in rollup's CommonJS; any other `require('./x.cjs')` loads as the chunk loads.
const ON_DEMAND = /Promise\.resolve\(\)\.then\(function \(\) \{ return [^;]*?require\('\.\/([^']+)'\)/g;

/** The chunks a chunk's text loads on demand, by file name. */
function onDemand(text: string): string[] {
  return [...text.matchAll(ON_DEMAND)].map((match) => match[1]!);
}

/** The files a chunk loads as it loads (`require('./x.cjs')` not on demand), and theirs, with itself. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const later = new Set(onDemand(text));
  for (const match of text.matchAll(/\brequire\('(\.\/[^']+)'\)/g)) {
    if (!later.has(match[1]!.slice(2))) staticGraph(join(file, "..", match[1]!), seen);
  }
  return seen;
}

/** The chunk a chunk loads on demand whose name starts with `name`. */
function loadedLater(file: string, name: string): string | undefined {
  const chunk = onDemand(readFileSync(file, "utf8")).find((chunk) => chunk.startsWith(`${name}-`));
  return chunk && join(file, "..", chunk);
}

describe("the built CLI", () => {
  it("loads only its entry for --version: the commands, zod, the engine and the policies are a chunk loaded later", () => {
    const files = [...staticGraph(CLI)];
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBeLessThan(20_000);
    expect(pledge(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("loads, for lint, neither the other commands, nor the HTML report and its graph layout, nor zod", () => {
    // What `pledge lint` loads: the entry, the chunks the entry loads on demand (the command
    // registry, the file reader), lint's chunk, and what each of them imports statically.
    const commands = loadedLater(CLI, "commands");
    const files = loadedLater(CLI, "files");
    const lint = commands && loadedLater(commands, "lint");
    expect([commands, files, lint]).not.toContain(undefined);
    const graph = new Set<string>();
    for (const chunk of [CLI, commands!, files!, lint!]) staticGraph(chunk, graph);
    const loaded = [...graph].map((file) => readFileSync(file, "utf8"));
    const holds = (text: string) => loaded.some((chunk) => chunk.includes(text));
    // The bundle is minified, names kept: each part is told by a name or a string of its own.
    const absent = {
      "dagre, the graph layout": '"network-simplex"',
      "the HTML report": "function renderReportHtml(",
      "the report command": "reportCommand=",
      "the explain command": "explainCommand=",
    };
    for (const [part, mark] of Object.entries(absent)) expect(holds(mark), part).toBe(false);
    expect(holds("lintCommand=")).toBe(true);
    expect(holds("function readPlainManifest(")).toBe(true);
    // Nor zod (its internals carry `_zod`): a well-formed manifest against a bundled policy needs
    // no schema; src/schema-judge.ts is a chunk of its own, loaded when a file needs it.
    expect(holds("_zod")).toBe(false);
    // Nor does it build the bundled policies as it loads: each is built when a manifest names it
    // (src/generated/builders.ts), so a Pocketo manifest never builds Pomeg's 130 KB literal.
    expect(holds("function pomegPolicy(")).toBe(true);
    expect(loaded.filter((chunk) => /=\s*(\/\*[^*]*\*\/\s*)?(pocketo|polus|pomeg)Policy\(\)/.test(chunk))).toEqual([]);
  });

  it("runs as dist/cli.js too, the ES module entry scripts use: same output, same exit code", () => {
    for (const args of [["lint", "examples/pocketo/violations.flows.yaml"], ["lint", "test/fixtures/lint/bad/binary.flows.yaml"], ["--version"]]) {
      const bin = pledge(args);
      const esm = spawnSync(process.execPath, [join(ROOT, "dist/cli.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", PLEDGE_NOW: "2026-09-01" } });
      expect({ code: esm.status, stdout: esm.stdout, stderr: esm.stderr }, args.join(" ")).toEqual(bin);
    }
    expect(pledge(["lint", "examples/pocketo/violations.flows.yaml"]).code).toBe(1);
  });

  it("is ASCII only, so that node decodes and V8 compiles it as one-byte text", () => {
    const dist = join(ROOT, "dist");
    const nonAscii = readdirSync(dist)
      .filter((name) => /\.c?js$/.test(name))
      .filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(dist, name), "utf8")));
    expect(nonAscii).toEqual([]);
  });
});
