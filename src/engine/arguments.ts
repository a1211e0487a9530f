/**
 * What the engine answers to arguments of the wrong type, from callers without TypeScript (a
 * flow of `null`, `data: "email-address"`, a policy where a compiled one belongs): an `omitted`
 * result with one `schema-invalid` finding naming the field (see `src/arguments.ts`).
 */
import { argumentFinding, isObject, stringsProblem, type ArgumentProblem } from "../arguments.js";
import type { FlowResult } from "./result.js";
import { ShapeCache } from "./shape-cache.js";

/**
 * The first problem with a `(compiled, flow)` pair, or `undefined` when both have the types the
 * engine reads.
 *
 * @example
 * argumentProblem(compiled, { id: "f", action: "collect", data: "email-address", recipient: "first-party", purposes: [] })
 * //=> { path: ["data"], expected: "a list of data terms", got: "email-address" }
 */
export function argumentProblem(compiled: unknown, flow: unknown): ArgumentProblem | undefined {
  if (!isObject(compiled) || !(compiled.shapes instanceof ShapeCache)) return { path: [], expected: "a compiled policy (compilePolicy(policy))", got: compiled };
  if (!isObject(flow)) return { path: [], expected: "a flow (an object with id, action, data, recipient and purposes)", got: flow };
  if (typeof flow.id !== "string") return { path: ["id"], expected: "a flow id", got: flow.id };
  if (typeof flow.action !== "string") return { path: ["action"], expected: "an action term", got: flow.action };
  if (typeof flow.recipient !== "string") return { path: ["recipient"], expected: "a recipient term", got: flow.recipient };
  const lists =
    stringsProblem(flow.data, ["data"], "data term") ??
    stringsProblem(flow.purposes, ["purposes"], "purpose term") ??
    stringsProblem(flow.conditions, ["conditions"], "condition term", true) ??
    stringsProblem(flow.safeguards, ["safeguards"], "safeguard term", true);
  if (lists !== undefined) return lists;
  if (flow.location !== undefined && typeof flow.location !== "string") return { path: ["location"], expected: "a location term", got: flow.location };
  const audience = flow.audience;
  if (audience === undefined) return undefined;
  if (!isObject(audience)) return { path: ["audience"], expected: "an audience (an object with minimumAge)", got: audience };
  if (typeof audience.minimumAge !== "number") return { path: ["audience", "minimumAge"], expected: "an age in years", got: audience.minimumAge };
  if (audience.region !== undefined && typeof audience.region !== "string") return { path: ["audience", "region"], expected: "a location term", got: audience.region };
  return undefined;
}

/**
 * The result for a check whose arguments are of the wrong type: `omitted` (nothing in the policy
 * discloses a flow pledge cannot read), with one `schema-invalid` finding at the field.
 *
 * @example
 * invalidResult(null, { path: [], expected: "a flow (…)", got: null }).findings[0]?.message
 * //=> "expected a flow (…), got null"
 */
export function invalidResult(flow: unknown, problem: ArgumentProblem): FlowResult {
  const finding = argumentFinding(problem);
  const flowId = isObject(flow) && typeof flow.id === "string" ? flow.id : "";
  return { flowId, verdict: "omitted", findings: [finding], rules: [], message: finding.message };
}
