/**
 * `pledge lint --format junit` against Jenkins' xunit plugin XSD (`junit-10.xsd`, vendored in
 * test/ecosystem/vendor/), validated by libxml2 compiled to WebAssembly (`xmllint-wasm`), so
 * `npm test` needs nothing from the system. xunit's `JUnitInputMetric` validates every report
 * with this XSD and skips a file that fails ("The result file … is not valid").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { FIXTURES, pledge, ROOT } from "../cli/helpers.js";
import { TODAY, writeManifest } from "./project.js";

const REASON = 'a<b>&"c\' op]]>nai\u0001😀数据';

const XSD = readFileSync(join(import.meta.dirname, "vendor/jenkins-junit-10.xsd"), "utf8");

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [XSD] });
  return result.errors.map((e) => e.rawMessage);
}

const count = (xml: string, pattern: RegExp) => (xml.match(pattern) ?? []).length;
const attribute = (tag: string, name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(tag)![1]);

describe("JUnit against Jenkins' junit-10.xsd", () => {
  let dir: string;
  let reports: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pledge-junit-"));
    writeManifest(dir, "app.flows.yaml");
    // Markup, quotes, a control character XML 1.0 forbids, an emoji and CJK in the reason of an
    // expired waiver, which its finding quotes; and in a file name.
    const hostile = writeManifest(dir, "odd & <names>/x.flows.yaml", REASON);
    writeFileSync(hostile, readFileSync(hostile, "utf8").replace('"Legal: the policy update naming our host ships in Q1"', JSON.stringify(REASON)));
    writeFileSync(join(dir, "broken.flows.yaml"), "policy: pocketo\nflows: [\n");
    const junit = (args: string[], cwd = dir) => pledge(["lint", ...args, "--format", "junit", "--now", TODAY], { cwd }).stdout;
    reports = {
      examples: junit(["examples"], ROOT),
      waived: junit(["app.flows.yaml"]),
      hostile: junit(["odd & <names>"]),
      inputError: junit(["broken.flows.yaml"]),
      clean: junit([`${FIXTURES}/clean`], ROOT),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("every report is valid", async () => {
    for (const [name, xml] of Object.entries(reports)) expect(await xsdErrors(xml), name).toEqual([]);
  });

  it("the validator is not vacuous: skipped on <testsuites> is refused, as the review found", async () => {
    const old = reports.waived!.replace('errors="0" time="0">', 'errors="0" skipped="1" time="0">');
    expect(await xsdErrors(old)).toEqual([expect.stringContaining("Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed.")]);
  });

  it("the totals are the sums of the suites, and each suite's are its test cases", () => {
    for (const [name, xml] of Object.entries(reports)) {
      const root = /<testsuites [^>]*>/.exec(xml)![0];
      const suites = [...xml.matchAll(/<testsuite [^>]*>[\s\S]*?<\/testsuite>/g)].map((m) => m[0]);
      for (const key of ["tests", "failures", "errors"]) {
        expect(attribute(root, key), `${name} ${key}`).toBe(suites.reduce((sum, s) => sum + attribute(s.slice(0, s.indexOf(">")), key), 0));
      }
      for (const suite of suites) {
        const open = suite.slice(0, suite.indexOf(">"));
        expect(attribute(open, "tests"), name).toBe(count(suite, /<testcase /g));
        expect(attribute(open, "failures"), name).toBe(count(suite, /<failure /g));
        expect(attribute(open, "errors"), name).toBe(count(suite, /<error /g));
        expect(attribute(open, "skipped"), name).toBe(count(suite, /<skipped /g));
      }
    }
  });

  it("an input error is an <error>, a waived finding <skipped>, other findings <failure>", () => {
    expect(reports.inputError).toContain('<error type="parse-error"');
    expect(reports.inputError).toMatch(/<testsuites name="pledge" tests="1" failures="0" errors="1" time="0">/);
    expect(pledge(["lint", `${FIXTURES}/bad/unknown-term.flows.yaml`, "--format", "junit"]).stdout).toContain('<error type="unknown-term"');
    expect(reports.waived).toMatch(/<testsuite name="app.flows.yaml" tests="\d+" failures="[1-9]\d*" errors="0" skipped="1" time="0">/);
    const json = JSON.parse(pledge(["lint", "examples", "--format", "json"]).stdout) as { errorCount: number; warningCount: number; messages: unknown[] }[];
    const findings = json.reduce((n, f) => n + f.errorCount + f.warningCount, 0);
    const cleanFiles = json.filter((f) => f.messages.length === 0).length;
    expect(reports.examples).toContain(`<testsuites name="pledge" tests="${findings + cleanFiles}" failures="${findings}" errors="0" time="0">`);
    expect(reports.clean).toContain('name="pledge lint" time="0"/>');
  });

  it("escapes markup and drops what XML 1.0 forbids, keeping the rest of the text", () => {
    expect(reports.hostile).toContain('<testsuite name="odd &amp; &lt;names&gt;/x.flows.yaml"');
    expect(reports.hostile).toContain('<skipped message="waived: a&lt;b&gt;&amp;&quot;c&apos; op]]&gt;nai😀数据"/>');
    expect(reports.hostile).toMatch(/<failure type="waiver-expired" message="[^"]*a&lt;b&gt;&amp;&quot;c&apos; op\]\]&gt;nai😀数据/);
    expect(reports.hostile).not.toContain("\u0001");
  });
});
