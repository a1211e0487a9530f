import { defineConfig, type Options } from "tsup";

/**
 * Escapes what esbuild leaves outside ASCII (comments, regular expression literals) as `\uXXXX`.
 * A source with one non-ASCII character is decoded and held as two-byte text by node and V8,
 * which cost the CLI's start-up 25–50 ms (BENCHMARKS.md); an ASCII file is decoded and compiled
 * as one-byte text. The escape means the same in strings, templates, regular expressions (a
 * surrogate pair escape is one code point under the `u` flag) and identifiers, and is inert in
 * comments. Only a backslash right before the character would change meaning: the build refuses it.
 */
const asciiOnly: NonNullable<Options["plugins"]>[number] = {
  name: "ascii-only",
  renderChunk(code, chunk) {
    if (!/\.c?js$/.test(chunk.path)) return undefined;
    const escaped = code.replace(/(\\?)([^\x00-\x7f])/g, (_, backslash: string, char: string) => {
      if (backslash) throw new Error(`${chunk.path}: a backslash before a non-ASCII character cannot be escaped safely`);
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
    });
    return { code: escaped };
  },
};

/**
 * The first lines of the executable, in its entry chunk only (the commands are a chunk of their
 * own, loaded once `--version` and `--help` are ruled out):
 *
 * - the `#!` line;
 * - heap tuning before anything else runs (an application importing the library keeps its own
 *   settings): `pledge lint` on a large manifest is a short batch run, and by default V8 let the
 *   heap grow to about 2.5× the live data before collecting the old generation. A growing factor
 *   of 1.2 keeps the peak near what is live, for more time in the collector (1.5 left the peak
 *   near 400 MB on 100,000 flows, 2 at 430 MB); BENCHMARKS.md has the measurements.
 */
const cliPrelude: NonNullable<Options["plugins"]>[number] = {
  name: "cli-prelude",
  renderChunk(code, chunk) {
    if (!chunk.entryPoint) return undefined;
    chunk.mode = 0o755;
    return { code: `#!/usr/bin/env node\nimport { setFlagsFromString as __pledgeSetFlags } from "node:v8"; __pledgeSetFlags("--heap-growing-percent=20");\n${code}` };
  },
};

export default defineConfig([
  {
    // The library: the pure core (`pledge`) and the file-loading layer (`pledge/node`).
    entry: { index: "src/index.ts", node: "src/node.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: false,
    target: "node20",
    platform: "neutral",
    external: ["node:*"],
    plugins: [asciiOnly],
  },
  {
    // The CLI: one bundled file so that it starts fast.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    noExternal: [/.*/],
    plugins: [asciiOnly, cliPrelude],
  },
]);
