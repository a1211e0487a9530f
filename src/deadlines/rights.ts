import { argumentFinding } from "../arguments.js";
import { rightsProblem } from "./arguments.js";
import type { CitedRule, Finding } from "../findings.js";
import type { Citation } from "../model/citation.js";
import type { SupportedRight } from "../model/manifest.js";
import type { Right } from "../model/policy.js";
import { compareText, sortFindings } from "../order.js";
import { prepareDeadlines, type PolicyLike } from "./obligations.js";
import { addDuration, formatInstant, parseDurationField, parseInstant, type InputIssue } from "./time.js";

/** When a request exercising a right must be answered. */
export type RightDeadline =
  | {
      readonly ok: true;
      readonly right: string;
      readonly receivedAt: string;
      /** Whether the policy promises a response deadline for this right. */
      readonly promised: true;
      readonly ruleId: string;
      readonly responseDeadline: string;
      /** `receivedAt + responseDeadline`, UTC. */
      readonly due: string;
      readonly channels: readonly string[];
      readonly citation: Citation;
    }
  | {
      readonly ok: true;
      readonly right: string;
      readonly receivedAt: string;
      /** The policy grants the right (`ruleId`) but promises no response time, or does not grant it at all (no `ruleId`). */
      readonly promised: false;
      readonly ruleId?: string;
      readonly reason: string;
      readonly citation?: Citation;
    }
  | { readonly ok: false; readonly issue: InputIssue };

/**
 * When a request for `right` received at `receivedAt` must be answered: the earliest deadline
 * among the policy's rules for that right (or a broader one). A right with no deadline gives a
 * result saying none is promised; bad input is an issue, never thrown.
 *
 * @example
 * rightsDeadline(pomeg, "erasure", "2026-11-23T10:00:00Z")
 * //=> { ok: true, promised: true, right: "erasure", due: "2026-12-23T10:00:00Z", responseDeadline: "P30D", … }
 * rightsDeadline(polus, "access", "2026-11-23T10:00:00Z")
 * //=> { ok: true, promised: false, reason: "the policy grants access but promises no response time", … }
 */
