/**
 * A synthetic policy exercising every modality, for checking the peer encodings while the
 * bundled policies are small (`npm run bench -- --fixture`). Not a real policy's text.
 */
import type { PolicyInput } from "../src/index.js";

const cite = (quote: string) => ({ section: "fixture", quote });

export const fixturePolicy: PolicyInput = {
  id: "bench-fixture",
  title: "Bench fixture",
  operator: { name: "Fixture Ltd" },
  jurisdictions: [],
  lastUpdated: null,
  source: { file: "fixture.txt", sha256: "0".repeat(64) },
  vocabulary: [
    { id: "llm-provider", kind: "recipient", label: "AI model provider", parents: ["processor", "third-party"] },
    { id: "openai", kind: "recipient", label: "OpenAI", parents: ["llm-provider"] },
    { id: "anthropic", kind: "recipient", label: "Anthropic", parents: ["llm-provider"] },
    { id: "chat-messages", kind: "data", label: "Chat messages", parents: ["communications"] },
  ],
  statements: [
    { id: "s1-account", modality: "may", actions: ["collect", "store"], data: ["email-address", "name", "password"], recipients: ["first-party"], purposes: ["account-management", "authentication"], citation: cite("account") },
    { id: "s2-password-hash", modality: "must", actions: ["store"], data: ["password"], recipients: ["first-party"], safeguards: ["password-hashing"], citation: cite("hash") },
    { id: "s3-llm", modality: "may", actions: ["share"], data: ["communications", "files"], recipients: ["llm-provider"], purposes: ["service-provision"], conditions: ["user-initiated"], citation: cite("llm") },
    { id: "s4-at-rest", modality: "must", actions: ["store"], data: ["user-content"], recipients: ["first-party", "processor"], safeguards: ["encryption-at-rest"], citation: cite("rest") },
    { id: "s5-no-sale", modality: "must-not", actions: ["sell"], data: ["personal-data"], recipients: ["third-party"], citation: cite("no sale") },
    { id: "s6-no-training", modality: "must-not", actions: ["use", "share"], data: ["user-content"], recipients: ["third-party"], purposes: ["ai-training"], citation: cite("no training") },
    { id: "s7-analytics", modality: "only-if", actions: ["collect", "analyse"], data: ["usage-data", "device-data"], recipients: ["first-party", "processor"], purposes: ["analytics", "product-improvement"], conditions: ["opt-in"], citation: cite("analytics") },
    { id: "s8-law", modality: "may", actions: ["share"], data: ["personal-data"], recipients: ["public-authority"], purposes: ["legal-compliance"], conditions: ["required-by-law"], citation: cite("law") },
    { id: "s9-store-content", modality: "may", actions: ["store"], data: ["user-content"], recipients: ["first-party", "cloud-provider"], purposes: ["service-provision"], citation: cite("store") },
    { id: "s10-no-broker", modality: "must-not", actions: ["share"], data: ["contact-data"], recipients: ["data-broker"], citation: cite("broker") },
  ],
};
