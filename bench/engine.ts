/**
 * Engine bench: a mixed workload per bundled policy, decided by pledge, by Cedar (wasm) and by
 * json-rules-engine; all three (and the reference reading in ir.ts) must agree on allow/deny
 * for every flow before any timing counts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pocketo, polus, pomeg, validatePolicy, type Flow } from "../src/index.js";
import { cedarEngine } from "./cedar.js";
import { closures, compileRules, decide } from "./ir.js";
import { jreEngine } from "./jre.js";
import { allows, categoryOf, loadPledge } from "./pledge.js";
import { rate, rateAsync, type Rate } from "./timing.js";
import { generateWorkload, shapeVariants } from "./workload.js";

export interface EngineOptions {
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

/** What one child process measures: pledge, or the peers. */
export type EnginePart = "pledge" | "peers";

export interface PolicyEngineResult {
  readonly policy: string;
  readonly statements: number;
  /** Rules of the peers' encoding (ir.ts): one per may/must-not, two per only-if. */
  readonly rules: number;
  readonly flows: number;
  readonly mix: Record<string, number>;
  readonly missing: readonly string[];
  readonly allowed: number;
  /** pledge on the workload, repeated: after the first pass, results come from its shape cache. */
  readonly pledge: Rate;
  /** pledge on flows of distinct shapes, more than its shape cache holds: every check decides anew. */
  readonly pledgeCold: Rate;
  readonly coldFlows: number;
  /** Variants whose category differs from their base flow's (0, checked). */
  readonly coldMismatches: number;
  /** pledge's flows per second on the flows of one category alone (repeated). */
  readonly pledgeByCategory: Record<string, number>;
  /** The faster of the two Cedar encodings (the one the ratios use). */
  readonly cedar: Rate;
  readonly cedarMode: "entities" | "context";
  readonly cedarEntities: Rate;
  readonly cedarContext: Rate;
  readonly jre: Rate;
}

export interface EngineResults {
  readonly policies: PolicyEngineResult[];
  readonly disagreements: string[];
  /** Totals over all policies (harmonic means: the same number of flows per policy). */
  readonly total: { pledge: number; pledgeCold: number; cedar: number; jre: number };
}

/** One child's answer: its part of one policy's results, and the disagreements it found. */
export interface EngineChildResult {
  readonly result: Partial<PolicyEngineResult>;
  readonly disagreements: string[];
}

const BUNDLED = [pomeg, pocketo, polus];

/**
 * Runs each bundled policy's bench in child processes (pledge in one, the peers in another)
 * and gathers the results. Why: with every policy in one process, Node 20's V8 hit a fatal
 * deoptimizer error ("unreachable code" in DoComputeBuiltinContinuation) in about half the runs,
 * always on the second policy, when code optimised for the first met the second's closures.
 * A fresh process per part also keeps one engine's JIT state from colouring another's timings.
 */
export function benchEngine(options: EngineOptions): EngineResults {
  const policies: PolicyEngineResult[] = [];
  const disagreements: string[] = [];
  for (let index = 0; index < BUNDLED.length; index++) {
    const run = (part: EnginePart): EngineChildResult => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const child = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "run.ts"), "--engine-child", String(index), "--part", part, ...(options.quick ? ["--quick"] : [])], {
          encoding: "utf8",
          maxBuffer: 1 << 28,
          stdio: ["ignore", "pipe", "pipe"],
        });
        for (const line of (child.stderr ?? "").split("\n")) if (line.startsWith("  ")) options.log?.(line);
        if (child.status === 0) return JSON.parse(child.stdout) as EngineChildResult;
        const fatal = /unreachable code/.test(child.stderr ?? "") ? ", V8 fatal error: unreachable code in the deoptimizer" : "";
        options.log?.(`  ${BUNDLED[index]?.id} (${part}): child process failed (${child.signal ?? `exit ${child.status}`}${fatal}), attempt ${attempt} of 3\n${(child.stderr ?? "").slice(-2000)}`);
      }
      throw new Error(`the ${part} engine bench of ${BUNDLED[index]?.id} failed three times`);
    };
    const pledgePart = run("pledge");
    const peersPart = run("peers");
    policies.push({ ...peersPart.result, ...pledgePart.result } as PolicyEngineResult);
    disagreements.push(...new Set([...pledgePart.disagreements, ...peersPart.disagreements]));
  }
  const harmonic = (values: number[]) => values.length / values.reduce((sum, v) => sum + 1 / v, 0);
  return {
    policies,
    disagreements,
    total: {
      pledge: harmonic(policies.map((r) => r.pledge.perSecond)),
      pledgeCold: harmonic(policies.map((r) => r.pledgeCold.perSecond)),
      cedar: harmonic(policies.map((r) => r.cedar.perSecond)),
      jre: harmonic(policies.map((r) => r.jre.perSecond)),
    },
  };
}

