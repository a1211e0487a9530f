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
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __pledgeCreateRequire } from 'node:module'; const require = __pledgeCreateRequire(import.meta.url);" },
  },
]);
