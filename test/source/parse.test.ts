import { describe, expect, it } from "vitest";
import { parseSource, type ParseResult } from "../../src/source/parse.js";

const ok = (result: ParseResult) => {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.documents;
};

const MANIFEST = `# a comment
policy: pomeg
flows:
  - id: a
    data: [x, "y"]
    empty:
  # between entries
  - id: b
    'quoted': 2026-01-01
    on: yes
`;

describe("parseSource: YAML with positions", () => {
  it("reads YAML 1.2 core: no date or yes/on coercion", () => {
    const [doc] = ok(parseSource(MANIFEST, "yaml"));
    expect(doc?.value).toEqual({ policy: "pomeg", flows: [{ id: "a", data: ["x", "y"], empty: null }, { id: "b", quoted: "2026-01-01", on: "yes" }] });
  });

  it("locates values, keys, sequence items and missing values", () => {
    const [doc] = ok(parseSource(MANIFEST, "yaml"));
    expect(doc!.locate(["policy"])).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 14 });
    expect(doc!.locate(["flows", 0])).toEqual({ line: 4, column: 5, endLine: 6, endColumn: 11 });
    expect(doc!.locate(["flows", 1])).toEqual({ line: 8, column: 5, endLine: 10, endColumn: 12 });
    expect(doc!.locate(["flows", 0, "data", 1])).toEqual({ line: 5, column: 15, endLine: 5, endColumn: 18 });
    expect(doc!.locateKey(["flows", 1, "quoted"])).toEqual({ line: 9, column: 5, endLine: 9, endColumn: 13 });
    expect(doc!.locate(["flows", 1, "quoted"])).toEqual({ line: 9, column: 15, endLine: 9, endColumn: 25 });
    // A key with no value is located at the key; a path that is not there at its nearest parent.
    expect(doc!.locate(["flows", 0, "empty"]).line).toBe(6);
    expect(doc!.locate(["flows", 1, "missing", 3])).toEqual(doc!.locate(["flows", 1]));
    expect(doc!.locate(["flows", 7])).toEqual(doc!.locate(["flows"]));
  });

  it("reads every document of a stream", () => {
    const docs = ok(parseSource("policy: a\n---\npolicy: b\nflows: []\n"));
    expect(docs.map((d) => d.value)).toEqual([{ policy: "a" }, { policy: "b", flows: [] }]);
    expect(docs[1]!.locate(["flows"])).toEqual({ line: 4, column: 8, endLine: 4, endColumn: 10 });
  });

  it("keeps __proto__ and constructor as own data, never touching prototypes", () => {
    const [doc] = ok(parseSource("__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n", "yaml"));
    const value = doc!.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(doc!.locateKey(["__proto__"])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 10 });
  });

  it("refuses duplicate keys, alias bombs, alias cycles and deep nesting, with places", () => {
    const error = (text: string) => {
      const result = parseSource(text, "yaml");
      if (result.ok) throw new Error("expected an error");
      return result.errors[0];
    };
    expect(error("a: 1\nb: 2\na: 3\n")).toEqual({ message: 'duplicate key "a" in a mapping (a key may appear once)', region: { line: 3, column: 1, endLine: 3, endColumn: 2 } });
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    // Refused at the 8th alias of l3, where copies pass 99 % of the values (go-yaml's rule).
    expect(error(`${levels.join("\n")}\n`)).toEqual({
      message: "aliases expand the 97 values written into 10205 (no more than 99 % of a document this size may come from aliases); refusing it (an alias bomb?)",
      region: { line: 4, column: 45, endLine: 4, endColumn: 48 },
    });
    expect(error("a: &a [*a]\n")?.message).toBe("an alias refers to a node that contains it (a cycle)");
    expect(error(`a: ${"[".repeat(100)}${"]".repeat(100)}\n`)?.message).toBe("collections nest deeper than 64 levels");
  });

  it("allows ordinary aliases", () => {
    const [doc] = ok(parseSource("common: &p [analytics]\nflows:\n  - purposes: *p\n"));
    expect(doc!.value).toEqual({ common: ["analytics"], flows: [{ purposes: ["analytics"] }] });
  });
});

describe("parseSource: strict JSON with positions", () => {
  const JSON_TEXT = '{\n  "policy": "pomeg",\n  "flows": [\n    { "id": "a\\n", "data": ["x"] }\n  ]\n}\n';

  it("reads values and locates them", () => {
    const [doc] = ok(parseSource(JSON_TEXT, "json"));
    expect(doc!.value).toEqual({ policy: "pomeg", flows: [{ id: "a\n", data: ["x"] }] });
    expect(doc!.locate(["flows", 0])).toEqual({ line: 4, column: 5, endLine: 4, endColumn: 35 });
    expect(doc!.locate(["flows", 0, "data", 0])).toEqual({ line: 4, column: 29, endLine: 4, endColumn: 32 });
    expect(doc!.locateKey(["flows", 0, "id"])).toEqual({ line: 4, column: 7, endLine: 4, endColumn: 11 });
  });

  it("reports syntax errors with line and column", () => {
    const error = (text: string) => {
      const result = parseSource(text, "json");
      return result.ok ? undefined : result.errors[0];
    };
    expect(error('{"a": 1,}')).toEqual({ message: "trailing comma before }", region: { line: 1, column: 9, endLine: 1, endColumn: 10 } });
    expect(error('{"a": 1, "a": 2}')?.message).toBe('duplicate key "a" (first written on line 1); a key may appear once');
    expect(error("{'a': 1}")?.message).toBe("expected a key in double quotes, found \"'\"");
    expect(error('{"a": tru}')?.message).toBe('unexpected "t" where a value belongs');
    expect(error('{"a": "x\ty"}')?.message).toBe("control character in a string (escape it, such as \\n)");
    expect(error('{"a": "\\q"}')?.message).toBe("invalid escape \\q in a string");
    expect(error('{"a": 1} x')?.message).toBe('unexpected "x" after the JSON value');
    expect(error('[1, 2')).toEqual({ message: 'expected "," or "]" after a value, found the end of the text', region: { line: 1, column: 6, endLine: 1, endColumn: 6 } });
  });

  it("keeps __proto__ as own data", () => {
    const [doc] = ok(parseSource('{"__proto__": {"polluted": true}}', "json"));
    expect(Object.keys(doc!.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("auto reads JSON when the text starts with { or [, and YAML flow style otherwise", () => {
    expect(ok(parseSource('{"a": [1]}'))[0]!.value).toEqual({ a: [1] });
    expect(ok(parseSource("{a: [1]}"))[0]!.value).toEqual({ a: [1] });
  });
});