/** The bench of bundled policy `index`, one part of it (in a child process of {@link benchEngine}). */
export async function benchEnginePart(index: number, part: EnginePart, options: EngineOptions): Promise<EngineChildResult> {
  const size = options.quick ? 200 : 1000;
  const minMs = options.quick ? 100 : 400;
  const peerMinMs = options.quick ? 100 : 300;
  const rounds = options.quick ? 3 : 5;
  const log = options.log ?? (() => {});
  const pledge = await loadPledge();
  const policy = BUNDLED[index];
  if (!policy) throw new Error(`no bundled policy at index ${index}`);
  const validation = validatePolicy(policy);
  if (!validation.ok) throw new Error(`policy ${policy.id} is invalid: ${validation.findings.map((f) => f.message).join("; ")}`);
  const parsed = validation.policy;
  const c = closures(validation.vocabulary);
  const rules = compileRules(parsed);
  const compiled = pledge.compilePolicy(parsed);
  const workload = generateWorkload(parsed, c, (flow: Flow) => categoryOf(pledge.checkFlow(compiled, flow)), size, 0x5eed + index);
  const flows = workload.flows;
  const cedar = cedarEngine(parsed, c, "entities");
  const cedarCtx = cedarEngine(parsed, c, "context");
  const jre = jreEngine(parsed, c);
  const requests = flows.map((flow) => cedar.request(flow));
  const ctxRequests = flows.map((flow) => cedarCtx.request(flow));
  const facts = flows.map((flow) => jre.facts(flow));

  // Agreement first: every flow, every engine (both processes check it; either may fail the run).
  const disagreements: string[] = [];
  let allowed = 0;
  const say = (allow: boolean) => (allow ? "allow" : "deny");
  for (const [i, flow] of flows.entries()) {
    const byPledge = allows(pledge.checkFlow(compiled, flow));
    const byCedar = cedar.decide(requests[i]!);
    const byCedarCtx = cedarCtx.decide(ctxRequests[i]!);
    const byJre = await jre.decide(facts[i]!);
    const byReference = decide(c, rules, flow);
    if (byPledge) allowed++;
    if (byPledge !== byCedar || byPledge !== byCedarCtx || byPledge !== byJre || byPledge !== byReference) {
      const terms = { action: flow.action, data: flow.data, recipient: flow.recipient, purposes: flow.purposes, conditions: flow.conditions, safeguards: flow.safeguards };
      disagreements.push(
        `${parsed.id} ${flow.id} [${workload.categories[i]}]: pledge=${say(byPledge)} cedar(entities)=${say(byCedar)} cedar(context)=${say(byCedarCtx)} json-rules-engine=${say(byJre)} reference=${say(byReference)}  ${JSON.stringify(terms)}`,
      );
    }
  }
  const common = { policy: parsed.id, statements: parsed.statements.length, rules: rules.length, flows: flows.length, mix: workload.mix, missing: workload.missing, allowed };
  let sink = 0;

  if (part === "pledge") {
    log(`  ${parsed.id}: ${flows.length} flows agree (${allowed} allowed); timing pledge…`);
    const pledgeRate = rate(() => {
      for (let i = 0; i < flows.length; i++) if (pledge.checkFlow(compiled, flows[i]!).verdict === "clear") sink++;
    }, flows.length, minMs, rounds);
    const pledgeByCategory: Record<string, number> = {};
    for (const category of Object.keys(workload.mix)) {
      const subset = flows.filter((_, i) => workload.categories[i] === category);
      pledgeByCategory[category] = rate(() => {
        for (let i = 0; i < subset.length; i++) if (pledge.checkFlow(compiled, subset[i]!).verdict === "clear") sink++;
      }, subset.length, minMs / 4, 3).perSecond;
    }
    // Distinct shapes: more variants than the shape cache holds (SHAPE_LIMIT), cycled, so that
    // every check misses the cache and decides the flow anew.
    const cold = shapeVariants(parsed, c, flows, options.quick ? 12_000 : 30_000, 0xc01d + index);
    const baseCategory = new Map(flows.map((f, i) => [f.id, workload.categories[i]]));
    const fresh = pledge.compilePolicy(parsed);
    let coldMismatches = 0;
    for (const v of cold) if (categoryOf(pledge.checkFlow(fresh, v)) !== baseCategory.get(v.id.replace(/-v\d+$/, ""))) coldMismatches++;
    const pledgeCold = rate(() => {
      for (let i = 0; i < cold.length; i++) if (pledge.checkFlow(compiled, cold[i]!).verdict === "clear") sink++;
    }, cold.length, minMs, rounds);
    if (sink === -1) console.log(sink);
    return { result: { ...common, pledge: pledgeRate, pledgeByCategory, pledgeCold, coldFlows: cold.length, coldMismatches }, disagreements };
  }

  log(`  ${parsed.id}: timing cedar-wasm and json-rules-engine…`);
  // Peers: a slice of the workload per pass keeps a pass short (the mix is shuffled, so a slice has it too).
  const slice = Math.min(flows.length, options.quick ? 50 : 200);
  const cedarRate = rate(() => {
    for (let i = 0; i < slice; i++) if (cedar.decide(requests[i]!)) sink++;
  }, slice, peerMinMs, rounds);
  const cedarCtxRate = rate(() => {
    for (let i = 0; i < slice; i++) if (cedarCtx.decide(ctxRequests[i]!)) sink++;
  }, slice, peerMinMs, rounds);
  const jreRate = await rateAsync(async () => {
    for (let i = 0; i < slice; i++) if (await jre.decide(facts[i]!)) sink++;
  }, slice, peerMinMs, rounds);
  if (sink === -1) console.log(sink);
  const entitiesFaster = cedarRate.perSecond >= cedarCtxRate.perSecond;
  return {
    result: { ...common, cedar: entitiesFaster ? cedarRate : cedarCtxRate, cedarMode: entitiesFaster ? "entities" : "context", cedarEntities: cedarRate, cedarContext: cedarCtxRate, jre: jreRate },
    disagreements,
  };
}

