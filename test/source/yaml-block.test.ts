/**
 * The plain block reader (src/source/yaml-block.ts) against js-yaml: on every text it accepts,
 * the same value (keys in the same order) and the same place for every key and value; on every
 * other text it declines, and js-yaml reads the text. Texts: the repository's YAML files,
 * manifest-like documents written in many styles, and those documents mutated at random.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DocumentPath } from "../../src/findings.js";
import { LineIndex, Locator } from "../../src/source/tree.js";
import { readYaml, readWithJsYaml, MAX_DEPTH, MAX_KEYS, MAX_NODES } from "../../src/source/yaml.js";
import { readBlockYaml } from "../../src/source/yaml-block.js";

const LIMITS = { maxDepth: MAX_DEPTH - 2, maxNodes: MAX_NODES, maxKeys: MAX_KEYS };
const ROOT = join(import.meta.dirname, "../..");

/** Every path to a key or value of `value`, parents first. */
function paths(value: unknown, at: DocumentPath = []): DocumentPath[] {
  const out: DocumentPath[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...at, i])));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...at, key]));
  return out;
}

/**
 * Whether the block reader read `text` as js-yaml does; `"declined"` when it did not read it.
 * Throws (a test failure) when it read it otherwise.
 */
function compare(text: string): "same" | "declined" {
  const block = readBlockYaml(text, LIMITS);
  if (block === undefined) return "declined";
  const lines = new LineIndex(text);
  const js = readWithJsYaml(text, lines);
  if (!js.ok) throw new Error(`the block reader read a text js-yaml refuses (${js.message}):\n${text}`);
  expect(js.values, text).toHaveLength(1);
  // The same count of values: the limit on values refuses the same texts on either path.
  expect(block.counted, text).toBe(js.tree.count);
  expect(block.value, text).toStrictEqual(js.values[0]);
  expect(JSON.stringify(block.value), text).toBe(JSON.stringify(js.values[0]));
  const ours = new Locator(text, block.tree, lines);
  const theirs = new Locator(text, js.tree, lines);
  for (const path of paths(block.value)) {
    expect(ours.locate(block.root, path), `${JSON.stringify(path)} in\n${text}`).toEqual(theirs.locate(js.roots[0]!, path));
    expect(ours.locate(block.root, path, true), `key ${JSON.stringify(path)} in\n${text}`).toEqual(theirs.locate(js.roots[0]!, path, true));
  }
  return "same";
}

/** The repository's YAML files: examples, fixtures, corpora, policies. */
function repositoryYaml(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) repositoryYaml(path, out);
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

const SCALARS = [
  "email-address", "first-party", "clear flow number 0", "a, b [c] {d}", "true", "True", "TRUE", "false", "null", "Null", "NULL", "~",
  "1", "-1", "+1", "0", "-0", "00", "0777", "0o17", "0x1F", "0b101", "1_000", "1__0", "_1", "1e3", "1E-3", "0.5", "+.5", ".5", ".5.", "1.2.3",
  ".inf", "-.inf", ".Inf", ".NaN", ".nan", "nan", "yes", "no", "on", "off", "n", "t", "f", "nul", "truex", "fals",
  "2026-12-04", "2026-12-04T10:00:00Z", "P30D", "PT0S", "12:30", "1:2", "http://x.y/z?a=b#c", "a#b", "a #b", "a: b", "a:", "a:b", "x]", "x,y",
  "-x", "- x", "-", "?x", "? x", ":x", "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "<x", "'x'", '"x"', "x'y", 'x"y', "x[y", "x{y",
  "'quoted: yes # not a comment'", "'it''s'", "''", '""', '"double, [x] {y}"', '"back\\\\slash"', '"tab\\tx"', "'a'b'", '"a"b"', "'open", "'x' y",
  "é", "日本語", "emoji 😀", "\u0085x", "x\u00a0y", "x\u2028y", "\ud800", "x\u0007", "a  b", "$x", "=", "x\\y",
];
const KEYS = ["id", "data", "a-b", "$schema", "x.y", "_k", "true", "1", "null", "__proto__", "a b", "-a", "-1", "~", "é", "k", "data"];

type Node = string | Node[] | { readonly [key: string]: Node };

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.array(fc.constantFrom(...SCALARS), { maxLength: 4 }),
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("node"), { maxKeys: 4 }),
  ),
})).node;

