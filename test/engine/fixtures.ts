import type { Policy, PolicyInput, Statement } from "../../src/model/policy.js";
import { PolicySchema } from "../../src/model/policy.js";
import type { Term } from "../../src/model/terms.js";

type StatementInput = Omit<Partial<Statement>, "id" | "modality"> & Pick<Statement, "id" | "modality">;

/** Terms a synthetic policy adds to the base vocabulary; several have two parents. */
export const ACME_TERMS: Term[] = [
  { id: "chat-content", kind: "data", label: "Chat content", parents: ["communications"] },
  { id: "meta-data", kind: "data", label: "Meta platform data", parents: ["user-content"] },
  { id: "llm-provider", kind: "recipient", label: "LLM provider", parents: ["processor"] },
  { id: "openai", kind: "recipient", label: "OpenAI", parents: ["llm-provider"] },
  { id: "mistral", kind: "recipient", label: "Mistral", parents: ["llm-provider"] },
  { id: "ai-model-provider", kind: "recipient", label: "AI model provider", parents: ["processor", "third-party"] },
  { id: "social-features", kind: "purpose", label: "Social media features", parents: ["service-provision"] },
];

/** A statement with defaults: share, personal data, processor, any purpose. */
export function statement(input: StatementInput): Statement {
  return {
    actions: ["share"],
    data: ["personal-data"],
    recipients: ["processor"],
    purposes: [],
    conditions: [],
    safeguards: [],
    locations: [],
    citation: { section: "1", quote: `quote of ${input.id}` },
    ...input,
  };
}

/** A valid synthetic policy with the given statements. */
export function policy(statements: Statement[], extra: Partial<PolicyInput> = {}): Policy {
  return PolicySchema.parse({
    id: "acme",
    title: "Acme Privacy Policy",
    operator: { name: "Acme" },
    jurisdictions: ["BD"],
    lastUpdated: null,
    source: { file: "acme.txt", sha256: "0".repeat(64) },
    vocabulary: ACME_TERMS,
    statements,
    ...extra,
  });
}

/** A flow with defaults: share chat content with OpenAI to provide the service. */
export function flow(input: Partial<{
  id: string; action: string; data: string[]; recipient: string; purposes: string[];
  conditions: string[]; safeguards: string[]; location: string; audience: { minimumAge: number; region?: string };
}> = {}) {
  return {
    id: "f",
    description: "a flow",
    action: "share",
    data: ["chat-content"],
    recipient: "openai",
    purposes: ["service-provision"],
    ...input,
  };
}
