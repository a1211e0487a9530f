import { describe, expect, it } from "vitest";
import { checkFlow, compilePolicy, createGuard, explainFlow, PolicyInvalidError, PolicyViolationError } from "../../src/index.js";
import { flow, policy, statement } from "./fixtures.js";

const base = [
  statement({ id: "s1-account", modality: "may", actions: ["collect"], data: ["email-address", "name"], recipients: ["first-party"], purposes: ["account-management"] }),
  statement({ id: "s2-openai", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] }),
  statement({ id: "s3-llm", modality: "may", data: ["user-content"], recipients: ["llm-provider"], purposes: ["service-provision"] }),
];

describe("verdicts (synthetic policy)", () => {
  const compiled = compilePolicy(policy(base));

  it("clear: a statement names the flow's own data, recipient and purposes", () => {
    const result = checkFlow(compiled, flow());
    expect(result.verdict).toBe("clear");
    expect(result.findings).toEqual([]);
    expect(result.rules.map((r) => r.ruleId)).toEqual(["s2-openai"]);
    expect(result.message).toBe('sharing "chat-content" with "openai" for "service-provision" is disclosed by the Acme policy (s2-openai)');
  });

  it("clear: collection by the operator itself, one of several data terms", () => {
    const result = checkFlow(compiled, flow({ action: "collect", data: ["email-address", "name"], recipient: "first-party", purposes: ["account-management"] }));
    expect(result.verdict).toBe("clear");
    expect(result.message).toContain('collecting "email-address", "name" for "account-management"');
  });

  it("vague: allowed only through broader terms; the finding points at the recipient", () => {
    const result = checkFlow(compiled, flow({ recipient: "mistral" }));
    expect(result.verdict).toBe("vague");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: "flow-vague", severity: "warning", path: ["recipient"], verdict: "vague" });
    expect(result.rules.map((r) => r.ruleId)).toEqual(["s3-llm"]);
  });

  it("vague: a narrower purpose than the statement's points at the purpose", () => {
    const result = checkFlow(compiled, flow({ purposes: ["customer-support"] }));
    expect(result.verdict).toBe("vague");
    expect(result.findings[0]?.path).toEqual(["purposes", 0]);
  });

  it("omitted: nothing discloses it; the message names the closest statements and what they miss", () => {
    const result = checkFlow(compiled, flow({ recipient: "advertiser" }));
    expect(result.verdict).toBe("omitted");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: "flow-omitted", severity: "error", path: ["recipient"] });
    expect(result.closest?.map((r) => r.ruleId)).toEqual(["s2-openai", "s3-llm"]);
    expect(result.message).toBe(
      'sharing "chat-content" with "advertiser" for "service-provision" is not disclosed by the Acme policy; the closest statements are ' +
        's2-openai (names recipients "openai", not "advertiser"); s3-llm (names recipients "llm-provider", not "advertiser")',
    );
  });

  it("omitted: a purpose no statement lists", () => {
    const result = checkFlow(compiled, flow({ purposes: ["service-provision", "ai-training"] }));
    expect(result.verdict).toBe("omitted");
    expect(result.findings[0]?.path).toEqual(["purposes", 1]);
  });

  it("several data categories: decided per category, the worst reported and named", () => {
    const result = checkFlow(compiled, flow({ data: ["chat-content", "payment-data"] }));
    expect(result.verdict).toBe("omitted");
    expect(result.findings.map((f) => f.path)).toEqual([["data", 1]]);
    expect(result.message).toContain('sharing "payment-data" with "openai"');
  });
});

