/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no external
 * resource, so that it opens offline and prints on A4 or Letter. Pure: the page is a function of
 * the reports and their layouts, byte for byte.
 */
import type { ObligationStatus } from "../deadlines/index.js";
import { describeDuration } from "../deadlines/time.js";
import type { Verdict } from "../findings.js";
import { ROLE_LABELS, type RecipientRole } from "./terms.js";
import { edgeLabel, LABEL_GAP, type DataMapLayout, type PlacedEdge } from "./layout.js";
import { REPORT_VERDICTS, type ManifestReport, type MapFlow, type Timeline } from "./model.js";

/** Each verdict's colour and dash pattern (the pattern keeps verdicts apart without colour). */
export const VERDICT_STYLE: Readonly<Record<Verdict, { readonly color: string; readonly dash: string; readonly label: string }>> = {
  clear: { color: "#2e7d32", dash: "", label: "clear: allowed by a statement naming the flow's own terms" },
  vague: { color: "#9a5b00", dash: "7 4", label: "vague: allowed only through broader terms" },
  omitted: { color: "#6a1b9a", dash: "2 3", label: "omitted: nothing in the policy discloses it" },
  ambiguous: { color: "#0d47a1", dash: "9 3 2 3", label: "ambiguous: the policy both allows and forbids it" },
  incorrect: { color: "#c62828", dash: "", label: "incorrect: the policy says it will not happen" },
};

const STATUS_COLOR: Readonly<Record<ObligationStatus, string>> = { "on-time": "#2e7d32", late: "#c62828", missing: "#c62828", kept: "#455a64", "kept-without-ground": "#c62828", "not-held": "#616161" };

/**
 * Escapes text for HTML and SVG content and attribute values.
 *
 * @example
 * esc('<a href="x">') //=> "&lt;a href=&quot;x&quot;&gt;"
 */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const n = (x: number): string => (Math.round(x * 10) / 10).toString();
const cut = (text: string, width: number, charWidth = 6.4): string => {
  const max = Math.max(4, Math.floor((width - 14) / charWidth));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
};

const CSS = `
:root{--ink:#1c1c1c;--muted:#555;--line:#c8c8c8;--bg:#fff;--soft:#f4f4f2}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid var(--ink);padding-bottom:4px}h3{font-size:16px;margin:24px 0 6px}h4{font-size:14px;margin:16px 0 4px}
p.lead,.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--soft)}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
blockquote{margin:4px 0 4px 0;padding:2px 10px;border-left:3px solid var(--line);color:#333}
a{color:#0b4f9c}
.verdict{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;font-weight:600}
.swatch{display:inline-block;width:28px;height:0;border-top:3px solid;vertical-align:middle;margin-right:6px}
.error{color:#b71c1c;font-weight:600}.warning{color:#8a5300;font-weight:600}
.ok{color:#2e7d32;font-weight:600}
figure{margin:8px 0 16px}
figcaption{color:var(--muted);font-size:12px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.map{width:100%;height:auto;border:1px solid var(--line);background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px;margin:4px 0}
.role{display:inline-block;border:1.5px solid #333;padding:0 6px;font-size:12px}
.role-processor,.role-processor-and-third-party{border-style:dashed}.role-third-party{border-width:3px;border-color:#8a4b00;background:#fff3e0}
.role-first-party{background:#263238;color:#fff}.role-authority{border-style:dotted}
.sentence-uncited{background:#fff3cd}
ul.sentences{padding-left:18px}ul.sentences li{margin:2px 0}
.manifest{break-before:page}
.manifest:first-of-type{break-before:auto}
@page{margin:12mm}
@media print{body{max-width:none;padding:0;font-size:11px}a{color:inherit;text-decoration:none}h2,h3{break-after:avoid}tr,figure,blockquote{break-inside:avoid}.map{max-height:250mm}}
`;

/**
 * The whole page for one or more manifests.
 *
 * @example
 * renderReportHtml([{ report, layout }], { title: "pledge report" }).startsWith("<!doctype html>") //=> true
 */
