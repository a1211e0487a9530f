/**
 * Engine bench: per bundled policy, a mixed workload decided by pledge, by Cedar (wasm) and by
 * json-rules-engine; all three (and the reference reading in ir.ts) must agree on allow/deny
 * for every flow before any timing counts. Then, in alternated rounds (every measurement once
 * per round, in an order rotated from round to round, so that each sees the same machine):
 *
 * - realistic: the workload's flows again and again, one compiled policy for every round
 *   (after the first pass, shapes seen before);
 * - cold: flows whose term sets are all distinct (and none the workload's), a freshly compiled
 *   policy for each pass, so that no result can come from what an earlier check left behind;
 * - batch: a Zipf-repeated stream of the workload's flows, a fresh `createGuard` per 1,000
 *   flows (a short-lived process, or one manifest): flows per second with and without the
 *   guard's own cost;
 * - the peers on a slice of the realistic flows and on a slice of the cold flows.
 *
 * Figures are medians over the rounds; ratios are medians of the per-round ratios.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pocketo, polus, pomeg, validatePolicy, type Flow, type Policy } from "../src/index.js";
import type { StatefulAuthorizationCall } from "@cedar-policy/cedar-wasm/nodejs";
import { cedarEngine, type CedarEngine } from "./cedar.js";
import { closures, compileRules, decide } from "./ir.js";
import { jreEngine } from "./jre.js";
import { allows, categoryOf, loadPledge } from "./pledge.js";
import { median, rate, type Rate } from "./timing.js";
import { generateWorkload, shapeVariants, zipfStream } from "./workload.js";

export interface EngineOptions {
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

/** pledge ÷ a peer, per workload: medians of the per-round ratios. */
export interface EngineRatios {
  readonly realisticCedar: number;
  readonly realisticJre: number;
  readonly coldCedar: number;
  readonly coldJre: number;
}

export interface PolicyEngineResult {
  readonly policy: string;
  readonly statements: number;
  /** Rules of the peers' encoding (ir.ts): one per may/must-not, two per only-if. */
  readonly rules: number;
  readonly flows: number;
  readonly mix: Record<string, number>;
  readonly missing: readonly string[];
  readonly allowed: number;
  readonly rounds: number;
  /** pledge on the workload, repeated: after the first pass, results for shapes seen before. */
  readonly pledge: Rate;
  /** pledge on flows of distinct term sets, a freshly compiled policy per pass: every check decides anew. */
  readonly pledgeCold: Rate;
  readonly coldFlows: number;
  /** Cold flows whose category differs from their base flow's (0, checked). */
  readonly coldMismatches: number;
  /** pledge on a Zipf stream of the workload, a fresh guard per 1,000 flows: checks only. */
  readonly pledgeBatch: Rate;
  /** The same, counting each batch's `createGuard`. */
  readonly pledgeBatchWithGuard: Rate;
  readonly streamFlows: number;
  /** Share of the stream's checks that are a batch's first sighting of a term set. */
  readonly firstSightings: number;
  /** pledge's flows per second on the flows of one category alone (repeated). */
  readonly pledgeByCategory: Record<string, number>;
  /** The faster of the two Cedar encodings on the realistic slice (the one the ratios use). */
  readonly cedar: Rate;
  readonly cedarMode: "entities" | "context";
  readonly cedarEntities: Rate;
  readonly cedarContext: Rate;
  readonly jre: Rate;
  /** The peers on a slice of the cold flows (they have no cache: the same work, other flows). */
  readonly cedarCold: Rate;
  readonly jreCold: Rate;
  readonly ratios: EngineRatios;
}

export interface EngineResults {
  readonly policies: PolicyEngineResult[];
  readonly disagreements: string[];
  /** Totals over all policies (harmonic means of the medians: the same number of flows per policy). */
  readonly total: { pledge: number; pledgeCold: number; pledgeBatch: number; pledgeBatchWithGuard: number; cedar: number; cedarCold: number; jre: number; jreCold: number };
  /** Medians over the policies of their ratios. */
  readonly ratios: EngineRatios;
}

const BUNDLED = [pomeg, pocketo, polus];

/**
 * Runs each bundled policy's bench in a child process and gathers the results. A fresh
 * process per policy keeps one policy's JIT state from colouring another's timings.
 *
 * The child runs with `--no-turbo-inline-js-wasm-calls`: with cedar-wasm in the process, V8 in
 * Node 20 aborts ("unreachable code" in `Deoptimizer::DoComputeBuiltinContinuation`) when
 * optimised code that inlined a JS→Wasm call is deoptimised (traced to Cedar's calls by the
 * outside review, ../shared/reviews/performance-1.md). The flag touches only calls into Wasm,
 * which pledge never makes. A child that still fails is tried again, up to three times.
 */
