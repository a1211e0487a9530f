/**
 * Random synthetic policies and flows over the fixture vocabulary (fast-check), for the laws of
 * the engine and of its views: every modality, conditions and safeguards; flows of known terms,
 * or now and then a term the policy lacks.
 */
import fc from "fast-check";
import type { Statement } from "../../src/model/policy.js";
import { statement } from "./fixtures.js";

const ACTIONS = ["process", "collect", "use", "share", "sell", "store"];
const DATA = ["personal-data", "contact-data", "identifiers", "email-address", "ip-address", "user-content", "chat-content", "meta-data", "usage-data", "payment-data"];
const RECIPIENTS = ["first-party", "processor", "third-party", "llm-provider", "openai", "mistral", "ai-model-provider", "advertiser"];
const PURPOSES = ["service-provision", "social-features", "customer-support", "product-improvement", "advertising", "security"];
const CONDITIONS = ["opt-in", "user-initiated", "user-action", "oauth-grant"];
const SAFEGUARDS = ["encryption", "encryption-at-rest", "aes-256-gcm"];

const some = (terms: string[], min = 1) => fc.uniqueArray(fc.constantFrom(...terms), { minLength: min, maxLength: 2 });

/** A statement's fields, of the given modality or any (`may` twice as often). */
export const arbStatement = (modality?: Statement["modality"]) =>
  fc.record({
    modality: modality === undefined ? fc.constantFrom<Statement["modality"]>("may", "may", "must-not", "only-if", "must", "only-for") : fc.constant(modality),
    actions: some(ACTIONS),
    data: some(DATA),
    recipients: some(RECIPIENTS),
    purposes: some(PURPOSES, 0),
    conditions: some(CONDITIONS, 0),
    safeguards: some(SAFEGUARDS, 0),
  });

/** An only-for names at least one purpose (the policy schema says so). */
export const valid = <S extends { modality: string; purposes: string[] }>(s: S): S => (s.modality === "only-for" && s.purposes.length === 0 ? { ...s, purposes: ["service-provision"] } : s);

/** One to eight statements, with ids `r0`, `r1`, … */
export const arbStatements = fc.array(arbStatement(), { minLength: 1, maxLength: 8 }).map((list) => list.map((s, i) => statement({ id: `r${i}`, ...valid(s) })));

/** A flow of known terms. */
export const arbFlow = fc.record({
  id: fc.constantFrom("a", "b", "c"),
  description: fc.constant("a flow"),
  action: fc.constantFrom(...ACTIONS),
  data: some(DATA),
  recipient: fc.constantFrom(...RECIPIENTS),
  purposes: some(PURPOSES),
  conditions: some(CONDITIONS, 0),
  safeguards: some(SAFEGUARDS, 0),
});

/** A term of the list, and now and then one the policy lacks. */
const withUnknown = (terms: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...terms), weight: 9 }, { arbitrary: fc.constant("no-such-term"), weight: 1 });

/** A flow's terms (for the fixtures' `flow`), now and then one the policy lacks. */
export const arbFlowTerms = fc.record({
  action: withUnknown(ACTIONS),
  data: fc.uniqueArray(withUnknown(DATA), { minLength: 1, maxLength: 2 }),
  recipient: withUnknown(RECIPIENTS),
  purposes: fc.uniqueArray(withUnknown(PURPOSES), { minLength: 1, maxLength: 2 }),
  conditions: some(CONDITIONS, 0),
  safeguards: some(SAFEGUARDS, 0),
});
