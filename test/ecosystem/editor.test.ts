/**
 * Editing a manifest in an editor with the YAML language server (yaml-language-server, what VS
 * Code's Red Hat YAML extension runs): `pledge init` writes a `$schema` modeline that resolves from
 * the manifest's own folder, and the schema it points at gives the diagnostics and completions the
 * CLI's checks promise. The language server runs here with its own schema loader and its own
 * rule for relative modelines (`new URL(relative, document)`), reading the schema from disk.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { TextDocument } from "vscode-languageserver-textdocument";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLanguageService, type LanguageService } from "yaml-language-server";
import { schemaRequestHandler, workspaceContext } from "yaml-language-server/out/server/src/languageservice/services/schemaRequestHandler.js";
import { pledge, ROOT } from "../cli/helpers.js";

const fileSystem = { readFile: async (path: string) => readFileSync(path, "utf8") };

function languageService(): LanguageService {
  const service = getLanguageService({
    // The server's own loader for file: URIs (no connection: nothing here is fetched over the network).
    schemaRequestService: (uri: string) => schemaRequestHandler(undefined as never, uri, [], undefined as never, false, fileSystem as never, false),
    workspaceContext,
  });
  service.configure({ validate: true, completion: true, hover: true, yamlVersion: "1.2" });
  return service;
}

let version = 0;
/** A document at `path` with `text` (each call a new version: the server caches by URI and version). */
const documentAt = (path: string, text: string) => TextDocument.create(pathToFileURL(path).href, "yaml", ++version, text);

