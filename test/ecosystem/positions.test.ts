/**
 * Stable positions. Every line and column pledge reports (stylish rows, SARIF regions, GitHub
 * annotations, JUnit names) comes from src/source/yaml.ts, which rebuilds node positions from
 * js-yaml's `listener` hook and so depends on how js-yaml parses, not only on what it returns.
 * js-yaml is therefore pinned to one exact version, and this corpus (block and flow style,
 * anchors and aliases, multi-document streams, CRLF, a byte-order mark, tabs, emoji, CJK, block
 * scalars, quoting) pins where every node and key is located:
 *
 * - `positions.golden.txt` holds the region of every path of every document (and of the key
 *   naming it). An upgrade that moves any of them fails here; `npx vitest run -u` rewrites the
 *   file, to be reviewed like code.
 * - Independently of the golden file, every node's start agrees with the `yaml` package's
 *   (eemeli/yaml, its documented `range` and `LineCounter`), and the end too for scalars and flow
 *   collections, so the golden file is not only what the code happened to print.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import { parseSource, type SourceRegion } from "../../src/source/parse.js";
import { ROOT } from "../cli/helpers.js";

const CORPUS: Record<string, string> = {
  block: "policy: pomeg\nflows:\n  - id: chat\n    data:\n      - chat-content\n      - email-address\n    recipient: openai\n  # a comment between entries\n  - id: empty\n    purposes:\n",
  flow: 'flows: [{ id: a, data: [x, "y"], recipient: z }, {id: b,\n    data: [\n      p,\n      q ]}]\nrights: { access: [email], erasure: [] }\n',
  anchors: "base: &b { action: share, data: [x] }\nflows:\n  - *b\n  - &c\n    id: c\n    data: [*b, y]\n  - *c\ntag: !!str 12\n",
  multiDocument: "---\npolicy: pocketo\nflows: []\n...\n---\n- a\n- b\n---\n# only a comment and a value\nlast: value\n",
  crlf: "policy: pocketo\r\nflows:\r\n  - id: a\r\n    data: [x, y]\r\n    description: >\r\n      folded\r\n      text\r\n  - { id: b }\r\n",
  bom: "\uFEFFpolicy: polus\nflows:\n  - { id: a, data: [x] }\n",
  tabs: "policy:\tpomeg\nflows:\n  - { id:\ta,\tdata: [x,\ty] }\n  - id: b # a comment\t\n    recipient:\topenai\n",
  emoji: 'flows:\n  - id: "😀 chat"\n    description: "😀😀 and then 👩‍👩‍👧 text"\n    data: [😀, x]\n',
  cjk: "政策: pomeg\nflows:\n  - id: 数据\n    description: 个人数据 与 第三方\n    data: [数据, 联系方式]\n",
  scalars: "a: 'single ''quoted'''\nb: \"double \\\"quoted\\\" \\u00e9\"\nc: plain text\n  continued on a second line\nd: |\n  literal\n  block\ne: >-\n  folded\n  block\nf: ~\ng:\nh: 2026-01-01\n",
  deep: "a:\n  b:\n    - c:\n        - [d, { e: [f] }]\n",
};

type Path = (string | number)[];

/** Every path of a value, parents before children. */
function paths(value: unknown, path: Path = []): Path[] {
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => paths(v, [...path, i]))
    : value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([k, v]) => paths(v, [...path, k]))
      : [];
  return [path, ...children];
}

const show = (r: SourceRegion) => `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;

/** The golden text: one line per path and document, with the key's region for a mapping entry. */
function golden(): string {
  let out = "";
  for (const [name, text] of Object.entries(CORPUS)) {
    const parsed = parseSource(text, "yaml");
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`);
    parsed.documents.forEach((doc, d) => {
      for (const path of paths(doc.value)) {
        const key = typeof path.at(-1) === "string" ? `  key ${show(doc.locateKey(path))}` : "";
        out += `${name}#${d} ${JSON.stringify(path)}  ${show(doc.locate(path))}${key}\n`;
      }
    });
  }
  return out;
}

describe("positions", () => {
  it("js-yaml is pinned to one exact version, and that version is installed", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies["js-yaml"]).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(readFileSync(join(ROOT, "node_modules/js-yaml/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(pkg.dependencies["js-yaml"]);
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    expect(lock.packages["node_modules/js-yaml"]?.version).toBe(pkg.dependencies["js-yaml"]);
  });

  it("every node and key of the corpus is where the golden file says", async () => {
    await expect(golden()).toMatchFileSnapshot("./positions.golden.txt");
  });

  it.each(Object.keys(CORPUS))("%s: starts agree with the yaml package's ranges (and ends, for scalars and flow collections)", (name) => {
    const source = CORPUS[name]!;
    // Columns do not count a byte-order mark (parseSource drops it), so the oracle reads the text without one.
    const text = source.replace(/^\uFEFF/, "");
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: counter, version: "1.2", schema: "core" }) as Document.Parsed[];
    const at = (offset: number) => {
      const p = counter.linePos(offset);
      return `${p.line}:${p.col}`;
    };
    const parsed = parseSource(source, "yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.documents.length).toBe(docs.length);
    let compared = 0;
    parsed.documents.forEach((doc, d) => {
      for (const path of paths(doc.value)) {
        // Find the node at `path`; skip paths through an alias (pledge locates an alias where it is
        // written, the yaml package where its anchor is) and nodes with an anchor or tag (pledge's
        // region starts at the property, the yaml package's after it).
        let node = docs[d]!.contents as Node | null;
        let skip = false;
        for (const key of path) {
          if (isAlias(node)) skip = true;
          node = isSeq(node) ? (node.items[key as number] as Node) : isMap(node) ? (node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value as Node) : null;
        }
        if (skip || node === null || isAlias(node) || node.anchor !== undefined || node.tag !== undefined || !node.range) continue;
        const region = doc.locate(path);
        expect(`${region.line}:${region.column}`, `${name}#${d} ${JSON.stringify(path)} start`).toBe(at(node.range[0]));
        const flow = isScalar(node) ? node.type !== "BLOCK_LITERAL" && node.type !== "BLOCK_FOLDED" : node.flow === true;
        if (flow) expect(`${region.endLine}:${region.endColumn}`, `${name}#${d} ${JSON.stringify(path)} end`).toBe(at(node.range[1]));
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(2);
  });

  it("a byte-order mark moves nothing", () => {
    const without = parseSource(CORPUS.bom!.slice(1), "yaml");
    const withBom = parseSource(CORPUS.bom!, "yaml");
    if (!without.ok || !withBom.ok) throw new Error("parse failed");
    for (const path of paths(without.documents[0]!.value)) expect(show(withBom.documents[0]!.locate(path))).toBe(show(without.documents[0]!.locate(path)));
    const json = parseSource('\uFEFF{"a": [1, 2]}', "json");
    expect(json.ok && json.documents[0]!.locate(["a", 1])).toEqual({ line: 1, column: 11, endLine: 1, endColumn: 12 });
  });
});
