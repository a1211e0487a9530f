import { describe, expect, it } from "vitest";
import { checkObligations, checkRetention, holdingsOf } from "../../src/deadlines/index.js";
import { prepareDeadlines } from "../../src/deadlines/obligations.js";
import type { DeletionPlan, Flow } from "../../src/model/manifest.js";
import { PolicySchema, type Policy } from "../../src/model/policy.js";
import { acme } from "./fixtures.js";

const flow = (id: string, data: string[], extra: Partial<Flow> = {}): Flow => ({
  id,
  description: id,
  action: "collect",
  data,
  recipient: "first-party",
  purposes: ["service-provision"],
  conditions: [],
  safeguards: [],
  ...extra,
});
const deleting = (id: string, trigger: string, data: string[]): DeletionPlan => ({ id, trigger, steps: [{ data, store: "primary", after: "P1D" }] });
const cite = { section: "t", quote: "test" };

describe("checkRetention: what bounds data", () => {
  it("a plan that only keeps the data does not bound it", () => {
    const keepOnly: DeletionPlan = { id: "keep", trigger: "account-deletion-requested", steps: [{ data: ["email-address"], store: "primary", keep: { ground: "legal-obligation", reason: "tax" } }] };
    const result = checkRetention(acme, { flows: [flow("signup", ["email-address"])], deletion: [keepOnly] });
    expect(result.data.map((d) => [d.status, d.plans, d.untiedPlans])).toEqual([["unbounded", [], []]]);
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([["retention-unbounded", "error"]]);
  });

  it("where the policy has no rule about the data, any plan deleting it bounds it", () => {
    const silent = PolicySchema.parse({ ...acme, retention: [] });
    const result = checkRetention(silent, { flows: [flow("signup", ["email-address"])], deletion: [deleting("whenever", "integration-disconnected", ["email-address"])] });
    expect(result).toEqual({ data: [{ data: "email-address", flows: ["signup"], plans: ["whenever"], untiedPlans: [], rules: [], missingTriggers: [], status: "bounded" }], findings: [] });
  });

  it("a rule about several categories covers each of them", () => {
    const policy = PolicySchema.parse({
      ...acme,
      retention: [{ id: "two", data: ["files", "communications"], stores: ["primary"], trigger: "account-deletion-requested", action: "delete", maxDelay: "P30D", citation: cite }],
    });
    const result = checkRetention(policy, { flows: [flow("uploads", ["files"])], deletion: [deleting("attachments", "item-deleted", ["files"])] });
    // The item-deletion plan is tied to no rule here, so the data is unbounded.
    expect(result.data.map((d) => [d.status, d.rules, d.untiedPlans, d.missingTriggers])).toEqual([["unbounded", ["two"], ["attachments"], ["account-deletion-requested"]]]);
  });

  it("a purpose-bound rule is owed by data handled for one of its purposes among others", () => {
    const result = checkRetention(acme, {
      flows: [flow("tickets", ["email-address"], { purposes: ["service-provision", "customer-support"] })],
      deletion: [deleting("account", "account-deletion-requested", ["personal-data"])],
    });
    expect(result.data.map((d) => d.missingTriggers)).toEqual([["purpose-fulfilled"]]);
    expect(result.findings.map((f) => [f.code, f.rules.map((r) => r.ruleId)])).toEqual([["deletion-unplanned", ["purpose-bound"]]]);
  });

  it("sorts the data by term and each data's rules by id, whatever order the manifest and the policy give", () => {
    const reversed = PolicySchema.parse({ ...acme, retention: [...acme.retention].reverse() });
    const result = checkRetention(reversed, { flows: [flow("b", ["usage-data"]), flow("a", ["email-address"])], deletion: [] });
    expect(result.data.map((d) => [d.data, d.rules])).toEqual([
      ["email-address", ["account-deletion", "backups", "purpose-bound"]],
      ["usage-data", ["account-deletion", "backups"]],
    ]);
  });

  it("a policy that is not valid is one schema-invalid finding", () => {
    const result = checkRetention({ ...acme, retention: "none" } as unknown as Policy, { flows: [flow("a", ["email-address"])], deletion: [] });
    expect(result.data).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.severity, f.path, f.rules])).toEqual([["schema-invalid", "error", [], []]]);
  });
});

