import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDeletionPlan } from "../../src/deadlines/index.js";
import type { DeletionPlan } from "../../src/model/manifest.js";
import { acme } from "./fixtures.js";

const plan = (trigger: string, steps: DeletionPlan["steps"], extra: Partial<DeletionPlan> = {}): DeletionPlan => ({ id: "p", trigger, steps, ...extra });
const status = (check: ReturnType<typeof checkDeletionPlan>, ruleId: string, store?: string) =>
  check.obligations.find((o) => o.ruleId === ruleId && (store === undefined || o.store === store))?.status;

describe("checkDeletionPlan", () => {
  it("passes a plan meeting every obligation, chained backups included (P30D + P90D = P120D)", () => {
    const check = checkDeletionPlan(
      acme,
      plan("account-deletion-requested", [
        { data: ["personal-data"], store: "primary", after: "P30D" },
        { data: ["personal-data"], store: "backups", after: "P120D" },
      ]),
    );
    expect(check.findings).toEqual([]);
    expect(check.obligations.map((o) => [o.ruleId, o.store, o.status, o.due.after])).toEqual([
      ["account-deletion", "primary", "on-time", "P30D"],
      ["backups", "backups", "on-time", "P120D"],
    ]);
  });

  it("reports a late step on its after field, by how much, citing the rule", () => {
    const check = checkDeletionPlan(
      acme,
      plan("account-deletion-requested", [
        { data: ["personal-data"], store: "primary", after: "P45D" },
        { data: ["personal-data"], store: "backups", after: "P121DT2H" },
      ]),
    );
    expect(check.findings.map((f) => [f.code, f.path, f.subject, f.rules.map((r) => r.ruleId)])).toEqual([
      ["deletion-late", ["steps", 0, "after"], "p", ["account-deletion"]],
      ["deletion-late", ["steps", 1, "after"], "p", ["backups"]],
    ]);
    expect(check.findings[0]?.message).toBe(
      "step deletes personal-data from primary P45D after account-deletion-requested; rule account-deletion requires it within 30 days (P30D) of account-deletion-requested: 15 days late (P15D)",
    );
    expect(check.findings[1]?.message).toBe(
      "step purges personal-data from backups P121DT2H after account-deletion-requested; rule backups requires it within 90 days of account-deleted, counted from the plan's own primary deletion of that data, and at the latest from the latest permitted one (account-deletion), that is within 120 days (P120D) of account-deletion-requested: 1 day 2 hours late (P1DT2H)",
    );
    expect(check.obligations.find((o) => o.ruleId === "account-deletion")?.lateBy).toMatchObject({ iso: "P15D", text: "15 days" });
  });

  it("reports data no step deletes as deletion-missing on the trigger", () => {
    const check = checkDeletionPlan(acme, plan("account-deletion-requested", [{ data: ["personal-data"], store: "primary", after: "P1D" }]));
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]).toMatchObject({ code: "deletion-missing", path: ["trigger"], severity: "error", rules: [{ ruleId: "backups" }] });
    expect(check.findings[0]?.message).toContain("no step purges personal-data from backups");
    expect(status(check, "backups")).toBe("missing");
  });

  it("a step on broader data covers a rule on narrower data; a narrower step does not", () => {
    const broad = checkDeletionPlan(acme, plan("integration-disconnected", [
      { data: ["personal-data"], store: "token-store", after: "PT30M" },
      { data: ["user-content"], store: "primary", after: "P1D" },
    ]));
    expect(broad.findings).toEqual([]);
    const narrow = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["email-address"], store: "primary", after: "P1D" },
      { data: ["personal-data"], store: "backups", after: "P100D" },
    ]));
    expect(narrow.findings.map((f) => [f.code, f.path])).toEqual([["deletion-missing", ["trigger"]]]);
    expect(narrow.findings[0]?.message).toContain("step 0 delete only email-address");
    expect(narrow.obligations.find((o) => o.ruleId === "account-deletion")).toMatchObject({ status: "missing", partialSteps: [0] });
  });

  it("a step on narrower data alone leaves the broader category missing, naming the step and what it deletes", () => {
    const check = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["email-address"], store: "primary", after: "P40D" },
      { data: ["personal-data"], store: "backups", after: "P100D" },
    ]));
    expect(check.findings.map((f) => [f.code, f.path])).toEqual([["deletion-missing", ["trigger"]]]);
    expect(check.findings[0]?.message).toMatch(/^no step deletes personal-data from primary \(step 0 delete only email-address\); rule account-deletion /);
    expect(check.obligations[0]).toMatchObject({ status: "missing", partialSteps: [0], categories: [{ data: "personal-data", status: "missing", steps: [] }] });
  });

  it("'immediately' passes within the tolerance and fails just after it", () => {
    const ok = checkDeletionPlan(acme, plan("integration-disconnected", [{ data: ["access-token", "social-account-data"], store: "token-store", after: "PT1H" }, { data: ["social-account-data"], store: "primary", after: "PT0S" }]));
    expect(status(ok, "tokens-disconnect")).toBe("on-time");
    const late = checkDeletionPlan(acme, plan("integration-disconnected", [{ data: ["access-token"], store: "token-store", after: "PT1H1S" }, { data: ["social-account-data"], store: "primary", after: "PT0S" }]));
    expect(late.findings.map((f) => [f.code, f.path])).toEqual([["deletion-late", ["steps", 0, "after"]]]);
    expect(late.findings[0]?.message).toContain("requires it immediately on integration-disconnected (tolerance 1 hour)");
    expect(late.findings[0]?.message).toContain("1 second late (PT1S)");
  });

  it("keeps on a ground the rule grants pass with the exception cited; other grounds fail", () => {
    const granted = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["personal-data"], store: "primary", after: "P30D" },
      { data: ["payment-data"], store: "primary", keep: { ground: "legal-obligation", reason: "tax records, 6 years" } },
      { data: ["personal-data"], store: "backups", after: "P90D" },
    ]));
    expect(granted.findings).toEqual([]);
    expect(granted.obligations[0]?.kept).toEqual([{ step: 1, ground: "legal-obligation", data: ["payment-data"], exception: { section: "6", quote: "except where retention is required by law" } }]);

    const ungranted = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["personal-data"], store: "primary", keep: { ground: "legal-obligation", reason: "law" } },
      { data: ["personal-data"], store: "backups", keep: { ground: "legal-obligation", reason: "law" } },
    ]));
    expect(ungranted.findings.map((f) => [f.code, f.path])).toEqual([["retention-exception-unsupported", ["steps", 1, "keep", "ground"]]]);
    expect(ungranted.findings[0]?.message).toContain("grants no exception");
    expect(ungranted.obligations.map((o) => o.status)).toEqual(["kept", "kept-without-ground"]);

    const wrongGround = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["contact-data"], store: "primary", keep: { ground: "consent", reason: "newsletter" } }]));
    expect(wrongGround.findings[0]?.message).toContain("grants only legal-obligation");
  });

  it("checks steps with instants against the plan's triggeredAt", () => {
    const check = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["personal-data"], store: "primary", at: "2026-12-23T10:00:00Z" },
      { data: ["personal-data"], store: "backups", at: "2027-03-24T10:00:00+01:00" },
    ], { triggeredAt: "2026-11-23T10:00:00Z" }));
    expect(check.obligations.map((o) => [o.status, o.due.instantWithTolerance, o.planned?.instant])).toEqual([
      ["on-time", "2026-12-23T10:00:00Z", "2026-12-23T10:00:00Z"],
      ["late", "2027-03-23T10:00:00Z", "2027-03-24T09:00:00Z"],
    ]);
    expect(check.findings.map((f) => [f.code, f.path, f.message.endsWith(": 23 hours late (PT23H)")])).toEqual([["deletion-late", ["steps", 1, "at"], true]]);
  });

  it("returns input problems as findings: at without triggeredAt, bad durations, bad instants, unknown trigger", () => {
    const noTrigger = checkDeletionPlan(acme, plan("account-deletion-requested", [{ data: ["personal-data"], store: "primary", at: "2026-12-01T00:00:00Z" }]));
    expect(noTrigger.findings.map((f) => [f.code, f.path])).toContainEqual(["schema-invalid", ["steps", 0, "at"]]);
    const badAfter = checkDeletionPlan(acme, plan("item-deleted", [{ data: ["communications"], store: "primary", after: "30 days" }]));
    expect(badAfter.findings.find((f) => f.code === "schema-invalid")).toMatchObject({ path: ["steps", 0, "after"] });
    expect(badAfter.findings.find((f) => f.code === "schema-invalid")?.message).toContain('after: "30 days" is not an ISO 8601 duration');
    const badDay = checkDeletionPlan(acme, plan("item-deleted", [{ data: ["communications"], store: "primary", after: "P1D" }], { triggeredAt: "2026-02-30T00:00:00Z" }));
    expect(badDay.findings.find((f) => f.code === "schema-invalid")).toMatchObject({ path: ["triggeredAt"] });
    const unknown = checkDeletionPlan(acme, plan("acount-deleted", [{ data: ["communications"], store: "primary", after: "P1D" }]));
    expect(unknown.findings).toMatchObject([{ code: "unknown-term", path: ["trigger"] }]);
    expect(unknown.findings[0]?.message).toContain('did you mean "account-deleted"');
  });

  it("steps beyond any obligation are fine", () => {
    const check = checkDeletionPlan(acme, plan("account-deleted", [
      { data: ["personal-data"], store: "backups", after: "P10D" },
      { data: ["usage-data"], store: "logs", after: "P400D" },
    ]));
    expect(check.findings).toEqual([]);
  });

  it("a calendar-month rule checked without triggeredAt reports the worst trigger date", () => {
    const check = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["contact-data"], store: "primary", after: "P30D" }]));
    expect(check.obligations[0]).toMatchObject({ status: "late", lateBy: { iso: "P2D", whenTriggeredAt: "2025-01-31T00:00:00Z" } });
    const january = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["contact-data"], store: "primary", after: "P30D" }], { triggeredAt: "2026-01-01T00:00:00Z" }));
    expect(january.findings).toEqual([]);
    const safe = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["contact-data"], store: "primary", after: "P28D" }]));
    expect(safe.findings).toEqual([]);
  });
});

