import type { Policy } from "../model/policy.js";

/**
 * A policy bundled with pledge, carrying the type of the flows its vocabulary admits so that
 * `createGuard(pocketo).check(flow)` checks the flow's terms at compile time.
 */
export type BundledPolicy<F = unknown> = Policy & { readonly __flow?: F };

/** The flow type a bundled policy admits. */
export type FlowOf<P> = P extends BundledPolicy<infer F> ? F : never;
