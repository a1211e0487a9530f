/**
 * The questions a DPO asks of the bundled policies, with the answers pinned as instants.
 * If an encoding changes its reading, these fail on purpose: the answer changed.
 */
import { describe, expect, it } from "vitest";
import { checkDeletionPlan, checkObligations, checkRights, deadlinesFor, rightsDeadline } from "../../src/deadlines/index.js";
import { pocketo, polus, pomeg } from "../../src/generated/index.js";

const at = "2026-11-23T10:00:00Z";
const due = (schedule: ReturnType<typeof deadlinesFor>, ruleId: string, store: string) =>
  schedule.ok ? schedule.deadlines.find((d) => d.ruleId === ruleId && d.store === store)?.dueWithTolerance : schedule.issue.message;

describe("Pomeg", () => {
  it("when must this account's backups be gone? 30 + 90 days after the request", () => {
    const schedule = deadlinesFor(pomeg, "account-deletion-requested", at);
    expect(due(schedule, "s6-account-deletion", "primary")).toBe("2026-12-23T10:00:00Z");
    expect(due(schedule, "s6-backups", "backups")).toBe("2027-03-23T10:00:00Z");
  });
  it("tokens go within the hour of a disconnection, social data within a day", () => {
    const schedule = deadlinesFor(pomeg, "integration-disconnected", at);
    expect(due(schedule, "s6-tokens-disconnect", "token-store")).toBe("2026-11-23T11:00:00Z");
    expect(due(schedule, "s6-social-account-data", "primary")).toBe("2026-11-24T10:00:00Z");
  });
  it("answers a deletion request within 30 days", () => {
    expect(rightsDeadline(pomeg, "erasure", at)).toMatchObject({ promised: true, due: "2026-12-23T10:00:00Z", responseDeadline: "P30D" });
  });
  it("a plan deleting backups 120 days after the request passes; 121 days is late by a day", () => {
    const plan = (backups: string) =>
      checkDeletionPlan(pomeg, {
        id: "account",
        trigger: "account-deletion-requested",
        steps: [
          { data: ["personal-data"], store: "primary", after: "P30D" },
          { data: ["personal-data"], store: "logs", after: "P30D" },
          { data: ["personal-data"], store: "caches", after: "P30D" },
          { data: ["personal-data"], store: "backups", after: backups },
        ],
      });
    expect(plan("P120D").findings).toEqual([]);
    expect(plan("P121D").findings.map((f) => [f.code, f.path, f.rules[0]?.ruleId])).toEqual([["deletion-late", ["steps", 3, "after"], "s6-backups"]]);
  });
});

describe("Pomeg: counsel-3", () => {
  // §6 "When you disconnect a social media account, associated access tokens are immediately
  // deleted": Pomeg's "access tokens" are always platform tokens, so a manifest that declares them
  // in the text's words (the base access-token, under account data) is held to the hour as well.
  const tokenFlows = [
    { id: "connect", description: "LinkedIn OAuth", action: "collect", data: ["platform-account-id", "access-token"], recipient: "first-party", purposes: ["integration-management"], conditions: ["oauth-grant"], safeguards: ["encryption-in-transit"] },
    { id: "keep-token", description: "Access tokens (encrypted at rest)", action: "store", data: ["access-token"], recipient: "first-party", purposes: ["integration-management"], conditions: ["oauth-grant"], safeguards: ["encryption-at-rest", "access-control", "security-monitoring"] },
  ];
  const disconnect = (tokenSteps: { data: string[]; store: string; after: string }[]) => ({
    id: "disconnect",
    trigger: "integration-disconnected",
    steps: [
      ...tokenSteps,
      { data: ["social-account-data"], store: "primary", after: "PT1H" },
      { data: ["social-account-data"], store: "caches", after: "PT1H" },
      { data: ["social-account-data"], store: "logs", after: "PT1H" },
      { data: ["social-account-data"], store: "backups", after: "P90D" },
    ],
  });
  const account = {
    id: "account",
    trigger: "account-deletion-requested",
    steps: ["primary", "caches", "logs"].map((store) => ({ data: ["personal-data"], store, after: "P30D" })).concat([{ data: ["personal-data"], store: "backups", after: "P120D" }]),
  };
  const findings = (tokenSteps: { data: string[]; store: string; after: string }[]) =>
    checkObligations(pomeg, { flows: tokenFlows, deletion: [disconnect(tokenSteps), account] } as never)
      .findings.filter((f) => f.severity === "error")
      .map((f) => [f.severity, f.code, f.path, f.rules[0]?.ruleId]);

  it("an access token in the text's words is due within the hour of a disconnection", () => {
    const schedule = deadlinesFor(pomeg, "integration-disconnected", at);
    expect(schedule.ok && schedule.deadlines.find((d) => d.ruleId === "s6-tokens-disconnect" && d.store === "token-store")).toMatchObject({
      data: ["social-access-token", "access-token"],
      dueWithTolerance: "2026-11-23T11:00:00Z",
    });
  });
  it("a disconnect plan that leaves it for the account deletion is deletion-missing on every store of the rule", () => {
    expect(findings([])).toEqual([
      ["error", "deletion-missing", ["deletion", 0, "trigger"], "s6-tokens-disconnect"],
      ["error", "deletion-missing", ["deletion", 0, "trigger"], "s6-tokens-disconnect"],
      ["error", "deletion-missing", ["deletion", 0, "trigger"], "s6-tokens-disconnect"],
    ]);
  });
  it("deleting it within the hour passes; after 61 minutes it is late", () => {
    const steps = (after: string) => ["token-store", "caches", "logs"].map((store) => ({ data: ["access-token"], store, after }));
    expect(findings(steps("PT1H"))).toEqual([]);
    expect(findings(steps("PT61M")).map((f) => f[1])).toEqual(["deletion-late", "deletion-late", "deletion-late"]);
  });
});

