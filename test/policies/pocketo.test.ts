/**
 * The Pocketo policy (policies/pocketo.policy.yaml): it validates, encodes the clauses a
 * reviewer would look for with the right force, quotes its source verbatim (when the source is
 * beside the checkout) and its example manifests produce exactly the findings they announce.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { compilePolicy, checkFlows, type CheckableFlow } from "../../src/engine/index.js";
import { pocketo } from "../../src/generated/pocketo.js";
import { ManifestSchema } from "../../src/model/manifest.js";
import type { Policy, Statement } from "../../src/model/policy.js";
import { lintFile } from "../../src/node.js";
import { validatePolicy } from "../../src/policy/validate.js";

const root = join(import.meta.dirname, "../..");
const seedPath = join(root, "../shared/seeds", pocketo.source.file);

const validation = validatePolicy(pocketo);
if (!validation.ok) throw new Error(`pocketo does not validate: ${validation.findings.map((f) => f.message).join("; ")}`);
const { policy, vocabulary } = validation;

const statement = (id: string): Statement => {
  const found = policy.statements.find((s) => s.id === id);
  if (!found) throw new Error(`no statement ${id}`);
  return found;
};
const allRules = (p: Policy) => [...p.statements, ...p.retention, ...p.rights, ...p.ageLimits, ...p.notes];

describe("pocketo: the policy document", () => {
  it("validates (shape, vocabulary, unique ids, known terms)", () => {
    const result = validatePolicy(pocketo);
    expect(result.ok ? [] : result.findings.map((f) => f.message)).toEqual([]);
  });

  it("records its operator, jurisdiction and version as printed", () => {
    expect(policy.operator).toMatchObject({ name: "Pocketo", address: "Baku, Azerbaijan", contact: "sadiqov.cavid@gmail.com" });
    expect(policy.jurisdictions).toEqual(["AZ"]);
    expect(policy.lastUpdated).toBe("2026-05-10");
    expect(policy.storageLocations).toEqual([]);
  });

  it("cites a section and a non-empty quote for every rule and note", () => {
    for (const rule of allRules(policy)) {
      expect(rule.citation, rule.id).toBeDefined();
      expect(rule.citation?.quote.trim().length, rule.id).toBeGreaterThan(0);
    }
  });
});

describe("pocketo: the vocabulary", () => {
  it("makes the LLM vendors third parties, not processors (DPV: ThirdParty is not a DataProcessor)", () => {
    for (const vendor of ["openai", "anthropic", "google"]) {
      expect(vocabulary.isBelow("recipient", vendor, "llm-provider"), vendor).toBe(true);
      expect(vocabulary.isBelow("recipient", vendor, "third-party"), vendor).toBe(true);
      expect(vocabulary.isBelow("recipient", vendor, "processor"), vendor).toBe(false);
    }
  });

  it("keeps Google the model vendor apart from the Google services a user connects", () => {
    for (const service of ["google-calendar", "gmail", "google-drive"]) {
      expect(vocabulary.isBelow("recipient", service, "google-oauth-services")).toBe(true);
      expect(vocabulary.isBelow("recipient", service, "google")).toBe(false);
      expect(vocabulary.isBelow("recipient", service, "llm-provider")).toBe(false);
    }
    for (const service of ["payriff", "whatsapp-business", "telegram", "instagram"]) {
      expect(vocabulary.isBelow("recipient", service, "connected-service"), service).toBe(true);
    }
  });

  it("places the §1 categories under the base terms a reviewer expects", () => {
    expect(vocabulary.isBelow("data", "chat-content", "communications")).toBe(true);
    expect(vocabulary.isBelow("data", "camera-content", "photos")).toBe(true);
    expect(vocabulary.isBelow("data", "audio-content", "voice-recordings")).toBe(true);
    expect(vocabulary.isBelow("data", "google-calendar-data", "calendar-data")).toBe(true);
    expect(vocabulary.isBelow("data", "byok-api-key", "api-key")).toBe(true);
    for (const id of ["device-model", "os-version", "app-version", "device-language"]) expect(vocabulary.isBelow("data", id, "device-data"), id).toBe(true);
    for (const id of ["features-used", "tokens-consumed", "error-logs"]) expect(vocabulary.isBelow("data", id, "usage-data"), id).toBe(true);
    expect(vocabulary.isBelow("condition", "byok-enabled", "feature-enabled")).toBe(true);
    expect(vocabulary.isBelow("purpose", "transcription", "ai-assistant")).toBe(true);
  });

  it("defines no vendor the text does not name, except the push service the text implies", () => {
    const recipients = policy.vocabulary.filter((t) => t.kind === "recipient").map((t) => t.id);
    expect(recipients.filter((id) => vocabulary.isBelow("recipient", id, "llm-provider"))).toEqual(["llm-provider", "openai", "anthropic", "google"]);
    const push = policy.statements.filter((s) => s.recipients.includes("push-notification-service"));
    expect(push.map((s) => [s.id, s.modality, s.data, s.conditions])).toEqual([["s1-push-tokens-opt-in", "only-if", ["push-token"], ["opt-in"]]]);
  });

  it("keeps SMS and call logs out of what LLM providers receive (review item 8, V5)", () => {
    expect(vocabulary.isBelow("data", "call-logs", "communications")).toBe(false);
    expect(vocabulary.isBelow("data", "call-logs", "user-content")).toBe(false);
    for (const id of ["s3-openai", "s3-anthropic", "s3-google-gemini"]) {
      for (const data of statement(id).data) {
        for (const never of ["sms-messages", "call-logs", "location-data", "address-book"]) {
          expect(vocabulary.isBelow("data", never, data), `${id} names ${data}, above ${never}`).toBe(false);
        }
      }
    }
  });

  it("puts the strong conditions under the weak ones: each is a user action", () => {
    for (const strong of ["user-initiated", "opt-in", "oauth-grant", "explicit-connection", "byok-enabled"]) {
      expect(vocabulary.isBelow("condition", strong, "user-action"), strong).toBe(true);
    }
    expect(vocabulary.isBelow("condition", "user-action", "user-initiated")).toBe(false);
    expect(vocabulary.isBelow("safeguard", "aes-256-gcm", "encryption-at-rest")).toBe(true);
    expect(vocabulary.isBelow("safeguard", "bcrypt", "password-hashing")).toBe(true);
  });

  it("has the text's own words as terms, headings included", () => {
    for (const [kind, id] of [
      ["data", "account-data"],
      ["data", "device-data"],
      ["data", "usage-data"],
      ["data", "prompts-and-content"],
      ["data", "chat-history"],
      ["recipient", "managed-cloud-storage"],
      ["action", "send"],
      ["purpose", "job-completion-notifications"],
      ["purpose", "payment-receipts"],
      ["event", "chat-deleted"],
      ["event", "file-deleted"],
    ] as const) {
      expect(vocabulary.has(kind, id), `${kind} ${id}`).toBe(true);
    }
    expect(vocabulary.isBelow("data", "chat-content", "prompts-and-content")).toBe(true);
    expect(vocabulary.isBelow("data", "push-token", "device-data"), "push tokens are their own §1 bullet").toBe(false);
  });
});

describe("pocketo: statements", () => {
  it.each([
    ["s1-push-tokens-opt-in", "only-if", ["push-token"], ["opt-in"]],
    ["s3-byok", "only-if", ["byok-api-key"], ["byok-enabled"]],
    ["s3-google-oauth-integrations", "only-if", undefined, ["explicit-connection", "oauth-grant"]],
    ["s3-payriff-payments", "only-if", ["payment-data"], ["explicit-connection"]],
    ["s3-messaging-integrations", "only-if", undefined, ["explicit-connection"]],
  ] as const)("%s is %s with its data and conditions", (id, modality, data, conditions) => {
    const s = statement(id);
    expect(s.modality).toBe(modality);
    if (data) expect(s.data).toEqual(data);
    expect(s.conditions).toEqual(conditions);
  });

  // "We do not collect X" and "only when you …" bind every processing of the data, by any
  // recipient (review items 8 and 9), not only the app's own collection.
  it.each([
    ["s1-no-location-contacts-sms-call-logs", "must-not", ["process"], ["location-data", "address-book", "sms-messages", "call-logs"], []],
    ["s7-no-children-data", "must-not", ["collect", "use", "store", "disclose"], ["children-data"], []],
    ["s1-calendar-only-with-oauth-grant", "must", ["process"], ["calendar-data"], ["oauth-grant"]],
    ["s1-camera-content-user-initiated", "must", ["process"], ["camera-content"], ["user-initiated"]],
    ["s1-audio-content-tap-record", "must", ["process"], ["audio-content"], ["user-initiated"]],
    ["s3-connected-account-data-explicit-connection", "must", ["process"], ["connected-account-data", "oauth-token", "connected-service-api-key"], ["explicit-connection"]],
    ["s3-google-data-oauth-grant", "must", ["process"], ["google-calendar-data", "gmail-data", "google-drive-files", "oauth-token"], ["oauth-grant"]],
    ["s1-no-collection-without-user-action", "must", ["collect"], ["personal-data"], ["user-action"]],
    ["s2-transactional-notifications-opt-in", "must", ["process"], ["personal-data"], ["opt-in"]],
    ["s3-byok-enabled", "must", ["collect", "use", "store", "share"], ["byok-api-key"], ["byok-enabled"]],
  ] as const)("%s is a %s on %j of %j by any recipient, with conditions %j", (id, modality, actions, data, conditions) => {
    expect(statement(id)).toMatchObject({ modality, actions, data, recipients: [], conditions });
  });

  it("bounds every permission without purposes by the closed list of §2 (purposeLimit)", () => {
    expect(policy.purposeLimit?.citation.quote).toBe("How We Use Information");
    for (const p of ["ai-assistant", "authentication", "account-protection", "token-billing", "transactional-notifications", "reliability-diagnostics"]) {
      expect(policy.purposeLimit?.purposes, p).toContain(p);
    }
    for (const p of ["advertising", "analytics", "ai-training", "product-improvement", "profiling"]) {
      expect(policy.purposeLimit?.purposes.some((q) => vocabulary.isBelow("purpose", p, q)), p).toBe(false);
    }
  });

  it("gives device data, push tokens and files only the purpose §1 names for them (review item 27)", () => {
    // The §6 statements carry out the user's own rights over their data (access, export), not a use of Pocketo's.
    const others = policy.statements.filter((s) => (s.modality === "may" || s.modality === "only-if") && s.actions.includes("use") && !s.id.startsWith("s6-"));
    const uses = (data: string) => others.filter((s) => s.data.some((d) => vocabulary.isBelow("data", data, d))).flatMap((s) => s.purposes);
    expect([...new Set(uses("device-model"))].sort()).toEqual(["reliability-diagnostics"]);
    expect([...new Set(uses("push-token"))].sort()).toEqual(["job-completion-notifications", "payment-receipts", "transactional-notifications"]);
    expect(uses("files").every((p) => vocabulary.isBelow("purpose", p, "ai-assistant") || p === "file-storage")).toBe(true);
    expect([...new Set(uses("password"))].sort()).toEqual(["account-protection", "authentication"]);
  });

  it("rules out every other purpose for the password, whatever permission names it without one (counsel review 2026-12-04)", () => {
    expect(statement("s1-password-authentication-only")).toMatchObject({ modality: "only-for", data: ["password"], recipients: [], purposes: ["authentication", "account-protection"] });
    const compiled = compilePolicy(pocketo);
    const flow = (action: string, purpose: string): CheckableFlow => ({ id: `${action}-${purpose}`, action, data: ["password"], recipient: "first-party", purposes: [purpose], conditions: ["user-action"], safeguards: ["bcrypt", "encryption-at-rest", "anonymization", "aggregation"] });
    for (const action of ["collect", "use", "store"]) {
      for (const purpose of ["ai-chat", "token-billing", "reliability-diagnostics", "transactional-notifications"]) {
        expect(checkFlows(compiled, [flow(action, purpose)])[0]?.verdict, `${action} for ${purpose}`).toBe("incorrect");
      }
      expect(checkFlows(compiled, [flow(action, "authentication")])[0]?.verdict, `${action} for authentication`).toBe("clear");
    }
  });

  it("uses the user's content neither to authenticate users nor to protect accounts: no biometrics (counsel review 2026-12-04)", () => {
    const auth = statement("s2-authentication-account-protection").data;
    for (const content of ["chat-content", "camera-content", "audio-content", "files", "prompts-and-content"]) {
      expect(auth.some((d) => vocabulary.isBelow("data", content, d)), content).toBe(false);
    }
  });

  it("keeps payment data at Payriff: Pocketo receives the confirmation, for the balance (counsel review 2026-12-04)", () => {
    const payment = policy.statements.filter((s) => (s.modality === "may" || s.modality === "only-if") && s.data.some((d) => vocabulary.isBelow("data", "payment-data", d)));
    for (const s of payment.filter((s) => s.recipients.some((r) => !vocabulary.isBelow("recipient", r, "payriff")))) {
      expect(s.actions, s.id).not.toContain("store");
      expect(s.purposes, s.id).toEqual(["token-billing"]);
    }
  });

  it("discloses each LLM vendor for the features on its own line only", () => {
    expect(statement("s3-openai")).toMatchObject({ modality: "may", recipients: ["openai"], purposes: ["ai-chat", "image-generation", "transcription"] });
    expect(statement("s3-anthropic")).toMatchObject({ modality: "may", recipients: ["anthropic"], purposes: ["ai-chat"] });
    expect(statement("s3-google-gemini")).toMatchObject({ modality: "may", recipients: ["google"], purposes: ["ai-chat"] });
    const llm = policy.statements.filter((s) => s.recipients.some((r) => vocabulary.isBelow("recipient", r, "llm-provider")) && s.modality !== "must-not");
    for (const s of llm) expect(s.recipients, `${s.id} discloses LLM providers as a class`).not.toContain("llm-provider");
  });

  it.each([
    ["s4-account-chat-encrypted-at-rest", ["encryption-at-rest"]],
    ["s4-api-keys-aes-256-gcm-per-user", ["aes-256-gcm", "per-user-encryption-key"]],
    ["s4-files-access-controls", ["access-control"]],
    ["s4-passwords-bcrypt", ["bcrypt"]],
    ["s4-short-lived-access-tokens", ["short-lived-access-tokens"]],
    ["s2-reliability-only-anonymized", ["anonymization", "aggregation"]],
  ] as const)("%s is a must with safeguards %j, wherever the data is kept", (id, safeguards) => {
    if (id === "s2-reliability-only-anonymized") expect(statement(id).actions).toEqual(["use", "store", "share"]);
    const s = statement(id);
    expect(s.modality).toBe("must");
    expect(s.safeguards).toEqual(safeguards);
    expect(s.recipients).toEqual([]);
  });

  it("allows account data and chat history in a managed database, encrypted (review item 16)", () => {
    expect(statement("s4-account-chat-storage").recipients).toEqual(["first-party", "cloud-provider"]);
    expect(statement("s4-files-managed-cloud-storage").recipients).toContain("managed-cloud-storage");
  });

  it("has every interpretation and note listed in docs/policy-pocketo.md", () => {
    const doc = readFileSync(join(root, "docs/policy-pocketo.md"), "utf8");
    const explained = [...allRules(policy).filter((r) => "interpretation" in r && r.interpretation !== undefined), ...policy.notes];
    expect(explained.map((r) => r.id).filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
  });

  it("encodes the ambiguous clauses with an interpretation note", () => {
    const ids = [
      "s1-calendar-only-with-oauth-grant",
      "s1-no-collection-without-user-action",
      "s3-byok",
      "s2-reliability-only-anonymized",
      "s4-api-keys-aes-256-gcm-per-user",
      "r5-account-deletion-backups",
      "a7-minimum-age",
      "a7-minimum-age-eu",
      "r6-gdpr-access",
    ];
    const rules = new Map(allRules(policy).map((r) => [r.id, r]));
    for (const id of ids) {
      const rule = rules.get(id);
      expect(rule, id).toBeDefined();
      const note = rule && ("interpretation" in rule ? rule.interpretation : "note" in rule ? rule.note : undefined);
      expect(note?.length ?? 0, `${id} needs an interpretation`).toBeGreaterThan(40);
    }
  });
});

describe("pocketo: retention, rights, age limits", () => {
  it.each([
    ["r5-account-deletion-primary", "account-deletion-requested", ["personal-data"], ["primary", "caches", "logs"], "P30D"],
    ["r5-account-deletion-backups", "account-deletion-requested", ["personal-data"], ["backups"], "P90D"],
    ["r5-chat-deletion-primary", "chat-deleted", ["chat-content", "camera-content", "audio-content"], ["primary", "caches", "logs"], "P30D"],
    ["r5-chat-deletion-backups", "chat-deleted", ["chat-content", "camera-content", "audio-content"], ["backups"], "P90D"],
    ["r5-file-deletion-primary", "file-deleted", ["files"], ["primary", "caches", "logs"], "P30D"],
    ["r5-file-deletion-backups", "file-deleted", ["files"], ["backups"], "P90D"],
  ] as const)("%s: %s, %j from %j, within %s", (id, trigger, data, stores, maxDelay) => {
    const rule = policy.retention.find((r) => r.id === id);
    expect(rule).toMatchObject({ trigger, data, stores, maxDelay, exceptions: [] });
  });

  it("grants no retention exception anywhere (the text names none)", () => {
    expect(policy.retention.flatMap((r) => r.exceptions)).toEqual([]);
  });

  it.each([
    ["access", "in-app-settings"],
    ["portability", "in-app-export"],
    ["erasure", "in-app-settings"],
    ["revoke-oauth-grant", "provider-dashboard"],
    ["access", "email"],
    ["rectification", "email"],
    ["erasure", "email"],
    ["restriction", "email"],
    ["portability", "email"],
    ["objection", "email"],
    ["withdraw-consent", "email"],
    ["complaint", "email"],
    ["informed-of-material-changes", "in-app-announcement"],
  ] as const)("promises %s through %s", (right, channel) => {
    expect(policy.rights.some((r) => r.right === right && r.channels.includes(channel))).toBe(true);
  });

  it("promises no response deadline (the text gives none)", () => {
    expect(policy.rights.filter((r) => r.responseDeadline !== undefined)).toEqual([]);
  });

  it("sets 13 everywhere and 16 in the EU", () => {
    expect(policy.ageLimits.map(({ minimumAge, region }) => ({ minimumAge, region }))).toEqual([
      { minimumAge: 13, region: undefined },
      { minimumAge: 16, region: "eu" },
    ]);
  });
});

describe.skipIf(!existsSync(seedPath))("pocketo against its source text (../shared/seeds)", () => {
  const raw = existsSync(seedPath) ? readFileSync(seedPath, "utf8") : "";
  const normalise = (s: string) => s.replace(/\s+/g, " ").trim();
  const text = normalise(raw);
  const quotes = allRules(policy).flatMap((r) => (r.citation ? [{ id: r.id, quote: normalise(r.citation.quote) }] : []));

  it("records the SHA-256 of the exact text", () => {
    expect(createHash("sha256").update(raw).digest("hex")).toBe(policy.source.sha256);
  });

  it("quotes the text verbatim, whitespace aside", () => {
    expect(quotes.filter((q) => !text.includes(q.quote))).toEqual([]);
  });

  it("cites at least 85% of the normative sentences", () => {
    // Lines without their list dash; headings ("3. Third-Party Services", the title) and the
    // copyright line carry no promise and are left out.
    const lines = raw.split("\n").map((l) => normalise(l.replace(/^- /, ""))).filter(Boolean);
    const sentences = lines
      .filter((l) => !/^\d+\. [A-Z][\w &-]*$/.test(l) && l !== "Privacy Policy" && !l.startsWith("©"))
      .flatMap((l) => l.split(/(?<=\.)\s+(?=[A-Z])/));
    const cited = sentences.filter((s) => quotes.some((q) => s.includes(q.quote) || q.quote.includes(s)));
    const uncited = sentences.filter((s) => !cited.includes(s));
    expect(cited.length / sentences.length, `uncited:\n${uncited.join("\n")}`).toBeGreaterThanOrEqual(0.85);
  });
});

describe("pocketo: example manifests", () => {
  const compiled = compilePolicy(pocketo);
  const folder = join(root, "examples/pocketo");

  /** Codes per entry ("flows[3]"), from the flow engine and from `lint` (shape, terms, deletion, rights). */
  function findingsByEntry(file: string): Map<string, Set<string>> {
    const text = readFileSync(file, "utf8");
    const manifest = ManifestSchema.parse(parseDocument(text).toJS());
    const byEntry = new Map<string, Set<string>>();
    const add = (key: string, code: string) => byEntry.set(key, (byEntry.get(key) ?? new Set()).add(code));
    checkFlows(compiled, manifest.flows as CheckableFlow[]).forEach((result, i) => {
      for (const finding of result.findings) add(`flows[${i}]`, finding.code);
    });
    for (const finding of lintFile(file).findings) {
      const [section, index] = finding.path;
      add(typeof index === "number" ? `${String(section)}[${index}]` : finding.path.join("."), finding.code);
    }
    return byEntry;
  }

  /** The codes announced by `# expect: …` on the line above each entry. */
  function expectations(file: string): Map<string, Set<string>> {
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const counter = new LineCounter();
    const document = parseDocument(text, { lineCounter: counter });
    const expected = new Map<string, Set<string>>();
    for (const section of ["flows", "deletion", "rights"]) {
      const seq = document.get(section, true);
      if (!isSeq(seq)) continue;
      seq.items.forEach((item, i) => {
        if (!isMap(item) || !item.range) return;
        const line = counter.linePos(item.range[0]).line; // 1-based
        const above = lines[line - 2]?.trim() ?? "";
        const match = /^# expect: (.+)$/.exec(above);
        if (match?.[1]) expected.set(`${section}[${i}]`, new Set(match[1].split(",").map((c) => c.trim())));
      });
    }
    return expected;
  }

  it("app.flows.yaml keeps the policy: no finding at all", () => {
    const found = findingsByEntry(join(folder, "app.flows.yaml"));
    expect(Object.fromEntries([...found].map(([k, v]) => [k, [...v].sort()]))).toEqual({});
  });

  it("violations.flows.yaml produces exactly the findings its comments announce", () => {
    const file = join(folder, "violations.flows.yaml");
    const found = findingsByEntry(file);
    const expected = expectations(file);
    expect(expected.size).toBeGreaterThanOrEqual(15);
    const asObject = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    expect(asObject(found)).toEqual(asObject(expected));
  });

  it("violations.flows.yaml covers every kind of mistake the brief names", () => {
    const codes = new Set([...expectations(join(folder, "violations.flows.yaml")).values()].flatMap((s) => [...s]));
    for (const code of [
      "flow-incorrect",
      "flow-omitted",
      "flow-vague",
      "condition-unmet",
      "safeguard-missing",
      "age-limit",
      "deletion-late",
      "deletion-missing",
      "retention-exception-unsupported",
      "right-unsupported",
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
  });
});
