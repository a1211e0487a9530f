/**
 * The decision record, rule by rule (R1–R10 in `src/engine/decide.ts`): which statements decide
 * each category, which permission's unmet requirements are reported, and how requirements,
 * locations and ages are gathered. The verdict tests read results; these read the record every
 * view is derived from.
 */
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/engine/compile-policy.js";
import { decide } from "../../src/engine/decide.js";
import { explainFlow } from "../../src/engine/explain.js";
import { ACME_TERMS, flow, policy, statement } from "./fixtures.js";

const ids = (list: readonly { id: string }[] | undefined) => list?.map((s) => s.id);

describe("R1/R2: what decides a category a restriction hits", () => {
  const compiled = compilePolicy(
    policy([
      statement({ id: "p-broad", modality: "may", data: ["communications"], recipients: ["processor"] }),
      statement({ id: "p-chat", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] }),
      statement({ id: "m-llm", modality: "must-not", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision"] }),
    ]),
  );

  it("R1: the permissions no hit carves out and the hits decide, and each carve-out names its restriction", () => {
    const [c] = decide(compiled, flow()).categories;
    expect(c?.verdict).toBe("ambiguous");
    expect(ids(c?.uncarved)).toEqual(["p-chat"]);
    expect(c?.carved.map((x) => [x.permission.id, ids(x.by)])).toEqual([["p-broad", ["m-llm"]]]);
    expect(ids(c?.deciding)).toEqual(["p-chat", "m-llm"]);
  });

  it("R2: when every covering permission is carved out, the hits alone decide", () => {
    const only = compilePolicy(policy([compiled.policy.statements[0]!, compiled.policy.statements[2]!]));
    const [c] = decide(only, flow()).categories;
    expect([c?.verdict, ids(c?.deciding), ids(c?.uncarved), c?.unmetPermission]).toEqual(["incorrect", ["m-llm"], [], undefined]);
  });
});

describe("R4/R5/R7: which permission decides, and whose requirements are reported", () => {
  const compiled = compilePolicy(
    policy([
      statement({ id: "a-two", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], conditions: ["opt-in", "notice-given"] }),
      statement({ id: "b-one", modality: "may", data: ["communications"], recipients: ["processor"], conditions: ["notice-given"] }),
      statement({ id: "c-one-exact", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], safeguards: ["encryption-in-transit"] }),
    ]),
  );

  it("none met: the permission with fewest unmet requirements is reported, an exact one before a broader one", () => {
    const d = decide(compiled, flow());
    expect(d.verdict).toBe("clear");
    expect(d.categories[0]?.unmetPermission?.id).toBe("c-one-exact");
    expect(d.unmet.map((u) => [u.kind, u.term, ids(u.statements)])).toEqual([["safeguard", "encryption-in-transit", ["c-one-exact"]]]);
    const withoutExact = compilePolicy(policy(compiled.policy.statements.slice(0, 2)));
    // R4 still finds the exact a-two among the unmet; R7 reports b-one, which asks least.
    expect(decide(withoutExact, flow()).categories[0]?.unmetPermission?.id).toBe("b-one");
    expect([decide(withoutExact, flow()).verdict, decide(withoutExact, flow()).unmet.map((u) => u.term)]).toEqual(["clear", ["notice-given"]]);
  });

  it("equal scores: the lower rule id is reported", () => {
    const tied = compilePolicy(
      policy([
        statement({ id: "z-one", modality: "may", data: ["communications"], recipients: ["processor"], conditions: ["opt-in"] }),
        statement({ id: "y-one", modality: "may", data: ["communications"], recipients: ["processor"], conditions: ["notice-given"] }),
      ]),
    );
    expect(decide(tied, flow()).categories[0]?.unmetPermission?.id).toBe("y-one");
  });

  it("a met permission decides over unmet ones, the exact among the met first, and nothing is reported", () => {
    const met = decide(compiled, flow({ conditions: ["notice-given"] }));
    expect([met.verdict, ids(met.categories[0]?.deciding), met.categories[0]?.unmetPermission, met.unmet]).toEqual(["vague", ["b-one"], undefined, []]);
    const exact = decide(compiled, flow({ safeguards: ["encryption-in-transit"], conditions: ["notice-given"] }));
    expect([exact.verdict, ids(exact.categories[0]?.deciding)]).toEqual(["clear", ["c-one-exact"]]);
  });
});

