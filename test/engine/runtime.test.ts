/**
 * A policy loaded from a file at run time (through `pledge/node`) behaves exactly as the bundled
 * one: the same verdicts for every realistic case, the same self-check, the same guard.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzePolicy, checkFlows, compilePolicy, createGuard, PolicyViolationError, pocketo, polus, pomeg, type FlowInput, type Policy } from "../../src/index.js";
import { loadPolicyFile } from "../../src/node.js";
import { expectCase, type Case } from "./bundled.js";
import { cases as pocketoCases } from "./pocketo.cases.js";
import { cases as polusCases } from "./polus.cases.js";
import { cases as pomegCases } from "./pomeg.cases.js";

const root = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "pledge-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundled: [string, Policy, Case<FlowInput>[]][] = [
  ["pomeg", pomeg, pomegCases as Case<FlowInput>[]],
  ["pocketo", pocketo, pocketoCases as Case<FlowInput>[]],
  ["polus", polus, polusCases as Case<FlowInput>[]],
];

function load(file: string): Policy {
  const loaded = loadPolicyFile(file);
  if (!loaded.ok) throw new Error("message" in loaded ? loaded.message : loaded.findings.map((f) => f.message).join("; "));
  return loaded.policy;
}

describe.each(bundled)("%s loaded from its YAML file at run time", (id, policy, cases) => {
  // A copy outside the package, as a user's own policy file would be.
  const file = join(dir, `${id}.policy.yaml`);
  copyFileSync(join(root, "policies", `${id}.policy.yaml`), file);
  const loaded = load(file);

  it("decides every realistic case as the bundled policy does", () => {
    const guard = createGuard(loaded);
    for (const c of cases) expectCase(guard.check, c);
    const flows = cases.map((c) => c.flow);
    expect(checkFlows(compilePolicy(loaded), flows)).toEqual(checkFlows(compilePolicy(policy), flows));
  });

  it("finds the same contradictions", () => {
    expect(analyzePolicy(loaded)).toEqual(analyzePolicy(policy));
  });
});

describe("a user's own policy file", () => {
  it("guards flows, and a change to the file changes the verdict", () => {
    const text = readFileSync(join(root, "test/fixtures/lint/fixture.policy.yaml"), "utf8");
    const file = join(dir, "own.policy.yaml");
    writeFileSync(file, text);
    const guard = createGuard(load(file));
    const flow: FlowInput = { id: "signup", description: "Sign-up form", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] };
    expect(guard.check(flow).verdict).toBe("clear");
    expect(() => guard.assert({ ...flow, id: "sell", action: "sell", recipient: "third-party" })).toThrow(PolicyViolationError);
  });

  it("reports an invalid policy file with its line and column", () => {
    const file = join(dir, "broken.policy.yaml");
    writeFileSync(file, readFileSync(join(root, "test/fixtures/lint/fixture.policy.yaml"), "utf8").replace(/maxDelay: P30D/, "maxDelay: 30 days"));
    const loaded = loadPolicyFile(file);
    expect(loaded.ok).toBe(false);
    expect("message" in loaded && loaded.message).toMatch(/broken\.policy\.yaml:38:15: retention\.0\.maxDelay: expected an ISO 8601 duration/);
  });
});
