import { describe, expect, it } from "vitest";
import { checkObligations, checkRetention, checkRights, rightsDeadline } from "../../src/deadlines/index.js";
import type { Flow } from "../../src/model/manifest.js";
import { pocketo, pomeg } from "../../src/generated/index.js";
import { acme } from "./fixtures.js";
import { PolicySchema } from "../../src/model/policy.js";

describe("rightsDeadline", () => {
  it("adds the promised response time to the receipt, in UTC", () => {
    expect(rightsDeadline(acme, "access", "2026-11-23T16:00:00+06:00")).toEqual({
      ok: true,
      right: "access",
      receivedAt: "2026-11-23T10:00:00Z",
      promised: true,
      ruleId: "right-access",
      responseDeadline: "P30D",
      due: "2026-12-23T10:00:00Z",
      channels: ["email", "web-form"],
      citation: { section: "7", quote: "We will respond to all valid requests within 30 days." },
    });
    expect(rightsDeadline(acme, "erasure", "2028-02-15T00:00:00Z")).toMatchObject({ due: "2028-03-16T00:00:00Z" });
  });
  it("says when no deadline is promised, or the right is not granted", () => {
    expect(rightsDeadline(acme, "objection", "2026-11-23T10:00:00Z")).toMatchObject({ ok: true, promised: false, ruleId: "right-objection", reason: "the policy grants objection but promises no response time" });
    expect(rightsDeadline(acme, "portability", "2026-11-23T10:00:00Z")).toMatchObject({ ok: true, promised: false, reason: "the policy does not grant portability" });
  });
  it("returns bad input as issues", () => {
    expect(rightsDeadline(acme, "erasur", "2026-11-23T10:00:00Z")).toMatchObject({ ok: false, issue: { code: "unknown-right", suggestions: ["erasure"] } });
    expect(rightsDeadline(acme, "access", "2026-13-01T00:00:00Z")).toMatchObject({ ok: false, issue: { code: "invalid-instant", field: "receivedAt" } });
  });
});

