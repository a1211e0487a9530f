import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkDeletionPlan, deadlinesFor } from "../../src/deadlines/index.js";
import { analyzePolicy, checkFlow, compilePolicy, unboundedPermissions, type CheckableFlow } from "../../src/engine/index.js";
import { pomeg } from "../../src/generated/index.js";
import type { Policy } from "../../src/model/policy.js";
import { lintFile } from "../../src/node.js";
import { validatePolicy } from "../../src/policy/validate.js";

const root = join(import.meta.dirname, "..", "..");
const seedPath = join(root, "..", "shared", "seeds", "000_cfbfeb3ad6dbc0b4.txt");
const policyFile = join(root, "policies", "pomeg.policy.yaml");
const examples = join(root, "examples", "pomeg");

const validated = validatePolicy(pomeg);
if (!validated.ok) throw new Error(`pomeg does not validate: ${validated.findings.map((f) => f.message).join("; ")}`);
const { policy, vocabulary } = validated;

const statement = (id: string) => {
  const found = policy.statements.find((s) => s.id === id);
  if (!found) throw new Error(`no statement ${id}`);
  return found;
};
const retention = (id: string) => {
  const found = policy.retention.find((r) => r.id === id);
  if (!found) throw new Error(`no retention rule ${id}`);
  return found;
};

