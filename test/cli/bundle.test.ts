/**
 * The shape of the built CLI that its start-up depends on (BENCHMARKS.md, issue 11): what
 * `pledge --version` loads, and a bundle node reads as one-byte text. Checks the build, not timings.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, pledge, ROOT } from "./helpers.js";

/** The CLI the bin loads (src/cli/main.ts), and the chunks it requires. */
const MAIN = join(ROOT, "dist/main.cjs");

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
  it("loads only the bin and main.cjs for --version: the commands, zod, the engine and the policies are a chunk loaded later", () => {
    // The bin requires node's built-ins only, and loads main.cjs through its code-cache loader.
    const bin = readFileSync(CLI, "utf8");
    expect([...bin.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(["fs", "path", "vm"]);
    expect(bin).toContain('loadChunk(chunkPath("./main.cjs"))');
    const files = [CLI, ...staticGraph(MAIN)];
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBeLessThan(20_000);
    expect(pledge(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("loads, for lint, neither the other commands, nor the HTML report and its graph layout, nor zod", () => {
    // What `pledge lint` loads: the entry, the chunks the entry loads on demand (the command
    // registry, the file reader), lint's chunk, and what each of them imports statically.
    const commands = loadedLater(MAIN, "commands");
    const files = loadedLater(MAIN, "files");
    const lint = commands && loadedLater(commands, "lint");
    expect([commands, files, lint]).not.toContain(undefined);
    const graph = new Set<string>();
    for (const chunk of [MAIN, commands!, files!, lint!]) staticGraph(chunk, graph);
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

  it("has a code cache for every chunk lint loads, which V8 accepts, and gives the same output without it", () => {
    const dist = join(ROOT, "dist");
    const commands = loadedLater(MAIN, "commands")!;
    const lint = loadedLater(commands, "lint")!;
    const graph = new Set<string>();
    for (const chunk of [MAIN, commands, loadedLater(MAIN, "files")!, lint]) staticGraph(chunk, graph);
    const cached = new Set(readdirSync(dist).filter((name) => name.endsWith(".cjs.cache")).map((name) => join(dist, name.slice(0, -".cache".length))));
    expect([...graph].filter((chunk) => !cached.has(chunk))).toEqual([]);
    // Checked in a node of its own, with no flags (V8 rejects a cache made under other flags), and
    // wrapped as src/cli/bin.ts wraps a chunk.
    const check = `const { Script } = require("node:vm"); const { readFileSync } = require("node:fs");
      const rejected = ${JSON.stringify([...graph])}.filter((file) => new Script("(function (exports, require, module, __filename, __dirname) { " + readFileSync(file, "latin1") + "\\n})", { filename: file, cachedData: readFileSync(file + ".cache") }).cachedDataRejected);
      process.stdout.write(JSON.stringify(rejected));`;
    const accepted = spawnSync(process.execPath, ["-e", check], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(JSON.parse(accepted.stdout)).toEqual([]);
    // A copy of dist without the caches: the same output and exit codes, byte for byte.
    const bare = mkdtempSync(join(tmpdir(), "pledge-nocache-"));
    try {
      cpSync(dist, bare, { recursive: true, filter: (source) => !source.endsWith(".cache") });
      expect(readdirSync(bare).some((name) => name.endsWith(".cache"))).toBe(false);
      const runs = [
        { args: ["lint", "examples"], code: 1 },
        { args: ["lint", "examples/pomeg/violations.flows.yaml", "--format", "sarif"], code: 1 },
        { args: ["lint", "test/fixtures/lint/bad/binary.flows.yaml"], code: 2 },
      ];
      for (const { args, code } of runs) {
        const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", PLEDGE_NOW: "2026-09-01" };
        const withCache = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env });
        const without = spawnSync(process.execPath, [join(bare, "cli.cjs"), ...args], { cwd: ROOT, encoding: "utf8", env });
        expect(withCache.status, args.join(" ")).toBe(code);
        expect({ code: without.status, stdout: without.stdout, stderr: without.stderr }, args.join(" ")).toEqual({ code: withCache.status, stdout: withCache.stdout, stderr: withCache.stderr });
      }
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("is ASCII only, so that node decodes and V8 compiles it as one-byte text", () => {
    const dist = join(ROOT, "dist");
    const nonAscii = readdirSync(dist)
      .filter((name) => /\.c?js$/.test(name))
      .filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(dist, name), "utf8")));
    expect(nonAscii).toEqual([]);
  });
});
