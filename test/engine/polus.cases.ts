import type { PolusFlow } from "../../src/index.js";
import type { Case } from "./bundled.js";

/** Realistic flows of the application, with what the engine must say about each. */
export const cases: Case<PolusFlow>[] = [
  {
    why: "the contact form",
    flow: { id: "contact-form", description: "Website contact form", action: "collect", data: ["name", "email-address", "inquiry-details"], recipient: "first-party", purposes: ["respond-to-inquiries"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "incoming WhatsApp messages stored to run the order bot, for the business that owns the account",
    flow: { id: "store-messages", description: "Store inbound WhatsApp messages", action: "store", data: ["message-content", "whatsapp-phone-number"], recipient: "first-party", purposes: ["whatsapp-messaging"], conditions: ["business-authorized", "needed-for-service"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "an order routed to the client business it was taken for",
    flow: { id: "route-order", description: "Forward the order to the restaurant", action: "transfer", data: ["order-info"], recipient: "client-business", purposes: ["customer-support"], conditions: ["collected-for-client-business"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "the same, not said to be collected for that business",
    flow: { id: "route-order-unauthorised", description: "Forward the order", action: "transfer", data: ["order-info"], recipient: "client-business", purposes: ["customer-support"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "AI-assisted replies through OpenAI: disclosed as 'AI providers'; needed for the service and enabled by the business",
    flow: { id: "ai-reply", description: "Draft a reply with OpenAI", action: "transfer", data: ["message-content"], recipient: "openai", purposes: ["ai-assisted-replies"], conditions: ["needed-for-service", "feature-enabled"] },
    verdict: "vague",
    codes: ["flow-vague"],
  },
  {
    why: "AI replies when the business has not enabled the feature",
    flow: { id: "ai-reply-not-enabled", description: "Draft a reply with OpenAI", action: "transfer", data: ["message-content"], recipient: "openai", purposes: ["ai-assisted-replies"], conditions: ["needed-for-service"] },
    verdict: "vague",
    codes: ["condition-unmet", "flow-vague"],
  },
  {
    why: "logs shipped to a logging tool for troubleshooting, as section 'Sharing' names",
    flow: { id: "logs", description: "Ship logs", action: "transfer", data: ["logs"], recipient: "analytics-or-logging-tool", purposes: ["troubleshooting"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "IP addresses to the cloud provider for security",
    flow: { id: "waf", description: "Web application firewall", action: "transfer", data: ["ip-address"], recipient: "cloud-provider", purposes: ["security"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "phone numbers sold to a data broker: 'We do not sell Meta or WhatsApp data'",
    flow: { id: "sell-numbers", description: "Sell the contact list", action: "sell", data: ["whatsapp-phone-number"], recipient: "data-broker", purposes: ["advertising"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["meta-no-sale"],
  },
  {
    why: "a coarse flow: 'personal data' sold to a processor may include WhatsApp data",
    flow: { id: "sell-coarse", description: "Sell a data export", action: "sell", data: ["personal-data"], recipient: "processor", purposes: ["business-transfer"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
  },
  {
    why: "contact details sent to an advertiser: nothing discloses it",
    flow: { id: "ads", description: "Retargeting audience", action: "transfer", data: ["email-address"], recipient: "advertiser", purposes: ["advertising"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "contact details used for marketing: no such purpose",
    flow: { id: "newsletter", description: "Marketing newsletter", action: "use", data: ["email-address"], recipient: "first-party", purposes: ["advertising"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "records disclosed to a court, when required by law",
    flow: { id: "court-order", description: "Answer a court order", action: "transfer", data: ["business-records"], recipient: "public-authority", purposes: ["legal-compliance"], conditions: ["required-by-law"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "message content to an email provider: 'Message content may be processed by infrastructure providers and AI providers', not by the others",
    flow: { id: "email-digest", description: "Email a conversation digest", action: "transfer", data: ["message-content"], recipient: "email-provider", purposes: ["customer-support"], conditions: ["needed-for-service"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["message-content-not-to-other-providers"],
  },
  {
    why: "message content to an AI provider for abuse scoring: not 'to deliver the service'",
    flow: { id: "abuse-scoring", description: "Score messages for abuse", action: "transfer", data: ["message-content"], recipient: "ai-provider", purposes: ["security"], conditions: ["needed-for-service"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["message-content-at-ai-providers-only-for-service"],
  },
  {
    why: "WhatsApp messages read for troubleshooting without being needed: 'we only access the data needed'",
    flow: { id: "read-all", description: "Read every conversation while debugging", action: "use", data: ["message-content"], recipient: "first-party", purposes: ["troubleshooting"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "Meta asset ids for onboarding, only what is needed",
    flow: { id: "onboarding", description: "Connect the WhatsApp Business Account", action: "collect", data: ["meta-asset-identifiers"], recipient: "first-party", purposes: ["integration-onboarding"], conditions: ["needed-for-service"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "an unknown vendor at run time",
    flow: { id: "crm", description: "Sync to HubSpot", action: "transfer", data: ["contact-data"], recipient: "hubspot" as PolusFlow["recipient"], purposes: ["customer-support"] },
    verdict: "omitted",
    codes: ["flow-omitted", "unknown-term"],
  },
];
