import { defineConfig } from "vitest/config";

/**
 * The tests `npm run test:mutation` (Stryker) runs: the in-process ones. Tests that spawn the
 * built CLI or import `dist/` run an unmutated build, so they cannot kill a mutant in `src/`
 * and would only cost time; so would the fuzz harness, which drives the CLI too.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/cli/**",
      "test/ecosystem/**",
      "test/readme.test.ts",
      "test/engine/browser.test.ts",
      "test/report/browser.test.ts",
      "test/model/manifest.test.ts",
      "test/fuzz/fuzz.test.ts",
      "**/node_modules/**",
    ],
    testTimeout: 60_000,
  },
});
