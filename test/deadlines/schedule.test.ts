import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlinesFor, type DeadlineSchedule } from "../../src/deadlines/index.js";
import { PolicySchema } from "../../src/model/policy.js";
import { acme } from "./fixtures.js";

function schedule(event: string, at: string | Date): DeadlineSchedule {
  const result = deadlinesFor(acme, event, at);
  if (!result.ok) throw new Error(result.issue.message);
  return result;
}

describe("deadlinesFor", () => {
  it("account deletion: primary in 30 days, backups 90 days after the latest permitted primary deletion", () => {
    const s = schedule("account-deletion-requested", "2026-11-23T10:00:00Z");
    expect(s.at).toBe("2026-11-23T10:00:00Z");
    expect(s.deadlines.map((d) => [d.ruleId, d.store, d.match, d.startsAt, d.due, d.dueWithTolerance])).toEqual([
      ["account-deletion", "primary", "same", "2026-11-23T10:00:00Z", "2026-12-23T10:00:00Z", "2026-12-23T10:00:00Z"],
      ["backups", "backups", "chained", "2026-12-23T10:00:00Z", "2027-03-23T10:00:00Z", "2027-03-23T10:00:00Z"],
    ]);
    expect(s.deadlines[1]?.via).toEqual({ event: "account-deleted", latestAt: "2026-12-23T10:00:00Z", ruleIds: ["account-deletion"] });
    expect(s.deadlines[0]?.exceptions).toEqual([{ ground: "legal-obligation", citation: { section: "6", quote: "except where retention is required by law" } }]);
    expect(s.deadlines[1]?.citation.quote).toContain("90 days following deletion");
    expect(s.unbounded).toEqual([]);
  });

  it("the completion event itself starts only the backup clock", () => {
    const s = schedule("account-deleted", "2027-01-01T00:00:00Z");
    expect(s.deadlines.map((d) => [d.ruleId, d.match, d.dueWithTolerance])).toEqual([["backups", "same", "2027-04-01T00:00:00Z"]]);
  });

  it("'immediately' is due at the event, with the tolerance explicit", () => {
    const s = schedule("integration-disconnected", "2026-11-23T10:00:00Z");
    const token = s.deadlines.find((d) => d.ruleId === "tokens-disconnect");
    expect(token).toMatchObject({ maxDelay: "PT0S", tolerance: "PT1H", due: "2026-11-23T10:00:00Z", dueWithTolerance: "2026-11-23T11:00:00Z", store: "token-store" });
    expect(s.deadlines.map((d) => d.ruleId)).toEqual(["tokens-disconnect", "social-disconnect"]);
  });

  it("applies rules whose trigger is above or below the event, and says which", () => {
    const chat = schedule("chat-deleted", "2026-11-23T10:00:00Z");
    expect(chat.deadlines.map((d) => [d.ruleId, d.store, d.match])).toEqual([
      ["attachments", "primary", "event-broader"],
      ["chats", "caches", "event-narrower"],
      ["chats", "primary", "event-narrower"],
    ]);
    const item = schedule("item-deleted", "2026-11-23T10:00:00Z");
    expect(item.deadlines.map((d) => [d.ruleId, d.match])).toContainEqual(["attachments", "event-broader"]);
  });

  it("accepts any offset and a Date, and answers in UTC", () => {
    const a = schedule("account-deletion-requested", "2026-11-23T16:00:00+06:00");
    const b = schedule("account-deletion-requested", new Date(Date.UTC(2026, 10, 23, 10)));
    expect(a).toEqual(b);
    expect(a.at).toBe("2026-11-23T10:00:00Z");
  });

  it("leap-year and month-length edges in a purpose-bound P1M rule", () => {
    expect(schedule("purpose-fulfilled", "2028-01-31T09:00:00Z").deadlines[0]?.due).toBe("2028-02-29T09:00:00Z");
    expect(schedule("purpose-fulfilled", "2027-01-31T09:00:00Z").deadlines[0]?.due).toBe("2027-02-28T09:00:00Z");
    expect(schedule("purpose-fulfilled", "2026-12-31T23:00:00-05:00").deadlines[0]?.due).toBe("2027-02-01T04:00:00Z");
  });

  it("returns issues for a bad event or instant, with suggestions", () => {
    const event = deadlinesFor(acme, "account-deletion-request", "2026-11-23T10:00:00Z");
    expect(event).toMatchObject({ ok: false, issue: { code: "unknown-event", field: "event", suggestions: ["account-deletion-requested"] } });
    expect(!event.ok && event.issue.message).toContain('did you mean "account-deletion-requested"?');
    expect(deadlinesFor(acme, "item-deleted", "2026-02-30T10:00:00Z")).toMatchObject({ ok: false, issue: { code: "invalid-instant", field: "at" } });
  });

  it("returns the bad duration of a policy built in code as an issue naming the field", () => {
    const broken = { ...acme, retention: [{ ...acme.retention[0]!, maxDelay: "30 days" }] };
    expect(deadlinesFor(broken, "integration-disconnected", "2026-11-23T10:00:00Z")).toMatchObject({
      ok: false,
      issue: { code: "invalid-duration", field: "retention[0].maxDelay" },
    });
  });

  it("lists a chained rule apart when the policy bounds no primary deletion", () => {
    const onlyBackups = { ...acme, retention: acme.retention.filter((r) => r.id === "backups") };
    const result = deadlinesFor(onlyBackups, "account-deletion-requested", "2026-11-23T10:00:00Z");
    expect(result.ok && result.deadlines).toEqual([]);
    expect(result.ok && result.unbounded.map((u) => [u.ruleId, u.store, u.waitsFor])).toEqual([["backups", "backups", "account-deleted"]]);
  });

  // Months clamp to the month's end, so a later event may be due earlier on the same day
  // (2015-05-30T02:56Z + P1M is 2015-06-30T02:56Z; 2015-05-31T00:00Z + P1M is 2015-06-30T00:00Z),
  // never on an earlier day.
  it("a later event never gives a deadline on an earlier day, and every deadline is at or after the event", () => {
    const events = ["account-deletion-requested", "integration-disconnected", "chat-deleted", "purpose-fulfilled"];
    fc.assert(
      fc.property(fc.constantFrom(...events), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2080, 0, 1) }), fc.integer({ min: 0, max: 1e10 }), (event, t, gap) => {
        const early = schedule(event, new Date(t));
        const late = schedule(event, new Date(t + gap));
        for (const d of early.deadlines) {
          const other = late.deadlines.find((x) => x.ruleId === d.ruleId && x.store === d.store);
          expect(Date.parse(d.dueWithTolerance)).toBeGreaterThanOrEqual(t);
          const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
          expect(day(other!.dueWithTolerance)).toBeGreaterThanOrEqual(day(d.dueWithTolerance));
        }
      }),
    );
    const clamped = (at: string) => schedule("purpose-fulfilled", at).deadlines.map((d) => d.dueWithTolerance);
    expect(clamped("2015-05-30T02:56:15Z")[0]! > clamped("2015-05-31T00:00:00Z")[0]!).toBe(true);
  });
});

