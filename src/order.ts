import type { DocumentPath, Finding } from "./findings.js";

/**
 * Compares strings by UTF-16 code units, the same on every machine and locale
 * (unlike `localeCompare`). Use it for every sort whose order reaches output.
 *
 * @example
 * ["b", "a", "B"].sort(compareText) //=> ["B", "a", "b"]
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares document paths: segment by segment, numbers numerically, keys by code unit.
 *
 * @example
 * comparePaths(["flows", 2], ["flows", 10]) //=> -8
 */
export function comparePaths(a: DocumentPath, b: DocumentPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareText(String(x), String(y));
  }
  return a.length - b.length;
}

/**
 * Orders findings by document path (numbers numerically), then code, then message.
 *
 * @example
 * findings.sort(compareFindings)
 */
export function compareFindings(a: Finding, b: Finding): number {
  return comparePaths(a.path, b.path) || compareText(a.code, b.code) || compareText(a.message, b.message);
}

/**
 * Sorts findings by {@link compareFindings} into a new array, so output is the same on every run.
 *
 * @example
 * sortFindings([{ path: ["flows", 10], … }, { path: ["flows", 2], … }]).map((f) => f.path[1]) //=> [2, 10]
 */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(compareFindings);
}
