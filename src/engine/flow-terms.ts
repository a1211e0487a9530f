import type { CompiledPolicy, TermTable } from "./compile.js";

/**
 * The shape of a flow the engine reads. Both the parsed `Flow` of a manifest and a `FlowInput`
 * written in code (defaults optional) fit it, as do the flow types of bundled policies.
 */
export interface CheckableFlow {
  readonly id: string;
  readonly action: string;
  readonly data: readonly string[];
  readonly recipient: string;
  readonly purposes: readonly string[];
  readonly conditions?: readonly string[] | undefined;
  readonly safeguards?: readonly string[] | undefined;
  readonly location?: string | undefined;
  readonly audience?: { readonly minimumAge: number; readonly region?: string | undefined } | undefined;
}

/** A flow's terms as term numbers of the compiled policy; -1 for a term the policy does not define. */
export interface FlowTerms {
  readonly action: number;
  readonly recipient: number;
  readonly data: readonly number[];
  readonly purposes: readonly number[];
  readonly conditions: readonly number[];
  readonly safeguards: readonly number[];
  readonly location: number;
  readonly region: number;
  /** Whether some term of the flow is not in the policy's vocabulary. */
  readonly unknown: boolean;
}

const NO_NUMBERS: readonly number[] = Object.freeze([]);

function numberOf(table: TermTable, id: string | undefined): number {
  if (id === undefined) return -1;
  const n = table.index.get(id);
  return n === undefined ? -1 : n;
}

function numbersOf(table: TermTable, ids: readonly string[] | undefined): readonly number[] {
  if (ids === undefined || ids.length === 0) return NO_NUMBERS;
  const list = new Array<number>(ids.length);
  for (let i = 0; i < ids.length; i++) list[i] = numberOf(table, ids[i]);
  return list;
}

const hasUnknown = (list: readonly number[]): boolean => {
  for (let i = 0; i < list.length; i++) if ((list[i] as number) < 0) return true;
  return false;
};

/**
 * Numbers a flow's terms against a compiled policy, so that every relation the engine tests is
 * a typed-array read.
 *
 * @example
 * const n = numberFlow(compiled, { id: "f", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["nope"] });
 * n.unknown //=> true (the purpose "nope" is not a term)
 * n.purposes //=> [-1]
 */
export function numberFlow(compiled: CompiledPolicy, flow: CheckableFlow): FlowTerms {
  const t = compiled.tables;
  const action = numberOf(t.action, flow.action);
  const recipient = numberOf(t.recipient, flow.recipient);
  const data = numbersOf(t.data, flow.data);
  const purposes = numbersOf(t.purpose, flow.purposes);
  const conditions = numbersOf(t.condition, flow.conditions);
  const safeguards = numbersOf(t.safeguard, flow.safeguards);
  const location = numberOf(t.location, flow.location);
  const region = numberOf(t.location, flow.audience?.region);
  const unknown =
    action < 0 ||
    recipient < 0 ||
    hasUnknown(data) ||
    hasUnknown(purposes) ||
    hasUnknown(conditions) ||
    hasUnknown(safeguards) ||
    (flow.location !== undefined && location < 0) ||
    (flow.audience?.region !== undefined && region < 0);
  return { action, recipient, data, purposes, conditions, safeguards, location, region, unknown };
}
