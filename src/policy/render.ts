/**
 * Renders an encoded policy for people: a terminal table, a Markdown review document to read
 * beside the source text, or JSON. Pure and deterministic: the same policy and width always
 * give the same text.
 */
import { argumentError, isObject } from "../arguments.js";
import type { Citation } from "../model/citation.js";
import type { Policy } from "../model/policy.js";

/** The formats {@link renderPolicy} writes. */
export const RENDER_FORMATS = ["table", "markdown", "json"] as const;

/** One of `table`, `markdown`, `json`. */
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** Options of {@link renderPolicy}. */
export interface RenderOptions {
  /** The width of the terminal table in columns (default 100, at least 60). Ignored by other formats. */
  readonly width?: number;
}

/** The parts of a policy that rendering reads. */
export type RenderablePolicy = Omit<Policy, "$schema">;

/**
 * Renders a policy as a terminal table, a Markdown review document or JSON.
 *
 * - `table`: metadata, then one table per part (statements, retention, rights, age limits,
 *   notes) with the rule id, its force, its terms and its citation, wrapped to `width`
 *   columns. A rule carrying an interpretation note is marked `[i]`.
 * - `markdown`: metadata, the terms the policy adds, then every rule with its modality and
 *   terms next to its verbatim quote and interpretation note, for a reviewer with the text.
 * - `json`: the policy as data, two-space indented.
 *
 * @example
 * renderPolicy(polus, "markdown").split("\n")[0]
 * //=> "# Polus Technology Ltd Privacy Policy"
 * renderPolicy(polus, "table", { width: 80 }).split("\n").every((line) => line.length <= 80)
 * //=> true
 */
export function renderPolicy(policy: RenderablePolicy, format: RenderFormat, options: RenderOptions = {}): string {
  if (!isObject(policy)) throw argumentError("renderPolicy", { path: ["policy"], expected: "a policy", got: policy });
  switch (format) {
    case "json":
      return `${JSON.stringify(policy, null, 2)}\n`;
    case "markdown":
      return renderMarkdown(policy);
    case "table":
      return renderTable(policy, Math.max(60, Math.floor(options.width ?? 100)));
    default: {
      const never: never = format;
      throw argumentError("renderPolicy", { path: ["format"], expected: `one of ${RENDER_FORMATS.join(", ")}`, got: never });
    }
  }
}

// ---------------------------------------------------------------- shared descriptions

const list = (terms: readonly string[]): string => terms.join(", ");

function statementTerms(s: Policy["statements"][number]): string[] {
  const parts = [`actions: ${list(s.actions)}`, `data: ${list(s.data)}`, `recipients: ${list(s.recipients)}`];
  parts.push(`purposes: ${s.purposes.length > 0 ? list(s.purposes) : "any"}`);
  if (s.conditions.length > 0) parts.push(`conditions: ${list(s.conditions)}`);
  if (s.safeguards.length > 0) parts.push(`safeguards: ${list(s.safeguards)}`);
  if (s.locations.length > 0) parts.push(`locations: ${list(s.locations)}`);
  return parts;
}

function retentionTerms(r: Policy["retention"][number]): string[] {
  const parts = [
    `data: ${list(r.data)}`,
    `stores: ${list(r.stores)}`,
    `trigger: ${r.trigger}`,
    `${r.action} within ${r.maxDelay}${r.tolerance !== undefined ? ` (tolerance ${r.tolerance})` : ""}`,
  ];
  if (r.exceptions.length > 0) parts.push(`except: ${list(r.exceptions.map((e) => e.ground))}`);
  return parts;
}

function rightTerms(r: Policy["rights"][number]): string[] {
  return [`channels: ${r.channels.length > 0 ? list(r.channels) : "not stated"}`, `answer within: ${r.responseDeadline ?? "not stated"}`];
}

function metadata(policy: RenderablePolicy): [string, string][] {
  const rows: [string, string][] = [
    ["id", policy.id],
    ["operator", policy.operator.name],
  ];
  if (policy.operator.address !== undefined) rows.push(["address", policy.operator.address]);
  if (policy.operator.contact !== undefined) rows.push(["contact", policy.operator.contact]);
  if (policy.operator.website !== undefined) rows.push(["website", policy.operator.website]);
  rows.push(
    ["jurisdictions", policy.jurisdictions.length > 0 ? list(policy.jurisdictions) : "not stated"],
    ["storage locations", policy.storageLocations.length > 0 ? list(policy.storageLocations) : "not stated"],
    ["last updated", policy.lastUpdated ?? "not printed"],
    ["source file", policy.source.file],
    ["source sha256", policy.source.sha256],
  );
  if (policy.source.url !== undefined) rows.push(["source url", policy.source.url]);
  rows.push([
    "rules",
    `${policy.statements.length} statements, ${policy.retention.length} retention rules, ${policy.rights.length} rights, ${policy.ageLimits.length} age limits, ${policy.notes.length} notes, ${policy.vocabulary.length} added terms`,
  ]);
  return rows;
}

