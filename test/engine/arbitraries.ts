/**
 * Random synthetic policies and flows over the fixture vocabulary (fast-check), for the laws of
 * the engine's views: every modality, conditions and safeguards, and now and then a flow term
 * the policy lacks.
 */
import fc from "fast-check";
import type { Modality } from "../../src/model/policy.js";
import { statement } from "./fixtures.js";

const ACTIONS = ["process", "collect", "use", "share", "sell", "store"];
const DATA = ["personal-data", "contact-data", "email-address", "user-content", "chat-content", "meta-data", "usage-data"];
const RECIPIENTS = ["first-party", "processor", "third-party", "llm-provider", "openai", "mistral", "ai-model-provider"];
const PURPOSES = ["service-provision", "social-features", "customer-support", "advertising", "security"];
const CONDITIONS = ["opt-in", "user-initiated", "user-action"];
const SAFEGUARDS = ["encryption", "encryption-at-rest"];
const MODALITIES: Modality[] = ["may", "may", "must-not", "only-if", "must", "only-for"];

const some = (terms: string[], min = 1) => fc.uniqueArray(fc.constantFrom(...terms), { minLength: min, maxLength: 2 });
export const arbStatements = fc
  .array(
    fc.record({
      modality: fc.constantFrom(...MODALITIES),
      actions: some(ACTIONS),
      data: some(DATA),
      recipients: some(RECIPIENTS),
      purposes: some(PURPOSES, 0),
      conditions: some(CONDITIONS, 0),
      safeguards: some(SAFEGUARDS, 0),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) => list.map((s, i) => statement({ id: `r${i}`, ...s, purposes: s.modality === "only-for" && s.purposes.length === 0 ? ["security"] : s.purposes })));
/** Flows of the same terms, and now and then a term the policy lacks. */
const withUnknown = (terms: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...terms), weight: 9 }, { arbitrary: fc.constant("no-such-term"), weight: 1 });
export const arbFlow = fc.record({
  action: withUnknown(ACTIONS),
  data: fc.uniqueArray(withUnknown(DATA), { minLength: 1, maxLength: 2 }),
  recipient: withUnknown(RECIPIENTS),
  purposes: fc.uniqueArray(withUnknown(PURPOSES), { minLength: 1, maxLength: 2 }),
  conditions: some(CONDITIONS, 0),
  safeguards: some(SAFEGUARDS, 0),
});

