/**
 * Deadlines bench: `deadlinesFor` and `checkDeletionPlan` (from the build) calls per second on
 * each bundled policy, with events and plans generated from the policy's own retention rules:
 * plans on time, a day late and missing a rule, half of them with a concrete `triggeredAt`.
 */
import { pocketo, polus, pomeg, type DeletionPlan, type Policy } from "../src/index.js";
import { loadPledge } from "./pledge.js";
import { Random } from "./prng.js";
import { rate, type Rate } from "./timing.js";

export interface PolicyDeadlinesResult {
  readonly policy: string;
  readonly retentionRules: number;
  readonly events: number;
  readonly plans: number;
  /** Plans with a concrete `triggeredAt`; the rest are checked over every trigger date of a leap cycle when a delay has months or years. */
  readonly plansWithInstant: number;
  readonly plansWithFindings: number;
  readonly deadlinesFor: Rate;
  readonly checkDeletionPlan: Rate;
}

const addDay = (duration: string) => {
  // one day late: P30D -> P31D; PT0S -> P1D; P3M -> P3M1D
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(T.*)?$/.exec(duration);
  if (!m) return "P1D";
  const [, y, mo, w, d, t] = m;
  const days = Number(d ?? 0) + Number(w ?? 0) * 7 + 1;
  const time = t && t !== "T" && !/^T(0+[HMS])+$/.test(t) ? t : "";
  return `P${y ? `${y}Y` : ""}${mo ? `${mo}M` : ""}${days}D${time}`;
};

export function deletionPlans(policy: Policy, random: Random, count: number): DeletionPlan[] {
  const rules = policy.retention;
  const triggers = [...new Set(rules.map((r) => r.trigger))].sort();
  const plans: DeletionPlan[] = [];
  for (let i = 0; i < count && triggers.length > 0; i++) {
    const trigger = random.pick(triggers);
    const kind = random.pick(["on-time", "on-time", "late", "missing"] as const);
    const steps: DeletionPlan["steps"] = [];
    const own = rules.filter((r) => r.trigger === trigger);
    own.forEach((rule, j) => {
      if (kind === "missing" && j === 0) return;
      for (const store of rule.stores) steps.push({ data: [...rule.data], store, after: kind === "late" && j === 0 ? addDay(rule.maxDelay) : rule.maxDelay });
    });
    if (steps.length === 0) steps.push({ data: ["personal-data"], store: "primary", after: "P1D" });
    const withInstant = random.chance(0.5);
    plans.push({
      id: `plan-${i}`,
      trigger,
      ...(withInstant ? { triggeredAt: instant(random) } : {}),
      steps,
    });
  }
  return plans;
}

const instant = (random: Random) => new Date(Date.UTC(2024, 0, 1) + random.int(4 * 365 * 24) * 3_600_000).toISOString().replace(".000Z", "Z");

export async function benchDeadlines(options: { quick: boolean }): Promise<PolicyDeadlinesResult[]> {
  const module = await loadPledge();
  const minMs = options.quick ? 100 : 400;
  const results: PolicyDeadlinesResult[] = [];
  for (const [index, policy] of [pomeg, pocketo, polus].entries()) {
    const random = new Random(0xdead + index);
    const events = [...new Set(policy.retention.map((r) => r.trigger))].sort();
    if (events.length === 0) events.push("account-deletion-requested");
    const calls = Array.from({ length: 256 }, () => ({ event: random.pick(events), at: instant(random) }));
    const plans = deletionPlans(policy, random, 64);
    let sink = 0;
    const d = rate(() => {
      for (const call of calls) if (module.deadlinesFor(policy, call.event, call.at).ok) sink++;
    }, calls.length, minMs, options.quick ? 3 : 5);
    const p = plans.length
      ? rate(() => {
          for (const plan of plans) sink += module.checkDeletionPlan(policy, plan).findings.length;
        }, plans.length, minMs, options.quick ? 3 : 5)
      : { perSecond: 0, rounds: [], operations: 0 };
    if (sink === -1) console.log(sink);
    results.push({
      policy: policy.id,
      retentionRules: policy.retention.length,
      events: events.length,
      plans: plans.length,
      plansWithInstant: plans.filter((plan) => plan.triggeredAt !== undefined).length,
      plansWithFindings: plans.filter((plan) => module.checkDeletionPlan(policy, plan).findings.length > 0).length,
      deadlinesFor: d,
      checkDeletionPlan: p,
    });
  }
  return results;
}
