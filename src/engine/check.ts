/**
 * The entry point of flow checks: the cached result for a flow's shape, or the decision of
 * `decide.ts` worded by `report.ts`.
 */
import type { CompiledPolicy } from "./compile.js";
import { decide } from "./decide.js";
import type { CheckableFlow } from "./flow-terms.js";
import { toFlowResult } from "./report.js";
import type { FlowResult } from "./result.js";

export type { CheckableFlow } from "./flow-terms.js";

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
  return compiled.shapes.resolve(flow, () => toFlowResult(compiled, flow, decide(compiled, flow)));
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
