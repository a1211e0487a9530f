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
import { pledge, ROOT, type JsonFile } from "../cli/helpers.js";
import { TODAY, writeManifest } from "./project.js";

const ACTIONS_ENV = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/app", GITHUB_SHA: "0123abcd" };

describe("--format github", () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "pledge-gh-"));
    mkdirSync(join(repo, ".git"));
    // An expired waiver whose reason has Markdown table and HTML markup: its message reaches the summary.
    writeManifest(repo, "packages/app/app.flows.yaml", "a | b <img src=x> *c*");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  /** The findings of the test manifest, as the json format gives them. */
  const findingsOf = (cwd: string, args: string[] = []) =>
    (JSON.parse(pledge(["lint", ...args, "--format", "json", "--now", TODAY], { cwd }).stdout) as JsonFile[]).flatMap((f) => f.messages);

  it("annotates with paths from the repository root, also when run from a subfolder", () => {
    const run = pledge(["lint", "--format", "github", "--now", TODAY], { cwd: join(repo, "packages/app") });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    const findings = findingsOf(join(repo, "packages/app"));
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(lines.map((l) => /^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),/.exec(l)?.slice(1))).toEqual(
      findings.map((f) => [f.severity === 2 ? "error" : "warning", "packages/app/app.flows.yaml", String(f.line), String(f.column)]),
    );
  });

  it("says how many annotations GitHub will not show, only when more than 10 of a kind", () => {
    const many = pledge(["lint", "examples", "--format", "github"]);
    const lines = many.stdout.trimEnd().split("\n");
    const errors = lines.filter((l) => l.startsWith("::error ")).length;
    const warnings = lines.filter((l) => l.startsWith("::warning ")).length;
    const findings = findingsOf(ROOT, ["examples"]);
    expect([errors, warnings]).toEqual([findings.filter((f) => f.severity === 2).length, findings.filter((f) => f.severity === 1).length]);
    expect(errors).toBeGreaterThan(ANNOTATIONS_PER_KIND);
    const hidden = [
      ...(errors > ANNOTATIONS_PER_KIND ? [`${errors - ANNOTATIONS_PER_KIND} of the ${errors} errors`] : []),
      ...(warnings > ANNOTATIONS_PER_KIND ? [`${warnings - ANNOTATIONS_PER_KIND} of the ${warnings} warnings`] : []),
    ];
    expect(lines[0]).toBe(
      `::notice title=pledge%3A not every finding is annotated::GitHub shows ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step, so ${hidden.join(" and ")} are not annotated; every finding is in this step's log and in the job summary.`,
    );
    const few = pledge(["lint", "--format", "github", "--now", TODAY], { cwd: repo });
    expect(few.stdout).not.toContain("::notice");
  });

  it("appends a Markdown job summary: counts, then a row per finding with a link and the cited clause", () => {
    const summary = join(repo, "summary.md");
    writeFileSync(summary, "earlier step\n");
    const run = pledge(["lint", "--format", "github", "--now", TODAY], { cwd: join(repo, "packages/app"), env: { ...ACTIONS_ENV, GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    const findings = findingsOf(join(repo, "packages/app"));
    const errors = findings.filter((f) => f.severity === 2).length;
    const text = readFileSync(summary, "utf8");
    const head = `earlier step\n### pledge lint: ${errors} errors, ${findings.length - errors} warnings\n\n1 manifest checked, 1 with findings; 1 suppressed by waivers.\n\n| severity | finding | where | subject | message | cited clause |\n| --- | --- | --- | --- | --- | --- |\n`;
    expect(text.startsWith(head), text).toBe(true);
    const rows = text.slice(head.length).trimEnd().split("\n");
    expect(rows).toHaveLength(findings.length);
    rows.forEach((row, i) => {
      const f = findings[i]!;
      const link = `[packages/app/app.flows.yaml:${f.line}](https://github.com/acme/app/blob/0123abcd/packages/app/app.flows.yaml#L${f.line})`;
      expect(row.startsWith(`| ${f.severity === 2 ? "error" : "warning"} | \`${f.ruleId}\` | ${link} | ${f.flowId ?? ""} | `), row).toBe(true);
      // Markdown-escaped: & < > as entities, \ ` * _ [ ] | ~ with a backslash.
      const md = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_[\]|~])/g, "\\$1");
      for (const c of f.citations) expect(row).toContain(md(`${c.ruleId} (§ ${c.section}): "${c.quote.replace(/\s+/g, " ")}"`));
    });
    expect(findings.some((f) => f.citations.length > 0)).toBe(true);
    // Markup in text stays text: the table keeps its six columns, no HTML gets through.
    const waiver = rows.find((r) => r.includes("`waiver-expired`"))!;
    expect(waiver).toContain("a \\| b &lt;img src=x&gt; \\*c\\*");
    expect(waiver.split(/(?<!\\)\|/).length).toBe(8);
  });

  it("writes no links without the Actions variables, and no summary for other formats", () => {
    const summary = join(repo, "plain.md");
    pledge(["lint", "--format", "github", "--now", TODAY], { cwd: repo, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(summary, "utf8")).toMatch(/\n\| error \| `flow-incorrect` \| packages\/app\/app\.flows\.yaml:\d+ \| sell-emails \|/);
    const other = join(repo, "other.md");
    pledge(["lint", "--format", "stylish", "--now", TODAY], { cwd: repo, env: { GITHUB_STEP_SUMMARY: other } });
    expect(() => readFileSync(other)).toThrow();
  });

  it("fails with exit 2 and a message when the summary cannot be written", () => {
    const run = pledge(["lint", "--format", "github", "--now", TODAY], { cwd: repo, env: { GITHUB_STEP_SUMMARY: join(repo, "no/such/dir/summary.md") } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pledge lint: cannot write the job summary to .*summary\.md: ENOENT \(a folder on the way does not exist\)\n$/);
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
