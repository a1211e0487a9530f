import { describe, expect, it } from "vitest";
import { deadlinesFor, rightToICalendar, rightsDeadline, toICalendar, type DeadlineSchedule } from "../../src/deadlines/index.js";
import { acme } from "./fixtures.js";

const schedule = (event: string, at: string): DeadlineSchedule => {
  const s = deadlinesFor(acme, event, at);
  if (!s.ok) throw new Error(s.issue.message);
  return s;
};
const unfold = (text: string) => text.replace(/\r\n /g, "");

describe("toICalendar", () => {
  const ics = toICalendar(schedule("account-deletion-requested", "2026-11-23T10:00:00Z"));

  it("is a VCALENDAR with one VEVENT per deadline, CRLF line endings", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pledge//deadlines//EN\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it("folds every line at 75 octets, never inside a character", () => {
    const lines = ics.split("\r\n");
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    const wide = toICalendar({ ...schedule("item-deleted", "2026-11-23T10:00:00Z"), policy: "ü".repeat(100) });
    for (const line of wide.split("\r\n")) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(unfold(wide)).toContain(`SUMMARY:${"ü".repeat(100)}: delete communications from caches (chats)`);
  });

  it("has deterministic UIDs and a DTSTAMP taken from the input, and escapes text", () => {
    const text = unfold(ics);
    expect(text).toContain("UID:acme.account-deletion-requested.20261123T100000Z.account-deletion.primary@pledge\r\nDTSTAMP:20261123T100000Z\r\nDTSTART:20261223T100000Z");
    expect(text).toContain("UID:acme.account-deletion-requested.20261123T100000Z.backups.backups@pledge");
    expect(text).toContain("DTSTART:20270323T100000Z");
    expect(text).not.toContain("DTEND");
    expect(text).toContain("SUMMARY:acme: delete personal-data from primary (account-deletion)");
    expect(text).toContain('section 6: \\"'.replace('\\"', '"'));
    expect(text).toMatch(/DESCRIPTION:[^\r]*\\n/);
    expect(text).toContain("Backup copies may be retained for up to 90 days following deletion");
    expect(toICalendar(schedule("account-deletion-requested", "2026-11-23T16:00:00+06:00"))).toBe(ics);
  });

  it("describes chained deadlines and 'immediately' in words", () => {
    const text = unfold(ics);
    expect(text).toContain("DESCRIPTION:delete personal-data from primary within 30 days of account-deletion-requested (2026-11-23T10:00:00Z).");
    expect(text).toContain("DESCRIPTION:purge personal-data from backups within 90 days of account-deleted\\, counted from the latest permitted primary deletion 2026-12-23T10:00:00Z (account-deletion) after account-deletion-requested (2026-11-23T10:00:00Z).");
    const immediate = unfold(toICalendar(schedule("integration-disconnected", "2026-11-23T10:00:00Z")));
    expect(immediate).toContain("immediately on integration-disconnected (2026-11-23T10:00:00Z).\\nDue 2026-11-23T10:00:00Z\\; tolerance 1 hour (PT1H).");
  });

  it("writes a request's answer deadline, and an empty calendar when none is promised", () => {
    const due = rightsDeadline(acme, "access", "2026-11-23T10:00:00Z");
    const none = rightsDeadline(acme, "objection", "2026-11-23T10:00:00Z");
    if (!due.ok || !due.promised || !none.ok) throw new Error("unexpected");
    expect(unfold(rightToICalendar("acme", due))).toContain("DTSTART:20261223T100000Z\r\nSUMMARY:acme: answer the access request received 2026-11-23T10:00:00Z (right-access)");
    expect(rightToICalendar("acme", none)).not.toContain("VEVENT");
    expect(due.channels.length).toBeGreaterThan(0);
    expect(unfold(rightToICalendar("acme", due))).toContain(`\\nChannels the policy names: ${due.channels.join("\\, ")}.\\n`);
    const described = unfold(rightToICalendar("acme", { ...due, channels: [] }));
    expect(described).not.toContain("Channels");
    expect(described).toMatch(/DESCRIPTION:Answer the access request received 2026-11-23T10:00:00Z within .*\.\\nacme rule right-access\\, section /);
  });
});
