/**
 * `lintManifest` in process: the order of its steps, the checks' paths and subjects, and the
 * waivers, decision by decision (the CLI tests see the same through a built binary, which a
 * mutation run cannot reach).
 */
import { readFileSync } from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";
import { describe, expect, it, vi } from "vitest";
import type { Finding } from "../src/findings.js";
import { applyWaivers, lintShape, MANIFEST_CHECKS, type ManifestCheck, type PolicyResolver } from "../src/lint.js";
import { lintManifest, parseManifest } from "../src/manifest/validate.js";
import type { Waiver } from "../src/model/manifest.js";
import { validatePolicy } from "../src/policy/validate.js";

const fixture = validatePolicy(load(readFileSync(new URL("fixtures/lint/fixture.policy.yaml", import.meta.url), "utf8"), { schema: CORE_SCHEMA }));
const resolve: PolicyResolver = (reference) => (reference === "fixture" ? fixture : { ok: false, message: `no policy named ${reference}` });
const TODAY = "2026-06-30";

const flow = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  description: id,
  action: "share",
  data: ["communications"],
  recipient: "cloud-provider",
  purposes: ["service-provision"],
  ...extra,
});
/** Vague: the fixture discloses sharing messages with processors, not with a cloud provider by name. */
const vague = flow("chat-hosting");
/** Incorrect: the fixture never sells personal data. */
const sale = flow("sell-emails", { action: "sell", data: ["email-address"], recipient: "data-broker", purposes: ["advertising"] });
const late = { id: "account", trigger: "account-deletion-requested", steps: [{ data: ["personal-data"], store: "primary", after: "P40D" }] };
const onTime = { ...late, steps: [{ data: ["personal-data"], store: "primary", after: "P30D" }] };

/** Every manifest deletes its data on time unless it says otherwise, so that only the findings under test show. */
const lint = (manifest: Record<string, unknown>, today = TODAY) => lintManifest({ policy: "fixture", deletion: [onTime], ...manifest }, resolve, { today });
const summary = (findings: readonly Finding[]) => findings.map((f) => [f.code, f.path, f.subject]);

