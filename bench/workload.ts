/**
 * Deterministic flow workloads generated from a policy's own statements and vocabulary.
 * Candidates are generated per intended category, classified by pledge itself, and sampled
 * to the proportions of {@link MIX}; the realised mix is reported next to the timings.
 */
import type { Flow, Policy, TermKind } from "../src/index.js";
import { compileRules, flowFacts, ruleMatches, type Closures, type Rule } from "./ir.js";
import { Random } from "./prng.js";

export const CATEGORIES = ["clear", "vague", "omitted", "incorrect", "condition-unmet", "safeguard-missing"] as const;
export type Category = (typeof CATEGORIES)[number] | "ambiguous" | "other";

/**
 * Target share of each category in the workload: mostly flows a policy allows (clear 45 %,
 * vague 20 %), as in an application that mostly keeps its policy, and every kind of finding
 * (omitted, incorrect, a missing condition, a missing safeguard). A share a policy cannot
 * produce goes to `clear` (polus has no safeguard requirement).
 */
export const MIX: Record<(typeof CATEGORIES)[number], number> = {
  clear: 0.45,
  vague: 0.2,
  omitted: 0.1,
  incorrect: 0.1,
  "condition-unmet": 0.1,
  "safeguard-missing": 0.05,
};

/** Classifies a flow: the category pledge really gives it. */
export type Classifier = (flow: Flow) => Category;

type Intent = (typeof CATEGORIES)[number];

export interface Workload {
  readonly flows: Flow[];
  readonly categories: Category[];
  /** How many flows of each category the workload holds. */
  readonly mix: Record<string, number>;
  /** Categories the policy could not produce (their share went to `clear`, or the first category that exists). */
  readonly missing: string[];
}

export function generateWorkload(policy: Policy, c: Closures, classify: Classifier, size: number, seed: number): Workload {
  const random = new Random(seed);
  const rules = compileRules(policy);
  const permits = policy.statements.filter((s) => s.modality === "may" || s.modality === "only-if");
  const mustNots = policy.statements.filter((s) => s.modality === "must-not");
  const strictlyBelow = (kind: TermKind, id: string) => c.down(kind, id).filter((x) => x !== id);
  const allPurposes = c.ids("purpose");
  let counter = 0;

  // What a careful developer declares: the requirements of every statement covering the flow
  // (a permission's, and a requirement's; not a restriction's exception).
  const requirementsOf = (flow: Flow): { conditions: string[]; safeguards: string[] } => {
    const f = flowFacts(c, { ...flow, conditions: [], safeguards: [] });
    const conditions = new Set<string>();
    const safeguards = new Set<string>();
    for (const rule of rules as Rule[]) {
      const requirements = rule.when ?? (rule.purposeTest === "all-covered" ? rule.unless : undefined);
      if (!requirements) continue;
      const bare: Rule = { ...rule, when: undefined, unless: undefined };
      if (!flow.data.some((_, i) => ruleMatches(c, bare, flow, f, i))) continue;
      requirements.conditions.forEach((x) => conditions.add(x));
      requirements.safeguards.forEach((x) => safeguards.add(x));
    }
    return { conditions: [...conditions].sort(), safeguards: [...safeguards].sort() };
  };
  const flow = (intent: string, parts: Pick<Flow, "action" | "data" | "recipient" | "purposes">, withRequirements: boolean): Flow => {
    const id = `${policy.id}-${intent}-${counter++}`;
    const bare: Flow = { id, description: `${intent} flow ${id}`, ...parts, conditions: [], safeguards: [] };
    return withRequirements ? { ...bare, ...requirementsOf(bare) } : bare;
  };
  const named = (s: Policy["statements"][number]) => ({
    action: random.pick(s.actions),
    data: random.subset(s.data),
    // A restriction naming no recipient binds every recipient.
    recipient: random.pick(s.recipients.length > 0 ? s.recipients : c.ids("recipient")),
    purposes: s.purposes.length > 0 ? random.subset(s.purposes, 2) : [random.pick(allPurposes)],
  });
  const lower = (kind: TermKind, id: string) => {
    const below = strictlyBelow(kind, id);
    return below.length > 0 ? random.pick(below) : id;
  };

  const make: Record<Intent, () => Flow | undefined> = {
    clear: () => (permits.length ? flow("clear", named(random.pick(permits)), true) : undefined),
    vague: () => {
      if (!permits.length) return undefined;
      const p = named(random.pick(permits));
      return flow("vague", { action: lower("action", p.action), data: p.data.map((d) => lower("data", d)), recipient: lower("recipient", p.recipient), purposes: p.purposes.map((x) => lower("purpose", x)) }, true);
    },
    omitted: () =>
      flow("omitted", { action: random.pick(c.ids("action")), data: random.subset(c.ids("data"), 2), recipient: random.pick(c.ids("recipient")), purposes: [random.pick(allPurposes)] }, false),
    incorrect: () => {
      if (!mustNots.length) return undefined;
      const s = random.pick(mustNots);
      const p = named(s);
      return flow("incorrect", { action: lower("action", p.action), data: p.data.map((d) => lower("data", d)), recipient: lower("recipient", p.recipient), purposes: p.purposes }, true);
    },
    "condition-unmet": () => {
      const f = make.clear();
      if (!f || f.conditions.length === 0) return undefined;
      return { ...f, id: f.id.replace("clear", "condition"), conditions: f.conditions.filter((_, i) => i !== random.int(f.conditions.length)) };
    },
    "safeguard-missing": () => {
      const f = make.clear();
      if (!f || f.safeguards.length === 0) return undefined;
      return { ...f, id: f.id.replace("clear", "safeguard"), safeguards: f.safeguards.filter((_, i) => i !== random.int(f.safeguards.length)) };
    },
  };

  // Candidates, bucketed by the category pledge actually gives them.
  const buckets = new Map<Category, Flow[]>();
  const attempts = size * 4;
  for (const intent of CATEGORIES) {
    let misses = 0;
    for (let i = 0; i < attempts * MIX[intent] + 50 && misses < 200; i++) {
      const candidate = make[intent]();
      if (!candidate) {
        misses++;
        continue;
      }
      const category = classify(candidate);
      const list = buckets.get(category) ?? [];
      list.push(candidate);
      buckets.set(category, list);
    }
  }

  // Sample to the mix; the share of a category the policy cannot produce goes to `clear`
  // (or, when even that is impossible, to the first category that exists).
  const flows: Flow[] = [];
  const categories: Category[] = [];
  const order: Category[] = [...CATEGORIES, "ambiguous", "other"];
  const available = (category: Category) => (buckets.get(category) ?? []).length > 0;
  const missing = CATEGORIES.filter((category) => !available(category));
  const want = new Map<Category, number>(CATEGORIES.map((category) => [category, available(category) ? Math.round(size * MIX[category]) : 0]));
  const owed = size - [...want.values()].reduce((a, b) => a + b, 0);
  const heir = available("clear") ? "clear" : order.find(available);
  if (heir) want.set(heir, (want.get(heir) ?? 0) + owed);
  for (const category of order) {
    const pool = buckets.get(category) ?? [];
    const n = want.get(category) ?? 0;
    for (let i = 0; i < n && pool.length > 0; i++) {
      flows.push(pool[i % pool.length] as Flow);
      categories.push(category);
    }
  }
  // Anything still owed (the last categories were empty) is filled from whatever exists, in order.
  const nonEmpty = order.filter((category) => (buckets.get(category) ?? []).length > 0);
  for (let i = 0; flows.length < size && nonEmpty.length > 0; i++) {
    const category = nonEmpty[i % nonEmpty.length] as Category;
    const pool = buckets.get(category) as Flow[];
    flows.push(pool[i % pool.length] as Flow);
    categories.push(category);
  }
  flows.length = Math.min(flows.length, size);
  categories.length = flows.length;
  // Interleave deterministically so that branch predictors see a mix, not runs.
  const index = flows.map((_, i) => i);
  for (let i = index.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [index[i], index[j]] = [index[j] as number, index[i] as number];
  }
  const mix: Record<string, number> = {};
  for (const category of categories) mix[category] = (mix[category] ?? 0) + 1;
  return { flows: index.map((i) => flows[i] as Flow), categories: index.map((i) => categories[i] as Category), mix, missing };
}

