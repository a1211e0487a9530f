import type { LocatedFinding } from "../../node.js";
import { pathFromRoot } from "./location.js";
import { countFindings, plural, type FileReport, type Formatter, type LintReport } from "./report.js";

/**
 * How many annotations of one kind (error, warning, notice) GitHub Actions shows per step; it
 * drops the rest without a word (actions/toolkit `docs/problem-matchers.md`, "Limitations": "10
 * warning annotations, 10 error annotations, and 10 notice annotations per step").
 */
export const ANNOTATIONS_PER_KIND = 10;

/** GitHub caps a step's job summary at 1 MiB; the table stops short of it. */
const SUMMARY_BUDGET = 1_000_000;

/**
 * Escapes the message of a workflow command (GitHub's rules: `%`, CR and LF).
 *
 * @example
 * escapeData("50%\nmore") //=> "50%25%0Amore"
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * Escapes a property of a workflow command (as {@link escapeData}, and `:` and `,`).
 *
 * @example
 * escapeProperty("a,b:c") //=> "a%2Cb%3Ac"
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The path GitHub resolves: relative to the repository root when the file is under it, else as shown. */
const githubPath = (file: FileReport, root: string | undefined): string => (root === undefined ? file.file : (pathFromRoot(root, file.absolute) ?? file.file));

/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, with
 * file (relative to the repository root), line, column and end, titled by the finding code.
 * Suppressed findings are not annotated. When there are more than GitHub shows of a kind
 * (10 per step), a `::notice` first says how many are in the log but not annotated.
 *
 * @example
 * github(report, { color: false, root: "/repo" })
 * //=> "::error file=app.flows.yaml,line=3,col=5,endLine=9,endColumn=30,title=pledge flow-omitted::…\n"
 */
export const github: Formatter = (report, options) => {
  let out = "";
  for (const file of report.files) {
    const path = escapeProperty(githubPath(file, options.root));
    for (const f of file.findings) {
      const props = [`file=${path}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`pledge ${f.code}`)}`];
      out += `::${f.severity === "error" ? "error" : "warning"} ${props.join(",")}::${escapeData(f.message)}\n`;
    }
  }
  const counts = countFindings(report);
  const hidden: string[] = [];
  if (counts.errors > ANNOTATIONS_PER_KIND) hidden.push(`${counts.errors - ANNOTATIONS_PER_KIND} of the ${plural(counts.errors, "error")}`);
  if (counts.warnings > ANNOTATIONS_PER_KIND) hidden.push(`${counts.warnings - ANNOTATIONS_PER_KIND} of the ${plural(counts.warnings, "warning")}`);
  if (hidden.length === 0) return out;
  const notice = `GitHub shows ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step, so ${hidden.join(" and ")} are not annotated; every finding is in this step's log and in the job summary.`;
  return `::notice title=${escapeProperty("pledge: not every finding is annotated")}::${escapeData(notice)}\n${out}`;
};

/** Text for a Markdown table cell: markup neutralised, one line. */
function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~])/g, "\\$1")
    .replace(/\r?\n/g, "<br>");
}

function row(f: LocatedFinding, path: string, link: string | undefined): string {
  const at = cell(`${path}:${f.line}`);
  const where = link === undefined ? at : `[${at}](${link}#L${f.line})`;
  const clauses = f.rules.map((r) => cell(`${r.ruleId} (§ ${r.citation.section}): "${r.citation.quote.replace(/\s+/g, " ")}"`)).join("<br>");
  return `| ${f.severity} | \`${f.code}\` | ${where} | ${cell(f.subject ?? "")} | ${cell(f.message)} | ${clauses} |\n`;
}

/**
 * The Markdown job summary for `$GITHUB_STEP_SUMMARY`: the counts, then one table row per
 * finding with its severity, code, a `file:line` link to the file at `blobUrl`
 * (`https://github.com/<owner>/<repo>/blob/<sha>`, when known), the subject, the message and
 * the cited clauses. It stops short of GitHub's 1 MiB limit and says how many rows it left out.
 *
 * @example
 * jobSummary(report, { root: "/repo", blobUrl: "https://github.com/acme/app/blob/abc123" }).split("\n")[0]
 * //=> "### pledge lint: 2 errors, 0 warnings"
 */
export function jobSummary(report: LintReport, options: { readonly root?: string; readonly blobUrl?: string }): string {
  const counts = countFindings(report);
  const waived = counts.suppressed > 0 ? `; ${counts.suppressed} suppressed by waivers` : "";
  let out = `### pledge lint: ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}\n\n`;
  const withFindings = report.files.filter((f) => f.findings.length > 0).length;
  out += `${plural(report.files.length, "manifest")} checked, ${withFindings} with findings${waived}.\n`;
  if (counts.errors + counts.warnings === 0) return out;
  out += "\n| severity | finding | where | subject | message | cited clause |\n| --- | --- | --- | --- | --- | --- |\n";
  let bytes = Buffer.byteLength(out);
  let left = 0;
  for (const file of report.files) {
    const repoPath = options.root === undefined ? undefined : pathFromRoot(options.root, file.absolute);
    const link = repoPath === undefined || options.blobUrl === undefined ? undefined : `${options.blobUrl}/${repoPath.split("/").map(encodeURIComponent).join("/")}`;
    for (const f of file.findings) {
      const line = left > 0 ? "" : row(f, repoPath ?? file.file, link);
      bytes += Buffer.byteLength(line);
      if (left > 0 || bytes > SUMMARY_BUDGET) left++;
      else out += line;
    }
  }
  if (left > 0) out += `\n${plural(left, "more finding")} left out (GitHub limits a job summary to 1 MiB); the SARIF or JSON report has them all.\n`;
  return out;
}
