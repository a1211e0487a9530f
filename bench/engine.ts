/**
 * Engine bench: a mixed workload per bundled policy, decided by pledge, by Cedar (wasm) and by
 * json-rules-engine; all three must agree on allow/deny for every flow before timing counts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pocketo, polus, pomeg, validatePolicy, type Flow, type Policy } from "../src/index.js";
import { cedarEngine } from "./cedar.js";
import { closures, compileRules, decide } from "./ir.js";
import { jreEngine } from "./jre.js";
import { allows, categoryOf, engineSource, loadPledgeEngine } from "./pledge.js";
import { rate, rateAsync, type Rate } from "./timing.js";
import { generateWorkload, shapeVariants, type Category } from "./workload.js";

export interface EngineOptions {
  readonly quick: boolean;
  readonly log?: (line: string) => void;
  /** Extra policies (tests and development); the bundled three by default. */
  readonly policies?: readonly Policy[];
  /** Only the bundled policy at this index (for one child process). */
  readonly only?: number;
  /** Time only pledge or only the peers (for one child process). */
  readonly part?: "pledge" | "peers";
  /** Time each bundled policy in its own child process (see {@link benchEngineIsolated}). */
  readonly isolate?: boolean;
}

export interface PolicyEngineResult {
  readonly policy: string;
  readonly statements: number;
  readonly rules: number;
  readonly flows: number;
  readonly mix: Record<string, number>;
  readonly missing: readonly string[];
  readonly allowed: number;
  readonly truth: "pledge" | "reference";
  readonly engineSource: string;
  /** pledge on the workload, repeated: after the first pass, results come from its shape cache. */
  readonly pledge?: Rate;
  /** pledge on distinct flow shapes, more than its shape cache holds: every check decides anew. */
  readonly pledgeCold?: Rate;
  readonly coldFlows?: number;
  /** Variants whose category differs from their base flow's (should be 0). */
  readonly coldMismatches?: number;
  /** pledge's flows per second on the flows of one category alone. */
  readonly pledgeByCategory?: Record<string, number>;
  /** The faster of the two Cedar encodings (the one the ratio uses). */
  readonly cedar: Rate;
  readonly cedarMode: "entities" | "context";
  readonly cedarEntities: Rate;
  readonly cedarContext: Rate;
  readonly jre: Rate;
}

export interface EngineResults {
  readonly policies: PolicyEngineResult[];
  readonly disagreements: string[];
  /** Totals over all policies: flows / total time. */
  readonly total: { pledge?: number; pledgeCold?: number; cedar: number; jre: number };
}

const BUNDLED = [pomeg, pocketo, polus];

/**
 * Runs each bundled policy's engine bench in its own child process and gathers the results.
 * Why: with every policy in one process, Node 20's V8 hit a fatal deoptimizer error
 * ("unreachable code" in DoComputeBuiltinContinuation) in about half the runs, always on the
 * second policy, when code optimised for the first met the second's closures. A fresh process
 * per policy also keeps one engine's JIT state from colouring another's timings.
 */
export async function benchEngineIsolated(options: EngineOptions): Promise<EngineResults> {
  const policies: PolicyEngineResult[] = [];
  const disagreements: string[] = [];
  for (let index = 0; index < BUNDLED.length; index++) {
    const run = (part: "pledge" | "peers"): EngineResults => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const child = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "run.ts"), "--engine-child", String(index), "--part", part, ...(options.quick ? ["--quick"] : [])], {
          encoding: "utf8",
          maxBuffer: 1 << 28,
          stdio: ["ignore", "pipe", "pipe"],
        });
        if (child.status === 0) return JSON.parse(child.stdout) as EngineResults;
        const progress = (child.stderr ?? "").split("\n").filter((line) => line.startsWith("  ")).join("\n");
        options.log?.(`${progress}\n  ${BUNDLED[index]?.id} (${part}): child process failed (${child.signal ?? `exit ${child.status}`}${/unreachable code/.test(child.stderr ?? "") ? ", V8 fatal error: unreachable code in the deoptimizer" : ""}), attempt ${attempt} of 3`);
      }
      throw new Error(`the ${part} engine bench of ${BUNDLED[index]?.id} failed three times`);
    };
    const pledgePart = run("pledge");
    const peersPart = run("peers");
    const p = pledgePart.policies[0] as PolicyEngineResult;
    const q = peersPart.policies[0] as PolicyEngineResult;
    const parsed: EngineResults = {
      policies: [{ ...q, ...(p.pledge ? { pledge: p.pledge, pledgeCold: p.pledgeCold, pledgeByCategory: p.pledgeByCategory, coldFlows: p.coldFlows, coldMismatches: p.coldMismatches } : {}) } as PolicyEngineResult],
      disagreements: [...new Set([...pledgePart.disagreements, ...peersPart.disagreements])],
      total: pledgePart.total,
    };
    policies.push(...parsed.policies);
    disagreements.push(...parsed.disagreements);
  }
  return { policies, disagreements, total: totals(policies) };
}

