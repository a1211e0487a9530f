import type { Policy } from "../../src/model/policy.js";
import { PolicySchema } from "../../src/model/policy.js";

const cite = (section: string, quote: string) => ({ section, quote });

/**
 * A test policy shaped like the bundled ones (Pomeg's retention, a purpose-bound rule like
 * Polus's, a calendar-month rule) so the deadline code is tested whatever the bundled
 * encodings hold today.
 */
export const acme: Policy = PolicySchema.parse({
  id: "acme",
  title: "Acme test policy",
  operator: { name: "Acme" },
  jurisdictions: ["BD"],
  lastUpdated: null,
  source: { file: "acme.txt", sha256: "0".repeat(64) },
  vocabulary: [
    { id: "social-account-data", kind: "data", label: "Social account data", parents: ["user-content"] },
    { id: "chat-deleted", kind: "event", label: "A chat was deleted", parents: ["item-deleted"] },
    { id: "chat-attachment-deleted", kind: "event", label: "An attachment was deleted", parents: ["chat-deleted"] },
    { id: "token-store", kind: "store", label: "Token store" },
  ],
  retention: [
    {
      id: "tokens-disconnect",
      data: ["access-token"],
      stores: ["token-store"],
      trigger: "integration-disconnected",
      action: "invalidate-and-delete",
      maxDelay: "PT0S",
      tolerance: "PT1H",
      citation: cite("6", "associated access tokens are immediately deleted"),
      interpretation: "\"Immediately\" is read as within one hour.",
    },
    {
      id: "social-disconnect",
      data: ["social-account-data"],
      stores: ["primary"],
      trigger: "integration-disconnected",
      action: "delete",
      maxDelay: "P7D",
      citation: cite("6", "retained until you disconnect the connected account"),
    },
    {
      id: "account-deletion",
      data: ["personal-data"],
      stores: ["primary"],
      trigger: "account-deletion-requested",
      action: "delete",
      maxDelay: "P30D",
      exceptions: [{ ground: "legal-obligation", citation: cite("6", "except where retention is required by law") }],
      citation: cite("6", "all personal data is permanently deleted within 30 days"),
    },
    {
      id: "backups",
      data: ["personal-data"],
      stores: ["backups"],
      trigger: "account-deleted",
      action: "purge",
      maxDelay: "P90D",
      citation: cite("6", "Backup copies may be retained for up to 90 days following deletion"),
      interpretation: "\"Following deletion\" is counted from the completion of primary deletion (account-deleted).",
    },
    {
      id: "chats",
      data: ["communications"],
      stores: ["primary", "caches"],
      trigger: "item-deleted",
      action: "delete",
      maxDelay: "P30D",
      citation: cite("5", "Deletion is permanent within 30 days."),
    },
    {
      id: "attachments",
      data: ["files"],
      stores: ["primary"],
      trigger: "chat-attachment-deleted",
      action: "delete",
      maxDelay: "P1D",
      citation: cite("5", "attachments go within a day"),
    },
    {
      id: "purpose-bound",
      data: ["contact-data"],
      stores: ["primary"],
      trigger: "purpose-fulfilled",
      purposes: ["customer-support"],
      action: "delete-or-anonymize",
      maxDelay: "P1M",
      exceptions: [{ ground: "legal-obligation", citation: cite("Retention", "meeting legal obligations") }],
      citation: cite("Retention", "We keep information only as long as needed"),
    },
  ],
  rights: [
    { id: "right-access", right: "access", channels: ["email", "web-form"], responseDeadline: "P30D", citation: cite("7", "We will respond to all valid requests within 30 days.") },
    { id: "right-erasure", right: "erasure", channels: ["in-app-settings"], responseDeadline: "P30D", citation: cite("7", "Deletion") },
    { id: "right-objection", right: "objection", channels: ["email"], citation: cite("7", "Object") },
  ],
});