export function renderReportHtml(parts: readonly { readonly report: ManifestReport; readonly layout: DataMapLayout }[], options: { readonly title: string; readonly at?: string }): string {
  const body = parts.map(({ report, layout }) => manifestSection(report, layout, options.at)).join("\n");
  const toc = parts.map(({ report }) => `<li><a href="#${esc(report.prefix)}">${esc(report.name)}</a> (${esc(report.policy.title)})</li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pledge">
<title>${esc(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(options.title)}</h1>
<p class="lead">What the application does with personal data, checked against the privacy policy it publishes: where each kind of data goes and under which clause, when each copy must be gone after a deletion request, which rights are served, and how much of the policy's text the encoding cites.${options.at !== undefined ? ` Deletion dates count from ${esc(options.at)}.` : ""}</p>
${parts.length > 1 ? `<nav aria-label="Manifests"><ul>${toc}</ul></nav>` : ""}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function manifestSection(r: ManifestReport, layout: DataMapLayout, at: string | undefined): string {
  return `<section class="manifest" id="${esc(r.prefix)}" aria-labelledby="${esc(r.prefix)}-title">
<h2 id="${esc(r.prefix)}-title">${esc(r.name)}</h2>
${summary(r)}
${dataMap(r, layout)}
${timelines(r, at)}
${rights(r)}
${coverage(r)}
${findingsList(r)}
${clauses(r)}
</section>`;
}

function verdictBadge(v: Verdict): string {
  return `<span class="verdict" style="background:${VERDICT_STYLE[v].color}">${v}</span>`;
}

function summary(r: ManifestReport): string {
  const p = r.policy;
  const verdictRows = REPORT_VERDICTS.map((v) => `<tr><td><span class="swatch" style="border-color:${VERDICT_STYLE[v].color};border-top-style:${VERDICT_STYLE[v].dash ? "dashed" : "solid"}"></span>${verdictBadge(v)}</td><td>${r.verdictCounts[v]}</td></tr>`).join("");
  const codeRows = r.codeCounts.length > 0 ? r.codeCounts.map((c) => `<tr><td><code>${esc(c.code)}</code></td><td class="${c.severity}">${c.severity}</td><td>${c.count}</td></tr>`).join("") : `<tr><td colspan="3">no findings</td></tr>`;
  const waivers =
    r.waivers.length === 0
      ? "<p>No waivers.</p>"
      : `<table><caption class="muted">Waivers</caption><thead><tr><th>rule</th><th>flow</th><th>reason</th><th>expires</th><th>status</th></tr></thead><tbody>${r.waivers
          .map((w) => `<tr><td>${w.rule ? `<code>${esc(w.rule)}</code>` : "any"}</td><td>${w.flow ? `<code>${esc(w.flow)}</code>` : "every flow"}</td><td>${esc(w.reason)}</td><td>${esc(w.expires)}</td><td class="${w.status === "active" ? "ok" : w.status === "expired" ? "error" : "warning"}">${w.status}</td></tr>`)
          .join("")}</tbody></table>`;
  return `<h3 id="${esc(r.prefix)}-summary">Summary</h3>
<table><tbody>
<tr><th scope="row">Policy</th><td>${esc(p.title)} (<code>${esc(p.id)}</code>), operated by ${esc(p.operator)}</td></tr>
<tr><th scope="row">Version date</th><td>${esc(p.lastUpdated ?? "none printed in the text")}</td></tr>
<tr><th scope="row">Source fingerprint</th><td><code>sha256 ${esc(p.sha256)}</code></td></tr>
<tr><th scope="row">Flows</th><td>${r.flows.length}; deletion plans ${r.timelines.length}; rights declared ${r.rights.filter((x) => x.status !== "unsupported").length} of ${r.rights.length} promised</td></tr>
<tr><th scope="row">Findings</th><td>${r.findings.filter((f) => f.severity === "error").length} errors, ${r.findings.filter((f) => f.severity === "warning").length} warnings, ${r.waived.length} waived</td></tr>
</tbody></table>
<div style="display:flex;gap:24px;flex-wrap:wrap">
<table style="width:auto"><caption class="muted">Flows by verdict</caption><thead><tr><th>verdict</th><th>flows</th></tr></thead><tbody>${verdictRows}</tbody></table>
<table style="width:auto"><caption class="muted">Findings by code</caption><thead><tr><th>code</th><th>severity</th><th>count</th></tr></thead><tbody>${codeRows}</tbody></table>
</div>
${waivers}`;
}

/** An edge as a curve that leaves and enters its boxes horizontally. */
const pathOf = (edge: PlacedEdge | undefined): string => {
  if (!edge) return "";
  const { from, to } = edge;
  const bend = (to.x - from.x) / 2;
  return `M${n(from.x)} ${n(from.y)} C${n(from.x + bend)} ${n(from.y)} ${n(to.x - bend)} ${n(to.y)} ${n(to.x)} ${n(to.y)}`;
};

function roleBox(role: RecipientRole | undefined): { fill: string; stroke: string; dash: string; width: number; text: string } {
  switch (role) {
    case "first-party":
      return { fill: "#263238", stroke: "#263238", dash: "", width: 1.5, text: "#ffffff" };
    case "processor":
    case "processor-and-third-party":
      return { fill: "#ffffff", stroke: "#37474f", dash: "6 3", width: 1.5, text: "#1c1c1c" };
    case "third-party":
      return { fill: "#fff3e0", stroke: "#8a4b00", dash: "", width: 3, text: "#1c1c1c" };
    case "authority":
      return { fill: "#ffffff", stroke: "#37474f", dash: "2 2", width: 1.5, text: "#1c1c1c" };
    default:
      return { fill: "#f4f4f2", stroke: "#757575", dash: "", width: 1, text: "#1c1c1c" };
  }
}

function dataMap(r: ManifestReport, layout: DataMapLayout): string {
  const id = (x: string) => `${r.prefix}-${x}`;
  const markers = REPORT_VERDICTS.map((v) => `<marker id="${id(`arrow-${v}`)}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${VERDICT_STYLE[v].color}"/></marker>`).join("");
  const nodeSvg = r.nodes
    .map((node) => {
      const box = layout.nodes.get(node.id);
      if (!box) return "";
      if (node.kind === "data") {
        return `<g class="node node-data" data-term="${esc(node.term)}"><title>${esc(`${node.label} (${node.term})`)}</title><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="4" fill="#eef3f8" stroke="#90a4ae"/><text x="${n(box.x + 7)}" y="${n(box.y + box.height / 2 + 4)}" font-size="11" fill="#1c1c1c">${esc(cut(node.label, box.width))}</text></g>`;
      }
      const style = roleBox(node.role);
      const role = node.role ?? "other";
      return `<g class="node node-recipient role-${role}" data-term="${esc(node.term)}" data-role="${role}"><title>${esc(`${node.label} (${node.term}): ${ROLE_LABELS[role]}`)}</title><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="2" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""}/><text x="${n(box.x + 7)}" y="${n(box.y + 15)}" font-size="11" font-weight="600" fill="${style.text}">${esc(cut(node.label, box.width, 6.8))}</text><text x="${n(box.x + 7)}" y="${n(box.y + 29)}" font-size="10" fill="${style.text}">${esc(cut(ROLE_LABELS[role], box.width, 5.8))}</text></g>`;
    })
    .join("\n");
  let flowSvg = "";
  let edgeSvg = "";
  if (!layout.aggregated) {
    for (const f of r.flows) {
      const box = layout.nodes.get(`flow:${f.id}`);
      const style = VERDICT_STYLE[f.verdict];
      if (box) {
        flowSvg += `<a href="#${esc(f.anchor)}" class="node node-flow" data-flow="${esc(f.id)}"><title>${esc(`${f.id}: ${f.description}`)}</title><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="3" fill="#ffffff" stroke="${style.color}" stroke-width="1.5"/><rect x="${n(box.x)}" y="${n(box.y)}" width="5" height="${n(box.height)}" fill="${style.color}"/><text x="${n(box.x + 10)}" y="${n(box.y + 15)}" font-size="11" font-weight="600" fill="#1c1c1c">${esc(cut(f.id, box.width, 6.8))}</text><text x="${n(box.x + 10)}" y="${n(box.y + 30)}" font-size="10" fill="#444">${esc(cut(`${f.action} · ${f.purposes.join(", ")}`, box.width, 5.8))}</text></a>\n`;
      }
      f.data.forEach((_, i) => {
        edgeSvg += `<path class="feed" d="${pathOf(layout.edges.get(`flow:${f.id}<-data:${i}`))}" fill="none" stroke="#b0bec5" stroke-width="1"/>\n`;
      });
      const edge = layout.edges.get(`flow:${f.id}->recipient`);
      const target = f.findings[0] ?? f.anchor;
      const rule = f.rules[0];
      const clause = rule ? r.clauses.find((c) => c.ruleId === rule.ruleId) : undefined;
      edgeSvg += `<a href="#${esc(target)}" class="edge" data-flow="${esc(f.id)}" data-verdict="${f.verdict}" aria-label="${esc(`${f.id} to ${f.recipient}: ${f.verdict}${rule ? `, decided by ${rule.ruleId}` : ""}`)}"><title>${esc(`${f.id} → ${f.recipient}: ${f.verdict}${rule ? ` (${rule.ruleId}, §${rule.citation.section})` : ""}`)}</title><path class="flow-edge verdict-${f.verdict}" d="${pathOf(edge)}" fill="none" stroke="${style.color}" stroke-width="${f.verdict === "clear" ? 1.6 : 2.4}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""} marker-end="url(#${id(`arrow-${f.verdict}`)})"/></a>\n`;
      const start = edge?.from;
      if (start) {
        const text = `<text x="${n(start.x + 5)}" y="${n(start.y - 3)}" font-size="9.5" fill="${style.color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(cut(edgeLabel(f), LABEL_GAP, 5.4))}</text>`;
        edgeSvg += clause ? `<a href="#${esc(clause.anchor)}" class="edge-label" data-flow="${esc(f.id)}"><title>${esc(`${clause.ruleId}, §${clause.citation.section}`)}</title>${text}</a>\n` : `<g class="edge-label" data-flow="${esc(f.id)}">${text}</g>\n`;
      }
    }
  } else {
    for (const a of layout.aggregates) {
      const style = VERDICT_STYLE[a.verdict];
      const edge = layout.edges.get(a.id);
      const counts = REPORT_VERDICTS.filter((v) => (a.counts[v] ?? 0) > 0).map((v) => `${a.counts[v]} ${v}`).join(", ");
      const width = Math.min(5, 1 + Math.log2(a.flows.length) / 2);
      edgeSvg += `<a href="#${esc(r.prefix)}-flows" class="edge edge-aggregate" data-data="${esc(a.data)}" data-recipient="${esc(a.recipient)}" data-flows="${a.flows.length}" data-verdict="${a.verdict}" aria-label="${esc(`${a.data} to ${a.recipient}: ${a.flows.length} flows (${counts})`)}"><title>${esc(`${a.data} → ${a.recipient}: ${a.flows.length} flows (${counts})`)}</title><path class="flow-edge verdict-${a.verdict}" d="${pathOf(edge)}" fill="none" stroke="${style.color}" stroke-width="${n(width)}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""} marker-end="url(#${id(`arrow-${a.verdict}`)})"/></a>\n`;
      const start = edge?.from;
      if (start) edgeSvg += `<text class="edge-label" x="${n(start.x + 5)}" y="${n(start.y - 3)}" font-size="9.5" fill="${style.color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${a.flows.length} flow${a.flows.length === 1 ? "" : "s"}</text>\n`;
    }
  }
  const legend = `<div class="legend" aria-label="Legend">${REPORT_VERDICTS.map((v) => `<span><svg width="32" height="8" aria-hidden="true"><line x1="0" y1="4" x2="32" y2="4" stroke="${VERDICT_STYLE[v].color}" stroke-width="2.4"${VERDICT_STYLE[v].dash ? ` stroke-dasharray="${VERDICT_STYLE[v].dash}"` : ""}/></svg> ${esc(VERDICT_STYLE[v].label)}</span>`).join("")}</div>
<div class="legend">${(["first-party", "processor", "processor-and-third-party", "third-party", "authority", "other"] as const).map((role) => `<span class="role role-${role}">${esc(ROLE_LABELS[role])}</span>`).join("")}</div>`;
  const caption = layout.aggregated
    ? `${r.flows.length} flows, more than the map draws one by one: each edge is every flow of one data category to one recipient, coloured by its worst verdict and labelled with the number of flows. The table lists every flow.`
    : `Data categories (left), each flow with its action and purposes (middle), recipients (right). Each flow's edge to its recipient is coloured by its verdict and labelled with the clause that decided it; the edge links to the flow's finding, the label to the clause's quote.`;
  const svg = `<svg class="map" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="group" aria-label="${esc(`Data map of ${r.name}`)}" xmlns="http://www.w3.org/2000/svg"><defs>${markers}</defs><g class="edges">${edgeSvg}</g><g class="nodes">${nodeSvg}${flowSvg}</g></svg>`;
  const columns = layout.aggregated ? "" : `<p class="muted">Columns: data categories (${r.nodes.filter((x) => x.kind === "data").length}), flows (${r.flows.length}), recipients (${r.nodes.filter((x) => x.kind === "recipient").length}). Boxes cut long names; the table below has them whole.</p>`;
  return `<h3 id="${esc(r.prefix)}-map">Data map</h3>
${legend}
<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>
${columns}
${flowTable(r)}`;
}

