/**
 * What any input may cost (issue 13): aliases judged by how far they expand a document, as
 * go-yaml judges them; findings capped per document, with a finding that says where checking
 * stopped; and no "did you mean" search past the cap.
 */
import { describe, expect, it } from "vitest";
import { MAX_FINDINGS, MAX_ITEM_VALUES, parseManifest } from "../../src/manifest/validate.js";
import { lintFile, type FileLint } from "../../src/node.js";
import { parseSource } from "../../src/source/parse.js";
import { MAX_KEYS } from "../../src/source/yaml.js";

const FLOW = "{ id: f, description: d, action: share, data: [chat-content], recipient: openai, purposes: [ai-chat] }";

/** Lints a text in-process, as a YAML file in the working folder. */
function lint(text: string): FileLint {
  return lintFile("limits.flows.yaml", { text, today: "2026-11-23", format: "yaml" });
}

function parseError(text: string): string | undefined {
  const result = parseSource(text, "yaml");
  return result.ok ? undefined : result.errors[0]?.message;
}

describe("anchors are for people: aliases are refused only out of proportion (go-yaml's rule)", () => {
  it("lints a 100,000-flow manifest whose flows share anchored lists", () => {
    const lines = ["policy: pocketo", "shared:", "  data: &data [chat-content]", "  purposes: &purposes [ai-chat]", "flows:"];
    for (let i = 0; i < 100_000; i++) lines.push(`  - { id: f${i}, description: chat sent to a model, action: share, data: *data, recipient: openai, purposes: *purposes }`);
    const result = lint(`${lines.join("\n")}\n`);
    // The anchors' own home is an unknown key; every flow was read and judged (clear), and the
    // chat content they send is kept with no deletion plan.
    expect(result.findings.map((f) => f.code)).toEqual(["schema-invalid", "retention-unbounded"]);
    expect(result.findings[0]?.message).toBe('unknown key "shared"');
    expect(result.findings[1]?.message).toMatch(/^chat-content is kept with no deletion trigger \(flows f0, f1, f2, f3 and 99996 more\)/);
    expect(result.documents[0]?.manifest?.flows).toHaveLength(100_000);
  });

  it("lets a small document be mostly aliases", () => {
    const text = `common: &c [a, b, c]\nlist: [${Array(200).fill("*c").join(", ")}]\n`;
    expect(parseError(text)).toBeUndefined();
  });

  it("refuses the billion-laughs family: wide, deep, mappings, and one large anchor repeated", () => {
    /** `width` aliases of the level below at each of `depth` levels, in sequences or in mappings. */
    const laughs = (width: number, depth: number, open = "[", close = "]") => {
      const entry = (i: number, value: string) => (open === "[" ? value : `k${i}: ${value}`);
      const lines = [`l0: &l0 ${open}${Array.from({ length: width }, (_, i) => entry(i, "lol")).join(", ")}${close}`];
      for (let d = 1; d <= depth; d++) lines.push(`l${d}: &l${d} ${open}${Array.from({ length: width }, (_, i) => entry(i, `*l${d - 1}`)).join(", ")}${close}`);
      return `${lines.join("\n")}\n`;
    };
    const bombs = {
      "10 wide, 9 deep": laughs(10, 9),
      "2 wide, 40 deep": laughs(2, 40),
      "mappings, 10 wide, 9 deep": laughs(10, 9, "{", "}"),
      "one anchor of 10,000 items, aliased 10,000 times": `big: &big [${Array(10_000).fill("x").join(",")}]\nmany: [${Array(10_000).fill("*big").join(",")}]\n`,
    };
    for (const [name, text] of Object.entries(bombs)) expect(parseError(text), name).toMatch(/^aliases expand the \d+ values written into \d+ \(no more than \d+ % of a document this size may come from aliases\); refusing it \(an alias bomb\?\)$/);
  });
});

