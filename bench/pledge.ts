/** pledge's own engine, as the bench drives it, and the allow/deny reading of its results. */
import type { Finding, Flow, Policy, Verdict } from "../src/index.js";
import type { Category } from "./workload.js";

export interface FlowResult {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

export interface PledgeEngine {
  compilePolicy(policy: Policy): unknown;
  checkFlow(compiled: unknown, flow: Flow): FlowResult;
}

/**
 * Loads the engine from the published build (`dist/index.js`, what users run; `npm run bench`
 * builds first), else from `src/engine/index.ts` under tsx; `undefined` before the engine lands.
 */
export async function loadPledgeEngine(): Promise<PledgeEngine | undefined> {
  for (const path of ["../dist/index.js", "../src/engine/index.js"]) {
    try {
      const module = (await import(path)) as Partial<PledgeEngine>;
      if (typeof module.compilePolicy === "function" && typeof module.checkFlow === "function") {
        engineSource = path.includes("dist") ? "dist/index.js" : "src/engine (tsx)";
        return module as PledgeEngine;
      }
    } catch (error) {
      if (process.env.PLEDGE_BENCH_DEBUG) console.error(error);
    }
  }
  return undefined;
}

/** Where the engine was loaded from. */
export let engineSource = "none";

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