export function rightsDeadline(policy: PolicyLike, right: string, receivedAt: string | Date): RightDeadline {
  const compiled = prepareDeadlines(policy);
  if (!compiled.ok) return compiled;
  const { vocabulary } = compiled.value;
  if (!vocabulary.has("right", right)) {
    const suggestions = typeof right === "string" ? vocabulary.suggest("right", right) : [];
    const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?)` : "";
    return { ok: false, issue: { code: "unknown-right", field: "right", message: `right: unknown right "${right}"${hint}; the rights are ${vocabulary.ids("right").join(", ")}`, suggestions } };
  }
  const received = parseInstant(receivedAt, "receivedAt");
  if (!received.ok) return received;
  const at = formatInstant(received.value);
  const rules = compiled.value.policy.rights.filter((r) => vocabulary.isBelow("right", right, r.right));
  let best: { rule: Right; due: number } | undefined;
  for (const rule of rules) {
    if (rule.responseDeadline === undefined) continue;
    const parts = parseDurationField(rule.responseDeadline, "responseDeadline");
    if (!parts.ok) return parts;
    const due = addDuration(received.value, parts.value);
    if (!best || due < best.due || (due === best.due && compareText(rule.id, best.rule.id) < 0)) best = { rule, due };
  }
  if (best) {
    return {
      ok: true,
      right,
      receivedAt: at,
      promised: true,
      ruleId: best.rule.id,
      responseDeadline: best.rule.responseDeadline ?? "",
      due: formatInstant(best.due),
      channels: best.rule.channels,
      citation: best.rule.citation,
    };
  }
  // The rule that names the right itself, before one that grants it through a broader right.
  const granted = [...rules].sort((a, b) => Number(b.right === right) - Number(a.right === right) || compareText(a.id, b.id))[0];
  if (granted) return { ok: true, right, receivedAt: at, promised: false, ruleId: granted.id, reason: `the policy grants ${right} but promises no response time`, citation: granted.citation };
  return { ok: true, right, receivedAt: at, promised: false, reason: `the policy does not grant ${right}` };
}

/** One promised right, checked against what the application supports. */
export interface RightCheck {
  readonly ruleId: string;
  readonly right: string;
  readonly status: "supported" | "channel-missing" | "unsupported";
  /** Index in the manifest's `rights` list of the entry that supports it. */
  readonly supportedBy?: number;
  /** Channels the policy names that the supporting entry does not list. */
  readonly missingChannels: readonly string[];
  readonly responseDeadline?: string;
  readonly citation: Citation;
}

/** The result of {@link checkRights}. */
export interface RightsCheck {
  /** One per right rule of the policy, sorted by rule id. */
  readonly rights: readonly RightCheck[];
  /** Paths relative to the manifest's `rights` section: `[]` for a missing right, `[i, "channels"]` for a missing channel. */
  readonly findings: readonly Finding[];
}

/**
 * Checks that every right the policy promises is supported by the application: an entry whose
 * right is the promised one or broader. A missing right is an error (`right-unsupported`,
 * path `[]`). A supported right lacking a channel the policy names (the policy says "email
 * us", the application lists only in-app settings) is a warning at `[i, "channels"]`: the right
 * is honoured, but not where the policy tells users to go. A channel is answered by itself or a
 * narrower one, never by a broader one: `web-form` does not answer Pomeg's Data Deletion
 * Instructions page, nor `in-app-settings` Pocketo's Settings → Export.
 *
 * @example
 * checkRights(pomeg, [{ right: "access", channels: ["email"] }]).findings.map((f) => [f.severity, f.path, f.message])
 * //=> [["error", [], "the policy promises the right erasure (rule s7-erasure, through data-deletion-instructions-page, email), and the application supports it through no channel"],
 * //    …,
 * //    ["warning", [0, "channels"], "the policy tells users to exercise access through data-deletion-instructions-page (rule s7-access); the application lists only email"]]
 */
export function checkRights(policy: PolicyLike, supported: readonly SupportedRight[]): RightsCheck {
  const problem = rightsProblem(supported);
  if (problem !== undefined) return { rights: [], findings: [argumentFinding(problem)] };
  const compiled = prepareDeadlines(policy);
  if (!compiled.ok) return { rights: [], findings: [{ code: "schema-invalid", severity: "error", message: compiled.issue.message, path: [], rules: [] }] };
  const { policy: p, vocabulary } = compiled.value;
  const findings: Finding[] = [];
  const rights = [...p.rights].sort((a, b) => compareText(a.id, b.id)).map((rule): RightCheck => {
    const rules: CitedRule[] = [{ ruleId: rule.id, citation: rule.citation, ...(rule.interpretation !== undefined ? { interpretation: rule.interpretation } : {}) }];
    const base = { ruleId: rule.id, right: rule.right, ...(rule.responseDeadline !== undefined ? { responseDeadline: rule.responseDeadline } : {}), citation: rule.citation };
    const candidates = supported.map((s, index) => ({ s, index })).filter(({ s }) => vocabulary.isBelow("right", rule.right, s.right));
    if (candidates.length === 0) {
      findings.push({
        code: "right-unsupported",
        severity: "error",
        message: `the policy promises the right ${rule.right} (rule ${rule.id}${rule.channels.length > 0 ? `, through ${rule.channels.join(", ")}` : ""}), and the application supports it through no channel`,
        path: [],
        rules,
      });
      return { ...base, status: "unsupported", missingChannels: rule.channels };
    }
    // A channel is a place, not a set of rights: a declared channel answers a named one when it
    // is that channel or a narrower one (a generic web form is not the Data Deletion page).
    const missingFor = (s: SupportedRight) => rule.channels.filter((c) => !s.channels.some((have) => vocabulary.isBelow("channel", have, c)));
    const best = candidates.reduce((a, b) => (missingFor(b.s).length < missingFor(a.s).length ? b : a));
    const missing = missingFor(best.s);
    if (missing.length === 0) return { ...base, status: "supported", supportedBy: best.index, missingChannels: [] };
    findings.push({
      code: "right-unsupported",
      severity: "warning",
      message: `the policy tells users to exercise ${rule.right} through ${missing.join(", ")} (rule ${rule.id}); the application lists only ${best.s.channels.join(", ")}`,
      path: [best.index, "channels"],
      rules,
    });
    return { ...base, status: "channel-missing", supportedBy: best.index, missingChannels: missing };
  });
  return { rights, findings: sortFindings(findings) };
}
