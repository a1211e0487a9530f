import { describe, expect, it } from "vitest";
import { describeFlow } from "../../src/engine/messages.js";

describe("describeFlow words every action of the vocabularies", () => {
  const flow = { data: ["crm-records"], recipient: "cloud-hosting-provider", purposes: ["service-provision"] };
  it.each([
    ["collect", 'collecting "crm-records" by "cloud-hosting-provider" for "service-provision"'],
    ["store", 'storing "crm-records" at "cloud-hosting-provider" for "service-provision"'],
    ["share", 'sharing "crm-records" with "cloud-hosting-provider" for "service-provision"'],
    ["disclose", 'disclosing "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["sell", 'selling "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["rent", 'renting out "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["trade", 'trading "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["publish", 'publishing "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["archive", '"archive" of "crm-records" by "cloud-hosting-provider" for "service-provision"'],
  ])("%s", (action, words) => {
    expect(describeFlow({ ...flow, action })).toBe(words);
  });

  it("names no recipient for the first party", () => {
    expect(describeFlow({ action: "disclose", data: ["email-address"], recipient: "first-party", purposes: ["support"] })).toBe('disclosing "email-address" for "support"');
  });
});
