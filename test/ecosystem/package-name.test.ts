/**
 * The npm name: pledge is published as `privacy-pledge` (the name `pledge` belongs to an unrelated
 * package), with the command `pledge`. The README's install line, every import the docs show, the
 * schemas' `$id`s and the starter manifest's schema line must all name the package.json name.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, pledge } from "../cli/helpers.js";

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
};
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const docs = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("the npm name", () => {
  it("is privacy-pledge, with the bin pledge", () => {
    expect(packageJson.name).toBe("privacy-pledge");
    expect(Object.keys(packageJson.bin)).toEqual(["pledge"]);
  });

  it("the README's install line installs the package.json name", () => {
    const lines = [...README.matchAll(/^npm (?:install|i)\b(.*)$/gm)].map((m) => m[1]!.trim().split(/\s+/));
    expect(lines).toHaveLength(1);
    const packages = lines[0]!.filter((word) => !word.startsWith("-"));
    expect(packages).toEqual([packageJson.name]);
  });

  it("every import shown in the README and docs/ names the package or one of its exports", () => {
    const entries = Object.keys(packageJson.exports)
      .filter((e) => !e.includes("*") && e !== "./package.json")
      .map((e) => (e === "." ? packageJson.name : `${packageJson.name}/${e.slice(2)}`));
    let count = 0;
    for (const file of docs) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const m of text.matchAll(/(?:^import [^\n]*? from|^\} from|require\()\s*"([^"]+)"/gm)) {
        count++;
        expect(entries, `${file}: import from "${m[1]}"`).toContain(m[1]);
      }
    }
    expect(count).toBeGreaterThan(5);
  });

  it("every schema's $id is its own file in this version of the published package", () => {
    const schemas = readdirSync(join(ROOT, "schemas")).filter((f) => f.endsWith(".schema.json"));
    expect(schemas.length).toBeGreaterThanOrEqual(6);
    for (const file of schemas) {
      const json = JSON.parse(readFileSync(join(ROOT, "schemas", file), "utf8")) as { $id: string };
      expect(json.$id).toBe(`https://unpkg.com/${packageJson.name}@${packageJson.version}/schemas/${file}`);
    }
  });

  it("the README's modeline points into node_modules/<name>/schemas/, and pledge init's fallback URL is the $id", () => {
    const modelines = [...README.matchAll(/\$schema=(\S+)/g)].map((m) => m[1]!);
    expect(modelines.length).toBeGreaterThan(0);
    for (const m of modelines) expect(m).toMatch(new RegExp(`^node_modules/${packageJson.name}/schemas/[a-z]+\\.manifest\\.schema\\.json$`));
    const bare = mkdtempSync(join(tmpdir(), "pledge-name-"));
    try {
      const init = pledge(["init", "pocketo"], { cwd: bare });
      expect(init.stdout.split("\n")[0]).toBe(`# yaml-language-server: $schema=https://unpkg.com/${packageJson.name}@${packageJson.version}/schemas/pocketo.manifest.schema.json`);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
