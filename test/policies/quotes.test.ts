/**
 * The bundled policies against the published texts they encode (../shared/seeds beside the
 * checkout, as in CI). A user's clone has no seeds: the suite is skipped and says why.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pocketo, polus, pomeg } from "../../src/generated/index.js";
import type { Policy } from "../../src/model/policy.js";
import { sourceCoverage, verifySource } from "../../src/policy/source.js";

const root = join(import.meta.dirname, "../..");
const seeds = join(root, "../shared/seeds");
const haveSeeds = existsSync(seeds);
const MIN_COVERAGE = 0.85;

const policies: [string, Policy][] = [
  ["pomeg", pomeg],
  ["pocketo", pocketo],
  ["polus", polus],
];

if (!haveSeeds) {
  describe("bundled policies against their source texts", () => {
    it.skip(`skipped: the source texts are not at ${seeds} (only CI and the project's own checkout have them)`, () => {});
  });
} else {
  describe.each(policies)("%s against its source text", (name, policy) => {
    const file = join(seeds, policy.source.file);
    const text = existsSync(file) ? readFileSync(file, "utf8") : undefined;

    it("names a source file that exists", () => {
      expect(text, `${name}: ${file} is missing`).toBeDefined();
    });

    it("quotes the text verbatim (only whitespace may differ)", () => {
      const result = verifySource(policy, text ?? "");
      const lost = result.missing.map((m) => `${m.path.join(".")} ${m.ruleId} (${m.citation.section}): "${m.citation.quote}"`);
      expect(lost, `${name}: quotes not found verbatim in ${policy.source.file}:\n${lost.join("\n")}`).toEqual([]);
      expect(result.quotes.total).toBeGreaterThan(0);
    });

    it("records the SHA-256 of the exact text", () => {
      expect(verifySource(policy, text ?? "").fingerprint.actual).toBe(policy.source.sha256);
    });

    it(`cites at least ${MIN_COVERAGE * 100}% of the text's sentences`, () => {
      const coverage = sourceCoverage(policy, text ?? "");
      const uncited = coverage.uncited.map((s) => `line ${s.line}: ${s.text}`);
      expect(
        coverage.ratio,
        `${name}: ${coverage.cited} of ${coverage.total} sentences cited (${(coverage.ratio * 100).toFixed(1)}%); uncited:\n${uncited.join("\n")}`,
      ).toBeGreaterThanOrEqual(MIN_COVERAGE);
    });
  });
}
