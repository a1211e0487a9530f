/**
 * The dual-package hazard: the ESM build (dist/index.js) and the CommonJS build (dist/index.cjs)
 * each hold their own copy of the error classes, and an application may load both (its code
 * imports, a dependency requires). `instanceof` must hold in both directions anyway. Runs on the
 * built package (`npm test` builds first).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";

type Build = typeof import("../../src/index.js");

const BAD_FLOW = { id: "sell", description: "x", action: "sell", data: ["email-address"], recipient: "data-broker", purposes: ["advertising"] } as const;

/** What `build` throws for a violating flow, and for an invalid policy. */
function thrownBy(build: Build): { violation: unknown; invalid: unknown } {
  let violation: unknown;
  let invalid: unknown;
  try {
    build.createGuard(build.pocketo as never).assert(BAD_FLOW as never);
  } catch (error) {
    violation = error;
  }
  try {
    const policy = build.pocketo;
    build.compilePolicy({ ...policy, statements: [{ ...policy.statements[0]!, data: ["no-such-term"] }] } as never);
  } catch (error) {
    invalid = error;
  }
  return { violation, invalid };
}

describe("instanceof across the ESM and CommonJS builds", () => {
  let esm: Build;
  let cjs: Build;
  beforeAll(async () => {
    expect(existsSync(join(ROOT, "dist/index.cjs")), "npm test builds dist/ first").toBe(true);
    esm = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as Build;
    cjs = createRequire(import.meta.url)(join(ROOT, "dist/index.cjs")) as Build;
  });

  it("the two builds really are two copies", () => {
    expect(esm.PolicyViolationError).not.toBe(cjs.PolicyViolationError);
    expect(esm.PolicyInvalidError).not.toBe(cjs.PolicyInvalidError);
  });

  it.each([
    ["ESM", "CommonJS"],
    ["CommonJS", "ESM"],
  ] as const)("an error thrown by the %s build is an instance of the %s build's class (and its own)", (from, to) => {
    const [thrower, other] = from === "ESM" ? [esm, cjs] : [cjs, esm];
    const { violation, invalid } = thrownBy(thrower);
    expect(violation, `${from} throws`).toBeDefined();
    expect(invalid, `${from} throws`).toBeDefined();
    for (const build of [thrower, other]) {
      expect(violation instanceof build.PolicyViolationError, `${from} violation vs ${to}`).toBe(true);
      expect(invalid instanceof build.PolicyInvalidError, `${from} invalid vs ${to}`).toBe(true);
      // And never the other class.
      expect(violation instanceof build.PolicyInvalidError).toBe(false);
      expect(invalid instanceof build.PolicyViolationError).toBe(false);
    }
    expect(violation instanceof Error).toBe(true);
    expect((violation as InstanceType<Build["PolicyViolationError"]>).result.verdict).toBe("omitted");
    expect((invalid as InstanceType<Build["PolicyInvalidError"]>).findings[0]?.code).toBe("unknown-term");
  });

  it("look-alikes are not instances: a plain Error, an object named like one, null", () => {
    const named = Object.assign(new Error("x"), { name: "PolicyViolationError", result: {} });
    for (const build of [esm, cjs]) {
      for (const value of [new Error("x"), named, { name: "PolicyInvalidError" }, null, undefined, "PolicyViolationError"]) {
        expect(value instanceof build.PolicyViolationError).toBe(false);
        expect(value instanceof build.PolicyInvalidError).toBe(false);
      }
    }
  });

  it("a subclass keeps the ordinary check: its instances are its own and the base class's", () => {
    class AppViolation extends esm.PolicyViolationError {}
    const { violation } = thrownBy(cjs);
    const sub = new AppViolation((violation as InstanceType<Build["PolicyViolationError"]>).result);
    expect(sub instanceof AppViolation).toBe(true);
    expect(sub instanceof esm.PolicyViolationError).toBe(true);
    expect(sub instanceof cjs.PolicyViolationError).toBe(true);
    expect(violation instanceof AppViolation).toBe(false);
  });
});
