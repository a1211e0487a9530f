import { CORE_SCHEMA, loadAll, YAMLException, type State } from "js-yaml";
import { contentStart, LineIndex, NodeKind, PositionTree, type SourceRegion } from "./tree.js";
import { readBlockYaml, type BlockLimits } from "./yaml-block.js";

/** How deeply collections may nest. */
export const MAX_DEPTH = 64;

/**
 * How many values (keys, scalars, collections) a text may hold. A 64 MiB manifest of compact
 * flows holds about 11 million; `[~,~,~,…]` packs one value into 2 bytes, and parsing and
 * checking cost by the value, so the limit bounds the work any text within the size limit asks.
 */
export const MAX_NODES = 4_000_000;

/**
 * How many keys one mapping may hold. A manifest's mappings hold a dozen; a mapping of millions
 * of unknown keys is the costliest text within the size limit (js-yaml stores each key on one
 * object, and a huge object grows slower per key), so it is refused at its 1,001st key.
 */
export const MAX_KEYS = 1_000;

/** A YAML stream read with positions: one value and root node per document. */
export interface YamlRead {
  readonly ok: true;
  readonly values: unknown[];
  readonly roots: number[];
  readonly tree: PositionTree;
}

/** A YAML syntax error, or a refused construct, at a place. */
export interface YamlError {
  readonly ok: false;
  readonly message: string;
  readonly region: SourceRegion;
}

/**
 * Reads a YAML stream with js-yaml's core schema (YAML 1.2: `yes`, `on` and dates stay
 * strings; no custom tags), recording where every node was written through js-yaml's
 * `listener` hook. Duplicate keys are errors; `__proto__` is stored as an own property; nesting
 * and alias expansion are bounded.
 *
 * @example
 * const read = readYaml("policy: pomeg\n", new LineIndex("policy: pomeg\n"));
 * read.ok && read.values //=> [{ policy: "pomeg" }]
 */
export function readYaml(text: string, lines: LineIndex): YamlRead | YamlError {
  const block = readBlockYaml(text, BLOCK_LIMITS);
  if (block) return { ok: true, values: [block.value], roots: [block.root], tree: block.tree };
  return readWithJsYaml(text, lines);
}

/**
 * The plain block reader's limits: a text past one is js-yaml's to read and refuse. Values are
 * counted as js-yaml's reading counts them (`BlockRead.counted`), so both refuse the same texts;
 * nesting stops short of js-yaml's limit.
 */
const BLOCK_LIMITS: BlockLimits = { maxDepth: MAX_DEPTH - 2, maxNodes: MAX_NODES, maxKeys: MAX_KEYS };

/**
 * {@link readYaml} through js-yaml alone: every text the plain block reader declines.
 *
 * @example
 * readWithJsYaml("policy: 'pomeg'\n", new LineIndex("policy: 'pomeg'\n")).ok //=> true
 */
export function readWithJsYaml(text: string, lines: LineIndex): YamlRead | YamlError {
  const tree = new PositionTree(text.length / 11);
  const stack: number[] = [];
  const roots: number[] = [];
  const aliases: { node: number; value: object }[] = [];
  let lastClosed = -1;
  let lastResult: unknown;
  let wrappers = 0;

  const children: number[] = [];
  const listener = (event: string, state: State): void => {
    if (event === "open") {
      if (tree.count >= MAX_NODES) throw new TooManyNodes(state.position);
      const parent = stack.length > 0 ? stack[stack.length - 1]! : -1;
      // A key and a value per pair, and one more for the attempt js-yaml makes after the last.
      if (parent >= 0 && ++children[children.length - 1]! === 2 * MAX_KEYS + 2 && isMapping(text, tree.start[parent]!)) throw new TooManyKeys(state.position);
      const node = tree.add(state.position, parent);
      if (parent < 0) roots.push(node);
      stack.push(node);
      children.push(0);
      return;
    }
    children.pop();
    const node = stack.pop()!;
    const result = (state as State & { result: unknown }).result;
    const only = tree.first[node]!;
    if (only >= 0 && only === tree.last[node] && only === lastClosed && Object.is(lastResult, result)) {
      // A wrapper js-yaml makes while it tries a block mapping: take the inner node's place.
      wrappers++;
      tree.start[node] = tree.start[only]!;
      tree.end[node] = tree.end[only]!;
      tree.first[node] = tree.first[only]!;
      tree.last[node] = tree.last[only]!;
      tree.kind[node] = tree.kind[only]!;
    } else {
      const kind = state.kind === "mapping" ? NodeKind.Mapping : state.kind === "sequence" ? NodeKind.Sequence : NodeKind.Scalar;
      tree.kind[node] = kind;
      tree.end[node] = state.position;
      if (kind !== NodeKind.Scalar) closeCollection(text, tree, node, kind);
      else if (result === null && contentStart(text, tree.start[node]!, state.position) === tree.start[node]) tree.end[node] = tree.start[node]!;
      else if (state.kind === null && result !== null && typeof result === "object") aliases.push({ node, value: result });
    }
    lastClosed = node;
    lastResult = result;
  };

  const values: unknown[] = [];
  try {
    loadAll(text, (value) => values.push(value), { schema: CORE_SCHEMA, listener, maxDepth: MAX_DEPTH } as Parameters<typeof loadAll>[2]);
  } catch (error) {
    if (error instanceof TooManyKeys) {
      return { ok: false, message: `a mapping holds more than ${MAX_KEYS} keys; refusing it`, region: lines.region(error.position, error.position + 1) };
    }
    if (error instanceof TooManyNodes) {
      return { ok: false, message: `the text holds more than ${MAX_NODES} values; refusing it`, region: lines.region(error.position, error.position + 1) };
    }
    if (error instanceof YAMLException) {
      const position = error.mark?.position ?? 0;
      return { ok: false, message: describeYamlError(error.reason, text.slice(position, position + 200)), region: lines.region(position, position + 1) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message, region: lines.region(0, 0) };
  }

  tree.seal();
  const bomb = checkAliases(aliases, tree.count - wrappers);
  if (bomb) {
    const at = bomb.node;
    return { ok: false, message: bomb.message, region: lines.region(tree.start[at]!, tree.end[at]!) };
  }
  return { ok: true, values, roots: roots.length === values.length ? roots : values.map((_, i) => roots[i] ?? -1), tree };
}

function describeYamlError(reason: string, at: string): string {
  if (reason.startsWith("nesting exceeded maxDepth")) return `collections nest deeper than ${MAX_DEPTH} levels`;
  if (reason === "duplicated mapping key") {
    const key = /^\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^:\n]+?))\s*:/.exec(at);
    const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
    return `duplicate key${name ? ` "${name}"` : ""} in a mapping (a key may appear once)`;
  }
  return reason;
}