describe("checkRetention: the words of its findings", () => {
  const purposeOnly = PolicySchema.parse({ ...acme, retention: acme.retention.filter((r) => r.id === "purpose-bound") });

  it("names up to five flows, then four and how many more; the finding's subject is the first flow", () => {
    const five = checkRetention(purposeOnly, { flows: ["a", "b", "c", "d", "e"].map((id) => flow(id, ["email-address"])), deletion: [] });
    expect(five.findings[0]?.message).toMatch(/^email-address is kept with no deletion trigger \(flows a, b, c, d, e\): /);
    expect(five.findings[0]?.subject).toBe("a");
    const six = checkRetention(purposeOnly, { flows: ["a", "b", "c", "d", "e", "f"].map((id) => flow(id, ["email-address"])), deletion: [] });
    expect(six.findings[0]?.message).toMatch(/\(flows a, b, c, d and 2 more\)/);
  });

  it("names the plans that delete the data on triggers no rule about it names", () => {
    const result = checkRetention(purposeOnly, {
      flows: [flow("form", ["email-address"])],
      deletion: [deleting("x", "integration-disconnected", ["email-address"]), deleting("y", "chat-deleted", ["email-address"])],
    });
    expect(result.findings[0]?.message).toBe(
      "email-address is kept with no deletion trigger (flow form): only plans x, y delete it, on triggers no retention rule about it names, yet rule purpose-bound requires it deleted or anonymized within P1M after purpose-fulfilled; add a deletion plan triggered by purpose-fulfilled",
    );
  });

  it("cites each rule with its interpretation when it has one", () => {
    const result = checkRetention(acme, { flows: [flow("signup", ["email-address"])], deletion: [] });
    expect(result.findings[0]?.rules).toEqual([
      { ruleId: "account-deletion", citation: acme.retention[2]?.citation },
      { ruleId: "backups", citation: acme.retention[3]?.citation, interpretation: acme.retention[3]?.interpretation },
      { ruleId: "purpose-bound", citation: acme.retention[6]?.citation },
    ]);
  });

  it("a deletion-unplanned warning names every plan that bounds the data and advises one plan per owed trigger", () => {
    const result = checkRetention(acme, {
      flows: [flow("tickets", ["email-address"], { purposes: ["customer-support"] })],
      deletion: [deleting("one", "purpose-fulfilled", ["email-address"]), deleting("two", "purpose-fulfilled", ["contact-data"])],
    });
    expect(result.findings).toEqual([
      {
        code: "deletion-unplanned",
        severity: "warning",
        message:
          "email-address has no deletion plan for account-deleted or account-deletion-requested (flow tickets): plans one, two delete it, but rule account-deletion requires it deleted within P30D after account-deletion-requested; rule backups requires it deleted within P90D after account-deleted; add a deletion plan triggered by account-deletion-requested",
        path: ["flows", 0, "data", 0],
        subject: "tickets",
        rules: [
          { ruleId: "account-deletion", citation: acme.retention[2]?.citation },
          { ruleId: "backups", citation: acme.retention[3]?.citation, interpretation: acme.retention[3]?.interpretation },
        ],
      },
    ]);
  });

  it("a plan on the end of the process (account-deleted) and none on its start is an error: nothing says when the data goes", () => {
    const later = deleting("after-deleted", "account-deleted", ["email-address"]);
    const result = checkRetention(acme, { flows: [flow("signup", ["email-address"])], deletion: [later] });
    expect(result.data.map((d) => [d.status, d.plans, d.missingTriggers])).toEqual([["bounded", ["after-deleted"], ["account-deletion-requested"]]]);
    expect(result.findings.map((f) => [f.code, f.severity, f.path, f.rules.map((r) => r.ruleId)])).toEqual([["deletion-unplanned", "error", ["flows", 0, "data", 0], ["account-deletion"]]]);
    expect(result.findings[0]?.message).toBe(
      "email-address has no deletion plan for account-deletion-requested (flow signup): plan after-deleted deletes it, but plan after-deleted runs on account-deleted, the end of what account-deletion-requested starts, and no plan says when that end comes; rule account-deletion requires it deleted within P30D after account-deletion-requested; add a deletion plan triggered by account-deletion-requested",
    );
    // With a plan on the request as well, both are answered: no finding.
    const both = checkRetention(acme, { flows: [flow("signup", ["email-address"])], deletion: [later, deleting("on-request", "account-deletion-requested", ["email-address"])] });
    expect(both.findings).toEqual([]);
  });

  it("a plan on an unrelated event stays a warning", () => {
    const result = checkRetention(acme, { flows: [flow("tickets", ["email-address"], { purposes: ["customer-support"] })], deletion: [deleting("done", "purpose-fulfilled", ["email-address"])] });
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([["deletion-unplanned", "warning"]]);
  });

  it("advises a plan for each owed trigger when neither starts the other's rules", () => {
    const policy = PolicySchema.parse({
      ...acme,
      retention: [
        { id: "on-disconnect", data: ["usage-data"], stores: ["primary"], trigger: "integration-disconnected", action: "delete", maxDelay: "P1D", citation: cite },
        { id: "on-request", data: ["usage-data"], stores: ["primary"], trigger: "account-deletion-requested", action: "delete", maxDelay: "P1D", citation: cite },
        { id: "on-chat", data: ["usage-data"], stores: ["primary"], trigger: "chat-deleted", action: "delete", maxDelay: "P1D", citation: cite },
      ],
    });
    const result = checkRetention(policy, { flows: [flow("stats", ["usage-data"])], deletion: [deleting("chats", "chat-deleted", ["usage-data"])] });
    expect(result.findings[0]?.message).toMatch(/; add a deletion plan for each of account-deletion-requested, integration-disconnected$/);
  });
});

