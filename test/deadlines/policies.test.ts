/**
 * Every retention rule of every bundled policy (and of the test policy) is shown on time,
 * late and missing, driven from the policy data: a new rule is covered without a new test.
 */
import { describe, expect, it } from "vitest";
import { EVENT_CHAINS, checkDeletionPlan, deadlinesFor } from "../../src/deadlines/index.js";
import { bundledPolicies } from "../../src/generated/index.js";
import type { Policy } from "../../src/model/policy.js";
import { validatePolicy } from "../../src/policy/validate.js";
import { acme } from "./fixtures.js";

const T = "2026-11-23T10:00:00Z";
const policies: [string, Policy][] = [["acme", acme], ...Object.entries(bundledPolicies).map(([id, p]): [string, Policy] => [id, p as Policy])];

describe.each(policies)("%s", (id, policy) => {
  it("is valid", () => {
    expect(validatePolicy(policy).ok).toBe(true);
  });

  const cases = policy.retention.flatMap((rule) => {
    const events = [rule.trigger, ...EVENT_CHAINS.filter((c) => c.event === rule.trigger).map((c) => c.after)];
    return events.flatMap((event) => rule.stores.map((store) => ({ rule, event, store })));
  });
  if (cases.length === 0) return;

  describe.each(cases.map((c) => [`${c.rule.id} on ${c.store} after ${c.event}`, c] as const))("%s", (_, { rule, event, store }) => {
    const schedule = deadlinesFor(policy, event, T);
    const deadline = schedule.ok ? schedule.deadlines.find((d) => d.ruleId === rule.id && d.store === store) : undefined;
    // the rule's other stores are deleted at the trigger, so that only this store's obligation varies
    const others = rule.stores.filter((s) => s !== store).map((s) => ({ data: rule.data, store: s, at: T }));
    const check = (at: string, data = rule.data) => checkDeletionPlan(policy, { id: "plan", trigger: event, triggeredAt: T, steps: [{ data, store, at }, ...others] });
    const obligation = (result: ReturnType<typeof check>) => result.obligations.find((o) => o.ruleId === rule.id && o.store === store);
    const about = (result: ReturnType<typeof check>) => result.findings.filter((f) => f.rules.some((r) => r.ruleId === rule.id));

    it("has a deadline at or after the event", () => {
      expect(deadline, `${id}: no deadline for ${rule.id}`).toBeDefined();
      expect(Date.parse(deadline!.dueWithTolerance)).toBeGreaterThanOrEqual(Date.parse(T));
    });
    it("on time: a step at the last compliant instant passes", () => {
      const result = check(deadline!.dueWithTolerance);
      expect(obligation(result)?.status).toBe("on-time");
      expect(about(result)).toEqual([]);
    });
    it("late: one second after it is deletion-late on the step, by PT1S", () => {
      const result = check(new Date(Date.parse(deadline!.dueWithTolerance) + 1000).toISOString());
      expect(obligation(result)).toMatchObject({ status: "late", lateBy: { iso: "PT1S" } });
      expect(about(result).map((f) => [f.code, f.path])).toEqual([["deletion-late", ["steps", 0, "at"]]]);
      expect(about(result)[0]?.rules[0]?.citation).toEqual(rule.citation);
    });
    it("missing: a step on other data is deletion-missing on the trigger", () => {
      const result = check(T, ["anonymized-data"]);
      expect(obligation(result)?.status).toBe("missing");
      // One finding per category of the rule (a manifest without flows is judged against the rule's data as written).
      expect(about(result).map((f) => [f.code, f.path])).toEqual(rule.data.map(() => ["deletion-missing", ["trigger"]]));
    });
  });
});

describe("bundled policies", () => {
  it.each(Object.keys(bundledPolicies))("%s encodes retention rules", (id) => {
    expect((bundledPolicies[id as keyof typeof bundledPolicies] as Policy).retention.length).toBeGreaterThan(0);
  });
});