describe("pledge init in a project, then yaml-language-server on the manifest", () => {
  let project: string;
  let service: LanguageService;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), "pledge-editor-"));
    // The package installed as npm would: node_modules/privacy-pledge (here, a link to this checkout).
    mkdirSync(join(project, "node_modules"));
    symlinkSync(ROOT, join(project, "node_modules/privacy-pledge"), "dir");
    writeFileSync(join(project, "package.json"), '{ "name": "app", "private": true }\n');
    service = languageService();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("writes a modeline relative to the manifest's folder, creating missing folders", () => {
    const run = pledge(["init", "pocketo", "--output", "privacy/deep/app.flows.yaml"], { cwd: project });
    expect(run).toMatchObject({ code: 0, stderr: "pledge init: wrote privacy/deep/app.flows.yaml\n" });
    const first = readFileSync(join(project, "privacy/deep/app.flows.yaml"), "utf8").split("\n")[0];
    expect(first).toBe("# yaml-language-server: $schema=../../node_modules/privacy-pledge/schemas/pocketo.manifest.schema.json");
    // In a workspace package, the hoisted node_modules at the root is found the way Node finds it.
    const nested = pledge(["init", "pomeg", "--output", "packages/web/pledge.flows.yaml"], { cwd: project });
    expect(nested.code).toBe(0);
    expect(readFileSync(join(project, "packages/web/pledge.flows.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../node_modules/privacy-pledge/schemas/pomeg.manifest.schema.json",
    );
    // Without the package installed anywhere above, the schema's URL on unpkg (this version's file).
    const bare = mkdtempSync(join(tmpdir(), "pledge-bare-"));
    try {
      expect(pledge(["init", "polus"], { cwd: bare }).stdout.split("\n")[0]).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/privacy-pledge@\d+\.\d+\.\d+\/schemas\/polus\.manifest\.schema\.json$/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("the starter manifest loads its schema and has no diagnostics", async () => {
    const path = join(project, "privacy/deep/app.flows.yaml");
    const diagnostics = await service.doValidation(documentAt(path, readFileSync(path, "utf8")), false);
    expect(diagnostics.map((d) => d.message)).toEqual([]);
  });

  it("diagnoses what the CLI refuses, in the CLI's words", async () => {
    const path = join(project, "privacy/deep/app.flows.yaml");
    const starter = readFileSync(path, "utf8");
    const text = starter
      .replace(
        "flows: []",
        "flows:\n  - { id: chat, description: Chat, action: share, data: [chat-content], recipient: opnai, purposes: [ai-chat] }",
      )
      .replace(
        "deletion: []",
        [
          "deletion:",
          "  - id: plan",
          "    trigger: account-deletion-requested",
          "    steps:",
          "      - { data: [personal-data], store: primary, after: 30 days }",
          "      - { data: [personal-data], store: caches, after: P1D, keep: { ground: legal-obligation, reason: tax } }",
          "      - { data: [personal-data], store: logs }",
          "      - { data: [personal-data], store: backups, at: 2026-11-23 }",
        ].join("\n"),
      )
      .replace("waivers: []", "waivers:\n  - { reason: none named, expires: 2027-01-31 }\n  - { rule: flow-vague, reason: a date that is not, expires: 2027-02-30 }");
    const diagnostics = await service.doValidation(documentAt(path, text), false);
    const at = (needle: string) => {
      const line = text.split("\n").findIndex((l) => l.includes(needle));
      return diagnostics.filter((d) => d.range.start.line === line).map((d) => d.message);
    };
    expect(at("recipient: opnai")).toEqual([expect.stringMatching(/^Value is not accepted\. Valid values: .*"openai"/)]);
    expect(at("after: 30 days")).toEqual(["expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)"]);
    const exactlyOne = "a step needs exactly one of after (a delay), at (an instant) or keep (a ground for keeping)";
    expect(at("after: P1D, keep:")).toContain(exactlyOne);
    expect(at("store: logs }")).toEqual([exactlyOne]);
    expect(at("at: 2026-11-23 }")).toEqual(["expected an instant with an offset, such as 2026-11-23T10:00:00Z"]);
    expect(at("reason: none named")).toEqual(["a waiver names a rule, a flow, or both"]);
    expect(at("expires: 2027-02-30")).toEqual(["expected a calendar date written YYYY-MM-DD, such as 2026-12-31"]);
    // The CLI refuses the same file, with the same words.
    writeFileSync(join(project, "privacy/deep/bad.flows.yaml"), text);
    const lint = pledge(["lint", "privacy/deep/bad.flows.yaml"], { cwd: project });
    expect(lint.code).toBe(2);
    for (const message of [exactlyOne, "expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)", "a waiver names a rule, a flow, or both"]) expect(lint.stdout).toContain(message);
  });

  it("completes the policy's own terms", async () => {
    const path = join(project, "privacy/deep/app.flows.yaml");
    const text = readFileSync(path, "utf8").replace("flows: []", "flows:\n  - id: chat\n    recipient: ");
    const line = text.split("\n").findIndex((l) => l === "    recipient: ");
    const completion = await service.doComplete(documentAt(path, text), { line, character: "    recipient: ".length }, false);
    const labels = completion.items.map((i) => i.label).sort();
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas/pocketo.manifest.schema.json"), "utf8"));
    expect(labels).toEqual([...schema.properties.flows.items.properties.recipient.enum].sort());
    expect(labels).toEqual(expect.arrayContaining(["openai", "anthropic", "google", "first-party"]));
  });

  it("the old modeline (node_modules/… from a sub-folder) is what failed: the server cannot load it", async () => {
    const path = join(project, "privacy/deep/old.flows.yaml");
    const text = "# yaml-language-server: $schema=node_modules/privacy-pledge/schemas/pocketo.manifest.schema.json\npolicy: pocketo\n";
    const diagnostics = await service.doValidation(documentAt(path, text), false);
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("Unable to load schema from")]);
  });
});

describe("the manifest schemas as JSON Schema validators read them", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // `errorMessage` is an annotation for editors (as ajv-errors defines it); strict ajv is told so.
  ajv.addKeyword("errorMessage");
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas/pocketo.manifest.schema.json"), "utf8")) as object);
  const manifest = (step: object) => ({ policy: "pocketo", deletion: [{ id: "p", trigger: "account-deletion-requested", steps: [{ data: ["personal-data"], store: "primary", ...step }] }] });

  it("compile in strict mode, and a step needs exactly one of after, at or keep", () => {
    expect(validate(manifest({ after: "P1D" }))).toBe(true);
    expect(validate(manifest({ at: "2026-11-23T10:00:00Z" }))).toBe(true);
    expect(validate(manifest({ keep: { ground: "legal-obligation", reason: "tax" } }))).toBe(true);
    expect(validate(manifest({}))).toBe(false);
    expect(validate(manifest({ after: "P1D", at: "2026-11-23T10:00:00Z" }))).toBe(false);
    expect(validate(manifest({ after: "P1D", keep: { ground: "consent", reason: "r" } }))).toBe(false);
  });

  it("a per-policy schema names its policy", () => {
    expect(validate({ policy: "pomeg" })).toBe(false);
    expect(validate({ policy: "pocketo" })).toBe(true);
  });
});
