import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pledge, ROOT, type JsonFile } from "./helpers.js";

/**
 * The (subject, code) pairs a violations file announces: each `# expect: <code>[, <code>…]`
 * comment is about the entry (`- id:` or `- right:`) directly below it. Findings on a whole
 * section (the `rights` list lacks a right) are announced in the header comment, which names
 * the section in backquotes and the code.
 */
function expectations(text: string): { expected: Set<string>; header: string } {
  const lines = text.split("\n");
  const header: string[] = [];
  for (const line of lines) {
    if (!line.startsWith("#")) break;
    header.push(line);
  }
  const expected = new Set<string>();
  lines.forEach((line, i) => {
    const match = /^\s*#\s*expect:\s*(.+)$/.exec(line);
    if (!match) return;
    const next = lines.slice(i + 1).find((l) => !/^\s*(#|$)/.test(l)) ?? "";
    const subject = /^\s*-\s*\{?\s*(?:id|right):\s*([\w.-]+)/.exec(next)?.[1] ?? `?line ${i + 2}`;
    for (const code of match[1]!.split(",").map((c) => c.trim()).filter(Boolean)) expected.add(`${subject} ${code}`);
  });
  return { expected, header: header.join("\n") };
}

const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

let files: JsonFile[];
beforeAll(() => {
  const run = pledge(["lint", "examples", "--format", "json"]);
  expect(run.stderr).toBe("");
  files = JSON.parse(run.stdout) as JsonFile[];
});

const result = (file: string): JsonFile => {
  const found = files.find((f) => f.filePath === join(ROOT, file));
  if (!found) throw new Error(`${file} was not linted`);
  return found;
};

describe.each(examples)("examples/%s", (name) => {
  it("app.flows.yaml lints with no errors and no warnings", () => {
    const app = result(`examples/${name}/app.flows.yaml`);
    expect(app.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)).toEqual([]);
  });

  it("violations.flows.yaml reports exactly the findings its # expect: comments announce", () => {
    const file = `examples/${name}/violations.flows.yaml`;
    const { expected, header } = expectations(readFileSync(join(ROOT, file), "utf8"));
    expect(expected.size, `${file} has no # expect: comments`).toBeGreaterThan(0);
    const actual = new Set<string>();
    for (const m of result(file).messages) {
      const section = m.path[0];
      if (m.flowId === undefined && typeof section === "string" && header.includes(`\`${section}\``) && header.includes(m.ruleId)) expected.add(`${section} ${m.ruleId}`);
      actual.add(`${m.flowId ?? String(section ?? "?")} ${m.ruleId}`);
    }
    expect([...actual].sort(), relative(ROOT, file)).toEqual([...expected].sort());
  });
});
