/**
 * Results already computed, by flow shape (every term of the flow, in order; not its id). A check
 * is a pure function of the shape, so a repeated shape costs a walk down this trie.
 */
import type { CheckableFlow } from "./flow-terms.js";
import type { FlowResult } from "./result.js";

/** The per-shape part of a result: everything but the flow id. Frozen, shared by every flow of that shape. */
export type Shape = Omit<FlowResult, "flowId">;

/** A node of the trie: keys are terms, numbers (ages) and an end-of-list symbol. */
type ShapeNode = Map<string | number | symbol, unknown>;

/** How many distinct flow shapes a cache remembers before it starts over (a few MB at most). */
export const SHAPE_LIMIT = 10_000;
const END = Symbol("end");

function step(node: ShapeNode, key: string | number | symbol): ShapeNode {
  let next = node.get(key) as ShapeNode | undefined;
  if (next === undefined) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}

function stepList(node: ShapeNode, list: readonly string[] | undefined): ShapeNode {
  if (list !== undefined) for (let i = 0; i < list.length; i++) node = step(node, list[i] as string);
  return step(node, END);
}

function freeze(result: FlowResult): Shape {
  for (const finding of result.findings) {
    Object.freeze(finding.rules);
    Object.freeze(finding.path);
    Object.freeze(finding);
  }
  Object.freeze(result.findings);
  Object.freeze(result.rules);
  if (result.closest !== undefined) Object.freeze(result.closest);
  return result;
}

function withId(flowId: string, shape: Shape): FlowResult {
  return shape.closest === undefined
    ? { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, message: shape.message }
    : { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, closest: shape.closest, message: shape.message };
}

/** A bounded cache of results by flow shape. */
export class ShapeCache {
  private root: ShapeNode = new Map();
  /** How many shapes are held. */
  entries = 0;

  /**
   * The result for a flow: the cached one for its shape with the flow's own id, or `compute()`'s,
   * frozen and remembered.
   *
   * @example
   * cache.resolve(flow, () => toFlowResult(compiled, flow, decide(compiled, flow))).verdict //=> "clear"
   */
  resolve(flow: CheckableFlow, compute: () => FlowResult): FlowResult {
    let node = this.root;
    node = step(node, flow.action);
    node = step(node, flow.recipient);
    node = stepList(node, flow.data);
    node = stepList(node, flow.purposes);
    node = stepList(node, flow.conditions);
    node = stepList(node, flow.safeguards);
    node = step(node, flow.location ?? END);
    const audience = flow.audience;
    if (audience !== undefined) node = step(step(node, audience.minimumAge), audience.region ?? END);
    let shape = node.get(END) as Shape | undefined;
    if (shape === undefined) {
      shape = freeze(compute());
      if (this.entries >= SHAPE_LIMIT) {
        this.root = new Map();
        this.entries = 0;
        return withId(flow.id, shape);
      }
      node.set(END, shape);
      this.entries++;
    }
    return withId(flow.id, shape);
  }
}
