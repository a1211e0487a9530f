import { describe, expectTypeOf, it } from "vitest";
import {
  checkFlow,
  compilePolicy,
  createGuard,
  pocketo,
  pomeg,
  type FlowInput,
  type FlowResult,
  type Flow,
  type Guard,
  type PocketoFlow,
  type PomegFlow,
  type Policy,
  type Verdict,
} from "../../src/index.js";

describe("createGuard with a bundled policy", () => {
  const guard = createGuard(pocketo);

  it("takes the policy's own flow type", () => {
    expectTypeOf(guard).toEqualTypeOf<Guard<PocketoFlow>>();
    expectTypeOf(guard.check).parameter(0).toEqualTypeOf<PocketoFlow>();
    expectTypeOf(guard.check).returns.toEqualTypeOf<FlowResult>();
    expectTypeOf(createGuard(pomeg).check).parameter(0).toEqualTypeOf<PomegFlow>();
  });

  it("accepts a flow in the policy's terms", () => {
    guard.check({ id: "signup", description: "Sign-up", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] });
  });

  it("rejects terms the policy does not define at compile time", () => {
    // @ts-expect-error "opnai" is no recipient of the Pocketo policy
    guard.check({ id: "x", description: "x", action: "share", data: ["email-address"], recipient: "opnai", purposes: ["service-provision"] });
    // @ts-expect-error "emial-address" is no data term
    guard.check({ id: "x", description: "x", action: "collect", data: ["emial-address"], recipient: "first-party", purposes: ["account-management"] });
    // @ts-expect-error "spam" is no purpose
    guard.assert({ id: "x", description: "x", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["spam"] });
    // @ts-expect-error "yeet" is no action
    guard.check({ id: "x", description: "x", action: "yeet", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] });
    // @ts-expect-error a flow needs at least one data category
    guard.check({ id: "x", description: "x", action: "collect", data: [], recipient: "first-party", purposes: ["account-management"] });
  });

  it("rejects a generic FlowInput, whose terms are any strings", () => {
    const loose = {} as FlowInput;
    // @ts-expect-error string is wider than the policy's terms
    guard.check(loose);
  });
});

describe("createGuard with a policy loaded at run time", () => {
  const loaded = {} as Policy;
  const guard = createGuard(loaded);

  it("takes FlowInput and any term", () => {
    expectTypeOf(guard.check).parameter(0).toEqualTypeOf<FlowInput>();
    guard.check({ id: "x", description: "x", action: "share", data: ["anything"], recipient: "someone", purposes: ["whatever"] });
  });
});

describe("checkFlow", () => {
  it("takes the parsed Flow and FlowInput", () => {
    const compiled = compilePolicy(pomeg);
    expectTypeOf(checkFlow(compiled, {} as Flow).verdict).toEqualTypeOf<Verdict>();
    expectTypeOf(checkFlow(compiled, {} as FlowInput)).toEqualTypeOf<FlowResult>();
  });
});