export function benchEngine(options: EngineOptions): EngineResults {
  const policies: PolicyEngineResult[] = [];
  const disagreements: string[] = [];
  for (let index = 0; index < BUNDLED.length; index++) {
    let result: EngineChildResult | undefined;
    for (let attempt = 1; attempt <= 3 && !result; attempt++) {
      const args = ["--no-turbo-inline-js-wasm-calls", "--import", "tsx", join(import.meta.dirname, "run.ts"), "--engine-child", String(index), ...(options.quick ? ["--quick"] : [])];
      const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] });
      for (const line of (child.stderr ?? "").split("\n")) if (line.startsWith("  ")) options.log?.(line);
      if (child.status === 0) result = JSON.parse(child.stdout) as EngineChildResult;
      else options.log?.(`  ${BUNDLED[index]?.id}: child process failed (${child.signal ?? `exit ${child.status}`}), attempt ${attempt} of 3\n${(child.stderr ?? "").slice(-2000)}`);
    }
    if (!result) throw new Error(`the engine bench of ${BUNDLED[index]?.id} failed three times`);
    policies.push(result.result);
    disagreements.push(...result.disagreements);
  }
  const harmonic = (pick: (r: PolicyEngineResult) => Rate) => policies.length / policies.reduce((sum, r) => sum + 1 / pick(r).perSecond, 0);
  const ratio = (pick: (r: EngineRatios) => number) => median(policies.map((p) => pick(p.ratios)));
  return {
    policies,
    disagreements,
    total: {
      pledge: harmonic((r) => r.pledge),
      pledgeCold: harmonic((r) => r.pledgeCold),
      pledgeBatch: harmonic((r) => r.pledgeBatch),
      pledgeBatchWithGuard: harmonic((r) => r.pledgeBatchWithGuard),
      cedar: harmonic((r) => r.cedar),
      cedarCold: harmonic((r) => r.cedarCold),
      jre: harmonic((r) => r.jre),
      jreCold: harmonic((r) => r.jreCold),
    },
    ratios: { realisticCedar: ratio((r) => r.realisticCedar), realisticJre: ratio((r) => r.realisticJre), coldCedar: ratio((r) => r.coldCedar), coldJre: ratio((r) => r.coldJre) },
  };
}

/** One child's answer: one policy's results, and the disagreements it found. */
export interface EngineChildResult {
  readonly result: PolicyEngineResult;
  readonly disagreements: string[];
}

/** Operations per second of one timed stretch. */
interface Timing {
  operations: number;
  ms: number;
}
const perSecond = (t: Timing) => (t.operations / t.ms) * 1000;
const rateOf = (rounds: number[], operations: number): Rate => ({ perSecond: median(rounds), rounds, operations });