function flowTable(r: ManifestReport): string {
  const clause = (ruleId: string) => {
    const c = r.clauses.find((x) => x.ruleId === ruleId);
    return c ? `<a href="#${esc(c.anchor)}"><code>${esc(ruleId)}</code></a> §${esc(c.citation.section)}` : `<code>${esc(ruleId)}</code>`;
  };
  const rows = r.flows
    .map(
      (f: MapFlow) =>
        `<tr id="${esc(f.anchor)}"><td><code>${esc(f.id)}</code>${f.source ? `<br><span class="muted"><code>${esc(f.source)}</code></span>` : ""}</td><td>${esc(f.description)}</td><td><code>${esc(f.action)}</code> ${f.data.map((d) => `<code>${esc(d)}</code>`).join(", ")}</td><td>${f.purposes.map((p) => `<code>${esc(p)}</code>`).join(", ")}</td><td><code>${esc(f.recipient)}</code></td><td>${verdictBadge(f.verdict)}</td><td>${f.rules.map((x) => clause(x.ruleId)).join("<br>") || "none"}</td><td>${f.findings.map((a, i) => `<a href="#${esc(a)}">finding ${i + 1}</a>`).join(", ")}</td></tr>`,
    )
    .join("\n");
  return `<table id="${esc(r.prefix)}-flows"><caption class="muted">Flows</caption><thead><tr><th>flow</th><th>what it does</th><th>action and data</th><th>purposes</th><th>recipient</th><th>verdict</th><th>deciding clauses</th><th>findings</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

const DAY = 86_400_000;
const TICKS = [3_600_000, 6 * 3_600_000, DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY, 180 * DAY, 365 * DAY];

function offsetText(ms: number): string {
  if (ms === 0) return "0";
  if (ms % DAY === 0) return `${ms / DAY} d`;
  if (ms < DAY) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round((ms / DAY) * 10) / 10} d`;
}

