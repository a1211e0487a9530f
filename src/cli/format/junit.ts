import { INPUT_CODES } from "../../lint.js";
import type { LocatedFinding } from "../../node.js";
import type { Formatter } from "./report.js";

/**
 * Escapes text for XML attributes and content (and drops characters XML 1.0 forbids).
 *
 * @example
 * escapeXml('a < "b"') //=> "a &lt; &quot;b&quot;"
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * One test case per finding. An input error (the file could not be checked: exit code 2) is an
 * `<error>`, JUnit's "the test could not run"; any other finding, error or warning, is a
 * `<failure>` (JUnit has no warning level: the text says which, and pledge's exit code, not the
 * test count, decides the build); a waived finding is `<skipped>`.
 */
function testcase(file: string, f: LocatedFinding): string {
  const name = `${f.line}:${f.column} ${f.code}${f.subject !== undefined ? ` (${f.subject})` : ""}`;
  const open = `    <testcase classname="${escapeXml(file)}" name="${escapeXml(name)}" time="0">`;
  if (f.suppression) return `${open}\n      <skipped message="${escapeXml(`waived: ${f.suppression.justification}`)}"/>\n    </testcase>\n`;
  const element = INPUT_CODES.has(f.code) ? "error" : "failure";
  const body = `${f.severity}: ${f.message}\n${f.rules.map((r) => `${r.ruleId} (§ ${r.citation.section}): "${r.citation.quote}"`).join("\n")}`.trimEnd();
  return `${open}\n      <${element} type="${escapeXml(f.code)}" message="${escapeXml(f.message)}">${escapeXml(`${file}:${f.line}:${f.column}\n${body}`)}</${element}>\n    </testcase>\n`;
}

/**
 * JUnit XML as Jenkins (xunit's `junit-10.xsd`), GitLab and other CI test reporters read it: one
 * test suite per file, one test case per finding (an `<error>` for an input error, a `<failure>`
 * for any other finding, a `<skipped>` one for a waived finding), and one passing test case for a
 * clean file. `<testsuites>` carries only the attributes junit-10.xsd allows there (no
 * `skipped`, which stays on each `<testsuite>`).
 *
 * @example
 * junit(report, { color: false }).startsWith('<?xml version="1.0" encoding="utf-8"?>') //=> true
 */
export const junit: Formatter = (report) => {
  let total = 0;
  let failures = 0;
  let errors = 0;
  let suites = "";
  for (const file of report.files) {
    const cases = [...file.findings, ...file.suppressed].map((f) => testcase(file.file, f));
    const clean = cases.length === 0;
    const tests = clean ? 1 : cases.length;
    const fileErrors = file.findings.filter((f) => INPUT_CODES.has(f.code)).length;
    const fileFailures = file.findings.length - fileErrors;
    total += tests;
    failures += fileFailures;
    errors += fileErrors;
    suites += `  <testsuite name="${escapeXml(file.file)}" tests="${tests}" failures="${fileFailures}" errors="${fileErrors}" skipped="${file.suppressed.length}" time="0">\n`;
    suites += clean ? `    <testcase classname="${escapeXml(file.file)}" name="pledge lint" time="0"/>\n` : cases.join("");
    suites += `  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="pledge" tests="${total}" failures="${failures}" errors="${errors}" time="0">\n${suites}</testsuites>\n`;
};
