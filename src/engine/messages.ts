/**
 * Every text the flow engine shows a person, kept apart from the checks. The checks decide with
 * data; these functions only word what was decided.
 */
import type { Verdict } from "../findings.js";
import type { Modality } from "../model/policy.js";
import type { Relation, StatementOutcome } from "./explain.js";

/** The terms of a flow that a message names. */
export interface FlowWords {
  readonly action: string;
  readonly data: readonly string[];
  readonly recipient: string;
  readonly purposes: readonly string[];
  /**
   * For an action a policy defines (Pocketo's `send`, Polus's `host`), the closest of the
   * {@link WORDED_ACTIONS} it is a case of (`share`, `store`): its recipient is worded the same way.
   */
  readonly wordedAs?: string;
}

const GERUNDS: Readonly<Record<string, string>> = {
  process: "processing",
  collect: "collecting",
  use: "using",
  analyse: "analysing",
  store: "storing",
  disclose: "disclosing",
  share: "sharing",
  transfer: "transferring",
  sell: "selling",
  rent: "renting out",
  trade: "trading",
  publish: "publishing",
  delete: "deleting",
};

/** The actions messages word by name; a policy's own actions are worded as the closest of these above them. */
export const WORDED_ACTIONS: readonly string[] = Object.keys(GERUNDS);

/** "sending", "hosting", "receiving": the -ing form of a one-word verb. */
function gerund(verb: string): string {
  return /[^aeiouy]e$/.test(verb) ? `${verb.slice(0, -1)}ing` : `${verb}ing`;
}

/** Actions whose recipient takes "to": the data goes to it. */
const TO_RECIPIENT = new Set(["disclose", "transfer", "sell", "rent", "trade", "publish"]);

function quoteList(terms: readonly string[]): string {
  let out = "";
  for (let i = 0; i < terms.length; i++) out += i === 0 ? `"${terms[i]}"` : `, "${terms[i]}"`;
  return out;
}

/**
 * Words a flow: what is done to which data, for whom, and why.
 *
 * @example
 * describeFlow({ action: "share", data: ["chat-content"], recipient: "mistral", purposes: ["ai-chat"] })
 * //=> 'sharing "chat-content" with "mistral" for "ai-chat"'
 * describeFlow({ action: "collect", data: ["email-address"], recipient: "first-party", purposes: ["account-management"] })
 * //=> 'collecting "email-address" for "account-management"'
 * describeFlow({ action: "send", wordedAs: "transfer", data: ["files"], recipient: "openai", purposes: ["file-analysis"] })
 * //=> 'sending "files" to "openai" for "file-analysis"'
 * describeFlow({ action: "archive", data: ["crm-records"], recipient: "backup-vendor", purposes: ["backup"] })
 * //=> '"archive" of "crm-records" by "backup-vendor" for "backup"'
 */
export function describeFlow(flow: FlowWords): string {
  const known = Object.hasOwn(GERUNDS, flow.action) ? GERUNDS[flow.action] : undefined;
  const own = known === undefined && flow.wordedAs !== undefined && /^[a-z]+$/.test(flow.action);
  const verb = known ?? (own ? gerund(flow.action) : `"${flow.action}" of`);
  // A policy's own verb of sharing ("send") takes "to"; "sharing" itself takes "with".
  const kind = own && flow.wordedAs === "share" ? "transfer" : own ? (flow.wordedAs as string) : flow.action;
  const to =
    flow.recipient === "first-party"
      ? ""
      : kind === "share"
        ? ` with "${flow.recipient}"`
        : TO_RECIPIENT.has(kind)
          ? ` to "${flow.recipient}"`
          : kind === "store"
            ? ` at "${flow.recipient}"`
            : ` by "${flow.recipient}"`;
  return `${verb} ${quoteList(flow.data)}${to} for ${quoteList(flow.purposes)}`;
}

function ruleList(ids: readonly string[]): string {
  let out = "";
  for (let i = 0; i < ids.length; i++) out += i === 0 ? ids[i] : `, ${ids[i]}`;
  return out;
}

/**
 * The sentence of a clear flow, built without intermediate lists (the engine's fast path).
 *
 * @example
 * clearSentence('collecting "email-address" for "account-management"', "the Pocketo policy", [{ ruleId: "s1-account-data", … }])
 * //=> 'collecting "email-address" for "account-management" is disclosed by the Pocketo policy (s1-account-data)'
 */
