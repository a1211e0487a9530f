import { LineIndex, NodeKind, PositionTree, type SourceRegion } from "./tree.js";
import { MAX_DEPTH, MAX_NODES } from "./yaml.js";

/** A JSON text read with positions. */
export interface JsonRead {
  readonly ok: true;
  readonly value: unknown;
  readonly root: number;
  readonly tree: PositionTree;
}

/** A JSON syntax error at a place. */
export interface JsonError {
  readonly ok: false;
  readonly message: string;
  readonly region: SourceRegion;
}

class Stop {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number = start + 1,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads strict JSON (RFC 8259) with positions: a scanner checks the syntax and records where
 * every value and key was written (and refuses duplicate keys, which `JSON.parse` would
 * silently collapse); `JSON.parse` builds the value, keeping `__proto__` as an own property.
 *
 * @example
 * const read = readJson('{"policy": "pomeg"}', new LineIndex('{"policy": "pomeg"}'));
 * read.ok && read.value //=> { policy: "pomeg" }
 */
export function readJson(text: string, lines: LineIndex): JsonRead | JsonError {
  const tree = new PositionTree(text.length / 18);
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;

  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };

  const describe = (at: number): string => {
    if (at >= length) return "the end of the text";
    const c = text[at]!;
    if (c === '"') return "a string";
    return /[\x20-\x7e]/.test(c) ? `"${c}"` : `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  };

  /** Scans a string at `pos`; returns its value when `wanted`. */
  const string = (wanted: boolean): string => {
    const start = pos;
    pos++;
    let escaped = false;
    for (;;) {
      if (pos >= length) throw new Stop("unterminated string", start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) throw new Stop("control character in a string (escape it, such as \\n)", pos);
      if (c === 0x5c) {
        escaped = true;
        const e = text.charCodeAt(pos + 1);
        if (e === 0x75 /* u */) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) throw new Stop("invalid \\u escape (expected four hex digits)", pos, pos + 6);
          pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[pos + 1] ?? "x")) throw new Stop(`invalid escape \\${text[pos + 1] ?? ""} in a string`, pos, pos + 2);
        pos += 2;
        continue;
      }
      pos++;
    }
    pos++;
    if (!wanted) return "";
    return escaped ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
  };

  const value = (parent: number, depth: number): number => {
    skip();
    if (depth > MAX_DEPTH) throw new Stop(`collections nest deeper than ${MAX_DEPTH} levels`, pos);
    if (tree.count >= MAX_NODES) throw new Stop(`the text holds more than ${MAX_NODES} values; refusing it`, pos);
    const node = tree.add(pos, parent);
    const c = text.charCodeAt(pos);
    if (c === 0x7b /* { */) {
      tree.kind[node] = NodeKind.Mapping;
      pos++;
      skip();
      const seen = new Map<string, number>();
      if (text.charCodeAt(pos) === 0x7d) pos++;
      else
        for (;;) {
          skip();
          if (text.charCodeAt(pos) !== 0x22) {
            throw new Stop(text.charCodeAt(pos) === 0x7d ? "trailing comma before }" : `expected a key in double quotes, found ${describe(pos)}`, pos);
          }
          const key = tree.add(pos, node);
          const name = string(true);
          tree.end[key] = pos;
          const earlier = seen.get(name);
          if (earlier !== undefined) {
            throw new Stop(`duplicate key ${JSON.stringify(name)} (first written on line ${lines.position(earlier).line}); a key may appear once`, tree.start[key]!, pos);
          }
          seen.set(name, tree.start[key]!);
          skip();
          if (text.charCodeAt(pos) !== 0x3a) throw new Stop(`expected ":" after the key, found ${describe(pos)}`, pos);
          pos++;
          value(node, depth + 1);
          skip();
          const next = text.charCodeAt(pos);
          if (next === 0x2c) {
            pos++;
            continue;
          }
          if (next === 0x7d) {
            pos++;
            break;
          }
          throw new Stop(`expected "," or "}" after a value, found ${describe(pos)}`, pos);
        }
    } else if (c === 0x5b /* [ */) {
      tree.kind[node] = NodeKind.Sequence;
      pos++;
      skip();
      if (text.charCodeAt(pos) === 0x5d) pos++;
      else
        for (;;) {
          skip();
          if (text.charCodeAt(pos) === 0x5d) throw new Stop("trailing comma before ]", pos);
          value(node, depth + 1);
          skip();
          const next = text.charCodeAt(pos);
          if (next === 0x2c) {
            pos++;
            continue;
          }
          if (next === 0x5d) {
            pos++;
            break;
          }
          throw new Stop(`expected "," or "]" after a value, found ${describe(pos)}`, pos);
        }
    } else if (c === 0x22) {
      string(false);
    } else if (text.startsWith("true", pos)) pos += 4;
    else if (text.startsWith("false", pos)) pos += 5;
    else if (text.startsWith("null", pos)) pos += 4;
    else {
      NUMBER.lastIndex = pos;
      const match = NUMBER.exec(text);
      if (!match || match[0].length === 0) {
        throw new Stop(pos >= length ? "unexpected end of the text (a value is missing)" : `unexpected ${describe(pos)} where a value belongs`, pos);
      }
      pos += match[0].length;
    }
    tree.end[node] = pos;
    return node;
  };

  let root: number;
  try {
    root = value(-1, 0);
    tree.seal();
    skip();
    if (pos < length) throw new Stop(`unexpected ${describe(pos)} after the JSON value`, pos);
  } catch (error) {
    if (error instanceof Stop) return { ok: false, message: error.message, region: lines.region(error.start, Math.min(error.end, Math.max(length, error.start))) };
    throw error;
  }
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), root, tree };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), region: lines.region(0, 0) };
  }
}
