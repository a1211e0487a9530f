/**
 * Decisions already made, by flow shape (every term of the flow, in order; not its id). A check
 * is a pure function of the shape, so a repeated shape costs a walk down this trie. A shape is
 * admitted on its second sighting only, so that a stream of one-off shapes (a CI run, a service
 * whose flows carry many term sets) costs one string key each and leaves nothing behind; a miss
 * walks the trie without creating nodes. What is kept is the compact decision; its wording is
 * made when a result is first read, once per shape.
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

/** How many distinct flow shapes a cache remembers (and how many first sightings) before it starts over. */
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

/** A string naming a shape, for first sightings: its keys joined by separators no term contains. */
function shapeKey(flow: CheckableFlow): string {
  const a = flow.audience;
  return `${flow.action}\u0000${flow.recipient}\u0000${flow.data.join("\u0001")}\u0000${flow.purposes.join("\u0001")}\u0000${(flow.conditions ?? []).join("\u0001")}\u0000${(flow.safeguards ?? []).join("\u0001")}\u0000${flow.location ?? ""}\u0000${a === undefined ? "" : `${a.minimumAge}\u0001${a.region ?? ""}`}`;
}

/** A bounded cache of decisions by flow shape. */
export class ShapeCache {
  private root: ShapeNode = new Map();
  private seenOnce = new Set<string>();
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
    const key = shapeKey(flow);
    if (!this.seenOnce.has(key)) {
      if (this.seenOnce.size >= SHAPE_LIMIT) this.seenOnce.clear();
      this.seenOnce.add(key);
      return entry;
    }
    this.seenOnce.delete(key);
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
