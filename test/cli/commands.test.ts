import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summary, unboundedSummary } from "../../src/cli/commands/analyze.js";
import { analyzePolicy, pocketo, polus, pomeg, unboundedPermissions } from "../../src/index.js";
import { hasStack, pledge, ROOT } from "./helpers.js";

const bundled = { pomeg, pocketo, polus } as const;

const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("help and version", () => {
  it("--version prints package.json's version", () => {
    expect(pledge(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(pledge(["-v"]).stdout).toBe(`${version}\n`);
  });

  it("--help lists the commands; every command has its own --help", () => {
    const help = pledge(["--help"]);
    expect(help.code).toBe(0);
    const names = [...help.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    for (const name of ["lint", "explain", "policies", "init"]) expect(names).toContain(name);
    for (const name of names) {
      const own = pledge([name, "--help"]);
      expect(own.code, name).toBe(0);
      expect(own.stdout, name).toMatch(new RegExp(`^Usage: pledge ${name}`));
    }
    expect(pledge(["help", "lint"]).stdout).toMatch(/^Usage: pledge lint/);
  });

  it("no command or an unknown one is a usage error", () => {
    expect(pledge([]).code).toBe(2);
    const unknown = pledge(["lnit"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('pledge: unknown command "lnit"\nRun pledge --help for the list of commands.\n');
  });
});

describe("pledge policies", () => {
  it("lists the bundled policies with rule counts", () => {
    const run = pledge(["policies"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +TITLE +OPERATOR +LAST UPDATED +STATEMENTS +RETENTION +RIGHTS +AGE LIMITS$/);
    expect(lines.slice(1).map((l) => l.split(" ")[0])).toEqual(["pocketo", "polus", "pomeg"]);
    const json = JSON.parse(pledge(["policies", "--format", "json"]).stdout) as { id: string; statements: number; operator: string }[];
    expect(json.map((p) => p.id)).toEqual(["pocketo", "polus", "pomeg"]);
    expect(json.find((p) => p.id === "pomeg")).toMatchObject({ operator: "Pomeg AI" });
    for (const p of json) expect(p.statements).toBeGreaterThan(0);
  });
});

describe("pledge analyze", () => {
  it.each(["pomeg", "pocketo", "polus"] as const)("prints %s's pairs as the API finds them, contradictions first, and exits 1 only on a contradiction", (id) => {
    const pairs = analyzePolicy(bundled[id]);
    const open = unboundedPermissions(bundled[id]);
    const ambiguous = pairs.filter((p) => p.engine === "ambiguous").length;
    const run = pledge(["analyze", id]);
    expect(run.code).toBe(ambiguous > 0 ? 1 : 0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(summary(id, pairs));
    expect(run.stdout.trimEnd().endsWith(unboundedSummary(open))).toBe(true);
    if (pairs.length === 0) return;
    expect(lines[2]).toMatch(/^ENGINE +CLASS +PERMISSION +ALLOWS +RESTRICTION +RULES OUT$/);
    const rows = lines.slice(3, 3 + pairs.length).map((l) => l.split(/ {2,}/));
    expect(rows.map((r) => r[0])).toEqual([...Array(ambiguous).fill("ambiguous"), ...Array(pairs.length - ambiguous).fill("incorrect")]);
    expect(rows.map((r) => `${r[2]} ${r[4]}`).sort()).toEqual(pairs.map((p) => `${p.positive.ruleId} ${p.negative.ruleId}`).sort());
  });

  it("words a policy that does not contradict itself and bounds every permission", () => {
    expect(summary("x", [])).toBe("x: no pair of a permission and a restriction over related terms; nothing contradicts");
    expect(unboundedSummary([])).toBe("every permission is bounded by its own purposes or the policy's closed list of uses");
  });

  it("prints the pairs and the open permissions as data with --format json", () => {
    const run = pledge(["analyze", "pomeg", "--format", "json"]);
    const out = JSON.parse(run.stdout) as { contradictions: { engine: string; rules: unknown[] }[]; unboundedPermissions: { ruleId: string; reason: string }[] };
    expect(out.contradictions).toEqual(JSON.parse(JSON.stringify(analyzePolicy(bundled.pomeg))));
    expect(out.unboundedPermissions).toEqual(JSON.parse(JSON.stringify(unboundedPermissions(bundled.pomeg))));
    for (const p of out.contradictions) expect(p.rules).toHaveLength(2);
  });

  it("refuses a bad argument with exit 2", () => {
    expect(pledge(["analyze"]).code).toBe(2);
    expect(pledge(["analyze", "acme"])).toMatchObject({ code: 2, stderr: 'pledge analyze: unknown policy "acme"; the bundled policies are pocketo, polus, pomeg\n' });
    expect(pledge(["analyze", "pomeg", "--format", "xml"]).code).toBe(2);
  });
});

describe("pledge init", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pledge-init-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a starter manifest with the schema line that lints clean, for every policy", () => {
    for (const policy of ["pocketo", "polus", "pomeg"]) {
      const run = pledge(["init", policy]);
      expect(run.code).toBe(0);
      // Run in this checkout, the schema is the checkout's own (relative to the working folder).
      expect(run.stdout.split("\n")[0]).toBe(`# yaml-language-server: $schema=schemas/${policy}.manifest.schema.json`);
      expect(run.stdout).toContain(`\npolicy: ${policy}\n`);
      writeFileSync(join(dir, `${policy}.flows.yaml`), run.stdout);
      // The commented example flow, uncommented, is valid YAML of the right shape.
      const example = run.stdout.split("\n").filter((l) => l.startsWith("#   ") || l.startsWith("#     ")).join("\n");
      expect(example).toContain("- id: example-flow");
      // Uncommented, the example flow is one the policy allows: clear, with every condition and
      // safeguard it asks for (Pocketo's account data serves authentication, not the service at large).
      const lines = run.stdout.split("\n");
      const start = lines.indexOf("flows: []");
      let end = start + 1;
      while (lines[end]?.startsWith("#  ")) end++;
      const uncommented = [...lines.slice(0, start), "flows:", ...lines.slice(start + 1, end).map((l) => l.slice(2)), ...lines.slice(end)].join("\n");
      mkdirSync(join(dir, "examples"), { recursive: true });
      const file = join(dir, "examples", `${policy}.flows.yaml`);
      writeFileSync(file, uncommented);
      // The example holds data with no deletion plan (the plan stays commented): that finding aside, none.
      const report = JSON.parse(pledge(["lint", file, "--format", "json"]).stdout) as { messages: { ruleId: string; message: string }[] }[];
      const findings = report[0]!.messages.filter((m) => m.ruleId !== "retention-unbounded").map((m) => `${m.ruleId}: ${m.message}`);
      expect(findings, policy).toEqual([]);
    }
    const lint = pledge(["lint", ...["pocketo", "polus", "pomeg"].map((policy) => join(dir, `${policy}.flows.yaml`))]);
    expect(lint.stdout).toBe("✔ 3 manifests checked: no problems\n");
    expect(lint.code).toBe(0);
  });

  it("--output writes a file and refuses to overwrite one", () => {
    const first = pledge(["init", "pomeg", "--output", "pledge.flows.yaml"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, "pledge.flows.yaml"), "utf8")).toBe(pledge(["init", "pomeg"], { cwd: dir }).stdout);
    const again = pledge(["init", "pomeg", "--output", "pledge.flows.yaml"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("pledge init: pledge.flows.yaml exists; refusing to overwrite it\n");
  });

  it("refuses an unknown policy", () => {
    const run = pledge(["init", "acme"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown policy "acme"');
  });
});

describe("pledge explain", () => {
  it("renders the reasoning for one flow, with citations; exit 1 when the flow has errors", () => {
    const run = pledge(["explain", "test/fixtures/lint/violations.flows.yaml", "sell-emails"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Flow sell-emails \(test\/fixtures\/lint\/violations\.flows\.yaml:15:5\)\nPolicy: Fixture Privacy Policy \(fixture\)\nVerdict: incorrect\n/);
    expect(run.stdout).toContain("f3-no-sale (must-not)  [decided]");
    expect(run.stdout).toContain('§ 3: "We never sell your personal data."');
    expect(run.stdout).toMatch(/Findings\n {2}18:12 {2}error {2}selling "email-address"/);
    expect(pledge(["explain", "test/fixtures/lint/violations.flows.yaml", "signup"]).code).toBe(0);
  });

  it("--format json gives the engine's explanation", () => {
    const run = pledge(["explain", "test/fixtures/lint/violations.flows.yaml", "chat-hosting", "--format", "json"]);
    const why = JSON.parse(run.stdout) as { flowId: string; result: { verdict: string }; findings: { code: string }[] };
    expect(why.flowId).toBe("chat-hosting");
    expect(why.result.verdict).toBe("vague");
    expect(why.findings.map((f) => f.code)).toEqual(["flow-vague"]);
  });

  it("unknown flows and broken manifests are input errors", () => {
    const unknown = pledge(["explain", "test/fixtures/lint/violations.flows.yaml", "sell"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('pledge explain: no flow "sell" in test/fixtures/lint/violations.flows.yaml (did you mean "sell-emails"?); its flows are signup, chat-hosting, sell-emails\n');
    const broken = pledge(["explain", "test/fixtures/lint/bad/syntax.flows.yaml", "signup"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("5:5  error  missed comma between flow collection entries  parse-error");
    expect(hasStack(broken.stderr)).toBe(false);
    expect(pledge(["explain", "only-one-arg"]).code).toBe(2);
  });
});
