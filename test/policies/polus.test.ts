/**
 * The Polus Technology Ltd policy (policies/polus.policy.yaml): its vocabulary, the readings its
 * interpretation notes promise, and the two example manifests, whose `# expect:` comments must
 * match the findings exactly.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkDeletionPlan, checkObligations } from "../../src/deadlines/index.js";
import { analyzePolicy, checkFlows, compilePolicy, createGuard } from "../../src/engine/index.js";
import { polus } from "../../src/generated/index.js";
import type { DeletionPlan, FlowInput, Manifest } from "../../src/model/manifest.js";
import { lintFile } from "../../src/node.js";
import { validatePolicy } from "../../src/policy/validate.js";
import { sourceCoverage, splitSentences } from "../../src/policy/source.js";

const root = join(import.meta.dirname, "../..");
const guard = createGuard(polus);

const flow = (overrides: Partial<FlowInput>): FlowInput => ({
  id: "f",
  description: "a flow",
  action: "transfer",
  data: ["message-content"],
  recipient: "ai-provider",
  purposes: ["ai-assisted-replies"],
  conditions: ["feature-enabled", "needed-for-service"],
  ...overrides,
});
const codes = (f: FlowInput) => [...new Set(guard.check(f as never).findings.map((x) => x.code))].sort();
const verdict = (f: FlowInput) => guard.check(f as never).verdict;

describe("the Polus policy", () => {
  it("is valid and does not contradict itself (PolicyLint classes)", () => {
    expect(validatePolicy(polus).ok).toBe(true);
    expect(analyzePolicy(polus)).toEqual([]);
  });

  it("adds the terms of the text, with processors kept apart from third parties", () => {
    const validation = validatePolicy(polus);
    if (!validation.ok) throw new Error("invalid");
    const v = validation.vocabulary;
    for (const data of ["whatsapp-phone-number", "whatsapp-profile-name", "message-content", "message-id", "delivery-status", "template-info", "webhook-events"]) {
      expect(v.isBelow("data", data, "whatsapp-business-data"), data).toBe(true);
      expect(v.isBelow("data", data, "meta-whatsapp-data"), data).toBe(true);
    }
    expect(v.isBelow("data", "meta-asset-identifiers", "meta-whatsapp-data")).toBe(true);
    expect(v.isBelow("data", "whatsapp-phone-number", "phone-number")).toBe(true);
    for (const data of ["project-info", "order-info", "intake-info", "appointment-info", "support-info"]) expect(v.isBelow("data", data, "business-records")).toBe(true);
    for (const recipient of ["infrastructure-provider", "cloud-hosting-provider", "database-provider", "ai-provider", "email-provider", "analytics-or-logging-tool", "meta-whatsapp-platform"]) {
      expect(v.isBelow("recipient", recipient, "processor"), recipient).toBe(true);
      expect(v.isBelow("recipient", recipient, "third-party"), recipient).toBe(false);
    }
    expect(v.isBelow("recipient", "client-business", "third-party")).toBe(false);
    expect(v.isBelow("recipient", "client-business", "processor")).toBe(false);
    for (const purpose of ["respond-to-inquiries", "operate-bots-and-automation", "request-routing", "whatsapp-messaging", "webhook-handling", "message-templates", "ai-assisted-replies", "order-taking-response"]) {
      expect(v.isBelow("purpose", purpose, "service-provision"), purpose).toBe(true);
    }
    expect(v.isBelow("purpose", "ai-assisted-replies", "automated-replies")).toBe(true);
    expect(v.isBelow("purpose", "abuse-prevention", "security")).toBe(true);
    expect(v.has("condition", "needed-for-service") && v.has("condition", "business-authorized") && v.has("condition", "collected-for-client-business")).toBe(true);
  });

  it("has a term for each word of the text: headings, purposes, recipients and verbs", () => {
    const validation = validatePolicy(polus);
    if (!validation.ok) throw new Error("invalid");
    const v = validation.vocabulary;
    // "Contact details such as ..." and "Technical information such as ...": the heading is above what
    // the policy adds; name, email address, phone number and IP address are base terms, which a
    // policy cannot place under its own headings, so every statement names them beside the heading.
    for (const data of ["company-name", "inquiry-details"]) expect(v.isBelow("data", data, "contact-details"), data).toBe(true);
    for (const data of ["browser-details", "timestamps", "logs", "security-events"]) expect(v.isBelow("data", data, "technical-information"), data).toBe(true);
    for (const s of polus.statements.filter((x) => x.data.includes("contact-details"))) expect(s.data, s.id).toEqual(expect.arrayContaining(["name", "email-address", "phone-number"]));
    for (const s of polus.statements.filter((x) => x.data.includes("technical-information"))) expect(s.data, s.id).toContain("ip-address");
    // Review V9: an inquiry's free text is listed among contact details, but it is not contact data.
    expect(v.isBelow("data", "inquiry-details", "contact-data")).toBe(false);
    const words: [Parameters<typeof v.has>[0], string][] = [
      ["purpose", "abuse-prevention"],
      ["purpose", "request-routing"],
      ["purpose", "order-taking-response"],
      ["purpose", "maintaining-records"],
      ["recipient", "cloud-hosting-provider"],
      ["recipient", "database-provider"],
      ["action", "access"],
      ["action", "host"],
      ["action", "send"],
      ["action", "receive"],
    ];
    for (const [kind, id] of words) expect(v.has(kind, id), `${kind} ${id}`).toBe(true);
    expect(v.isBelow("action", "host", "store") && v.isBelow("action", "access", "use") && v.isBelow("action", "send", "share") && v.isBelow("action", "receive", "collect")).toBe(true);
  });
});

describe("flows under the Polus policy", () => {
  it("uses are a closed list: 'We use information to:'", () => {
    expect(polus.purposeLimit?.purposes).toContain("troubleshooting");
    const use = flow({ action: "use", data: ["inquiry-details"], recipient: "first-party", conditions: [] });
    expect(codes({ ...use, purposes: ["respond-to-inquiries"] })).toEqual([]);
    for (const purpose of ["product-improvement", "analytics", "advertising", "profiling", "ai-training"]) expect(verdict({ ...use, purposes: [purpose] }), purpose).toBe("omitted");
  });

  it("AI-assisted replies need the business to have enabled the feature", () => {
    expect(codes(flow({}))).toEqual([]);
    expect(codes(flow({ conditions: ["needed-for-service"] }))).toEqual(["condition-unmet"]);
    expect(codes(flow({ purposes: ["order-taking-response"], conditions: ["needed-for-service"] }))).toEqual(["condition-unmet"]);
  });

  // Review item 4: "Message content may be processed by infrastructure providers and AI providers
  // only when needed to deliver the service, such as generating an order-taking response or
  // routing a customer request."
  it("message content goes to infrastructure and AI providers only, only when needed, only to deliver the service", () => {
    expect(codes(flow({ conditions: ["feature-enabled"] }))).toEqual(["condition-unmet"]);
    expect(codes(flow({ recipient: "cloud-provider", purposes: ["operate-bots-and-automation"], conditions: [] }))).toEqual(["condition-unmet"]);
    expect(codes(flow({ purposes: ["request-routing"], conditions: ["needed-for-service"] }))).toEqual([]);
    // Other providers of "Sharing information" get other information, never message bodies; nor does an unnamed vendor.
    for (const recipient of ["analytics-or-logging-tool", "email-provider", "service-provider", "processor"]) {
      expect(verdict(flow({ recipient, purposes: ["troubleshooting"] })), recipient).toBe("incorrect");
    }
    expect(codes(flow({ action: "share", data: ["message-id", "timestamps"], recipient: "analytics-or-logging-tool", purposes: ["troubleshooting"], conditions: ["needed-for-service"] }))).toEqual([]);
    // Any purpose that is not delivering the service is ruled out, whatever the flow declares.
    for (const purpose of ["security", "analytics", "ai-training", "legal-compliance"]) {
      expect(verdict(flow({ purposes: [purpose] })), purpose).toBe("incorrect");
    }
  });

  // Review item 14: "trusted service providers that help us host ... cloud hosting providers, database providers".
  it("hosting at a cloud or database provider is disclosed", () => {
    const host = flow({ action: "store", recipient: "cloud-provider", purposes: ["whatsapp-messaging"], conditions: ["needed-for-service", "business-authorized"] });
    expect(codes(host)).toEqual([]);
    expect(verdict({ ...host, action: "host", recipient: "database-provider" })).toBe("clear");
    expect(verdict({ ...host, action: "host", data: ["order-info"], recipient: "cloud-hosting-provider", purposes: ["service-provision"], conditions: [] })).toBe("clear");
  });

  it("a named vendor is only vague: the policy speaks of AI providers", () => {
    expect(verdict(flow({ recipient: "openai" }))).toBe("vague");
  });

  // Review item 17: share and sell are siblings under disclose.
  it("Meta or WhatsApp data is never sold, to anyone; a share is not a sale; other data has no such promise", () => {
    expect(verdict(flow({ action: "sell", recipient: "data-broker", purposes: ["advertising"], conditions: [] }))).toBe("incorrect");
    expect(codes(flow({ action: "sell", data: ["meta-asset-identifiers"], recipient: "client-business", purposes: ["operate-bots-and-automation"], conditions: [] }))).toEqual(["flow-incorrect"]);
    // Sharing with a service provider is not selling and is not hit; a coarse `disclose` might be a sale: no permission allows it.
    expect(verdict(flow({ action: "share" }))).toBe("clear");
    expect(verdict(flow({ action: "disclose" }))).toBe("omitted");
    // Selling contact details is not disclosed either, but no must-not speaks of it.
    expect(verdict(flow({ action: "sell", data: ["email-address"], recipient: "data-broker", purposes: ["advertising"], conditions: [] }))).toBe("omitted");
  });

  // Review item 11: "we only access the data needed to provide the requested messaging, automation,
  // onboarding, webhook, template, or customer support feature."
  it("Meta or WhatsApp data is accessed only when needed, for every purpose and by everyone acting in the service", () => {
    const receive = flow({ action: "receive", recipient: "first-party", purposes: ["whatsapp-messaging"], conditions: ["business-authorized", "needed-for-service"] });
    expect(codes(receive)).toEqual([]);
    expect(codes({ ...receive, conditions: ["business-authorized"] })).toEqual(["condition-unmet"]);
    expect(verdict({ ...receive, purposes: ["advertising"] })).toBe("omitted");
    const read = flow({ action: "use", recipient: "first-party", purposes: ["troubleshooting"], conditions: [] });
    expect(codes(read)).toEqual(["condition-unmet"]);
    expect(codes({ ...read, conditions: ["needed-for-service"] })).toEqual([]);
    expect(codes({ ...read, data: ["webhook-events"], action: "store", purposes: ["security"] })).toEqual(["condition-unmet"]);
    // Messaging is on behalf of the business that owns or authorizes the account.
    expect(codes(flow({ action: "send", recipient: "meta-whatsapp-platform", purposes: ["whatsapp-messaging"], conditions: ["needed-for-service"] }))).toEqual(["condition-unmet"]);
  });

  // Review item 10: the text allows giving a client business only what was collected for it.
  it("gives a client business only what was collected for it, and discloses to authorities only when the law requires", () => {
    const route = flow({ data: ["order-info"], recipient: "client-business", purposes: ["operate-bots-and-automation"], conditions: ["collected-for-client-business"] });
    expect(codes(route)).toEqual([]);
    expect(codes({ ...route, conditions: ["business-authorized"] })).toEqual(["condition-unmet"]);
    expect(codes(flow({ data: ["whatsapp-phone-number", "message-content"], recipient: "client-business", purposes: ["whatsapp-messaging"], conditions: ["business-authorized", "needed-for-service"] }))).toEqual([]);
    // Contact details taken for the business (its portal's booking) go with its record; a lead
    // from Polus's own website was not collected for it.
    expect(codes(flow({ data: ["name", "phone-number"], recipient: "client-business", purposes: ["customer-support"], conditions: ["collected-for-client-business"] }))).toEqual([]);
    expect(codes(flow({ data: ["name", "phone-number"], recipient: "client-business", purposes: ["customer-support"], conditions: ["business-authorized"] }))).toEqual(["condition-unmet"]);
    expect(verdict(flow({ data: ["order-info"], recipient: "advertiser", purposes: ["advertising"], conditions: [] }))).toBe("omitted");
    expect(codes(flow({ data: ["order-info"], recipient: "public-authority", purposes: ["legal-compliance"], conditions: [] }))).toEqual(["condition-unmet"]);
    expect(codes(flow({ data: ["order-info"], recipient: "public-authority", purposes: ["legal-compliance"], conditions: ["required-by-law"] }))).toEqual([]);
  });

  it("every permission can be met: the flow made of its own terms, with the conditions it and the requirements binding it name, is clear", () => {
    const requirementConditions = polus.statements.filter((s) => s.modality === "must" || s.modality === "only-if").flatMap((s) => s.conditions);
    const failures: string[] = [];
    for (const s of polus.statements) {
      if (s.modality !== "may" && s.modality !== "only-if") continue;
      const purposes = s.purposes.length > 0 ? s.purposes : (polus.purposeLimit?.purposes ?? []);
      for (const action of s.actions) {
        for (const data of s.data) {
          for (const recipient of s.recipients) {
            for (const purpose of purposes) {
              const f = flow({ action, data: [data], recipient, purposes: [purpose], conditions: [...new Set([...s.conditions, ...requirementConditions])] });
              const result = guard.check(f as never);
              if (result.verdict !== "clear" || result.findings.length > 0) failures.push(`${s.id}: ${action} ${data} ${recipient} ${purpose} -> ${result.verdict} ${result.findings.map((x) => x.code).join(",")}`);
            }
          }
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });
});

describe("retention: only as long as needed for the business purpose", () => {
  const stores = ["primary", "backups", "logs", "caches"];
  const plan = (after: string, extra: DeletionPlan["steps"] = [], trigger = "purpose-fulfilled"): DeletionPlan => ({
    id: "p",
    trigger,
    steps: [...stores.map((store) => ({ data: ["personal-data"], store, after })), ...extra],
  });
  const planCodes = (p: DeletionPlan) => [...new Set(checkDeletionPlan(polus, p).findings.map((f) => f.code))].sort();

  it("passes a plan tied to the end of the purpose within the 30-day tolerance, and fails one a day later", () => {
    expect(planCodes(plan("PT0S"))).toEqual([]);
    expect(planCodes(plan("P30D"))).toEqual([]);
    expect(planCodes(plan("P31D"))).toEqual(["deletion-late"]);
  });

  it("grants only the legal-obligation exception", () => {
    const keep = (ground: "legal-obligation" | "legitimate-interest") => [{ data: ["order-info"], store: "primary", keep: { ground, reason: "r" } }];
    expect(planCodes(plan("P7D", keep("legal-obligation")))).toEqual([]);
    expect(planCodes(plan("P7D", keep("legitimate-interest")))).toEqual(["retention-exception-unsupported"]);
  });

  it("reports data that no plan ever deletes", () => {
    const manifest: Pick<Manifest, "flows" | "deletion" | "rights"> = {
      flows: [{ id: "orders", description: "d", action: "store", data: ["order-info"], recipient: "first-party", purposes: ["operate-bots-and-automation"], conditions: [], safeguards: [] }],
      deletion: [],
    };
    expect(checkObligations(polus, manifest).findings.map((f) => [f.code, f.path])).toEqual([["retention-unbounded", ["flows", 0, "data", 0]]]);
    expect(checkObligations(polus, { ...manifest, deletion: [plan("P7D")] }).findings).toEqual([]);
  });
});

describe("rights", () => {
  it("access, correction and deletion by email, and deletion of Meta data through the data-deletion page", () => {
    expect(polus.rights.map((r) => [r.right, r.channels])).toEqual([
      ["access", ["email"]],
      ["rectification", ["email"]],
      ["erasure", ["email"]],
      ["erasure", ["web-form"]],
    ]);
  });
});

// ---------------------------------------------------------------- the examples

interface Expectation {
  readonly entry: string;
  readonly codes: readonly string[];
}

/** The `# expect:` comments of a manifest, each tied to the entry on the next line. */
function expectations(text: string, manifest: Manifest): Expectation[] {
  const lines = text.split("\n");
  const out: Expectation[] = [];
  lines.forEach((line, i) => {
    const match = /^\s*# expect: (.+)$/.exec(line);
    if (!match) return;
    const next = lines[i + 1] ?? "";
    const id = /^\s*- id: (\S+)/.exec(next)?.[1];
    const right = /^\s*- right: (\S+)/.exec(next)?.[1];
    let entry: string | undefined;
    if (id !== undefined) {
      const f = manifest.flows.findIndex((x) => x.id === id);
      const d = manifest.deletion.findIndex((x) => x.id === id);
      entry = f >= 0 ? `flows.${f}` : d >= 0 ? `deletion.${d}` : undefined;
    } else if (right !== undefined) {
      const r = (manifest.rights ?? []).findIndex((x) => x.right === right);
      entry = r >= 0 ? `rights.${r}` : undefined;
    }
    if (entry === undefined) throw new Error(`line ${i + 1}: "# expect:" is not directly above a "- id:" or "- right:" line of the manifest`);
    out.push({ entry, codes: match[1]!.split(",").map((c) => c.trim()).sort() });
  });
  return out;
}

