import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, FIXTURES, hasStack, pledge, ROOT, type JsonFile, type Run } from "./helpers.js";

const CLEAN = `${FIXTURES}/clean`;
const VIOLATIONS = `${FIXTURES}/violations.flows.yaml`;

describe("pledge lint: exit codes and the stylish format", () => {
  it("exits 0 on clean manifests, with a one-line summary", () => {
    const run = pledge(["lint", CLEAN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("✔ 2 manifests checked: no problems\n");
    expect(run.stderr).toBe("");
  });

  it("exits 1 on findings and prints ESLint-like rows under the file, with the cited clause", () => {
    const run = pledge(["lint", VIOLATIONS]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines[1]).toBe(VIOLATIONS);
    expect(run.stdout).toMatch(/^ {2}13:16 {2}warning {2}sharing "communications" with "cloud-provider" .* {2}flow-vague$/m);
    expect(run.stdout).toMatch(/^ {2}18:12 {2}error {4}selling "email-address" .* {2}flow-incorrect$/m);
    expect(run.stdout).toMatch(/^ {9}f3-no-sale \(§ 3\): "We never sell your personal data\."$/m);
    expect(run.stdout).toMatch(/^ {2}25:57 {2}error {4}.* {2}deletion-late$/m);
    expect(run.stdout.endsWith("✖ 3 problems (2 errors, 1 warning)\n")).toBe(true);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it("colours only when asked (FORCE_COLOR), never with NO_COLOR", () => {
    expect(pledge(["lint", VIOLATIONS], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } }).stdout).toMatch(/\u001b\[31merror/);
    expect(pledge(["lint", VIOLATIONS], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
  });

  it("counts warnings against --max-warnings, and --quiet drops them", () => {
    const vague = `${FIXTURES}/waivers/waivers.flows.yaml`;
    // Pinned after every waiver expired: flow-vague is back as a warning.
    expect(pledge(["lint", CLEAN, "--max-warnings", "0"]).code).toBe(0);
    const strict = pledge(["lint", vague, "--now", "2025-01-01", "--max-warnings", "0", "--format", "json"]);
    expect(strict.code).toBe(1);
    const quiet = pledge(["lint", VIOLATIONS, "--quiet", "--format", "json"]);
    const [file] = JSON.parse(quiet.stdout) as JsonFile[];
    expect(file?.messages.map((m) => m.ruleId)).toEqual(["flow-incorrect", "deletion-late"]);
  });

  it("exits 2 on usage errors with a message and no stack trace", () => {
    for (const args of [["lint", "--format", "xml"], ["lint", "--bogus"], ["lint", "--max-warnings", "many"], ["lint", "--now", "2026-02-30"], ["lint", "-", "-"]]) {
      const run = pledge(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^pledge lint: /);
      expect(hasStack(run.stderr)).toBe(false);
    }
    expect(pledge(["lint", "--format", "xml"]).stderr).toContain('unknown format "xml"; the formats are stylish, json, sarif, junit, github');
    expect(pledge(["lint"], { env: { PLEDGE_NOW: "tomorrow" } }).stderr).toContain('PLEDGE_NOW must be a date written YYYY-MM-DD');
  });

  it("says what --max-warnings takes when it is given a negative number, however it is written", () => {
    for (const args of [["lint", CLEAN, "--max-warnings", "-1"], ["lint", CLEAN, "--max-warnings=-1"], ["lint", "--max-warnings", "-5", CLEAN]]) {
      const run = pledge(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toBe(`pledge lint: --max-warnings takes a whole number of warnings (0 or more), not "${args.includes("-5") ? "-5" : "-1"}"; leave it out for no limit\nRun pledge lint --help for usage.\n`);
    }
  });
});

describe("pledge lint: paths", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pledge-lint-"));
    mkdirSync(join(dir, "app/src"), { recursive: true });
    mkdirSync(join(dir, "node_modules/dep"), { recursive: true });
    mkdirSync(join(dir, ".git"), { recursive: true });
    mkdirSync(join(dir, "docs"), { recursive: true });
    copyFileSync(resolve(ROOT, FIXTURES, "fixture.policy.yaml"), join(dir, "fixture.policy.yaml"));
    const manifest = readFileSync(resolve(ROOT, CLEAN, "app.flows.yaml"), "utf8").replace("../fixture.policy.yaml", "../../fixture.policy.yaml");
    writeFileSync(join(dir, "app/src/a.flows.yaml"), manifest);
    writeFileSync(join(dir, "app/src/b.flows.yml"), manifest);
    writeFileSync(join(dir, "app/src/notes.yaml"), "not: a manifest\n");
    // Skipped: node_modules and dot-folders would fail.
    writeFileSync(join(dir, "node_modules/dep/x.flows.yaml"), "policy: [broken\n");
    writeFileSync(join(dir, ".git/x.flows.yaml"), "policy: [broken\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("searches folders for **/*.flows.{yaml,yml,json}, skipping node_modules and dot-folders", () => {
    const run = pledge(["lint", "--format", "json"], { cwd: dir });
    expect(run.code).toBe(0);
    const files = (JSON.parse(run.stdout) as JsonFile[]).map((f) => f.filePath);
    expect(files).toEqual([join(dir, "app/src/a.flows.yaml"), join(dir, "app/src/b.flows.yml")]);
  });

  it("shows progress on stderr when it is a terminal, and never when it is a pipe or under CI", () => {
    // `script` runs the CLI on a pseudo-terminal; stdout goes to a file so only stderr reaches the tty.
    const out = join(dir, "report.txt");
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} lint app/src > ${JSON.stringify(out)}`;
    const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", PLEDGE_NOW: "2026-09-01" };
    const tty = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8", env });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain("[1/2] app/src/a.flows.yaml");
    expect(tty.stdout).toContain("[2/2] app/src/b.flows.yml");
    expect(readFileSync(out, "utf8")).not.toContain("[1/2]");
    const ci = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8", env: { ...env, CI: "true" } });
    expect(ci.stdout).not.toContain("[1/2]");
    expect(pledge(["lint", "app/src"], { cwd: dir }).stderr).toBe("");
  });

  it("reports a missing path as an input error (exit 2) and a folder without manifests as a usage error", () => {
    const missing = pledge(["lint", "nowhere.flows.yaml", CLEAN]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("nowhere.flows.yaml\n  1:1  error  nowhere.flows.yaml cannot be read: no such file or folder  input-refused");
    const empty = pledge(["lint", "app/src/notes.yaml"], { cwd: dir });
    expect(empty.code).toBe(2);
    const none = pledge(["lint", "docs"], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("pledge lint: no manifests (**/*.flows.{yaml,yml,json}) found in docs\n");
  });

  it("reads standard input for -, as JSON or YAML, with policy paths relative to the working folder", () => {
    const yaml = readFileSync(resolve(ROOT, VIOLATIONS), "utf8").replace("./fixture.policy.yaml", `${FIXTURES}/fixture.policy.yaml`);
    const run = pledge(["lint", "-", "--stdin-filename", "app.flows.yaml"], { input: yaml });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[1]).toBe("app.flows.yaml");
    expect(run.stdout).toContain("18:12  error    selling");
    const json = pledge(["lint", "-", "--format", "json"], { input: '{\n  "policy": "pomeg",\n  "flows": [],\n  "extra": 1\n}\n' });
    expect(json.code).toBe(2);
    const [file] = JSON.parse(json.stdout) as JsonFile[];
    expect(file?.filePath).toBe("<stdin>");
    expect(file?.messages[0]).toMatchObject({ ruleId: "schema-invalid", message: 'unknown key "extra"', line: 4, column: 3, fatal: true });
    expect(pledge(["lint", "-"], { input: "" }).stdout).toContain("<stdin>\n  1:1  error  standard input is empty  input-refused");
    // Broken JSON on stdin gets the JSON parser's message, not the YAML one.
    expect(pledge(["lint", "-"], { input: '{"policy": "pocketo", "flows": [}' }).stdout).toContain('1:33  error  unexpected "}" where a value belongs  parse-error');
  });

  it("writes the report to --output-file", () => {
    const out = join(dir, "reports/pledge.sarif");
    const run = pledge(["lint", resolve(ROOT, VIOLATIONS), "--format", "sarif", "--output-file", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it("checks the promised rights when the manifest has a rights list, even an empty one, and not without one", () => {
    const flowsOnly = "policy: pocketo\nflows: []\n";
    expect(pledge(["lint", "-"], { input: flowsOnly }).stdout).toBe("✔ 1 manifest checked: no problems\n");
    for (const input of [`${flowsOnly}rights: []\n`, '{"policy": "pocketo", "flows": [], "rights": []}']) {
      const run = pledge(["lint", "-", "--format", "json"], { input });
      expect(run.code).toBe(1);
      const [file] = JSON.parse(run.stdout) as JsonFile[];
      const messages = file?.messages ?? [];
      expect(messages.length).toBeGreaterThan(0);
      expect(new Set(messages.map((m) => `${m.ruleId} ${m.severity}`))).toEqual(new Set(["right-unsupported 2"]));
      expect(messages.map((m) => m.message)).toContain("the policy promises the right erasure (rule r6-erasure, through in-app-settings), and the application supports it through no channel");
    }
  });

  it("lints every document of a YAML stream", () => {
    const run = pledge(["lint", `${FIXTURES}/multi`, "--format", "json"]);
    expect(run.code).toBe(1);
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    expect(file?.messages.map((m) => [m.ruleId, m.line, m.flowId])).toEqual([["flow-incorrect", 21, "sell-emails"]]);
  });
});

describe("pledge lint: formats", () => {
  let runs: Record<string, Run>;
  beforeAll(() => {
    runs = Object.fromEntries(["json", "sarif", "junit", "github"].map((format) => [format, pledge(["lint", VIOLATIONS, `${FIXTURES}/waivers`, "--format", format])]));
  });

  it("json has ESLint's shape plus verdict, flowId and citations", () => {
    expect(runs.json?.code).toBe(1);
    const files = JSON.parse(runs.json!.stdout) as JsonFile[];
    expect(files.map((f) => f.filePath)).toEqual([resolve(ROOT, VIOLATIONS), resolve(ROOT, FIXTURES, "waivers/waivers.flows.yaml")]);
    const [violations] = files;
    expect(violations).toMatchObject({ errorCount: 2, warningCount: 1, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, suppressedMessages: [] });
    expect(violations?.messages[1]).toEqual({
      ruleId: "flow-incorrect",
      severity: 2,
      message: 'selling "email-address" to "data-broker" for "advertising" is ruled out by the Fixture Ltd policy: f3-no-sale ("We never sell your personal data.")',
      line: 18,
      column: 12,
      endLine: 18,
      endColumn: 25,
      nodeType: null,
      path: ["flows", 2, "data", 0],
      flowId: "sell-emails",
      verdict: "incorrect",
      citations: [{ ruleId: "f3-no-sale", section: "3", quote: "We never sell your personal data." }],
    });
    expect(violations?.messages[0]).toMatchObject({ ruleId: "flow-vague", severity: 1, verdict: "vague" });
  });

  it("sarif is 2.1.0 as GitHub code scanning takes it", () => {
    const log = JSON.parse(runs.sarif!.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("pledge");
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration.level);
    }
    expect(rules.find((r) => r.id === "flow-vague")?.defaultConfiguration.level).toBe("warning");
    const results = run.results as any[];
    // The waived finding is left out: GitHub ignores `suppressions` and would open an alert.
    expect(results.length).toBe(6);
    expect(results.filter((r) => r.suppressions)).toEqual([]);
    for (const result of results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(["error", "warning"]).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(location.artifactLocation.uri).toMatch(/^test\/fixtures\/lint\/[a-z/.]+\.flows\.yaml$/);
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(Object.keys(result.partialFingerprints)).toEqual(["primaryLocationLineHash"]);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{1,16}:[1-9]\d*$/);
    }
    // --sarif-include-suppressed keeps it, with the waiver's reason.
    const kept = JSON.parse(pledge(["lint", VIOLATIONS, `${FIXTURES}/waivers`, "--format", "sarif", "--sarif-include-suppressed"]).stdout).runs[0].results as any[];
    expect(kept.length).toBe(7);
    const suppressed = kept.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].ruleId).toBe("flow-vague");
    expect(suppressed[0].suppressions).toEqual([{ kind: "inSource", justification: "Legal: the policy update naming our host ships in Q1" }]);
    // The same run twice is byte for byte the same, in any time zone.
    expect(pledge(["lint", VIOLATIONS, `${FIXTURES}/waivers`, "--format", "sarif"], { env: { TZ: "Pacific/Kiritimati" } }).stdout).toBe(runs.sarif!.stdout);
  });

  it("junit has a suite per file and a case per finding", () => {
    const xml = runs.junit!.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="pledge" tests="7" failures="6" errors="0" time="0">')).toBe(true);
    expect(xml).toContain(`<testsuite name="${VIOLATIONS}" tests="3" failures="3" errors="0" skipped="0" time="0">`);
    expect(xml).toContain('<failure type="flow-incorrect" message="selling &quot;email-address&quot;');
    expect(xml).toContain('<skipped message="waived: Legal: the policy update naming our host ships in Q1"/>');
  });

  it("github prints workflow commands, escaped", () => {
    const lines = runs.github!.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      `::warning file=${VIOLATIONS},line=13,col=16,endLine=13,endColumn=30,title=pledge flow-vague::sharing "communications" with "cloud-provider" for "service-provision" is disclosed by the Fixture Ltd policy only in broader terms (f2-processors); name the flow's own terms in the policy or accept the vagueness`,
    );
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=pledge [a-z-]+::[^\n]+$/);
  });
});