function timelines(r: ManifestReport, at: string | undefined): string {
  if (r.timelines.length === 0) return `<h3 id="${esc(r.prefix)}-deletion">Deletion timelines</h3><p>The manifest declares no deletion plan.</p>`;
  return `<h3 id="${esc(r.prefix)}-deletion">Deletion timelines</h3>
<p class="muted">For each plan, a time axis from its trigger: each store's deadline from the policy (a vertical mark, the shaded band its tolerance), the plan's step as a bar, late or missing steps marked with the clause, and data kept on a legal ground.${at === undefined ? " Pass --at with an instant to see dates." : ""}</p>
${r.timelines.map((t) => timelineBlock(r, t)).join("\n")}`;
}

function timelineBlock(r: ManifestReport, t: Timeline): string {
  const rowH = 30;
  const left = 230;
  const axisW = 560;
  const right = 150;
  const offsets = [...Object.values(t.deadlines).map((d) => d.withTolerance), ...t.steps.map((s) => s.offset ?? 0)];
  const max = Math.max(DAY, ...offsets) * 1.08;
  const x = (ms: number) => left + (Math.max(0, ms) / max) * axisW;
  const tick = TICKS.find((s) => max / s <= 8) ?? 365 * DAY;
  const origin = t.at !== undefined ? Date.parse(t.at) : undefined;
  const ticks: string[] = [];
  for (let ms = 0; ms <= max; ms += tick) {
    const label = origin !== undefined ? new Date(origin + ms).toISOString().slice(0, 10) : `+${offsetText(ms)}`;
    ticks.push(`<line x1="${n(x(ms))}" y1="22" x2="${n(x(ms))}" y2="${n(30 + t.obligations.length * rowH)}" stroke="#e0e0e0"/><text x="${n(x(ms))}" y="16" font-size="10" fill="#555" text-anchor="middle">${esc(label)}</text>`);
  }
  const clauseAnchor = (ruleId: string) => r.clauses.find((c) => c.ruleId === ruleId)?.anchor;
  const rows = t.obligations
    .map((o, i) => {
      const y = 30 + i * rowH;
      const key = `${o.ruleId}|${o.store}`;
      const d = t.deadlines[key];
      const color = STATUS_COLOR[o.status];
      const anchor = clauseAnchor(o.ruleId);
      const findings = t.findingAnchors[key] ?? [];
      const link = (inner: string) => (findings[0] ?? anchor ? `<a href="#${esc(findings[0] ?? anchor ?? "")}">${inner}</a>` : inner);
      let mark = "";
      if (d) {
        mark += `<rect class="tolerance" x="${n(x(d.due))}" y="${y + 2}" width="${n(Math.max(0, x(d.withTolerance) - x(d.due)))}" height="${rowH - 8}" fill="#eceff1"/>`;
        mark += `<line class="deadline" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}" x1="${n(x(d.withTolerance))}" y1="${y}" x2="${n(x(d.withTolerance))}" y2="${y + rowH - 4}" stroke="#111" stroke-width="2"><title>${esc(`${d.chained ? `${describeDuration(d.chained.after)} after the plan's own primary deletion, at the latest ` : ""}deadline ${describeDuration(o.due.after)}${o.due.tolerance ? ` + tolerance ${describeDuration(o.due.tolerance)}` : ""}${d.instant ? `: ${d.instant}` : ""} (${o.ruleId})`)}</title></line>`;
      }
      const planned = o.planned !== undefined ? t.steps[o.planned.step] : undefined;
      let bar = "";
      let status: string = o.status;
      if (o.status === "kept" || o.status === "kept-without-ground") {
        const k = o.kept[0];
        bar = `<rect class="bar bar-${o.status}" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}" x="${left}" y="${y + 6}" width="${axisW}" height="${rowH - 16}" fill="url(#${esc(r.prefix)}-hatch)" stroke="${color}"/>`;
        status = `${o.status === "kept" ? "held" : "held without ground"}: ${k?.ground ?? "?"}`;
      } else if (planned?.offset !== undefined) {
        bar = `<rect class="bar bar-${o.status}" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}" data-step="${planned.index}" x="${left}" y="${y + 8}" width="${n(Math.max(2, x(planned.offset) - left))}" height="${rowH - 18}" fill="${color}" opacity="0.85"><title>${esc(`step ${planned.index}: ${planned.data.join(", ")} from ${planned.store} ${planned.when}`)}</title></rect>`;
        if (o.status === "late" && o.lateBy) status = `late by ${o.lateBy.text}`;
      } else if (o.status === "not-held") {
        status = "not held: nothing to delete";
        bar = `<text class="not-held" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}" x="${left + 4}" y="${y + 17}" font-size="11" fill="${color}">the flows hold none of this data</text>`;
      } else if (o.status === "missing") {
        bar = `<text class="missing" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}" x="${left + 4}" y="${y + 17}" font-size="11" font-weight="700" fill="${color}">✖ no step</text>`;
      }
      const label = `<text x="4" y="${y + 12}" font-size="11" font-weight="600" fill="#1c1c1c">${esc(cut(o.store, left, 6.8))}</text><text x="4" y="${y + 24}" font-size="9.5" fill="#555">${esc(cut(`${o.data.join(", ")} · ${o.ruleId}`, left, 5.6))}</text>`;
      const statusText = link(`<text x="${left + axisW + 8}" y="${y + 16}" font-size="11" font-weight="600" fill="${color}">${esc(cut(`${status} §${o.citation.section}`, right + 60, 6.4))}</text>`);
      return `<g class="obligation status-${o.status}" data-rule="${esc(o.ruleId)}" data-store="${esc(o.store)}">${label}${mark}${bar}${statusText}</g>`;
    })
    .join("\n");
  const height = 40 + t.obligations.length * rowH;
  const width = left + axisW + right + 60;
  const hatch = `<defs><pattern id="${esc(r.prefix)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#607d8b" stroke-width="2"/></pattern></defs>`;
  const svg = t.obligations.length === 0 ? `<p>No retention rule of the policy is triggered by <code>${esc(t.trigger)}</code>.</p>` : `<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" style="max-width:100%;height:auto" role="group" aria-label="${esc(`Deletion timeline of plan ${t.planId}`)}" xmlns="http://www.w3.org/2000/svg">${hatch}${ticks.join("")}${rows}</svg>`;
  const table = `<table><thead><tr><th>store</th><th>data</th><th>deadline (rule)</th><th>plan</th><th>status</th></tr></thead><tbody>${t.obligations
    .map((o) => {
      const key = `${o.ruleId}|${o.store}`;
      const d = t.deadlines[key];
      const anchor = clauseAnchor(o.ruleId);
      const planned = o.planned !== undefined ? t.steps[o.planned.step] : undefined;
      const kept = o.kept.map((k) => `kept (step ${k.step}): ${esc(k.ground)}${k.exception ? `, granted by §${esc(k.exception.section)}: “${esc(k.exception.quote)}”` : ", a ground the rule does not grant"}`).join("<br>");
      const findings = (t.findingAnchors[key] ?? []).map((a, i) => `<a href="#${esc(a)}">finding ${i + 1}</a>`).join(", ");
      return `<tr><td><code>${esc(o.store)}</code></td><td>${o.data.map((x) => `<code>${esc(x)}</code>`).join(", ")}</td><td>${d?.chained ? `within ${esc(describeDuration(d.chained.after))} of <code>${esc(d.chained.trigger)}</code>, counted from the plan's own primary deletion of the data, and at the latest ` : ""}${esc(o.due.after === "PT0S" ? "immediately" : `within ${describeDuration(o.due.after)}`)}${o.due.tolerance ? ` (tolerance ${esc(describeDuration(o.due.tolerance))})` : ""} of <code>${esc(t.trigger)}</code>${d?.instant ? `: ${esc(d.instant)}` : ""} (${anchor ? `<a href="#${esc(anchor)}"><code>${esc(o.ruleId)}</code></a>` : `<code>${esc(o.ruleId)}</code>`} §${esc(o.citation.section)})</td><td>${planned ? `step ${planned.index}: <code>${esc(planned.store)}</code> ${esc(planned.when)}` : "none"}${kept ? `<br>${kept}` : ""}</td><td class="${o.status === "on-time" || o.status === "kept" ? "ok" : o.status === "not-held" ? "muted" : "error"}">${esc(o.status)}${o.lateBy ? `, ${esc(o.lateBy.text)} late` : ""}${findings ? ` (${findings})` : ""}</td></tr>`;
    })
    .join("")}</tbody></table>`;
  return `<h4 id="${esc(t.anchor)}">Plan <code>${esc(t.planId)}</code> on <code>${esc(t.trigger)}</code>${t.at !== undefined ? ` at ${esc(t.at)}` : ""}</h4>
${t.description ? `<p>${esc(t.description)}</p>` : ""}
<figure>${svg}</figure>
${t.obligations.length > 0 ? table : ""}`;
}