describe("checkDeletionPlan properties", () => {
  const delay = fc.record({ days: fc.integer({ min: 0, max: 200 }), hours: fc.integer({ min: 0, max: 30 }), months: fc.integer({ min: 0, max: 3 }) });
  const iso = (d: { days: number; hours: number; months: number }) => `P${d.months ? `${d.months}M` : ""}${d.days}DT${d.hours}H`;
  const rules = ["account-deletion", "backups", "purpose-bound", "chats"] as const;
  const triggerOf = { "account-deletion": "account-deletion-requested", backups: "account-deletion-requested", "purpose-bound": "purpose-fulfilled", chats: "item-deleted" } as const;
  const dataOf = { "account-deletion": ["personal-data", "primary"], backups: ["personal-data", "backups"], "purpose-bound": ["contact-data", "primary"], chats: ["communications", "primary"] } as const;
  const statusFor = (rule: (typeof rules)[number], d: { days: number; hours: number; months: number }, triggeredAt?: string) => {
    const [data, store] = dataOf[rule];
    return status(checkDeletionPlan(acme, plan(triggerOf[rule], [{ data: [data], store, after: iso(d) }], triggeredAt ? { triggeredAt } : {})), rule, store);
  };

  it("a step delayed more never turns late into on-time", () => {
    fc.assert(
      fc.property(fc.constantFrom(...rules), delay, delay, (rule, d, extra) => {
        const before = statusFor(rule, d);
        const after = statusFor(rule, { days: d.days + extra.days, hours: d.hours + extra.hours, months: d.months + extra.months });
        if (before === "late") expect(after).toBe("late");
        if (after === "on-time") expect(before).toBe("on-time");
      }),
      { numRuns: 150 },
    );
  });

  it("on time without triggeredAt (worst case) means on time for any concrete trigger instant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...rules), delay, fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 0, 1) }), (rule, d, t) => {
        if (statusFor(rule, d) === "on-time") expect(statusFor(rule, d, new Date(t).toISOString())).toBe("on-time");
      }),
      { numRuns: 150 },
    );
  });

  it("a plan deleting everything at the trigger is never late or missing", () => {
    fc.assert(
      fc.property(fc.constantFrom("account-deletion-requested", "integration-disconnected", "item-deleted", "chat-deleted", "purpose-fulfilled", "account-deleted"), (trigger) => {
        const stores = ["primary", "backups", "caches", "token-store", "logs"];
        const check = checkDeletionPlan(acme, plan(trigger, stores.map((store) => ({ data: ["personal-data"], store, after: "PT0S" }))));
        expect(check.findings).toEqual([]);
      }),
    );
  });
});

