import { defineConfig } from "tsup";

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
  },
  {
    // The CLI: one bundled file so that it starts fast.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    noExternal: [/.*/],
    // Heap tuning, first thing in the executable only (an application importing the library
    // keeps its own settings): `pledge lint` on a large manifest is a short batch run, and by
    // default V8 let the heap grow to about 2.5× the live data before collecting the old
    // generation. A growing factor of 1.2 keeps the peak near what is live, for more time in
    // the collector (1.5 left the peak near 400 MB on 100,000 flows, 2 at 430 MB); BENCHMARKS.md
    // has the measurements.
    banner: {
      js: [
        "#!/usr/bin/env node",
        "import { createRequire as __pledgeCreateRequire } from 'node:module'; const require = __pledgeCreateRequire(import.meta.url);",
        "import { setFlagsFromString as __pledgeSetFlags } from 'node:v8'; __pledgeSetFlags('--heap-growing-percent=20');",
      ].join("\n"),
    },
  },
]);
