import { CORE_SCHEMA, type Type } from "js-yaml";
import { PositionTree, NodeKind } from "./tree.js";

/**
 * The plain block style most manifests are written in, read without js-yaml: block mappings
 * and sequences, one-line plain and quoted scalars, one-line flow collections (`[a, b]`,
 * `{ key: 'a' }`) of them, comments and blank lines. `pledge lint` of 100,000 flows spent most of its parsing in js-yaml and its
 * position listener (BENCHMARKS.md); this reader does the same work in a fraction of the time.
 *
 * It reads a text only when it is sure to read it as js-yaml does, values and positions alike,
 * and declines (returns `undefined`) at the first thing it does not read: escapes in quotes,
 * anchors, aliases, tags, block scalars, multi-line scalars and flow collections, empty values and nulls,
 * tabs, CR line ends, document markers, duplicate or unusual keys, control characters, and
 * anything past the limits js-yaml's reading enforces. js-yaml then reads the text, and words its errors. A
 * property test holds the two readings equal on every text this one accepts.
 */

/** A block-style YAML document read with positions, as {@link readYaml} returns it. */
export interface BlockRead {
  readonly value: unknown;
  readonly root: number;
  readonly tree: PositionTree;
  /**
   * The values js-yaml's reading counts in the same text, against the same limit: the tree's
   * nodes, and one more for each block sequence item written on its dash's line that is a scalar
   * or a flow collection (js-yaml tries a block mapping there first).
   */
  readonly counted: number;
}

/** The limits of the reading; past any of them the text is js-yaml's to read and refuse. */
export interface BlockLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxKeys: number;
}

/** js-yaml's implicit scalar types of the core schema, in the order it tries them. */
const IMPLICIT: readonly Type[] | undefined = (() => {
  const list = (CORE_SCHEMA as unknown as { compiledImplicit?: unknown }).compiledImplicit;
  return Array.isArray(list) && list.length === 4 ? (list as Type[]) : undefined;
})();

/** Thrown to stop reading: the text is js-yaml's. */
const DECLINE = Symbol("decline");

/** Slots of the table of recently read texts (a power of two), and the longest text it keeps. */
const INTERNED = 4096;
const MAX_INTERNED = 40;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE_BRACE = 0x7d;

/**
 * Reads `text` as one block-style YAML document whose root is a mapping, or declines.
 *
 * @example
 * readBlockYaml("policy: pomeg\nflows: [] # none yet\n", limits)?.value //=> { policy: "pomeg", flows: [] }
 * readBlockYaml("policy: &p pomeg\n", limits) //=> undefined (an anchor: js-yaml reads it)
 */