describe("R7: requirements that bind a category", () => {
  const compiled = compilePolicy(
    policy([
      statement({ id: "p-store", modality: "may", actions: ["store"], data: ["personal-data"], recipients: ["first-party"] }),
      statement({ id: "q-cond", modality: "must", actions: ["store"], data: ["credentials"], recipients: ["first-party"], conditions: ["user-initiated"] }),
      statement({ id: "q-safe", modality: "must", actions: ["store"], data: ["credentials"], recipients: ["first-party"], safeguards: ["encryption-at-rest"] }),
      statement({ id: "q-safe-2", modality: "must", actions: ["store"], data: ["password"], recipients: ["first-party"], safeguards: ["encryption-at-rest"] }),
    ]),
  );
  const store = (data: string[], extra = {}) => decide(compiled, flow({ action: "store", data, recipient: "first-party", ...extra }));

  it("a safeguard binds a coarser flow that may include the data; a condition binds only that data or narrower", () => {
    expect(store(["personal-data"]).unmet.map((u) => [u.term, ids(u.statements)])).toEqual([["encryption-at-rest", ["q-safe", "q-safe-2"]]]);
    expect(store(["password"]).unmet.map((u) => [u.kind, u.term, ids(u.statements)])).toEqual([
      ["condition", "user-initiated", ["q-cond"]],
      ["safeguard", "encryption-at-rest", ["q-safe", "q-safe-2"]],
    ]);
  });

  it("one entry per term, each statement once, however many categories it binds", () => {
    const d = store(["password", "credentials", "name"], { conditions: ["user-initiated"] });
    expect(d.unmet.map((u) => [u.kind, u.term, ids(u.statements)])).toEqual([["safeguard", "encryption-at-rest", ["q-safe", "q-safe-2"]]]);
    expect(store(["password"], { conditions: ["user-initiated"], safeguards: ["aes-256-gcm"] }).unmet).toEqual([]);
  });
});