// ---------------------------------------------------------------- markdown

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}

function quoteBlock(citation: Citation): string {
  const quote = citation.quote.replace(/\s+/g, " ").trim();
  return `> ${quote}\n>\n> — ${citation.section}`;
}

function code(terms: readonly string[]): string {
  return terms.map((t) => `\`${t}\``).join(", ");
}

function renderMarkdown(policy: RenderablePolicy): string {
  const out: string[] = [`# ${policy.title}`, "", "| field | value |", "| --- | --- |"];
  for (const [field, value] of metadata(policy)) out.push(`| ${field} | ${cell(value)} |`);
  out.push("");

  if (policy.vocabulary.length > 0) {
    out.push("## Terms this policy adds", "", "| kind | id | label | parents |", "| --- | --- | --- | --- |");
    for (const t of policy.vocabulary) out.push(`| ${t.kind} | \`${t.id}\` | ${cell(t.label)} | ${t.parents.length > 0 ? code(t.parents) : "—"} |`);
    out.push("");
  }

  const interpretation = (text: string | undefined) => (text === undefined ? [] : ["", `*Interpretation:* ${text.replace(/\s+/g, " ").trim()}`]);

  if (policy.statements.length > 0) {
    out.push("## Statements", "");
    for (const s of policy.statements) {
      out.push(`### \`${s.id}\` — ${s.modality}`, "");
      out.push(`- actions: ${code(s.actions)}`, `- data: ${code(s.data)}`, `- recipients: ${code(s.recipients)}`);
      out.push(`- purposes: ${s.purposes.length > 0 ? code(s.purposes) : "any"}`);
      if (s.conditions.length > 0) out.push(`- conditions: ${code(s.conditions)}`);
      if (s.safeguards.length > 0) out.push(`- safeguards: ${code(s.safeguards)}`);
      if (s.locations.length > 0) out.push(`- locations: ${code(s.locations)}`);
      out.push("", quoteBlock(s.citation), ...interpretation(s.interpretation), "");
    }
  }

  if (policy.retention.length > 0) {
    out.push("## Retention rules", "");
    for (const r of policy.retention) {
      out.push(`### \`${r.id}\` — ${r.action}`, "");
      out.push(`- data: ${code(r.data)}`, `- stores: ${code(r.stores)}`, `- trigger: \`${r.trigger}\``);
      out.push(`- longest delay: \`${r.maxDelay}\`${r.tolerance !== undefined ? ` (tolerance \`${r.tolerance}\`)` : ""}`);
      out.push("", quoteBlock(r.citation), ...interpretation(r.interpretation), "");
      for (const e of r.exceptions) out.push(`Exception: \`${e.ground}\``, "", quoteBlock(e.citation), "");
    }
  }

  if (policy.rights.length > 0) {
    out.push("## Rights", "");
    for (const r of policy.rights) {
      out.push(`### \`${r.id}\` — ${r.right}`, "");
      out.push(`- channels: ${r.channels.length > 0 ? code(r.channels) : "not stated"}`, `- response deadline: ${r.responseDeadline !== undefined ? `\`${r.responseDeadline}\`` : "not stated"}`);
      out.push("", quoteBlock(r.citation), ...interpretation(r.interpretation), "");
    }
  }

  if (policy.ageLimits.length > 0) {
    out.push("## Age limits", "");
    for (const a of policy.ageLimits) {
      out.push(`### \`${a.id}\` — at least ${a.minimumAge}${a.region !== undefined ? ` in \`${a.region}\`` : ""}`, "");
      out.push(quoteBlock(a.citation), ...interpretation(a.interpretation), "");
    }
  }

  if (policy.notes.length > 0) {
    out.push("## Notes", "");
    for (const n of policy.notes) {
      out.push(`### \`${n.id}\` — ${n.topic}`, "", n.note.replace(/\s+/g, " ").trim(), "");
      if (n.citation) out.push(quoteBlock(n.citation), "");
    }
  }
  while (out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------- terminal table

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (let word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      while (word.length > width) {
        if (line.length > 0) {
          lines.push(line);
          line = "";
        }
        // Break a long word after its last hyphen that fits, else hard at the width.
        const hyphen = word.lastIndexOf("-", width - 1);
        const cut = hyphen > 0 ? hyphen + 1 : width;
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      if (line.length === 0) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

interface TableRow {
  readonly id: string;
  readonly kind: string;
  readonly terms: string;
  readonly citation: string;
}

function table(title: string, rows: readonly TableRow[], width: number): string[] {
  if (rows.length === 0) return [];
  const gap = "  ";
  // Every column fits: with width >= 60, id <= 16 and kind <= 14 leave at least 24 columns.
  const idWidth = Math.min(Math.max(12, Math.floor(width * 0.28)), Math.max(2, ...rows.map((r) => r.id.length)));
  const kindWidth = Math.min(14, Math.max(4, ...rows.map((r) => r.kind.length)));
  const rest = width - idWidth - kindWidth - gap.length * 3;
  const termsWidth = Math.floor(rest * 0.45);
  const citationWidth = rest - termsWidth;
  const pad = (text: string, w: number) => text + " ".repeat(Math.max(0, w - text.length));
  const line = (cells: readonly string[]) => [pad(cells[0] ?? "", idWidth), pad(cells[1] ?? "", kindWidth), pad(cells[2] ?? "", termsWidth), cells[3] ?? ""].join(gap).trimEnd();
  const out = [`${title} (${rows.length})`, line(["id", "kind", "terms", "citation"]), line(["-".repeat(idWidth), "-".repeat(kindWidth), "-".repeat(termsWidth), "-".repeat(citationWidth)])];
  rows.forEach((row, r) => {
    if (r > 0) out.push("");
    const columns = [wrap(row.id, idWidth), wrap(row.kind, kindWidth), wrap(row.terms, termsWidth), wrap(row.citation, citationWidth)];
    const height = Math.max(...columns.map((c) => c.length));
    for (let i = 0; i < height; i++) out.push(line(columns.map((c) => c[i] ?? "")));
  });
  out.push("");
  return out;
}

function citationText(citation: Citation): string {
  return `${citation.section}: "${citation.quote.replace(/\s+/g, " ").trim()}"`;
}

function marked(id: string, interpretation: string | undefined): string {
  return interpretation === undefined ? id : `${id} [i]`;
}

function renderTable(policy: RenderablePolicy, width: number): string {
  const out: string[] = [...wrap(`${policy.title} (${policy.id})`, width), ""];
  const labelWidth = Math.max(...metadata(policy).map(([field]) => field.length));
  for (const [field, value] of metadata(policy)) {
    const wrapped = wrap(value, Math.max(20, width - labelWidth - 2));
    wrapped.forEach((text, i) => out.push(`${(i === 0 ? field : "").padEnd(labelWidth)}  ${text}`.trimEnd()));
  }
  out.push("");
  out.push(
    ...table(
      "Statements",
      policy.statements.map((s) => ({ id: marked(s.id, s.interpretation), kind: s.modality, terms: statementTerms(s).join("\n"), citation: citationText(s.citation) })),
      width,
    ),
    ...table(
      "Retention rules",
      policy.retention.map((r) => ({ id: marked(r.id, r.interpretation), kind: "retention", terms: retentionTerms(r).join("\n"), citation: citationText(r.citation) })),
      width,
    ),
    ...table(
      "Rights",
      policy.rights.map((r) => ({ id: marked(r.id, r.interpretation), kind: r.right, terms: rightTerms(r).join("\n"), citation: citationText(r.citation) })),
      width,
    ),
    ...table(
      "Age limits",
      policy.ageLimits.map((a) => ({ id: marked(a.id, a.interpretation), kind: "age limit", terms: `at least ${a.minimumAge}${a.region !== undefined ? ` in ${a.region}` : " (elsewhere)"}`, citation: citationText(a.citation) })),
      width,
    ),
    ...table(
      "Notes",
      policy.notes.map((n) => ({ id: n.id, kind: "note", terms: n.topic, citation: n.citation ? citationText(n.citation) : "(no citation)" })),
      width,
    ),
  );
  const interpreted = [...policy.statements, ...policy.retention, ...policy.rights, ...policy.ageLimits].some((r) => r.interpretation !== undefined);
  if (interpreted) out.push(...wrap("[i] the rule carries an interpretation note: pledge show <policy> --format markdown prints it beside the quote.", width));
  while (out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}
