import type { DocumentPath, Finding } from "../findings.js";
import { compareText } from "../order.js";

/**
 * Sorts findings by path (numbers numerically), then code, then message, so output is stable.
 *
 * @example
 * sortByPath([{ path: ["steps", 10], … }, { path: ["steps", 2], … }]).map((f) => f.path[1]) //=> [2, 10]
 */
export function sortByPath<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort((a, b) => comparePaths(a.path, b.path) || compareText(a.code, b.code) || compareText(a.message, b.message));
}

function comparePaths(a: DocumentPath, b: DocumentPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareText(String(x), String(y));
  }
  return a.length - b.length;
}