describe("R6/R8/R9: the worst category, locations, ages", () => {
  const compiled = compilePolicy(
    policy(
      [
        statement({ id: "p-chat", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], locations: ["us"] }),
        statement({ id: "p-usage", modality: "may", data: ["usage-data"], recipients: ["processor"], locations: ["eu"] }),
        statement({ id: "q-eu", modality: "must", data: ["personal-data"], recipients: ["processor"], locations: ["eu", "uk"] }),
        statement({ id: "m-usage", modality: "must-not", data: ["usage-data"], recipients: ["openai"], purposes: ["service-provision"] }),
      ],
      {
        storageLocations: ["bangladesh"],
        ageLimits: [
          { id: "age-general", minimumAge: 13, citation: { section: "7", quote: "13" } },
          { id: "age-eu", minimumAge: 16, region: "eu", citation: { section: "7", quote: "16" } },
        ],
      },
    ),
  );

  it("the flow takes its worst category's verdict, in any order of categories", () => {
    for (const data of [["chat-content", "usage-data", "device-data"], ["device-data", "usage-data", "chat-content"]]) {
      const d = decide(compiled, flow({ data }));
      // m-usage (to openai) is narrower than p-usage (to any processor): it carves, so usage-data is incorrect.
      expect([d.verdict, d.categories.map((c) => c.verdict)]).toEqual(["incorrect", data.map((x) => ({ "chat-content": "clear", "usage-data": "incorrect", "device-data": "omitted" })[x])]);
    }
  });

  it("a binding requirement's locations are listed once; the allowing statements' and storage locations answer the rest", () => {
    const where = (data: string[], location: string) => decide(compiled, flow({ data, location })).locations.map((l) => (l.binding ? ["binding", l.statement.id] : ["disclosed", ids(l.statements), l.allowed]));
    expect(where(["chat-content"], "azerbaijan")).toEqual([["binding", "q-eu"], ["disclosed", ["p-chat"], ["us"]]]);
    // q-eu binds both categories and is listed once; usage-data is incorrect, so no statement allows it.
    expect(where(["chat-content", "usage-data"], "azerbaijan")).toEqual([["binding", "q-eu"], ["disclosed", ["p-chat"], ["us"]]]);
    expect(where(["chat-content"], "us")).toEqual([["binding", "q-eu"]]);
    expect(where(["chat-content"], "bangladesh")).toEqual([["binding", "q-eu"]]);
    // Within the requirement's locations, but neither p-chat's nor the policy's storage: a warning only.
    expect(where(["chat-content"], "eu")).toEqual([["disclosed", ["p-chat"], ["us"]]]);
    // Omitted data has no allowing statement: only the storage locations answer for it.
    expect(where(["device-data"], "azerbaijan")).toEqual([["binding", "q-eu"], ["disclosed", [], []]]);
    expect(where(["device-data"], "bangladesh")).toEqual([["binding", "q-eu"]]);
  });

  it("a limit without a region applies where no regional one covers the audience; an unknown region matches only the general one", () => {
    const ages = (minimumAge: number, region?: string) => decide(compiled, flow({ audience: region === undefined ? { minimumAge } : { minimumAge, region } })).ages.map((a) => a.limit.limit.id);
    expect(ages(14, "eu")).toEqual(["age-eu"]);
    expect(ages(12, "eu")).toEqual(["age-eu"]);
    expect(ages(12, "us")).toEqual(["age-general"]);
    expect(ages(12, "atlantis")).toEqual(["age-general"]);
    expect(ages(12)).toEqual(["age-general", "age-eu"]);
    expect(ages(16)).toEqual([]);
  });

  it("a flow without data or purposes names what is empty and decides nothing", () => {
    const d = decide(compiled, flow({ data: [], purposes: [] }));
    expect([d.verdict, d.empty, d.categories, d.unmet, d.locations, d.ages]).toEqual(["omitted", ["data", "purposes"], [], [], [], []]);
    expect(decide(compiled, flow({ purposes: [] })).empty).toEqual(["purposes"]);
  });
});

describe("carves: when a restriction is an exception to a permission (R1 against R2)", () => {
  const verdictOf = (statements: ReturnType<typeof statement>[], f = flow()) => decide(compilePolicy(policy(statements)), f).verdict;
  const mayChat = (extra = {}) => statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision", "analytics"], ...extra });

  it("a restriction equal in action, data and recipient but narrower in purposes carves: incorrect, not ambiguous", () => {
    const broad = statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision"] });
    const m = statement({ id: "m", modality: "must-not", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["customer-support"] });
    expect(verdictOf([broad, m], flow({ purposes: ["customer-support"] }))).toBe("incorrect");
    // Equal in purposes too: the two statements contradict each other on this flow.
    expect(verdictOf([broad, { ...m, purposes: ["service-provision"] }])).toBe("ambiguous");
    // Only the purposes that bear on the flow count: "analytics" in the permission does not make it broader here.
    expect(verdictOf([mayChat(), { ...m, purposes: ["analytics"] }], flow({ purposes: ["analytics"] }))).toBe("ambiguous");
  });

  it("an only-for that rules out a purpose the permission names explicitly contradicts it", () => {
    const only = statement({ id: "m", modality: "only-for", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision"] });
    expect(verdictOf([mayChat(), only], flow({ purposes: ["analytics"] }))).toBe("ambiguous");
    expect(verdictOf([mayChat(), only], flow({ purposes: ["service-provision"] }))).toBe("vague");
  });

  it("a restriction broader in one dimension contradicts, even when narrower in another", () => {
    // Narrower in recipient (openai below llm-provider), broader in data (communications above chat-content).
    const m = statement({ id: "m", modality: "must-not", data: ["communications", "chat-content"], recipients: ["openai"], purposes: ["service-provision"] });
    expect(verdictOf([mayChat(), m])).toBe("ambiguous");
    expect(verdictOf([mayChat(), { ...m, data: ["chat-content"] }])).toBe("incorrect");
  });

  it("a restriction on a broader action contradicts a permission of a narrower one", () => {
    const share = statement({ id: "p", modality: "may", actions: ["share"], data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] });
    const m = statement({ id: "m", modality: "must-not", actions: ["share", "use"], data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] });
    expect(verdictOf([share, m])).toBe("ambiguous");
  });
});

