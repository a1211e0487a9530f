/**
 * CommonJS start-up: `require("privacy-pledge")` must not load whole barrels. date-fns is reached
 * through deep imports (`date-fns/add`): its barrel is about 300 modules, loaded in full by a
 * CommonJS require (ESM bundlers tree-shake it, `require()` cannot). Counted, not timed: the time
 * is in the report, measured on this machine (429 → 131 modules).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/helpers.js";

describe("require() of the CommonJS build", () => {
  it("loads a handful of date-fns modules, not its barrel", () => {
    const script = `require(${JSON.stringify(join(ROOT, "dist/index.cjs"))});
      const files = Object.keys(require.cache);
      console.log(JSON.stringify({ all: files.length, dateFns: files.filter((f) => /node_modules[\\\\/]date-fns[\\\\/]/.test(f)).map((f) => f.split(/node_modules[\\\\/]date-fns[\\\\/]/)[1]) }));`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const { all, dateFns } = JSON.parse(run.stdout) as { all: number; dateFns: string[] };
    expect(dateFns).not.toContain("index.cjs");
    expect(dateFns.length).toBeLessThanOrEqual(10);
    expect(dateFns).toContain("add.cjs");
    expect(all).toBeLessThan(200);
  });
});