/** Every citation of the policy, with the id of the rule that carries it. */
function citations(p: Policy): { id: string; section: string; quote: string }[] {
  const out: { id: string; section: string; quote: string }[] = [];
  for (const r of [...p.statements, ...p.retention, ...p.rights, ...p.ageLimits]) {
    out.push({ id: r.id, ...r.citation });
    for (const e of "exceptions" in r ? r.exceptions : []) out.push({ id: `${r.id} (exception)`, ...e.citation });
  }
  if (p.purposeLimit) out.push({ id: p.purposeLimit.id, ...p.purposeLimit.citation });
  for (const n of p.notes) if (n.citation) out.push({ id: n.id, ...n.citation });
  return out;
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

describe("pomeg policy: shape and vocabulary", () => {
  it("validates, and the bundled module is the YAML file", () => {
    expect(validated.ok).toBe(true);
    const fromFile = validatePolicy(parse(readFileSync(policyFile, "utf8"), { version: "1.2" }));
    expect(fromFile.ok && fromFile.policy).toEqual(policy);
  });

  it("records where the text comes from", () => {
    expect(policy.lastUpdated).toBe("March 31, 2026");
    expect(policy.jurisdictions).toEqual(["BD"]);
    expect(policy.storageLocations).toEqual(["bangladesh"]);
    expect(policy.ageLimits).toEqual([]);
  });

  it("makes AI model providers both processors and third parties, as the text calls them", () => {
    for (const id of ["infrastructure-provider", "ai-model-provider", "openai", "cloud-hosting-provider", "database-service-provider"]) {
      expect(vocabulary.isBelow("recipient", id, "processor"), id).toBe(true);
      expect(vocabulary.isBelow("recipient", id, "third-party"), id).toBe(true);
    }
    expect(vocabulary.isBelow("recipient", "payment-processor", "infrastructure-provider")).toBe(false);
    expect(vocabulary.isBelow("recipient", "payment-processor", "third-party")).toBe(false);
  });

  it("places Meta platform data under social account data, and its token under the platform tokens", () => {
    for (const id of ["meta-page-content", "meta-comments", "meta-direct-messages", "meta-access-token", "meta-account-id"]) {
      expect(vocabulary.isBelow("data", id, "meta-platform-data"), id).toBe(true);
      expect(vocabulary.isBelow("data", id, "social-account-data"), id).toBe(true);
    }
    expect(vocabulary.isBelow("data", "meta-access-token", "social-access-token")).toBe(true);
    expect(vocabulary.isBelow("data", "call-transcripts", "phone-call-data")).toBe(true);
    // Messages received through a connected account are not content the user created (§1.3).
    expect(statement("s1-3-content").data).not.toContain("user-content");
  });

  it("keeps the user's own connected account apart from processors and third parties (§2 'your connected social accounts')", () => {
    for (const id of ["social-platform", "meta-platforms"]) {
      expect(vocabulary.isBelow("recipient", id, "third-party"), id).toBe(false);
      expect(vocabulary.isBelow("recipient", id, "processor"), id).toBe(false);
    }
    expect(vocabulary.isBelow("recipient", "meta-platforms", "social-platform")).toBe(true);
    // "Service providers: Trusted third-party infrastructure providers": the text's own word is a term.
    expect(vocabulary.isBelow("recipient", "infrastructure-provider", "service-provider")).toBe(true);
  });

  it("makes the text's headings and words terms, placed where the text puts them", () => {
    for (const id of ["device-information", "feature-usage", "session-activity-logs"]) expect(vocabulary.isBelow("data", id, "technical-information"), id).toBe(true);
    for (const id of ["created-posts", "knowledge-base-documents", "ai-chat-history", "crm-records", "crm-contact-details"]) expect(vocabulary.isBelow("data", id, "created-content"), id).toBe(true);
    for (const id of ["social-access-token", "meta-access-token", "social-messages", "meta-direct-messages", "call-transcripts", "call-audio", "crm-contact-details"]) expect(vocabulary.isBelow("data", id, "sensitive-data"), id).toBe(true);
    for (const id of ["linkedin-posts", "linkedin-comments", "linkedin-messages"]) {
      expect(vocabulary.isBelow("data", id, "social-account-data"), id).toBe(true);
      expect(vocabulary.isBelow("data", id, "meta-platform-data"), id).toBe(false);
    }
    expect(vocabulary.isBelow("action", "access", "collect")).toBe(true);
    expect(vocabulary.isBelow("action", "retain", "store")).toBe(true);
    expect(vocabulary.isBelow("purpose", "train-ai-responses", "ai-responses")).toBe(true);
    expect(vocabulary.isBelow("purpose", "train-ai-responses", "ai-training")).toBe(false);
    // A platform token is not Pomeg account data, so "account data" flows do not carry Meta tokens.
    expect(vocabulary.isBelow("data", "meta-access-token", "account-data")).toBe(false);
  });

  it("puts the strong requirements under the weak ones (§8 'optional' is met by an opt-in; §1.2 'encrypted at rest' by AES-256-GCM)", () => {
    expect(vocabulary.isBelow("condition", "opt-in", "optional-for-user")).toBe(true);
    expect(vocabulary.isBelow("condition", "transcription-enabled", "feature-enabled")).toBe(true);
    expect(vocabulary.isBelow("safeguard", "aes-256-gcm", "encryption-at-rest")).toBe(true);
    expect(vocabulary.isBelow("safeguard", "bcrypt", "password-hashing")).toBe(true);
  });

  it("counts revoking permissions at the platform as a disconnection", () => {
    expect(vocabulary.isBelow("event", "platform-permissions-revoked", "integration-disconnected")).toBe(true);
    expect(vocabulary.isBelow("event", "platform-permissions-revoked", "consent-withdrawn")).toBe(true);
  });

  it("reads a withdrawal of consent as a disconnection or a revocation (§7 'Withdraw Consent'), so a plan on any of the four events meets the disconnect rules", () => {
    expect(vocabulary.isBelow("event", "social-account-consent-withdrawn", "integration-disconnected")).toBe(true);
    expect(vocabulary.isBelow("event", "social-account-consent-withdrawn", "consent-withdrawn")).toBe(true);
    expect(vocabulary.isBelow("event", "platform-permissions-revoked", "social-account-consent-withdrawn")).toBe(true);
    const disconnectRules = ["s3-meta-data-disconnect", "s3-meta-tokens-disconnect", "s6-social-account-data", "s6-tokens-disconnect"];
    for (const event of ["integration-disconnected", "consent-withdrawn", "social-account-consent-withdrawn", "platform-permissions-revoked"]) {
      const schedule = deadlinesFor(policy, event, "2026-11-23T10:00:00Z");
      expect(schedule.ok && [...new Set(schedule.deadlines.map((d) => d.ruleId))].filter((id) => disconnectRules.includes(id)).sort(), event).toEqual(disconnectRules);
    }
  });
});

describe("pomeg policy: statements", () => {
  /** Every kind of Meta data, as the Section 3 restrictions list it (a generic term above one of them is hit). */
  const metaLeaves = ["meta-account-id", "meta-access-token", "meta-profile-picture-url", "meta-granted-permissions", "meta-page-content", "meta-comments", "meta-direct-messages"];
  it.each([
    ["s3-meta-no-sharing", "must-not", ["disclose"], metaLeaves, ["third-party", "advertiser", "data-broker"]],
    ["s3-meta-not-stored-with-third-parties", "must-not", ["store"], metaLeaves, ["ai-model-provider", "advertiser", "data-broker"]],
    ["s4-no-sale", "must-not", ["sell", "rent", "trade"], ["personal-data"], ["processor", "third-party", "public-authority", "social-platform"]],
    ["s2-no-selling", "must-not", ["sell"], ["personal-data", "social-account-data"], ["third-party"]],
    ["s1-4-call-data-no-advertising", "must-not", ["disclose"], ["phone-call-data"], ["third-party"]],
    ["s4-service-providers", "may", ["share", "store"], ["personal-data"], ["service-provider", "infrastructure-provider", "cloud-hosting-provider", "database-service-provider", "ai-model-provider"]],
    ["s4-legal-requirements", "only-if", ["disclose"], ["personal-data"], ["public-authority", "third-party"]],
    ["s2-no-advertising-or-profiling", "must-not", ["process"], ["personal-data", "social-account-data"], []],
    ["s1-2-authorized-data-only", "must", ["process"], ["social-account-data"], []],
    ["s1-2-no-private-content-beyond-features", "must", ["process"], ["social-messages"], []],
    ["s3-meta-connected-account", "must", ["process"], ["meta-platform-data"], []],
    ["s3-meta-features-activated", "must", ["process"], ["meta-platform-data"], []],
    ["s1-4-phone-agent-enabled", "must", ["process"], ["phone-call-data"], []],
    ["s3-meta-publish", "may", ["publish"], ["meta-page-content"], ["meta-platforms"]],
    ["s3-meta-publish-comment-replies", "may", ["publish"], ["meta-comments"], ["meta-platforms"]],
    ["s3-meta-publish-dm-replies", "may", ["publish"], ["meta-direct-messages"], ["meta-platforms"]],
    ["s3-meta-not-to-other-platforms", "must-not", ["disclose"], metaLeaves, ["other-social-platform"]],
  ])("%s is a %s over %j of %j to %j", (id, modality, actions, data, recipients) => {
    const s = statement(id);
    expect(s.modality).toBe(modality);
    expect(s.actions).toEqual(actions);
    expect(s.data).toEqual(data);
    expect(s.recipients).toEqual(recipients);
  });

  it("attaches the conditions the text states", () => {
    expect(statement("s1-2-integration-data").conditions).toEqual(["oauth-grant"]);
    expect(statement("s3-meta-data-accessed").conditions).toEqual(["oauth-grant", "feature-enabled"]);
    expect(statement("s3-meta-connected-account").conditions).toEqual(["oauth-grant"]);
    expect(statement("s3-meta-features-activated").conditions).toEqual(["feature-enabled"]);
    expect(statement("s1-2-no-private-content-beyond-features").conditions).toEqual(["feature-enabled"]);
    expect(statement("s2-posting").conditions).toEqual(["oauth-grant"]);
    expect(statement("s2-ai-responses")).toMatchObject({ modality: "only-if", conditions: ["oauth-grant"] });
    expect(statement("s1-4-phone-agent-enabled").conditions).toEqual(["feature-enabled"]);
    expect(statement("s1-4-transcripts-where-enabled").conditions).toEqual(["transcription-enabled"]);
    expect(statement("s8-analytics-cookies")).toMatchObject({ modality: "only-if", conditions: ["optional-for-user"] });
    expect(statement("s2-legal-compliance")).toMatchObject({ modality: "only-if", conditions: ["required-by-law"] });
    expect(statement("s4-service-providers").conditions).toEqual(["confidentiality-obligation"]);
    expect(statement("s4-providers-obligations").conditions).toEqual(["security-obligation", "own-purpose-use-prohibited"]);
    expect(statement("s4-legal-requirements").conditions).toEqual(["required-by-law"]);
    expect(statement("s4-business-transfer").conditions).toEqual(["notice-given"]);
  });

  it("requires the safeguards of §1.1, §1.2 and §5 on every store", () => {
    expect(statement("s1-1-password-protected")).toMatchObject({ modality: "must", data: ["password"], safeguards: ["password-hashing"] });
    expect(statement("s1-2-access-tokens-encrypted")).toMatchObject({ modality: "must", data: ["social-access-token", "access-token"], safeguards: ["encryption-at-rest"] });
    expect(statement("s5-encryption-at-rest")).toMatchObject({ modality: "must", actions: ["store"], data: ["sensitive-data", "access-token"], recipients: [], safeguards: ["encryption-at-rest"] });
    expect(statement("s5-encryption-in-transit")).toMatchObject({ modality: "must", actions: ["collect", "disclose"], data: ["sensitive-data", "credentials"], recipients: [], safeguards: ["encryption-in-transit"] });
    expect(statement("s5-access-control")).toMatchObject({ modality: "must", actions: ["store"], data: ["personal-data"], safeguards: ["access-control"] });
    expect(statement("s5-security-monitoring")).toMatchObject({ modality: "must", safeguards: ["security-monitoring"] });
  });

  it("bounds every purpose-less permission by the closed list of §2", () => {
    expect(policy.purposeLimit).toMatchObject({ id: "s2-uses", purposes: ["service-provision", "product-improvement", "fraud-prevention", "security", "legal-compliance"] });
    expect(policy.purposeLimit?.citation.quote).toBe("We use the information we collect to:");
    expect(unboundedPermissions(pomeg)).toEqual([]);
  });

  it("turns 'solely' and 'only' into purpose whitelists over every recipient (§1.4, §1.5, §3)", () => {
    const whitelists = {
      "s3-meta-use-solely": ["social-media-management", "disaster-recovery", "legal-compliance", "business-transfer"],
      "s1-4-calls-solely": ["service-provision", "quality-assurance", "disaster-recovery", "legal-compliance", "business-transfer"],
      "s1-5-only": ["security", "performance-monitoring", "product-improvement", "legal-compliance", "business-transfer"],
    };
    for (const [id, purposes] of Object.entries(whitelists)) {
      expect(statement(id), id).toMatchObject({ modality: "only-for", recipients: [], purposes, actions: ["collect", "use", "store", "share", "sell", "rent", "trade"] });
    }
    // Every kind of Meta data is named, so that a flow of any of them (or above them) is hit.
    const metaKinds = vocabulary.ids("data").filter((id) => id !== "meta-platform-data" && vocabulary.isBelow("data", id, "meta-platform-data"));
    for (const id of ["s3-meta-use-solely", "s3-meta-no-sharing", "s3-meta-not-stored-with-third-parties", "s3-meta-not-to-other-platforms"]) {
      expect([...statement(id).data].sort(), id).toEqual(metaKinds);
    }
    // Nothing else speaks of a secondary purpose: the whitelist decides.
    expect(policy.statements.map((s) => s.id)).not.toContain("s3-meta-no-secondary-purpose");
  });

  it("explains every reading the brief asked for", () => {
    expect(statement("s3-meta-no-sharing").interpretation).toMatch(/ambiguous/);
    expect(statement("s3-meta-no-sharing").interpretation).toMatch(/third-party infrastructure providers/);
    expect(statement("s3-meta-use-solely").interpretation).toMatch(/carves/);
    expect(statement("s3-meta-no-sharing").interpretation).toMatch(/Service Providers/);
    expect(statement("s3-meta-publish").interpretation).toMatch(/own/);
    expect(statement("s1-1-password-protected").interpretation).toMatch(/departure from the literal words/);
    expect(statement("s1-2-posts-comments-messages").interpretation).toMatch(/only to the extent necessary/i);
    expect(policy.rights.find((r) => r.id === "s7-withdraw-consent")?.interpretation).toMatch(/deauthorisation callback/);
    expect(policy.notes.find((n) => n.id === "n5-breach-notification")?.note).toMatch(/not one pledge can encode/);
  });
});

describe("pomeg policy: retention and rights", () => {
  it("encodes 'immediately' as PT0S with an explicit tolerance and a note", () => {
    for (const id of ["s6-tokens-disconnect", "s3-meta-tokens-disconnect"]) {
      expect(retention(id)).toMatchObject({ trigger: "social-account-consent-withdrawn", maxDelay: "PT0S", tolerance: "PT1H", stores: ["token-store", "logs", "caches"] });
      expect(retention(id).interpretation).toMatch(/immediately/i);
    }
    expect(retention("s3-meta-tokens-disconnect").action).toBe("invalidate-and-delete");
    for (const rule of policy.retention.filter((r) => r.maxDelay === "PT0S")) {
      expect(rule.tolerance, rule.id).toBeDefined();
      expect(rule.interpretation, rule.id).toBeDefined();
    }
  });

  it("deletes social account data from every live store when the account is disconnected ('deleted from our server')", () => {
    expect(retention("s6-social-account-data")).toMatchObject({ data: ["social-account-data"], stores: ["primary", "logs", "caches"], trigger: "social-account-consent-withdrawn", maxDelay: "PT0S" });
    expect(retention("s3-meta-data-disconnect")).toMatchObject({ data: ["meta-platform-data"], stores: ["primary", "logs", "caches"], trigger: "social-account-consent-withdrawn" });
  });

  it("deletes all personal data within 30 days of an account deletion request, except where the law requires", () => {
    const rule = retention("s6-account-deletion");
    expect(rule).toMatchObject({ data: ["personal-data"], trigger: "account-deletion-requested", maxDelay: "P30D", action: "delete" });
    expect(rule.stores).toEqual(expect.arrayContaining(["primary", "logs", "caches"]));
    expect(rule.exceptions.map((e) => e.ground)).toEqual(["legal-obligation"]);
  });

  it("counts the 90-day backup window from the deletion, and says so", () => {
    const rule = retention("s6-backups");
    expect(rule).toMatchObject({ stores: ["backups"], trigger: "account-deleted", maxDelay: "P90D", action: "purge" });
    expect(rule.interpretation).toMatch(/following deletion/);
    expect(rule.interpretation).toMatch(/plan's own/);
    expect(retention("s6-backups-disconnect")).toMatchObject({ stores: ["backups"], trigger: "integration-data-deleted", maxDelay: "P90D" });
    expect(retention("s6-backups-disconnect").tolerance).toBeUndefined();
    // "Following deletion" of a single item: counted from the user's deletion of it.
    expect(retention("s6-backups-item-deleted")).toMatchObject({ data: ["created-content", "ai-generated-replies"], stores: ["backups"], trigger: "item-deleted", maxDelay: "P90D", action: "purge" });
    expect(retention("s6-backups-item-deleted").tolerance).toBeUndefined();
  });

  it("promises every right of §7 and Meta data deletion, through both channels, answered within 30 days", () => {
    expect(policy.rights.map((r) => r.right).sort()).toEqual(["access", "meta-data-erasure", "objection", "portability", "rectification", "erasure", "withdraw-consent"].sort());
    for (const right of policy.rights) {
      expect(right.responseDeadline, right.id).toBe("P30D");
      expect(right.channels, right.id).toEqual(expect.arrayContaining(["data-deletion-instructions-page", "email"]));
    }
    expect(policy.rights.find((r) => r.right === "withdraw-consent")?.channels).toEqual(expect.arrayContaining(["in-app-settings", "provider-dashboard"]));
  });
});

describe("pomeg policy: what the engine makes of it", () => {
  const compiled = compilePolicy(pomeg);
  const flow = (over: Partial<CheckableFlow>): CheckableFlow => ({
    id: "f",
    action: "use",
    data: ["meta-comments"],
    recipient: "first-party",
    purposes: ["ai-comment-replies"],
    conditions: ["oauth-grant", "feature-enabled"],
    ...over,
  });
  const providerConditions = ["oauth-grant", "feature-enabled", "confidentiality-obligation", "security-obligation", "own-purpose-use-prohibited"];

  it("allows AI replies on Meta comments with a first-party model", () => {
    expect(checkFlow(compiled, flow({})).verdict).toBe("clear");
  });

  it("reports Meta comments sent to an AI model provider as ambiguous", () => {
    for (const recipient of ["ai-model-provider", "openai"]) {
      const result = checkFlow(compiled, flow({ action: "transfer", recipient, conditions: providerConditions }));
      expect(result.verdict, recipient).toBe("ambiguous");
      expect(result.rules.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["s3-meta-no-sharing", "s4-service-providers"]));
    }
  });

  it("sends non-Meta data to an AI model provider without contradiction", () => {
    const result = checkFlow(compiled, flow({ action: "transfer", data: ["call-transcripts"], recipient: "ai-model-provider", purposes: ["service-provision"], conditions: providerConditions }));
    expect(result.verdict).toBe("vague");
  });

  it.each([
    ["Meta data for advertising", { purposes: ["advertising"] }],
    ["Meta data to improve the product", { purposes: ["product-improvement"] }],
    ["Meta data sold to a data broker", { action: "sell", recipient: "data-broker", purposes: ["secondary-purpose"] }],
    ["call data shared with advertisers", { action: "share", data: ["call-transcripts"], recipient: "advertiser", purposes: ["advertising"], conditions: [] }],
  ])("reports %s as incorrect", (_, over) => {
    expect(checkFlow(compiled, flow(over)).verdict).toBe("incorrect");
  });

  it("finds the contradiction in the policy itself", () => {
    const pairs = analyzePolicy(pomeg).map((c) => [c.positive.ruleId, c.negative.ruleId, c.positive.recipient, c.engine]);
    expect(pairs).toContainEqual(["s4-service-providers", "s3-meta-no-sharing", "ai-model-provider", "ambiguous"]);
  });

  it("gives backups 90 days from the plan's own primary deletion, 30 + 90 days at the latest", () => {
    const plan = (backups: string) => ({
      id: "p",
      trigger: "account-deletion-requested",
      steps: [
        { data: ["personal-data"], store: "primary", after: "P30D" },
        { data: ["personal-data"], store: "logs", after: "P30D" },
        { data: ["personal-data"], store: "caches", after: "P30D" },
        { data: ["personal-data"], store: "backups", after: backups },
      ],
    });
    expect(checkDeletionPlan(pomeg, plan("P120D")).findings).toEqual([]);
    expect(checkDeletionPlan(pomeg, plan("P121D")).findings.map((f) => f.code)).toEqual(["deletion-late"]);
    // Live stores purged on day 10: backups are due on day 100, not day 120.
    const early = (backups: string) => ({ ...plan(backups), steps: plan(backups).steps.map((s) => (s.store === "backups" ? s : { ...s, after: "P10D" })) });
    expect(checkDeletionPlan(pomeg, early("P100D")).findings).toEqual([]);
    expect(checkDeletionPlan(pomeg, early("P101D")).findings.map((f) => f.code)).toEqual(["deletion-late"]);
  });
});

describe("pomeg examples", () => {
  /** Finding codes by flow, plan or right, from the engine and `lintFile` together. */
  function findingsOf(file: string): Map<string, Set<string>> {
    const manifest = parse(readFileSync(file, "utf8")) as { flows: CheckableFlow[]; rights: { right: string }[] };
    const compiled = compilePolicy(pomeg);
    const out = new Map<string, Set<string>>();
    const add = (key: string, code: string) => out.set(key, (out.get(key) ?? new Set()).add(code));
    for (const f of manifest.flows) for (const finding of checkFlow(compiled, f).findings) add(f.id, finding.code);
    for (const finding of lintFile(file, { today: "2026-11-23" }).findings) {
      const [section, index] = finding.path;
      const key = section === "rights" ? (typeof index === "number" ? `right:${manifest.rights[index]?.right}` : "rights") : (finding.subject ?? String(section));
      add(key, finding.code);
    }
    return out;
  }

  /** `# expect: a, b` comments, keyed by the flow or plan id (or `right:<right>`) on the next line. */
  function expectationsOf(file: string): Map<string, Set<string>> {
    const lines = readFileSync(file, "utf8").split("\n");
    const out = new Map<string, Set<string>>();
    lines.forEach((line, i) => {
      const codes = /^\s*# expect: (.+)$/.exec(line)?.[1];
      if (codes === undefined) return;
      const next = lines[i + 1] ?? "";
      const id = /^\s*- id: (\S+)/.exec(next)?.[1];
      const right = /^\s*- right: (\S+)/.exec(next)?.[1];
      const key = id ?? (right ? `right:${right}` : undefined);
      if (key === undefined) throw new Error(`line ${i + 2}: an expect comment must sit directly above "- id:" or "- right:"`);
      out.set(key, new Set(codes.split(/,\s*/)));
    });
    return out;
  }

  const sorted = (map: Map<string, Set<string>>) => Object.fromEntries([...map].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));

  it("app.flows.yaml keeps the policy: no findings at all", () => {
    expect(sorted(findingsOf(join(examples, "app.flows.yaml")))).toEqual({});
  });

  it("violations.flows.yaml produces exactly the findings its comments expect", () => {
    const expected = expectationsOf(join(examples, "violations.flows.yaml"));
    // The right to object is left out entirely: its finding sits on `rights` itself.
    expected.set("rights", new Set(["right-unsupported"]));
    expect(sorted(findingsOf(join(examples, "violations.flows.yaml")))).toEqual(sorted(expected));
  });
});

