/**
 * What `pledge report` shows, as plain data: for one manifest, the summary, the data map
 * (flows from data categories to recipients, with verdicts and deciding clauses), the deletion
 * timelines, the rights and the policy's coverage of its source text. Read only through the
 * library's public checks (the lint's findings, `checkFlows`, `checkDeletionPlan`,
 * `deadlinesFor`, `checkRights`, `sourceCoverage`); nothing here decides anything anew. Pure.
 */
import { checkDeletionPlan, checkRights, deadlinesFor, holdingsOf, type Holding, type ObligationCheck, type RightCheck } from "../deadlines/index.js";
import { addDuration, parseDurationField, parseInstant } from "../deadlines/time.js";
import { checkFlows, compileValidated } from "../engine/index.js";
import type { CitedRule, Finding, FindingCode, Severity, Verdict } from "../findings.js";
import type { Citation } from "../model/citation.js";
import type { DeletionPlan, Manifest } from "../model/manifest.js";
import type { Policy } from "../model/policy.js";
import { compareText } from "../order.js";
import { normalizeWhitespace, policyCitations, sha256Hex, sourceCoverage, splitSentences } from "../policy/source.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { recipientRole, termLabel, unique, type RecipientRole } from "./terms.js";

/** Verdicts in the order the report lists them, best first. */
export const REPORT_VERDICTS: readonly Verdict[] = ["clear", "vague", "omitted", "ambiguous", "incorrect"];

/** A finding of the manifest, placed in its file. */
export interface ReportFinding extends Finding {
  /** The anchor of the finding in the page. */
  readonly anchor: string;
  readonly line: number;
  readonly column: number;
  /** Set when a waiver suppresses it: the waiver's reason. */
  readonly waivedBecause?: string;
}

/** One flow as the data map draws it. */
export interface MapFlow {
  readonly id: string;
  readonly anchor: string;
  readonly description: string;
  readonly action: string;
  readonly data: readonly string[];
  readonly recipient: string;
  readonly purposes: readonly string[];
  readonly verdict: Verdict;
  /** The statements that decided the verdict (for an omitted flow, the closest ones). */
  readonly rules: readonly CitedRule[];
  /** Anchors of the flow's findings, active and waived. */
  readonly findings: readonly string[];
  readonly source?: string;
}

/** A node of the data map. */
export interface MapNode {
  readonly id: string;
  readonly kind: "data" | "recipient";
  readonly term: string;
  readonly label: string;
  readonly role?: RecipientRole;
}

/** One deletion plan against the policy's deadlines. */
export interface Timeline {
  readonly planId: string;
  readonly anchor: string;
  readonly description?: string;
  readonly trigger: string;
  /** The instant the axis counts from: the plan's `triggeredAt`, else `--at`, else none. */
  readonly at?: string;
  readonly obligations: readonly ObligationCheck[];
  /** The plan's steps, each with its offset from the trigger in milliseconds (a keep has none). */
  readonly steps: readonly { readonly index: number; readonly store: string; readonly data: readonly string[]; readonly offset?: number; readonly when: string; readonly keep?: { readonly ground: string; readonly reason: string } }[];
  /**
   * Each obligation's latest deadline (tolerance included) in milliseconds from the trigger, by
   * `ruleId|store`. A chained rule (backups "following deletion") counts its own delay from the
   * plan's own primary deletion, so its deadline for this plan may come earlier: `chained` holds
   * the rule's own delay and trigger.
   */
  readonly deadlines: Readonly<Record<string, { readonly due: number; readonly withTolerance: number; readonly instant?: string; readonly chained?: { readonly after: string; readonly trigger: string } }>>;
  /** The plan's findings' anchors by `ruleId|store`. */
  readonly findingAnchors: Readonly<Record<string, readonly string[]>>;
}

/** A sentence of the source text with the rules citing it. */
export interface CoverageSentence {
  readonly text: string;
  readonly line: number;
  readonly cited: boolean;
  readonly rules: readonly string[];
}

/** The policy's coverage of its source text, section by section. */
export type Coverage =
  | { readonly given: false; readonly sourceFile: string }
  | {
      readonly given: true;
      readonly sourceFile: string;
      readonly fingerprintSame: boolean;
      readonly total: number;
      readonly cited: number;
      readonly sections: readonly { readonly heading: string; readonly sentences: readonly CoverageSentence[] }[];
    };

