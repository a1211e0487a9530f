/**
 * `pledge lint --format sarif` as its real consumers take it:
 *
 * - the OASIS SARIF 2.1.0 schema (errata 01), with ajv (draft-04) and formats;
 * - GitHub's upload validator: codeql-action's bundled schema with jsonschema 1.5.0, replaying
 *   `validateSarifFileSchema` (URI format errors are its warnings; both must be zero);
 * - GitHub's documented field list ("SARIF support for code scanning", github/docs
 *   `content/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning.md`):
 *   every property marked required, its length limits and allowed values, and
 *   `partialFingerprints.primaryLocationLineHash` ("Code scanning only uses the
 *   `primaryLocationLineHash`");
 * - GitHub's path rule: URIs relative to the repository root, also when run from a subfolder.
 *
 * The schemas are vendored in test/ecosystem/vendor/ (sources and commits in its README).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { Validator, type Schema } from "jsonschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineHashes } from "../../src/cli/format/line-hash.js";
import { FINDING_CODES } from "../../src/findings.js";
import { FIXTURES, pledge, ROOT } from "../cli/helpers.js";
import { TODAY, writeManifest } from "./project.js";

const VENDOR = join(import.meta.dirname, "vendor");
const vendored = (file: string) => readFileSync(join(VENDOR, file), "utf8");

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const oasis = ajv.compile(JSON.parse(vendored("sarif-schema-2.1.0.json")) as object);
const githubSchema = JSON.parse(vendored("codeql-action-sarif-schema-2.1.0.json")) as Schema;

/** codeql-action's validateSarifFileSchema: errors, and the URI format errors it logs as warnings. */
function uploadValidation(log: unknown): { errors: string[]; uriWarnings: string[] } {
  const result = new Validator().validate(log, githubSchema);
  const isUri = (e: (typeof result.errors)[number]) => e.name === "format" && typeof e.argument === "string" && ["uri-reference", "uri"].includes(e.argument);
  return { errors: result.errors.filter((e) => !isUri(e)).map((e) => e.stack), uriWarnings: result.errors.filter(isUri).map((e) => e.stack) };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Every way a log breaks GitHub's documented list of supported properties. */
function githubFieldProblems(log: any): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (value: unknown, max = Infinity) => typeof value === "string" && value.length > 0 && value.length <= max;
  need(text(log.$schema), "sarifLog.$schema");
  need(log.version === "2.1.0", "sarifLog.version is 2.1.0");
  need(Array.isArray(log.runs) && log.runs.length > 0, "sarifLog.runs[]");
  for (const run of log.runs ?? []) {
    const driver = run.tool?.driver;
    need(text(driver?.name), "toolComponent.name");
    need(Array.isArray(driver?.rules), "toolComponent.rules[]");
    need(Array.isArray(run.results), "run.results[]");
    for (const rule of driver?.rules ?? []) {
      need(text(rule.id), "reportingDescriptor.id");
      need(rule.name === undefined || text(rule.name, 255), `${rule.id}: name up to 255 characters`);
      need(text(rule.shortDescription?.text, 1024), `${rule.id}: shortDescription.text up to 1024 characters`);
      need(text(rule.fullDescription?.text, 1024), `${rule.id}: fullDescription.text up to 1024 characters`);
      need(text(rule.help?.text), `${rule.id}: help.text`);
      need(["note", "warning", "error"].includes(rule.defaultConfiguration?.level), `${rule.id}: defaultConfiguration.level`);
      need(["very-high", "high", "medium", "low"].includes(rule.properties?.precision), `${rule.id}: properties.precision`);
      need(["error", "warning", "recommendation"].includes(rule.properties?.["problem.severity"]), `${rule.id}: properties.problem.severity`);
    }
    for (const result of run.results ?? []) {
      const where = `${result.ruleId}@${JSON.stringify(result.locations?.[0]?.physicalLocation?.region)}`;
      need(driver?.rules?.[result.ruleIndex]?.id === result.ruleId, `${where}: ruleIndex names ruleId`);
      need(text(result.message?.text), `${where}: message.text`);
      need(Array.isArray(result.locations) && result.locations.length >= 1 && result.locations.length <= 10, `${where}: 1 to 10 locations`);
      const physical = result.locations?.[0]?.physicalLocation;
      need(text(physical?.artifactLocation?.uri), `${where}: artifactLocation.uri`);
      for (const key of ["startLine", "startColumn", "endLine", "endColumn"]) need(Number.isInteger(physical?.region?.[key]) && physical.region[key] >= 1, `${where}: region.${key}`);
      need(/^[0-9a-f]{1,16}:[1-9]\d*$/.test(result.partialFingerprints?.primaryLocationLineHash ?? ""), `${where}: partialFingerprints.primaryLocationLineHash`);
    }
  }
  return problems;
}