describe("pomeg reviewer's summary", () => {
  const doc = readFileSync(join(root, "docs", "policy-pomeg.md"), "utf8");

  it("shows every interpretation note and every policy note", () => {
    const rules = [...policy.statements, ...policy.retention, ...policy.rights].filter((r) => r.interpretation !== undefined);
    expect(rules.filter((r) => !doc.includes(`\`${r.id}\``)).map((r) => r.id)).toEqual([]);
    expect(policy.notes.filter((n) => !doc.includes(`\`${n.id}\``)).map((n) => n.id)).toEqual([]);
  });

  it("states the rule counts it summarises", () => {
    const count = (modality: string) => policy.statements.filter((s) => s.modality === modality).length;
    expect(doc).toContain(`| statements | ${policy.statements.length} (${count("may")} \`may\`, ${count("only-if")} \`only-if\`, ${count("must")} \`must\`, ${count("must-not")} \`must-not\`, ${count("only-for")} \`only-for\`) |`);
    expect(doc).toContain(`| retention rules | ${policy.retention.length} |`);
    expect(doc).toContain(`| rights | ${policy.rights.length} |`);
    expect(doc).toContain(`| notes | ${policy.notes.length} |`);
    expect(doc).toContain(`| vocabulary | ${policy.vocabulary.length} policy terms |`);
  });
});

