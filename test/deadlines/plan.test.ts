import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDeletionPlan } from "../../src/deadlines/index.js";
import type { DeletionPlan } from "../../src/model/manifest.js";
import { PolicySchema, type Policy } from "../../src/model/policy.js";
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
    expect(narrow.findings[0]?.message).toContain("step 0 deletes only email-address");
    expect(narrow.obligations.find((o) => o.ruleId === "account-deletion")).toMatchObject({ status: "missing", partialSteps: [0] });
  });

  it("a step on narrower data alone leaves the broader category missing, naming the step and what it deletes", () => {
    const check = checkDeletionPlan(acme, plan("account-deletion-requested", [
      { data: ["email-address"], store: "primary", after: "P40D" },
      { data: ["personal-data"], store: "backups", after: "P100D" },
    ]));
    expect(check.findings.map((f) => [f.code, f.path])).toEqual([["deletion-missing", ["trigger"]]]);
    expect(check.findings[0]?.message).toMatch(/^no step deletes personal-data from primary \(step 0 deletes only email-address\); rule account-deletion /);
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

describe("checkDeletionPlan: each decision pinned (the mutation run's survivors)", () => {
  const cite = { section: "t", quote: "test" };
  const withRules = (...rules: Record<string, unknown>[]) => PolicySchema.parse({ ...acme, retention: [...rules, ...acme.retention] });
  const contact = [{ data: "contact-data", flows: ["crm"], purposes: ["customer-support"] }];

  it("narrower steps together count from the latest of them: one late step makes the category late", () => {
    const check = checkDeletionPlan(
      acme,
      plan("purpose-fulfilled", [
        { data: ["phone-number"], store: "primary", after: "P40D" },
        { data: ["email-address", "name"], store: "primary", after: "P1D" },
      ]),
      { holdings: contact },
    );
    expect(check.findings.map((f) => [f.code, f.path])).toEqual([["deletion-late", ["steps", 0, "after"]]]);
    const o = check.obligations.find((x) => x.ruleId === "purpose-bound");
    // The worst trigger date is in February: one month is 28 days there.
    expect([o?.status, o?.planned, o?.lateBy?.iso]).toStrictEqual(["late", { step: 0, after: "P40D" }, "P12D"]);
    expect(o?.categories).toEqual([{ data: "contact-data", status: "late", flows: ["crm"], steps: [0, 1] }]);
  });

  it("data held for several purposes is owed under a rule that names one of them", () => {
    const check = checkDeletionPlan(acme, plan("purpose-fulfilled", [{ data: ["files"], store: "primary", after: "P1D" }]), {
      holdings: [{ data: "contact-data", flows: ["crm"], purposes: ["service-provision", "customer-support"] }],
    });
    expect(check.findings.map((f) => f.code)).toEqual(["deletion-missing"]);
  });

  it("a delay in months is tried from every trigger date even when the rule counts only days", () => {
    const policy = withRules({ id: "sixty-one", data: ["files"], stores: ["primary"], trigger: "chat-attachment-deleted", action: "delete", maxDelay: "P61D", citation: cite });
    const check = checkDeletionPlan(policy, plan("chat-attachment-deleted", [{ data: ["files"], store: "primary", after: "P2M" }]));
    const o = check.obligations.find((x) => x.ruleId === "sixty-one");
    // Two months are 60 days from 1 January 2024 but 62 from 1 July.
    expect([o?.status, o?.lateBy?.iso, o?.lateBy?.whenTriggeredAt]).toEqual(["late", "P1D", "2024-07-01T00:00:00Z"]);
    expect(check.findings.find((f) => f.rules[0]?.ruleId === "sixty-one")?.message).toMatch(/: 1 day late \(P1D\), for a trigger at 2024-07-01T00:00:00Z$/);
  });

  it("a chained rule's deadline adds the latest primary delay, in whichever order the rules come", () => {
    const quick = { id: "quick", data: ["email-address"], stores: ["primary"], trigger: "account-deletion-requested", action: "delete", maxDelay: "P10D", citation: cite };
    for (const policy of [withRules(quick), PolicySchema.parse({ ...acme, retention: [...acme.retention, quick] })]) {
      const check = checkDeletionPlan(policy, plan("account-deletion-requested", [{ data: ["personal-data"], store: "backups", after: "P120D" }]));
      expect(check.obligations.find((x) => x.ruleId === "backups")?.due.after).toBe("P120D");
    }
  });

  it("a keep step counts only for the rules about its data; a keep naming the category keeps it", () => {
    const chats = (keep: string[]) =>
      checkDeletionPlan(
        acme,
        plan("chat-deleted", [
          { data: ["communications"], store: "caches", after: "P1D" },
          { data: keep, store: "primary", keep: { ground: "legitimate-interest", reason: "analytics" } },
        ]),
      );
    const unrelated = chats(["usage-data"]);
    // Missing: communications from primary (chats) and files (attachments); nothing about the keep.
    expect(unrelated.findings.map((f) => [f.code, f.rules[0]?.ruleId])).toEqual([
      ["deletion-missing", "chats"],
      ["deletion-missing", "attachments"],
    ]);
    expect(unrelated.obligations.find((o) => o.ruleId === "chats" && o.store === "primary")?.kept).toEqual([]);
    const mixed = chats(["usage-data", "communications"]);
    expect(mixed.findings.map((f) => [f.code, f.rules[0]?.ruleId])).toEqual([
      ["retention-exception-unsupported", "chats"],
      ["deletion-missing", "attachments"],
    ]);
    expect(mixed.findings[0]?.path).toEqual(["steps", 1, "keep", "ground"]);
    expect(mixed.obligations.find((o) => o.ruleId === "chats" && o.store === "primary")).toMatchObject({
      status: "kept-without-ground",
      kept: [{ step: 1, ground: "legitimate-interest", data: ["usage-data", "communications"] }],
      categories: [{ data: "communications", status: "kept-without-ground", flows: [], steps: [1] }],
    });
  });

  it("only deleting steps are partial steps of a missing category", () => {
    const check = checkDeletionPlan(
      acme,
      plan("purpose-fulfilled", [
        { data: ["name"], store: "primary", keep: { ground: "legal-obligation", reason: "tax law" } },
        { data: ["email-address", "files"], store: "primary", after: "P1D" },
      ]),
      { holdings: contact },
    );
    expect(check.obligations.find((o) => o.ruleId === "purpose-bound")).toMatchObject({ status: "missing", partialSteps: [1] });
    expect(check.findings[0]?.message).toMatch(/^no step deletes or anonymizes contact-data from primary \(held by flow crm\) \(step 1 deletes only email-address, files\); rule purpose-bound /);
  });

  it("answers a step of the wrong kind, an unreadable instant and a step with no timing at their fields", () => {
    const check = checkDeletionPlan(
      acme,
      plan(
        "chat-deleted",
        [
          { data: ["communications"], store: "primary", at: "2026-13-01T00:00:00Z" },
          { data: ["communications"], store: "caches" },
        ],
        { triggeredAt: "2026-01-01T00:00:00Z" },
      ),
    );
    expect(check.findings.filter((f) => f.code === "schema-invalid").map((f) => [f.path, f.message])).toEqual([
      [["steps", 0, "at"], expect.stringMatching(/^at: /)],
      [["steps", 1], "a step needs exactly one of after (a delay), at (an instant) or keep (a ground for keeping)"],
    ]);
  });

  it("gives the whole record of an obligation: due instants with tolerance, the planned step, how late, the rule's interpretation", () => {
    const check = checkDeletionPlan(acme, plan("integration-disconnected", [{ data: ["access-token"], store: "token-store", after: "PT2H" }], { triggeredAt: "2026-01-01T00:00:00Z" }));
    expect(check.planId).toBe("p");
    expect(check.triggeredAt).toBe("2026-01-01T00:00:00Z");
    const tokens = check.obligations.find((o) => o.ruleId === "tokens-disconnect");
    expect(tokens).toEqual({
      ruleId: "tokens-disconnect",
      data: ["access-token"],
      store: "token-store",
      action: "invalidate-and-delete",
      trigger: "integration-disconnected",
      match: tokens?.match,
      status: "late",
      due: { after: "PT0S", tolerance: "PT1H", instant: "2026-01-01T00:00:00Z", instantWithTolerance: "2026-01-01T01:00:00Z" },
      categories: [{ data: "access-token", status: "late", flows: [], steps: [0] }],
      planned: { step: 0, after: "PT2H", instant: "2026-01-01T02:00:00Z" },
      lateBy: expect.objectContaining({ iso: "PT1H" }),
      kept: [],
      partialSteps: [],
      citation: acme.retention[0]?.citation,
    });
    expect(tokens?.lateBy).not.toHaveProperty("whenTriggeredAt");
    const late = check.findings.find((f) => f.code === "deletion-late");
    expect(late?.rules).toEqual([{ ruleId: "tokens-disconnect", citation: acme.retention[0]?.citation, interpretation: acme.retention[0]?.interpretation }]);
    expect(late?.message).not.toMatch(/triggered at/);
    expect(checkDeletionPlan(acme, plan("integration-disconnected", [])).triggeredAt).toBeUndefined();
    expect(checkDeletionPlan(acme, plan("integration-disconnected", [])).findings.find((f) => f.rules[0]?.ruleId === "social-disconnect")?.rules[0]).not.toHaveProperty("interpretation");
  });

  it("an instant step's planned record carries its instant and no delay", () => {
    const check = checkDeletionPlan(acme, plan("chat-deleted", [{ data: ["communications"], store: "primary", at: "2026-01-02T00:00:00Z" }], { triggeredAt: "2026-01-01T00:00:00Z" }));
    expect(check.obligations.find((o) => o.ruleId === "chats" && o.store === "primary")?.planned).toStrictEqual({ step: 0, instant: "2026-01-02T00:00:00Z" });
  });

  it("a plan of the wrong type is one finding, with the plan's id as subject when it has one", () => {
    expect(checkDeletionPlan(acme, { id: "x", trigger: 5 } as unknown as DeletionPlan)).toEqual({
      planId: "x",
      trigger: "",
      obligations: [],
      findings: [{ code: "schema-invalid", severity: "error", message: "trigger: expected an event term, got a number", path: ["trigger"], rules: [], subject: "x" }],
    });
    expect(checkDeletionPlan(acme, { id: 7, trigger: "chat-deleted", steps: [] } as unknown as DeletionPlan)).toMatchObject({ planId: "", trigger: "chat-deleted" });
    expect(checkDeletionPlan(acme, { id: 7, trigger: "chat-deleted", steps: [] } as unknown as DeletionPlan).findings[0]).not.toHaveProperty("subject");
  });

  it("a policy that is not valid, or an unknown trigger, is one finding and no obligations", () => {
    const bad = checkDeletionPlan({ ...acme, retention: "none" } as unknown as Policy, plan("chat-deleted", []));
    expect([bad.obligations, bad.findings.map((f) => [f.code, f.path, f.subject, f.rules])]).toEqual([[], [["schema-invalid", [], "p", []]]]);
    const unknown = checkDeletionPlan(acme, plan("chat-vanished", []));
    expect([unknown.obligations, unknown.findings.map((f) => [f.code, f.path, f.rules])]).toEqual([[], [["unknown-term", ["trigger"], []]]]);
  });

  /** An account-deletion plan deleting the email and the name from primary one by one, then everything from backups; the app holds both. */
  const oneByOne = (email: string, name: string, backups: string) =>
    checkDeletionPlan(
      acme,
      plan("account-deletion-requested", [
        { data: ["email-address"], store: "primary", after: email },
        { data: ["name"], store: "primary", after: name },
        { data: ["personal-data"], store: "backups", after: backups },
      ]),
      {
        holdings: [
          { data: "email-address", flows: ["signup"], purposes: ["service-provision"] },
          { data: "name", flows: ["profile"], purposes: ["service-provision"] },
        ],
      },
    );

  it("the obligation's planned step and lateness are the late category's, not the first category's", () => {
    const check = oneByOne("P10D", "P40D", "P100D");
    const o = check.obligations.find((x) => x.ruleId === "account-deletion");
    expect([o?.status, o?.planned, o?.lateBy?.iso]).toStrictEqual(["late", { step: 1, after: "P40D" }, "P10D"]);
    expect(o?.categories.map((c) => [c.data, c.status])).toEqual([
      ["email-address", "on-time"],
      ["name", "late"],
    ]);
  });

  it("one step late for several categories is reported once, by the worst of them", () => {
    // Backups go 90 days after each category's own primary deletion: email after 1 day, the name after 20.
    const check = oneByOne("P1D", "P20D", "P115D");
    const late = check.findings.filter((f) => f.code === "deletion-late");
    expect(late.map((f) => f.path)).toEqual([["steps", 2, "after"]]);
    expect(late[0]?.message).toMatch(/^step purges email-address, name from backups P115D after account-deletion-requested; .*: 24 days late \(P24D\)$/);
  });

  it("a late step with an instant is reported at its at field, by its instant", () => {
    const check = checkDeletionPlan(acme, plan("chat-deleted", [{ data: ["communications"], store: "primary", at: "2026-03-01T00:00:00Z" }, { data: ["communications"], store: "caches", after: "P1D" }], { triggeredAt: "2026-01-01T00:00:00Z" }));
    const late = check.findings.filter((f) => f.code === "deletion-late");
    expect(late.map((f) => f.path)).toEqual([["steps", 0, "at"]]);
    expect(late[0]?.message).toMatch(/^step deletes communications from primary at 2026-03-01T00:00:00Z; rule chats /);
  });
});
