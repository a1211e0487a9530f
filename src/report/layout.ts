/**
 * The data map's layout, computed at report time by dagre (the layered Sugiyama method):
 * data categories in the first column, flows in the second, recipients in the third. Above {@link AGGREGATE_ABOVE} flows the flow column is dropped and
 * edges are aggregated by data category and recipient, so that a large manifest stays readable.
 */
import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { Verdict } from "../findings.js";
import { compareText } from "../order.js";
import type { MapFlow, MapNode } from "./model.js";

/** Above this many flows, the map draws one edge per data category and recipient instead of one per flow. */
export const AGGREGATE_ABOVE = 120;

/** A laid-out box. */
export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A laid-out edge: where it leaves its source's right side and enters its target's left side. */
export interface PlacedEdge {
  readonly id: string;
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
}

/** An edge of the aggregated map: all flows of one data category to one recipient. */
export interface AggregateEdge {
  readonly id: string;
  readonly data: string;
  readonly recipient: string;
  readonly flows: readonly string[];
  /** The worst verdict among the flows (clear < vague < omitted < ambiguous < incorrect). */
  readonly verdict: Verdict;
  readonly counts: Readonly<Partial<Record<Verdict, number>>>;
}

/** The laid-out data map. */
export interface DataMapLayout {
  readonly width: number;
  readonly height: number;
  readonly aggregated: boolean;
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: ReadonlyMap<string, PlacedEdge>;
  /** Set when aggregated. */
  readonly aggregates: readonly AggregateEdge[];
}

/** Widths of the three columns' boxes, in px (text beyond them is cut, the full text is in a tooltip and the tables). */
export const BOX = { data: { width: 170, height: 26 }, flow: { width: 210, height: 40 }, recipient: { width: 190, height: 38 } } as const;

const RANK: Readonly<Record<Verdict, number>> = { clear: 0, vague: 1, omitted: 2, ambiguous: 3, incorrect: 4 };

/** The label an edge of a flow carries: the deciding rule, and how many more decided it. */
export function edgeLabel(flow: MapFlow): string {
  const first = flow.rules[0];
  if (!first) return "no clause";
  return flow.rules.length > 1 ? `${first.ruleId} +${flow.rules.length - 1}` : first.ruleId;
}

/** The gap between columns, wide enough for a clause label where an edge leaves a flow box. */
export const LABEL_GAP = 150;

/** Where the edges of one box meet its side: spread over the side, in the order of their other ends. */
function spread(ends: readonly { readonly edge: string; readonly other: number }[], box: PlacedNode, x: number, into: Map<string, { x: number; y: number }>): void {
  const sorted = [...ends].sort((a, b) => a.other - b.other || compareText(a.edge, b.edge));
  const step = box.height / (sorted.length + 1);
  sorted.forEach((e, i) => into.set(e.edge, { x, y: box.y + step * (i + 1) }));
}

/**
 * Lays out the data map of one manifest with dagre (the layered Sugiyama method: ranks, crossing
 * reduction, coordinates). Data categories, flows and recipients fall into three ranks, since every
 * edge goes from a data category to a flow or from a flow to its recipient. Each edge leaves its
 * source's right side and enters its target's left side, the ends spread over the side in the order
 * of the other ends. Deterministic: the same nodes and flows give the same coordinates.
 *
 * @example
 * const layout = layoutDataMap(report.nodes, report.flows);
 * layout.edges.get("flow:sign-up->recipient")?.from.x === layout.nodes.get("flow:sign-up")!.x + BOX.flow.width //=> true
 */