describe("deadlinesFor: each decision pinned (the mutation run's survivors)", () => {
  const cite = { section: "t", quote: "test" };
  const withRules = (...rules: Record<string, unknown>[]) => PolicySchema.parse({ ...acme, retention: [...rules, ...acme.retention] });

  it("chains given as an option replace pledge's: without any, backups are not owed on the request", () => {
    const own = deadlinesFor(acme, "account-deletion-requested", "2026-11-23T10:00:00Z", { chains: [] });
    expect(own.ok && own.deadlines.map((d) => [d.ruleId, d.store])).toEqual([["account-deletion", "primary"]]);
    expect(own.ok && own.unbounded).toEqual([]);
    const byDefault = deadlinesFor(acme, "account-deletion-requested", "2026-11-23T10:00:00Z", {});
    expect(byDefault.ok && byDefault.deadlines.map((d) => d.ruleId)).toEqual(["account-deletion", "backups"]);
  });

  it("a chained deadline names the primary rules it waits for, sorted by id whatever their order in the policy", () => {
    const early = { id: "aa-early", data: ["email-address"], stores: ["primary"], trigger: "account-deletion-requested", action: "delete", maxDelay: "P10D", citation: cite };
    // The policy lists account-deletion before aa-early, then zz-late before account-deletion.
    const s = deadlinesFor(PolicySchema.parse({ ...acme, retention: [...acme.retention, early] }), "account-deletion-requested", "2026-11-23T10:00:00Z");
    const backups = s.ok ? s.deadlines.find((d) => d.ruleId === "backups") : undefined;
    expect(backups?.via).toEqual({ event: "account-deleted", latestAt: "2026-12-23T10:00:00Z", ruleIds: ["aa-early", "account-deletion"] });
    const reversed = deadlinesFor(withRules({ ...early, id: "zz-late" }), "account-deletion-requested", "2026-11-23T10:00:00Z");
    expect(reversed.ok && reversed.deadlines.find((d) => d.ruleId === "backups")?.via?.ruleIds).toEqual(["account-deletion", "zz-late"]);
  });

  it("a deadline carries a tolerance and an interpretation only when its rule has them", () => {
    const s = deadlinesFor(acme, "integration-disconnected", "2026-11-23T10:00:00Z");
    const [tokens, social] = s.ok ? s.deadlines : [];
    expect([tokens?.ruleId, "tolerance" in tokens!, "interpretation" in tokens!]).toEqual(["tokens-disconnect", true, true]);
    expect([social?.ruleId, "tolerance" in social!, "interpretation" in social!, "via" in social!]).toEqual(["social-disconnect", false, false, false]);
  });
});