describe("checkRights", () => {
  it("passes when every promised right is supported through its channels", () => {
    const result = checkRights(acme, [
      { right: "access", channels: ["email", "web-form"] },
      { right: "erasure", channels: ["in-app-settings", "email"] },
      { right: "objection", channels: ["email"] },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.rights.map((r) => [r.ruleId, r.status, r.supportedBy])).toEqual([
      ["right-access", "supported", 0],
      ["right-erasure", "supported", 1],
      ["right-objection", "supported", 2],
    ]);
  });
  it("a missing right is an error at []; a missing channel a warning at [i, 'channels']", () => {
    const result = checkRights(acme, [
      { right: "erasure", channels: ["email"] },
      { right: "access", channels: ["email", "web-form"] },
    ]);
    expect(result.findings.map((f) => [f.code, f.severity, f.path, f.rules[0]?.ruleId])).toEqual([
      ["right-unsupported", "error", [], "right-objection"],
      ["right-unsupported", "warning", [0, "channels"], "right-erasure"],
    ]);
    expect(result.findings[1]?.message).toBe("the policy tells users to exercise erasure through in-app-settings (rule right-erasure); the application lists only email");
  });
});

const flow = (id: string, data: string[]): Flow => ({ id, description: id, action: "collect", data, recipient: "first-party", purposes: ["service-provision"], conditions: [], safeguards: [] });

describe("checkRights: channels are places", () => {
  it("a broader channel does not answer a named one: a web form is not Pomeg's Data Deletion Instructions page", () => {
    const result = checkRights(pomeg, [{ right: "erasure", channels: ["web-form", "email"] }]);
    expect(result.rights.find((r) => r.ruleId === "s7-erasure")).toMatchObject({ status: "channel-missing", supportedBy: 0, missingChannels: ["data-deletion-instructions-page"] });
  });

  it("in-app settings do not answer Pocketo's Settings → Export; the export screen does", () => {
    const broad = checkRights(pocketo, [{ right: "portability", channels: ["in-app-settings", "email"] }]);
    expect(broad.rights.find((r) => r.ruleId === "r6-export")).toMatchObject({ status: "channel-missing", missingChannels: ["in-app-export"] });
    const exact = checkRights(pocketo, [{ right: "portability", channels: ["in-app-export", "email"] }]);
    expect(exact.rights.find((r) => r.ruleId === "r6-export")).toMatchObject({ status: "supported", missingChannels: [] });
  });

  it("a narrower channel answers a broader one: Settings → Export is in the settings", () => {
    const rule = pocketo.rights.find((r) => r.channels.length === 1 && r.channels[0] === "in-app-settings")!;
    const result = checkRights(pocketo, [{ right: rule.right, channels: ["in-app-export"] }]);
    expect(result.rights.find((r) => r.ruleId === rule.id)).toMatchObject({ status: "supported", missingChannels: [] });
  });
});

describe("checkRetention", () => {
  it("flags data that no plan ever deletes: an error where the policy bounds it, a warning otherwise", () => {
    const result = checkRetention(acme, { flows: [flow("signup", ["email-address", "usage-data"]), flow("newsletter", ["email-address"])], deletion: [] });
    expect(result.data.map((d) => [d.data, d.status, d.flows, d.rules])).toEqual([
      ["email-address", "unbounded", ["signup", "newsletter"], ["account-deletion", "backups", "purpose-bound"]],
      ["usage-data", "unbounded", ["signup"], ["account-deletion", "backups"]],
    ]);
    expect(result.findings.map((f) => [f.code, f.severity, f.path])).toEqual([
      ["retention-unbounded", "error", ["flows", 0, "data", 0]],
      ["retention-unbounded", "error", ["flows", 0, "data", 1]],
    ]);
    expect(result.findings[0]?.message).toContain("add a deletion plan triggered by account-deleted or account-deletion-requested or purpose-fulfilled");
    const silent = checkRetention({ ...acme, retention: [] }, { flows: [flow("signup", ["email-address"])], deletion: [] });
    expect(silent.findings.map((f) => [f.code, f.severity])).toEqual([["retention-unbounded", "warning"]]);
  });
  it("a plan tied to the end of the purpose bounds the data and passes its own check", () => {
    const manifest = {
      flows: [flow("contact-form", ["email-address"])],
      deletion: [{ id: "purpose-end", trigger: "purpose-fulfilled", steps: [{ data: ["contact-data"], store: "primary", after: "P14D" }] }],
    };
    expect(checkRetention(acme, manifest).findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(checkObligations(acme, manifest).findings.filter((f) => f.severity === "error")).toEqual([]);
    // Bounded, but the account-deletion rules about the same data have no plan of their own.
    const [warning] = checkRetention(acme, manifest).findings;
    expect([warning?.code, warning?.severity, warning?.rules.map((r) => r.ruleId)]).toEqual(["deletion-unplanned", "warning", ["account-deletion", "backups"]]);
    expect(warning?.message).toBe(
      "email-address has no deletion plan for account-deleted or account-deletion-requested (flow contact-form): plan purpose-end deletes it, but rule account-deletion requires it deleted within P30D after account-deletion-requested; rule backups requires it deleted within P90D after account-deleted; add a deletion plan triggered by account-deletion-requested",
    );
  });
  it("every trigger the rules about the data name needs a plan: a chat-deletion plan does not answer account deletion", () => {
    const chats = { flows: [flow("history", ["communications"])] };
    const onChatDeleted = { id: "chats", trigger: "chat-deleted", steps: [{ data: ["communications"], store: "primary", after: "P1D" }] };
    const onAccount = { id: "account", trigger: "account-deletion-requested", steps: [{ data: ["personal-data"], store: "primary", after: "P1D" }] };
    const only = checkRetention(acme, { ...chats, deletion: [onChatDeleted] });
    expect(only.data.map((d) => [d.data, d.status, d.plans, d.missingTriggers])).toEqual([["communications", "bounded", ["chats"], ["account-deleted", "account-deletion-requested"]]]);
    expect(only.findings.map((f) => [f.code, f.severity, f.path])).toEqual([["deletion-unplanned", "warning", ["flows", 0, "data", 0]]]);
    const both = checkRetention(acme, { ...chats, deletion: [onChatDeleted, onAccount] });
    expect(both.data.map((d) => [d.status, d.plans, d.missingTriggers])).toEqual([["bounded", ["chats", "account"], []]]);
    expect(both.findings).toEqual([]);
    // A broader category answers through the rule's own data: a backup of personal-data owes the chats it holds.
    const coarse = checkRetention(acme, { flows: [flow("backup", ["personal-data"])], deletion: [onChatDeleted, onAccount] });
    expect(coarse.findings).toEqual([]);
  });
  it("a plan deleting the data only on a trigger no rule about it names does not bound it", () => {
    const manifest = {
      flows: [flow("contact-form", ["email-address"])],
      deletion: [{ id: "on-disconnect", trigger: "integration-disconnected", steps: [{ data: ["personal-data"], store: "primary", after: "PT0S" }] }],
    };
    const purposeOnly = { ...acme, retention: acme.retention.filter((r) => r.id === "purpose-bound") };
    const result = checkRetention(purposeOnly, manifest);
    expect(result.data).toEqual([{ data: "email-address", flows: ["contact-form"], plans: [], untiedPlans: ["on-disconnect"], rules: ["purpose-bound"], missingTriggers: [], status: "unbounded" }]);
    expect(result.findings[0]?.message).toBe(
      "email-address is kept with no deletion trigger (flow contact-form): only plan on-disconnect deletes it, on a trigger no retention rule about it names, yet rule purpose-bound requires it deleted or anonymized within P1M after purpose-fulfilled; add a deletion plan triggered by purpose-fulfilled",
    );
    expect(checkRetention(acme, { ...manifest, deletion: [{ ...manifest.deletion[0]!, trigger: "chat-deleted" }] }).findings).toHaveLength(1);
    expect(checkRetention(acme, { ...manifest, deletion: [{ ...manifest.deletion[0]!, trigger: "account-deletion-requested" }] }).findings).toEqual([]);
  });
});

describe("checkObligations", () => {
  it("prefixes plan paths with ['deletion', i] and right paths with ['rights']", () => {
    const result = checkObligations(acme, {
      flows: [flow("chat", ["communications"])],
      deletion: [
        { id: "chats", trigger: "item-deleted", steps: [{ data: ["communications"], store: "primary", after: "P31D" }, { data: ["communications"], store: "caches", after: "P1D" }] },
      ],
      rights: [{ right: "access", channels: ["email", "web-form"] }],
    });
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      ["deletion-late", ["deletion", 0, "steps", 0, "after"]],
      // item-deleted includes chat-attachment-deleted, whose rule is about files: the flows hold none, so nothing is asked
      // the chats have no plan for account deletion (a warning at the flow)
      ["deletion-unplanned", ["flows", 0, "data", 0]],
      ["right-unsupported", ["rights"]],
      ["right-unsupported", ["rights"]],
    ]);
    expect(result.plans[0]?.findings[0]?.path).toEqual(["steps", 0, "after"]);
  });
  it("does not check rights of a manifest without a rights list, unless asked", () => {
    const manifest = { flows: [], deletion: [] };
    expect(checkObligations(acme, manifest).rights).toBeUndefined();
    expect(checkObligations(acme, manifest, { rights: "always" }).findings).toHaveLength(3);
  });
  it("checks every promised right of a manifest whose rights list is empty: it says it supports none", () => {
    const result = checkObligations(acme, { flows: [], deletion: [], rights: [] });
    expect(result.rights?.rights.map((r) => r.status)).toEqual(["unsupported", "unsupported", "unsupported"]);
    expect(result.findings.map((f) => [f.code, f.severity, f.path])).toEqual([
      ["right-unsupported", "error", ["rights"]],
      ["right-unsupported", "error", ["rights"]],
      ["right-unsupported", "error", ["rights"]],
    ]);
  });
});

