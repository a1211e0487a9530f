/** The engine loop `bench/profile.ts engine` profiles: the bench workload of every bundled policy. */
import { performance } from "node:perf_hooks";
import { pocketo, polus, pomeg, validatePolicy } from "../src/index.js";
import { closures } from "./ir.js";
import { categoryOf, loadPledge } from "./pledge.js";
import { generateWorkload, shapeVariants } from "./workload.js";

export async function benchEngineLoop(seconds: number): Promise<void> {
  const engine = await loadPledge();
  const sets = [pomeg, pocketo, polus].map((policy, index) => {
    const v = validatePolicy(policy);
    if (!v.ok) throw new Error(`${policy.id} is invalid`);
    const compiled = engine.compilePolicy(v.policy);
    const workload = generateWorkload(v.policy, closures(v.vocabulary), (flow) => categoryOf(engine.checkFlow(compiled, flow)), 1000, 0x5eed + index);
    // PLEDGE_PROFILE_CATEGORY=clear profiles one category alone
    const only = process.env.PLEDGE_PROFILE_CATEGORY;
    let flows = only ? workload.flows.filter((_, i) => workload.categories[i] === only) : workload.flows;
    // PLEDGE_PROFILE_DISTINCT=1 profiles distinct shapes (no shape-cache hits)
    if (process.env.PLEDGE_PROFILE_DISTINCT) flows = shapeVariants(v.policy, closures(v.vocabulary), flows, 30_000, 0xc01d + index);
    return { compiled, flows };
  });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    for (const { compiled, flows } of sets) for (const flow of flows) if (engine.checkFlow(compiled, flow).verdict === "clear") n++;
  }
  if (n < 0) console.log(n);
}
