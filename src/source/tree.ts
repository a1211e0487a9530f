import type { DocumentPath } from "../findings.js";

/** A region of a source text, 1-based, end exclusive (as ESLint and SARIF report them). */
export interface SourceRegion {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The kind of a node in a {@link PositionTree}. */
export const NodeKind = { Scalar: 0, Sequence: 1, Mapping: 2 } as const;

/**
 * Where every node of a parsed text was written, in flat typed arrays (a 100,000-flow manifest
 * has about two million nodes; objects per node would cost hundreds of megabytes).
 * A mapping's children alternate key, value; a sequence's children are its items.
 */
export class PositionTree {
  start: Int32Array;
  end: Int32Array;
  first: Int32Array;
  next: Int32Array;
  last: Int32Array;
  kind: Uint8Array;
  count = 0;

  /** `capacity` is a first guess of the node count; the arrays grow as needed. */
  constructor(capacity = 1024) {
    const n = Math.max(1024, Math.ceil(capacity));
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.first = new Int32Array(n);
    this.next = new Int32Array(n);
    this.last = new Int32Array(n);
    this.kind = new Uint8Array(n);
  }

  /**
   * Adds a node starting at `start` as the last child of `parent` (-1 for a root).
   *
   * @example
   * const tree = new PositionTree();
   * tree.add(0, -1) //=> 0
   */
  add(start: number, parent: number): number {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = start;
    this.first[i] = -1;
    this.next[i] = -1;
    this.last[i] = -1;
    this.kind[i] = NodeKind.Scalar;
    if (parent >= 0) {
      const previous = this.last[parent]!;
      if (previous < 0) this.first[parent] = i;
      else this.next[previous] = i;
      this.last[parent] = i;
    }
    return i;
  }

  /**
   * The children of node `i`, in order.
   *
   * @example
   * tree.children(0) //=> [1, 2]
   */
  children(i: number): number[] {
    const list: number[] = [];
    for (let c = this.first[i]!; c >= 0; c = this.next[c]!) list.push(c);
    return list;
  }

  /**
   * How many children node `i` has, counting up to `limit`.
   *
   * @example
   * tree.childCount(0) //=> 4
   */
  childCount(i: number, limit = Infinity): number {
    let n = 0;
    for (let c = this.first[i]!; c >= 0 && n < limit; c = this.next[c]!) n++;
    return n;
  }

  /** Frees what only building needs and trims spare capacity; call once every node is added. */
  seal(): void {
    this.last = new Int32Array(0);
    if (this.start.length > this.count * 1.05 + 1024) {
      const n = this.count;
      this.start = this.start.slice(0, n);
      this.end = this.end.slice(0, n);
      this.first = this.first.slice(0, n);
      this.next = this.next.slice(0, n);
      this.kind = this.kind.slice(0, n);
    }
  }

  private grow(): void {
    const size = Math.ceil(this.start.length * 1.5);
    const int = (old: Int32Array) => {
      const a = new Int32Array(size);
      a.set(old);
      return a;
    };
    this.start = int(this.start);
    this.end = int(this.end);
    this.first = int(this.first);
    this.next = int(this.next);
    this.last = int(this.last);
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
  }
}

/**
 * Turns offsets into 1-based lines and columns (columns count UTF-16 code units, as editors
 * and SARIF's default do). The line table is built on first use.
 *
 * @example
 * new LineIndex("a\nbc").position(3) //=> { line: 2, column: 2 }
 */
export class LineIndex {
  private starts: Int32Array | undefined;
  constructor(private readonly text: string) {}

  /** The line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The region from `start` to `end` (exclusive). */
  region(start: number, end: number): SourceRegion {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}

function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[n++] = i + 1;
  return starts;
}

/**
 * Finds where a path was written, using a {@link PositionTree}. Sequences with many items and
 * mappings with many keys get an index on first use, so that locating every flow of a large
 * manifest stays linear.
 */
export class Locator {
  private readonly items = new Map<number, Int32Array>();
  private readonly keys = new Map<number, { names: Map<string, number>; next: number }>();

  constructor(
    private readonly text: string,
    private readonly tree: PositionTree,
    private readonly lines: LineIndex,
  ) {}

