/**
 * The entry point of flow checks: the cached decision for a flow's shape, or a fresh one from
 * `decide.ts`; the result is worded by `report.ts` only when a field that needs words is read.
 */
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

/**
 * A result over a decision: the id and verdict at once; findings, rules, the closest statements
 * and the message worded on first read and shared by every flow of the shape. Its fields are
 * own, enumerable getters, so `JSON.stringify`, spread and `structuredClone` give plain data.
 */
function resultOf(compiled: CompiledPolicy, flow: CheckableFlow, entry: CacheEntry): FlowResult {
  const word = (): Shape => (entry.worded ??= freeze(toFlowResult(compiled, flow, entry.decision)));
  const { decision } = entry;
  // A clear flow that keeps every requirement has no findings: no wording needed to say so.
  const none = isPlain(decision);
  if (decision.verdict === "omitted" && decision.empty.length === 0) {
    return {
      flowId: flow.id,
      verdict: decision.verdict,
      get findings() {
        return word().findings;
      },
      get rules() {
        return word().rules;
      },
      get closest() {
        return word().closest;
      },
      get message() {
        return word().message;
      },
    };
  }
  return {
    flowId: flow.id,
    verdict: decision.verdict,
    get findings() {
      return none ? NO_FINDINGS : word().findings;
    },
    get rules() {
      return word().rules;
    },
    get message() {
      return word().message;
    },
  };
}

function entryFor(compiled: CompiledPolicy, flow: CheckableFlow): CacheEntry {
  return compiled.shapes.lookup(flow) ?? compiled.shapes.admit(flow, decide(compiled, flow));
}

/**
 * Checks one flow against a compiled policy. The verdict is decided per data category and the
 * worst one is reported, naming the category. Unknown terms are reported (`unknown-term`) and
 * never match a statement, so a flow naming one is at best `omitted`.
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
  return resultOf(compiled, flow, entryFor(compiled, flow));
}

/**
 * Checks one flow and says whether the result has an error finding, without wording a result
 * that has none (what `guard.assert` needs).
 *
 * @example
 * checkFlowForErrors(compiled, flow).violation //=> false for a clear or vague flow
 */
export function checkFlowForErrors(compiled: CompiledPolicy, flow: CheckableFlow): { readonly result: FlowResult; readonly violation: boolean } {
  const entry = entryFor(compiled, flow);
  return { result: resultOf(compiled, flow, entry), violation: isViolating(entry.decision) };
}

/**
 * Checks flows in order; each result depends on its flow alone.
 *
 * @example
 * checkFlows(compiled, [signup, chat]).map((r) => r.verdict) //=> ["clear", "vague"]
 */
export function checkFlows(compiled: CompiledPolicy, flows: readonly CheckableFlow[]): FlowResult[] {
  const out = new Array<FlowResult>(flows.length);
  for (let i = 0; i < flows.length; i++) out[i] = checkFlow(compiled, flows[i] as CheckableFlow);
  return out;
}
