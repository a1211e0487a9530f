/** pledge as its users get it (the build), and the allow/deny reading of its results. */
import type { Finding, Verdict } from "../src/index.js";
import type { Category } from "./workload.js";

/** The library's entry, typed from the source. */
export type Pledge = typeof import("../src/index.js");

/** Where the timed engine comes from: the published build. `npm run bench` builds first. */
export const ENGINE_SOURCE = "dist/index.js";

/** Loads `dist/index.js`; fails with a hint when it was not built. */
export async function loadPledge(): Promise<Pledge> {
  const path = `../${ENGINE_SOURCE}`;
  try {
    return (await import(path)) as Pledge;
  } catch (error) {
    throw new Error(`cannot load ${ENGINE_SOURCE}: run the bench with npm run bench (it builds first)`, { cause: error });
  }
}

export interface FlowResult {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

/**
 * allow = the verdict is `clear` or `vague` and no finding of the flow is an error.
 * (A `vague` verdict is a warning: the flow is disclosed, in broad terms.)
 */
export function allows(result: FlowResult): boolean {
  return (result.verdict === "clear" || result.verdict === "vague") && !result.findings.some((f) => f.severity === "error");
}

/** The workload category of a result: the verdict when it denies or is clean, else the first error finding. */
export function categoryOf(result: FlowResult): Category {
  if (result.verdict !== "clear" && result.verdict !== "vague") return result.verdict;
  const codes = new Set(result.findings.filter((f) => f.severity === "error").map((f) => f.code));
  if (codes.has("condition-unmet")) return "condition-unmet";
  if (codes.has("safeguard-missing")) return "safeguard-missing";
  if (codes.size > 0) return "other";
  return result.verdict;
}