describe("must-nots: carve-outs, contradictions, coarse flows", () => {
  const statements = [
    ...base,
    // Pomeg's shape: the platform may be improved with user data, Meta data is used solely for social features.
    statement({ id: "s4-improve", modality: "may", actions: ["use"], data: ["personal-data"], recipients: ["first-party"], purposes: ["product-improvement"] }),
    statement({ id: "s5-meta-solely", modality: "must-not", actions: ["use"], data: ["meta-data"], recipients: ["first-party"], purposes: ["product-improvement", "advertising"] }),
    // Pomeg's contradiction: AI model providers are processors and third parties.
    statement({ id: "s6-providers", modality: "may", data: ["personal-data"], recipients: ["ai-model-provider", "cloud-provider"], purposes: ["service-provision"] }),
    statement({ id: "s7-meta-no-sharing", modality: "must-not", data: ["meta-data"], recipients: ["third-party"] }),
    statement({ id: "s8-no-email-ads", modality: "must-not", data: ["email-address"], recipients: ["advertiser"] }),
  ];
  const compiled = compilePolicy(policy(statements));

  it("incorrect: a narrower must-not carves an exception out of a broader may", () => {
    const result = checkFlow(compiled, flow({ action: "use", data: ["meta-data"], recipient: "first-party", purposes: ["product-improvement"] }));
    expect(result.verdict).toBe("incorrect");
    expect(result.rules.map((r) => r.ruleId)).toEqual(["s5-meta-solely"]);
    expect(result.findings[0]).toMatchObject({ code: "flow-incorrect", severity: "error", path: ["data", 0] });
    expect(result.message).toContain('is ruled out by the Acme policy: s5-meta-solely ("quote of s5-meta-solely")');
  });

  it("the same flow with other data stays vague: the carve-out is narrow", () => {
    expect(checkFlow(compiled, flow({ action: "use", data: ["usage-data"], recipient: "first-party", purposes: ["product-improvement"] })).verdict).toBe("vague");
  });

  it("ambiguous: a may and a broader must-not on the same flow contradict each other", () => {
    const result = checkFlow(compiled, flow({ data: ["meta-data"], recipient: "ai-model-provider" }));
    expect(result.verdict).toBe("ambiguous");
    expect(result.rules.map((r) => r.ruleId)).toEqual(["s6-providers", "s7-meta-no-sharing"]);
    expect(result.findings[0]).toMatchObject({ code: "flow-ambiguous", severity: "error" });
    expect(result.message).toContain("the policy contradicts itself here");
  });

  it("a permission carved out by one hitting must-not is gone, whatever another hit does (R2); two contradicting hits leave it (R1)", () => {
    const may = statement({ id: "a-may", modality: "may", data: ["personal-data"], recipients: ["processor"] });
    const narrower = statement({ id: "b-narrower", modality: "must-not", data: ["email-address"], recipients: ["processor"] });
    const equal = statement({ id: "c-equal", modality: "must-not", data: ["personal-data"], recipients: ["processor"] });
    const equalToo = statement({ id: "d-equal", modality: "must-not", data: ["personal-data"], recipients: ["processor"] });
    const email = flow({ data: ["email-address"], recipient: "processor" });
    const carvedAndContradicted = checkFlow(compilePolicy(policy([may, narrower, equal])), email);
    expect(carvedAndContradicted.verdict).toBe("incorrect");
    expect(carvedAndContradicted.rules.map((r) => r.ruleId)).toEqual(["b-narrower", "c-equal"]);
    const contradictedTwice = checkFlow(compilePolicy(policy([may, equal, equalToo])), email);
    expect(contradictedTwice.verdict).toBe("ambiguous");
    expect(contradictedTwice.rules.map((r) => r.ruleId)).toEqual(["a-may", "c-equal", "d-equal"]);
    expect(checkFlow(compilePolicy(policy([may, narrower])), flow({ data: ["name"], recipient: "processor" })).verdict).toBe("vague");
  });

  it("only-for: a flow of the data for a purpose outside the list is incorrect, inside it stays allowed; an open recipient list binds every recipient", () => {
    const solely = compilePolicy(policy([
      ...base,
      statement({ id: "a-use", modality: "may", actions: ["use", "share"], data: ["personal-data"], recipients: ["first-party", "llm-provider"], purposes: ["service-provision", "product-improvement"] }),
      statement({ id: "b-meta-solely", modality: "only-for", actions: ["use", "share"], data: ["meta-data"], recipients: [], purposes: ["social-features"] }),
    ]));
    const use = (purposes: string[], recipient = "first-party") => checkFlow(solely, flow({ action: "use", data: ["meta-data"], recipient, purposes }));
    expect(use(["product-improvement"]).verdict).toBe("incorrect");
    expect(use(["product-improvement"]).rules.map((r) => r.ruleId)).toEqual(["b-meta-solely"]);
    expect(use(["social-features"]).verdict).toBe("vague");
    expect(use(["social-features", "customer-support"]).verdict).toBe("incorrect");
    expect(checkFlow(solely, flow({ action: "share", data: ["meta-data"], recipient: "openai", purposes: ["product-improvement"] })).verdict).toBe("incorrect");
    // A coarse purpose above the list may include others: ruled out.
    expect(use(["service-provision"]).verdict).toBe("incorrect");
  });

  it("a permission naming no purpose stands for the policy's closed list of uses", () => {
    const statements2 = [statement({ id: "a-collect", modality: "may", actions: ["collect"], data: ["email-address"], recipients: ["first-party"] })];
    const limited = compilePolicy(policy(statements2, { purposeLimit: { id: "uses", purposes: ["service-provision"], citation: { section: "2", quote: "We use the information we collect to:" } } }));
    const open = compilePolicy(policy(statements2));
    const collect = (purposes: string[]) => flow({ action: "collect", data: ["email-address"], recipient: "first-party", purposes });
    expect(checkFlow(limited, collect(["advertising"])).verdict).toBe("omitted");
    expect(checkFlow(limited, collect(["customer-support"])).verdict).toBe("vague");
    expect(checkFlow(limited, collect(["service-provision"])).verdict).toBe("clear");
    expect(checkFlow(open, collect(["advertising"])).verdict).toBe("clear");
  });

  it("a may and an equal must-not are ambiguous (not a carve-out)", () => {
    const same = compilePolicy(policy([statement({ id: "a-may", modality: "may" }), statement({ id: "b-must-not", modality: "must-not" })]));
    expect(checkFlow(same, flow({ data: ["email-address"], recipient: "processor" })).verdict).toBe("ambiguous");
  });

  it("a coarse flow against a narrower must-not is reported, never passed", () => {
    const result = checkFlow(compiled, flow({ data: ["contact-data"], recipient: "advertiser" }));
    expect(result.verdict).toBe("incorrect");
    expect(result.rules.map((r) => r.ruleId)).toEqual(["s8-no-email-ads"]);
  });

  it("a coarse flow that a may covers but a must-not names part of is incorrect", () => {
    const p = compilePolicy(policy([
      statement({ id: "a-contact", modality: "may", data: ["contact-data"], recipients: ["advertiser"] }),
      statement({ id: "b-no-email", modality: "must-not", data: ["email-address"], recipients: ["advertiser"] }),
    ]));
    expect(checkFlow(p, flow({ data: ["contact-data"], recipient: "advertiser" })).verdict).toBe("incorrect");
    expect(checkFlow(p, flow({ data: ["phone-number"], recipient: "advertiser" })).verdict).toBe("vague");
  });

  it("a DAG with several parents: email is below contact data and identifiers", () => {
    const p = compilePolicy(policy([
      statement({ id: "a-ids", modality: "may", data: ["identifiers"], recipients: ["processor"], purposes: ["advertising", "analytics"] }),
      statement({ id: "b-no-contact", modality: "must-not", data: ["contact-data"], recipients: ["processor"], purposes: ["advertising"] }),
    ]));
    expect(checkFlow(p, flow({ data: ["email-address"], recipient: "processor", purposes: ["analytics"] })).verdict).toBe("vague");
    // email ≤ identifiers (the may) and ≤ contact-data (the must-not); the must-not is not below the may → contradiction.
    expect(checkFlow(p, flow({ data: ["email-address"], recipient: "processor", purposes: ["advertising"] })).verdict).toBe("ambiguous");
    // ip-address is an identifier but not contact data: the must-not does not hit.
    expect(checkFlow(p, flow({ data: ["ip-address"], recipient: "processor", purposes: ["advertising"] })).verdict).toBe("vague");
  });

  it("a may silent on purpose never contradicts a must-not that names purposes: an exception", () => {
    const p = compilePolicy(policy([
      statement({ id: "a-collect", modality: "may", actions: ["collect"], data: ["name"], recipients: ["first-party"] }),
      statement({ id: "b-no-ads", modality: "must-not", actions: ["process"], data: ["personal-data"], recipients: ["first-party", "third-party"], purposes: ["advertising"] }),
    ]));
    expect(checkFlow(p, flow({ action: "collect", data: ["name"], recipient: "first-party", purposes: ["advertising"] })).verdict).toBe("incorrect");
    expect(checkFlow(p, flow({ action: "collect", data: ["name"], recipient: "first-party", purposes: ["account-management"] })).verdict).toBe("clear");
  });

  it("a must-not broader only in purpose still carves a narrower-data exception", () => {
    const p = compilePolicy(policy([
      statement({ id: "a-improve", modality: "may", actions: ["use"], data: ["personal-data"], recipients: ["first-party"], purposes: ["product-improvement"] }),
      statement({ id: "b-no-meta", modality: "must-not", actions: ["use"], data: ["meta-data"], recipients: ["first-party"] }),
      statement({ id: "c-meta-replies", modality: "may", actions: ["use"], data: ["meta-data"], recipients: ["first-party"], purposes: ["social-features"] }),
    ]));
    expect(checkFlow(p, flow({ action: "use", data: ["meta-data"], recipient: "first-party", purposes: ["product-improvement"] })).verdict).toBe("incorrect");
    // Equal in action, data and recipient, the must-not broader in purpose: a plain contradiction.
    expect(checkFlow(p, flow({ action: "use", data: ["meta-data"], recipient: "first-party", purposes: ["social-features"] })).verdict).toBe("ambiguous");
  });

  it("a must-not with conditions names the exception it makes", () => {
    const p = compilePolicy(policy([
      statement({ id: "a-no-calendar", modality: "must-not", actions: ["collect"], data: ["calendar-data"], recipients: ["first-party"], conditions: ["oauth-grant"] }),
      statement({ id: "b-calendar", modality: "may", actions: ["collect"], data: ["calendar-data"], recipients: ["first-party"], conditions: ["oauth-grant"] }),
    ]));
    const without = flow({ action: "collect", data: ["calendar-data"], recipient: "first-party" });
    expect(checkFlow(p, without).verdict).toBe("ambiguous");
    expect(checkFlow(p, { ...without, conditions: ["oauth-grant"] }).verdict).toBe("clear");
  });
});

