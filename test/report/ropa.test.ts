import { describe, expect, it } from "vitest";
import { ropaCommand } from "../../src/cli/commands/ropa.js";
import { INPUT_CODES } from "../../src/lint.js";
import { lintManifest } from "../../src/manifest/validate.js";
import { resolveBundledPolicy } from "../../src/policy/registry.js";
import { activityCells, NOT_DECLARED, recordOfProcessing, ropaCsv, ropaMarkdown, type RecordOfProcessing } from "../../src/report/ropa.js";
import { memoryIO } from "../support/io.js";
import { ROOT } from "../cli/helpers.js";

const TODAY = "2026-11-23";

function record(value: unknown): RecordOfProcessing {
  const lint = lintManifest(value, resolveBundledPolicy, { today: TODAY });
  const input = lint.findings.filter((f) => INPUT_CODES.has(f.code));
  if (!lint.manifest || !lint.policy || !lint.vocabulary || input.length > 0) throw new Error(`not a valid manifest: ${input.map((f) => f.message).join("; ")}`);
  return recordOfProcessing({ manifest: lint.manifest, policy: lint.policy, vocabulary: lint.vocabulary, file: "app.flows.yaml" });
}

const flow = {
  id: "send-chat",
  description: "Chat text goes to OpenAI.",
  action: "share",
  data: ["chat-content"],
  recipient: "openai",
  purposes: ["ai-chat"],
};

describe("recordOfProcessing", () => {
  it("names the controller from the policy's operator and says what neither input gives", () => {
    const r = record({ policy: "pocketo", flows: [flow] });
    expect(r.controller.name).toBe("Pocketo");
    expect(r.controller.dataProtectionOfficer).toBe(NOT_DECLARED);
    expect(r.controller.jointController).toBe(NOT_DECLARED);
    expect(r.controller.representative).toBe(NOT_DECLARED);
    expect(r.policy).toMatchObject({ id: "pocketo", lastUpdated: "2026-05-10" });
  });

  it("groups flows by purpose and marks processors and third parties", () => {
    const r = record({
      policy: "pocketo",
      flows: [flow, { ...flow, id: "push", data: ["push-token"], recipient: "push-notification-service", purposes: ["transactional-notifications"] }],
    });
    const chat = r.activities.find((a) => a.purpose.id === "ai-chat");
    expect(chat?.flows).toEqual(["send-chat"]);
    expect(chat?.recipients).toEqual([{ id: "openai", label: "OpenAI", role: "third-party" }]);
    const push = r.activities.find((a) => a.purpose.id === "transactional-notifications");
    expect(push?.recipients.map((x) => x.role)).toEqual(["processor"]);
  });

  it("says 'not declared' for data subjects and locations the flows leave out, and names the flows", () => {
    const r = record({ policy: "pocketo", flows: [flow] });
    const cells = activityCells(r.activities[0]!);
    expect(cells.dataSubjects).toBe(NOT_DECLARED);
    expect(cells.transfers).toBe(NOT_DECLARED);
    expect(cells.securityMeasures).toBe(NOT_DECLARED);
  });

  it("lists declared data subjects, and the flows that declare none", () => {
    const r = record({
      policy: "pocketo",
      dataSubjects: [{ id: "users", description: "App users", fideslang: "customer" }],
      flows: [{ ...flow, subjects: ["users"] }, { ...flow, id: "other" }],
    });
    expect(r.dataSubjects).toEqual([{ id: "users", label: "App users" }]);
    expect(activityCells(r.activities[0]!).dataSubjects).toBe("App users; not declared for other");
  });

  it("reads erasure time limits from the policy's rules and the manifest's plans, and flags data no plan deletes", () => {
    const r = record({
      policy: "pomeg",
      flows: [{ id: "store-profile", description: "Profile stored.", action: "store", data: ["full-name"], recipient: "first-party", purposes: ["account-management"], location: "bangladesh" }],
      deletion: [],
    });
    const activity = r.activities[0]!;
    expect(activity.retention.map((x) => x.ruleId)).toEqual(["s6-account-deletion", "s6-backups"]);
    expect(activity.unboundedData).toEqual(["full-name"]);
    expect(activityCells(activity).retention).toContain("within 30 days of account-deletion-requested (rule s6-account-deletion");
    expect(activity.locations).toEqual([{ id: "bangladesh", label: "Bangladesh", outsideStatedLocations: false, flows: ["store-profile"] }]);
  });

  it("marks a location outside the ones the policy states", () => {
    const r = record({
      policy: "pomeg",
      flows: [{ id: "us-host", description: "Hosted in the US.", action: "store", data: ["full-name"], recipient: "first-party", purposes: ["account-management"], location: "us" }],
    });
    expect(r.activities[0]!.locations[0]!.outsideStatedLocations).toBe(true);
    expect(activityCells(r.activities[0]!).transfers).toBe("United States (outside the locations the policy states)");
  });
});

