/**
 * The short run of the fuzz harness that belongs in `npm test`: the hand-made cases, the
 * encodings, hostile API values and a few seconds of seeded random mutations in-process, a
 * sample of them through the built CLI. `npm run fuzz` runs the whole harness.
 */
import { join } from "node:path";
import { expect, it } from "vitest";
import { runFuzz } from "./harness.js";

it("hostile manifests and values give findings or issues, never an exception, a crash or a hang", () => {
  const report = runFuzz({ root: join(import.meta.dirname, "../.."), seed: 20261123, seconds: 3, cliEvery: 60, cliSpecials: false, filesystem: false, worstCase: false });
  expect(report.failures).toEqual([]);
  expect(report.counts["manifests (API)"]).toBeGreaterThan(150);
  expect(report.counts["manifests (CLI, twice)"]).toBeGreaterThan(0);
  expect(report.counts.deadlinesFor).toBeGreaterThan(300);
}, 300_000);