describe("lintManifest: steps and paths", () => {
  it("flow findings get the flow's path and id, and keep their verdict; deletion findings the plan's; right findings no subject", () => {
    const result = lint({ flows: [vague, sale], deletion: [late], rights: [{ right: "erasure", channels: ["email"] }] });
    expect(summary(result.findings)).toEqual([
      ["deletion-late", ["deletion", 0, "steps", 0, "after"], "account"],
      ["flow-vague", ["flows", 0, "recipient"], "chat-hosting"],
      ["flow-incorrect", ["flows", 1, "data", 0], "sell-emails"],
      // The manifest does not list access; the finding is about the rights section, no entry of it.
      ["right-unsupported", ["rights"], undefined],
    ]);
    expect(result.findings.map((f) => f.verdict)).toEqual([undefined, "vague", "incorrect", undefined]);
    expect(result.findings.map((f) => f.rules.map((r) => r.ruleId))).toEqual([["f4-deletion"], ["f2-processors"], ["f3-no-sale"], ["f5-access"]]);
    expect(result.suppressed).toEqual([]);
    expect(result.policy?.id).toBe("fixture");
    expect(result.manifest?.flows.map((f) => f.id)).toEqual(["chat-hosting", "sell-emails"]);
  });

  it("a flow naming an unknown term is left out of the checks; the others keep their own index", () => {
    const result = lint({ flows: [flow("odd", { data: ["no-such-data"] }), sale] });
    expect(summary(result.findings)).toEqual([
      ["unknown-term", ["flows", 0, "data", 0], undefined],
      ["flow-incorrect", ["flows", 1, "data", 0], "sell-emails"],
    ]);
  });

  it("the obligations check runs only when every term is known", () => {
    const known = lint({ flows: [vague], deletion: [late] });
    expect(known.findings.map((f) => f.code)).toEqual(["deletion-late", "flow-vague"]);
    const unknown = lint({ flows: [vague, flow("odd", { recipient: "no-such-recipient" })], deletion: [late] });
    expect(unknown.findings.map((f) => [f.code, f.path])).toEqual([
      ["flow-vague", ["flows", 0, "recipient"]],
      ["unknown-term", ["flows", 1, "recipient"]],
    ]);
  });

  it("a term problem other than an unknown term (a duplicate flow id) does not stop the obligations check", () => {
    const result = lint({ flows: [vague, vague], deletion: [late] });
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      ["deletion-late", ["deletion", 0, "steps", 0, "after"]],
      ["flow-vague", ["flows", 0, "recipient"]],
      ["duplicate-id", ["flows", 1, "id"]],
      ["flow-vague", ["flows", 1, "recipient"]],
    ]);
  });

  it("without a day given, waivers expire against today's date in UTC", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-06-30T23:30:00Z"));
      const manifest = { policy: "fixture", flows: [sale], deletion: [onTime], waivers: [{ rule: "flow-incorrect", flow: "sell-emails", reason: "contract", expires: "2026-06-30" }] };
      expect(lintManifest(manifest, resolve).suppressed.map((f) => f.code)).toEqual(["flow-incorrect"]);
      vi.setSystemTime(new Date("2026-07-01T00:30:00Z"));
      expect(lintManifest(manifest, resolve).findings.map((f) => f.code)).toEqual(["flow-incorrect", "waiver-expired"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a requirement finding of a flow carries no verdict (only disclosure findings do)", () => {
    // f2-processors asks for nothing; a policy requiring encryption for shared messages does.
    const strict = validatePolicy({
      ...(fixture.ok ? fixture.policy : {}),
      statements: [
        ...(fixture.ok ? fixture.policy.statements : []),
        { id: "f6-encrypt", modality: "must", actions: ["share"], data: ["communications"], recipients: ["processor"], purposes: [], conditions: [], safeguards: ["encryption-in-transit"], locations: [], citation: { section: "6", quote: "encrypted in transit" } },
      ],
    });
    const result = lintManifest({ policy: "strict", flows: [flow("hosted", { recipient: "processor" })], deletion: [onTime] }, () => strict, { today: TODAY });
    expect(result.findings.map((f) => [f.code, f.path, f.subject, f.verdict])).toEqual([["safeguard-missing", ["flows", 0, "safeguards"], "hosted", undefined]]);
  });

  it("an unknown policy is the only finding, at the policy reference, with the resolver's message", () => {
    const result = lintManifest({ policy: "nowhere", flows: [sale] }, resolve, { today: TODAY });
    expect(result.findings).toEqual([{ code: "unknown-policy", severity: "error", message: "no policy named nowhere", path: ["policy"], rules: [] }]);
    expect(result.suppressed).toEqual([]);
    expect(result.policy).toBeUndefined();
    expect(result.manifest?.policy).toBe("nowhere");
  });

  it("an invalid policy is reported with its findings' messages joined", () => {
    const invalid = validatePolicy({ id: "broken" });
    expect(invalid.ok).toBe(false);
    const messages = invalid.ok ? [] : invalid.findings.map((f) => f.message);
    expect(messages.length).toBeGreaterThan(1);
    const result = lintManifest({ policy: "broken", flows: [] }, () => invalid, { today: TODAY });
    expect(result.findings.map((f) => [f.code, f.path, f.message])).toEqual([["unknown-policy", ["policy"], messages.join("; ")]]);
  });

  it("unknown keys are reported beside a full lint of the rest; any other shape error stands alone", () => {
    const recovered = lintShape(parseManifest({ policy: "fixture", flows: [sale], deletion: [onTime], extra: 1 }), resolve, { today: TODAY });
    expect(recovered.findings.map((f) => [f.code, f.path])).toEqual([
      ["schema-invalid", ["extra"]],
      ["flow-incorrect", ["flows", 0, "data", 0]],
    ]);
    expect(recovered.policy?.id).toBe("fixture");
    const broken = lintShape(parseManifest({ policy: "fixture", flows: [{ ...sale, action: 3 }] }), resolve, { today: TODAY });
    expect(broken.findings.map((f) => f.code)).toEqual(["schema-invalid"]);
    expect([broken.manifest, broken.policy]).toEqual([undefined, undefined]);
  });

  it("a check that throws costs its own findings only, naming the check and the error", () => {
    const boom = (thrown: unknown): ManifestCheck => ({ id: "boom", description: "throws", run: () => { throw thrown; } });
    const failed = (thrown: unknown) => lintManifest({ policy: "fixture", flows: [sale], deletion: [onTime] }, resolve, { today: TODAY, checks: [boom(thrown), ...MANIFEST_CHECKS] }).findings;
    const byError = failed(new RangeError("out of range"));
    expect(summary(byError)).toEqual([
      ["check-failed", [], undefined],
      ["flow-incorrect", ["flows", 0, "data", 0], "sell-emails"],
    ]);
    expect(byError[0]).toMatchObject({ severity: "error", rules: [] });
    expect(byError[0]?.message).toBe("the boom check failed on this manifest (a bug in pledge; please report it): RangeError: out of range");
    expect(failed("plain text")[0]?.message).toMatch(/: plain text$/);
    const unprintable = { toString: () => { throw new Error("no"); } };
    expect(failed(unprintable)[0]?.message).toMatch(/: an error that cannot be shown$/);
  });

  it("a finding without a subject gets one from its path: a flow's or plan's id, a right's name; never from another section", () => {
    const at = (path: (string | number)[], subject?: string): ManifestCheck => ({
      id: "at",
      description: "one finding",
      run: () => [{ code: "flow-vague", severity: "warning", message: "m", path, rules: [], ...(subject !== undefined ? { subject } : {}) }],
    });
    const subjectOf = (check: ManifestCheck) => {
      const [finding] = lintManifest(
        { policy: "fixture", flows: [vague], deletion: [onTime], rights: [{ right: "access", channels: ["email"] }] },
        resolve,
        { today: TODAY, checks: [check] },
      ).findings;
      // A finding left without a subject has no subject key at all.
      if (finding?.subject === undefined) expect(Object.keys(finding ?? {})).not.toContain("subject");
      return finding?.subject;
    };
    expect(subjectOf(at(["flows", 0, "data"]))).toBe("chat-hosting");
    expect(subjectOf(at(["deletion", 0]))).toBe("account");
    expect(subjectOf(at(["rights", 0, "channels"]))).toBe("access");
    expect(subjectOf(at(["flows", 0], "given"))).toBe("given");
    expect(subjectOf(at(["flows", 3]))).toBeUndefined();
    expect(subjectOf(at(["deletion", 3]))).toBeUndefined();
    expect(subjectOf(at(["rights", 3]))).toBeUndefined();
    expect(subjectOf(at(["waivers", 0]))).toBeUndefined();
    expect(subjectOf(at(["flows", "0"]))).toBeUndefined();
    expect(subjectOf(at([]))).toBeUndefined();
  });
});