describe("formats", () => {
  const r = record({ policy: "pocketo", flows: [{ ...flow, description: 'Chat, "quoted"' }] });

  it("CSV quotes cells with commas and quotes, ends lines with CRLF, one row per activity", () => {
    const csv = ropaCsv([r]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "Manifest,Controller (30(1)(a)),Controller contact (30(1)(a)),Joint controller (30(1)(a)),Representative (30(1)(a)),Data protection officer (30(1)(a)),Purpose (30(1)(b)),Data subjects (30(1)(c)),Personal data (30(1)(c)),Recipients (30(1)(d)),Locations and transfers (30(1)(e)),Erasure time limits (30(1)(f)),Security measures (30(1)(g)),Flows",
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines[1]!.startsWith("app.flows.yaml,Pocketo,")).toBe(true);
  });

  it("Markdown escapes pipes and has one table row per activity", () => {
    const md = ropaMarkdown([r]);
    const rows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ---") && !l.startsWith("| Purpose"));
    expect(rows).toHaveLength(r.activities.length);
    expect(md).toContain("- Data protection officer: not declared");
    expect(md).toContain("- Joint controller: not declared");
    expect(md).toContain("- Representative in the Union (Art. 27): not declared");
  });
});

describe("pledge ropa", () => {
  it("writes the record of the Pomeg example with its declared data subjects", async () => {
    const io = memoryIO({ cwd: ROOT });
    expect(await ropaCommand.run(["examples/pomeg/app.flows.yaml", "--format", "json", "--now", TODAY], io)).toBe(0);
    const [rec] = JSON.parse(io.out) as RecordOfProcessing[];
    expect(rec?.file).toBe("examples/pomeg/app.flows.yaml");
    expect(rec?.activities.find((a) => a.purpose.id === "phone-agent")?.dataSubjects.map((s) => s.id)).toEqual(["callers"]);
    expect(rec?.activities.every((a) => a.subjectsUndeclared.length === 0)).toBe(true);
  });

  it("exits 2 with file:line:column on input errors, and on an unknown format", async () => {
    const io = memoryIO({ cwd: ROOT });
    expect(await ropaCommand.run(["test/fixtures/lint/bad/unknown-term.flows.yaml", "--now", TODAY], io)).toBe(2);
    expect(io.err).toMatch(/^pledge ropa: test\/fixtures\/lint\/bad\/unknown-term\.flows\.yaml:\d+:\d+: .*\(unknown-term\)$/m);
    const io2 = memoryIO({ cwd: ROOT });
    expect(await ropaCommand.run(["examples", "--format", "xlsx"], io2)).toBe(2);
    expect(io2.err).toContain('--format must be one of markdown, csv, json, not "xlsx"');
  });

  it("reports a flow naming an undeclared data subject as an input error", () => {
    const lint = lintManifest({ policy: "pocketo", dataSubjects: [{ id: "users", description: "App users" }], flows: [{ ...flow, subjects: ["user"] }] }, resolveBundledPolicy, { today: TODAY });
    expect(lint.findings.filter((f) => INPUT_CODES.has(f.code)).map((f) => [f.code, f.path, f.message])).toEqual([["schema-invalid", ["flows", 0, "subjects", 0], 'unknown data subject "user"; the manifest declares users']]);
  });
});
