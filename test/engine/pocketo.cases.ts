import type { PocketoFlow } from "../../src/index.js";
import type { Case } from "./bundled.js";

/** Realistic flows of the application, with what the engine must say about each. */
export const cases: Case<PocketoFlow>[] = [
  {
    why: "registration: email and name, on the user's action",
    flow: { id: "register", description: "Registration form", action: "collect", data: ["email-address", "name"], recipient: "first-party", purposes: ["authentication"], conditions: ["user-action"] },
    verdict: "clear",
    codes: [],
    rules: ["s1-account-data"],
  },
  {
    why: "collecting without the user's action: 'or any data without your action'",
    flow: { id: "register-silent", description: "Prefill from the device", action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["authentication"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "chat prompts to OpenAI (section 3 names it)",
    flow: { id: "chat-openai", description: "Send the prompt to OpenAI", action: "share", data: ["chat-content"], recipient: "openai", purposes: ["ai-chat"] },
    verdict: "clear",
    codes: [],
    rules: ["s3-openai"],
  },
  {
    why: "prompts and content sent to OpenAI, in the text's own words (section 3)",
    flow: { id: "send-openai", description: "Send the prompts and content to OpenAI", action: "send", data: ["prompts-and-content"], recipient: "openai", purposes: ["ai-chat"] },
    verdict: "clear",
    codes: [],
    rules: ["s3-openai"],
  },
  {
    why: "chat prompts to another LLM provider: the policy names OpenAI, Anthropic and Google only",
    flow: { id: "chat-other-provider", description: "Send the prompt to another LLM provider", action: "share", data: ["chat-content"], recipient: "llm-provider", purposes: ["ai-chat"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "SMS to OpenAI: 'We do not collect: … SMS', and SMS are not the 'prompts and content' of section 3",
    flow: { id: "sms-openai", description: "Summarise the user's texts", action: "share", data: ["sms-messages"], recipient: "openai", purposes: ["ai-chat"], conditions: ["user-initiated"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["s1-no-location-contacts-sms-call-logs"],
  },
  {
    why: "Gmail to OpenAI without a connection: 'only when you explicitly connect them' binds every recipient",
    flow: { id: "gmail-openai-unconnected", description: "Summarise mail with OpenAI", action: "share", data: ["gmail-data"], recipient: "openai", purposes: ["ai-chat"] },
    verdict: "vague",
    codes: ["condition-unmet", "condition-unmet", "flow-vague"],
  },
  {
    why: "a push through the platform push service, opted in: implied by 'for sending notifications you opt into'",
    flow: { id: "push-fcm", description: "Deliver a push through FCM", action: "share", data: ["push-token"], recipient: "push-notification-service", purposes: ["job-completion-notifications"], conditions: ["opt-in"] },
    verdict: "clear",
    codes: [],
    rules: ["s1-push-tokens-opt-in"],
  },
  {
    why: "device data for account protection: section 1 gives device data to diagnostics only",
    flow: { id: "device-fingerprint", description: "Flag log-ins from a new device model", action: "use", data: ["device-model"], recipient: "first-party", purposes: ["account-protection"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "image generation with Gemini: Google is named for chat only",
    flow: { id: "image-google", description: "Generate an image with Gemini", action: "share", data: ["chat-content"], recipient: "google", purposes: ["image-generation"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "photos at large to OpenAI: only camera content (taken or picked in the app) is disclosed",
    flow: { id: "photos-openai", description: "Edit a photo with OpenAI", action: "share", data: ["photos"], recipient: "openai", purposes: ["image-generation"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
  {
    why: "a file sent to Gemini for file analysis: file analysis is disclosed only as part of chat (broader)",
    flow: { id: "file-gemini", description: "Analyse a document with Gemini", action: "share", data: ["files"], recipient: "google", purposes: ["file-analysis"] },
    verdict: "vague",
    codes: ["flow-vague"],
  },
  {
    why: "camera capture only when the user initiates it",
    flow: { id: "camera", description: "In-app camera", action: "collect", data: ["camera-content"], recipient: "first-party", purposes: ["image-generation"], conditions: ["user-initiated"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "a background camera capture: the user did not initiate it",
    flow: { id: "camera-background", description: "Background capture", action: "collect", data: ["camera-content"], recipient: "first-party", purposes: ["image-generation"], conditions: ["user-action"] },
    verdict: "clear",
    codes: ["condition-unmet"],
  },
  {
    why: "the same frame sent straight to OpenAI: 'only when you actively initiate the action' binds every recipient",
    flow: { id: "camera-background-openai", description: "Background frame to OpenAI", action: "share", data: ["camera-content"], recipient: "openai", purposes: ["image-generation"] },
    verdict: "clear",
    codes: ["condition-unmet"],
    rules: ["s3-openai"],
  },
  {
    why: "passwords stored with bcrypt, encrypted at rest",
    flow: { id: "store-password", description: "Store the password hash", action: "store", data: ["password"], recipient: "first-party", purposes: ["authentication"], safeguards: ["bcrypt", "encryption-at-rest"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "passwords stored without bcrypt",
    flow: { id: "store-password-sha1", description: "Store a SHA-1 of the password", action: "store", data: ["password"], recipient: "first-party", purposes: ["authentication"], safeguards: ["encryption-at-rest"] },
    verdict: "clear",
    codes: ["safeguard-missing"],
  },
  {
    why: "precise location collected: 'We do not collect: location'",
    flow: { id: "location", description: "Geotag prompts", action: "collect", data: ["precise-location"], recipient: "first-party", purposes: ["ai-chat"], conditions: ["user-action"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
    rules: ["s1-no-location-contacts-sms-call-logs"],
  },
  {
    why: "a coarse flow: 'communications' may include SMS and call logs, which Pocketo does not collect",
    flow: { id: "coarse-communications", description: "Import conversations", action: "collect", data: ["communications"], recipient: "first-party", purposes: ["ai-chat"], conditions: ["user-action"] },
    verdict: "incorrect",
    codes: ["flow-incorrect"],
  },
  {
    why: "diagnostics on error logs must be aggregated and anonymised",
    flow: { id: "diagnostics-raw", description: "Raw error logs to the dashboard", action: "use", data: ["error-logs"], recipient: "first-party", purposes: ["reliability-diagnostics"] },
    verdict: "clear",
    codes: ["safeguard-missing", "safeguard-missing"],
  },
  {
    why: "the same, aggregated and anonymised",
    flow: { id: "diagnostics", description: "Aggregated diagnostics", action: "use", data: ["error-logs"], recipient: "first-party", purposes: ["reliability-diagnostics"], safeguards: ["anonymization", "aggregation"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "an app admitting 13-year-olds in the EU: 'or 16 in EU'",
    flow: { id: "eu-teens", description: "Chat for EU users from 13", action: "share", data: ["chat-content"], recipient: "openai", purposes: ["ai-chat"], audience: { minimumAge: 13, region: "eu" } },
    verdict: "clear",
    codes: ["age-limit"],
  },
  {
    why: "13-year-olds in the US are fine; 12-year-olds are not",
    flow: { id: "us-kids", description: "Chat for US users from 12", action: "share", data: ["chat-content"], recipient: "openai", purposes: ["ai-chat"], audience: { minimumAge: 12, region: "us" } },
    verdict: "clear",
    codes: ["age-limit"],
  },
  {
    why: "Google Calendar events, with the connection and the OAuth grant",
    flow: { id: "calendar", description: "Read calendar events", action: "collect", data: ["google-calendar-data"], recipient: "first-party", purposes: ["ai-assistant"], conditions: ["explicit-connection", "oauth-grant"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "calendar events without an OAuth grant",
    flow: { id: "calendar-no-grant", description: "Read calendar events", action: "collect", data: ["google-calendar-data"], recipient: "first-party", purposes: ["ai-assistant"], conditions: ["explicit-connection"] },
    verdict: "clear",
    codes: ["condition-unmet"], // one finding for the missing term, citing both rules that require it
  },
  {
    why: "several categories: chat content is clear, the payment data is not disclosed to OpenAI",
    flow: { id: "chat-with-billing", description: "Send the prompt and the card to OpenAI", action: "share", data: ["chat-content", "payment-data"], recipient: "openai", purposes: ["ai-chat"] },
    verdict: "omitted",
    codes: ["flow-omitted"],
  },
];