export function layoutDataMap(nodes: readonly MapNode[], flows: readonly MapFlow[]): DataMapLayout {
  const aggregated = flows.length > AGGREGATE_ABOVE;
  const aggregates = aggregated ? aggregate(flows) : [];
  // A box grows with its edges, so that they meet its side apart: 5 px each, 12 px for the
  // aggregated map's thicker edges and their labels.
  const apart = aggregated ? 12 : 5;
  const degree = new Map<string, number>();
  const count = (id: string) => degree.set(id, (degree.get(id) ?? 0) + 1);
  if (aggregated) for (const a of aggregates) (count(`data:${a.data}`), count(`recipient:${a.recipient}`));
  else for (const f of flows) (f.data.forEach((d) => count(`data:${d}`)), count(`recipient:${f.recipient}`));
  const box = (n: MapNode) => {
    const size = n.kind === "data" ? BOX.data : BOX.recipient;
    return { width: size.width, height: Math.max(size.height, apart * (degree.get(n.id) ?? 0)) };
  };
  const edges = aggregated
    ? aggregates.map((a) => ({ id: a.id, source: `data:${a.data}`, target: `recipient:${a.recipient}` }))
    : flows.flatMap((f) => [
        ...f.data.map((d, i) => ({ id: `flow:${f.id}<-data:${i}`, source: `data:${d}`, target: `flow:${f.id}` })),
        { id: `flow:${f.id}->recipient`, source: `flow:${f.id}`, target: `recipient:${f.recipient}` },
      ]);
  const graph = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  // longest-path puts every recipient (each a sink) in the last rank; measured on the bundled
  // examples it is also the quickest of dagre's rankers.
  graph.setGraph({ rankdir: "LR", ranker: "longest-path", nodesep: 10, edgesep: 5, ranksep: LABEL_GAP, marginx: 0, marginy: 0 });
  for (const n of nodes) graph.setNode(n.id, box(n));
  if (!aggregated) for (const f of flows) graph.setNode(`flow:${f.id}`, { ...BOX.flow });
  for (const e of edges) graph.setEdge(e.source, e.target, {}, e.id);
  layout(graph);

  const placedNodes = new Map<string, PlacedNode>();
  for (const id of graph.nodes()) {
    const n = graph.node(id);
    // dagre places a box by its centre.
    placedNodes.set(id, { id, x: (n.x ?? 0) - n.width / 2, y: (n.y ?? 0) - n.height / 2, width: n.width, height: n.height });
  }
  const at = (id: string) => placedNodes.get(id)!;
  const centre = (id: string) => at(id).y + at(id).height / 2;
  const starts = new Map<string, { x: number; y: number }>();
  const ends = new Map<string, { x: number; y: number }>();
  const outgoing = new Map<string, { edge: string; other: number }[]>();
  const incoming = new Map<string, { edge: string; other: number }[]>();
  const add = (into: Map<string, { edge: string; other: number }[]>, node: string, edge: string, other: number) => {
    const list = into.get(node);
    if (list) list.push({ edge, other });
    else into.set(node, [{ edge, other }]);
  };
  for (const e of edges) (add(outgoing, e.source, e.id, centre(e.target)), add(incoming, e.target, e.id, centre(e.source)));
  for (const [id, list] of outgoing) spread(list, at(id), at(id).x + at(id).width, starts);
  for (const [id, list] of incoming) spread(list, at(id), at(id).x, ends);
  const placedEdges = new Map<string, PlacedEdge>();
  for (const e of edges) placedEdges.set(e.id, { id: e.id, from: starts.get(e.id)!, to: ends.get(e.id)! });
  const { width = 0, height = 0 } = graph.graph();
  return { width: Math.ceil(width), height: Math.ceil(height), aggregated, nodes: placedNodes, edges: placedEdges, aggregates };
}

/**
 * Groups flows by data category and recipient: one edge per pair, coloured by its worst verdict.
 *
 * @example
 * aggregate(flows).map((a) => [a.data, a.recipient, a.flows.length]) //=> [["chat-content", "openai", 412], …]
 */
export function aggregate(flows: readonly MapFlow[]): AggregateEdge[] {
  const groups = new Map<string, { data: string; recipient: string; flows: string[]; verdict: Verdict; counts: Partial<Record<Verdict, number>> }>();
  for (const f of flows) {
    for (const d of new Set(f.data)) {
      const key = `${d}\u0000${f.recipient}`;
      const g = groups.get(key) ?? { data: d, recipient: f.recipient, flows: [], verdict: "clear" as Verdict, counts: {} };
      g.flows.push(f.id);
      g.counts[f.verdict] = (g.counts[f.verdict] ?? 0) + 1;
      if (RANK[f.verdict] > RANK[g.verdict]) g.verdict = f.verdict;
      groups.set(key, g);
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.data, b.data) || compareText(a.recipient, b.recipient))
    .map((g) => ({ id: `aggregate:${g.data}->${g.recipient}`, ...g }));
}
