import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, hasStack, pledge, ROOT, type JsonFile, type Run } from "./helpers.js";

/** One run over every bad fixture; each test reads its file's messages. */
let run: Run;
let byFile: Map<string, JsonFile>;
const messages = (name: string) => {
  const file = byFile.get(name);
  if (!file) throw new Error(`no result for ${name}`);
  return file.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column, message: m.message }));
};

beforeAll(() => {
  run = pledge(["lint", `${FIXTURES}/bad`, `${FIXTURES}/yaml11.flows.yaml`, "--format", "json"]);
  byFile = new Map((JSON.parse(run.stdout) as JsonFile[]).map((f) => [f.filePath.slice(resolve(ROOT, FIXTURES).length + 1), f]));
});

describe("bad input: every case a located message, exit code 2, no stack trace", () => {
  it("exits 2 and prints no stack trace", () => {
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    expect(hasStack(run.stdout)).toBe(false);
  });

  it("YAML syntax errors", () => {
    expect(messages("bad/syntax.flows.yaml")).toEqual([{ ruleId: "parse-error", line: 5, column: 5, message: "missed comma between flow collection entries" }]);
  });

  it("JSON syntax errors, with line and column", () => {
    expect(messages("bad/syntax.flows.json")).toEqual([{ ruleId: "parse-error", line: 4, column: 22, message: 'expected "," or "}" after a value, found a string' }]);
    expect(messages("bad/trailing-comma.flows.json")).toEqual([{ ruleId: "parse-error", line: 4, column: 1, message: "trailing comma before }" }]);
  });

  const schemaErrors = (name: string) => messages(name).filter((m) => m.ruleId === "schema-invalid");

  it("unknown keys point at the key, not the value", () => {
    expect(schemaErrors("bad/unknown-key.flows.yaml")).toEqual([{ ruleId: "schema-invalid", line: 7, column: 5, message: 'unknown key "recipent"' }]);
  });

  it("a misspelt key hides nothing else: the rest of the manifest is still checked", () => {
    expect(messages("bad/unknown-key-and-more.flows.yaml")).toEqual([
      { ruleId: "unknown-term", line: 6, column: 12, message: 'unknown data term "emial-address" (did you mean "email-address" or "ip-address"?)' },
      { ruleId: "schema-invalid", line: 9, column: 5, message: 'unknown key "retention"' },
      { ruleId: "duplicate-id", line: 10, column: 9, message: 'duplicate id "signup" (first used at flows[0])' },
    ]);
  });

  it("unknown terms, with did-you-mean", () => {
    expect(messages("bad/unknown-term.flows.yaml")).toEqual([
      { ruleId: "unknown-term", line: 6, column: 12, message: 'unknown data term "emial-address" (did you mean "email-address" or "ip-address"?)' },
    ]);
  });

  it("duplicate flow ids and duplicate keys", () => {
    expect(messages("bad/duplicate-id.flows.yaml")).toEqual([{ ruleId: "duplicate-id", line: 9, column: 9, message: 'duplicate id "signup" (first used at flows[0])' }]);
    expect(messages("bad/duplicate-key.flows.yaml")).toEqual([{ ruleId: "parse-error", line: 6, column: 5, message: 'duplicate key "action" in a mapping (a key may appear once)' }]);
  });

  it("__proto__ and constructor keys are data: unknown keys, located", () => {
    expect(schemaErrors("bad/proto.flows.yaml")).toEqual([
      { ruleId: "schema-invalid", line: 9, column: 5, message: 'unknown key "__proto__"' },
      { ruleId: "schema-invalid", line: 10, column: 5, message: 'unknown key "constructor"' },
    ]);
    expect(schemaErrors("bad/proto.flows.json")).toEqual([{ ruleId: "schema-invalid", line: 3, column: 3, message: 'unknown key "__proto__"' }]);
  });

  it("alias bombs are refused", () => {
    expect(messages("bad/bomb.flows.yaml")).toEqual([
      { ruleId: "parse-error", line: 6, column: 8, message: "aliases expand the 102 values written into 15772 (no more than 99 % of a document this size may come from aliases); refusing it (an alias bomb?)" },
    ]);
  });

  it("empty, blank and binary files are refused", () => {
    expect(messages("bad/empty.flows.yaml")).toEqual([{ ruleId: "input-refused", line: 1, column: 1, message: "this file is empty" }]);
    expect(messages("bad/blank.flows.yaml")).toEqual([{ ruleId: "input-refused", line: 1, column: 1, message: "this file holds no manifest (only comments or blank lines)" }]);
    expect(messages("bad/binary.flows.yaml")).toEqual([{ ruleId: "input-refused", line: 1, column: 1, message: "this file is a binary file (it contains NUL bytes), not YAML or JSON text" }]);
  });

  it("unknown policies, wrong types, invalid durations and dates", () => {
    expect(messages("bad/unknown-policy.flows.yaml")).toEqual([{ ruleId: "unknown-policy", line: 1, column: 9, message: 'unknown policy "acme"; the bundled policies are pocketo, polus, pomeg' }]);
    expect(messages("bad/types.flows.yaml")).toEqual([
      { ruleId: "schema-invalid", line: 6, column: 11, message: "flows.0.data: expected array, got string" },
      { ruleId: "schema-invalid", line: 13, column: 57, message: "deletion.0.steps.0.after: expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)" },
      { ruleId: "schema-invalid", line: 15, column: 64, message: "waivers.0.expires: expected a calendar date written YYYY-MM-DD, such as 2026-12-31" },
    ]);
  });

  it("YAML 1.1 booleans and dates are not coerced: yes and 2026-01-01 stay strings", () => {
    // `id: yes` and `description: 2026-01-01` pass as strings; `on` is an unknown purpose, not true.
    expect(messages("yaml11.flows.yaml")).toEqual([
      { ruleId: "unknown-term", line: 9, column: 16, message: 'unknown purpose term "on" (did you mean "authentication" or "fraud-prevention" or "performance-monitoring"?)' },
    ]);
  });
});