describe("rights: each decision pinned (the mutation run's survivors)", () => {
  const cite = (quote: string) => ({ section: "7", quote });
  const withRights = (rights: Record<string, unknown>[]) => PolicySchema.parse({ ...acme, rights });

  it("of several rules for a right, the earliest deadline wins, in either order of the rules", () => {
    const short = { id: "right-erasure-fast", right: "erasure", channels: ["email"], responseDeadline: "P7D", citation: cite("within a week") };
    const long = { id: "right-erasure-slow", right: "erasure", channels: ["web-form"], responseDeadline: "P30D", citation: cite("within 30 days") };
    for (const rights of [[short, long], [long, short]]) {
      expect(rightsDeadline(withRights(rights), "erasure", "2026-11-23T10:00:00Z")).toMatchObject({ promised: true, ruleId: "right-erasure-fast", due: "2026-11-30T10:00:00Z" });
    }
  });

  it("a month against 30 days: which promise is earlier depends on the month received", () => {
    const month = { id: "right-month", right: "access", channels: ["email"], responseDeadline: "P1M", citation: cite("within a month") };
    const days = { id: "right-days", right: "access", channels: ["email"], responseDeadline: "P30D", citation: cite("within 30 days") };
    const policy = withRights([month, days]);
    // February has 28 days: a month is sooner; March has 31: 30 days are.
    expect(rightsDeadline(policy, "access", "2026-02-01T00:00:00Z")).toMatchObject({ ruleId: "right-month", due: "2026-03-01T00:00:00Z" });
    expect(rightsDeadline(policy, "access", "2026-03-01T00:00:00Z")).toMatchObject({ ruleId: "right-days", due: "2026-03-31T00:00:00Z" });
  });

  it("equal deadlines: the lower rule id answers, in either order of the rules", () => {
    const b = { id: "right-b", right: "access", channels: ["email"], responseDeadline: "P30D", citation: cite("b") };
    const a = { id: "right-a", right: "access", channels: ["web-form"], responseDeadline: "P30D", citation: cite("a") };
    for (const rights of [[b, a], [a, b]]) {
      expect(rightsDeadline(withRights(rights), "access", "2026-11-23T10:00:00Z")).toMatchObject({ ruleId: "right-a", channels: ["web-form"], due: "2026-12-23T10:00:00Z" });
    }
  });

  it("a right granted by several rules with no deadline names the lowest rule id", () => {
    const rights = [
      { id: "right-z", right: "objection", channels: ["email"], citation: cite("z") },
      { id: "right-m", right: "objection", channels: ["web-form"], citation: cite("m") },
    ];
    expect(rightsDeadline(withRights(rights), "objection", "2026-11-23T10:00:00Z")).toMatchObject({ promised: false, ruleId: "right-m", citation: cite("m") });
  });

  it("an unknown right far from every right suggests nothing; one that is not a string is unknown too", () => {
    const far = rightsDeadline(acme, "teleportation", "2026-11-23T10:00:00Z");
    expect(far).toMatchObject({ ok: false, issue: { code: "unknown-right", field: "right", suggestions: [] } });
    expect(!far.ok && far.issue.message).not.toContain("did you mean");
    // From a caller without TypeScript: never thrown, never read as a term (a list written like a DPV name included).
    for (const right of [42, null, ["dpv:RightToErasure"]]) {
      expect(rightsDeadline(acme, right as unknown as string, "2026-11-23T10:00:00Z")).toMatchObject({ ok: false, issue: { code: "unknown-right", suggestions: [] } });
    }
  });

  it("checkRights: a supported list of the wrong type or an invalid policy give no rights and one finding at []", () => {
    const wrong = checkRights(acme, "email" as unknown as []);
    expect(wrong.rights).toEqual([]);
    expect(wrong.findings.map((f) => [f.code, f.path])).toEqual([["schema-invalid", []]]);
    const broken = { ...acme, rights: [{ ...acme.rights[0]!, responseDeadline: "30 days" }] };
    expect(checkRights(broken, [])).toStrictEqual({
      rights: [],
      findings: [{ code: "schema-invalid", severity: "error", message: 'rights[0].responseDeadline: "30 days" is not an ISO 8601 duration; expected an ISO 8601 duration such as P30D, PT24H or PT0S (for immediately)', path: [], rules: [] }],
    });
  });

  it("checkRights: one entry per rule sorted by rule id, with the deadline and interpretation only where the rule has them", () => {
    const rights = [
      { id: "r-2", right: "objection", channels: ["email"], citation: cite("object") },
      { id: "r-1", right: "access", channels: ["email"], responseDeadline: "P30D", interpretation: "Read as calendar days.", citation: cite("access") },
    ];
    const result = checkRights(withRights(rights), []);
    expect(result.rights).toStrictEqual([
      { ruleId: "r-1", right: "access", responseDeadline: "P30D", citation: cite("access"), status: "unsupported", missingChannels: ["email"] },
      { ruleId: "r-2", right: "objection", citation: cite("object"), status: "unsupported", missingChannels: ["email"] },
    ]);
    expect(result.findings.map((f) => f.rules)).toStrictEqual([
      [{ ruleId: "r-1", citation: cite("access"), interpretation: "Read as calendar days." }],
      [{ ruleId: "r-2", citation: cite("object") }],
    ]);
  });

  it("checkRights: an unsupported right names the channels the policy gives for it, if any", () => {
    const result = checkRights(withRights([{ id: "r-complaint", right: "complaint", citation: cite("complain") }, { id: "r-portability", right: "portability", channels: ["email", "web-form"], citation: cite("export") }]), []);
    expect(result.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ["right-unsupported", "error", "the policy promises the right complaint (rule r-complaint), and the application supports it through no channel"],
      ["right-unsupported", "error", "the policy promises the right portability (rule r-portability, through email, web-form), and the application supports it through no channel"],
    ]);
  });

  it("checkRights: the entry lacking fewest channels supports the right; on a tie, the first", () => {
    const fewest = checkRights(acme, [
      { right: "access", channels: [] },
      { right: "access", channels: ["email", "web-form"] },
      { right: "access", channels: ["email"] },
    ]);
    expect(fewest.rights.find((r) => r.ruleId === "right-access")).toStrictEqual({
      ruleId: "right-access",
      right: "access",
      responseDeadline: "P30D",
      citation: acme.rights[0]!.citation,
      status: "supported",
      supportedBy: 1,
      missingChannels: [],
    });
    const tie = checkRights(acme, [
      { right: "access", channels: ["email"] },
      { right: "access", channels: ["web-form"] },
    ]);
    expect(tie.rights.find((r) => r.ruleId === "right-access")).toMatchObject({ status: "channel-missing", supportedBy: 0, missingChannels: ["web-form"] });
    expect(tie.findings.find((f) => f.rules[0]?.ruleId === "right-access")?.path).toEqual([0, "channels"]);
  });
});
