/**
 * `pledge lint --format github` as GitHub Actions takes it: annotations with paths relative to the
 * repository root, a notice when GitHub will not show them all (10 per kind per step, actions/toolkit
 * `docs/problem-matchers.md`, "Limitations"), and a Markdown job summary in `$GITHUB_STEP_SUMMARY`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNOTATIONS_PER_KIND, jobSummary } from "../../src/cli/format/github.js";
import type { FileReport } from "../../src/cli/format/index.js";
import type { LocatedFinding } from "../../src/node.js";
import { pledge, ROOT } from "../cli/helpers.js";

const ACTIONS_ENV = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/app", GITHUB_SHA: "0123abcd" };

describe("--format github", () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "pledge-gh-"));
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, "packages/app"), { recursive: true });
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const manifest = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readme)![1]!;
    // A waiver whose reason has Markdown table and HTML markup, expired: its message reaches the summary.
    writeFileSync(join(repo, "packages/app/app.flows.yaml"), `${manifest}  - { rule: flow-omitted, reason: "a | b <img src=x> *c*", expires: 2026-01-01 }\n`);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("annotates with paths from the repository root, also when run from a subfolder", () => {
    const run = pledge(["lint", "--format", "github", "--now", "2026-11-23"], { cwd: join(repo, "packages/app") });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(3);
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=packages\/app\/app\.flows\.yaml,line=\d+,/);
  });

  it("says how many annotations GitHub will not show, only when more than 10 of a kind", () => {
    const many = pledge(["lint", "examples", "--format", "github"]);
    const lines = many.stdout.trimEnd().split("\n");
    const errors = lines.filter((l) => l.startsWith("::error ")).length;
    const warnings = lines.filter((l) => l.startsWith("::warning ")).length;
    expect([errors, warnings]).toEqual([57, 10]);
    expect(lines[0]).toBe(
      `::notice title=pledge%3A not every finding is annotated::GitHub shows ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step, so 47 of the 57 errors are not annotated; every finding is in this step's log and in the job summary.`,
    );
    const few = pledge(["lint", "--format", "github", "--now", "2026-11-23"], { cwd: repo });
    expect(few.stdout).not.toContain("::notice");
  });

  it("appends a Markdown job summary: counts, then a row per finding with a link and the cited clause", () => {
    const summary = join(repo, "summary.md");
    writeFileSync(summary, "earlier step\n");
    const run = pledge(["lint", "--format", "github", "--now", "2026-11-23"], { cwd: join(repo, "packages/app"), env: { ...ACTIONS_ENV, GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("earlier step\n### pledge lint: 3 errors, 0 warnings\n\n1 manifest checked, 1 with findings; 1 suppressed by waivers.\n\n| severity | finding | where | subject | message | cited clause |\n")).toBe(true);
    const rows = text.split("\n").filter((l) => l.startsWith("| error ") || l.startsWith("| warning "));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe(
      "| error | `flow-omitted` | [packages/app/app.flows.yaml:17](https://github.com/acme/app/blob/0123abcd/packages/app/app.flows.yaml#L17) | chat-mistral | sharing \"chat-content\" with \"mistral\" for \"ai-chat\" is not disclosed by the Pocketo policy; the closest statements are s3-anthropic (names recipients \"anthropic\", not \"mistral\"); s3-google-gemini (names recipients \"google\", not \"mistral\"); s3-openai (names recipients \"openai\", not \"mistral\") |  |",
    );
    expect(rows[1]).toContain('| r5-account-deletion-backups (§ 5. Data Retention): "Backups purged within 90 days." |');
    // Markup in text stays text: the table keeps its six columns, no HTML gets through.
    const waiver = rows.find((r) => r.includes("`waiver-expired`"))!;
    expect(waiver).toContain("a \\| b &lt;img src=x&gt; \\*c\\*");
    expect(waiver.split(/(?<!\\)\|/).length).toBe(8);
  });

  it("writes no links without the Actions variables, and no summary for other formats", () => {
    const summary = join(repo, "plain.md");
    pledge(["lint", "--format", "github", "--now", "2026-11-23"], { cwd: repo, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, "utf8")).toContain("| error | `flow-omitted` | packages/app/app.flows.yaml:17 | chat-mistral |");
    const other = join(repo, "other.md");
    pledge(["lint", "--format", "stylish", "--now", "2026-11-23"], { cwd: repo, env: { GITHUB_STEP_SUMMARY: other } });
    expect(() => readFileSync(other)).toThrow();
  });

  it("fails with exit 2 and a message when the summary cannot be written", () => {
    const run = pledge(["lint", "--format", "github", "--now", "2026-11-23"], { cwd: repo, env: { GITHUB_STEP_SUMMARY: join(repo, "no/such/dir/summary.md") } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pledge lint: cannot write the job summary to .*summary\.md: ENOENT\n$/);
  });

  it("a clean run's summary is the counts alone", () => {
    const summary = join(repo, "clean.md");
    pledge(["lint", "test/fixtures/lint/clean", "--format", "github"], { cwd: ROOT, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, "utf8")).toBe("### pledge lint: 0 errors, 0 warnings\n\n2 manifests checked, 0 with findings.\n");
  });
});

describe("jobSummary", () => {
  it("stops short of GitHub's 1 MiB limit and says how many findings it left out", () => {
    const finding: LocatedFinding = {
      code: "flow-omitted",
      severity: "error",
      message: "数据".repeat(400),
      path: ["flows", 0],
      rules: [],
      file: "a.flows.yaml",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    };
    const file: FileReport = { file: "a.flows.yaml", absolute: "/repo/a.flows.yaml", findings: Array.from({ length: 1000 }, () => finding), suppressed: [] };
    const text = jobSummary({ files: [file] }, { root: "/repo" });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    const rows = text.split("\n").filter((l) => l.startsWith("| error ")).length;
    expect(rows).toBeGreaterThan(100);
    expect(text.endsWith(`\n${1000 - rows} more findings left out (GitHub limits a job summary to 1 MiB); the SARIF or JSON report has them all.\n`)).toBe(true);
  });
});
