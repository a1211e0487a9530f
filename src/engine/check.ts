/**
 * The entry point of flow checks: the cached decision for a flow's shape, or a fresh one from
 * `decide.ts`. `report.ts` words a shape once it recurs (a cache hit, answered as plain data);
 * a first sighting is worded only when a field that needs words is read.
 */
import { argumentProblem, invalidResult } from "./arguments.js";
import type { CompiledPolicy } from "./compile.js";
import { decide } from "./decide.js";
import { isPlain, isViolating } from "./decision.js";
import type { CheckableFlow } from "./flow-terms.js";
import { toFlowResult } from "./report.js";
import type { FlowResult } from "./result.js";
import type { CacheEntry, Shape } from "./shape-cache.js";

export type { CheckableFlow } from "./flow-terms.js";

const NO_FINDINGS: readonly never[] = Object.freeze([]);

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

/** The entry's wording, made once per shape and shared by every flow of it. */
function wordedShape(compiled: CompiledPolicy, flow: CheckableFlow, entry: CacheEntry): Shape {
  return (entry.worded ??= freeze(toFlowResult(compiled, flow, entry.decision)));
}

type Lazy = "findings" | "rules" | "closest" | "message";
let lazy: { readonly [K in Lazy]: PropertyDescriptor };

/** A base class whose constructor returns the object it is given, so that a subclass adds its private fields to a plain object. */
class Stamped {
  constructor(target: object) {
    return target;
  }
}

/**
 * A result over a decision: a plain object (prototype `Object.prototype`) with the id and
 * verdict at once; findings, rules, the closest statements and the message worded on first read
 * and shared by every flow of the shape. Those fields are own, enumerable getters (the same
 * property descriptors for every result, so V8 shares one hidden class), so `JSON.stringify`,
 * spread and `structuredClone` give plain data. The state they word from is held in private
 * fields, which no reflection sees; an object literal with getters costs about 1.4 µs a result
 * where this costs 0.3 µs (BENCHMARKS.md).
 */
class LazyResult extends Stamped {
  readonly #compiled: CompiledPolicy;
  readonly #flow: CheckableFlow;
  readonly #entry: CacheEntry;

  private constructor(target: object, compiled: CompiledPolicy, flow: CheckableFlow, entry: CacheEntry) {
    super(target);
    this.#compiled = compiled;
    this.#flow = flow;
    this.#entry = entry;
  }

  /** The result of a flow over its entry. */
  static of(compiled: CompiledPolicy, flow: CheckableFlow, entry: CacheEntry): FlowResult {
    const { decision } = entry;
    const result = { flowId: flow.id, verdict: decision.verdict };
    new LazyResult(result, compiled, flow, entry);
    Object.defineProperty(result, "findings", lazy.findings);
    Object.defineProperty(result, "rules", lazy.rules);
    if (decision.verdict === "omitted" && decision.empty.length === 0) Object.defineProperty(result, "closest", lazy.closest);
    Object.defineProperty(result, "message", lazy.message);
    return result as FlowResult;
  }

  #worded(): Shape {
    return wordedShape(this.#compiled, this.#flow, this.#entry);
  }

  static {
    const field = (get: (this: LazyResult) => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: false });
    lazy = {
      // A clear flow that keeps every requirement has no findings: no wording needed to say so.
      findings: field(function () {
        return isPlain(this.#entry.decision) ? NO_FINDINGS : this.#worded().findings;
      }),
      rules: field(function () {
        return this.#worded().rules;
      }),
      closest: field(function () {
        return this.#worded().closest;
      }),
      message: field(function () {
        return this.#worded().message;
      }),
    };
  }
}

/** A result of a shape already worded: plain data fields, the shape's frozen arrays shared. */
function plainResult(flowId: string, shape: Shape): FlowResult {
  return shape.closest === undefined
    ? { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, message: shape.message }
    : { flowId, verdict: shape.verdict, findings: shape.findings, rules: shape.rules, closest: shape.closest, message: shape.message };
}

/**
 * The result for a flow: a shape seen before (a cached entry) is worded once and answered as
 * plain data, since it recurs; a first sighting is answered over its decision and worded only if read.
 */
function resultFor(compiled: CompiledPolicy, flow: CheckableFlow): { readonly result: FlowResult; readonly entry: CacheEntry } {
  const hit = compiled.shapes.lookup(flow);
  if (hit !== undefined) return { result: plainResult(flow.id, wordedShape(compiled, flow, hit)), entry: hit };
  const entry = compiled.shapes.admit(flow, decide(compiled, flow));
  return { result: LazyResult.of(compiled, flow, entry), entry };
}

/**
 * Checks one flow against a compiled policy. The verdict is decided per data category and the
 * worst one is reported, naming the category. Unknown terms are reported (`unknown-term`) and
 * never match a statement, so a flow naming one is at best `omitted`. Arguments of the wrong
 * type (from JavaScript: a flow of `null`, `data: "email"`) are never thrown at: the result is
 * `omitted`, with one `schema-invalid` finding at the field.
 *
 * @example
 * const compiled = compilePolicy(pocketo);
 * checkFlow(compiled, {
 *   id: "chat-to-mistral", description: "Chat via Mistral", action: "share",
 *   data: ["chat-content"], recipient: "third-party", purposes: ["ai-chat"],
 * }).verdict
 * //=> "omitted"
 */
export function checkFlow(compiled: CompiledPolicy, flow: CheckableFlow): FlowResult {
  const problem = argumentProblem(compiled, flow);
  if (problem !== undefined) return invalidResult(flow, problem);
  return resultFor(compiled, flow).result;
}

/**
 * Checks one flow and says whether the result has an error finding, without wording a result
 * that has none (what `guard.assert` needs).
 *
 * @example
 * checkFlowForErrors(compiled, flow).violation //=> false for a clear or vague flow
 */
export function checkFlowForErrors(compiled: CompiledPolicy, flow: CheckableFlow): { readonly result: FlowResult; readonly violation: boolean } {
  const problem = argumentProblem(compiled, flow);
  if (problem !== undefined) return { result: invalidResult(flow, problem), violation: true };
  const { result, entry } = resultFor(compiled, flow);
  return { result, violation: isViolating(entry.decision) };
}

/**
 * Checks flows in order; each result depends on its flow alone.
 *
 * @example
 * checkFlows(compiled, [signup, chat]).map((r) => r.verdict) //=> ["clear", "vague"]
 */
export function checkFlows(compiled: CompiledPolicy, flows: readonly CheckableFlow[]): FlowResult[] {
  if (!Array.isArray(flows)) return [invalidResult(undefined, { path: [], expected: "a list of flows", got: flows })];
  const out = new Array<FlowResult>(flows.length);
  for (let i = 0; i < flows.length; i++) out[i] = checkFlow(compiled, flows[i] as CheckableFlow);
  return out;
}