export function clearSentence(flow: string, policy: string, rules: readonly { readonly ruleId: string }[]): string {
  let ids = "";
  for (let i = 0; i < rules.length; i++) ids += i === 0 ? (rules[i] as { ruleId: string }).ruleId : `, ${(rules[i] as { ruleId: string }).ruleId}`;
  return `${flow} is disclosed by ${policy} (${ids})`;
}

/** Shortens a verbatim quote for a one-line message. */
function shortQuote(quote: string): string {
  const flat = quote.replace(/\s+/g, " ").trim();
  return flat.length <= 110 ? flat : `${flat.slice(0, 107)}...`;
}

/** What a statement is, in a message: its id and a short quote. */
export interface RuleWords {
  readonly ruleId: string;
  readonly quote: string;
}

const ruleWithQuote = (rule: RuleWords): string => `${rule.ruleId} ("${shortQuote(rule.quote)}")`;

/** Why the closest statement does not disclose a flow: the first dimension it misses. */
export interface Miss {
  readonly ruleId: string;
  readonly dimension: "action" | "data" | "recipient" | "purposes";
  readonly names: readonly string[];
  readonly flowTerm: string;
}

const DIMENSION_WORD: Readonly<Record<Miss["dimension"], string>> = {
  action: "actions",
  data: "data",
  recipient: "recipients",
  purposes: "purposes",
};

/**
 * The sentence of a flow's verdict.
 *
 * @example
 * verdictSentence("omitted", 'sharing "chat-content" with "mistral" for "ai-chat"', "the Pocketo policy", [], [
 *   { ruleId: "s3-llm-providers", dimension: "recipient", names: ["openai", "anthropic"], flowTerm: "mistral" },
 * ])
 * //=> 'sharing "chat-content" with "mistral" for "ai-chat" is not disclosed by the Pocketo policy; the closest
 * //    statements are s3-llm-providers (names recipients "openai", "anthropic", not "mistral")'
 */
export function verdictSentence(
  verdict: Verdict,
  flow: string,
  policy: string,
  rules: readonly RuleWords[],
  misses: readonly Miss[] = [],
  forbidding: readonly RuleWords[] = [],
): string {
  const ids = ruleList(rules.map((r) => r.ruleId));
  switch (verdict) {
    case "clear":
      return `${flow} is disclosed by ${policy} (${ids})`;
    case "vague":
      return `${flow} is disclosed by ${policy} only in broader terms (${ids}); name the flow's own terms in the policy or accept the vagueness`;
    case "omitted": {
      if (misses.length === 0) return `${flow} is not disclosed by ${policy}; no statement comes close`;
      const near = misses.map((m) => `${m.ruleId} (names ${DIMENSION_WORD[m.dimension]} ${quoteList(m.names.length > 0 ? m.names : ["any"])}, not "${m.flowTerm}")`);
      return `${flow} is not disclosed by ${policy}; the closest statements are ${near.join("; ")}`;
    }
    case "incorrect":
      return `${flow} is ruled out by ${policy}: ${forbidding.map(ruleWithQuote).join("; ")}`;
    case "ambiguous":
      return `${flow} is both allowed (${ids}) and ruled out (${forbidding.map(ruleWithQuote).join("; ")}) by ${policy}: the policy contradicts itself here; ask its owner which reading holds`;
  }
}

/**
 * The message of a flow's disclosure finding: which data categories it concerns.
 *
 * @example
 * categoryNote(["email-address", "meta-platform-data"], ["meta-platform-data"])
 * //=> ' (data category "meta-platform-data")'
 */
export function categoryNote(all: readonly string[], worst: readonly string[]): string {
  if (all.length <= 1) return "";
  return worst.length === 1 ? ` (data category "${worst[0]}")` : ` (data categories ${quoteList(worst)})`;
}

/**
 * A required condition or safeguard the flow does not declare.
 *
 * @example
 * requirementMissing("condition", "opt-in", ["s2-notifications"])
 * //=> 'the flow does not declare the condition "opt-in" that s2-notifications requires'
 */
export function requirementMissing(kind: "condition" | "safeguard", term: string, ruleIds: readonly string[]): string {
  const requires = ruleIds.length === 1 ? "requires" : "require";
  return `the flow does not declare the ${kind} "${term}" that ${ruleList(ruleIds)} ${requires}`;
}