describe("checkDeletionPlan against what the application holds (issue 10, item 5)", () => {
  type Held = { data: string; flows: string[]; purposes: string[] };
  const held = (data: string, flow: string, purposes = ["service-provision"]): Held => ({ data, flows: [flow], purposes });
  const holdings = [held("email-address", "signup"), held("name", "signup"), held("payment-data", "checkout"), held("communications", "chat")];
  const account = (steps: DeletionPlan["steps"]) => checkDeletionPlan(acme, plan("account-deletion-requested", steps), { holdings });

  it("passes a plan that lists every held category one by one", () => {
    const check = account([
      ...["email-address", "name", "payment-data", "communications"].map((d) => ({ data: [d], store: "primary", after: "P30D" })),
      { data: ["personal-data"], store: "backups", after: "P120D" },
    ]);
    expect(check.findings).toEqual([]);
    expect(check.obligations.find((o) => o.ruleId === "account-deletion")?.categories.map((c) => [c.data, c.status])).toEqual([
      ["communications", "on-time"],
      ["email-address", "on-time"],
      ["name", "on-time"],
      ["payment-data", "on-time"],
    ]);
  });

  it("names the one forgotten category, its store and the flow holding it", () => {
    const check = account([
      ...["email-address", "name", "communications"].map((d) => ({ data: [d], store: "primary", after: "P30D" })),
      { data: ["personal-data"], store: "backups", after: "P120D" },
    ]);
    expect(check.findings.map((f) => [f.code, f.path])).toEqual([["deletion-missing", ["trigger"]]]);
    expect(check.findings[0]?.message).toMatch(/^no step deletes payment-data from primary \(held by flow checkout\); rule account-deletion /);
    expect(status(check, "account-deletion")).toBe("missing");
  });

  it("narrower steps together cover a held broader category; one of them alone does not", () => {
    const together = checkDeletionPlan(acme, plan("purpose-fulfilled", ["name", "email-address", "phone-number"].map((d) => ({ data: [d], store: "primary", after: "P1D" }))), {
      holdings: [{ data: "contact-data", flows: ["crm"], purposes: ["customer-support"] }],
    });
    expect(together.findings).toEqual([]);
    const alone = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["email-address"], store: "primary", after: "P1D" }]), {
      holdings: [{ data: "contact-data", flows: ["crm"], purposes: ["customer-support"] }],
    });
    expect(alone.findings.map((f) => f.code)).toEqual(["deletion-missing"]);
  });

  it("purpose-bound retention asks only for data held for that purpose", () => {
    const other = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["files"], store: "primary", after: "P1D" }]), { holdings: [held("contact-data", "newsletter", ["service-provision"])] });
    expect(other.findings).toEqual([]);
    expect(status(other, "purpose-bound")).toBe("not-held");
    const support = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["files"], store: "primary", after: "P1D" }]), { holdings: [held("contact-data", "tickets", ["customer-support"])] });
    expect(support.findings.map((f) => f.code)).toEqual(["deletion-missing"]);
  });

  it("a trigger about one item asks only for the held data it concerns", () => {
    const check = checkDeletionPlan(acme, plan("chat-attachment-deleted", [{ data: ["files"], store: "primary", after: "P1D" }]), { holdings });
    // The chat rule (communications, primary and caches) also applies to an attachment deletion; files are not held.
    expect(check.obligations.map((o) => [o.ruleId, o.store, o.status])).toEqual([
      ["attachments", "primary", "not-held"],
      ["chats", "caches", "missing"],
      ["chats", "primary", "missing"],
    ]);
  });

  it("a keep step is never a deletion: it passes only on a ground the rule grants", () => {
    const check = account([
      { data: ["email-address", "name", "communications"], store: "primary", after: "P30D" },
      { data: ["payment-data"], store: "primary", keep: { ground: "legitimate-interest", reason: "we like it" } },
      { data: ["personal-data"], store: "backups", after: "P120D" },
    ]);
    expect(check.findings.map((f) => f.code).sort()).toEqual(["retention-exception-unsupported"]);
    expect(check.obligations.find((o) => o.ruleId === "account-deletion")?.categories.find((c) => c.data === "payment-data")?.status).toBe("kept-without-ground");
  });

  it("counts a backup window 'following deletion' from the plan's own primary deletion, never later than that step", () => {
    const early = (backups: string) =>
      account([
        { data: ["personal-data"], store: "primary", after: "P10D" },
        { data: ["personal-data"], store: "backups", after: backups },
      ]);
    expect(early("P100D").findings).toEqual([]);
    expect(early("P101D").findings.map((f) => [f.code, f.path])).toEqual([["deletion-late", ["steps", 1, "after"]]]);
    expect(early("P101D").findings[0]?.message).toContain("1 day late (P1D)");
    // A late primary step does not move the clock past the latest permitted primary deletion.
    const latePrimary = account([
      { data: ["personal-data"], store: "primary", after: "P40D" },
      { data: ["personal-data"], store: "backups", after: "P125D" },
    ]);
    expect(latePrimary.findings.map((f) => [f.code, f.path])).toEqual([
      ["deletion-late", ["steps", 0, "after"]],
      ["deletion-late", ["steps", 1, "after"]],
    ]);
  });
});
