/**
 * `obligations.ts`: how a policy argument is accepted for deadline checks, how an unknown event
 * is reported, and when an obligation's deadline depends on the calendar (which makes a plan
 * check try every trigger date instead of one). Pinned decision by decision from the mutation
 * run's survivors.
 */
import { describe, expect, it } from "vitest";
import { checkDeletionPlan, checkObligations, deadlinesFor } from "../../src/deadlines/index.js";
import { checkEvent, prepareDeadlines } from "../../src/deadlines/obligations.js";
import type { DeletionPlan } from "../../src/model/manifest.js";
import { PolicySchema, type Policy } from "../../src/model/policy.js";
import { acme } from "./fixtures.js";

const cite = { section: "t", quote: "test" };
const withRules = (...rules: Record<string, unknown>[]) => PolicySchema.parse({ ...acme, retention: [...rules, ...acme.retention] });
const plan = (trigger: string, steps: DeletionPlan["steps"]): DeletionPlan => ({ id: "p", trigger, steps });
const obligation = (check: ReturnType<typeof checkDeletionPlan>, ruleId: string) => check.obligations.find((o) => o.ruleId === ruleId);

describe("prepareDeadlines: what a policy argument may be", () => {
  it("a policy built in code may leave out its vocabulary, retention and rights lists", () => {
    const { vocabulary: _v, retention: _r, rights: _g, ...bare } = acme;
    const prepared = prepareDeadlines(bare as Policy);
    expect(prepared.ok).toBe(true);
    expect(prepared.ok && [prepared.value.policy.retention, prepared.value.policy.rights]).toEqual([[], []]);
    // The base vocabulary alone: account deletion is an event, and nothing is owed on it.
    expect(deadlinesFor(bare as Policy, "account-deletion-requested", "2026-11-23T10:00:00Z")).toMatchObject({ ok: true, deadlines: [], unbounded: [] });
    const manifest = { flows: [{ id: "signup", description: "signup", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"], conditions: [], safeguards: [] }], deletion: [], rights: [] };
    expect(checkObligations(bare as Policy, manifest, { rights: "always" }).findings.map((f) => [f.code, f.severity])).toEqual([["retention-unbounded", "warning"]]);
  });

  it("a list holding something other than objects is not a policy", () => {
    for (const [key, list] of [["retention", ["tokens"]], ["rights", [null]], ["vocabulary", [3]], ["retention", "P30D"]] as const) {
      const prepared = prepareDeadlines({ ...acme, [key]: list } as unknown as Policy);
      expect(prepared).toMatchObject({ ok: false, issue: { code: "invalid-policy", field: "policy" } });
      expect(!prepared.ok && prepared.issue.message).toMatch(new RegExp(`but its ${key} is not a list of objects$`));
    }
  });

  it("an invalid vocabulary is an issue on the vocabulary, with the vocabulary's own messages", () => {
    const looped = { ...acme, vocabulary: [{ id: "odd-data", kind: "data", label: "Odd", parents: ["no-such-parent"] }] } as unknown as Policy;
    const prepared = prepareDeadlines(looped);
    expect(prepared).toMatchObject({ ok: false, issue: { code: "invalid-policy", field: "vocabulary" } });
    expect(!prepared.ok && prepared.issue.message).toMatch(/^the policy's vocabulary is invalid: .*no-such-parent/);
    expect(deadlinesFor(looped, "account-deletion-requested", "2026-11-23T10:00:00Z")).toMatchObject({ ok: false, issue: { field: "vocabulary" } });
  });
});

describe("checkEvent", () => {
  it("an unknown event far from every event suggests nothing", () => {
    const prepared = prepareDeadlines(acme);
    if (!prepared.ok) throw new Error(prepared.issue.message);
    const issue = checkEvent(prepared.value, "zzzzzzzzzzzz");
    expect(issue).toMatchObject({ code: "unknown-event", field: "event", suggestions: [] });
    expect(issue?.message).toMatch(/^event: unknown event "zzzzzzzzzzzz"; the events are /);
    expect(checkEvent(prepared.value, "chat-deleted")).toBeUndefined();
  });
});

describe("calendar parts: a plan is tried from every trigger date when the deadline depends on it", () => {
  it("a rule counted in years: a step of 366 days is late when the year has 365", () => {
    const check = checkDeletionPlan(
      withRules({ id: "a-year", data: ["files"], stores: ["primary"], trigger: "chat-attachment-deleted", action: "delete", maxDelay: "P1Y", citation: cite }),
      plan("chat-attachment-deleted", [{ data: ["files"], store: "primary", after: "P366D" }]),
    );
    // 2024-01-01 (the one date tried for a rule in days) has a 366-day year ahead; 29 February 2024 has
    // 365 (a year later is 28 February 2025).
    expect([obligation(check, "a-year")?.status, obligation(check, "a-year")?.lateBy?.iso, obligation(check, "a-year")?.lateBy?.whenTriggeredAt]).toEqual(["late", "P1D", "2024-02-29T00:00:00Z"]);
  });

  it("a chained rule in days whose primary rules include one in months: the backups clock follows the month", () => {
    // Primary deletion: 30 days (account-deletion) or a month (monthly), whichever is later; then 90 days for backups.
    const policy = withRules({ id: "monthly", data: ["email-address"], stores: ["primary"], trigger: "account-deletion-requested", action: "delete", maxDelay: "P1M", citation: cite });
    const check = checkDeletionPlan(policy, plan("account-deletion-requested", [{ data: ["personal-data"], store: "backups", after: "P121D" }]));
    const backups = obligation(check, "backups");
    // From 1 January 2024 a month is 31 days (121 in all: on time); from 30 January it ends on 29 February,
    // 30 days, so the backups are due 120 days after the request.
    expect([backups?.status, backups?.lateBy?.iso, backups?.lateBy?.whenTriggeredAt]).toEqual(["late", "P1D", "2024-01-30T00:00:00Z"]);
  });
});