describe.skipIf(!existsSync(seedPath))("pomeg policy against its source text", () => {
  const raw = existsSync(seedPath) ? readFileSync(seedPath, "utf8") : "";
  const text = normalise(raw);

  it("is encoded from this exact text", async () => {
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(readFileSync(seedPath)).digest("hex")).toBe(policy.source.sha256);
  });

  it("quotes the text verbatim (whitespace aside) in every citation", () => {
    const notVerbatim = citations(policy).filter((c) => !text.includes(normalise(c.quote)));
    expect(notVerbatim).toEqual([]);
  });

  it("cites at least 85% of the text's sentences (headings and the address block aside)", () => {
    const quotes = citations(policy).map((c) => normalise(c.quote));
    const heading = /^(\d+\.(\d+)?\s|Privacy Policy$|Last updated:|Company:|Address:|Email:)/;
    const sentences = raw
      .split("\n")
      .map((line) => normalise(line.replace(/^\s*•\s*/, "")))
      .filter((line) => line.length > 0 && !heading.test(line))
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z])/));
    const cited = sentences.filter((s) => quotes.some((q) => q.includes(s) || s.includes(q)));
    const uncited = sentences.filter((s) => !cited.includes(s));
    expect(cited.length / sentences.length).toBeGreaterThanOrEqual(0.85);
    expect(uncited).toEqual(["Welcome to Pomeg AI."]);
  });
});
