import type { DocumentPath } from "../findings.js";
import { readJson } from "./json.js";
import { LineIndex, Locator, type SourceRegion } from "./tree.js";
import { readYaml } from "./yaml.js";

export type { SourceRegion } from "./tree.js";
export { MAX_DEPTH, MAX_NODES } from "./yaml.js";

/** One parsed document with a way back from a path to where it was written. */
export interface ParsedDocument {
  readonly value: unknown;
  /** The region of the value at `path`, or of its nearest written parent. */
  locate(path: DocumentPath): SourceRegion;
  /** The region of the key that names the value at `path` (for unknown keys), else as {@link locate}. */
  locateKey(path: DocumentPath): SourceRegion;
}

/** A syntax error with its place. */
export interface ParseError {
  readonly message: string;
  readonly region: SourceRegion;
}

/** The outcome of {@link parseSource}. */
export type ParseResult = { ok: true; documents: ParsedDocument[] } | { ok: false; errors: ParseError[] };

/** Which syntax to read: `json` is strict JSON, `yaml` is YAML 1.2, `auto` picks by the first character. */
export type SourceFormat = "yaml" | "json" | "auto";

/**
 * Parses YAML (every document of a multi-document stream, YAML 1.2 core schema) or strict JSON,
 * keeping the position of every node so that findings point at a line and column.
 * `__proto__` and `constructor` keys stay plain data, duplicate keys are errors, and nesting
 * and alias expansion are bounded. `auto` reads text that starts with `{` or `[` as JSON when
 * it is valid JSON, else as YAML (reporting the JSON error when it is neither). A leading
 * byte-order mark is dropped, so columns are the same with and without one.
 *
 * @example
 * const result = parseSource("policy: pomeg\nflows: []\n");
 * result.ok && result.documents[0]?.locate(["flows"])
 * //=> { line: 2, column: 8, endLine: 2, endColumn: 10 }
 */
export function parseSource(source: string, format: SourceFormat = "auto"): ParseResult {
  // A byte-order mark is not a column: editors do not show it, and files are decoded without it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(text);
  let jsonError: ParseError | undefined;
  if (format === "json" || (format === "auto" && /^\s*[[{]/.test(text))) {
    const read = readJson(text, lines);
    if (read.ok) {
      const locator = new Locator(text, read.tree, lines);
      return { ok: true, documents: [documentAt(read.value, read.root, locator)] };
    }
    jsonError = { message: read.message, region: read.region };
    if (format === "json") return { ok: false, errors: [jsonError] };
  }
  const read = readYaml(text, lines);
  // Text that looks like JSON and is neither JSON nor YAML gets the JSON parser's message.
  if (!read.ok) return { ok: false, errors: [jsonError ?? { message: read.message, region: read.region }] };
  const locator = new Locator(text, read.tree, lines);
  return { ok: true, documents: read.values.map((value, i) => documentAt(value, read.roots[i] ?? -1, locator)) };
}

const START: SourceRegion = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function documentAt(value: unknown, root: number, locator: Locator): ParsedDocument {
  return {
    value,
    locate: (path) => (root < 0 ? START : locator.locate(root, path)),
    locateKey: (path) => (root < 0 ? START : locator.locate(root, path, true)),
  };
}
