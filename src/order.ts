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
