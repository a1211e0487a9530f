import type { z } from "zod";
import type { Finding } from "./findings.js";

/**
 * Turns zod issues into `schema-invalid` findings, at most `limit` of them. An unknown key
 * points at the key itself and names it, so that nothing the user wrote is silently dropped.
 *
 * @example
 * const result = z.strictObject({ a: z.string() }).safeParse({ a: "x", b: 1 });
 * !result.success && schemaFindings(result.error.issues)[0]?.message
 * //=> 'unknown key "b"'
 */
export function schemaFindings(issues: readonly z.core.$ZodIssue[], limit = Number.POSITIVE_INFINITY): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    if (findings.length >= limit) break;
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    if (issue.code === "unrecognized_keys") {
      for (const finding of unknownKeyFindings(path, issue.keys, limit - findings.length)) findings.push(finding);
      continue;
    }
    const where = path.length > 0 ? `${path.join(".")}: ` : "";
    findings.push({ code: "schema-invalid", severity: "error", message: `${where}${describe(issue)}`, path, rules: [] });
  }
  return findings;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    return issue.input === undefined ? `missing required ${issue.expected}` : `expected ${issue.expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

/**
 * `schema-invalid` findings for keys the schema does not know, in the mapping at `path`, at most
 * `limit` of them.
 *
 * @example
 * unknownKeyFindings(["flows", 0], ["recipent"])[0]?.message //=> 'unknown key "recipent"'
 */
export function unknownKeyFindings(path: Finding["path"], keys: readonly string[], limit = Number.POSITIVE_INFINITY): Finding[] {
  return keys.slice(0, Math.max(0, limit)).map((key) => ({ code: "schema-invalid", severity: "error", message: unknownKey(key), path: [...path, key], rules: [], at: "key" }));
}

/** An unknown key; YAML's merge key gets the reason it is unknown. */
function unknownKey(key: string): string {
  if (key === "<<") return 'unknown key "<<": YAML merge keys are not part of YAML 1.2, which pledge reads; write the keys out (an alias may stand for a whole list or value)';
  return `unknown key "${key}"`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return "array";
  return typeof value;
}