describe("applyWaivers", () => {
  const f = (code: Finding["code"], subject: string | undefined, ruleIds: string[] = []): Finding => ({
    code,
    severity: "error",
    message: `${code} on ${subject ?? "?"}`,
    path: ["flows", 0],
    ...(subject !== undefined ? { subject } : {}),
    rules: ruleIds.map((ruleId) => ({ ruleId, citation: { section: "1", quote: "q" } })),
  });
  const w = (waiver: Partial<Waiver>): Waiver => ({ reason: "because", expires: TODAY, ...waiver }) as Waiver;
  const codes = (r: ReturnType<typeof applyWaivers>) => [r.findings.map((x) => x.code), r.suppressed.map((x) => x.code)];

  it("a waiver holds through its expiry day and lapses the day after, as an error at its expires field", () => {
    const findings = [f("flow-incorrect", "sell")];
    const waivers = [w({ rule: "flow-incorrect", flow: "sell", reason: "contract" })];
    const onTheDay = applyWaivers(findings, waivers, TODAY);
    expect(codes(onTheDay)).toEqual([[], ["flow-incorrect"]]);
    expect(onTheDay.suppressed[0]?.suppression).toEqual({ kind: "inSource", justification: "contract", waiver: 0, expires: TODAY });
    const after = applyWaivers(findings, waivers, "2026-07-01");
    expect(codes(after)).toEqual([["flow-incorrect", "waiver-expired"], []]);
    expect(after.findings[1]).toEqual({
      code: "waiver-expired",
      severity: "error",
      message: 'the waiver of flow-incorrect on sell expired on 2026-06-30 (today is 2026-07-01); fix the findings or renew the waiver ("contract")',
      path: ["waivers", 0, "expires"],
      subject: "sell",
      rules: [],
    });
  });

  it("an active waiver that matches nothing is a warning at the waiver; one without a flow has no subject", () => {
    const result = applyWaivers([f("flow-vague", "chat")], [w({ rule: "flow-omitted" }), w({ rule: "flow-incorrect", flow: "chat" })], TODAY);
    expect(result.findings).toStrictEqual([
      f("flow-vague", "chat"),
      { code: "waiver-unused", severity: "warning", message: "the waiver of flow-omitted matches no finding; remove it", path: ["waivers", 0], rules: [] },
      { code: "waiver-unused", severity: "warning", message: "the waiver of flow-incorrect on chat matches no finding; remove it", path: ["waivers", 1], subject: "chat", rules: [] },
    ]);
    const expired = applyWaivers([], [w({ rule: "flow-omitted", expires: "2026-01-01" })], TODAY).findings;
    expect(expired).toStrictEqual([
      {
        code: "waiver-expired",
        severity: "error",
        message: 'the waiver of flow-omitted expired on 2026-01-01 (today is 2026-06-30); fix the findings or renew the waiver ("because")',
        path: ["waivers", 0, "expires"],
        rules: [],
      },
    ]);
  });

  it("matches by code or by a deciding rule id, and only the flow it names", () => {
    const findings = [f("flow-vague", "chat", ["s2-hosting"]), f("flow-vague", "mail", ["s2-hosting"]), f("safeguard-missing", "chat", ["s5-tls"])];
    expect(codes(applyWaivers(findings, [w({ rule: "s5-tls", flow: "chat" })], TODAY))).toEqual([["flow-vague", "flow-vague"], ["safeguard-missing"]]);
    expect(applyWaivers(findings, [w({ rule: "s2-hosting" })], TODAY).suppressed.map((x) => x.subject)).toEqual(["chat", "mail"]);
    expect(applyWaivers(findings, [w({ rule: "flow-vague", flow: "mail" })], TODAY).suppressed.map((x) => x.subject)).toEqual(["mail"]);
    expect(codes(applyWaivers(findings, [w({ rule: "s9-other" })], TODAY))).toEqual([["flow-vague", "flow-vague", "safeguard-missing", "waiver-unused"], []]);
  });

  it("a waiver naming only a flow suppresses every finding of that flow, and says so when unused", () => {
    const findings = [f("flow-vague", "chat"), f("safeguard-missing", "chat"), f("flow-vague", "mail")];
    const result = applyWaivers(findings, [w({ flow: "chat" })], TODAY);
    expect(codes(result)).toEqual([["flow-vague"], ["flow-vague", "safeguard-missing"]]);
    expect(result.findings[0]?.subject).toBe("mail");
    expect(applyWaivers([], [w({ flow: "chat" })], TODAY).findings[0]?.message).toBe("the waiver of every finding on chat matches no finding; remove it");
  });

  it("never waives input problems or problems with the waivers; each finding is suppressed by the first waiver that matches", () => {
    const findings = [f("unknown-term", "chat"), f("check-failed", "chat"), f("flow-vague", "chat")];
    const result = applyWaivers(findings, [w({ flow: "chat", reason: "first" }), w({ rule: "flow-vague", reason: "second" })], TODAY);
    expect(result.findings.map((x) => x.code)).toEqual(["unknown-term", "check-failed", "waiver-unused"]);
    expect(result.findings[2]?.path).toEqual(["waivers", 1]);
    expect(result.suppressed.map((x) => [x.code, x.suppression.waiver, x.suppression.justification])).toEqual([["flow-vague", 0, "first"]]);
  });

  it("through lintManifest: waivers apply to the checks' findings on the day given, and the result is sorted", () => {
    const manifest = {
      flows: [vague, sale],
      waivers: [
        { rule: "flow-vague", flow: "chat-hosting", reason: "host named in Q1", expires: "2026-12-31" },
        { rule: "flow-incorrect", flow: "sell-emails", reason: "contract", expires: TODAY },
      ],
    };
    const active = lint(manifest);
    expect(active.findings).toEqual([]);
    expect(active.suppressed.map((x) => [x.code, x.path, x.suppression.waiver])).toEqual([
      ["flow-vague", ["flows", 0, "recipient"], 0],
      ["flow-incorrect", ["flows", 1, "data", 0], 1],
    ]);
    const lapsed = lint(manifest, "2026-07-01");
    expect(summary(lapsed.findings)).toEqual([
      ["flow-incorrect", ["flows", 1, "data", 0], "sell-emails"],
      ["waiver-expired", ["waivers", 1, "expires"], "sell-emails"],
    ]);
    expect(lapsed.suppressed.map((x) => x.code)).toEqual(["flow-vague"]);
  });
});
