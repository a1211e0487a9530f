import { describe, expectTypeOf, it } from "vitest";
import { checkDeletionPlan, checkObligations, deadlinesFor, rightsDeadline, type Deadline, type DeadlineInputIssue, type ObligationStatus } from "../../src/index.js";
import { pomeg } from "../../src/generated/index.js";
import type { FindingCode } from "../../src/findings.js";

describe("deadlines API types", () => {
  it("deadlinesFor returns a schedule or an issue, discriminated by ok", () => {
    const result = deadlinesFor(pomeg, "account-deletion-requested", new Date());
    if (result.ok) expectTypeOf(result.deadlines).toEqualTypeOf<readonly Deadline[]>();
    else expectTypeOf(result.issue).toEqualTypeOf<DeadlineInputIssue>();
  });
  it("statuses and codes are literal unions", () => {
    expectTypeOf<ObligationStatus>().toEqualTypeOf<"on-time" | "late" | "missing" | "kept" | "kept-without-ground" | "not-held">();
    const check = checkDeletionPlan(pomeg, { id: "p", trigger: "item-deleted", steps: [{ data: ["personal-data"], store: "primary", after: "P1D" }] });
    expectTypeOf(check.findings[0]!.code).toEqualTypeOf<FindingCode>();
    expectTypeOf(checkObligations(pomeg, { flows: [], deletion: [], rights: [] }).rights).toEqualTypeOf<import("../../src/index.js").RightsCheck | undefined>();
  });
  it("rightsDeadline narrows to a due instant only when promised", () => {
    const r = rightsDeadline(pomeg, "erasure", "2026-11-23T10:00:00Z");
    if (r.ok && r.promised) expectTypeOf(r.due).toBeString();
    // @ts-expect-error due exists only when a deadline is promised
    if (r.ok && !r.promised) void r.due;
  });
});