/** The bench of bundled policy `index` (in a child process of {@link benchEngine}). */
export async function benchEnginePart(index: number, options: EngineOptions): Promise<EngineChildResult> {
  const size = options.quick ? 200 : 1000;
  const minMs = options.quick ? 100 : 400;
  const peerMinMs = options.quick ? 100 : 300;
  const rounds = options.quick ? 3 : 5;
  const coldCount = options.quick ? 5_000 : 20_000;
  const streamCount = options.quick ? 10_000 : 50_000;
  const batchSize = 1_000;
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
  const cold = shapeVariants(parsed, c, flows, coldCount, 0xc01d + index);
  const stream = zipfStream(flows, streamCount, 1.1, 0x2197 + index);
  const slice = Math.min(flows.length, options.quick ? 50 : 200);
  const coldSlice = cold.slice(0, slice);
  const cedar = cedarEngine(parsed, c, "entities");
  const cedarCtx = cedarEngine(parsed, c, "context");
  const jre = jreEngine(parsed, c);
  const peerInputs = (list: readonly Flow[]) => ({ entities: list.map((f) => cedar.request(f)), context: list.map((f) => cedarCtx.request(f)), facts: list.map((f) => jre.facts(f)) });
  const realIn = peerInputs(flows.slice(0, slice));
  const coldIn = peerInputs(coldSlice);

  // Agreement first: the workload and the peers' cold slice, every engine.
  const disagreements: string[] = [];
  let allowed = 0;
  const say = (allow: boolean) => (allow ? "allow" : "deny");
  const agree = async (list: readonly Flow[], label: (i: number) => string) => {
    for (const [i, flow] of list.entries()) {
      const byPledge = allows(pledge.checkFlow(compiled, flow));
      const byCedar = cedar.decide(cedar.request(flow));
      const byCedarCtx = cedarCtx.decide(cedarCtx.request(flow));
      const byJre = await jre.decide(jre.facts(flow));
      const byReference = decide(c, rules, flow);
      if (list === flows && byPledge) allowed++;
      if (byPledge !== byCedar || byPledge !== byCedarCtx || byPledge !== byJre || byPledge !== byReference) {
        const terms = { action: flow.action, data: flow.data, recipient: flow.recipient, purposes: flow.purposes, conditions: flow.conditions, safeguards: flow.safeguards };
        disagreements.push(`${parsed.id} ${flow.id} [${label(i)}]: pledge=${say(byPledge)} cedar(entities)=${say(byCedar)} cedar(context)=${say(byCedarCtx)} json-rules-engine=${say(byJre)} reference=${say(byReference)}  ${JSON.stringify(terms)}`);
      }
    }
  };
  await agree(flows, (i) => String(workload.categories[i]));
  await agree(coldSlice, () => "cold");
  const baseCategory = new Map(flows.map((f, i) => [f.id, workload.categories[i]]));
  let coldMismatches = 0;
  const fresh = pledge.compilePolicy(parsed);
  for (const v of cold) if (categoryOf(pledge.checkFlow(fresh, v)) !== baseCategory.get(v.id.replace(/-v\d+$/, ""))) coldMismatches++;
  log(`  ${parsed.id}: ${flows.length} flows and ${coldSlice.length} cold flows agree (${allowed} allowed); ${cold.length} cold flows, ${stream.length} in the stream; ${rounds} alternated rounds…`);

  let sink = 0;
  const timeFor = (minimum: number, pass: () => number): Timing => {
    let operations = 0;
    const start = performance.now();
    let ms = 0;
    do {
      operations += pass();
      ms = performance.now() - start;
    } while (ms < minimum);
    return { operations, ms };
  };
  const timeAsync = async (minimum: number, pass: () => Promise<number>): Promise<Timing> => {
    let operations = 0;
    const start = performance.now();
    let ms = 0;
    do {
      operations += await pass();
      ms = performance.now() - start;
    } while (ms < minimum);
    return { operations, ms };
  };
  const realistic = () =>
    timeFor(minMs, () => {
      for (let i = 0; i < flows.length; i++) if (pledge.checkFlow(compiled, flows[i]!).verdict === "clear") sink++;
      return flows.length;
    });
  // Only the checks are timed: the compile of each pass's fresh policy is not.
  const coldPasses = (): Timing => {
    const total: Timing = { operations: 0, ms: 0 };
    do {
      const policyNow = pledge.compilePolicy(parsed);
      const start = performance.now();
      for (let i = 0; i < cold.length; i++) if (pledge.checkFlow(policyNow, cold[i]!).verdict === "clear") sink++;
      total.ms += performance.now() - start;
      total.operations += cold.length;
    } while (total.ms < minMs);
    return total;
  };
  const batches = (): { checks: Timing; withGuard: Timing } => {
    let checkMs = 0;
    let guardMs = 0;
    for (let from = 0; from < stream.length; from += batchSize) {
      const t0 = performance.now();
      const guard = pledge.createGuard(policy as Policy);
      const t1 = performance.now();
      const end = Math.min(stream.length, from + batchSize);
      for (let i = from; i < end; i++) if (guard.check(stream[i]!).verdict === "clear") sink++;
      const t2 = performance.now();
      guardMs += t1 - t0;
      checkMs += t2 - t1;
    }
    return { checks: { operations: stream.length, ms: checkMs }, withGuard: { operations: stream.length, ms: checkMs + guardMs } };
  };
  const peer = (requests: readonly StatefulAuthorizationCall[][], engine: CedarEngine) =>
    timeFor(peerMinMs, () => {
      for (let i = 0; i < requests.length; i++) if (engine.decide(requests[i]!)) sink++;
      return requests.length;
    });
  const jrePass = (facts: readonly Record<string, unknown>[][]) =>
    timeAsync(peerMinMs, async () => {
      for (let i = 0; i < facts.length; i++) if (await jre.decide(facts[i]!)) sink++;
      return facts.length;
    });

  const names = ["pledge", "pledgeCold", "pledgeBatch", "cedarEntities", "cedarContext", "jre", "cedarEntitiesCold", "cedarContextCold", "jreCold"] as const;
  type Name = (typeof names)[number] | "pledgeBatchWithGuard";
  const measure: Record<(typeof names)[number], () => Promise<Partial<Record<Name, Timing>>>> = {
    pledge: async () => ({ pledge: realistic() }),
    pledgeCold: async () => ({ pledgeCold: coldPasses() }),
    pledgeBatch: async () => {
      const b = batches();
      return { pledgeBatch: b.checks, pledgeBatchWithGuard: b.withGuard };
    },
    cedarEntities: async () => ({ cedarEntities: peer(realIn.entities, cedar) }),
    cedarContext: async () => ({ cedarContext: peer(realIn.context, cedarCtx) }),
    jre: async () => ({ jre: await jrePass(realIn.facts) }),
    cedarEntitiesCold: async () => ({ cedarEntitiesCold: peer(coldIn.entities, cedar) }),
    cedarContextCold: async () => ({ cedarContextCold: peer(coldIn.context, cedarCtx) }),
    jreCold: async () => ({ jreCold: await jrePass(coldIn.facts) }),
  };
  // A warm-up round, not counted; then the rounds, each in an order rotated by one.
  for (const name of names) await measure[name]();
  const per: Record<Name, number[]> = { pledge: [], pledgeCold: [], pledgeBatch: [], pledgeBatchWithGuard: [], cedarEntities: [], cedarContext: [], jre: [], cedarEntitiesCold: [], cedarContextCold: [], jreCold: [] };
  const operations: Partial<Record<Name, number>> = {};
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!;
      for (const [key, timing] of Object.entries(await measure[name]()) as [Name, Timing][]) {
        per[key].push(perSecond(timing));
        operations[key] = (operations[key] ?? 0) + timing.operations;
      }
    }
  }
  const result = (name: Name) => rateOf(per[name], operations[name] ?? 0);
  const ratioOf = (mine: number[], theirs: number[]) => median(mine.map((x, i) => x / theirs[i]!));
  // The ratios take the faster Cedar encoding of the policy (by its median).
  const entitiesFaster = median(per.cedarEntities) >= median(per.cedarContext);
  const cedarRounds = entitiesFaster ? per.cedarEntities : per.cedarContext;
  const cedarColdRounds = median(per.cedarEntitiesCold) >= median(per.cedarContextCold) ? per.cedarEntitiesCold : per.cedarContextCold;

  // Shapes per category (realistic, each category alone): not alternated, a quick look.
  const pledgeByCategory: Record<string, number> = {};
  for (const category of Object.keys(workload.mix)) {
    const subset = flows.filter((_, i) => workload.categories[i] === category);
    pledgeByCategory[category] = rate(() => {
      for (let i = 0; i < subset.length; i++) if (pledge.checkFlow(compiled, subset[i]!).verdict === "clear") sink++;
    }, subset.length, minMs / 4, 3).perSecond;
  }
  let firsts = 0;
  for (let from = 0; from < stream.length; from += batchSize) {
    const seen = new Set<string>();
    for (const f of stream.slice(from, from + batchSize)) {
      const key = f.id.replace(/-d\d+$/, "");
      if (!seen.has(key)) firsts++;
      seen.add(key);
    }
  }
  if (sink === -1) console.log(sink);

  return {
    result: {
      policy: parsed.id,
      statements: parsed.statements.length,
      rules: rules.length,
      flows: flows.length,
      mix: workload.mix,
      missing: workload.missing,
      allowed,
      rounds,
      pledge: result("pledge"),
      pledgeCold: result("pledgeCold"),
      coldFlows: cold.length,
      coldMismatches,
      pledgeBatch: result("pledgeBatch"),
      pledgeBatchWithGuard: result("pledgeBatchWithGuard"),
      streamFlows: stream.length,
      firstSightings: firsts / stream.length,
      pledgeByCategory,
      cedar: entitiesFaster ? result("cedarEntities") : result("cedarContext"),
      cedarMode: entitiesFaster ? "entities" : "context",
      cedarEntities: result("cedarEntities"),
      cedarContext: result("cedarContext"),
      jre: result("jre"),
      cedarCold: cedarColdRounds === per.cedarEntitiesCold ? result("cedarEntitiesCold") : result("cedarContextCold"),
      jreCold: result("jreCold"),
      ratios: {
        realisticCedar: ratioOf(per.pledge, cedarRounds),
        realisticJre: ratioOf(per.pledge, per.jre),
        coldCedar: ratioOf(per.pledgeCold, cedarColdRounds),
        coldJre: ratioOf(per.pledgeCold, per.jreCold),
      },
    },
    disagreements,
  };
}