interface Style {
  readonly width: number;
  readonly compact: boolean;
  readonly flowLists: boolean;
  readonly comments: boolean;
  readonly blank: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({ width: fc.integer({ min: 1, max: 4 }), compact: fc.boolean(), flowLists: fc.boolean(), comments: fc.boolean(), blank: fc.boolean() });

/** `value` written as block YAML in `s`'s style; keys and scalars unquoted, whatever they hold. */
function render(value: Node, s: Style): string {
  const out: string[] = [];
  const comment = (indent: number, i: number) => {
    if (s.comments && i % 3 === 1) out.push(`${" ".repeat(indent % 3)}# a comment: with - [indicators]`);
    if (s.blank && i % 4 === 2) out.push("");
  };
  const isFlat = (v: Node): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  const inline = (v: Node): string | undefined => {
    if (typeof v === "string") return v;
    if (isFlat(v) && (s.flowLists || v.length === 0)) return `[${v.join(", ")}]`;
    if (!Array.isArray(v) && Object.keys(v).length === 0) return "{}";
    if (Array.isArray(v) && v.length === 0) return "[]";
    if (!s.flowLists) return undefined;
    const parts = Array.isArray(v) ? v.map(inline) : Object.entries(v).map(([key, x]) => (inline(x) === undefined ? undefined : `${key}: ${inline(x)}`));
    if (parts.some((part) => part === undefined)) return undefined;
    return Array.isArray(v) ? `[${parts.join(", ")}]` : `{ ${parts.join(", ")} }`;
  };
  const block = (v: Node, indent: number, first: string | undefined): void => {
    // `first`: the prefix of the first line (`- ` items put their first key on the dash's line).
    const pad = " ".repeat(indent);
    let lead = first;
    const line = (text: string) => {
      out.push(lead !== undefined ? `${lead}${text}` : `${pad}${text}`);
      lead = undefined;
    };
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        comment(indent, i);
        const one = inline(item);
        if (one !== undefined) line(`- ${one}${s.comments && i === 0 ? " # trailing" : ""}`);
        else if (!Array.isArray(item)) block(item, indent + 2, `${lead ?? pad}- `), (lead = undefined);
        else {
          line("-");
          block(item, indent + s.width, undefined);
        }
      });
    } else {
      Object.entries(v).forEach(([key, item], i) => {
        comment(indent, i);
        const one = inline(item);
        if (one !== undefined) line(`${key}: ${one}`);
        else {
          line(`${key}:`);
          block(item, Array.isArray(item) && s.compact ? indent : indent + s.width, undefined);
        }
      });
    }
  };
  if (typeof value === "string" || Array.isArray(value)) value = { value };
  if (Object.keys(value).length === 0) value = { policy: "pocketo" };
  block(value, 0, undefined);
  return `${out.join("\n")}\n`;
}

const MUTATIONS = [" ", "  ", "\n", "\n  ", "- ", "-", ":", ": ", "#", " #", "[", "]", ",", "{", "}", "\t", "\r", "'", '"', "x", "&a ", "*a", "!", "|", ">", "---\n", "~", "\u0085", "\ufeff", "é"];

const mutated: fc.Arbitrary<string> = fc
  .tuple(node, style, fc.array(fc.tuple(fc.nat(), fc.nat({ max: MUTATIONS.length }), fc.boolean()), { minLength: 1, maxLength: 3 }))
  .map(([value, s, edits]) => {
    let text = render(value, s);
    for (const [at, which, remove] of edits) {
      const i = at % (text.length + 1);
      text = remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + (MUTATIONS[which] ?? "") + text.slice(i);
    }
    return text;
  });

