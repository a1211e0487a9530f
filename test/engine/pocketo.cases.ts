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
    why: "chat prompts to Mistral: the policy names OpenAI, Anthropic and Google only",
    flow: { id: "chat-mistral", description: "Send the prompt to Mistral", action: "share", data: ["chat-content"], recipient: "mistral", purposes: ["ai-chat"] },
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
    why: "gallery photos to OpenAI for image generation: disclosed as user content (broader)",
    flow: { id: "photos-openai", description: "Edit a photo with OpenAI", action: "share", data: ["photos"], recipient: "openai", purposes: ["image-generation"] },
    verdict: "vague",
    codes: ["flow-vague"],
  },
  {
    why: "camera capture only when the user initiates it",
    flow: { id: "camera", description: "In-app camera", action: "collect", data: ["camera-content"], recipient: "first-party", purposes: ["image-generation"], conditions: ["user-initiated", "user-action"] },
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
    flow: { id: "calendar", description: "Read calendar events", action: "collect", data: ["google-calendar-data"], recipient: "first-party", purposes: ["ai-assistant"], conditions: ["explicit-connection", "oauth-grant", "user-action"] },
    verdict: "clear",
    codes: [],
  },
  {
    why: "calendar events without an OAuth grant",
    flow: { id: "calendar-no-grant", description: "Read calendar events", action: "collect", data: ["google-calendar-data"], recipient: "first-party", purposes: ["ai-assistant"], conditions: ["explicit-connection", "user-action"] },
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