/** Drops the trailing attempt js-yaml makes after a mapping's last pair; sets a block collection's end to its last child's. */
function closeCollection(text: string, tree: PositionTree, node: number, kind: number): void {
  if (kind === NodeKind.Mapping && tree.childCount(node) % 2 === 1) {
    const children = tree.children(node);
    const keep = children[children.length - 2];
    if (keep === undefined) tree.first[node] = -1;
    else tree.next[keep] = -1;
    tree.last[node] = keep ?? -1;
  }
  let i = tree.start[node]!;
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  const flow = c === 0x5b /* [ */ || c === 0x7b; /* { */
  const last = tree.last[node]!;
  if (!flow && last >= 0) tree.end[node] = tree.end[last]!;
}

/** Thrown from the listener to stop js-yaml at the value that passes {@link MAX_NODES}. */
class TooManyNodes {
  constructor(readonly position: number) {}
}

/** Thrown from the listener to stop js-yaml at the key that passes {@link MAX_KEYS}. */
class TooManyKeys {
  constructor(readonly position: number) {}
}

/**
 * Whether the collection that starts at `at` is a mapping, read from its text: past anchors and
 * tags, a sequence starts with `[` or `- `; anything else with children is a mapping.
 */
function isMapping(text: string, at: number): boolean {
  const head = /^(?:\s|[&!][^\s]*)*/.exec(text.slice(at, at + 1024))?.[0].length ?? 0;
  const c = text[at + head];
  return !(c === "[" || (c === "-" && /^-(?:\s|$)/.test(text.slice(at + head, at + head + 2))));
}

/**
 * The share of a document's values that may come from aliases, by how many values it has in
 * all once aliases are expanded: go-yaml's rule (`allowedAliasRatio` in its decode.go). Small
 * documents may be almost all aliases (99 %); from 400,000 values the share falls, to 10 %
 * from 4,000,000. A DRY manifest that names shared lists by anchor passes; an alias bomb, whose
 * expansion grows out of proportion to what is written, does not.
 */
function allowedAliasShare(values: number): number {
  if (values <= 400_000) return 0.99;
  if (values >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (values - 400_000)) / 3_600_000;
}

/**
 * Adds up the values (keys included) every alias stands for, in document order, and refuses the
 * document at the first alias where the share of values that come from aliases passes
 * {@link allowedAliasShare} (as go-yaml does: only past 100 such values and 1,000 in all), or
 * that refers to a node containing it. Sizes are memoised by node, so counting costs one visit
 * per node even for a billion laughs. `written` is the number of values the text holds.
 */
function checkAliases(aliases: readonly { node: number; value: object }[], written: number): { node: number; message: string } | undefined {
  if (aliases.length === 0) return undefined;
  const sizes = new Map<object, number>();
  const active = new Set<object>();
  let cyclic = false;
  const size = (value: unknown): number => {
    if (value === null || typeof value !== "object") return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (active.has(value)) {
      cyclic = true;
      return 1;
    }
    active.add(value);
    const children = Array.isArray(value) ? value : Object.values(value);
    // A mapping's keys are values of the document too.
    let total = 1 + (Array.isArray(value) ? 0 : children.length);
    for (const child of children) {
      total += size(child);
      if (cyclic) break;
    }
    active.delete(value);
    sizes.set(value, total);
    return total;
  };
  let expanded = 0;
  for (const alias of aliases) {
    expanded += size(alias.value);
    if (cyclic) return { node: alias.node, message: "an alias refers to a node that contains it (a cycle)" };
    const values = written + expanded;
    if (expanded > 100 && values > 1000 && expanded / values > allowedAliasShare(values)) {
      const allowed = Math.round(100 * allowedAliasShare(values));
      return { node: alias.node, message: `aliases expand the ${written} values written into ${values} (no more than ${allowed} % of a document this size may come from aliases); refusing it (an alias bomb?)` };
    }
  }
  return undefined;
}