/** Everything the report shows about one manifest. */
export interface ManifestReport {
  readonly name: string;
  /** A prefix making every anchor of this manifest unique in the page. */
  readonly prefix: string;
  readonly policy: { readonly id: string; readonly title: string; readonly lastUpdated: string | null; readonly sha256: string; readonly operator: string };
  readonly verdictCounts: Readonly<Record<Verdict, number>>;
  readonly codeCounts: readonly { readonly code: FindingCode; readonly severity: Severity; readonly count: number }[];
  readonly findings: readonly ReportFinding[];
  readonly waived: readonly ReportFinding[];
  readonly waivers: readonly { readonly rule?: string; readonly flow?: string; readonly reason: string; readonly expires: string; readonly status: "active" | "expired" | "unused" }[];
  readonly nodes: readonly MapNode[];
  readonly flows: readonly MapFlow[];
  readonly timelines: readonly Timeline[];
  readonly rights: readonly (RightCheck & { readonly promisedChannels: readonly string[]; readonly supportedChannels: readonly string[] })[];
  /** Every rule the page cites, by id, for the clause list the edges link to. */
  readonly clauses: readonly { readonly ruleId: string; readonly anchor: string; readonly citation: Citation; readonly interpretation?: string }[];
  readonly coverage: Coverage;
}

/** What {@link buildManifestReport} reads. */
export interface ReportInput {
  readonly name: string;
  readonly prefix: string;
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  /** The manifest's active and waived findings, as the lint gave them, with their line and column. */
  readonly findings: readonly (Finding & { readonly line: number; readonly column: number; readonly waivedBecause?: string })[];
  /** The instant deletion timelines count from when a plan has no `triggeredAt`. */
  readonly at?: string;
  /** The policy's source text, when given. */
  readonly sourceText?: string;
}

/**
 * Gathers one manifest's report from the library's checks.
 *
 * @example
 * const report = buildManifestReport({ name: "app.flows.yaml", prefix: "m1", manifest, policy, vocabulary, findings: [] });
 * report.flows.map((f) => [f.id, f.verdict]) //=> [["sign-up", "clear"], …]
 */