/** Every finding of a manifest by entry: `pledge lint`'s, and the flow engine's (a set: duplicates merge). */
function findingsByEntry(file: string): { manifest: Manifest; byEntry: Map<string, Set<string>> } {
  const lint = lintFile(file);
  const manifest = lint.documents[0]?.manifest;
  if (!manifest) throw new Error(`${file}: ${lint.findings.map((f) => f.message).join("; ")}`);
  const byEntry = new Map<string, Set<string>>();
  const add = (path: readonly (string | number)[], code: string) => {
    const entry = path.length >= 2 && typeof path[1] === "number" ? `${String(path[0])}.${path[1]}` : String(path[0] ?? "");
    byEntry.set(entry, (byEntry.get(entry) ?? new Set()).add(code));
  };
  for (const f of lint.findings) add(f.path, f.code);
  checkFlows(compilePolicy(polus), manifest.flows).forEach((result, i) => {
    for (const f of result.findings) add(["flows", i, ...f.path], f.code);
  });
  return { manifest, byEntry };
}

describe("examples/polus", () => {
  it("app.flows.yaml keeps the policy: no findings at all", () => {
    const { byEntry } = findingsByEntry(join(root, "examples/polus/app.flows.yaml"));
    expect(Object.fromEntries([...byEntry].map(([k, v]) => [k, [...v]]))).toEqual({});
  });

  it("violations.flows.yaml gives exactly the findings its # expect: comments name", () => {
    const file = join(root, "examples/polus/violations.flows.yaml");
    const { manifest, byEntry } = findingsByEntry(file);
    const expected = expectations(readFileSync(file, "utf8"), manifest);
    const want = Object.fromEntries(expected.map((e) => [e.entry, [...e.codes]]));
    const got = Object.fromEntries([...byEntry].map(([k, v]) => [k, [...v].sort()]));
    expect(got).toEqual(want);
    // The brief's cases are all there.
    const all = new Set(expected.flatMap((e) => e.codes));
    for (const code of ["flow-incorrect", "flow-omitted", "flow-vague", "condition-unmet", "retention-unbounded", "deletion-missing", "right-unsupported"]) expect(all.has(code), code).toBe(true);
  });

  it("both examples are valid manifests for the polus schema", () => {
    for (const name of ["app", "violations"]) {
      const text = readFileSync(join(root, `examples/polus/${name}.flows.yaml`), "utf8");
      expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../../schemas/polus.manifest.schema.json");
      expect((parse(text) as { policy: string }).policy).toBe("polus");
      const input = lintFile(join(root, `examples/polus/${name}.flows.yaml`)).findings.filter((f) => ["parse-error", "schema-invalid", "unknown-term", "duplicate-id", "unknown-policy"].includes(f.code));
      expect(input).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- the source text

const seedFile = join(root, "../shared/seeds", polus.source.file);
describe.skipIf(!existsSync(seedFile))("the Polus source text (skipped without ../shared/seeds)", () => {
  const text = existsSync(seedFile) ? readFileSync(seedFile, "utf8") : "";

  it("cites every sentence of the text", () => {
    const coverage = sourceCoverage(polus, text);
    expect(coverage.uncited.map((s) => `line ${s.line}: ${s.text}`)).toEqual([]);
    expect(coverage.total).toBe(29);
  });

  it("names sections by the headings printed in the text", () => {
    const headings = new Set(splitSentences(text).headings);
    const sections = new Set([...polus.statements, ...polus.retention, ...polus.rights, ...polus.notes].flatMap((r) => (r.citation ? [r.citation.section] : [])));
    for (const section of sections) expect(headings.has(section), section).toBe(true);
  });
});