/** A location to word: where the flow takes place, what the deciding rules or the policy name. */
export interface LocationWords {
  readonly location: string;
  /** The locations the rules name (for a binding requirement, those it allows). */
  readonly allowed: readonly string[];
  readonly ruleIds: readonly string[];
  /** The policy's own storage locations (disclosure only). */
  readonly storage: readonly string[];
  /** "the Pomeg AI policy". */
  readonly policy: string;
  /** A requirement that binds (an error) rather than a disclosure that does not name the place (a warning). */
  readonly binding: boolean;
}

/**
 * A location the policy does not disclose (or, for a binding requirement, does not allow) for the flow.
 *
 * @example
 * locationUndisclosed({ location: "us", allowed: [], ruleIds: [], storage: ["bangladesh"], policy: "the Pomeg AI policy", binding: false })
 * //=> 'the flow takes place in "us", but only the Pomeg AI policy names "bangladesh" as where data is stored or processed'
 * locationUndisclosed({ location: "us", allowed: ["eu"], ruleIds: ["d-eu"], storage: [], policy: "the Acme policy", binding: true })
 * //=> 'the flow takes place in "us", but d-eu requires "eu"'
 */
export function locationUndisclosed(w: LocationWords): string {
  const { location, allowed, ruleIds, storage, policy } = w;
  if (w.binding) return `the flow takes place in "${location}", but ${ruleList(ruleIds)} ${ruleIds.length === 1 ? "requires" : "require"} ${quoteList(allowed)}`;
  const parts: string[] = [];
  if (ruleIds.length > 0) parts.push(`${ruleList(ruleIds)} ${ruleIds.length === 1 ? "names" : "name"} ${quoteList(allowed)}`);
  if (storage.length > 0) parts.push(`${policy} names ${quoteList(storage)}`);
  return `the flow takes place in "${location}", but only ${parts.join(" and ")} as where data is stored or processed`;
}

/**
 * An audience younger than an age limit of the policy.
 *
 * @example
 * ageLimitBroken(13, "eu", 16, "eu", "s7-children-eu")
 * //=> 'the flow admits users from 13 in "eu", but s7-children-eu sets a minimum age of 16 in "eu"'
 */
export function ageLimitBroken(age: number, audienceRegion: string | undefined, limit: number, limitRegion: string | undefined, ruleId: string): string {
  const audience = audienceRegion === undefined ? "anywhere" : `in "${audienceRegion}"`;
  const where = limitRegion === undefined ? "" : ` in "${limitRegion}"`;
  return `the flow admits users from ${age} ${audience}, but ${ruleId} sets a minimum age of ${limit}${where}`;
}

/**
 * Joins the verdict sentence with the other findings of the flow.
 *
 * @example
 * summary("collecting ... is disclosed by the Pocketo policy (s1)", ['the flow does not declare the safeguard "bcrypt" ...'])
 * //=> 'collecting ... is disclosed by the Pocketo policy (s1); also, the flow does not declare the safeguard "bcrypt" ...'
 */
export function summary(sentence: string, others: readonly string[]): string {
  return others.length === 0 ? sentence : `${sentence}; also, ${others.join("; ")}`;
}

/**
 * One line of an explanation: how the flow's term relates to the statement's terms.
 *
 * @example
 * relationLine("recipient", "openai", "below", ["llm-provider"]) //=> 'recipient "openai" is below "llm-provider"'
 * relationLine("recipient", "mistral", "unrelated", ["openai", "anthropic"])
 * //=> 'recipient "mistral" is neither at, above nor below "openai", "anthropic"'
 * relationLine("purpose", "no-such-purpose", "unknown", [])
 * //=> 'purpose "no-such-purpose" is not a term of the policy, so it matches no statement'
 */
export function relationLine(dimension: string, term: string, relation: Relation, terms: readonly string[]): string {
  switch (relation) {
    case "any":
      return `${dimension} "${term}": the statement names no ${dimension}, so any`;
    case "equal":
      return `${dimension} "${term}" is named by the statement`;
    case "below":
      return `${dimension} "${term}" is below ${quoteList(terms)}`;
    case "above":
      return `${dimension} "${term}" is broader than ${quoteList(terms)} (a coarse flow may include them)`;
    case "unrelated":
      return `${dimension} "${term}" is neither at, above nor below ${quoteList(terms)}`;
    case "unknown":
      return `${dimension} "${term}" is not a term of the policy, so it matches no statement`;
  }
}