export function buildManifestReport(input: ReportInput): ManifestReport {
  const { manifest, policy, vocabulary, prefix } = input;
  const anchorOf = (kind: string, id: string | number) => `${prefix}-${kind}-${String(id).replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const ordered = [...input.findings].sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.code, b.code) || compareText(a.message, b.message));
  const located = ordered.map((f, i): ReportFinding => ({ ...f, anchor: anchorOf("finding", i + 1) }));
  const findings = located.filter((f) => f.waivedBecause === undefined);
  const waived = located.filter((f) => f.waivedBecause !== undefined);
  const clauses = new Map<string, ManifestReport["clauses"][number]>();
  const cite = (rule: CitedRule) => {
    if (!clauses.has(rule.ruleId)) clauses.set(rule.ruleId, { ruleId: rule.ruleId, anchor: anchorOf("rule", rule.ruleId), citation: rule.citation, ...(rule.interpretation !== undefined ? { interpretation: rule.interpretation } : {}) });
  };
  for (const f of located) f.rules.forEach(cite);

  const results = checkFlows(compileValidated(policy, vocabulary), manifest.flows);
  const flows = manifest.flows.map((flow, i): MapFlow => {
    const result = results[i]!;
    const rules = result.rules.length > 0 ? result.rules : (result.closest ?? []);
    rules.forEach(cite);
    return {
      id: flow.id,
      anchor: anchorOf("flow", flow.id),
      description: flow.description,
      action: flow.action,
      data: flow.data,
      recipient: flow.recipient,
      purposes: flow.purposes,
      verdict: result.verdict,
      rules,
      findings: located.filter((f) => f.path[0] === "flows" && f.path[1] === i).map((f) => f.anchor),
      ...(flow.source !== undefined ? { source: flow.source } : {}),
    };
  });
  const nodes: MapNode[] = [
    ...unique(manifest.flows.flatMap((f) => f.data))
      .sort(compareText)
      .map((term): MapNode => ({ id: `data:${term}`, kind: "data", term, label: termLabel(vocabulary, "data", term) })),
    ...unique(manifest.flows.map((f) => f.recipient))
      .sort(compareText)
      .map((term): MapNode => ({ id: `recipient:${term}`, kind: "recipient", term, label: termLabel(vocabulary, "recipient", term), role: recipientRole(vocabulary, term) })),
  ];

  const verdictCounts = Object.fromEntries(REPORT_VERDICTS.map((v) => [v, flows.filter((f) => f.verdict === v).length])) as Record<Verdict, number>;
  const codes = new Map<string, { code: FindingCode; severity: Severity; count: number }>();
  for (const f of findings) {
    const key = `${f.code}|${f.severity}`;
    const entry = codes.get(key) ?? { code: f.code, severity: f.severity, count: 0 };
    entry.count++;
    codes.set(key, entry);
  }
  const waivers = manifest.waivers.map((w, i) => {
    const at = (code: FindingCode) => located.some((f) => f.code === code && f.path[0] === "waivers" && f.path[1] === i);
    return {
      ...(w.rule !== undefined ? { rule: w.rule } : {}),
      ...(w.flow !== undefined ? { flow: w.flow } : {}),
      reason: w.reason,
      expires: w.expires,
      status: at("waiver-expired") ? ("expired" as const) : at("waiver-unused") ? ("unused" as const) : ("active" as const),
    };
  });

  const compiled = { policy, vocabulary };
  // The plans are checked as pledge lint checks them: against what the flows hold.
  const holdings = holdingsOf(vocabulary, manifest.flows);
  const timelines = manifest.deletion.map((plan, i) => timeline(plan, i, compiled, holdings, input.at, located, anchorOf));
  for (const t of timelines) for (const o of t.obligations) cite({ ruleId: o.ruleId, citation: o.citation });

  const supported = checkRights(compiled, manifest.rights ?? []);
  const rights = supported.rights.map((r) => ({
    ...r,
    promisedChannels: policy.rights.find((rule) => rule.id === r.ruleId)?.channels ?? [],
    supportedChannels: r.supportedBy !== undefined ? (manifest.rights?.[r.supportedBy]?.channels ?? []) : [],
  }));
  for (const r of rights) cite({ ruleId: r.ruleId, citation: r.citation });

  return {
    name: input.name,
    prefix,
    policy: { id: policy.id, title: policy.title, lastUpdated: policy.lastUpdated, sha256: policy.source.sha256, operator: policy.operator.name },
    verdictCounts,
    codeCounts: [...codes.values()].sort((a, b) => compareText(a.code, b.code) || compareText(a.severity, b.severity)),
    findings,
    waived,
    waivers,
    nodes,
    flows,
    timelines,
    rights,
    clauses: [...clauses.values()].sort((a, b) => compareText(a.ruleId, b.ruleId)),
    coverage: input.sourceText === undefined ? { given: false, sourceFile: policy.source.file } : coverageOf(policy, input.sourceText),
  };
}

function timeline(
  plan: DeletionPlan,
  index: number,
  compiled: { policy: Policy; vocabulary: Vocabulary },
  holdings: readonly Holding[],
  at: string | undefined,
  located: readonly ReportFinding[],
  anchorOf: (kind: string, id: string | number) => string,
): Timeline {
  const check = checkDeletionPlan(compiled, plan, { holdings });
  const instant = plan.triggeredAt ?? at;
  const start = instant !== undefined ? parseInstant(instant) : undefined;
  // The axis counts from the trigger; without an instant, from a fixed reference day (UTC).
  const origin = start?.ok ? start.value : Date.UTC(2024, 0, 1);
  const offsetOf = (duration: string): number | undefined => {
    const parsed = parseDurationField(duration, "after");
    return parsed.ok ? addDuration(origin, parsed.value) - origin : undefined;
  };
  const schedule = instant !== undefined && start?.ok ? deadlinesFor(compiled, plan.trigger, instant) : undefined;
  const deadlines: Record<string, Timeline["deadlines"][string]> = {};
  for (const o of check.obligations) {
    const due = offsetOf(o.due.after) ?? 0;
    const tolerance = o.due.tolerance !== undefined ? (offsetOf(o.due.tolerance) ?? 0) : 0;
    const dated = schedule?.ok ? schedule.deadlines.find((d) => d.ruleId === o.ruleId && d.store === o.store) : undefined;
    deadlines[`${o.ruleId}|${o.store}`] = {
      due,
      withTolerance: dated ? Date.parse(dated.dueWithTolerance) - origin : due + tolerance,
      ...(dated ? { instant: dated.dueWithTolerance } : o.due.instantWithTolerance !== undefined ? { instant: o.due.instantWithTolerance } : {}),
      ...(o.match === "chained" ? chainedOf(compiled.policy, o) : {}),
    };
  }
  const steps = plan.steps.map((step, j) => {
    const base = { index: j, store: step.store, data: step.data };
    if (step.keep !== undefined) return { ...base, when: `kept: ${step.keep.ground}`, keep: step.keep };
    if (step.after !== undefined) {
      const offset = offsetOf(step.after);
      return { ...base, when: step.after, ...(offset !== undefined ? { offset } : {}) };
    }
    const t = step.at !== undefined ? parseInstant(step.at) : undefined;
    return { ...base, when: step.at ?? "", ...(t?.ok && start?.ok ? { offset: t.value - origin } : {}) };
  });
  const planFindings = located.filter((f) => f.path[0] === "deletion" && f.path[1] === index);
  const findingAnchors: Record<string, string[]> = {};
  for (const o of check.obligations) {
    const key = `${o.ruleId}|${o.store}`;
    // A finding is about an obligation when it cites the obligation's rule and its step (or trigger) matches.
    findingAnchors[key] = planFindings
      .filter((f) => f.rules.some((r) => r.ruleId === o.ruleId) && (f.path[2] === "trigger" ? o.status === "missing" : f.path[2] === "steps" && f.path[3] === o.planned?.step))
      .map((f) => f.anchor);
  }
  return {
    planId: plan.id,
    anchor: anchorOf("plan", plan.id),
    ...(plan.description !== undefined ? { description: plan.description } : {}),
    trigger: plan.trigger,
    ...(instant !== undefined && start?.ok ? { at: instant } : {}),
    obligations: check.obligations,
    steps,
    deadlines,
    findingAnchors,
  };
}

/** A chained rule's own delay and trigger, as the policy states them. */
function chainedOf(policy: Policy, o: ObligationCheck): { chained: { after: string; trigger: string } } | Record<string, never> {
  const rule = policy.retention.find((r) => r.id === o.ruleId);
  return rule ? { chained: { after: rule.maxDelay, trigger: rule.trigger } } : {};
}

/**
 * The policy's coverage of its text, by section: each sentence with the rules whose quotes
 * overlap it, and whether the quotes cite it ({@link sourceCoverage}'s threshold).
 *
 * @example
 * coverageOf(polus, text).given && coverageOf(polus, text).sections[0]?.heading //=> "Privacy Policy"
 */
export function coverageOf(policy: Policy, text: string): Coverage {
  // A report holds several manifests of one policy: their coverage is worked out once.
  const known = coverages.get(policy)?.get(text);
  if (known) return known;
  const made = computeCoverage(policy, text);
  coverages.set(policy, (coverages.get(policy) ?? new Map()).set(text, made));
  return made;
}

const coverages = new WeakMap<Policy, Map<string, Coverage>>();

function computeCoverage(policy: Policy, text: string): Coverage {
  const coverage = sourceCoverage(policy, text);
  const split = splitSentences(text);
  // Heading lines, found in order in the text.
  const lines = text.split(/\r?\n/);
  const headingLines: { line: number; heading: string }[] = [];
  let next = 0;
  lines.forEach((line, i) => {
    if (next < split.headings.length && normalizeWhitespace(line) === split.headings[next]) {
      headingLines.push({ line: i + 1, heading: split.headings[next]! });
      next++;
    }
  });
  const normalized = normalizeWhitespace(text);
  const quotes = policyCitations(policy).map((c) => ({ ruleId: c.ruleId, quote: normalizeWhitespace(c.citation.quote) }));
  const rulesOf = (sentence: string): string[] => {
    const at = normalized.indexOf(sentence);
    return unique(
      quotes
        .filter(({ quote }) => {
          if (quote.length === 0) return false;
          if (sentence.includes(quote) || quote.includes(sentence)) return true;
          if (at < 0) return false;
          for (let q = normalized.indexOf(quote); q !== -1; q = normalized.indexOf(quote, q + 1)) if (q < at + sentence.length && at < q + quote.length) return true;
          return false;
        })
        .map((q) => q.ruleId),
    ).sort(compareText);
  };
  const sections: { heading: string; sentences: CoverageSentence[] }[] = [];
  let h = 0;
  for (const sentence of coverage.sentences) {
    while (h < headingLines.length && headingLines[h]!.line <= sentence.line) {
      sections.push({ heading: headingLines[h]!.heading, sentences: [] });
      h++;
    }
    if (sections.length === 0) sections.push({ heading: "(before the first heading)", sentences: [] });
    sections[sections.length - 1]!.sentences.push({ text: sentence.text, line: sentence.line, cited: sentence.cited, rules: rulesOf(sentence.text) });
  }
  return {
    given: true,
    sourceFile: policy.source.file,
    fingerprintSame: sha256Hex(text) === policy.source.sha256,
    total: coverage.total,
    cited: coverage.cited,
    sections: sections.filter((s) => s.sentences.length > 0),
  };
}
