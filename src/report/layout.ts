/**
 * The data map's layout, computed at report time by the Eclipse Layout Kernel (elkjs, layered
 * algorithm): data categories in the first column, flows in the second, recipients in the third,
 * edges routed orthogonally. Above {@link AGGREGATE_ABOVE} flows the flow column is dropped and
 * edges are aggregated by data category and recipient, so that a large manifest stays readable.
 */
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

/** A laid-out edge: its polyline(s). */
export interface PlacedEdge {
  readonly id: string;
  /** One polyline per routed section, each a list of points. */
  readonly sections: readonly (readonly { readonly x: number; readonly y: number }[])[];
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

interface ElkLike {
  layout(graph: unknown): Promise<ElkResult>;
}
interface ElkResult {
  width?: number;
  height?: number;
  children?: { id: string; x?: number; y?: number; width?: number; height?: number }[];
  edges?: {
    id: string;
    sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[];
  }[];
}

let elk: ElkLike | undefined;

async function layoutEngine(): Promise<ElkLike> {
  if (!elk) {
    const module = (await import("elkjs/lib/elk.bundled.js")) as unknown as { default: new () => ElkLike };
    elk = new module.default();
  }
  return elk;
}

/**
 * Lays out the data map of one manifest with elkjs. Deterministic: the same nodes and flows
 * give the same coordinates.
 *
 * @example
 * const layout = await layoutDataMap(report.nodes, report.flows);
 * layout.edges.get("flow:sign-up->recipient")?.sections.length //=> 1
 */
export async function layoutDataMap(nodes: readonly MapNode[], flows: readonly MapFlow[]): Promise<DataMapLayout> {
  const aggregated = flows.length > AGGREGATE_ABOVE;
  const aggregates = aggregated ? aggregate(flows) : [];
  const partition = (p: number) => ({ "elk.partitioning.partition": String(p) });
  // A box grows with its edges, so that they meet its side apart (5 px each).
  const degree = new Map<string, number>();
  const count = (id: string) => degree.set(id, (degree.get(id) ?? 0) + 1);
  if (aggregated) for (const a of aggregates) (count(`data:${a.data}`), count(`recipient:${a.recipient}`));
  else for (const f of flows) (f.data.forEach((d) => count(`data:${d}`)), count(`recipient:${f.recipient}`));
  const box = (n: MapNode) => {
    const size = n.kind === "data" ? BOX.data : BOX.recipient;
    return { width: size.width, height: Math.max(size.height, 5 * (degree.get(n.id) ?? 0)) };
  };
  const children = [
    ...nodes.map((n) => ({ id: n.id, ...box(n), layoutOptions: partition(n.kind === "data" ? 0 : 2) })),
    ...(aggregated ? [] : flows.map((f) => ({ id: `flow:${f.id}`, ...BOX.flow, layoutOptions: partition(1) }))),
  ];
  const edges = aggregated
    ? aggregates.map((a) => ({ id: a.id, sources: [`data:${a.data}`], targets: [`recipient:${a.recipient}`] }))
    : flows.flatMap((f) => [
        ...f.data.map((d, i) => ({ id: `flow:${f.id}<-data:${i}`, sources: [`data:${d}`], targets: [`flow:${f.id}`] })),
        { id: `flow:${f.id}->recipient`, sources: [`flow:${f.id}`], targets: [`recipient:${f.recipient}`] },
      ]);
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.partitioning.activate": "true",
      "elk.edgeRouting": "ORTHOGONAL",
      // Measured on the bundled examples: thoroughness 1 with the greedy switch off is about
      // 3x faster than ELK's defaults, and edge labels laid out as label nodes double the cost,
      // so each flow's clause is written where its edge leaves the flow box (see html.ts).
      "elk.layered.thoroughness": "1",
      "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
      "elk.layered.nodePlacement.strategy": "SIMPLE",
      "elk.spacing.nodeNode": "10",
      "elk.layered.spacing.nodeNodeBetweenLayers": `${LABEL_GAP}`,
      "elk.layered.spacing.edgeNodeBetweenLayers": "12",
      "elk.randomSeed": "1",
      "elk.separateConnectedComponents": "false",
    },
    children,
    edges,
  };
  const result = await (await layoutEngine()).layout(graph);
  const placedNodes = new Map<string, PlacedNode>();
  for (const c of result.children ?? []) placedNodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
  const placedEdges = new Map<string, PlacedEdge>();
  for (const e of result.edges ?? []) {
    const sections = (e.sections ?? []).map((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })));
    placedEdges.set(e.id, { id: e.id, sections });
  }
  return { width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), aggregated, nodes: placedNodes, edges: placedEdges, aggregates };
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
