import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy } from "../../src/engine/index.js";
import { describeFlow } from "../../src/engine/messages.js";
import { pocketo, polus } from "../../src/generated/index.js";

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

  it.each([
    ["send", "share", 'sending "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["send", "transfer", 'sending "crm-records" to "cloud-hosting-provider" for "service-provision"'],
    ["host", "store", 'hosting "crm-records" at "cloud-hosting-provider" for "service-provision"'],
    ["receive", "collect", 'receiving "crm-records" by "cloud-hosting-provider" for "service-provision"'],
    ["access", "use", 'accessing "crm-records" by "cloud-hosting-provider" for "service-provision"'],
    ["log-in", "use", '"log-in" of "crm-records" by "cloud-hosting-provider" for "service-provision"'],
  ])("a policy's own action %s, worded as %s", (action, wordedAs, words) => {
    expect(describeFlow({ ...flow, action, wordedAs })).toBe(words);
  });

  it("an action named like an object's own property is worded as any unknown action", () => {
    expect(describeFlow({ ...flow, action: "constructor" })).toBe('"constructor" of "crm-records" by "cloud-hosting-provider" for "service-provision"');
  });

  it("names no recipient for the first party", () => {
    expect(describeFlow({ action: "disclose", data: ["email-address"], recipient: "first-party", purposes: ["support"] })).toBe('disclosing "email-address" for "support"');
  });
});

describe("a policy's own actions in a check's message", () => {
  it("Pocketo's send is worded as a sending to the recipient, Polus's host as a hosting at it", () => {
    const send = checkFlow(compilePolicy(pocketo), { id: "f", action: "send", data: ["files"], recipient: "openai", purposes: ["file-analysis"] });
    expect(send.message).toMatch(/^sending "files" to "openai" for "file-analysis" /);
    const host = checkFlow(compilePolicy(polus), { id: "f", action: "host", data: ["message-content"], recipient: "analytics-or-logging-tool", purposes: ["troubleshooting"] });
    expect(host.message).toMatch(/^hosting "message-content" at "analytics-or-logging-tool" for "troubleshooting" /);
  });
});