export function readBlockYaml(text: string, limits: BlockLimits): BlockRead | undefined {
  if (IMPLICIT === undefined || text.includes("\t") || text.includes("\r")) return undefined;
  const reader = new BlockReader(text, limits);
  try {
    return reader.document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

class BlockReader {
  readonly tree: PositionTree;
  /** Start of the current line. */
  private line = 0;
  /** Indentation of the current line (its content starts at `line + indent`). */
  private indent = 0;
  private depth = 0;
  /** Block sequence items that are scalars or flow collections (see {@link BlockRead.counted}). */
  private attempts = 0;

  constructor(
    private readonly text: string,
    private readonly limits: BlockLimits,
  ) {
    this.tree = new PositionTree(text.length / 11);
  }

  document(): BlockRead {
    this.skipToContent(0);
    if (this.line >= this.text.length || this.indent !== 0) throw DECLINE;
    const c = this.text.charCodeAt(this.line);
    // Directives and document markers (`%YAML`, `---`, `...`) are js-yaml's.
    if (c === 0x25 || this.text.startsWith("---", this.line) || this.text.startsWith("...", this.line)) throw DECLINE;
    const root = this.tree.add(this.line, -1);
    const value = this.mapping(root, 0);
    if (this.line < this.text.length) throw DECLINE;
    this.tree.seal();
    return { value, root, tree: this.tree, counted: this.tree.count + this.attempts };
  }

  /**
   * Moves to the next line with content at or after `from` (a line start), skipping blank and
   * comment lines, and measures its indentation.
   */
  private skipToContent(from: number): void {
    const text = this.text;
    let at = from;
    while (at < text.length) {
      let i = at;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i < text.length && c !== NEWLINE && c !== HASH) {
        this.line = at;
        this.indent = i - at;
        return;
      }
      if (c === HASH) this.checkPrintable(i, this.endOfLine(i));
      const eol = text.indexOf("\n", i);
      if (eol < 0) break;
      at = eol + 1;
    }
    this.line = text.length;
    this.indent = -1;
  }

  private endOfLine(from: number): number {
    const eol = this.text.indexOf("\n", from);
    return eol < 0 ? this.text.length : eol;
  }

  /** A block mapping whose keys start at column `indent` of the current line. */
  private mapping(node: number, indent: number): Record<string, unknown> {
    if (++this.depth > this.limits.maxDepth) throw DECLINE;
    this.tree.kind[node] = NodeKind.Mapping;
    const value: Record<string, unknown> = {};
    let keys = 0;
    let last = -1;
    while (this.indent === indent && this.line < this.text.length) {
      const at = this.line + indent;
      // A sequence entry where a key belongs is js-yaml's to word.
      const i = this.keyEnd(at);
      if (i < 0) throw DECLINE;
      const name = this.key(node, value, at, i, ++keys);
      const child = this.add(i + 1, node);
      value[name] = this.valueAfter(child, i + 1, indent, true);
      last = child;
    }
    if (this.indent > indent) throw DECLINE;
    this.tree.end[node] = this.tree.end[last]!;
    this.depth--;
    return value;
  }

  /**
   * The value that follows an indicator (`key:` or `- `) ending at `from`, in a collection at
   * column `indent`: on the same line, or, when the line ends there, the block on the next lines.
   */
  private valueAfter(node: number, from: number, indent: number, inMapping: boolean): unknown {
    const text = this.text;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    const eol = this.endOfLine(i);
    const c = text.charCodeAt(i);
    if (i >= eol || (c === HASH && i > from)) {
      if (i < eol) this.checkPrintable(i, eol);
      // The value is the block below: more indented, or a sequence at the key's own column.
      this.skipToContent(eol + 1);
      const nested = this.indent > indent || (inMapping && this.indent === indent && this.isEntry());
      if (!nested) throw DECLINE; // an empty value (null): js-yaml's
      this.tree.start[node] = this.line + this.indent;
      return this.isEntry() ? this.sequence(node, this.indent) : this.mapping(node, this.indent);
    }
    this.tree.start[node] = i;
    if (!inMapping && this.keyEnd(i) >= 0) {
      // `- key: value`: a mapping whose keys start at this column.
      this.indent = i - this.line;
      return this.mapping(node, this.indent);
    }
    let value: unknown;
    if (c === OPEN || c === OPEN_BRACE || c === QUOTE || c === DOUBLE_QUOTE) {
      value = c === OPEN || c === OPEN_BRACE ? this.flowCollection(node, i, eol) : this.quoted(node, i, eol);
      this.checkRest(this.flowEnd, eol);
    } else value = this.plainScalar(node, i, eol);
    this.skipToContent(eol + 1);
    // A more indented line would continue the scalar, or be an error: js-yaml's either way.
    if (this.indent > indent) throw DECLINE;
    return value;
  }

  /** Whether the current line's content is a sequence entry (`- ` or a lone `-`). */
  private isEntry(): boolean {
    const at = this.line + this.indent;
    const next = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === DASH && (at + 1 >= this.text.length || next === SPACE || next === NEWLINE);
  }

  /** Where the `:` of a plain key starting at `at` is (`name:` then a space or the line's end); -1 when none starts there. */
  private keyEnd(at: number): number {
    const text = this.text;
    let j = at;
    while (isKeyChar(text.charCodeAt(j))) j++;
    if (j === at || text.charCodeAt(j) !== COLON) return -1;
    const after = text.charCodeAt(j + 1);
    return j + 1 >= text.length || after === SPACE || after === NEWLINE ? j : -1;
  }

  /**
   * The key written from `at` to `end`, the `count`th of a mapping whose pairs so far `owner`
   * holds: its node added, its name returned. A key that is not a plain string, `__proto__`, a
   * duplicate or one past the limit is js-yaml's to read or refuse.
   */
  private key(node: number, owner: Record<string, unknown>, at: number, end: number, count: number): string {
    const name = this.intern(at, end);
    if (scalarValue(name) !== name || name === "__proto__" || Object.hasOwn(owner, name)) throw DECLINE;
    if (count > this.limits.maxKeys) throw DECLINE;
    const key = this.add(at, node);
    this.tree.end[key] = end;
    return name;
  }

  /** A block sequence whose `-` indicators are at column `indent`. */
  private sequence(node: number, indent: number): unknown[] {
    if (++this.depth > this.limits.maxDepth) throw DECLINE;
    this.tree.kind[node] = NodeKind.Sequence;
    const items: unknown[] = [];
    let last = -1;
    while (this.indent === indent && this.line < this.text.length && this.isEntry()) {
      const dash = this.line + indent;
      const next = this.text.charCodeAt(dash + 2);
      // `- - x` (a sequence in a sequence) is js-yaml's.
      if (next === DASH) throw DECLINE;
      const item = this.add(dash + 2, node);
      items.push(this.valueAfter(item, dash + 1, indent, false));
      const first = this.text.charCodeAt(this.tree.start[item]!);
      if (this.tree.kind[item] === NodeKind.Scalar || first === OPEN || first === OPEN_BRACE) this.attempts++;
      last = item;
    }
    this.tree.end[node] = this.tree.end[last]!;
    this.depth--;
    return items;
  }

  /**
   * A flow collection on one line, from its `[` or `{` at `open`: `[a, b]`, `[]`,
   * `{ key: a, other: [b, c] }`, `{}`; plain scalars, and flow collections nested in it. Returns
   * the value; `this.flowEnd` is then the offset after its closing bracket.
   */
  private flowCollection(node: number, open: number, eol: number): unknown {
    if (++this.depth > this.limits.maxDepth) throw DECLINE;
    const text = this.text;
    const mapping = text.charCodeAt(open) === OPEN_BRACE;
    const close = mapping ? CLOSE_BRACE : CLOSE;
    this.tree.kind[node] = mapping ? NodeKind.Mapping : NodeKind.Sequence;
    const items: unknown[] = [];
    const pairs: Record<string, unknown> = {};
    let keys = 0;
    let i = this.skipSpaces(open + 1, eol);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        let name = "";
        if (mapping) {
          // Inside `{…}` on one line, a key's `:` is followed by a space.
          const end = this.keyEnd(i);
          if (end < 0 || text.charCodeAt(end + 1) !== SPACE) throw DECLINE;
          name = this.key(node, pairs, i, end, ++keys);
          i = this.skipSpaces(end + 1, eol);
        }
        const item = this.add(i, node);
        const value = this.flowItem(item, i, eol);
        if (mapping) pairs[name] = value;
        else items.push(value);
        i = this.skipSpaces(this.flowEnd, eol);
        const c = text.charCodeAt(i);
        if (c === close) break;
        if (c !== COMMA) throw DECLINE;
        i = this.skipSpaces(i + 1, eol);
        // A trailing comma (`[a, ]`) is js-yaml's.
        if (text.charCodeAt(i) === close) throw DECLINE;
      }
    }
    this.tree.end[node] = this.flowEnd = i + 1;
    this.depth--;
    return mapping ? pairs : items;
  }

  /** Where the last flow collection, flow scalar or quoted scalar read ends. */
  private flowEnd = 0;

  /**
   * A value inside a flow collection: a nested collection, a quoted scalar, or a plain scalar up
   * to `,`, `]` or `}`.
   */
  private flowItem(node: number, start: number, eol: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === OPEN || c === OPEN_BRACE) return this.flowCollection(node, start, eol);
    if (c === QUOTE || c === DOUBLE_QUOTE) return this.quoted(node, start, eol);
    if (isIndicator(c)) throw DECLINE;
    let i = start;
    while (i < eol) {
      const d = text.charCodeAt(i);
      if (d === COMMA || d === CLOSE || d === CLOSE_BRACE) break;
      if (isFlowSpecial(d) || (d === HASH && text.charCodeAt(i - 1) === SPACE)) throw DECLINE;
      i++;
    }
    if (i >= eol) throw DECLINE;
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    this.flowEnd = end;
    return this.scalar(node, start, end);
  }

  private skipSpaces(from: number, eol: number): number {
    let i = from;
    while (i < eol && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** A one-line plain scalar from `start`, to a comment or the line's end. */
  private plainScalar(node: number, start: number, eol: number): unknown {
    const text = this.text;
    if (isIndicator(text.charCodeAt(start))) throw DECLINE;
    let end = start;
    for (let i = start; i < eol; i++) {
      const c = text.charCodeAt(i);
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        this.checkPrintable(i, eol);
        break;
      }
      // `: ` or a final `:` would start a mapping (or be an error): js-yaml's.
      if (c === COLON && (i + 1 === eol || text.charCodeAt(i + 1) === SPACE)) throw DECLINE;
      if (c !== SPACE) end = i + 1;
    }
    return this.scalar(node, start, end);
  }

  /**
   * A quoted scalar on one line: `'…'` (`''` is a quote) or `"…"` without escapes. A string,
   * whatever it holds; `this.flowEnd` is the offset after its closing quote.
   */
  private quoted(node: number, start: number, eol: number): string {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let i = start + 1;
    let doubled = false;
    for (;; i++) {
      if (i >= eol) throw DECLINE; // a quoted scalar over several lines: js-yaml's
      const c = text.charCodeAt(i);
      if (c === BACKSLASH && quote === DOUBLE_QUOTE) throw DECLINE; // escapes: js-yaml's
      if (c !== quote) continue;
      if (quote === QUOTE && text.charCodeAt(i + 1) === QUOTE) {
        doubled = true;
        i++;
        continue;
      }
      break;
    }
    this.checkPrintable(start + 1, i);
    this.tree.end[node] = this.flowEnd = i + 1;
    const content = text.slice(start + 1, i);
    return doubled ? content.replaceAll("''", "'") : content;
  }

  /** The scalar written from `start` to `end`, resolved as js-yaml's core schema resolves it. */
  private scalar(node: number, start: number, end: number): unknown {
    this.checkPrintable(start, end);
    this.tree.end[node] = end;
    const raw = this.intern(start, end);
    const value = scalarValue(raw);
    // A null is placed as an empty value is (js-yaml's reading marks no extent for it): js-yaml's.
    if (value === null) throw DECLINE;
    return value;
  }

  /** Recently read short texts, by a hash of their characters (see {@link intern}). */
  private readonly recent: (string | undefined)[] = new Array<string | undefined>(INTERNED).fill(undefined);

  /**
   * The text from `start` to `end`, as the string read last time the same characters were read
   * when it is still at hand: a manifest repeats its keys and terms on every flow, and one string
   * each, not one per flow, keeps the parsed manifest small for the collector (BENCHMARKS.md).
   */
  private intern(start: number, end: number): string {
    const text = this.text;
    if (end - start > MAX_INTERNED) return text.slice(start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    const slot = hash & (INTERNED - 1);
    const known = this.recent[slot];
    if (known !== undefined && known.length === end - start && text.startsWith(known, start)) return known;
    const read = text.slice(start, end);
    this.recent[slot] = read;
    return read;
  }

  /** What may follow a value on its line: spaces, then a comment or nothing. */
  private checkRest(from: number, eol: number): void {
    let i = from;
    while (this.text.charCodeAt(i) === SPACE) i++;
    if (i < eol && !(this.text.charCodeAt(i) === HASH && i > from)) throw DECLINE;
    if (i < eol) this.checkPrintable(i, eol);
  }

  /** Declines text holding what js-yaml refuses or reads specially (controls, lone surrogates, BOMs, NEL, LS, PS). */
  private checkPrintable(from: number, to: number): void {
    const text = this.text;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029 || c >= 0xfeff) {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            i++;
            continue;
          }
        }
        if (c > 0xfeff && c < 0xfffe) continue;
        throw DECLINE;
      }
    }
  }

  private add(start: number, parent: number): number {
    if (this.tree.count + this.attempts >= this.limits.maxNodes) throw DECLINE;
    return this.tree.add(start, parent);
  }
}

