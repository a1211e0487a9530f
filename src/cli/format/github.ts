import type { Formatter } from "./report.js";

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

/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding, with
 * file, line, column and end, titled by the finding code. Suppressed findings are not
 * annotated.
 *
 * @example
 * github(report, { color: false })
 * //=> "::error file=app.flows.yaml,line=3,col=5,endLine=9,endColumn=30,title=pledge flow-omitted::…\n"
 */
export const github: Formatter = (report) => {
  let out = "";
  for (const file of report.files) {
    for (const f of file.findings) {
      const props = [`file=${escapeProperty(file.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`pledge ${f.code}`)}`];
      out += `::${f.severity === "error" ? "error" : "warning"} ${props.join(",")}::${escapeData(f.message)}\n`;
    }
  }
  return out;
};