describe("R7/R8 details of the record", () => {
  it("a single permission that is met reports no unmet permission; nor does a met one among the uncarved", () => {
    const p = statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], conditions: ["opt-in"] });
    const met = decide(compilePolicy(policy([p])), flow({ conditions: ["opt-in"] }));
    expect([met.verdict, met.categories[0]?.unmetPermission, met.unmet]).toEqual(["clear", undefined, []]);
    const m = statement({ id: "m", modality: "must-not", data: ["communications"], recipients: ["processor"] });
    const r1 = decide(compilePolicy(policy([p, m])), flow({ conditions: ["opt-in"] }));
    expect([r1.verdict, r1.categories[0]?.unmetPermission, r1.unmet]).toEqual(["ambiguous", undefined, []]);
  });

  it("equal scores give the lower rule id in either order of the statements", () => {
    const z = statement({ id: "z-one", modality: "may", data: ["communications"], recipients: ["processor"], conditions: ["opt-in"] });
    const y = statement({ id: "y-one", modality: "may", data: ["communications"], recipients: ["processor"], conditions: ["notice-given"] });
    expect(decide(compilePolicy(policy([y, z])), flow()).categories[0]?.unmetPermission?.id).toBe("y-one");
    expect(decide(compilePolicy(policy([z, y])), flow()).categories[0]?.unmetPermission?.id).toBe("y-one");
  });

  it("every binding requirement with locations is listed; the disclosing statements come sorted, their locations once", () => {
    const compiled = compilePolicy(
      policy([
        statement({ id: "z-chat", modality: "may", data: ["chat-content"], recipients: ["llm-provider"], locations: ["us", "eu"] }),
        statement({ id: "a-chat", modality: "may", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision"], locations: ["us"] }),
        statement({ id: "q-1", modality: "must", data: ["chat-content"], recipients: ["processor"], locations: ["eu"] }),
        statement({ id: "q-2", modality: "must", data: ["communications"], recipients: ["processor"], locations: ["uk"] }),
      ]),
    );
    const d = decide(compiled, flow({ location: "azerbaijan", conditions: [] }));
    // No permission is exact (z-chat names no purpose, a-chat a broader recipient), so both decide.
    expect(d.locations.map((l) => (l.binding ? ["binding", l.statement.id] : ["disclosed", ids(l.statements), l.allowed]))).toEqual([
      ["binding", "q-1"],
      ["binding", "q-2"],
      ["disclosed", ["a-chat", "z-chat"], ["eu", "us"]],
    ]);
  });

  it("without storage locations, a flow allowed by statements that name none is not asked where it happens", () => {
    const compiled = compilePolicy(policy([statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] })]));
    expect(decide(compiled, flow({ location: "azerbaijan" })).locations).toEqual([]);
    const withStorage = compilePolicy(policy([compiled.policy.statements[0]!], { storageLocations: ["bangladesh"] }));
    expect(decide(withStorage, flow({ location: "azerbaijan" })).locations).toEqual([{ binding: false, statements: [], allowed: [] }]);
  });

  it("an ambiguous category is allowed, for locations, by the permissions no hit carves out", () => {
    const compiled = compilePolicy(
      policy([
        statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"], locations: ["us"] }),
        statement({ id: "m", modality: "must-not", data: ["communications"], recipients: ["processor"] }),
      ]),
    );
    expect(decide(compiled, flow({ location: "us" })).locations).toEqual([]);
    expect(decide(compiled, flow({ location: "eu" })).locations.map((l) => (l.binding ? l.statement.id : ids(l.statements)))).toEqual([["p"]]);
  });
});