function totals(results: readonly PolicyEngineResult[]): EngineResults["total"] {
  // The same number of flows per policy, so the total rate is the harmonic mean.
  const harmonic = (values: number[]) => values.length / values.reduce((sum, v) => sum + 1 / v, 0);
  const withPledge = results.every((r) => r.pledge !== undefined);
  return {
    ...(withPledge ? { pledge: harmonic(results.map((r) => r.pledge!.perSecond)), pledgeCold: harmonic(results.map((r) => r.pledgeCold!.perSecond)) } : {}),
    cedar: harmonic(results.map((r) => r.cedar.perSecond)),
    jre: harmonic(results.map((r) => r.jre.perSecond)),
  };
}

export async function benchEngine(options: EngineOptions): Promise<EngineResults> {
  if (options.isolate) return benchEngineIsolated(options);
  const size = options.quick ? 200 : 1000;
  const minMs = options.quick ? 100 : 400;
  const peerMinMs = options.quick ? 100 : 300;
  const rounds = options.quick ? 3 : 5;
  const engine = await loadPledgeEngine();
  const results: PolicyEngineResult[] = [];
  const disagreements: string[] = [];

  for (const [index, policy] of (options.policies ?? BUNDLED).entries()) {
    if (options.only !== undefined && options.only !== index) continue;
    const validation = validatePolicy(policy);
    if (!validation.ok) throw new Error(`policy ${policy.id} is invalid: ${validation.findings.map((f) => f.message).join("; ")}`);
    const parsed = validation.policy;
    const c = closures(validation.vocabulary);
    const rules = compileRules(parsed);
    const compiled = engine?.compilePolicy(parsed);
    const classify = (flow: Flow): Category => {
      if (engine) return categoryOf(engine.checkFlow(compiled, flow));
      // Before the engine exists: the intent (in the id) when the reference agrees with it.
      const intent = /-(clear|vague|omitted|incorrect|condition|safeguard)/.exec(flow.id)?.[1] ?? "other";
      const category = ({ condition: "condition-unmet", safeguard: "safeguard-missing" } as Record<string, Category>)[intent] ?? (intent as Category);
      const allowed = decide(c, rules, flow);
      return allowed === (category === "clear" || category === "vague") ? category : "other";
    };
    const workload = generateWorkload(parsed, c, classify, size, 0x5eed + index);
    const flows = workload.flows;
    const cedar = cedarEngine(parsed, c, "entities");
    const cedarCtx = cedarEngine(parsed, c, "context");
    const jre = jreEngine(parsed, c);
    const requests = flows.map((flow) => cedar.request(flow));
    const ctxRequests = flows.map((flow) => cedarCtx.request(flow));
    const facts = flows.map((flow) => jre.facts(flow));

    // Agreement first: every flow, every engine.
    let allowed = 0;
    for (const [i, flow] of flows.entries()) {
      const truth = engine ? allows(engine.checkFlow(compiled, flow)) : decide(c, rules, flow);
      const byCedar = cedar.decide(requests[i]!);
      const byCedarCtx = cedarCtx.decide(ctxRequests[i]!);
      const byJre = await jre.decide(facts[i]!);
      const byReference = decide(c, rules, flow);
      if (truth) allowed++;
      if (truth !== byCedar || truth !== byCedarCtx || truth !== byJre || truth !== byReference) {
        disagreements.push(
          `${parsed.id} ${flow.id} [${workload.categories[i]}]: pledge=${truth ? "allow" : "deny"} cedar(entities)=${byCedar ? "allow" : "deny"} cedar(context)=${byCedarCtx ? "allow" : "deny"} json-rules-engine=${byJre ? "allow" : "deny"} reference=${byReference ? "allow" : "deny"}  ${JSON.stringify({ action: flow.action, data: flow.data, recipient: flow.recipient, purposes: flow.purposes, conditions: flow.conditions, safeguards: flow.safeguards })}`,
        );
      }
    }

    const log = options.log ?? (() => {});
    log(`  ${parsed.id}: ${flows.length} flows agree (${allowed} allowed); timing pledge…`);
    let sink = 0;
    const timePledge = engine !== undefined && options.part !== "peers";
    const timePeers = options.part !== "pledge";
    const pledgeRate = timePledge
      ? rate(
          () => {
            for (let i = 0; i < flows.length; i++) if (engine.checkFlow(compiled, flows[i]!).verdict === "clear") sink++;
          },
          flows.length,
          minMs,
          rounds,
        )
      : undefined;
    const pledgeByCategory: Record<string, number> = {};
    if (engine && timePledge) {
      for (const category of Object.keys(workload.mix)) {
        const subset = flows.filter((_, i) => workload.categories[i] === category);
        pledgeByCategory[category] = rate(() => {
          for (let i = 0; i < subset.length; i++) if (engine.checkFlow(compiled, subset[i]!).verdict === "clear") sink++;
        }, subset.length, minMs / 4, 3).perSecond;
      }
    }
    let pledgeCold: Rate | undefined;
    let coldMismatches = 0;
    const coldCount = options.quick ? 12_000 : 30_000;
    const cold = shapeVariants(parsed, c, flows, coldCount, 0xc01d + index);
    if (engine && timePledge) {
      const baseCategory = new Map(flows.map((f, i) => [f.id, workload.categories[i]]));
      const fresh = engine.compilePolicy(parsed);
      for (const v of cold) if (categoryOf(engine.checkFlow(fresh, v)) !== baseCategory.get(v.id.replace(/-v\d+$/, ""))) coldMismatches++;
      pledgeCold = rate(() => {
        for (let i = 0; i < cold.length; i++) if (engine.checkFlow(compiled, cold[i]!).verdict === "clear") sink++;
      }, cold.length, minMs, rounds);
    }
    log(`  ${parsed.id}: timing cedar-wasm and json-rules-engine…`);
    // Peers: a slice of the workload per pass keeps a pass short.
    const slice = Math.min(flows.length, options.quick ? 50 : 200);
    if (process.env.PLEDGE_BENCH_DEBUG) log(`    cedar (entities)`);
    const none: Rate = { perSecond: NaN, rounds: [], operations: 0 };
    const cedarRate = !timePeers ? none : rate(() => {
      for (let i = 0; i < slice; i++) if (cedar.decide(requests[i]!)) sink++;
    }, slice, peerMinMs, rounds);
    if (process.env.PLEDGE_BENCH_DEBUG) log(`    cedar (context)`);
    const cedarCtxRate = !timePeers ? none : rate(() => {
      for (let i = 0; i < slice; i++) if (cedarCtx.decide(ctxRequests[i]!)) sink++;
    }, slice, peerMinMs, rounds);
    if (process.env.PLEDGE_BENCH_DEBUG) log(`    json-rules-engine`);
    const jreRate = !timePeers ? none : await rateAsync(async () => {
      for (let i = 0; i < slice; i++) if (await jre.decide(facts[i]!)) sink++;
    }, slice, peerMinMs, rounds);
    if (sink === -1) console.log(sink);

    results.push({
      policy: parsed.id,
      statements: parsed.statements.length,
      rules: rules.length,
      flows: flows.length,
      mix: workload.mix,
      missing: workload.missing,
      allowed,
      truth: engine ? "pledge" : "reference",
      ...(pledgeRate && pledgeCold ? { pledge: pledgeRate, pledgeByCategory, pledgeCold, coldFlows: cold.length, coldMismatches } : {}),
      engineSource,
      cedar: cedarRate.perSecond >= cedarCtxRate.perSecond ? cedarRate : cedarCtxRate,
      cedarMode: cedarRate.perSecond >= cedarCtxRate.perSecond ? "entities" : "context",
      cedarEntities: cedarRate,
      cedarContext: cedarCtxRate,
      jre: jreRate,
    });
  }
  const total = totals(results);
  return { policies: results, disagreements, total };
}