const sarifOf = (args: string[], cwd = ROOT) => {
  const run = pledge(["lint", ...args, "--format", "sarif"], { cwd });
  return { code: run.code, log: JSON.parse(run.stdout) as any, stderr: run.stderr };
};

describe("SARIF against the OASIS schema, GitHub's upload validator and GitHub's field list", () => {
  let dir: string;
  let logs: Record<string, any>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pledge-sarif-"));
    writeManifest(dir, "app.flows.yaml");
    writeFileSync(join(dir, "broken.flows.yaml"), "policy: pocketo\nflows:\n  - { id: chat, description: Chat, action: share, data: [chat-content], recipient: opnai, purposes: [ai-chat] }\n  - id: [\n");
    logs = {
      examples: sarifOf(["examples"]).log,
      waived: sarifOf(["app.flows.yaml", "--sarif-include-suppressed", "--now", TODAY], dir).log,
      inputErrors: sarifOf(["broken.flows.yaml"], dir).log,
      clean: sarifOf([`${FIXTURES}/clean`]).log,
      absolute: sarifOf([join(ROOT, "examples/pomeg/violations.flows.yaml")], dir).log,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the runs under test have what they are meant to have", () => {
    const json = JSON.parse(pledge(["lint", "examples", "--format", "json"]).stdout) as { errorCount: number; warningCount: number }[];
    expect(logs.examples.runs[0].results.length).toBe(json.reduce((n, f) => n + f.errorCount + f.warningCount, 0));
    expect(logs.examples.runs[0].results.length).toBeGreaterThan(50);
    expect(logs.waived.runs[0].results.filter((r: any) => r.suppressions).length).toBe(1);
    expect(logs.inputErrors.runs[0].results.map((r: any) => r.ruleId)).toContain("parse-error");
    expect(logs.clean.runs[0].results).toEqual([]);
    expect(logs.absolute.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\//);
  });

  it("are valid against the OASIS SARIF 2.1.0 schema", () => {
    for (const [name, log] of Object.entries(logs)) {
      const valid = oasis(log);
      expect(oasis.errors ?? [], name).toEqual([]);
      expect(valid, name).toBe(true);
    }
  });

  it("pass codeql-action's upload validation with no error and no URI warning", () => {
    for (const [name, log] of Object.entries(logs)) expect(uploadValidation(log), name).toEqual({ errors: [], uriWarnings: [] });
  });

  it("the validators are not vacuous: a broken log fails both", () => {
    const broken = structuredClone(logs.examples);
    broken.runs[0].results[0].level = "fatal";
    delete broken.runs[0].tool.driver.name;
    expect(oasis(broken)).toBe(false);
    expect(uploadValidation(broken).errors.length).toBeGreaterThan(0);
    expect(githubFieldProblems(broken).length).toBeGreaterThan(0);
  });

  it("give every property GitHub's documentation marks required, within its limits", () => {
    for (const [name, log] of Object.entries(logs)) {
      // A file that cannot be read (none here) would lack the line hash, as upload-sarif would.
      expect(githubFieldProblems(log), name).toEqual([]);
    }
  });

  it("name every finding code as a rule, with informationUri and helpUri", () => {
    const driver = logs.examples.runs[0].tool.driver;
    expect(driver.rules.map((r: any) => r.id)).toEqual([...FINDING_CODES]);
    expect(driver.informationUri).toMatch(/^https:\/\/www\.npmjs\.com\/package\/privacy-pledge\/v\/\d+\.\d+\.\d+$/);
    for (const rule of driver.rules) expect(rule.helpUri).toBe(`${driver.informationUri}#verdicts-and-findings`);
  });

  it("carry the primaryLocationLineHash upload-sarif computes from the file", () => {
    for (const result of logs.examples.runs[0].results) {
      const { uri } = result.locations[0].physicalLocation.artifactLocation;
      const line = result.locations[0].physicalLocation.region.startLine;
      const expected = lineHashes(readFileSync(join(ROOT, decodeURIComponent(uri)), "utf8"), [line]).get(line);
      expect(result.partialFingerprints).toEqual({ primaryLocationLineHash: expected });
    }
  });

  it("hash a manifest larger than one read, with a character split between two reads, as the whole text", () => {
    // A comment pads the file so that the first read (1 MiB) ends inside the third "€" of the
    // flow's description, within the 100 characters its line's hash covers.
    const head = "policy: pocketo\n# ";
    const flowStart = "\nflows:\n  - { description: \"";
    const pad = (1 << 20) - Buffer.byteLength(head + flowStart) - 7;
    const text = `${head}${"x".repeat(pad)}${flowStart}${"\u20ac".repeat(10)}\", id: gps, action: collect, data: [precise-location], recipient: first-party, purposes: [ai-chat] }\n`;
    expect(Buffer.from(text)[1 << 20]! & 0xc0).toBe(0x80); // a continuation byte: the character is split
    writeFileSync(join(dir, "large.flows.yaml"), text);
    const results = sarifOf(["large.flows.yaml", "--now", TODAY], dir).log.runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.region.startLine])).toContainEqual(["flow-incorrect", 4]);
    for (const result of results) {
      const line = result.locations[0].physicalLocation.region.startLine;
      expect(result.partialFingerprints).toEqual({ primaryLocationLineHash: lineHashes(text, [line]).get(line) });
    }
  });

  it("keep an alert's fingerprint when lines are added above it", () => {
    const before = sarifOf(["app.flows.yaml", "--now", TODAY], dir).log.runs[0].results;
    expect(before.length).toBeGreaterThan(2);
    const text = readFileSync(join(dir, "app.flows.yaml"), "utf8");
    writeFileSync(join(dir, "shifted.flows.yaml"), text.replace("flows:\n", "# reviewed by legal\n\nflows:\n"));
    const after = sarifOf(["shifted.flows.yaml", "--now", TODAY], dir).log.runs[0].results;
    expect(after.map((r: any) => r.locations[0].physicalLocation.region.startLine)).toEqual(before.map((r: any) => r.locations[0].physicalLocation.region.startLine + 2));
    expect(after.map((r: any) => r.partialFingerprints)).toEqual(before.map((r: any) => r.partialFingerprints));
  });
});

