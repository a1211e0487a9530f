/** Timing helpers: warm up, then run whole passes until a minimum time has passed; median of rounds. */
import { performance } from "node:perf_hooks";

export interface Rate {
  /** Operations per second: the median of the rounds. */
  readonly perSecond: number;
  readonly rounds: readonly number[];
  readonly operations: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `pass` (which does `perPass` operations) for `rounds` rounds of at least `minMs` each. */
export function rate(pass: () => void, perPass: number, minMs: number, rounds = 5): Rate {
  const warm = performance.now();
  while (performance.now() - warm < Math.min(200, minMs)) pass();
  const results: number[] = [];
  let operations = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      pass();
      n += perPass;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    operations += n;
    results.push((n / elapsed) * 1000);
  }
  return { perSecond: median(results), rounds: results, operations };
}

export async function rateAsync(pass: () => Promise<void>, perPass: number, minMs: number, rounds = 5): Promise<Rate> {
  const warm = performance.now();
  while (performance.now() - warm < Math.min(200, minMs)) await pass();
  const results: number[] = [];
  let operations = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await pass();
      n += perPass;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    operations += n;
    results.push((n / elapsed) * 1000);
  }
  return { perSecond: median(results), rounds: results, operations };
}
