/**
 * Arguments of the wrong type, from callers without TypeScript (`checkDeletionPlan(policy, null)`,
 * `data: "email-address"`): the first field that is wrong, answered as a `schema-invalid` finding
 * at that field, the way a manifest's bad value is, never a `TypeError` from deep inside a check.
 * The tests are a handful of `typeof`s, cheap beside the checks they guard.
 */
import type { DocumentPath, Finding } from "./findings.js";

/** The first field of an argument that is of the wrong type: where, what it should be, and what it is. */
export interface ArgumentProblem {
  readonly path: DocumentPath;
  readonly expected: string;
  readonly got: unknown;
}

/**
 * Whether a value is an object (not `null`), so that its fields may be read.
 *
 * @example
 * isObject(null) //=> false
 */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * The problem with a list of strings at `path`: not a list, or an entry that is not a string.
 * `undefined` is allowed when `optional`.
 *
 * @example
 * stringsProblem(["email", 4], ["data"], "data term") //=> { path: ["data", 1], expected: "a data term", got: 4 }
 */
export function stringsProblem(list: unknown, path: DocumentPath, what: string, optional = false): ArgumentProblem | undefined {
  if (list === undefined && optional) return undefined;
  if (!Array.isArray(list)) return { path, expected: `a list of ${what}s`, got: list };
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== "string") return { path: [...path, i], expected: `a ${what}`, got: list[i] };
  return undefined;
}

/**
 * What a value is, in a message: `null`, `nothing`, `an array`, `a number`, or the string itself.
 *
 * @example
 * kindOf(null) //=> "null"
 * kindOf("email") //=> 'the string "email"'
 */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "an object";
  return `${/^[aeiou]/.test(typeof value) ? "an" : "a"} ${typeof value}`;
}

/**
 * The `schema-invalid` finding for a problem.
 *
 * @example
 * argumentFinding({ path: ["steps"], expected: "a list of steps", got: null }).message
 * //=> "steps: expected a list of steps, got null"
 */
export function argumentFinding(problem: ArgumentProblem): Finding {
  const where = problem.path.length > 0 ? `${problem.path.join(".")}: ` : "";
  return { code: "schema-invalid", severity: "error", message: `${where}expected ${problem.expected}, got ${kindOf(problem.got)}`, path: problem.path, rules: [] };
}

/**
 * The `TypeError` a helper that answers with a plain value (a text, a number) throws for an
 * argument of the wrong type: the helper, the field and what it got, never a `TypeError` from
 * deep inside. The checks answer such arguments with findings instead ({@link argumentFinding}).
 *
 * @example
 * argumentError("verifySource", { path: ["text"], expected: "a string", got: 42 }).message
 * //=> "verifySource: text: expected a string, got a number"
 */
export function argumentError(helper: string, problem: ArgumentProblem): TypeError {
  return new TypeError(`${helper}: ${argumentFinding(problem).message}`);
}
