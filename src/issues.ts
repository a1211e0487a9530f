import type { z } from "zod";
import type { Finding } from "./findings.js";

/**
 * Turns zod issues into `schema-invalid` findings. An unknown key points at the key itself
 * and names it, so that nothing the user wrote is silently dropped.
 *
 * @example
 * const result = z.strictObject({ a: z.string() }).safeParse({ a: "x", b: 1 });
 * !result.success && schemaFindings(result.error.issues)[0]?.message
 * //=> 'unknown key "b"'
 */
export function schemaFindings(issues: readonly z.core.$ZodIssue[]): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        findings.push({ code: "schema-invalid", severity: "error", message: `unknown key "${key}"`, path: [...path, key], rules: [] });
      }
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

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