describe("SARIF URIs are relative to the repository root", () => {
  let repo: string;
  const uris = (log: any) => log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation) as { uri: string; uriBaseId?: string }[];
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "pledge-repo-"));
    mkdirSync(join(repo, ".git"));
    writeManifest(repo, "my dir/x.flows.yaml");
    writeManifest(repo, "packages/app/app.flows.yaml");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("from the root, from a subfolder, and from a monorepo package (found from .git)", () => {
    for (const [cwd, target, expected] of [
      [repo, "my dir", "my%20dir/x.flows.yaml"],
      [join(repo, "packages"), "../my dir", "my%20dir/x.flows.yaml"],
      [join(repo, "packages/app"), ".", "packages/app/app.flows.yaml"],
    ] as const) {
      const { code, log } = sarifOf([target], cwd);
      expect(code).toBe(1);
      expect(new Set(uris(log).map((u) => `${u.uriBaseId} ${u.uri}`))).toEqual(new Set([`%SRCROOT% ${expected}`]));
      expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: `file://${repo}/` } });
    }
  });

  it("from --base-dir when given, and as a file: URI for a file outside it", () => {
    const { log } = sarifOf([".", "--base-dir", ".."], join(repo, "packages/app"));
    expect(uris(log)[0]).toEqual({ uri: "app/app.flows.yaml", uriBaseId: "%SRCROOT%" });
    const outside = sarifOf(["../../my dir", "--base-dir", "."], join(repo, "packages/app")).log;
    expect(uris(outside)[0]).toEqual({ uri: `file://${repo.split("/").map(encodeURIComponent).join("/")}/my%20dir/x.flows.yaml` });
    expect(pledge(["lint", ".", "--format", "sarif", "--base-dir", "nowhere"], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringContaining("pledge lint: --base-dir nowhere is not a folder\n") });
  });

  it("standard input with --stdin-filename is located like the file it names", () => {
    const text = readFileSync(join(repo, "packages/app/app.flows.yaml"), "utf8");
    const run = pledge(["lint", "-", "--stdin-filename", "app.flows.yaml", "--format", "sarif"], { cwd: join(repo, "packages/app"), input: text });
    const log = JSON.parse(run.stdout);
    expect(uris(log)[0]).toEqual({ uri: "packages/app/app.flows.yaml", uriBaseId: "%SRCROOT%" });
    expect(log.runs[0].results[0].partialFingerprints.primaryLocationLineHash).toMatch(/:\d+$/);
  });

  it("the vendored schemas are the files their README names", () => {
    const readme = vendored("README.md");
    for (const file of ["sarif-schema-2.1.0.json", "codeql-action-sarif-schema-2.1.0.json", "jenkins-junit-10.xsd"]) {
      const sha = createHash("sha256").update(readFileSync(join(VENDOR, file))).digest("hex");
      expect(readme, file).toMatch(new RegExp(`\\| \`${file.replace(/\./g, "\\.")}\` \\|[^\\n]*\`${sha}\` \\|`));
    }
  });
});
