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

function testcase(file: string, f: LocatedFinding): string {
  const name = `${f.line}:${f.column} ${f.code}${f.subject !== undefined ? ` (${f.subject})` : ""}`;
  const open = `    <testcase classname="${escapeXml(file)}" name="${escapeXml(name)}" time="0">`;
  if (f.suppression) return `${open}\n      <skipped message="${escapeXml(`waived: ${f.suppression.justification}`)}"/>\n    </testcase>\n`;
  const type = f.severity === "error" ? "failure" : "failure";
  const body = `${f.severity}: ${f.message}\n${f.rules.map((r) => `${r.ruleId} (§ ${r.citation.section}): "${r.citation.quote}"`).join("\n")}`.trimEnd();
  return `${open}\n      <${type} type="${escapeXml(f.code)}" message="${escapeXml(f.message)}">${escapeXml(`${file}:${f.line}:${f.column}\n${body}`)}</${type}>\n    </testcase>\n`;
}

/**
 * JUnit XML, as CI test reporters read it: one test suite per file, one failing test case
 * per finding (errors and warnings alike), a skipped one per waived finding, and one passing
 * test case for a clean file.
 *
 * @example
 * junit(report, { color: false }).startsWith('<?xml version="1.0" encoding="utf-8"?>') //=> true
 */
export const junit: Formatter = (report) => {
  let total = 0;
  let failures = 0;
  let skipped = 0;
  let suites = "";
  for (const file of report.files) {
    const cases = [...file.findings, ...file.suppressed].map((f) => testcase(file.file, f));
    const clean = cases.length === 0;
    const tests = clean ? 1 : cases.length;
    total += tests;
    failures += file.findings.length;
    skipped += file.suppressed.length;
    suites += `  <testsuite name="${escapeXml(file.file)}" tests="${tests}" failures="${file.findings.length}" errors="0" skipped="${file.suppressed.length}" time="0">\n`;
    suites += clean ? `    <testcase classname="${escapeXml(file.file)}" name="pledge lint" time="0"/>\n` : cases.join("");
    suites += `  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="pledge" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${suites}</testsuites>\n`;
};