describe("holdingsOf", () => {
  const compiled = prepareDeadlines(acme);
  if (!compiled.ok) throw new Error("acme is valid");
  const { vocabulary } = compiled.value;

  it("holds what the operator or a processor keeps, sorted by category, with every flow and purpose (sorted)", () => {
    const holdings = holdingsOf(vocabulary, [
      flow("tickets", ["email-address"], { purposes: ["service-provision"] }),
      flow("hosting", ["name", "email-address"], { recipient: "processor", purposes: ["customer-support"] }),
      flow("support", ["email-address"], { purposes: ["customer-support"] }),
    ]);
    expect(holdings).toEqual([
      { data: "email-address", flows: ["tickets", "hosting", "support"], purposes: ["customer-support", "service-provision"] },
      { data: "name", flows: ["hosting"], purposes: ["customer-support"] },
    ]);
  });

  it("does not hold what goes to a third party, nor what a flow deletes", () => {
    expect(holdingsOf(vocabulary, [flow("ads", ["email-address"], { recipient: "third-party" }), flow("purge", ["email-address"], { action: "delete" })])).toEqual([]);
    expect(holdingsOf(vocabulary, [flow("purge", ["email-address"], { action: "delete", recipient: "processor" }), flow("keep", ["name"], { recipient: "processor" })]).map((h) => h.data)).toEqual(["name"]);
  });
});

describe("checkObligations", () => {
  it("answers a manifest of the wrong type with one finding and no plans", () => {
    const result = checkObligations(acme, { flows: null, deletion: [], rights: [] } as never);
    expect(result).toEqual({ plans: [], retention: { data: [], findings: result.findings }, findings: [expect.objectContaining({ code: "schema-invalid", path: ["flows"] })] });
  });

  it("checks plans against the holdings of the flows, and leaves out rights that were not declared", () => {
    const result = checkObligations(acme, {
      flows: [flow("crm", ["email-address"], { purposes: ["customer-support"] })],
      deletion: [deleting("end", "purpose-fulfilled", ["email-address"])],
    });
    expect(result.plans[0]?.obligations.map((o) => [o.ruleId, o.status, o.categories.map((c) => c.data)])).toEqual([["purpose-bound", "on-time", ["email-address"]]]);
    expect(result).not.toHaveProperty("rights");
  });
});