/** A plain key's characters: letters, digits, `_`, `$`, `-` and `.`. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c === DASH || c === 0x2e;
}

/** Characters that start something other than a plain scalar, or may (`-`, `?`, `:`). */
function isIndicator(c: number): boolean {
  return c === DASH || c === 0x3f || c === COLON || c === COMMA || c === OPEN || c === CLOSE || c === 0x7b || c === 0x7d || c === HASH || c === 0x26 || c === 0x2a || c === 0x21 || c === 0x7c || c === 0x3e || c === 0x27 || c === 0x22 || c === 0x25 || c === 0x40 || c === 0x60;
}

/** Characters inside a flow scalar that this reader leaves to js-yaml: brackets, quotes, `:`. */
function isFlowSpecial(c: number): boolean {
  return c === OPEN || c === OPEN_BRACE || c === COLON || c === 0x22 || c === 0x27;
}

/**
 * A plain scalar's value under the core schema: js-yaml's implicit types (null, bool, int,
 * float), tried in its order; a string when none resolves it. A scalar that starts with a letter
 * other than n, t or f (in any case) is a string without trying them.
 */
function scalarValue(raw: string): unknown {
  const c = raw.charCodeAt(0) | 0x20;
  if (c >= 0x61 && c <= 0x7a && c !== 0x6e && c !== 0x74 && c !== 0x66) return raw;
  for (const type of IMPLICIT!) if (type.resolve(raw)) return type.construct(raw);
  return raw;
}
