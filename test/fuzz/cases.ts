/**
 * Hostile manifests for the fuzz harness, made from the example manifests: random mutations
 * (byte flips, truncation, line edits, hostile values in the parsed structure, tags and anchors
 * pasted in) and a fixed list of hand-made cases (encodings, streams, deep nesting, alias bombs,
 * prototype keys, out-of-range dates and durations, policy paths, sizes).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import type { Random } from "./random.js";

/** One manifest to lint: its bytes, and the file name (whose extension picks the syntax). */
export interface TextCase {
  readonly label: string;
  readonly name: "m.flows.yaml" | "m.flows.json";
  readonly bytes: Uint8Array;
}

/** An example manifest the mutations start from. */
export interface Seed {
  readonly name: string;
  readonly text: string;
  readonly value: unknown;
}

/**
 * The example manifests of the repository at `root`.
 *
 * @example
 * exampleSeeds(".").map((s) => s.name) //=> ["pocketo/app.flows.yaml", "pocketo/violations.flows.yaml", …]
 */
export function exampleSeeds(root: string): Seed[] {
  const seeds: Seed[] = [];
  for (const policy of readdirSync(join(root, "examples")).sort()) {
    for (const file of readdirSync(join(root, "examples", policy)).sort()) {
      const text = readFileSync(join(root, "examples", policy, file), "utf8");
      seeds.push({ name: `${policy}/${file}`, text, value: load(text) });
    }
  }
  return seeds;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const yamlCase = (label: string, text: string | Uint8Array): TextCase => ({ label, name: "m.flows.yaml", bytes: typeof text === "string" ? utf8(text) : text });
const jsonCase = (label: string, text: string): TextCase => ({ label, name: "m.flows.json", bytes: utf8(text) });

const BIG = "A".repeat(70_000);
/** Values pasted over a manifest's own: wrong types, odd strings, impossible dates, huge durations. */
const HOSTILE_VALUES: readonly unknown[] = [
  0, -1, 1e308, -1e308, 9007199254740993, 0.5, -0, true, false, null, [], {}, [[[]]], { a: 1 }, "", " ", "\u202Eevil\u202C", "\u200B", "\uFEFF", "e\u0301", "😀", "\u0000",
  "a\u0000b", "\r\n", "-", "~", "null", "NaN", ".inf", "2026-02-30", "2026-13-45", "0000-00-00", "9999-12-31", "-002026-01-01", "+275760-09-13", "2026-11-23T25:00:00Z",
  "2026-11-23T10:00:00", "2026-11-23T10:00:00+25:00", "2026-02-30T00:00:00Z", "2026-11-23T10:00:00.123456789Z", "0000-01-01T00:00:00-23:59", "9999-12-31T23:59:59+00:00",
  "+275760-09-13T00:00:01Z", "P-1D", "-P1D", "P99999999Y", "P9999999999999999999999D", "PT99999999999H", "P10000Y", "P10001Y", "PT0.5S", "P0.5D", "P1,5D", "PT0S", "P0D", "P",
  "PT", "P1W", "P1Y2M3W4D", "PT24H", "PT1e3S", "p1d", "30 days", "P1M", "P1Y", `P${"9".repeat(400)}D`, "__proto__", "constructor", "prototype", "hasOwnProperty", "toString",
  "../../../../etc/passwd", "/dev/zero", "/etc/passwd", "pocketo", "pomeg", "polus", "nosuch", "personal-data", "chat-content", "openai", "share", "ai-chat",
  "account-deletion-requested", "primary", "backups", "legal-obligation", BIG, "x".repeat(5000),
];

/** Pasted into a line of YAML: tags, anchors, aliases, merge keys, odd scalars. */
const TOKENS: readonly string[] = [
  "!!js/function 'function(){ globalThis.polluted = 1 }'", "!!js/undefined ''", "!!binary aGVsbG8=", "!!timestamp 2026-02-30", "!!set {a, b}", "!!omap [a: 1]",
  "!!python/object:os.system [ls]", "!foo bar", "!<tag:yaml.org,2002:str> x", "!!int 0x7fffffffffffffffff", "!!float .nan", "&a x", "*a", "*nosuch", "<<: *a",
  "? complex key", "[unclosed", "{unclosed", "'unterminated", '"unterminated', '"\\uD800"', '"\\x00"', "|", ">-", "2026-02-30", "P-1D", "P99999999Y", "P300000Y", "1e999",
  "-1e999", "0x10", "0o17", ".inf", "~", "yes", "on", "12:30:00", "\u202Eright-to-left", "\u00A0nbsp", "__proto__: { polluted: yes }",
];

/** Every path into a value, for picking a place to mutate. */
function paths(node: unknown, at: (string | number)[] = [], found: (string | number)[][] = []): (string | number)[][] {
  found.push(at);
  if (Array.isArray(node)) node.forEach((child, i) => paths(child, [...at, i], found));
  else if (node !== null && typeof node === "object") for (const key of Object.keys(node)) paths((node as Record<string, unknown>)[key], [...at, key], found);
  return found;
}

/** Sets `value` at `path` as an own property (so that `__proto__` stays a key). */
function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function textOf(value: unknown, json: boolean): string {
  try {
    return json ? JSON.stringify(value, null, 2) : dump(value, { noRefs: true, lineWidth: -1 });
  } catch (error) {
    return JSON.stringify({ error: String(error) });
  }
}

/**
 * One random mutation of a random example: a byte flip, a truncation, line edits, hostile
 * values in its structure, or a token pasted into a line.
 *
 * @example
 * mutation(seeded(1), exampleSeeds(".")).label //=> "struct(value:flows.0.recipient) pocketo/app.flows.yaml as yaml"
 */
export function mutation(random: Random, seeds: readonly Seed[]): TextCase {
  const seed = random.pick(seeds);
  const kind = random.pick(["bytes", "bytes", "truncate", "lines", "lines", "struct", "struct", "struct", "token", "token"] as const);
  if (kind === "bytes") {
    const bytes = utf8(seed.text);
    const n = 1 + random.int(10);
    for (let k = 0; k < n; k++) {
      const at = random.int(bytes.length);
      bytes[at] = random.next() < 0.5 ? bytes[at]! ^ (1 << random.int(8)) : random.int(256);
    }
    return yamlCase(`byteflip(${n}) ${seed.name}`, bytes);
  }
  if (kind === "truncate") {
    const at = random.int(seed.text.length);
    return yamlCase(`truncate@${at} ${seed.name}`, seed.text.slice(0, at));
  }
  if (kind === "lines") {
    const lines = seed.text.split("\n");
    const ops: string[] = [];
    for (let k = 0, n = 1 + random.int(4); k < n; k++) {
      const op = random.pick(["delete", "duplicate", "swap", "indent", "dedent", "move"] as const);
      const a = random.int(lines.length);
      const b = random.int(lines.length);
      ops.push(`${op}@${a}`);
      if (op === "delete") lines.splice(a, 1);
      else if (op === "duplicate") lines.splice(a, 0, lines[a] ?? "");
      else if (op === "swap") [lines[a], lines[b]] = [lines[b] ?? "", lines[a] ?? ""];
      else if (op === "indent") lines[a] = `  ${lines[a] ?? ""}`;
      else if (op === "dedent") lines[a] = (lines[a] ?? "").replace(/^ {1,2}/, "");
      else lines.splice(b, 0, ...lines.splice(a, 1));
    }
    return yamlCase(`lines(${ops.join(",")}) ${seed.name}`, lines.join("\n"));
  }
  if (kind === "struct") {
    let value = structuredClone(seed.value);
    const ops: string[] = [];
    for (let k = 0, n = 1 + random.int(3); k < n; k++) {
      const path = random.pick(paths(value).filter((p) => p.length > 0));
      if (path === undefined) break;
      const op = random.pick(["value", "value", "value", "delete", "addkey", "wrap", "duplicate"] as const);
      ops.push(`${op}:${path.join(".")}`);
      const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value) as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      if (op === "value") value = setAt(value, path, structuredClone(random.pick(HOSTILE_VALUES)));
      else if (op === "delete") Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
      else if (op === "addkey" && !Array.isArray(parent)) setAt(value, [...path.slice(0, -1), random.pick(["__proto__", "constructor", "prototype", "polluted", "Policy", "flows "])], { polluted: "yes" });
      else if (op === "wrap") value = setAt(value, path, [parent[last]]);
      else if (op === "duplicate" && Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
    }
    const json = random.next() < 0.4;
    const label = `struct(${ops.join(",").slice(0, 200)}) ${seed.name} as ${json ? "json" : "yaml"}`;
    return json ? jsonCase(label, textOf(value, true)) : yamlCase(label, textOf(value, false));
  }
  const lines = seed.text.split("\n");
  const candidates = lines.map((line, i) => [line, i] as const).filter(([line]) => /:\s*\S/.test(line) && !/^\s*#/.test(line));
  const [line, at] = random.pick(candidates);
  const token = random.pick(TOKENS);
  const where = random.int(3);
  lines[at] = where === 0 ? line.replace(/:\s*(.*)$/, `: ${token}`) : where === 1 ? line.replace(/(\[)([^\],]*)/, `$1${token}`) : `${line} ${token}`;
  return yamlCase(`token(${JSON.stringify(token).slice(0, 40)}@${at + 1}) ${seed.name}`, lines.join("\n"));
}

/**
 * Every example in other encodings and streams: BOMs, CRLF and CR, UTF-16, Latin-1, tabs,
 * JSON as YAML and YAML as JSON, multi-document streams, YAML directives.
 *
 * @example
 * encodings(exampleSeeds(".")).length //=> 18 per example
 */
export function encodings(seeds: readonly Seed[]): TextCase[] {
  return seeds.flatMap(({ name, text, value }) => {
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + 2 * i);
    const latin1 = Uint8Array.from(text.replace("description:", "description: caf\u00e9"), (c) => c.charCodeAt(0) & 0xff);
    return [
      yamlCase(`bom ${name}`, `\uFEFF${text}`),
      yamlCase(`double bom ${name}`, `\uFEFF\uFEFF${text}`),
      yamlCase(`crlf ${name}`, text.replace(/\n/g, "\r\n")),
      yamlCase(`cr only ${name}`, text.replace(/\n/g, "\r")),
      yamlCase(`utf-16 ${name}`, utf16),
      yamlCase(`latin-1 ${name}`, latin1),
      yamlCase(`tabs ${name}`, text.replace(/^ {2}/gm, "\t")),
      yamlCase(`nbsp indent ${name}`, text.replace(/^ {2}/gm, "\u00a0\u00a0")),
      jsonCase(`json ${name}`, JSON.stringify(value)),
      jsonCase(`json with bom ${name}`, `\uFEFF${JSON.stringify(value)}`),
      yamlCase(`json as yaml ${name}`, JSON.stringify(value, null, 1)),
      jsonCase(`yaml as json ${name}`, text),
      yamlCase(`two documents ${name}`, `${text}\n---\n${text}`),
      yamlCase(`leading and trailing markers ${name}`, `---\n${text}\n---\n...\n`),
      yamlCase(`empty document between ${name}`, `${text}\n---\n---\n${text}`),
      yamlCase(`scalar document after ${name}`, `${text}\n---\nhello\n`),
      yamlCase(`YAML 1.1 directive ${name}`, `%YAML 1.1\n---\n${text}`),
      yamlCase(`tag directive ${name}`, `%TAG !e! tag:example.com,2000:\n---\n${text}`),
    ];
  });
}

const FLOW = "{ id: f, description: d, action: share, data: [chat-content], recipient: openai, purposes: [ai-chat] }";
const withFlow = (extra = "") => `policy: pocketo\nflows:\n  - ${FLOW}\n${extra}`;
const plan = (step: string, triggeredAt?: string) =>
  `policy: pocketo\nflows: []\ndeletion:\n  - { id: d, trigger: account-deletion-requested${triggeredAt ? `, triggeredAt: "${triggeredAt}"` : ""}, steps: [ ${step} ] }\n`;
const deep = (n: number, open: string, close: string, inner = "") => `${open.repeat(n)}${inner}${close.repeat(n)}`;
const laughs = (width: number, depth: number) => {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(",")}]`];
  for (let d = 1; d <= depth; d++) lines.push(`l${d}: &l${d} [${Array(width).fill(`*l${d - 1}`).join(",")}]`);
  return `${lines.join("\n")}\npolicy: pocketo\nflows: *l${depth}\n`;
};

/**
 * The hand-made cases: nesting, sizes, aliases, tags, prototype keys, hostile terms and ids,
 * out-of-range dates and durations, policy paths, waivers, rights and odd documents.
 *
 * @example
 * specials().find((c) => c.label === "billion laughs")?.name //=> "m.flows.yaml"
 */
export function specials(): TextCase[] {
  const yaml: Record<string, string> = {
    "deep list 10k": `policy: pocketo\nflows: ${deep(10_000, "[", "]")}\n`,
    "deep mapping 10k": `policy: pocketo\nflows: []\nx: ${deep(10_000, "{a: ", "}", "1")}\n`,
    "deep block mapping 2k": `${Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1`,
    "unclosed 10k": "[".repeat(10_000),
    "65 levels": `policy: pocketo\nflows: ${deep(65, "[", "]")}\n`,
    "63 levels": `policy: pocketo\nflows: ${deep(63, "[", "]")}\n`,
    "70k description": withFlow().replace("description: d", `description: ${BIG}`),
    "70k id": withFlow().replace("id: f", `id: ${BIG}`),
    "70k recipient (did you mean)": withFlow().replace("recipient: openai", `recipient: ${BIG}`),
    "70k key": `policy: pocketo\n${BIG}: 1\n`,
    "10k flows": `policy: pocketo\nflows:\n${Array.from({ length: 10_000 }, (_, i) => `  - ${FLOW.replace("id: f", `id: f${i}`)}`).join("\n")}\n`,
    "10k unknown terms": `policy: pocketo\nflows:\n${Array.from({ length: 10_000 }, (_, i) => `  - ${FLOW.replace("id: f", `id: f${i}`).replace("openai", `opnai${i}`)}`).join("\n")}\n`,
    "2k duplicate ids": `policy: pocketo\nflows:\n${Array.from({ length: 2000 }, () => `  - ${FLOW}`).join("\n")}\n`,
    "100k nulls": `policy: pocketo\nflows: [${Array(100_000).fill("~").join(",")}]\n`,
    "50k unknown keys": `policy: pocketo\nflows: []\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join("\n")}\n`,
    "5k data terms": withFlow().replace("data: [chat-content]", `data: [${Array(5000).fill("chat-content").join(", ")}]`),
    "5k steps": plan(Array(5000).fill("{ data: [personal-data], store: primary, after: P7D }").join(", ")),
    "billion laughs": laughs(10, 9),
    "deep laughs": laughs(2, 40),
    "alias to a flow": `policy: pocketo\nflows:\n  - &f ${FLOW}\n  - *f\n`,
    "merge key": `policy: pocketo\nx: &base { action: share, data: [chat-content], recipient: openai, purposes: [ai-chat] }\nflows:\n  - { <<: *base, id: f, description: d }\n`,
    "self alias": "a: &a [*a]\n",
    "undefined alias": "policy: pocketo\nflows: *nosuch\n",
    "js/function tag": "policy: pocketo\nflows: !!js/function 'function(){ return 1 }'\n",
    "binary policy": "policy: !!binary cG9ja2V0bw==\nflows: []\n",
    "set tag": "policy: pocketo\nflows: !!set { a, b }\n",
    "__proto__ at the top": "policy: pocketo\nflows: []\n__proto__: { polluted: yes }\n",
    "__proto__ in a flow": withFlow().replace("purposes: [ai-chat] }", "purposes: [ai-chat], __proto__: { polluted: yes } }"),
    "constructor.prototype": "policy: pocketo\nflows: []\nconstructor: { prototype: { polluted: yes } }\n",
    "__proto__ as terms": withFlow().replace("recipient: openai", "recipient: __proto__").replace("purposes: [ai-chat]", "purposes: [__proto__, toString, hasOwnProperty]"),
    "__proto__ as policy": "policy: __proto__\nflows: []\n",
    "policy path /dev/zero": "policy: /dev/zero\nflows: []\n",
    "policy path /etc/passwd": "policy: /etc/passwd\nflows: []\n",
    "policy path traversal": "policy: ../../../../../../etc/hostname\nflows: []\n",
    "policy path itself": "policy: ./m.flows.yaml\nflows: []\n",
    "policy path folder": "policy: ./\nflows: []\n",
    "policy a number": "policy: 42\nflows: []\n",
    "policy a list": "policy: [pocketo]\nflows: []\n",
    "minimum age .inf": withFlow().replace(" }", ", audience: { minimumAge: .inf } }"),
    "minimum age .nan": withFlow().replace(" }", ", audience: { minimumAge: .nan } }"),
    "minimum age -5": withFlow().replace(" }", ", audience: { minimumAge: -5 } }"),
    "ANSI escapes in ids": withFlow().replace("recipient: openai", 'recipient: "\\e[31mred\\e[0m"').replace("id: f", 'id: "\\e[2J"'),
    "newline in an id (annotation injection)": withFlow().replace("id: f", 'id: "a\\n::warning::b"'),
    "XML in terms": withFlow().replace("recipient: openai", 'recipient: "</testcase><x>&amp;]]>"'),
    "after P-1D": plan("{ data: [personal-data], store: primary, after: P-1D }"),
    "after P300000Y with triggeredAt": plan("{ data: [personal-data], store: backups, after: P300000Y }", "2026-11-23T10:00:00Z"),
    "after P99999999Y with triggeredAt 9999": plan("{ data: [personal-data], store: primary, after: P99999999Y }", "9999-12-31T23:59:59Z"),
    "after PT99999999999H with triggeredAt": plan("{ data: [personal-data], store: primary, after: PT99999999999H }", "2026-11-23T10:00:00Z"),
    "after P10000Y with triggeredAt 9999": plan("{ data: [personal-data], store: primary, after: P10000Y }", "9999-12-31T23:59:59-23:59"),
    "after 400 nines": plan(`{ data: [personal-data], store: primary, after: P${"9".repeat(400)}D }`, "2026-11-23T10:00:00Z"),
    "at 2026-02-30": plan('{ data: [personal-data], store: primary, at: "2026-02-30T00:00:00Z" }', "2026-11-23T10:00:00Z"),
    "at year 0": plan('{ data: [personal-data], store: primary, at: "0000-01-01T00:00:00+23:59" }', "0000-01-01T00:00:00Z"),
    "triggeredAt +275760": plan("{ data: [personal-data], store: primary, after: P2D }", "+275760-09-13T00:00:00Z"),
    "keep on __proto__": plan("{ data: [personal-data], store: primary, keep: { ground: __proto__, reason: r } }"),
    "waiver expires 2026-02-30": withFlow("waivers:\n  - { rule: flow-omitted, reason: r, expires: 2026-02-30 }\n"),
    "waiver expires 99999-01-01": withFlow("waivers:\n  - { rule: flow-omitted, reason: r, expires: 99999-01-01 }\n"),
    "1000 waivers": withFlow(`waivers:\n${Array.from({ length: 1000 }, (_, i) => `  - { rule: flow-omitted, flow: f${i}, reason: r, expires: 2027-01-01 }`).join("\n")}\n`),
    "odd rights": "policy: pocketo\nflows: []\nrights:\n  - { right: __proto__, channels: [constructor] }\n  - { right: access, channels: [] }\n",
    "only comments": "# nothing\n# here\n",
    "only white space": " \n\t\n  \n",
    "a scalar": "hello",
    "a null": "~",
    "5k documents": Array.from({ length: 5000 }, () => "policy: pocketo\nflows: []\n").join("---\n"),
    "50k empty documents": `${"---\n".repeat(50_000)}policy: pocketo\nflows: []\n`,
    "2 MB comment": `policy: pocketo\nflows: []\n${"#".repeat(2_000_000)}`,
    "complex key": "? [a, b]\n: 1\npolicy: pocketo\nflows: []\n",
    "duplicate key": "policy: pocketo\npolicy: pomeg\nflows: []\n",
  };
  const json: Record<string, string> = {
    "json duplicate key": '{"policy":"pocketo","policy":"pomeg","flows":[]}',
    "json trailing comma": '{"policy":"pocketo","flows":[],}',
    "json comments": '// c\n{"policy":"pocketo","flows":[]}',
    "json 1e400": `{"policy":"pocketo","flows":[{"id":"f","description":"d","action":"share","data":["chat-content"],"recipient":"openai","purposes":["ai-chat"],"audience":{"minimumAge":1e400}}]}`,
    "json lone surrogate": '{"policy":"pocketo","flows":[{"id":"\\ud800","description":"d","action":"share","data":["chat-content"],"recipient":"openai","purposes":["ai-chat"]}]}',
    "json __proto__": '{"policy":"pocketo","flows":[],"__proto__":{"polluted":"yes"}}',
    "json deep 100k": `{"policy":"pocketo","flows":${deep(100_000, "[", "]")}}`,
    "json 100k zeros": `{"policy":"pocketo","flows":[${Array(100_000).fill(0).join(",")}]}`,
    "json null": "null",
    "json array": "[]",
  };
  return [...Object.entries(yaml).map(([label, text]) => yamlCase(label, text)), ...Object.entries(json).map(([label, text]) => jsonCase(label, text))];
}
