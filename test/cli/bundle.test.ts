/**
 * The shape of the built CLI that its start-up depends on (BENCHMARKS.md, issue 11): what
 * `pledge --version` loads, and a bundle node reads as one-byte text. Checks the build, not timings.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, pledge, ROOT } from "./helpers.js";

/** The files a module imports statically (`import … from "./x.js"`, `import "./x.js"`), and theirs, with itself. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?["'](\.\/[^"']+)["']/gms)) staticGraph(join(file, "..", match[1]!), seen);
  return seen;
}

describe("the built CLI", () => {
  it("loads only its entry for --version: the commands, zod, the engine and the policies are a chunk loaded later", () => {
    const files = [...staticGraph(CLI)];
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBeLessThan(20_000);
    expect(pledge(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("loads, for lint, neither the other commands, nor the HTML report and its graph layout, nor zod", () => {
    const commands = readFileSync(CLI, "utf8").match(/import\("\.\/(commands-[^"]+)"\)/)?.[1];
    const lint = commands && readFileSync(join(CLI, "..", commands), "utf8").match(/import\("\.\/(lint-[^"]+)"\)/)?.[1];
    expect(lint).toBeDefined();
    const loaded = [...staticGraph(join(CLI, "..", lint!))].map((file) => readFileSync(file, "utf8"));
    // esbuild names each bundled source file in a comment: these are the report's and the other commands'.
    for (const source of ["node_modules/@dagrejs/dagre", "src/report/html.ts", "src/cli/commands/report.ts", "src/cli/commands/explain.ts"]) {
      expect(loaded.some((text) => text.includes(`// ${source}`)), source).toBe(false);
    }
    expect(loaded.some((text) => text.includes("// src/cli/commands/lint.ts"))).toBe(true);
    // Nor zod (its internals carry `_zod`): a well-formed manifest against a bundled policy needs
    // no schema; src/schema-judge.ts is a chunk of its own, loaded when a file needs it.
    expect(loaded.filter((text) => text.includes("_zod")).length).toBe(0);
    expect(loaded.some((text) => text.includes("// src/manifest/plain.ts"))).toBe(true);
  });

  it("is ASCII only, so that node decodes and V8 compiles it as one-byte text", () => {
    const dist = join(ROOT, "dist");
    const nonAscii = readdirSync(dist)
      .filter((name) => /\.c?js$/.test(name))
      .filter((name) => /[^\x00-\x7f]/.test(readFileSync(join(dist, name), "utf8")));
    expect(nonAscii).toEqual([]);
  });
});
