/**
 * The public error classes and result helpers: `instanceof` by brand (so that an error from the
 * CommonJS build is an instance of the ESM build's class, and the reverse), ordinary `instanceof`
 * for subclasses, the messages; `verdictRank` and `isViolation`.
 */
import { describe, expect, it } from "vitest";
import { isViolation, PolicyInvalidError, PolicyViolationError, VERDICT_ORDER, verdictRank, type FlowResult } from "../../src/index.js";

const result = (severities: ("error" | "warning")[]): FlowResult => ({
  flowId: "f",
  verdict: "vague",
  findings: severities.map((severity) => ({ code: "flow-vague", severity, message: "m", path: [], rules: [] })),
  rules: [],
  message: "the message",
});

describe("PolicyViolationError and PolicyInvalidError", () => {
  it("are instances by brand, as an error from the other build carries it, and nothing else is", () => {
    const violation = new PolicyViolationError(result(["error"]));
    const invalid = new PolicyInvalidError({ id: "acme" }, []);
    expect([violation instanceof PolicyViolationError, violation instanceof PolicyInvalidError, violation instanceof Error]).toEqual([true, false, true]);
    expect([invalid instanceof PolicyInvalidError, invalid instanceof PolicyViolationError]).toEqual([true, false]);
    const fromOtherBuild = { [Symbol.for("privacy-pledge.PolicyViolationError")]: true };
    expect(fromOtherBuild instanceof PolicyViolationError).toBe(true);
    expect({ [Symbol.for("privacy-pledge.PolicyInvalidError")]: true } instanceof PolicyInvalidError).toBe(true);
    expect({ [Symbol.for("privacy-pledge.PolicyViolationError")]: "yes" } instanceof PolicyViolationError).toBe(false);
    for (const other of [null, undefined, 1, "PolicyViolationError", {}, new Error("x")]) {
      expect(other instanceof PolicyViolationError).toBe(false);
      expect(other instanceof PolicyInvalidError).toBe(false);
    }
  });

  it("a subclass is checked by its prototype, not by the brand", () => {
    class Strict extends PolicyViolationError {}
    class Loose extends PolicyInvalidError {}
    expect([new Strict(result(["error"])) instanceof Strict, new PolicyViolationError(result(["error"])) instanceof Strict, new Strict(result(["error"])) instanceof PolicyViolationError]).toEqual([true, false, true]);
    expect([new Loose(null, []) instanceof Loose, new PolicyInvalidError(null, []) instanceof Loose]).toEqual([true, false]);
  });

  it("say what failed: the result's message, or the policy, the count and the first problem", () => {
    const r = result(["error"]);
    const violation = new PolicyViolationError(r, { cause: "c" });
    expect([violation.name, violation.message, violation.result, violation.cause]).toEqual(["PolicyViolationError", "the message", r, "c"]);
    const finding = { code: "schema-invalid" as const, severity: "error" as const, message: "statements: expected array", path: ["statements"], rules: [] };
    const invalid = new PolicyInvalidError({ id: "acme" }, [finding, finding]);
    expect([invalid.name, invalid.message, invalid.findings.length]).toEqual(["PolicyInvalidError", 'the policy "acme" is not valid: 2 problem(s), first: statements: expected array', 2]);
    expect(new PolicyInvalidError(42, []).message).toBe('the policy "(no id)" is not valid: 0 problem(s)');
  });
});

describe("verdictRank and isViolation", () => {
  it("rank verdicts from clear to the worst, in VERDICT_ORDER", () => {
    expect(VERDICT_ORDER.map(verdictRank)).toEqual(VERDICT_ORDER.map((_, i) => i));
    expect(verdictRank("clear")).toBe(0);
    expect(verdictRank("vague")).toBeLessThan(verdictRank("omitted"));
  });

  it("a result is a violation when some finding is an error, whatever its verdict", () => {
    expect([isViolation(result([])), isViolation(result(["warning"])), isViolation(result(["warning", "error"])), isViolation(result(["error", "warning"]))]).toEqual([false, false, true, true]);
  });
});