describe("R10: an unknown action or recipient matches no statement", () => {
  const compiled = compilePolicy(
    policy([
      statement({ id: "p-any-share", modality: "may", actions: ["share", "collect", "store", "use"], data: ["personal-data"], recipients: ["first-party", "processor", "third-party"], purposes: [] }),
    ]),
  );

  it.each([
    ["an unknown action", { action: "teleport" }],
    ["an unknown recipient", { recipient: "openai-typo" }],
    ["both", { action: "teleport", recipient: "openai-typo" }],
  ])("%s: omitted, with the term reported", (_, extra) => {
    const d = decide(compiled, flow(extra));
    expect([d.verdict, d.categories[0]?.covering, d.unknown.map((u) => u.path[0])]).toEqual(["omitted", [], Object.keys(extra)]);
  });
});

describe("relations: each decision pinned (the mutation run's survivors)", () => {
  const decideWith = (statements: ReturnType<typeof statement>[], f = flow()) => decide(compilePolicy(policy(statements)), f);
  const mayChat = (extra = {}) => statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["llm-provider"], purposes: ["service-provision"], ...extra });

  it("an unknown purpose matches no permission, not even one that names no purpose: omitted, not clear", () => {
    const anyPurpose = [statement({ id: "p-any", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: [] })];
    const known = decideWith(anyPurpose);
    expect([known.verdict, ids(known.categories[0]?.covering)]).toEqual(["clear", ["p-any"]]);
    for (const purposes of [["no-such-purpose"], ["service-provision", "no-such-purpose"]]) {
      const d = decideWith(anyPurpose, flow({ purposes }));
      expect([d.verdict, d.categories[0]?.covering, d.unknown.map((u) => u.path)]).toEqual(["omitted", [], [["purposes", purposes.length - 1]]]);
    }
    // As a permission that names its purposes already did.
    expect(decideWith([mayChat({ recipients: ["openai"] })], flow({ purposes: ["service-provision", "no-such-purpose"] })).verdict).toBe("omitted");
    // The explanation says the same: the permission does not apply, and the unknown purpose is related to nothing.
    const explained = explainFlow(compilePolicy(policy(anyPurpose)), flow({ purposes: ["no-such-purpose"] }));
    const considered = explained.categories[0]?.statements.find((s) => s.ruleId === "p-any");
    expect(considered?.outcome).toBe("no-match");
    expect(considered?.reasons.filter((r) => r.startsWith("purpose"))).toEqual(['purpose "no-such-purpose" is not a term of the policy, so it matches no statement']);
  });

  it("the first purpose of the vocabulary (term number 0) is one like any other for a must-not and an only-for", () => {
    const compiled = compilePolicy(policy([mayChat({ purposes: [] })]));
    expect(compiled.tables.purpose.ids[0]).toBe("account-management");
    const mustNot = statement({ id: "m", modality: "must-not", data: ["chat-content"], recipients: ["openai"], purposes: ["account-management"] });
    const hit = decideWith([mayChat({ purposes: ["account-management"] }), mustNot], flow({ purposes: ["account-management"] }));
    expect([hit.verdict, ids(hit.categories[0]?.hits)]).toEqual(["incorrect", ["m"]]);
    // account-management is a kind of service-provision: an only-for of advertising rules it out.
    const onlyFor = statement({ id: "m", modality: "only-for", data: ["chat-content"], recipients: ["openai"], purposes: ["advertising"] });
    const outside = decideWith([mayChat({ purposes: [] }), onlyFor], flow({ purposes: ["account-management"] }));
    expect([outside.verdict, ids(outside.categories[0]?.hits)]).toEqual(["incorrect", ["m"]]);
  });

  it("an only-for does not rule out an unknown purpose: that is the unknown-term finding's", () => {
    const onlyFor = statement({ id: "m", modality: "only-for", data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] });
    const d = decideWith([onlyFor], flow({ purposes: ["no-such-purpose"] }));
    expect([d.verdict, ids(d.categories[0]?.hits), d.unknown.map((u) => u.term)]).toEqual(["omitted", [], ["no-such-purpose"]]);
  });

  it("a restriction with safeguards only is lifted by a flow that declares them", () => {
    const m = statement({ id: "m", modality: "must-not", data: ["chat-content"], recipients: ["openai"], safeguards: ["encryption-in-transit"] });
    const kept = decideWith([mayChat(), m], flow({ safeguards: ["encryption-in-transit"] }));
    expect([kept.verdict, ids(kept.categories[0]?.hits)]).toEqual(["vague", []]);
    const broken = decideWith([mayChat(), m]);
    expect([broken.verdict, ids(broken.categories[0]?.hits)]).toEqual(["incorrect", ["m"]]);
  });

  it("a requirement binds the first data term of the vocabulary (term number 0) like any other", () => {
    const compiled = compilePolicy(policy([statement({ id: "q", modality: "must", data: ["access-token"], recipients: ["processor"], safeguards: ["encryption-in-transit"] })]));
    expect(compiled.tables.data.ids[0]).toBe("access-token");
    expect(decide(compiled, flow({ data: ["access-token"] })).unmet.map((u) => [u.kind, u.term, ids(u.statements)])).toEqual([["safeguard", "encryption-in-transit", ["q"]]]);
  });

  it("carves: a restriction narrower in data only, on the first data term, carves out of a permission on the broader one", () => {
    const p = statement({ id: "p", modality: "may", data: ["personal-data"], recipients: ["openai"], purposes: ["service-provision"] });
    const m = statement({ id: "m", modality: "must-not", data: ["access-token"], recipients: ["openai"], purposes: ["service-provision"] });
    expect(decideWith([p, m], flow({ data: ["access-token"] })).verdict).toBe("incorrect");
    expect(decideWith([p, { ...m, data: ["personal-data"] }], flow({ data: ["access-token"] })).verdict).toBe("ambiguous");
  });

  it("carves: only the restriction's terms related to the flow count; an unrelated data term does not make it broader", () => {
    const m = statement({ id: "m", modality: "must-not", data: ["chat-content", "location-data"], recipients: ["openai"], purposes: ["service-provision"] });
    expect(decideWith([mayChat(), m]).verdict).toBe("incorrect");
  });

  it("carves: a restriction on the first purpose of the vocabulary, broader than the permission's, contradicts it", () => {
    const vocabulary = [...ACME_TERMS, { id: "password-reset", kind: "purpose" as const, label: "Password reset", parents: ["account-management"] }];
    const p = statement({ id: "p", modality: "may", data: ["chat-content"], recipients: ["openai"], purposes: ["password-reset"] });
    const m = statement({ id: "m", modality: "must-not", data: ["chat-content"], recipients: ["openai"], purposes: ["account-management"] });
    const compiled = compilePolicy(policy([p, m], { vocabulary }));
    expect(compiled.tables.purpose.ids[0]).toBe("account-management");
    expect(decide(compiled, flow({ purposes: ["password-reset"] })).verdict).toBe("ambiguous");
  });

  it("carves: the action counts: a restriction on a narrower action carves (transfer is a kind of share)", () => {
    const p = mayChat({ actions: ["share"], recipients: ["openai"] });
    const m = statement({ id: "m", modality: "must-not", actions: ["transfer"], data: ["chat-content"], recipients: ["openai"], purposes: ["service-provision"] });
    expect(decideWith([p, m], flow({ action: "transfer" })).verdict).toBe("incorrect");
    expect(decideWith([p, { ...m, actions: ["share"] }], flow({ action: "transfer" })).verdict).toBe("ambiguous");
  });
});
