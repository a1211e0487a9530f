/**
 * The report as a person sees it, in Debian's headless Chromium (`apt-get install chromium`;
 * .ci/run installs it): no console error, no network request, no serious or critical axe-core
 * violation, one SVG edge per flow stroked in its verdict's colour. Screenshots go to a temporary
 * folder; `PLEDGE_SCREENSHOTS=1` writes them to docs/report-<policy>.png instead.
 * Without /usr/bin/chromium the suite is skipped, and says so.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERDICT_STYLE } from "../../src/report/html.js";
import { ROOT } from "../cli/helpers.js";
import { exampleReport, POLICIES } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`test/report/browser.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const SEEDS: Readonly<Record<(typeof POLICIES)[number], string>> = { pomeg: "000_cfbfeb3ad6dbc0b4.txt", pocketo: "001_ebedc69f3dedb55e.txt", polus: "002_5df26b167d00935f.txt" };
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const rgb = (hex: string) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

describe.skipIf(!available)("pledge report in headless Chromium", () => {
  let browser: BrowserContext;
  const dir = mkdtempSync(join(tmpdir(), "pledge-report-"));
  const shots = process.env.PLEDGE_SCREENSHOTS === "1" ? join(ROOT, "docs") : dir;

  beforeAll(async () => {
    // A fresh --user-data-dir: Playwright passes it for a persistent context.
    browser = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(POLICIES)("the %s example report: no console error, no request, no serious axe violation, one coloured edge per flow", { timeout: 240_000 }, async (policy) => {
    const seed = join(ROOT, "../shared/seeds", SEEDS[policy]);
    const { html, reports } = await exampleReport([`examples/${policy}/app.flows.yaml`, `examples/${policy}/violations.flows.yaml`], {
      at: "2026-11-23T10:00:00Z",
      ...(existsSync(seed) ? { sourceText: readFileSync(seed, "utf8") } : {}),
    });
    const file = join(dir, `${policy}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: "load" });

    // One edge per flow, stroked in its verdict's colour (as the browser computes it).
    const edges = await page.$$eval("a.edge", (as) =>
      as.map((a) => ({ flow: a.getAttribute("data-flow"), verdict: a.getAttribute("data-verdict"), stroke: getComputedStyle(a.querySelector("path")!).stroke, box: a.querySelector("path")!.getBBox().width + a.querySelector("path")!.getBBox().height })),
    );
    const flows = reports.flatMap((r) => r.flows);
    expect(edges).toHaveLength(flows.length);
    for (const flow of flows) {
      const drawn = edges.filter((e) => e.flow === flow.id && e.verdict === flow.verdict);
      expect(drawn.length, flow.id).toBeGreaterThanOrEqual(1);
      for (const e of drawn) {
        expect(e.stroke).toBe(rgb(VERDICT_STYLE[flow.verdict].color));
        expect(e.box).toBeGreaterThan(0);
      }
    }

    // Accessibility: axe-core, injected by the test (the report itself has no script).
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

    if (shots !== dir) mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `report-${policy}.png`), clip: { x: 0, y: 0, width: 1280, height: 1600 }, fullPage: true });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const letter = await page.pdf({ format: "Letter", printBackground: true });
    expect(letter.length).toBeGreaterThan(1000);
    await page.close();

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