/**
 * The outcome of one statement for a flow, in words.
 *
 * @example
 * outcomeLine("may", "covers-exactly") //=> "allows the flow, naming its own terms"
 */
export function outcomeLine(modality: Modality, outcome: StatementOutcome, others: readonly string[] = []): string {
  switch (outcome) {
    case "covers-exactly":
      return "allows the flow, naming its own terms";
    case "covers":
      return "allows the flow through broader terms";
    case "carved-out":
      return `would allow the flow, but ${others.join(", ")} carve${others.length === 1 ? "s" : ""} it out`;
    case "contradicted":
      return `allows the flow, and ${others.join(", ")} rule${others.length === 1 ? "s" : ""} it out: a contradiction`;
    case "hits":
      return "rules the flow out";
    case "exempt":
      return "would rule the flow out, but the flow declares the conditions and safeguards that make the exception";
    case "requires":
      return modality === "only-if" ? "allows the flow only under its conditions" : "sets requirements on the flow";
    case "no-match":
      return "does not apply to the flow";
  }
}

const CLASS_WORDS: Readonly<Record<string, string>> = {
  C1: "the same data and recipient",
  C2: "the negative names broader data, the same recipient",
  C3: "the negative names the same data, a broader recipient",
  C4: "the negative names broader data and a broader recipient",
  C5: "the negative names broader data, a narrower recipient",
  N1: "the negative names narrower data, the same recipient",
  N2: "the negative names the same data, a narrower recipient",
  N3: "the negative names narrower data and a narrower recipient",
  N4: "the negative names narrower data, a broader recipient",
  overlap: "unrelated terms that share a narrower term, so some flows meet both",
};

/** One side of a classified pair: the rule and the terms it names. */
export interface PairSide {
  readonly ruleId: string;
  readonly data: string;
  readonly recipient: string;
}

/**
 * A pair of statements of one policy that PolicyLint would classify.
 *
 * @example
 * contradictionLine({ kind: "N4", engine: "ambiguous",
 *   positive: { ruleId: "s4-service-providers", data: "personal-data", recipient: "ai-model-provider" },
 *   negative: { ruleId: "s3-meta-no-sharing", data: "meta-platform-data", recipient: "third-party" } })
 * //=> 's4-service-providers allows "personal-data" to "ai-model-provider"; s3-meta-no-sharing rules out "meta-platform-data" to "third-party" (N4: the negative names narrower data, a broader recipient); flows in the overlap are ambiguous'
 */
export function contradictionLine(pair: { readonly kind: string; readonly engine: Verdict; readonly positive: PairSide; readonly negative: PairSide }): string {
  const { kind, positive, negative } = pair;
  const then = pair.engine === "ambiguous" ? "flows in the overlap are ambiguous" : "an exception: flows in the overlap are incorrect";
  return `${positive.ruleId} allows "${positive.data}" to "${positive.recipient}"; ${negative.ruleId} rules out "${negative.data}" to "${negative.recipient}" (${kind}: ${CLASS_WORDS[kind] ?? kind}); ${then}`;
}

/**
 * A flow list that must not be empty.
 *
 * @example
 * emptyList("purposes") //=> "the flow names no purposes; name at least one"
 */
export function emptyList(field: "data" | "purposes"): string {
  return field === "data" ? "the flow names no data category; name at least one" : "the flow names no purposes; name at least one";
}

/**
 * A permission no purpose list bounds, for `pledge analyze`.
 *
 * @example
 * unboundedPermission("s1-3-content")
 * //=> "s1-3-content names no purpose and the policy gives no closed list of uses (purposeLimit), so it allows the flow for any purpose"
 */
export function unboundedPermission(ruleId: string): string {
  return `${ruleId} names no purpose and the policy gives no closed list of uses (purposeLimit), so it allows the flow for any purpose`;
}

/**
 * The explanation line of a permission whose purposes are the policy's closed list of uses.
 *
 * @example
 * purposeLimitLine("s2-uses") //=> "the statement names no purpose, so the policy's closed list of uses (s2-uses) bounds it"
 */
export function purposeLimitLine(limitId: string): string {
  return `the statement names no purpose, so the policy's closed list of uses (${limitId}) bounds it`;
}