  /**
   * The region of the value at `path` under `root` (or of the key, when `key` is set and the
   * last segment is a mapping key), or of the nearest written parent.
   *
   * @example
   * locator.locate(0, ["flows", 0, "recipient"]) //=> { line: 5, column: 16, endLine: 5, endColumn: 21 }
   */
  locate(root: number, path: DocumentPath, key = false): SourceRegion {
    let node = root;
    let keyNode = -1;
    for (let s = 0; s < path.length; s++) {
      const segment = path[s]!;
      const kind = this.tree.kind[node];
      let child = -1;
      keyNode = -1;
      if (kind === NodeKind.Mapping) {
        const k = this.findKey(node, String(segment));
        if (k !== undefined) {
          keyNode = k;
          child = this.tree.next[k]!;
        }
      } else if (kind === NodeKind.Sequence && typeof segment === "number") {
        child = this.itemIndex(node)[segment] ?? -1;
      }
      if (child < 0) {
        // A key that names a missing value (`key:` at the end of a mapping) still has a place.
        if (keyNode >= 0) return this.region(keyNode);
        break;
      }
      node = child;
      if (s < path.length - 1) keyNode = -1;
    }
    return key && keyNode >= 0 ? this.region(keyNode) : this.region(node);
  }

  private region(node: number): SourceRegion {
    const start = contentStart(this.text, this.tree.start[node]!, this.tree.end[node]!);
    let end = this.tree.end[node]!;
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    return this.lines.region(start, end);
  }

  private itemIndex(node: number): Int32Array {
    let index = this.items.get(node);
    if (!index) {
      index = Int32Array.from(this.tree.children(node));
      this.items.set(node, index);
    }
    return index;
  }

  private findKey(node: number, name: string): number | undefined {
    if (this.tree.childCount(node, 33) > 32) return this.keyIndex(node, name);
    for (let k = this.tree.first[node]!; k >= 0; k = this.tree.next[this.tree.next[k]!] ?? -1) {
      if (this.tree.next[k]! < 0) break;
      if (this.keyIs(k, name)) return k;
    }
    return undefined;
  }

  /**
   * Looks `name` up in an index of a large mapping's keys, built as far as the lookups need:
   * finding the first keys of a mapping of a million costs a few keys, not a million.
   */
  private keyIndex(node: number, name: string): number | undefined {
    let index = this.keys.get(node);
    if (!index) {
      index = { names: new Map(), next: this.tree.first[node]! };
      this.keys.set(node, index);
    }
    const known = index.names.get(name);
    if (known !== undefined) return known;
    const next = this.tree.next;
    while (index.next >= 0 && next[index.next]! >= 0) {
      const k = index.next;
      index.next = next[next[k]!]!;
      const text = this.keyText(k);
      if (!index.names.has(text)) index.names.set(text, k);
      if (text === name) return k;
    }
    return undefined;
  }

  /** Whether key node `k` is `name`, without allocating for plain keys (the usual case). */
  private keyIs(k: number, name: string): boolean {
    const text = this.text;
    let start = this.tree.start[k]!;
    const end = this.tree.end[k]!;
    let c = text.charCodeAt(start);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt(++start);
    if (c === 0x22 || c === 0x27 || c === 0x26 || c === 0x21 || c === 0x23) return this.keyText(k) === name;
    let stop = end;
    while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--;
    return stop - start === name.length && text.startsWith(name, start);
  }

  private keyText(node: number): string {
    const start = contentStart(this.text, this.tree.start[node]!, this.tree.end[node]!);
    const c = this.text.charCodeAt(start);
    if (c !== 0x22 && c !== 0x27 && c !== 0x26 && c !== 0x21) return this.text.slice(start, this.tree.end[node]!).trimEnd();
    let raw = this.text.slice(start, this.tree.end[node]!).trim();
    // Anchors and tags before a key.
    while (/^[&!]\S*\s/.test(raw)) raw = raw.replace(/^[&!]\S*\s+/, "");
    if (raw.startsWith('"')) {
      try {
        return JSON.parse(raw) as string;
      } catch {
        return raw.slice(1, -1);
      }
    }
    if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
    return raw;
  }
}

/** Whether a character code is a space, tab, CR or LF. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The offset of a node's content: spaces, line breaks and comments before it skipped. Returns
 * `start` when nothing but those lies between `start` and `end` (an empty node).
 *
 * @example
 * contentStart("a:  # note\n  b", 2, 14) //=> 13
 */
export function contentStart(text: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? end : eol + 1;
    } else break;
  }
  return i < end ? i : start;
}