describe("Pomeg: backups after a disconnection", () => {
  // §6 "Backup copies may be retained for up to 90 days following deletion": counted from the
  // deletion of the disconnected account's data, as for an account deletion (EVENT_CHAINS).
  const plan = (primary: string, backups: string) => ({
    id: "disconnect",
    trigger: "integration-disconnected",
    steps: [
      { data: ["social-account-data"], store: "primary", after: primary },
      { data: ["social-account-data"], store: "caches", after: primary },
      { data: ["social-account-data"], store: "logs", after: primary },
      { data: ["social-account-data"], store: "backups", after: backups },
    ],
  });
  const backupFindings = (primary: string, backups: string) =>
    checkDeletionPlan(pomeg, plan(primary, backups)).findings.filter((f) => f.rules[0]?.ruleId === "s6-backups-disconnect").map((f) => [f.code, f.path]);

  it("data deleted at the disconnection: backups within 90 days of it, not 91", () => {
    expect(backupFindings("PT0S", "P90D")).toEqual([]);
    expect(backupFindings("PT0S", "P90DT1H")).toEqual([["deletion-late", ["steps", 3, "after"]]]);
    expect(backupFindings("PT0S", "P90DT23H")).toEqual([["deletion-late", ["steps", 3, "after"]]]);
  });

  it("data deleted on the day of grace: backups within 90 days of that deletion", () => {
    expect(backupFindings("PT20H", "P90DT20H")).toEqual([]);
    expect(backupFindings("PT20H", "P90DT21H")).toEqual([["deletion-late", ["steps", 3, "after"]]]);
  });

  it("without a plan, the schedule counts from the latest permitted deletion: the disconnection plus a day", () => {
    const schedule = deadlinesFor(pomeg, "integration-disconnected", at);
    expect(schedule.ok && schedule.deadlines.find((d) => d.ruleId === "s6-backups-disconnect")).toMatchObject({
      trigger: "integration-data-deleted",
      match: "chained",
      startsAt: "2026-11-24T10:00:00Z",
      due: "2027-02-22T10:00:00Z",
      dueWithTolerance: "2027-02-22T10:00:00Z",
    });
  });
});

describe("Pomeg: a plan on account-deleted alone (blind acceptance review)", () => {
  // The deletion job runs a year after the account is marked deleted, and no plan says when
  // that happens after the request: §6's 30 days cannot be shown, so it is an error.
  const flows = [{ id: "store-email", description: "x", action: "store", data: ["account-email"], recipient: "first-party", purposes: ["account-management"], safeguards: ["encryption-at-rest", "access-control", "security-monitoring"] }];
  const onDeleted = {
    id: "on-account-deleted",
    trigger: "account-deleted",
    steps: [...["primary", "logs", "caches"].map((store) => ({ data: ["personal-data"], store, after: "P365D" })), { data: ["personal-data"], store: "backups", after: "P90D" }],
  };
  const onRequest = {
    id: "on-request",
    trigger: "account-deletion-requested",
    steps: [...["primary", "logs", "caches"].map((store) => ({ data: ["personal-data"], store, after: "P30D" })), { data: ["personal-data"], store: "backups", after: "P120D" }],
  };
  const errors = (deletion: unknown[]) =>
    checkObligations(pomeg, { flows, deletion } as never)
      .findings.filter((f) => f.severity === "error")
      .map((f) => [f.code, f.path, f.rules.map((r) => r.ruleId)]);

  it("is deletion-unplanned, an error, citing s6-account-deletion", () => {
    expect(errors([onDeleted])).toEqual([["deletion-unplanned", ["flows", 0, "data", 0], ["s6-account-deletion"]]]);
  });
  it("with a plan on the request within 30 days, nothing is owed", () => {
    expect(errors([onDeleted, onRequest])).toEqual([]);
  });
});