describe("conditions, safeguards, location, age", () => {
  const statements = [
    statement({ id: "a-files", modality: "only-if", data: ["files"], recipients: ["cloud-provider"], conditions: ["user-initiated"] }),
    statement({ id: "b-credentials", modality: "must", actions: ["store"], data: ["credentials"], recipients: ["first-party"], safeguards: ["encryption-at-rest"] }),
    statement({ id: "c-store", modality: "may", actions: ["store"], data: ["personal-data"], recipients: ["first-party"] }),
    statement({ id: "d-eu", modality: "may", data: ["usage-data"], recipients: ["processor"], locations: ["eu"] }),
    statement({ id: "e-eu-only", modality: "must", actions: ["store"], data: ["payment-data"], recipients: ["first-party"], locations: ["eu"] }),
    statement({ id: "f-opt-in", modality: "may", data: ["device-data"], recipients: ["processor"], conditions: ["opt-in"] }),
    statement({ id: "g-device", modality: "may", data: ["ip-address"], recipients: ["processor"] }),
  ];
  const p = policy(statements, {
    storageLocations: ["bangladesh"],
    ageLimits: [
      { id: "age-general", minimumAge: 13, citation: { section: "7", quote: "not intended for children under 13" } },
      { id: "age-eu", minimumAge: 16, region: "eu", citation: { section: "7", quote: "or 16 in EU" } },
    ],
  });
  const compiled = compilePolicy(p);

  it("condition-unmet: an only-if without its condition", () => {
    const result = checkFlow(compiled, flow({ data: ["files"], recipient: "cloud-provider" }));
    expect(result.verdict).toBe("clear");
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "condition-unmet", severity: "error", path: ["conditions"], message: 'the flow does not declare the condition "user-initiated" that a-files requires' }),
    ]);
    expect(checkFlow(compiled, flow({ data: ["files"], recipient: "cloud-provider", conditions: ["user-initiated"] })).findings).toEqual([]);
  });

  it("a permission with conditions: met by another permission without them", () => {
    expect(checkFlow(compiled, flow({ data: ["ip-address"], recipient: "processor" })).findings).toEqual([]);
    const result = checkFlow(compiled, flow({ data: ["device-data"], recipient: "processor" }));
    expect(result.findings.map((f) => f.code)).toEqual(["condition-unmet"]);
  });

  it("safeguard-missing: a must names a safeguard; a narrower one satisfies it", () => {
    const f = flow({ action: "store", data: ["password"], recipient: "first-party" });
    const result = checkFlow(compiled, f);
    expect(result.verdict).toBe("vague");
    expect(result.findings.map((x) => [x.code, x.path])).toEqual([["flow-vague", ["data", 0]], ["safeguard-missing", ["safeguards"]]]);
    expect(result.message).toContain('also, the flow does not declare the safeguard "encryption-at-rest" that b-credentials requires');
    expect(checkFlow(compiled, { ...f, safeguards: ["aes-256-gcm"] }).findings.map((x) => x.code)).toEqual(["flow-vague"]);
  });

  it("location-undisclosed: outside the statement's locations and the policy's storage locations (warning)", () => {
    const result = checkFlow(compiled, flow({ data: ["usage-data"], recipient: "processor", location: "us" }));
    expect(result.verdict).toBe("clear");
    expect(result.findings.map((f) => [f.code, f.severity, f.path])).toEqual([["location-undisclosed", "warning", ["location"]]]);
    expect(result.findings[0]?.message).toBe('the flow takes place in "us", but only d-eu names "eu" and the Acme policy names "bangladesh" as where data is stored or processed');
    expect(checkFlow(compiled, flow({ data: ["usage-data"], recipient: "processor", location: "eu" })).findings).toEqual([]);
    expect(checkFlow(compiled, flow({ data: ["usage-data"], recipient: "processor", location: "bangladesh" })).findings).toEqual([]);
  });

  it("location-undisclosed: a must with locations binds (error)", () => {
    const result = checkFlow(compiled, flow({ action: "store", data: ["payment-data"], recipient: "first-party", location: "bangladesh" }));
    expect(result.findings.filter((f) => f.code === "location-undisclosed").map((f) => f.severity)).toEqual(["error"]);
  });

  it("age-limit: regional limits apply to audiences within or around the region, the general one elsewhere", () => {
    const at = (minimumAge: number, region?: string) =>
      checkFlow(compiled, flow({ data: ["ip-address"], recipient: "processor", audience: region === undefined ? { minimumAge } : { minimumAge, region } }))
        .findings.filter((f) => f.code === "age-limit").map((f) => f.rules[0]?.ruleId);
    expect(at(13, "us")).toEqual([]);
    expect(at(12, "us")).toEqual(["age-general"]);
    expect(at(13, "eu")).toEqual(["age-eu"]);
    expect(at(16, "eu")).toEqual([]);
    expect(at(13)).toEqual(["age-eu"]); // no region: the audience includes the EU
    expect(at(13, "worldwide")).toEqual(["age-eu"]);
    expect(at(16)).toEqual([]);
  });
});

