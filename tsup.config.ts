import { rollup } from "rollup";
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
 * The `#!` line of the executables (`cli.cjs`, the bin, and `cli.js`), in them only. The build used
 * to tune V8's heap here through `node:v8`; since reports are written in pieces the tuning no
 * longer lowers the peak, and importing `node:v8` loaded about 30 of node's modules at start-up
 * (BENCHMARKS.md).
 */
const cliPrelude: NonNullable<Options["plugins"]>[number] = {
  name: "cli-prelude",
  renderChunk(code, chunk) {
    if (!chunk.entryPoint || !/(^|\/)cli\.c?js$/.test(chunk.path)) return undefined;
    chunk.mode = 0o755;
    return { code: `#!/usr/bin/env node\n${code}` };
  },
};

/**
 * Writes each chunk of the CLI's ESM build as CommonJS, with rollup: esbuild splits chunks only as
 * ESM, and node starts a CommonJS program without its ESM loader (BENCHMARKS.md). A command's chunk,
 * loaded on demand, becomes a `require` (`dynamicImportInCjs: false`), so it does not start that
 * loader either. Nothing else changes: the chunk's code is kept as esbuild wrote it.
 */
const commonJsChunks: NonNullable<Options["plugins"]>[number] = {
  name: "commonjs-chunks",
  async renderChunk(code, chunk) {
    if (!chunk.path.endsWith(".cjs")) return undefined;
    const bundle = await rollup({
      input: chunk.path,
      plugins: [{ name: "esbuild-chunk", resolveId: (id) => (id === chunk.path ? id : false), load: (id) => (id === chunk.path ? code : null) }],
      onwarn(warning) {
        throw new Error(`${chunk.path}: ${warning.message}`);
      },
    });
    const { output } = await bundle.generate({ format: "cjs", exports: "named", interop: "auto", dynamicImportInCjs: false });
    await bundle.close();
    return { code: output[0].code };
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
    // The CLI (`dist/main.cjs`, which the bin loads), bundled with everything it uses, each command
    // a chunk loaded when it runs; written as CommonJS (`commonJsChunks`). White space and syntax
    // are minified (less to read and compile); names are kept for `PLEDGE_DEBUG`'s stack traces.
    entry: { main: "src/cli/main.ts" },
    format: ["esm"],
    outExtension: () => ({ js: ".cjs" }),
    splitting: true,
    target: "node20",
    platform: "node",
    noExternal: [/.*/],
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
    },
    plugins: [asciiOnly, commonJsChunks],
  },
  {
    // The bin, `dist/cli.cjs`: loads `main.cjs` and its chunks with their code cache (src/cli/bin.ts).
    entry: { cli: "src/cli/bin.ts" },
    format: ["cjs"],
    target: "node20",
    platform: "node",
    plugins: [asciiOnly, cliPrelude],
  },
  {
    // `node dist/cli.js`, as scripts and the README's earlier versions run the CLI: an ES module
    // that loads the bin.
    entry: { cli: "src/cli/esm-entry.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    plugins: [asciiOnly, cliPrelude],
  },
]);
