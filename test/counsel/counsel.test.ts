/**
 * The counsel corpus: for each bundled policy, flows and deletion plans written as opposing
 * counsel would (forbidden flows in the most innocent terms, allowed flows in the text's own
 * words), each citing its clause and stating the verdict and the exact error codes the text
 * calls for. Every case is linted as a manifest of its own with the public `lintManifest`: a
 * case with deletion plans (or rights) through every check, a case of flows alone through the
 * flow check only, so that its errors are the flows' own.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { lintManifest, resolveBundledPolicy, type Verdict } from "../../src/index.js";
import { MANIFEST_CHECKS } from "../../src/lint.js";

/** A case without deletion plans is about its flows alone: retention and rights checks stay out of it. */
const FLOW_CHECKS = MANIFEST_CHECKS.filter((check) => check.id === "flows");

interface CounselCase {
  readonly id: string;
  readonly clause: { readonly section: string; readonly quote: string };
  readonly flows?: readonly Record<string, unknown>[];
  readonly deletion?: readonly Record<string, unknown>[];
  readonly rights?: readonly Record<string, unknown>[];
  readonly expect: { readonly verdict?: Verdict; readonly errors: readonly string[] };
}

interface Corpus {
  readonly policy: string;
  readonly cases: readonly CounselCase[];
}

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe.each(files)("counsel corpus %s", (file) => {
  const corpus = load(readFileSync(join(dir, file), "utf8")) as Corpus;
  const policy = resolveBundledPolicyOrThrow(corpus.policy);
  const seed = join(dir, "../../../shared/seeds", policy.source.file);

  it("states a verdict or error codes for every case, and has at least 40 flow cases and 8 deletion scenarios", () => {
    expect(corpus.cases.filter((c) => (c.deletion ?? []).length === 0).length).toBeGreaterThanOrEqual(40);
    expect(corpus.cases.filter((c) => (c.deletion ?? []).length > 0).length).toBeGreaterThanOrEqual(8);
    for (const c of corpus.cases) expect(Array.isArray(c.expect?.errors), c.id).toBe(true);
  });

  it.skipIf(!existsSync(seed))("cites every clause verbatim (needs ../shared/seeds)", () => {
    const text = squash(readFileSync(seed, "utf8"));
    for (const c of corpus.cases) expect(text.includes(squash(c.clause.quote)), `${c.id}: the quote is not in the text`).toBe(true);
  });

  it.each(corpus.cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const manifest = { policy: corpus.policy, flows: c.flows ?? [], deletion: c.deletion ?? [], ...(c.rights !== undefined ? { rights: c.rights } : {}) };
    const checks = (c.deletion ?? []).length > 0 || c.rights !== undefined ? MANIFEST_CHECKS : FLOW_CHECKS;
    const lint = lintManifest(manifest, resolveBundledPolicy, { today: "2026-12-04", checks });
    const errors = [...new Set(lint.findings.filter((f) => f.severity === "error").map((f) => f.code))].sort();
    const detail = lint.findings.map((f) => `${f.severity} ${f.code} ${JSON.stringify(f.path)}: ${f.message}`).join("\n");
    expect(errors, detail).toEqual([...c.expect.errors].sort());
    if (c.expect.verdict !== undefined) {
      // A flow's verdict is carried by its disclosure finding; a flow without one is clear.
      const disclosure = lint.findings.find((f) => f.verdict !== undefined && f.path[0] === "flows" && f.path[1] === 0);
      expect(disclosure?.verdict ?? "clear", detail).toBe(c.expect.verdict);
    }
  });
});

function resolveBundledPolicyOrThrow(id: string) {
  const resolved = resolveBundledPolicy(id);
  if (!resolved.ok) throw new Error(`unknown policy ${id}`);
  return resolved.policy;
}
