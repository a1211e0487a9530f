/**
 * Words a decision: the one engine module that writes sentences. It turns the decision record
 * of `decide.ts` into the plain-data `FlowResult` (findings with paths, cited rules, a message),
 * as zod's `finalizeIssue` turns raw issues into messages.
 */
import type { CitedRule, DocumentPath, Finding, FindingCode, Severity, Verdict } from "../findings.js";
import { compareFindings, compareText } from "../order.js";
import { closestStatements, firstById, vaguePath, type Closest } from "./closest.js";
import type { CompiledPolicy, CompiledStatement } from "./compile.js";
import { isPlain, type CategoryDecision, type Decision } from "./decision.js";
import type { CheckableFlow } from "./flow-terms.js";
import { unknownTermMessage } from "../vocabulary/unknown-term.js";
import * as say from "./messages.js";
import type { FlowResult } from "./result.js";

const NONE: readonly never[] = Object.freeze([]);

/** The finding a disclosure verdict gives, and its severity; `clear` gives none. */
const DISCLOSURE: Readonly<Record<Exclude<Verdict, "clear">, { code: FindingCode; severity: Severity }>> = {
  vague: { code: "flow-vague", severity: "warning" },
  omitted: { code: "flow-omitted", severity: "error" },
  ambiguous: { code: "flow-ambiguous", severity: "error" },
  incorrect: { code: "flow-incorrect", severity: "error" },
};

function sortRules(rules: CitedRule[]): CitedRule[] {
  return rules.sort((a, b) => compareText(a.ruleId, b.ruleId));
}

/** The cited rules of some statements, once each, sorted by rule id. */
function citedOf(statements: readonly CompiledStatement[]): CitedRule[] {
  if (statements.length === 1) return [(statements[0] as CompiledStatement).cited];
  const byId = new Map<string, CitedRule>();
  for (const s of statements) byId.set(s.id, s.cited);
  return sortRules([...byId.values()]);
}

const words = (rules: readonly CompiledStatement[]): say.RuleWords[] => citedOf(rules).map((r) => ({ ruleId: r.ruleId, quote: r.citation.quote }));

function finding(code: FindingCode, severity: Severity, message: string, path: DocumentPath, rules: readonly CitedRule[], verdict?: Verdict): Finding {
  return verdict === undefined ? { code, severity, message, path, rules } : { code, severity, message, path, verdict, rules };
}

/**
 * The closest of the actions messages word by name that `action` is a case of (Pocketo's
 * `send` → `share`), for an action the policy defines; undefined for the others.
 */
function wordedAs(compiled: CompiledPolicy, action: string): string | undefined {
  if (say.WORDED_ACTIONS.includes(action) || !compiled.vocabulary.has("action", action)) return undefined;
  const above = say.WORDED_ACTIONS.filter((base) => compiled.vocabulary.isBelow("action", action, base));
  return above.find((base) => above.every((other) => compiled.vocabulary.isBelow("action", base, other)));
}

/** The flow in words, with `data` in place of its own when given. */
function describe(compiled: CompiledPolicy, flow: CheckableFlow, data: readonly string[] = flow.data): string {
  const as = wordedAs(compiled, flow.action);
  return say.describeFlow({ action: flow.action, data, recipient: flow.recipient, purposes: flow.purposes, ...(as !== undefined ? { wordedAs: as } : {}) });
}

/** The disclosure sentence, findings, deciding rules and closest rules of the worst categories. */
function disclosure(compiled: CompiledPolicy, flow: CheckableFlow, decision: Decision): { sentence: string; findings: Finding[]; rules: CitedRule[]; closest?: CitedRule[] } {
  const verdict = decision.verdict;
  const worst = decision.categories.filter((c) => c.verdict === verdict);
  const described = describe(compiled, flow, worst.map((c) => c.data));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const once = (path: DocumentPath) => !seen.has(path.join(".")) && seen.add(path.join(".")) !== undefined;
  if (verdict === "omitted") {
    const near = worst.map((c) => closestStatements(compiled, flow, decision.terms, c.index));
    const misses: Closest[] = [];
    for (const m of near.flat()) if (!misses.some((x) => x.statement.id === m.statement.id)) misses.push(m);
    misses.sort((a, b) => compareText(a.statement.id, b.statement.id));
    const sentence = say.verdictSentence("omitted", described, compiled.label, NONE, misses.map((m) => m.miss));
    worst.forEach((c, k) => {
      const path = (near[k] as Closest[])[0]?.path ?? ["data", c.index];
      if (once(path)) findings.push(finding("flow-omitted", "error", sentence, path, NONE, "omitted"));
    });
    return { sentence, findings, rules: [], closest: citedOf(misses.map((m) => m.statement)) };
  }
  const allowing = worst.flatMap((c: CategoryDecision) => (verdict === "ambiguous" ? c.uncarved : c.deciding));
  const sentence = say.verdictSentence(verdict, described, compiled.label, words(allowing), NONE, words(worst.flatMap((c) => c.hits)));
  if (verdict !== "clear") {
    const { code, severity } = DISCLOSURE[verdict];
    // One finding per place in the flow to blame, worded for the first category blamed there.
    const byPath = new Map<string, { path: DocumentPath; first: CategoryDecision; statements: CompiledStatement[] }>();
    for (const c of worst) {
      const path = verdict === "vague" ? vaguePath(firstById(c.deciding), decision.terms, c.index) : ["data", c.index];
      const key = path.join(".");
      const entry = byPath.get(key);
      if (entry === undefined) byPath.set(key, { path, first: c, statements: [...c.deciding] });
      else entry.statements.push(...c.deciding);
    }
    for (const { path, first, statements } of byPath.values()) {
      findings.push(finding(code, severity, `${sentence}${say.categoryNote(flow.data, [first.data])}`, path, citedOf(statements), verdict));
    }
  }
  return { sentence, findings, rules: citedOf(worst.flatMap((c) => c.deciding)) };
}