describe("rights without a deadline cite the rule that names them", () => {
  it("Pocketo's revoke-oauth-grant cites r6-revoke-oauth-grants, not the broader GDPR withdrawal", () => {
    expect(rightsDeadline(pocketo, "revoke-oauth-grant", at)).toMatchObject({ ok: true, promised: false, ruleId: "r6-revoke-oauth-grants" });
    expect(rightsDeadline(pocketo, "withdraw-consent", at)).toMatchObject({ ok: true, promised: false, ruleId: "r6-gdpr-withdraw-consent" });
  });
});

describe("Pocketo", () => {
  it("counts the 90 backup days from the request", () => {
    const schedule = deadlinesFor(pocketo, "account-deletion-requested", at);
    expect(due(schedule, "r5-account-deletion-primary", "primary")).toBe("2026-12-23T10:00:00Z");
    expect(due(schedule, "r5-account-deletion-backups", "backups")).toBe("2027-02-21T10:00:00Z");
  });
  it("promises deletion in the app and by email", () => {
    const result = checkRights(pocketo, [{ right: "erasure", channels: ["in-app-settings"] }]);
    expect(result.rights.filter((r) => r.right === "erasure").map((r) => [r.ruleId, r.status])).toEqual([
      ["r5-delete-in-app-settings", "supported"],
      ["r6-erasure", "supported"],
      ["r6-gdpr-erasure", "channel-missing"],
    ]);
  });
});

describe("Polus", () => {
  it("deletes or anonymizes once the purpose is fulfilled, with 30 days' tolerance", () => {
    const schedule = deadlinesFor(polus, "purpose-fulfilled", at);
    expect(schedule.ok && schedule.deadlines.find((d) => d.store === "primary")).toMatchObject({
      action: "delete-or-anonymize",
      due: at,
      dueWithTolerance: "2026-12-23T10:00:00Z",
      exceptions: [{ ground: "legal-obligation" }],
    });
  });
  it("promises no response time for access", () => {
    expect(rightsDeadline(polus, "access", at)).toMatchObject({ ok: true, promised: false });
  });
});

describe("Pomeg: a plan on consent-withdrawn owes the disconnection's backups (a chain through a shared case)", () => {
  const at = "2026-11-23T10:00:00Z";
  it("deadlinesFor lists the backups 90 days after the primary deletion", () => {
    const result = deadlinesFor(pomeg, "consent-withdrawn", at);
    expect(result.ok && result.deadlines.filter((d) => d.store === "backups").map((d) => [d.ruleId, d.due])).toEqual([["s6-backups-disconnect", "2027-02-22T10:00:00Z"]]);
  });
  it("a consent-withdrawn plan without a backup step is deletion-missing on s6-backups-disconnect; with one within 90 days it is not", () => {
    const steps = [
      { data: ["social-access-token"], store: "token-store", after: "PT0S" },
      { data: ["social-account-data"], store: "primary", after: "PT1H" },
      { data: ["social-account-data"], store: "caches", after: "PT1H" },
      { data: ["social-account-data"], store: "logs", after: "PT1H" },
    ];
    const plan = (extra: typeof steps) => ({ id: "withdrawn", trigger: "consent-withdrawn", steps: [...steps, ...extra] });
    const missing = checkDeletionPlan(pomeg, plan([]));
    expect(missing.findings.map((f) => [f.code, f.rules.map((r) => r.ruleId)])).toContainEqual(["deletion-missing", ["s6-backups-disconnect"]]);
    const kept = checkDeletionPlan(pomeg, plan([{ data: ["social-account-data"], store: "backups", after: "P90D" }]));
    expect(kept.findings.filter((f) => f.rules.some((r) => r.ruleId === "s6-backups-disconnect"))).toEqual([]);
    const late = checkDeletionPlan(pomeg, plan([{ data: ["social-account-data"], store: "backups", after: "P100D" }]));
    expect(late.findings.map((f) => f.code)).toContain("deletion-late");
  });
});