function rights(r: ManifestReport): string {
  if (r.rights.length === 0) return `<h3 id="${esc(r.prefix)}-rights">Rights</h3><p>The policy promises no right.</p>`;
  const rows = r.rights
    .map((x) => {
      const anchor = r.clauses.find((c) => c.ruleId === x.ruleId)?.anchor;
      const status = x.status === "supported" ? `<span class="ok">supported</span>` : x.status === "channel-missing" ? `<span class="warning">supported, but not through ${esc(x.missingChannels.join(", "))}</span>` : `<span class="error">not supported</span>`;
      return `<tr><td><code>${esc(x.right)}</code></td><td>${x.promisedChannels.map((c) => `<code>${esc(c)}</code>`).join(", ") || "not said"}</td><td>${x.supportedChannels.map((c) => `<code>${esc(c)}</code>`).join(", ") || "none"}</td><td>${x.responseDeadline ? esc(describeDuration(x.responseDeadline)) : "none promised"}</td><td>${status}</td><td>${anchor ? `<a href="#${esc(anchor)}"><code>${esc(x.ruleId)}</code></a>` : `<code>${esc(x.ruleId)}</code>`} §${esc(x.citation.section)}</td></tr>`;
    })
    .join("");
  return `<h3 id="${esc(r.prefix)}-rights">Rights</h3>
<table><thead><tr><th>right</th><th>channels the policy promises</th><th>channels the application supports</th><th>response deadline</th><th>status</th><th>clause</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function coverage(r: ManifestReport): string {
  const c = r.coverage;
  const head = `<h3 id="${esc(r.prefix)}-coverage">Policy coverage</h3>`;
  if (!c.given) return `${head}<p>The policy's source text was not given, so its coverage is not shown: pass <code>--source</code> with the path of <code>${esc(c.sourceFile)}</code>.</p>`;
  const anchorOf = (ruleId: string) => r.clauses.find((x) => x.ruleId === ruleId)?.anchor;
  const sections = c.sections
    .map((s) => {
      const uncited = s.sentences.filter((x) => !x.cited).length;
      const items = s.sentences
        .map((x) => {
          const rules = x.rules.map((id) => (anchorOf(id) ? `<a href="#${esc(anchorOf(id) ?? "")}"><code>${esc(id)}</code></a>` : `<code>${esc(id)}</code>`)).join(" ");
          return `<li class="sentence-${x.cited ? "cited" : "uncited"}" data-line="${x.line}">${esc(x.text)} <span class="muted">(line ${x.line}${x.cited ? "" : ", cited by no rule"})</span>${rules ? ` ${rules}` : ""}</li>`;
        })
        .join("");
      return `<h4>${esc(s.heading)}</h4><p class="muted">${s.sentences.length - uncited} of ${s.sentences.length} sentences cited</p><ul class="sentences">${items}</ul>`;
    })
    .join("\n");
  return `${head}<p>${c.cited} of ${c.total} sentences of the source text (<code>${esc(c.sourceFile)}</code>) are cited by the rules${c.fingerprintSame ? "" : "; <span class=\"error\">the text given is not the one the policy was encoded from (its SHA-256 differs)</span>"}. Sentences no rule cites are highlighted.</p>
${sections}`;
}

