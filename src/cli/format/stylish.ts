import { INPUT_CODES } from "../../lint.js";
import { palette } from "../args.js";
import { countFindings, plural, type ReportWriter } from "./report.js";

/**
 * ESLint's default format: the file, then one row per finding (`line:col  severity  message
 * rule-id`), the policy clause it breaks beneath it, and a footer with the counts. Clean runs
 * print one line; waived findings are counted, not listed. Written a row at a time.
 *
 * @example
 * let out = "";
 * stylish({ files: [...] }, { color: false }, (text) => (out += text));
 * out //=> "\nexamples/pomeg/violations.flows.yaml\n  12:5  error  … flow-omitted\n…\n✖ 3 problems (2 errors, 1 warning)\n"
 */
export const stylish: ReportWriter = (report, { color }, write) => {
  const p = palette(color);
  let listed = false;
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    listed = true;
    // The quote line of a rule, once per rule and file (its indent is the file's): a large
    // manifest cites the same few rules many times.
    const quoteLines = new Map<object, string>();
    let atWidth = 0;
    let sevWidth = 0;
    for (const f of file.findings) {
      atWidth = Math.max(atWidth, `${f.line}:${f.column}`.length);
      sevWidth = Math.max(sevWidth, f.severity.length);
    }
    write(`\n${p.underline(file.file)}\n`);
    for (const f of file.findings) {
      const sev = f.severity === "error" ? p.red(f.severity.padEnd(sevWidth)) : p.yellow(f.severity.padEnd(sevWidth));
      write(`  ${p.dim(`${f.line}:${f.column}`.padEnd(atWidth))}  ${sev}  ${f.message}  ${p.dim(f.code)}\n`);
      const rule = INPUT_CODES.has(f.code) ? undefined : f.rules[0];
      if (rule) {
        let line = quoteLines.get(rule);
        if (line === undefined) {
          const quote = rule.citation.quote.replace(/\s+/g, " ");
          const short = quote.length > 110 ? `${quote.slice(0, 107)}…` : quote;
          line = `  ${" ".repeat(atWidth)}  ${p.dim(`${rule.ruleId} (§ ${rule.citation.section}): "${short}"`)}\n`;
          quoteLines.set(rule, line);
        }
        write(line);
      }
    }
  }
  const counts = countFindings(report);
  const problems = counts.errors + counts.warnings;
  const waived = counts.suppressed > 0 ? `, ${counts.suppressed} suppressed by waivers` : "";
  if (problems === 0) {
    write(`${listed ? "\n" : ""}${p.green("✔")} ${plural(report.files.length, "manifest")} checked: no problems${waived}\n`);
    return;
  }
  const mark = counts.errors > 0 ? p.red(p.bold("✖")) : p.yellow(p.bold("✖"));
  write(`\n${mark} ${p.bold(`${plural(problems, "problem")} (${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")})`)}${waived}\n`);
};
