import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseManifest } from "../../src/manifest/validate.js";
import { parseSource } from "../../src/source/parse.js";

const root = join(import.meta.dirname, "../..");
const schema = (name: string) => JSON.parse(readFileSync(join(root, "schemas", name), "utf8")) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const { name: packageName, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
const SCHEMA_BASE = `https://unpkg.com/${packageName}@${version}/schemas/`;
const validator = (name: string) => ajv.getSchema(`${SCHEMA_BASE}${name}`) ?? ajv.compile(schema(name));

function examples(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.flows\.(ya?ml|json)$/.test(entry.name)) found.push(path);
    }
  };
  walk(join(root, "examples"));
  return found.sort();
}

/** Validates a manifest text the way `pledge lint` starts: parse, check the shape, locate each finding. */
function shapeErrors(text: string): string[] {
  const parsed = parseSource(text);
  if (!parsed.ok) return parsed.errors.map((e) => `${e.region.line}:${e.region.column} ${e.message}`);
  return parsed.documents.flatMap((document) => {
    const result = parseManifest(document.value);
    if (result.ok) return [];
    return result.findings.map((f) => {
      const at = f.at === "key" ? document.locateKey(f.path) : document.locate(f.path);
      return `${at.line}:${at.column} ${f.message}`;
    });
  });
}

const VALID = `policy: pocketo
flows:
  - id: chat-to-openai
    description: Chat prompts go to OpenAI
    action: share
    data: [personal-data]
    recipient: third-party
    purposes: [service-provision]
deletion:
  - id: account
    trigger: account-deletion-requested
    steps:
      - { data: [personal-data], store: primary, after: P30D }
`;

describe("the manifest schema", () => {
  const files = examples();

  it("has example manifests to check", () => expect(files.length).toBeGreaterThan(0));

  it.each(files.map((file) => [file.slice(root.length + 1), file]))("accepts %s (zod and JSON Schema)", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(shapeErrors(text)).toEqual([]);
    const value = parse(text, { version: "1.2" }) as { policy: string };
    const generic = validator("manifest.schema.json");
    expect(generic(value), JSON.stringify(generic.errors)).toBe(true);
    const own = validator(`${value.policy}.manifest.schema.json`);
    expect(own(value), JSON.stringify(own.errors)).toBe(true);
  });

  it("accepts a minimal manifest", () => expect(shapeErrors(VALID)).toEqual([]));

  it("rejects an unknown key, naming it with its line and column", () => {
    const text = VALID.replace("    action: share\n", "    action: share\n    recipents: [openai]\n");
    expect(shapeErrors(text)).toEqual(['6:5 unknown key "recipents"']);
    expect(validator("manifest.schema.json")(parse(text))).toBe(false);
  });

  it("rejects a wrong type with its path and place", () => {
    const text = VALID.replace("data: [personal-data]", "data: personal-data");
    expect(shapeErrors(text)).toEqual(["6:11 flows.0.data: expected array, got string"]);
  });

  it("rejects a bad duration with its path and place", () => {
    const text = VALID.replace("after: P30D", "after: 30 days");
    expect(shapeErrors(text)).toEqual(["13:57 deletion.0.steps.0.after: expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)"]);
    expect(validator("manifest.schema.json")(parse(text))).toBe(false);
  });

  it("rejects an impossible waiver date", () => {
    const text = `${VALID}waivers:\n  - { flow: chat-to-openai, reason: reviewed, expires: 2026-02-30 }\n`;
    expect(shapeErrors(text)).toEqual(["15:56 waivers.0.expires: expected a calendar date written YYYY-MM-DD, such as 2026-12-31"]);
  });

  it("reports a missing required field", () => {
    const text = VALID.replace("    description: Chat prompts go to OpenAI\n", "");
    expect(shapeErrors(text)).toEqual(["3:5 flows.0.description: missing required string"]);
  });

  it("rejects a step with both a delay and an instant", () => {
    const text = VALID.replace("after: P30D", "after: P30D, at: 2026-12-01T00:00:00Z");
    expect(shapeErrors(text)[0]).toMatch(/exactly one of after \(a delay\), at \(an instant\) or keep/);
  });

  it("keeps __proto__ and constructor as data and reports them as unknown keys", () => {
    const text = `policy: pocketo\n__proto__: { polluted: true }\nconstructor: 1\n`;
    expect(shapeErrors(text)).toEqual(['2:1 unknown key "__proto__"', '3:1 unknown key "constructor"']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("recovers the manifest without its unknown keys, leaving the input untouched", () => {
    const value = JSON.parse(`{ "policy": "pocketo", "flows": [], "__proto__": { "polluted": true }, "note": 1 }`) as Record<string, unknown>;
    const result = parseManifest(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.findings.map((f) => f.message)).toEqual(['unknown key "__proto__"', 'unknown key "note"']);
    expect(result.recovered).toMatchObject({ policy: "pocketo", flows: [] });
    expect(Object.keys(result.recovered ?? {})).not.toContain("__proto__");
    expect(Object.keys(value)).toEqual(["policy", "flows", "__proto__", "note"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports an unknown key holding a value that cannot be copied, does not throw, and recovers the manifest without it", () => {
    const result = parseManifest({ policy: "pocketo", flows: [], hook: () => 1 });
    expect(result).toMatchObject({ ok: false, findings: [{ message: 'unknown key "hook"' }] });
    expect(result.ok === false && result.recovered !== undefined && "hook" in result.recovered).toBe(false);
  });

  it("recovers nothing when another shape error remains", () => {
    const result = parseManifest({ policy: "pocketo", flows: "none", note: 1 });
    expect(result.ok === false && result.recovered).toBeUndefined();
  });

  it("marks a finding about a key, not its value, with at: key (the loader points at the key)", () => {
    const result = parseManifest({ policy: "pocketo", flows: [{ id: 7, description: "d", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"], recipent: "x" }], note: 1 });
    expect(result.ok === false && result.findings.map((f) => [f.path, f.at])).toEqual([
      [["note"], "key"],
      [["flows", 0, "id"], undefined],
      [["flows", 0, "recipent"], "key"],
    ]);
  });
});

describe("per-policy manifest schemas", () => {
  it("reject a term the policy does not define", () => {
    const value = parse(VALID.replace("recipient: third-party", "recipient: acme-llm")) as object;
    const validate = validator("pocketo.manifest.schema.json");
    expect(validate(value)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/flows/0/recipient");
    expect(validator("manifest.schema.json")(value)).toBe(true);
  });

  it("carry an $id so manifests can name them", () => {
    for (const name of ["manifest.schema.json", "policy.schema.json", "pomeg.manifest.schema.json", "pocketo.manifest.schema.json", "polus.manifest.schema.json"]) {
      const json = schema(name) as { $id?: string; $schema?: string };
      expect(json.$id).toBe(`${SCHEMA_BASE}${name}`);
      expect(json.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    }
  });
});
