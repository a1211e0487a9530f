#!/usr/bin/env node
// `npm start`: lint every example with the built CLI, show the report, then check that each
// example linted as intended: app.flows.yaml clean; violations.flows.yaml with exactly the
// findings its `# expect: <code>[, <code>…]` comments announce (each comment sits directly
// above the `- id:` / `- right:` line of the entry it is about).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.cjs");
const env = { ...process.env, PLEDGE_NOW: process.env.PLEDGE_NOW ?? "2026-11-23" };
const run = (args, stdio) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", env, stdio, maxBuffer: 64 << 20 });

/** The (subject, code) pairs a violations file announces. */
function expectations(text) {
  const lines = text.split("\n");
  const expected = new Set();
  // Findings on a whole section (the rights list lacks a right) are announced in the header.
  const header = [];
  for (const line of lines) {
    if (!line.startsWith("#")) break;
    header.push(line);
  }
  lines.forEach((line, i) => {
    const match = /^\s*#\s*expect:\s*(.+)$/.exec(line);
    if (!match) return;
    const next = lines.slice(i + 1).find((l) => !/^\s*(#|$)/.test(l)) ?? "";
    const subject = /^\s*-\s*\{?\s*(?:id|right):\s*([\w.-]+)/.exec(next)?.[1] ?? `?line ${i + 2}`;
    for (const code of match[1].split(",").map((c) => c.trim()).filter(Boolean)) expected.add(`${subject} ${code}`);
  });
  return { expected, header: header.join("\n") };
}

const examples = readdirSync(join(root, "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

// 1. The report, as a developer sees it.
const shown = run(["lint", "examples"], "inherit");
if (shown.error) throw shown.error;

// 2. The check, on the JSON report.
const report = run(["lint", "examples", "--format", "json"], "pipe");
let files;
try {
  files = JSON.parse(report.stdout);
} catch {
  console.error(`demo: pledge lint --format json printed no JSON (exit ${report.status}):\n${report.stderr}`);
  process.exit(1);
}
const problems = [];
let compliant = 0;
let violations = 0;
let findings = 0;
for (const name of examples) {
  for (const kind of ["app", "violations"]) {
    const file = join(root, "examples", name, `${kind}.flows.yaml`);
    const shownName = relative(root, file);
    const result = files.find((f) => f.filePath === file);
    if (!result) {
      problems.push(`${shownName}: missing`);
      continue;
    }
    if (kind === "app") {
      compliant++;
      for (const m of result.messages) problems.push(`${shownName}:${m.line}:${m.column}: unexpected ${m.ruleId}: ${m.message}`);
      continue;
    }
    violations++;
    const { expected, header } = expectations(readFileSync(file, "utf8"));
    const actual = new Set();
    for (const m of result.messages) {
      const section = m.path?.[0];
      if (m.flowId === undefined && typeof section === "string" && header.includes(`\`${section}\``) && header.includes(m.ruleId)) {
        expected.add(`${section} ${m.ruleId}`);
      }
      actual.add(`${m.flowId ?? section ?? "?"} ${m.ruleId}`);
    }
    findings += result.messages.length;
    for (const e of expected) if (!actual.has(e)) problems.push(`${shownName}: expected ${e.replace(" ", ": ")}, not reported`);
    for (const a of actual) if (!expected.has(a)) problems.push(`${shownName}: reported ${a.replace(" ", ": ")}, not expected`);
  }
}

if (problems.length > 0) {
  console.error(`\ndemo: ${problems.length} example result(s) not as intended:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`\ndemo: all as intended: ${compliant} compliant manifests lint clean; ${violations} violation manifests report exactly their expected findings (${findings} in all).`);
