/**
 * The bin, `dist/cli.cjs`: loads the CLI (`dist/main.cjs`, from src/cli/main.ts) and the chunks it
 * requires with V8's code cache, so that a run does not parse and compile again what the build's
 * own run compiled (BENCHMARKS.md, issue 11). `npm run build` ends with a run of `pledge lint`
 * over the bundled examples (scripts/code-cache.mjs) that writes, beside each chunk it loaded,
 * `<chunk>.cache`: V8's bytecode of every function that run compiled.
 *
 * A cache made by another node or V8 version, or for other V8 flags, or for a chunk that changed,
 * is rejected by V8, and the chunk is compiled as `require` would compile it: a cache changes how
 * fast the CLI starts, never what it does. Node's `module.enableCompileCache` does this from node
 * 22 on; node 20 has only `vm.Script`'s `cachedData`.
 *
 * Every chunk is CommonJS (tsup.config.ts); a chunk's `require('./x.cjs')` loads a sibling chunk
 * here, any other `require` is node's (the `node:` built-ins).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";

/** Set by scripts/code-cache.mjs (the build): write each loaded chunk's code cache on exit. */
const WRITE = process.env.PLEDGE_WRITE_CODE_CACHE === "1";

/** A chunk's module record: what its `module.exports` holds once it ran. */
interface ChunkModule {
  exports: unknown;
}

const chunks = new Map<string, ChunkModule>();
const compiled: { script: Script; file: string }[] = [];

/** The chunk file `id` (`./main.cjs`) names, in the bin's own folder. */
function chunkPath(id: string): string {
  return join(__dirname, id);
}

/** Node's own `require`, for the built-ins; a sibling chunk goes through {@link loadChunk}. */
function requireFromChunk(id: string): unknown {
  return id.startsWith("./") ? loadChunk(chunkPath(id)) : require(id);
}

/**
 * Runs a chunk once, as node runs a CommonJS module (the same wrapper, `this` and arguments),
 * compiled with its code cache when the build wrote one that V8 accepts.
 */
function loadChunk(file: string): unknown {
  const known = chunks.get(file);
  if (known) return known.exports;
  const module: ChunkModule = { exports: {} };
  chunks.set(file, module);
  // The chunks are ASCII (tsup.config.ts's asciiOnly): read as latin1, they need no UTF-8 decoding.
  const source = readFileSync(file, "latin1");
  const cachedData = WRITE ? undefined : codeCache(file);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (WRITE) compiled.push({ script, file });
  const run = script.runInThisContext() as (exports: unknown, require: (id: string) => unknown, module: ChunkModule, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, requireFromChunk, module, file, __dirname);
  return module.exports;
}

/** The code cache the build wrote for a chunk, if any. */
function codeCache(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined; // a command the build's run did not load, or a build without its last step
  }
}

if (WRITE) {
  process.on("exit", () => {
    for (const { script, file } of compiled) writeFileSync(`${file}.cache`, script.createCachedData());
  });
}

loadChunk(chunkPath("./main.cjs"));
