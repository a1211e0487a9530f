/**
 * The same rules for json-rules-engine: one rule per pledge rule, and one run per (flow, data
 * category), as pledge decides per category. Facts = the flow with its ancestor sets. Three
 * custom operators (lists meet, list includes all, each list meets) are registered, since the
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
  const all: NestedCondition[] = [];
  if (rule.match === "cover") {
    all.push({ fact: "actionUp", operator: "meets", value: rule.actions });
    all.push({ fact: "recipientUp", operator: "meets", value: rule.recipients });
    all.push({ fact: "dataUp", operator: "meets", value: rule.data });
    if (rule.purposes.length) all.push({ fact: "purposeUps", operator: "eachMeets", value: rule.purposes });
  } else {
    // the action at or below a listed one; the other terms related either way: an ancestor of
    // the flow term is listed, or the flow term is above a listed one
    const either = (fact: string, upFact: string, kind: "recipient" | "data" | "purpose", ids: readonly string[]): NestedCondition => ({
      any: [
        { fact: upFact, operator: "meets", value: ids },
        { fact, operator: "meets", value: c.upAll(kind, ids) },
      ],
    });
    all.push({ fact: "actionUp", operator: "meets", value: rule.actions });
    all.push(either("recipientList", "recipientUp", "recipient", rule.recipients));
    all.push(either("dataList", "dataUp", "data", rule.data));
    if (rule.purposes.length) all.push(either("purposes", "purposeUp", "purpose", rule.purposes));
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
