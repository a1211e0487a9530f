/**
 * The report's structure, read from the HTML itself: one edge per flow coloured by the flow's
 * verdict, links that land, a bar or a "no step" mark per deletion obligation, no script and no
 * external resource, the same bytes on every run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportCommand } from "../../src/cli/commands/report.js";
import { lintFile } from "../../src/node.js";
import { VERDICT_STYLE } from "../../src/report/html.js";
import { AGGREGATE_ABOVE, aggregate, layoutDataMap } from "../../src/report/layout.js";
import type { MapFlow } from "../../src/report/model.js";
import { ROOT } from "../cli/helpers.js";
import { memoryIO } from "../support/io.js";
import { EXAMPLE_FILES, exampleReport, TODAY } from "./fixtures.js";

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const tags = (html: string, pattern: RegExp): string[] => [...html.matchAll(pattern)].map((m) => m[0]);

describe("pledge report: structure", () => {
  it.each(EXAMPLE_FILES)("%s: one edge per flow, coloured as the engine's verdict, linked to the flow's finding", async (file) => {
    const { html, reports } = await exampleReport([file]);
    const report = reports[0]!;
    const edges = tags(html, /<a href="[^"]*" class="edge" [^>]*>\s*<title>[^<]*<\/title><path [^>]*>/g);
    expect(edges).toHaveLength(report.flows.length);
    const lint = lintFile(join(ROOT, file), { today: TODAY });
    for (const flow of report.flows) {
      const edge = edges.filter((e) => attr(e, "data-flow") === flow.id);
      expect(edge, flow.id).toHaveLength(1);
      expect(attr(edge[0]!, "data-verdict")).toBe(flow.verdict);
      expect(attr(edge[0]!.slice(edge[0]!.indexOf("<path")), "stroke")).toBe(VERDICT_STYLE[flow.verdict].color);
      expect(attr(edge[0]!, "href")).toBe(`#${flow.findings[0] ?? flow.anchor}`);
      // The verdict is the one pledge lint reports for the flow, where it reports one.
      const linted = lint.findings.find((f) => f.subject === flow.id && f.verdict !== undefined && f.code.startsWith("flow-"));
      if (linted) expect(flow.verdict).toBe(linted.verdict);
    }
  });

  it.each(EXAMPLE_FILES)("%s: the layout keeps three columns, no boxes overlap, and each edge runs from its source's right side to its target's left side", async (file) => {
    const { reports } = await exampleReport([file]);
    const { nodes, flows } = reports[0]!;
    const layout = layoutDataMap(nodes, flows);
    const box = (id: string) => layout.nodes.get(id)!;
    const column = (ids: readonly string[]) => ({ left: Math.min(...ids.map((id) => box(id).x)), right: Math.max(...ids.map((id) => box(id).x + box(id).width)) });
    const data = column(nodes.filter((n) => n.kind === "data").map((n) => n.id));
    const middle = column(flows.map((f) => `flow:${f.id}`));
    const recipients = column(nodes.filter((n) => n.kind === "recipient").map((n) => n.id));
    expect(data.right).toBeLessThan(middle.left);
    expect(middle.right).toBeLessThan(recipients.left);
    const boxes = [...layout.nodes.values()];
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.width, a.id).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height, a.id).toBeLessThanOrEqual(layout.height);
      for (const b of boxes.slice(i + 1)) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `${a.id} / ${b.id}`).toBe(true);
    }
    for (const f of flows) {
      const ends: [string, string, string][] = [...f.data.map((d, i): [string, string, string] => [`flow:${f.id}<-data:${i}`, `data:${d}`, `flow:${f.id}`]), [`flow:${f.id}->recipient`, `flow:${f.id}`, `recipient:${f.recipient}`]];
      for (const [id, source, target] of ends) {
        const edge = layout.edges.get(id)!;
        expect(edge.from.x).toBe(box(source).x + box(source).width);
        expect(edge.from.y).toBeGreaterThan(box(source).y);
        expect(edge.from.y).toBeLessThan(box(source).y + box(source).height);
        expect(edge.to.x).toBe(box(target).x);
        expect(edge.to.y).toBeGreaterThan(box(target).y);
        expect(edge.to.y).toBeLessThan(box(target).y + box(target).height);
      }
    }
    expect(layout.edges.size).toBe(flows.reduce((sum, f) => sum + f.data.length + 1, 0));
  });

  it("labels each edge with its deciding clause, linked to the clause's quote", async () => {
    const { html, reports } = await exampleReport(["examples/pomeg/violations.flows.yaml"]);
    const flow = reports[0]!.flows.find((f) => f.id === "meta-comments-to-openai")!;
    expect(flow.verdict).toBe("ambiguous");
    const label = tags(html, /<a href="[^"]*" class="edge-label" data-flow="meta-comments-to-openai"[^>]*>[\s\S]*?<\/a>/g)[0] ?? "";
    const rule = flow.rules[0]!;
    expect(label).toContain(rule.ruleId);
    const target = attr(label, "href")!.slice(1);
    const clause = new RegExp(`<dt id="${target}">[\\s\\S]*?</dd>`).exec(html)?.[0] ?? "";
    expect(clause).toContain(rule.citation.quote.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").slice(0, 30));
  });

  it("every in-page link lands on an element, and nothing is loaded from elsewhere", async () => {
    const { html } = await exampleReport(EXAMPLE_FILES);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(100);
    expect(hrefs.filter((h) => !h.startsWith("#") || !ids.has(h.slice(1)))).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it("marks each deletion obligation: a bar for a planned step, a mark for a missing one, a hatch for a hold", async () => {
    const { html, reports } = await exampleReport(["examples/pomeg/violations.flows.yaml", "examples/pocketo/app.flows.yaml"]);
    for (const report of reports) {
      for (const t of report.timelines) {
        for (const o of t.obligations) {
          const group = new RegExp(`<g class="obligation status-${o.status}" data-rule="${o.ruleId}" data-store="${o.store}">[\\s\\S]*?</g>`).exec(html.slice(html.indexOf(`id="${t.anchor}"`)))?.[0];
          expect(group, `${t.planId} ${o.ruleId} ${o.store}`).toBeDefined();
          if (o.status === "not-held") expect(group).toContain('class="not-held"');
          else if (o.status === "missing" && o.planned === undefined) expect(group).toContain('class="missing"');
          else if (o.status === "kept" || o.status === "kept-without-ground") expect(group).toContain(`class="bar bar-${o.status}"`);
          else expect(group).toContain(`data-step="${o.planned?.step}"`);
          expect(group).toContain(`§${o.citation.section.replace(/&/g, "&amp;")}`.slice(0, 8));
        }
      }
    }
    // The violations example has a late step and a missing store.
    const statuses = reports[0]!.timelines.flatMap((t) => t.obligations.map((o) => o.status));
    expect(statuses).toContain("late");
    expect(statuses).toContain("missing");
  });

  it("summarises the policy, verdicts, finding codes and waivers with their reasons, expiry and status", async () => {
    const { html, reports } = await exampleReport(["test/fixtures/lint/waivers/waivers.flows.yaml"]);
    const r = reports[0]!;
    expect(r.verdictCounts).toMatchObject({ vague: 1, incorrect: 1 });
    expect(r.waivers.map((w) => [w.rule, w.flow, w.expires, w.status])).toEqual([
      ["flow-vague", "chat-hosting", "2026-12-31", "active"],
      ["flow-incorrect", "sell-emails", "2026-06-30", "expired"],
      ["flow-omitted", undefined, "2026-12-31", "unused"],
    ]);
    const summary = html.slice(html.indexOf('id="m1-summary"'), html.indexOf('id="m1-map"'));
    expect(summary).toContain(r.policy.sha256);
    expect(summary).toContain(r.policy.lastUpdated);
    for (const code of ["flow-incorrect", "waiver-expired", "waiver-unused"]) expect(summary).toContain(`<code>${code}</code>`);
    expect(summary).toContain("Legal: the policy update naming our host ships in Q1");
    expect(summary).toContain("Grandfathered contract");
    expect(summary).toMatch(/2026-06-30<\/td><td[^>]*>expired/);
  });

  it("words a chained deadline as the policy counts it, so that the lateness adds up", async () => {
    // Backups: 90 days "following deletion", counted from the plan's own primary deletion (P7D),
    // at the latest 120 days after the request; P180D is 83 days late, not 60.
    const { html, reports } = await exampleReport(["examples/pomeg/violations.flows.yaml"], { at: "2026-11-23T10:00:00Z" });
    const t = reports[0]!.timelines.find((x) => x.planId === "backups-kept-six-months")!;
    const backups = t.obligations.find((o) => o.store === "backups")!;
    expect(backups).toMatchObject({ match: "chained", status: "late", due: { after: "P120D" }, lateBy: { iso: "P83D" } });
    expect(t.deadlines[`${backups.ruleId}|backups`]?.chained).toEqual({ after: "P90D", trigger: "account-deleted" });
    const row = new RegExp(`<tr><td><code>backups</code></td>[\\s\\S]*?</tr>`).exec(html.slice(html.indexOf(`id="${t.anchor}"`)))?.[0] ?? "";
    expect(row).toContain("within 90 days of <code>account-deleted</code>, counted from the plan's own primary deletion of the data, and at the latest within 120 days of <code>account-deletion-requested</code>: 2027-03-23T10:00:00Z");
    expect(row).toContain("83 days late");
    // A rule that names the plan's own trigger is worded as before.
    const primary = t.obligations.find((o) => o.store === "primary")!;
    expect(t.deadlines[`${primary.ruleId}|primary`]?.chained).toBeUndefined();
  });

  it("dates the axis when --at gives an instant", async () => {
    const { html } = await exampleReport(["examples/pomeg/app.flows.yaml"], { at: "2026-11-23T10:00:00Z" });
    expect(html).toContain(">2026-11-23</text>");
    expect(html).toContain("2027-03-23T10:00:00Z");
  });

  it("is the same, byte for byte, on every run", async () => {
    const a = await exampleReport(["examples/polus/app.flows.yaml"]);
    const b = await exampleReport(["examples/polus/app.flows.yaml"]);
    expect(a.html).toBe(b.html);
  });

  it("shows the policy's coverage of its text when the text is given", async () => {
    const seed = join(ROOT, "../shared/seeds/002_5df26b167d00935f.txt");
    if (!existsSync(seed)) return;
    const { html, reports } = await exampleReport(["examples/polus/app.flows.yaml"], { sourceText: readFileSync(seed, "utf8") });
    const coverage = reports[0]!.coverage;
    expect(coverage.given).toBe(true);
    if (!coverage.given) return;
    const sentences = coverage.sections.flatMap((s) => s.sentences);
    expect(sentences).toHaveLength(coverage.total);
    expect(sentences.filter((s) => s.cited)).toHaveLength(coverage.cited);
    const sale = sentences.find((s) => s.text === "We do not sell Meta or WhatsApp data.");
    expect(sale?.rules).toContain("meta-no-sale");
    expect((html.match(/class="sentence-uncited"/g) ?? []).length).toBe(coverage.total - coverage.cited);
  });
});

describe("pledge report: large manifests", () => {
  it(`aggregates edges by data category and recipient above ${AGGREGATE_ABOVE} flows`, async () => {
    const flows: MapFlow[] = Array.from({ length: AGGREGATE_ABOVE + 1 }, (_, i) => ({
      id: `f${i}`,
      anchor: `a${i}`,
      description: "",
      action: "use",
      data: [`d${i % 3}`],
      recipient: `r${i % 2}`,
      purposes: ["p"],
      verdict: i === 7 ? "incorrect" : "clear",
      rules: [],
      findings: [],
    }));
    const nodes = [...["d0", "d1", "d2"].map((t) => ({ id: `data:${t}`, kind: "data" as const, term: t, label: t })), ...["r0", "r1"].map((t) => ({ id: `recipient:${t}`, kind: "recipient" as const, term: t, label: t, role: "third-party" as const }))];
    const layout = layoutDataMap(nodes, flows);
    expect(layout.aggregated).toBe(true);
    expect(layout.aggregates).toHaveLength(6);
    expect(layout.edges.size).toBe(6);
    const worst = aggregate(flows).find((a) => a.flows.includes("f7"));
    expect(worst).toMatchObject({ verdict: "incorrect", data: "d1", recipient: "r1" });
    expect(aggregate(flows).reduce((sum, a) => sum + a.flows.length, 0)).toBe(flows.length);
  });
});

describe("pledge report: the command", () => {
  it("writes the page and exits 0; input errors exit 2 with file:line:column", async () => {
    const io = memoryIO({ cwd: ROOT });
    expect(await reportCommand.run(["examples/polus/app.flows.yaml", "--now", TODAY], io)).toBe(0);
    expect(io.out.startsWith("<!doctype html>")).toBe(true);
    const bad = memoryIO({ cwd: ROOT });
    expect(await reportCommand.run(["test/fixtures/lint/bad/unknown-term.flows.yaml", "--now", TODAY], bad)).toBe(2);
    expect(bad.err).toMatch(/^pledge report: test\/fixtures\/lint\/bad\/unknown-term\.flows\.yaml:\d+:\d+: /m);
    const at = memoryIO({ cwd: ROOT });
    expect(await reportCommand.run(["examples/polus", "--at", "tomorrow"], at)).toBe(2);
    expect(at.err).toContain('--at must be an instant with an offset, such as 2026-11-23T10:00:00Z, not "tomorrow"');
  });
});