describe("bad input: files refused before reading", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pledge-bad-"));
    // A sparse file over the 64 MiB limit: refused by its size, never read.
    const fd = openSync(join(dir, "huge.flows.yaml"), "w");
    ftruncateSync(fd, 64 * 1024 * 1024 + 1);
    closeSync(fd);
    writeFileSync(join(dir, "latin1.flows.yaml"), Buffer.from([0x70, 0x6f, 0x6c, 0x69, 0x63, 0x79, 0x3a, 0x20, 0xe9, 0x0a]));
    const deep = `policy: pomeg\nflows: ${"[".repeat(200)}${"]".repeat(200)}\n`;
    writeFileSync(join(dir, "deep.flows.yaml"), deep);
    writeFileSync(join(dir, "deep.flows.json"), `{"policy": "pomeg", "flows": ${"[".repeat(100000)}${"]".repeat(100000)}}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("too large, not UTF-8, nested too deeply", () => {
    const result = pledge(["lint", dir, "--format", "json"]);
    expect(result.code).toBe(2);
    expect(hasStack(result.stdout + result.stderr)).toBe(false);
    const files = JSON.parse(result.stdout) as JsonFile[];
    const by = (name: string) => files.find((f) => f.filePath.endsWith(name))?.messages.map((m) => [m.ruleId, m.line, m.column, m.message]);
    expect(by("huge.flows.yaml")).toEqual([["input-refused", 1, 1, "this file is 67108865 bytes, over the limit of 67108864 bytes"]]);
    expect(by("latin1.flows.yaml")).toEqual([["input-refused", 1, 1, "this file is not UTF-8 text (a binary file?)"]]);
    expect(by("deep.flows.yaml")).toEqual([["parse-error", 2, 71, "collections nest deeper than 64 levels"]]);
    expect(by("deep.flows.json")).toEqual([["parse-error", 1, 94, "collections nest deeper than 64 levels"]]);
  });
});
