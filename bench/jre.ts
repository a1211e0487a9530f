/**
 * The same rules for json-rules-engine: one rule per pledge rule, and one run per (flow, data
 * category), as pledge decides per category. Facts = the flow with its ancestor sets. Four
 * custom operators (lists meet, list includes all, each list meets, some list misses) are registered, since the
 * built-in `in` / `contains` test a single value.
 */
import { Engine, type NestedCondition, type RuleProperties } from "json-rules-engine";
import type { Flow, Policy } from "../src/index.js";
import { compileRules, flowFacts, type Closures, type Requirements, type Rule } from "./ir.js";

const has = (list: readonly unknown[], x: unknown) => list.includes(x);

function declared(r: Requirements): NestedCondition[] {
  const met: NestedCondition[] = [];
  if (r.conditions.length) met.push({ fact: "conditionsUp", operator: "includesAll", value: r.conditions });
  if (r.safeguards.length) met.push({ fact: "safeguardsUp", operator: "includesAll", value: r.safeguards });
  return met;
}

function conditionsOf(c: Closures, rule: Rule): NestedCondition[] {
  // "cover": an ancestor of the flow's term is listed; "related": or the flow's term is above a
  // listed one. An empty list: any term.
  const reach = (kind: "recipient" | "data", ids: readonly string[], how: Rule["recipientReach"], fact: string, upFact: string): NestedCondition[] => {
    if (ids.length === 0) return [];
    const up: NestedCondition = { fact: upFact, operator: "meets", value: ids };
    return how === "cover" ? [up] : [{ any: [up, { fact, operator: "meets", value: c.upAll(kind, ids) }] }];
  };
  const all: NestedCondition[] = [
    { fact: "actionUp", operator: "meets", value: rule.actions },
    ...reach("recipient", rule.recipients, rule.recipientReach, "recipientList", "recipientUp"),
    ...reach("data", rule.data, rule.dataReach, "dataList", "dataUp"),
  ];
  if (rule.purposeTest === "some-outside") all.push({ fact: "purposeUps", operator: "someMisses", value: rule.purposes });
  else if (rule.purposes.length > 0 && rule.purposeTest === "all-covered") all.push({ fact: "purposeUps", operator: "eachMeets", value: rule.purposes });
  else if (rule.purposes.length > 0) {
    all.push({ any: [{ fact: "purposeUp", operator: "meets", value: rule.purposes }, { fact: "purposes", operator: "meets", value: c.upAll("purpose", rule.purposes) }] });
  }
  if (rule.when) all.push(...declared(rule.when));
  if (rule.unless) all.push({ not: { all: declared(rule.unless) } });
  return all;
}

export interface JreEngine {
  readonly rules: RuleProperties[];
  /** The facts for one flow: one set per data category. */
  facts(flow: Flow): Record<string, unknown>[];
  decide(facts: readonly Record<string, unknown>[]): Promise<boolean>;
}

export function jreEngine(policy: Policy, c: Closures): JreEngine {
  const rules: RuleProperties[] = compileRules(policy).map((rule) => ({
    name: rule.id,
    conditions: { all: conditionsOf(c, rule) },
    event: { type: rule.effect, params: { rule: rule.id } },
  }));
  const engine = new Engine(rules, { allowUndefinedFacts: false });
  engine.addOperator<readonly string[], readonly string[]>("meets", (fact, value) => fact.some((x) => has(value, x)));
  engine.addOperator<readonly string[], readonly string[]>("includesAll", (fact, value) => value.every((x) => has(fact, x)));
  engine.addOperator<readonly (readonly string[])[], readonly string[]>("eachMeets", (fact, value) => fact.every((ups) => ups.some((x) => has(value, x))));
  engine.addOperator<readonly (readonly string[])[], readonly string[]>("someMisses", (fact, value) => fact.some((ups) => !ups.some((x) => has(value, x))));
  return {
    rules,
    facts(flow) {
      const f = flowFacts(c, flow);
      const shared = {
        actionUp: f.actionUp,
        recipientUp: f.recipientUp,
        recipientList: [f.recipient],
        purposes: f.purposes,
        purposeUps: f.purposeUps,
        purposeUp: f.purposeUp,
        conditionsUp: f.conditionsUp,
        safeguardsUp: f.safeguardsUp,
      };
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < flow.data.length; i++) out.push({ ...shared, dataList: [flow.data[i]], dataUp: f.dataUps[i] });
      return out;
    },
    async decide(facts) {
      for (const category of facts) {
        const result = await engine.run(category);
        let permit = false;
        for (const event of result.events) {
          if (event.type === "forbid") return false;
          permit = true;
        }
        if (!permit) return false;
      }
      return true;
    },
  };
}