describe("unknown terms, guard, explain", () => {
  const p = policy(base);

  it("an unknown term is reported, never crashes, and matches nothing", () => {
    const result = createGuard(p).check(flow({ recipient: "opnai", safeguards: ["rot13"] }));
    expect(result.verdict).toBe("omitted");
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      ["flow-omitted", ["recipient"]],
      ["unknown-term", ["recipient"]],
      ["unknown-term", ["safeguards", 0]],
    ]);
    expect(result.findings[1]?.message).toBe('unknown recipient term "opnai" (did you mean "openai"?)');
  });

  it("a flow without data or purposes is refused as data, not a crash", () => {
    const result = createGuard(p).check(flow({ data: [], purposes: [] }));
    expect(result.verdict).toBe("omitted");
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([["schema-invalid", ["data"]], ["schema-invalid", ["purposes"]]]);
  });

  it("assert throws PolicyViolationError carrying the result, passes vague flows", () => {
    const guard = createGuard(p);
    expect(guard.assert(flow({ recipient: "mistral" })).verdict).toBe("vague");
    let caught: unknown;
    try {
      guard.assert(flow({ recipient: "advertiser" }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyViolationError);
    expect((caught as PolicyViolationError).name).toBe("PolicyViolationError");
    expect((caught as PolicyViolationError).result.verdict).toBe("omitted");
  });

  it("results are frozen, shared by flows of a shape seen twice, and the shape cache is bounded", async () => {
    const { SHAPE_LIMIT } = await import("../../src/engine/shape-cache.js");
    const compiled = compilePolicy(p);
    const a = checkFlow(compiled, flow({ id: "a", recipient: "mistral" }));
    const b = checkFlow(compiled, flow({ id: "b", recipient: "mistral" }));
    const c = checkFlow(compiled, flow({ id: "c", recipient: "mistral" }));
    expect([a.flowId, b.flowId, c.flowId]).toEqual(["a", "b", "c"]);
    // Admitted on its second sighting: the second and third share one worded shape; the first stands alone.
    expect(c.findings).toBe(b.findings);
    expect(a.findings).not.toBe(b.findings);
    expect(a.findings).toEqual(b.findings);
    expect(compiled.shapes.entries).toBe(1);
    expect(Object.isFrozen(a.findings) && Object.isFrozen(a.findings[0]) && Object.isFrozen(a.rules)).toBe(true);
    for (let i = 0; i <= SHAPE_LIMIT + 10; i++) {
      checkFlow(compiled, flow({ purposes: [`p-${i}`] }));
      checkFlow(compiled, flow({ purposes: [`p-${i}`] }));
    }
    expect(compiled.shapes.entries).toBeLessThanOrEqual(SHAPE_LIMIT);
    expect(checkFlow(compiled, flow({ id: "d", recipient: "mistral" }))).toEqual({ ...a, flowId: "d" });
  });

  it("a result is plain data: JSON, spread and structuredClone give the same fields, cached or not", () => {
    for (const f of [flow({ id: "x", recipient: "mistral" }), flow({ id: "y", recipient: "data-broker" })]) {
      const compiled = compilePolicy(p);
      const fresh = compilePolicy(p);
      checkFlow(compiled, f);
      const cached = checkFlow(compiled, f);
      const once = checkFlow(fresh, f);
      const plain = JSON.parse(JSON.stringify(once)) as object;
      const keys = ["flowId", "verdict", "findings", "rules", ...(once.verdict === "omitted" ? ["closest"] : []), "message"];
      expect(Object.keys(plain)).toEqual(keys);
      for (const r of [cached, once]) {
        expect(JSON.parse(JSON.stringify(r))).toEqual(plain);
        expect(JSON.parse(JSON.stringify({ ...r }))).toEqual(plain);
        expect(JSON.parse(JSON.stringify(structuredClone(r)))).toEqual(plain);
        expect(Object.getOwnPropertyDescriptor(structuredClone(r), "findings")?.get).toBeUndefined();
      }
    }
  });

  it("compiling an invalid policy throws PolicyInvalidError with findings", () => {
    expect(() => compilePolicy({ ...p, statements: [statement({ id: "x", modality: "may", data: ["nope"] })] })).toThrow(PolicyInvalidError);
  });

  it("explainFlow expands terms and says what each statement does", () => {
    const why = explainFlow(compilePolicy(p), flow({ recipient: "mistral" }));
    expect(why.terms.recipient.ancestors).toEqual(["llm-provider", "mistral", "processor"]);
    expect(why.terms.data[0]?.ancestors).toEqual(["chat-content", "communications", "personal-data", "user-content"]);
    const byId = Object.fromEntries(why.categories[0]!.statements.map((s) => [s.ruleId, s]));
    expect(byId["s3-llm"]).toMatchObject({ outcome: "covers", deciding: true });
    expect(byId["s2-openai"]).toMatchObject({ outcome: "no-match", deciding: false });
    expect(byId["s2-openai"]!.reasons).toContain('recipient "mistral" is neither at, above nor below "openai"');
    expect(why.result.verdict).toBe("vague");
  });
});
