import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInContext, createContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { createGuard, pocketo, pomeg, type FlowResult } from "../../src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("the core runs in a browser or an edge runtime", () => {
  it("no module of the engine imports from Node", () => {
    const dir = `${root}src/engine/`;
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(dir + file, "utf8"), file).not.toMatch(/from\s+["']node:|import\(["']node:|require\(/);
  });

  it("bundles for the browser with no node: import, and guards a flow inside a bare VM", async () => {
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "pledge",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/\brequire\(/);

    // A context with the language's built-ins and the few web-platform globals every browser and
    // edge runtime has (TextEncoder, URL…), but nothing of Node: no process, require, Buffer or module.
    const context = createContext({ TextEncoder, TextDecoder, URL, URLSearchParams });
    expect(runInContext("typeof process + typeof require + typeof Buffer", context)).toBe("undefinedundefinedundefined");
    runInContext(code, context);
    const verdicts = runInContext(
      `(() => {
        const guard = pledge.createGuard(pledge.pocketo);
        const flow = { id: "signup", description: "Sign-up", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] };
        const sold = { ...flow, id: "sold", action: "sell", recipient: "data-broker", purposes: ["advertising"] };
        let thrown = "";
        try { guard.assert(sold); } catch (error) { thrown = error.name; }
        return JSON.stringify([guard.check(flow), guard.check(sold), thrown]);
      })()`,
      context,
    );
    const [checked, sold, thrown] = JSON.parse(verdicts) as [FlowResult, FlowResult, string];
    // The same results as in Node, and the sale of data to a broker is refused.
    const guard = createGuard(pocketo);
    expect(checked).toEqual(guard.check({ id: "signup", description: "Sign-up", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] }));
    expect(sold.verdict).not.toBe("clear");
    expect(thrown).toBe("PolicyViolationError");
  });

  it("imports dist/index.js as plain ESM in Node", () => {
    const dist = `${root}dist/index.js`;
    expect(existsSync(dist), "dist/index.js is missing: run `npm run build` (npm test does)").toBe(true);
    const script = `
      import { createGuard, pomeg } from ${JSON.stringify(dist)};
      const guard = createGuard(pomeg);
      const result = guard.check({ id: "signup", description: "Sign-up", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] });
      console.log(JSON.stringify({ verdict: result.verdict, frozen: Object.isFrozen(result.findings) }));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const expected = createGuard(pomeg).check({ id: "signup", description: "Sign-up", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] });
    expect(JSON.parse(run.stdout)).toEqual({ verdict: expected.verdict, frozen: true });
  });

  it("builds a core entry (ESM and CJS, with its chunks) that imports nothing from Node", () => {
    const dist = `${root}dist/`;
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(dist + file, "utf8");
      expect(code, file).not.toMatch(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/);
      expect(code, file).not.toMatch(/(?:from\s*|require\s*\(\s*)["'](?:fs|path|os|child_process|url|process|util)["']/);
      for (const match of code.matchAll(/from\s*["']\.\/([^"']+)["']/g)) visit(match[1]!);
    };
    visit("index.js");
    visit("index.cjs");
    expect(seen.size).toBeGreaterThan(2);
  });
});
