/**
 * The deadline checks' arguments of the wrong type, from callers without TypeScript: a deletion
 * plan, a manifest's flows and rights. The first wrong field is a `schema-invalid` finding (see
 * `src/arguments.ts`); values of the right type but out of range (`2026-02-30`, `P300000Y`) are
 * judged by the checks themselves.
 */
import { isObject, stringsProblem, type ArgumentProblem } from "../arguments.js";
import type { DocumentPath } from "../findings.js";

/**
 * The first problem with a deletion plan's structure: an object with a string `id` and
 * `trigger`, and `steps`, each an object with a list of data terms and a store.
 *
 * @example
 * planProblem({ id: "p", trigger: "account-deleted", steps: null })
 * //=> { path: ["steps"], expected: "a list of steps", got: null }
 */
export function planProblem(plan: unknown, at: DocumentPath = []): ArgumentProblem | undefined {
  if (!isObject(plan)) return { path: at, expected: "a deletion plan (an object with id, trigger and steps)", got: plan };
  if (typeof plan.id !== "string") return { path: [...at, "id"], expected: "a plan id", got: plan.id };
  if (typeof plan.trigger !== "string") return { path: [...at, "trigger"], expected: "an event term", got: plan.trigger };
  const steps = plan.steps;
  if (!Array.isArray(steps)) return { path: [...at, "steps"], expected: "a list of steps", got: steps };
  for (let i = 0; i < steps.length; i++) {
    const step: unknown = steps[i];
    const path = [...at, "steps", i];
    if (!isObject(step)) return { path, expected: "a step (an object with data, store and one of after, at or keep)", got: step };
    const data = stringsProblem(step.data, [...path, "data"], "data term");
    if (data !== undefined) return data;
    if (typeof step.store !== "string") return { path: [...path, "store"], expected: "a store term", got: step.store };
  }
  return undefined;
}

/**
 * The first problem with the parts of a manifest the deadline checks read: `flows` (each with an
 * id, data and purposes), `deletion` plans and, when asked, `rights`.
 *
 * @example
 * manifestProblem({ flows: [], deletion: null }, false)
 * //=> { path: ["deletion"], expected: "a list of deletion plans", got: null }
 */
export function manifestProblem(manifest: unknown, withRights: boolean): ArgumentProblem | undefined {
  if (!isObject(manifest)) return { path: [], expected: "a manifest (an object with flows and deletion)", got: manifest };
  const { flows, deletion } = manifest;
  if (!Array.isArray(flows)) return { path: ["flows"], expected: "a list of flows", got: flows };
  for (let i = 0; i < flows.length; i++) {
    const flow: unknown = flows[i];
    if (!isObject(flow)) return { path: ["flows", i], expected: "a flow", got: flow };
    if (typeof flow.id !== "string") return { path: ["flows", i, "id"], expected: "a flow id", got: flow.id };
    const terms = stringsProblem(flow.data, ["flows", i, "data"], "data term") ?? stringsProblem(flow.purposes, ["flows", i, "purposes"], "purpose term");
    if (terms !== undefined) return terms;
  }
  if (!Array.isArray(deletion)) return { path: ["deletion"], expected: "a list of deletion plans", got: deletion };
  for (let i = 0; i < deletion.length; i++) {
    const plan = planProblem(deletion[i], ["deletion", i]);
    if (plan !== undefined) return plan;
  }
  return withRights && manifest.rights !== undefined ? rightsProblem(manifest.rights, ["rights"]) : undefined;
}

/**
 * The first problem with a list of supported rights: each an object with a right and channels.
 *
 * @example
 * rightsProblem([{ right: "access", channels: "email" }]) //=> { path: [0, "channels"], expected: "a list of channel terms", got: "email" }
 */
export function rightsProblem(supported: unknown, at: DocumentPath = []): ArgumentProblem | undefined {
  if (!Array.isArray(supported)) return { path: at, expected: "a list of supported rights", got: supported };
  for (let i = 0; i < supported.length; i++) {
    const entry: unknown = supported[i];
    if (!isObject(entry)) return { path: [...at, i], expected: "a supported right (an object with right and channels)", got: entry };
    if (typeof entry.right !== "string") return { path: [...at, i, "right"], expected: "a right term", got: entry.right };
    const channels = stringsProblem(entry.channels, [...at, i, "channels"], "channel term");
    if (channels !== undefined) return channels;
  }
  return undefined;
}
