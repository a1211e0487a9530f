import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { deadlineCommand } from "../../src/cli/commands/deadline.js";
import type { CommandIO } from "../../src/cli/command.js";
import { acme } from "./fixtures.js";

function run(args: string[], cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const io: CommandIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => ({ ok: true, text: "" }), cwd, isTTY: false, stderrIsTTY: false, env: {} };
  const code = deadlineCommand.run(args, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "pledge-deadline-"));
writeFileSync(join(dir, "acme.policy.yaml"), stringify(acme));

describe("pledge deadline", () => {
  it("prints a table of deadlines, then the rules cited", () => {
    const { code, stdout, stderr } = run(["acme.policy.yaml", "--event", "account-deletion-requested", "--at", "2026-11-23T10:00:00Z"], dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(0, 5)).toEqual([
      "acme: account-deletion-requested at 2026-11-23T10:00:00Z",
      "",
      "  deadline (UTC)        action  data           store    within                                                       rule",
      "  2026-12-23T10:00:00Z  delete  personal-data  primary  30 days                                                      account-deletion",
      "  2027-03-23T10:00:00Z  purge   personal-data  backups  90 days after account-deleted (latest 2026-12-23T10:00:00Z)  backups",
    ]);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout).toContain('  account-deletion  §6: "all personal data is permanently deleted within 30 days"\n      except: legal-obligation ("except where retention is required by law")');
  });

  it("prints JSON and an iCalendar file", () => {
    const json = run(["acme.policy.yaml", "--event=integration-disconnected", "--at=2026-11-23T10:00:00Z", "--format", "json"], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, policy: "acme", deadlines: [{ ruleId: "tokens-disconnect", due: "2026-11-23T10:00:00Z", dueWithTolerance: "2026-11-23T11:00:00Z" }, { ruleId: "social-disconnect" }] });
    const ics = run(["acme.policy.yaml", "--event", "integration-disconnected", "--at", "2026-11-23T10:00:00Z", "--format", "ics"], dir);
    expect(ics.code).toBe(0);
    expect(ics.stdout.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  });

  it("works with a bundled policy id", () => {
    const { code, stdout } = run(["pomeg", "--event", "account-deletion-requested", "--at", "2026-11-23T10:00:00Z"]);
    expect(code).toBe(0);
    expect(stdout.startsWith("pomeg: account-deletion-requested at 2026-11-23T10:00:00Z\n")).toBe(true);
  });

  it("refuses a bad event with did-you-mean, exit 2", () => {
    const { code, stdout, stderr } = run(["acme.policy.yaml", "--event", "account-deletion-request", "--at", "2026-11-23T10:00:00Z"], dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('pledge deadline: --event: unknown event "account-deletion-request" (did you mean "account-deletion-requested"?)');
  });

  it("refuses bad instants clearly, exit 2", () => {
    const impossible = run(["acme.policy.yaml", "--event", "item-deleted", "--at", "2026-02-30T10:00:00Z"], dir);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain("--at: 2026-02-30 is not a calendar date");
    const local = run(["acme.policy.yaml", "--event", "item-deleted", "--at", "2026-11-23T10:00"], dir);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('did you mean "2026-11-23T10:00:00Z"?');
  });

  it("--right tells when a request must be answered, or that no time is promised", () => {
    const due = run(["acme.policy.yaml", "--right", "access", "--at", "2026-11-23T16:00:00+06:00"], dir);
    expect(due.code).toBe(0);
    expect(due.stdout).toBe(
      'acme: access request received at 2026-11-23T10:00:00Z\n\n  answer by 2026-12-23T10:00:00Z (within 30 days, rule right-access)\n  channels: email, web-form\n\nRules:\n  right-access  §7: "We will respond to all valid requests within 30 days."\n',
    );
    expect(run(["acme.policy.yaml", "--right", "objection", "--at", "2026-11-23T10:00:00Z"], dir).stdout).toContain("no response deadline: the policy grants objection but promises no response time");
    const ics = run(["acme.policy.yaml", "--right", "erasure", "--at", "2026-11-23T10:00:00Z", "--format", "ics"], dir);
    expect(ics.stdout).toContain("UID:acme.right.erasure.20261123T100000Z.right-erasure@pledge\r\nDTSTAMP:20261123T100000Z\r\nDTSTART:20261223T100000Z\r\n");
    expect(JSON.parse(run(["acme.policy.yaml", "--right", "erasure", "--at", "2026-11-23T10:00:00Z", "--format", "json"], dir).stdout)).toMatchObject({ promised: true, due: "2026-12-23T10:00:00Z" });
    const bad = run(["acme.policy.yaml", "--right", "erasur", "--at", "2026-11-23T10:00:00Z"], dir);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--right: unknown right "erasur" (did you mean "erasure"?)') });
    expect(run(["acme.policy.yaml", "--right", "erasure", "--at", "2026-11-31T10:00:00Z"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("--at: 2026-11-31 is not a calendar date") });
    expect(run(["acme.policy.yaml", "--right", "erasure", "--event", "item-deleted", "--at", "2026-11-23T10:00:00Z"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("not both") });
  });

  it("refuses bad usage, exit 2; --help exits 0", () => {
    expect(run(["acme.policy.yaml", "--at", "2026-11-23T10:00:00Z"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("missing --event") });
    expect(run(["acme.policy.yaml", "--event", "item-deleted", "--at", "2026-11-23T10:00:00Z", "--format", "xml"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("--format must be one of table, json, ics") });
    expect(run(["acme.policy.yaml", "--bogus"], dir)).toMatchObject({ code: 2 });
    expect(run(["acme", "--event", "item-deleted", "--at", "2026-11-23T10:00:00Z"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown policy "acme"') });
    expect(run(["--help"])).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: pledge deadline <policy>") });
  });
});