/** A flow's terms as a set: the same key whatever the order of its lists. */
export function termSetKey(f: Flow): string {
  const sorted = (list: readonly string[]) => [...list].sort();
  return JSON.stringify([f.action, f.recipient, sorted(f.data), sorted(f.purposes), sorted(f.conditions), sorted(f.safeguards)]);
}

/**
 * Variants of a workload's flows whose term sets are all distinct, and none the set of a flow
 * of the workload: checked against a freshly compiled policy, no variant can be answered from
 * what an earlier check left behind. Each variant declares extra conditions and safeguards that
 * no statement requires (nor anything above them), and lists its data, conditions and
 * safeguards in another order: the decision is the base flow's (checked by the bench).
 * Returns fewer than `count` when the policy's terms allow no more (attempts stop at 20×).
 */
export function shapeVariants(policy: Policy, c: Closures, base: readonly Flow[], count: number, seed: number): Flow[] {
  const random = new Random(seed);
  const required = (kind: "condition" | "safeguard") => policy.statements.flatMap((s) => (kind === "condition" ? s.conditions : s.safeguards));
  const inert = (kind: "condition" | "safeguard") => c.ids(kind).filter((id) => !required(kind).some((r) => c.isBelow(kind, id, r)));
  const extraConditions = inert("condition");
  const extraSafeguards = inert("safeguard");
  const seen = new Set<string>(base.map(termSetKey));
  const out: Flow[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
    const f = base[attempt % base.length] as Flow;
    const shuffle = (list: readonly string[]) => {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
      }
      return copy;
    };
    const data = shuffle(f.data);
    const conditions = shuffle([...new Set([...f.conditions, ...extraConditions.filter(() => random.chance(0.3))])]);
    const safeguards = shuffle([...new Set([...f.safeguards, ...extraSafeguards.filter(() => random.chance(0.3))])]);
    const variant: Flow = { ...f, id: `${f.id}-v${out.length}`, data, conditions, safeguards };
    const k = termSetKey(variant);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(variant);
  }
  return out;
}

/**
 * A stream of `count` draws from `flows` with Zipf(`s`) repetition (the first flow the most
 * frequent), as an application checks a few flows often and many rarely. Every draw is a fresh
 * object with its own id and lists, as a caller builds each flow anew.
 */
export function zipfStream(flows: readonly Flow[], count: number, s: number, seed: number): Flow[] {
  const random = new Random(seed);
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= flows.length; k++) cumulative.push((total += 1 / k ** s));
  const out: Flow[] = [];
  for (let i = 0; i < count; i++) {
    const x = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    const f = flows[lo] as Flow;
    out.push({ ...f, id: `${f.id}-d${i}`, data: [...f.data], purposes: [...f.purposes], conditions: [...f.conditions], safeguards: [...f.safeguards] });
  }
  return out;
}
