/**
 * The decision record, rule by rule (R1–R10 in `src/engine/decide.ts`): which statements decide
 * each category, which permission's unmet requirements are reported, and how requirements,
 * locations and ages are gathered. The verdict tests read results; these read the record every
 * view is derived from.
 */
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../src/engine/compile.js";
import { decide } from "../../src/engine/decide.js";
import { flow, policy, statement } from "./fixtures.js";

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
