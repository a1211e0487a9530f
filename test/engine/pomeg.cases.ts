import type { PomegFlow } from "../../src/index.js";
import type { Case } from "./bundled.js";

const provider = {
  conditions: ["confidentiality-obligation", "security-obligation", "own-purpose-use-prohibited"],
  safeguards: ["access-control", "security-monitoring", "encryption-at-rest", "encryption-in-transit"],
} satisfies Partial<PomegFlow>;

/** Realistic flows of the application, with what the engine must say about each. */
export const cases: Case<PomegFlow>[] = [
  {
    why: "sign-up form: the account information of section 1.1",
    flow: { id: "signup", description: "Sign-up form", action: "collect", data: ["full-name", "account-email", "organisation-name"], recipient: "first-party", purposes: ["account-management"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "passwords stored hashed, on access-controlled, monitored infrastructure",
    flow: { id: "store-password", description: "Store the password hash", action: "store", data: ["password"], recipient: "first-party", purposes: ["authentication"], safeguards: ["bcrypt", "access-control", "security-monitoring"] },
    verdict: "clear",
    codes: [],
    rules: ["s1-1-password"],
  },
  {
    why: "a password stored without hashing breaks section 1.1's promise",
    flow: { id: "store-password-plain", description: "Store the password", action: "store", data: ["password"], recipient: "first-party", purposes: ["authentication"], safeguards: ["access-control", "security-monitoring"] },
    verdict: "clear",
    codes: ["safeguard-missing"],
  },
  {
    why: "connecting a Facebook page: the token, with the user's OAuth grant, encrypted",
    flow: { id: "connect-facebook", description: "Store the Page access token", action: "collect", data: ["meta-access-token"], recipient: "first-party", purposes: ["integration-management"], conditions: ["oauth-grant", "feature-enabled"], safeguards: ["encryption-at-rest", "encryption-in-transit"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "the same without the OAuth grant: section 1.2 requires it",
    flow: { id: "connect-facebook-no-grant", description: "Store the Page access token", action: "collect", data: ["meta-access-token"], recipient: "first-party", purposes: ["integration-management"], conditions: ["feature-enabled"], safeguards: ["encryption-at-rest", "encryption-in-transit"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "AI replies to Instagram comments sent to OpenAI: section 4 allows AI model providers, section 3 shares no Meta data with third parties",
    flow: { id: "ai-comment-reply", description: "Generate a reply with OpenAI", action: "share", data: ["meta-comments"], recipient: "openai", purposes: ["ai-comment-replies"], ...provider, conditions: [...provider.conditions, "oauth-grant", "feature-enabled"] },
    verdict: "ambiguous",
    codes: ["flow-ambiguous"],
    rules: ["s3-meta-no-sharing", "s4-service-providers"],
  },
  {
    why: "Meta page content used to improve the platform: Meta data serves the social features solely (section 3) although section 2 improves the platform with user data",
    flow: { id: "meta-improve", description: "Train ranking on Page content", action: "use", data: ["meta-page-content"], recipient: "first-party", purposes: ["product-improvement"], conditions: ["oauth-grant", "feature-enabled"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["s3-meta-use-solely"],
  },
  {
    why: "an account email list shared with an advertiser",
    flow: { id: "ads-audience", description: "Upload a custom audience", action: "share", data: ["account-email"], recipient: "advertiser", purposes: ["advertising"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["s2-no-advertising-or-profiling"],
  },
  {
    why: "call audio used to train AI models: calls serve the service and quality assurance solely",
    flow: { id: "train-on-calls", description: "Fine-tune the phone agent", action: "use", data: ["call-audio"], recipient: "first-party", purposes: ["ai-training"], conditions: ["feature-enabled"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
  },
  {
    why: "billing emails to a payment processor: the policy names no payment processor",
    flow: { id: "billing", description: "Create the customer at the payment processor", action: "share", data: ["account-email"], recipient: "payment-processor", purposes: ["payment-processing"], ...provider },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "chat history hosted by the cloud provider: disclosed only as 'personal data' to 'service providers'",
    flow: { id: "host-chats", description: "Chat history in the managed database", action: "store", data: ["ai-chat-history"], recipient: "cloud-hosting-provider", purposes: ["service-provision"], ...provider },
    verdict: "vague",
    codes: ["flow-vague"],
  },
  {
    why: "the same stored in a US region: the policy says data is processed and stored in Bangladesh",
    flow: { id: "host-chats-us", description: "Chat history in us-east-1", action: "store", data: ["ai-chat-history"], recipient: "cloud-hosting-provider", purposes: ["service-provision"], location: "us", ...provider },
    verdict: "vague",
    codes: ["flow-vague", "location-undisclosed"],
  },
  {
    why: "backups at the cloud provider for disaster recovery (section 6), shared with it as a service provider under confidentiality (section 4); they hold passwords too, so password hashing binds them",
    flow: { id: "backups", description: "Nightly backups", action: "store", data: ["personal-data"], recipient: "cloud-hosting-provider", purposes: ["disaster-recovery"], location: "bangladesh", ...provider, safeguards: [...provider.safeguards, "password-hashing"] },
    verdict: "clear",
    codes: [],
    rules: ["s4-service-providers"],
  },
  {
    why: "AI phone agent transcripts, with the feature and transcription enabled",
    flow: { id: "transcripts", description: "Transcribe calls", action: "process", data: ["call-transcripts"], recipient: "first-party", purposes: ["phone-agent"], conditions: ["feature-enabled", "transcription-enabled"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "transcripts without transcription enabled: only where enabled (section 1.4)",
    flow: { id: "transcripts-always", description: "Transcribe every call", action: "process", data: ["call-transcripts"], recipient: "first-party", purposes: ["phone-agent"], conditions: ["feature-enabled"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "a coarse flow: 'social account data' to an AI provider may include Meta data (sections 3 and 4 contradict each other)",
    flow: { id: "coarse-social", description: "Send social data to the model", action: "share", data: ["social-account-data"], recipient: "ai-model-provider", purposes: ["ai-responses"], ...provider, conditions: [...provider.conditions, "oauth-grant"] },
    verdict: "ambiguous",
    codes: ["flow-ambiguous"],
  },
  {
    why: "a coarse flow: 'social account data' to an AI provider for message replies may include Meta data (sections 3 and 4 contradict each other)",
    flow: { id: "coarse-social-message-replies", description: "Send social data to the model to answer messages", action: "share", data: ["social-account-data"], recipient: "ai-model-provider", purposes: ["ai-message-replies"], ...provider, conditions: [...provider.conditions, "oauth-grant"] },
    verdict: "ambiguous",
    codes: ["flow-ambiguous"],
  },
  {
    why: "several categories: the account email is vague, the Meta DMs decide (ambiguous), naming the category",
    flow: { id: "dm-context", description: "Send the DM thread and the owner's email", action: "share", data: ["account-email", "meta-direct-messages"], recipient: "openai", purposes: ["ai-message-replies"], ...provider, conditions: [...provider.conditions, "oauth-grant", "feature-enabled"] },
    verdict: "ambiguous",
    codes: ["flow-ambiguous"],
  },
  {
    why: "publishing a scheduled post to Facebook, with the OAuth grant",
    flow: { id: "publish", description: "Publish a scheduled post", action: "publish", data: ["created-posts"], recipient: "meta-platforms", purposes: ["posting-and-scheduling"], conditions: ["oauth-grant"] },
    verdict: "vague",
    codes: ["flow-vague"],
  },
];