/**
 * Words a decision as the flow's plain-data result: the verdict, findings with paths relative
 * to the flow (sorted), the rules that decided it and one message.
 *
 * @example
 * toFlowResult(compiled, flow, decide(compiled, flow)).findings.map((f) => f.code) //=> ["flow-incorrect"]
 */
export function toFlowResult(compiled: CompiledPolicy, flow: CheckableFlow, decision: Decision): FlowResult {
  if (decision.empty.length > 0) {
    const findings = decision.empty.map((field) => finding("schema-invalid", "error", say.emptyList(field), [field], NONE));
    const message = say.summary(say.verdictSentence("omitted", describe(compiled, flow), compiled.label, NONE), findings.map((f) => f.message));
    return { flowId: flow.id, verdict: "omitted", findings, rules: [], message };
  }
  if (isPlain(decision)) {
    // Fast path: clear, and every requirement kept.
    const only = decision.categories.length === 1 ? (decision.categories[0] as CategoryDecision).deciding : undefined;
    const rules = only !== undefined && only.length === 1 ? (only[0] as CompiledStatement).citedAlone : citedOf(decision.categories.flatMap((c) => c.deciding));
    return { flowId: flow.id, verdict: "clear", findings: NONE, rules, message: say.clearSentence(describe(compiled, flow), compiled.label, rules) };
  }

  const { sentence, findings, rules, closest } = disclosure(compiled, flow, decision);
  for (const u of decision.unknown) {
    findings.push(finding("unknown-term", "error", unknownTermMessage(compiled.vocabulary, u.kind, u.term), u.path, NONE));
  }
  for (const u of decision.unmet) {
    const cited = citedOf(u.statements);
    const code = u.kind === "condition" ? "condition-unmet" : "safeguard-missing";
    findings.push(finding(code, "error", say.requirementMissing(u.kind, u.term, cited.map((r) => r.ruleId)), [u.kind === "condition" ? "conditions" : "safeguards"], cited));
  }
  for (const l of decision.locations) {
    const location = flow.location as string;
    if (l.binding) {
      const words = { location, allowed: l.statement.statement.locations, ruleIds: [l.statement.id], storage: NONE, policy: compiled.label, binding: true };
      findings.push(finding("location-undisclosed", "error", say.locationUndisclosed(words), ["location"], l.statement.citedAlone));
    } else {
      const cited = citedOf(l.statements);
      const words = { location, allowed: l.allowed, ruleIds: cited.map((r) => r.ruleId), storage: compiled.policy.storageLocations, policy: compiled.label, binding: false };
      findings.push(finding("location-undisclosed", "warning", say.locationUndisclosed(words), ["location"], cited));
    }
  }
  for (const a of decision.ages) {
    const { limit } = a.limit;
    findings.push(finding("age-limit", "error", say.ageLimitBroken(flow.audience?.minimumAge as number, flow.audience?.region, limit.minimumAge, limit.region, limit.id), ["audience", "minimumAge"], [a.limit.cited]));
  }
  findings.sort(compareFindings);
  const disclosureCode = decision.verdict === "clear" ? undefined : DISCLOSURE[decision.verdict].code;
  const message = say.summary(sentence, findings.filter((f) => f.code !== disclosureCode).map((f) => f.message));
  return closest === undefined
    ? { flowId: flow.id, verdict: decision.verdict, findings, rules, message }
    : { flowId: flow.id, verdict: decision.verdict, findings, rules, closest, message };
}