function findingsList(r: ManifestReport): string {
  const row = (f: ManifestReport["findings"][number]) =>
    `<tr id="${esc(f.anchor)}"><td>${f.line}:${f.column}</td><td class="${f.severity}">${f.severity}</td><td><code>${esc(f.code)}</code></td><td>${f.subject ? `<code>${esc(f.subject)}</code>` : ""}</td><td>${esc(f.message)}${f.waivedBecause ? `<br><span class="muted">waived: ${esc(f.waivedBecause)}</span>` : ""}</td><td>${f.rules.map((x) => `<a href="#${esc(r.clauses.find((c) => c.ruleId === x.ruleId)?.anchor ?? "")}"><code>${esc(x.ruleId)}</code></a>`).join(" ")}</td></tr>`;
  const all = [...r.findings, ...r.waived];
  return `<h3 id="${esc(r.prefix)}-findings">Findings</h3>${all.length === 0 ? "<p>No findings.</p>" : `<table><thead><tr><th>line</th><th>severity</th><th>code</th><th>subject</th><th>message</th><th>clauses</th></tr></thead><tbody>${all.map(row).join("\n")}</tbody></table>`}`;
}

function clauses(r: ManifestReport): string {
  return `<h3 id="${esc(r.prefix)}-clauses">Clauses cited</h3>
<dl>${r.clauses.map((c) => `<dt id="${esc(c.anchor)}"><code>${esc(c.ruleId)}</code>, §${esc(c.citation.section)}</dt><dd><blockquote>${esc(c.citation.quote)}</blockquote>${c.interpretation ? `<p class="muted">Reading: ${esc(c.interpretation)}</p>` : ""}</dd>`).join("\n")}</dl>`;
}
