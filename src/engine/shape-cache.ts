/**
 * Decisions already made, by flow shape (every term of the flow, in order; not its id). A check
 * is a pure function of the shape, so a repeated shape costs a walk down this trie. A shape is
 * admitted on its second sighting only, so that a stream of one-off shapes (a CI run, a service
 * whose flows carry many term sets) costs one hash each and leaves nothing behind; a miss
 * walks the trie without creating nodes. What is kept is the compact decision; its wording is
 * made once per shape, when a result is first read or the shape recurs (`check.ts`).
 */
import type { Decision } from "./decision.js";
import type { CheckableFlow } from "./flow-terms.js";
import type { FlowResult } from "./result.js";

/** The per-shape part of a worded result: everything but the flow id. Frozen, shared by every flow of that shape. */
export type Shape = Omit<FlowResult, "flowId">;

/** A cached decision, and its wording once some result of that shape was read. */
export interface CacheEntry {
  readonly decision: Decision;
  worded: Shape | undefined;
}

/** A node of the trie: keys are terms, numbers (ages) and an end-of-list symbol. */
type ShapeNode = Map<string | number | symbol, unknown>;

/** How many distinct flow shapes a cache remembers before it starts over. */
export const SHAPE_LIMIT = 10_000;
const END = Symbol("end");

/** The keys of a flow's shape, in trie order. */
function keysOf(flow: CheckableFlow): (string | number | symbol)[] {
  const keys: (string | number | symbol)[] = [flow.action, flow.recipient];
  const list = (terms: readonly string[] | undefined) => {
    if (terms !== undefined) for (let i = 0; i < terms.length; i++) keys.push(terms[i] as string);
    keys.push(END);
  };
  list(flow.data);
  list(flow.purposes);
  list(flow.conditions);
  list(flow.safeguards);
  keys.push(flow.location ?? END);
  if (flow.audience !== undefined) keys.push(flow.audience.minimumAge, flow.audience.region ?? END);
  return keys;
}

/** FNV-1a over a string's UTF-16 code units, continuing from `h`. */
function mix(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xffff, 0x01000193); // an end mark no code unit of a term repeats
}

function mixList(h: number, terms: readonly string[] | undefined): number {
  if (terms !== undefined) for (let i = 0; i < terms.length; i++) h = mix(h, terms[i] as string);
  return Math.imul(h ^ 0x1ffff, 0x01000193);
}

/**
 * A 32-bit hash of a flow's shape, never 0, computed without allocating. Two shapes may share
 * one; that only admits the second on its first sighting, since entries are kept under the
 * shape's own keys.
 */
function shapeHash(flow: CheckableFlow): number {
  let h = mix(mix(0x811c9dc5, flow.action), flow.recipient);
  h = mixList(mixList(mixList(mixList(h, flow.data), flow.purposes), flow.conditions), flow.safeguards);
  if (flow.location !== undefined) h = mix(h, flow.location);
  const a = flow.audience;
  if (a !== undefined) h = mix(Math.imul(h ^ a.minimumAge, 0x01000193), a.region ?? "");
  return h === 0 ? 1 : h;
}

/** How many first sightings the cache remembers: a table of shape hashes, a later sighting taking an earlier one's slot. */
const SIGHTINGS = 16_384;

/** A bounded cache of decisions by flow shape. */
export class ShapeCache {
  private root: ShapeNode = new Map();
  private sightings = new Int32Array(SIGHTINGS);
  /** How many shapes are held. */
  entries = 0;

  /**
   * The cached entry for a flow's shape, walking the trie without changing it.
   *
   * @example
   * cache.lookup(flow) //=> undefined the first two times a shape is checked
   */
  lookup(flow: CheckableFlow): CacheEntry | undefined {
    let node: ShapeNode | undefined = this.root;
    node = node.get(flow.action) as ShapeNode | undefined;
    if (node === undefined) return undefined;
    node = node.get(flow.recipient) as ShapeNode | undefined;
    if (node === undefined) return undefined;
    node = walkList(node, flow.data);
    if (node === undefined) return undefined;
    node = walkList(node, flow.purposes);
    if (node === undefined) return undefined;
    node = walkList(node, flow.conditions);
    if (node === undefined) return undefined;
    node = walkList(node, flow.safeguards);
    if (node === undefined) return undefined;
    node = node.get(flow.location ?? END) as ShapeNode | undefined;
    if (node === undefined) return undefined;
    const audience = flow.audience;
    if (audience !== undefined) {
      node = node.get(audience.minimumAge) as ShapeNode | undefined;
      node = node?.get(audience.region ?? END) as ShapeNode | undefined;
      if (node === undefined) return undefined;
    }
    return node.get(END) as CacheEntry | undefined;
  }

  /**
   * Remembers a decision for a flow's shape if the shape was seen before (its second sighting);
   * otherwise notes the sighting. Returns the entry to use either way.
   *
   * @example
   * cache.admit(flow, decision).decision === decision //=> true
   */
  admit(flow: CheckableFlow, decision: Decision): CacheEntry {
    const entry: CacheEntry = { decision, worded: undefined };
    const hash = shapeHash(flow);
    const slot = hash & (SIGHTINGS - 1);
    if (this.sightings[slot] !== hash) {
      this.sightings[slot] = hash;
      return entry;
    }
    this.sightings[slot] = 0;
    if (this.entries >= SHAPE_LIMIT) {
      this.root = new Map();
      this.entries = 0;
    }
    let node = this.root;
    for (const k of keysOf(flow)) {
      let next = node.get(k) as ShapeNode | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(k, next);
      }
      node = next;
    }
    node.set(END, entry);
    this.entries++;
    return entry;
  }
}

function walkList(node: ShapeNode, list: readonly string[] | undefined): ShapeNode | undefined {
  let at: ShapeNode | undefined = node;
  if (list !== undefined) {
    for (let i = 0; i < list.length && at !== undefined; i++) at = at.get(list[i] as string) as ShapeNode | undefined;
  }
  return at?.get(END) as ShapeNode | undefined;
}