describe("the plain block YAML reader", () => {
  it("reads the repository's YAML files as js-yaml does, or declines them", () => {
    const files = repositoryYaml(ROOT);
    const outcomes = files.map((file) => [file, compare(readFileSync(file, "utf8"))] as const);
    // The bundled examples are written in the plain block style: the reader must take them.
    const examples = outcomes.filter(([file]) => file.includes("/examples/"));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    expect(examples.filter(([, outcome]) => outcome === "same").length).toBeGreaterThanOrEqual(3);
  });

  it("reads documents written in many block styles as js-yaml does (fast-check)", () => {
    let same = 0;
    let all = 0;
    fc.assert(
      fc.property(node, style, (value, s) => {
        all++;
        if (compare(render(value, s)) === "same") same++;
      }),
      { numRuns: 1500 },
    );
    // Most are read (the rest hold a scalar or key the reader leaves to js-yaml).
    expect(same / all).toBeGreaterThan(0.2);
  });

  it("reads a mutated document as js-yaml does, or declines it (fast-check)", () => {
    let same = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        if (compare(text) === "same") same++;
      }),
      { numRuns: 3000 },
    );
    // Many mutations leave a text the reader takes (a space, a letter, a comment): compared, not declined.
    expect(same).toBeGreaterThan(300);
  });

  it("reads the forms manifests are written in as js-yaml does", () => {
    for (const text of [
      "# yaml-language-server: $schema=../../schemas/pocketo.manifest.schema.json\npolicy: pocketo\n",
      "flows:\n- id: x\n  data: [a, b] # two\n\n  # between\n  recipient: openai\nrights: []\n",
      "a: {b: c}\n",
      "a: [ b , c ]\n",
      "a: [b, [c, d], {e: f, g: [h]}]\n",
      "reason: 'Invoices kept: it''s the law' # Azerbaijani tax law\nquoted: [\"a, b\", 'c']\n",
      "steps:\n  - { data: [personal-data], store: caches, after: PT1H }\n",
      "source: api/src/auth/register.ts:31\nurl: http://x.y/z#top\n",
      "n: 12\nf: 1.5\nb: true\ns: yes\nd: 2026-12-04\n",
    ]) {
      expect(compare(text), JSON.stringify(text)).toBe("same");
    }
  });

  it("declines what js-yaml must read or refuse", () => {
    for (const text of [
      "",
      "# only a comment\n",
      "policy: 'pomeg\n  continued'\n",
      'policy: "pomeg\\n"\n',
      "'policy': pomeg\n",
      "policy: pomeg\npolicy: polus\n",
      "a: &x [b]\nc: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: b\n  c\n",
      "a:\n",
      "a: b\r\nc: d\r\n",
      "a:\tb\n",
      "---\na: b\n",
      "a: b\n---\nc: d\n",
      "a: { b: c, }\n",
      "a: [b,\n  c]\n",
      "- a\n- b\n",
      "plain scalar\n",
      "__proto__: x\n",
      "a: b: c\n",
      "a: x\u0007\n",
    ]) {
      expect(readBlockYaml(text, LIMITS), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("leaves a text past js-yaml's limits to it, which refuses it as before", () => {
    const keys = Array.from({ length: MAX_KEYS + 1 }, (_, i) => `k${i}: v`).join("\n");
    expect(readBlockYaml(`${keys}\n`, LIMITS)).toBeUndefined();
    const read = readYaml(`${keys}\n`, new LineIndex(keys));
    expect(read.ok || read.message).toBe(`a mapping holds more than ${MAX_KEYS} keys; refusing it`);
    let deep = "a: b\n";
    for (let i = 0; i < MAX_DEPTH; i++) deep = `k:\n${deep.replace(/^/gm, "  ")}`;
    expect(readBlockYaml(deep, LIMITS)).toBeUndefined();
  });

  it("reads a large manifest whole, with every flow's place", () => {
    const flows = Array.from({ length: 2000 }, (_, i) => `  - id: f-${i}\n    description: flow number ${i} # why\n    data: [email-address, name]\n    recipient: first-party\n`);
    const text = `# generated\npolicy: pocketo\nflows:\n${flows.join("")}`;
    expect(compare(text)).toBe("same");
    const read = readBlockYaml(text, LIMITS)!;
    const locator = new Locator(text, read.tree, new LineIndex(text));
    expect(locator.locate(read.root, ["flows", 1999, "data", 1])).toEqual({ line: 2 + 4 * 1999 + 4, column: 27, endLine: 2 + 4 * 1999 + 4, endColumn: 31 });
  });
});