describe("bounded findings: checking stops after MAX_FINDINGS of a kind, and says where", () => {
  it(`a million-null list costs ${MAX_FINDINGS} findings and one that says where checking stopped`, () => {
    const result = lint(`policy: pocketo\nflows: [${Array(5000).fill("~").join(",")}]\n`);
    expect(result.findings).toHaveLength(MAX_FINDINGS + 1);
    const last = result.findings.at(-1)!;
    expect([last.code, last.message, last.line, last.column]).toEqual(["schema-invalid", "stopped after 1000 findings: the rest of the manifest, from flows[1000] on, was not checked", 2, 2009]);
  });

  it("unknown keys past the cap are counted (in JSON, whose mappings are not limited to MAX_KEYS keys)", () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `"k${i}": 0`).join(",\n");
    const result = lintFile("limits.flows.json", { text: `{"policy": "pocketo", "flows": [],\n${keys}\n}`, today: "2026-11-23", format: "json" });
    expect(result.findings).toHaveLength(MAX_FINDINGS + 1);
    expect(result.findings.at(-1)?.message).toBe("and 500 more unknown keys from here on, not listed (at most 1000 findings of a kind are)");
    expect(result.findings.at(-1)?.line).toBe(1002);
  });

  it("problems of one item past the cap are counted at that item, not dropped", () => {
    // Two flows with 750 unknown keys each: 1,000 listed, the other 500 counted at the second flow.
    const flow = (n: number) => `{"id": "f${n}", "description": "d", "action": "collect", "data": ["email-address"], "recipient": "first-party", "purposes": ["account-management"], ${Array.from({ length: 750 }, (_, i) => `"x${i}": 0`).join(", ")}}`;
    const result = lintFile("limits.flows.json", { text: `{"policy": "pocketo", "flows": [\n${flow(0)},\n${flow(1)}\n]}`, today: "2026-11-23", format: "json" });
    const schema = result.findings.filter((f) => f.code === "schema-invalid");
    expect(schema).toHaveLength(MAX_FINDINGS + 1);
    expect(schema.filter((f) => f.message.startsWith("and "))).toMatchObject([{ message: "and 500 more schema problems from here on, not listed (at most 1000 findings of a kind are)", line: 3 }]);
  });

  it(`a mapping of more than ${MAX_KEYS} keys is refused at the key past the limit, before it costs seconds`, () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: 0`).join("\n");
    expect(parseError(`${keys(MAX_KEYS)}\n`)).toBeUndefined();
    expect(parseError(`${keys(MAX_KEYS + 1)}\n`)).toBe("a mapping holds more than 1000 keys; refusing it");
    expect(parseSource(`x: {${keys(MAX_KEYS + 1).replaceAll("\n", ", ")}}`, "yaml")).toMatchObject({ ok: false, errors: [{ region: { line: 1, column: 8902 } }] });
    expect(lint(`policy: pocketo\nflows: []\n${keys(MAX_KEYS + 1)}\n`).findings.map((f) => [f.code, f.line])).toEqual([["parse-error", 1001]]);
    // Lists are not mappings: a flow list of any length, and lists inside lists, pass.
    expect(parseError(`- ${Array.from({ length: 5000 }, (_, i) => `- ${i}`).join("\n  ")}\n`)).toBeUndefined();
    expect(parseError(`x: &s\n${Array.from({ length: 5000 }, (_, i) => `  - a: ${i}`).join("\n")}\n`)).toBeUndefined();
  });

  it("unknown terms past the cap are counted, without a did-you-mean search, and their flows are not checked", () => {
    const flows = Array.from({ length: 1200 }, (_, i) => `  - ${FLOW.replace("id: f", `id: f${i}`).replace("openai", `opnai-${i}`)}`);
    const result = lint(`policy: pocketo\nflows:\n${flows.join("\n")}\n  - ${FLOW.replace("id: f", "id: last").replace("openai", "llm-provider")}\n`);
    const unknown = result.findings.filter((f) => f.code === "unknown-term");
    expect(unknown).toHaveLength(MAX_FINDINGS + 1);
    expect(unknown.at(-1)).toMatchObject({ message: "and 200 more unknown terms from here on, not listed (at most 1000 findings of a kind are)", line: 1003 });
    // The one flow with known terms is still judged; no flow with an unknown term is.
    expect(result.findings.filter((f) => f.code !== "unknown-term").map((f) => [f.code, f.subject])).toEqual([["flow-omitted", "last"]]);
  });

  it("duplicate ids past the cap are counted", () => {
    const flows = Array.from({ length: 1500 }, () => `  - ${FLOW}`);
    const result = lint(`policy: pocketo\nflows:\n${flows.join("\n")}\n`);
    const duplicates = result.findings.filter((f) => f.code === "duplicate-id");
    expect(duplicates).toHaveLength(MAX_FINDINGS + 1);
    expect(duplicates.at(-1)?.message).toBe("and 499 more duplicate ids from here on, not listed (at most 1000 findings of a kind are)");
  });

  it(`an item holding more than ${MAX_ITEM_VALUES} values is one finding, not one per value`, () => {
    const flow = { id: "f", description: "d", action: "share", data: Array(MAX_ITEM_VALUES + 1).fill(null), recipient: "openai", purposes: ["ai-chat"] };
    const parsed = parseManifest({ policy: "pocketo", flows: [flow] });
    expect(parsed.ok ? [] : parsed.findings.map((f) => [f.path, f.message])).toEqual([[["flows", 0], `flows[0] holds more than ${MAX_ITEM_VALUES} values; it was not checked`]]);
  });

  it("a value built in code that throws when read is a finding", () => {
    const manifest = { policy: "pocketo" };
    Object.defineProperty(manifest, "flows", { enumerable: true, get: () => { throw new Error("boom"); } });
    const parsed = parseManifest(manifest);
    expect(parsed.ok ? [] : parsed.findings.map((f) => [f.code, f.path, f.message])).toEqual([["schema-invalid", [], "the manifest cannot be read as data: boom"]]);
  });
});
