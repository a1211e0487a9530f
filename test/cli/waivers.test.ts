import { describe, expect, it } from "vitest";
import { FIXTURES, pledge, type JsonFile } from "./helpers.js";

const WAIVERS = `${FIXTURES}/waivers/waivers.flows.yaml`;

const lint = (now: string[], env: Record<string, string | undefined> = {}) => {
  const run = pledge(["lint", WAIVERS, "--format", "json", ...now], { env });
  const [file] = JSON.parse(run.stdout) as JsonFile[];
  return { code: run.code, file: file! };
};

describe("waivers", () => {
  it("suppress while active, report unused waivers, and expire on the day after `expires`", () => {
    // 2026-06-30: both waivers active; the flow-omitted waiver matches nothing.
    const active = lint(["--now", "2026-06-30"]);
    expect(active.code).toBe(0);
    expect(active.file.messages.map((m) => [m.ruleId, m.line, m.column, m.severity])).toEqual([["waiver-unused", 29, 5, 1]]);
    expect(active.file.messages[0]?.message).toBe("the waiver of flow-omitted matches no finding; remove it");
    expect(active.file.suppressedMessages.map((m) => [m.ruleId, m.flowId, m.suppressions])).toEqual([
      ["flow-vague", "chat-hosting", [{ kind: "inSource", justification: "Legal: the policy update naming our host ships in Q1", expires: "2026-12-31" }]],
      ["flow-incorrect", "sell-emails", [{ kind: "inSource", justification: "Grandfathered contract", expires: "2026-06-30" }]],
    ]);
    // 2026-07-01: the second waiver expired: an error, and its finding is back.
    const expired = lint(["--now", "2026-07-01"]);
    expect(expired.code).toBe(1);
    expect(expired.file.messages.map((m) => m.ruleId)).toEqual(["flow-incorrect", "waiver-expired", "waiver-unused"]);
    expect(expired.file.messages[1]).toMatchObject({
      line: 28,
      column: 14,
      severity: 2,
      message: 'the waiver of flow-incorrect on sell-emails expired on 2026-06-30 (today is 2026-07-01); fix the findings or renew the waiver ("Grandfathered contract")',
    });
    expect(expired.file.suppressedMessages.map((m) => m.ruleId)).toEqual(["flow-vague"]);
  });

  it("take today from --now, else PLEDGE_NOW (a date, or an instant read in UTC)", () => {
    expect(lint([], { PLEDGE_NOW: "2026-06-30" }).code).toBe(0);
    expect(lint([], { PLEDGE_NOW: "2026-06-30T23:30:00-02:00" }).code).toBe(1);
    expect(lint(["--now", "2026-06-30"], { PLEDGE_NOW: "2027-01-01" }).code).toBe(0);
  });

  it("are counted, not listed, by stylish", () => {
    const run = pledge(["lint", WAIVERS, "--now", "2026-06-30"]);
    expect(run.stdout.endsWith("✖ 1 problem (0 errors, 1 warning), 2 suppressed by waivers\n")).toBe(true);
  });
});
