import { checkObligations } from "./deadlines/index.js";
import { checkFlows } from "./engine/check.js";
import { compileValidated, type CompiledPolicy } from "./engine/compile.js";
import type { Finding, FindingCode } from "./findings.js";
import { checkTerms } from "./manifest/terms.js";
import type { ManifestParse } from "./manifest/validate.js";
import { utcCalendarDate } from "./model/forms.js";
import type { Manifest, Waiver } from "./model/manifest.js";
import type { Policy } from "./model/policy.js";
import { compareText, sortFindings } from "./order.js";
import type { PolicyValidation } from "./policy/validate.js";
import type { Vocabulary } from "./vocabulary/vocabulary.js";

/** Finds the policy a manifest names: a bundled id, or a file the caller knows how to read. */
export type PolicyResolver = (reference: string) => PolicyValidation | { ok: false; message: string };

/**
 * Codes of findings about the input itself (unreadable, malformed, unknown terms), and of a
 * check that failed on it: the manifest could not be judged (the CLI's exit code 2).
 */
export const INPUT_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(["parse-error", "schema-invalid", "unknown-term", "duplicate-id", "unknown-policy", "input-refused", "check-failed"]);

/** What a check sees: one valid manifest and its validated policy. */
export interface LintContext {
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  /** Indexes of flows whose terms are all known (the others already have `unknown-term` findings). */
  readonly checkableFlows: readonly number[];
  /** Whether every term of the manifest is known. */
  readonly termsKnown: boolean;
}

/**
 * One check of `pledge lint`. Checks are plain data in {@link MANIFEST_CHECKS}; each returns
 * findings with paths from the manifest root. A check may skip when terms are unknown.
 */
export interface ManifestCheck {
  /** A stable id, shown when a check fails unexpectedly. */
  readonly id: string;
  readonly description: string;
  run(context: LintContext): readonly Finding[];
}

/**
 * The checks `pledge lint` runs over a manifest whose shape, policy and terms were checked
 * (terms and unique ids are checked first, by {@link lintParsedManifest}: the checks depend on
 * them).
 */
export const MANIFEST_CHECKS: readonly ManifestCheck[] = [
  {
    id: "flows",
    description: "each flow is disclosed by the policy (PoliCheck's verdicts with purposes) and keeps its conditions, safeguards, locations and age limits",
    run: (context) => {
      const compiled = compiledPolicy(context);
      const flows = context.checkableFlows.map((i) => context.manifest.flows[i]!);
      const results = checkFlows(compiled, flows);
      const findings: Finding[] = [];
      results.forEach((result, k) => {
        const index = context.checkableFlows[k]!;
        for (const finding of result.findings) {
          findings.push({
            ...finding,
            path: ["flows", index, ...finding.path],
            subject: finding.subject ?? result.flowId,
            ...(finding.verdict === undefined && finding.code.startsWith("flow-") ? { verdict: result.verdict } : {}),
          });
        }
      });
      return findings;
    },
  },
  {
    id: "obligations",
    description: "deletion plans keep the policy's retention deadlines, every data category handled is deleted some day, promised rights are supported",
    run: ({ manifest, policy, vocabulary, termsKnown }) => (termsKnown ? checkObligations({ policy, vocabulary }, manifest).findings : []),
  },
];

const compiledPolicies = new WeakMap<Policy, CompiledPolicy>();

/**
 * The policy of a lint context compiled for the engine, once per policy object.
 *
 * @example
 * compiledPolicy(context).statements.length //=> the policy's statement count
 */
export function compiledPolicy(context: Pick<LintContext, "policy" | "vocabulary">): CompiledPolicy {
  let compiled = compiledPolicies.get(context.policy);
  if (!compiled) {
    compiled = compileValidated(context.policy, context.vocabulary);
    compiledPolicies.set(context.policy, compiled);
  }
  return compiled;
}

/** How a waived finding was waived, as SARIF's `suppressions` says it. */
export interface Suppression {
  /** `inSource`: the waiver is written in the manifest the finding is about. */
  readonly kind: "inSource" | "external";
  readonly justification: string;
  /** Index of the waiver in the manifest's `waivers`. */
  readonly waiver: number;
  readonly expires: string;
}

/** A finding a waiver suppresses. */
export interface SuppressedFinding extends Finding {
  readonly suppression: Suppression;
}

/** The result of linting one manifest document. */
export interface ManifestLint {
  /** The validated manifest, when its shape was valid. */
  readonly manifest?: Manifest;
  /** The policy the manifest names, when it was found and valid. */
  readonly policy?: Policy;
  readonly vocabulary?: Vocabulary;
  /** Active findings sorted by path, then code. */
  readonly findings: readonly Finding[];
  /** Findings waived by an active waiver, sorted likewise. */
  readonly suppressed: readonly SuppressedFinding[];
}

/** Options of {@link lintShape} and {@link lintParsedManifest}. */
export interface LintOptions {
  /** Today's date (UTC, `YYYY-MM-DD`) against which waivers expire; defaults to the clock. */
  readonly today?: string;
  /** The checks to run; defaults to {@link MANIFEST_CHECKS}. */
  readonly checks?: readonly ManifestCheck[];
}

/**
 * Lints the outcome of `parseManifest`: a valid manifest fully; one whose only problem is
 * unknown keys fully too, without them, beside their findings; any other shape error alone.
 *
 * @example
 * lintShape(parseManifest({ policy: "pomeg", flows: [], extra: 1 }), resolveBundledPolicy).findings.map((f) => f.message)
 * //=> ['unknown key "extra"']
 */
export function lintShape(shape: ManifestParse, resolvePolicy: PolicyResolver, options: LintOptions = {}): ManifestLint {
  if (shape.ok) return lintParsedManifest(shape.manifest, resolvePolicy, options);
  if (shape.recovered === undefined) return { findings: sortFindings(shape.findings), suppressed: [] };
  const rest = lintParsedManifest(shape.recovered, resolvePolicy, options);
  return { ...rest, findings: sortFindings([...shape.findings, ...rest.findings]) };
}

/**
 * The second half of `lintManifest`, for a manifest whose shape is already valid: its
 * policy, terms, checks and waivers. Lets a caller drop the raw document before the checks run.
 *
 * @example
 * const parsed = parseManifest(value);
 * if (parsed.ok) lintParsedManifest(parsed.manifest, resolveBundledPolicy, { today: "2026-11-23" }).findings //=> []
 */
export function lintParsedManifest(manifest: Manifest, resolvePolicy: PolicyResolver, options: LintOptions = {}): ManifestLint {
  const resolved = resolvePolicy(manifest.policy);
  if (!resolved.ok) {
    const message = "message" in resolved ? resolved.message : resolved.findings.map((f) => f.message).join("; ");
    return { manifest, findings: [{ code: "unknown-policy", severity: "error", message, path: ["policy"], rules: [] }], suppressed: [] };
  }
  const { findings: termFindings, flowsWithUnknownTerms } = checkTerms(manifest, resolved.vocabulary);
  const context: LintContext = {
    manifest,
    policy: resolved.policy,
    vocabulary: resolved.vocabulary,
    checkableFlows: manifest.flows.map((_, i) => i).filter((i) => !flowsWithUnknownTerms.has(i)),
    termsKnown: !termFindings.some((f) => f.code === "unknown-term"),
  };
  const findings: Finding[] = [...termFindings];
  for (const check of options.checks ?? MANIFEST_CHECKS) {
    let found: readonly Finding[];
    try {
      found = check.run(context);
    } catch (error) {
      // A bug in a check costs its findings for this manifest, never the rest of the run.
      found = [checkFailed(check, error)];
    }
    for (const finding of found) findings.push(withSubject(finding, manifest));
  }
  const today = options.today ?? utcCalendarDate(new Date());
  const waived = applyWaivers(findings, manifest.waivers, today);
  return { manifest, policy: resolved.policy, vocabulary: resolved.vocabulary, findings: sortFindings(waived.findings), suppressed: sortFindings(waived.suppressed) };
}

/** The finding for a check that threw: at the manifest's root, naming the check and the error. */
function checkFailed(check: ManifestCheck, error: unknown): Finding {
  let what: string;
  try {
    what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    what = "an error that cannot be shown";
  }
  return { code: "check-failed", severity: "error", message: `the ${check.id} check failed on this manifest (a bug in pledge; please report it): ${what}`, path: [], rules: [] };
}

/** Fills in the subject (flow or deletion-plan id, or the right) of a finding from its path, when missing. */
function withSubject(finding: Finding, manifest: Manifest): Finding {
  if (finding.subject !== undefined) return finding;
  const [section, index] = finding.path;
  if (typeof index !== "number") return finding;
  const subject =
    section === "flows" ? manifest.flows[index]?.id : section === "deletion" ? manifest.deletion[index]?.id : section === "rights" ? manifest.rights?.[index]?.right : undefined;
  return subject === undefined ? finding : { ...finding, subject };
}

/** Findings no waiver may hide: problems with the input, and with the waivers themselves. */
const UNWAIVABLE: ReadonlySet<FindingCode> = new Set<FindingCode>([...INPUT_CODES, "waiver-expired", "waiver-unused"]);

/**
 * Applies waivers: an active waiver (its `expires` day not yet past) suppresses the findings
 * whose code (or deciding policy rule id) is its `rule` and whose subject is its `flow`. An
 * expired waiver suppresses nothing and is a `waiver-expired` error; an active waiver that
 * suppresses nothing is a `waiver-unused` warning. Input errors are never waived.
 *
 * @example
 * applyWaivers(findings, [{ rule: "flow-vague", flow: "chat", reason: "…", expires: "2026-12-31" }], "2026-11-23")
 * //=> { findings: [...], suppressed: [{ code: "flow-vague", suppression: { kind: "inSource", … } }] }
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<number>();
  const live = waivers.map((waiver, index) => ({ waiver, index })).filter(({ waiver }) => compareText(waiver.expires, today) >= 0);
  for (const finding of findings) {
    const match = UNWAIVABLE.has(finding.code) ? undefined : live.find(({ waiver }) => matches(waiver, finding));
    if (!match) {
      active.push(finding);
      continue;
    }
    used.add(match.index);
    suppressed.push({ ...finding, suppression: { kind: "inSource", justification: match.waiver.reason, waiver: match.index, expires: match.waiver.expires } });
  }
  waivers.forEach((waiver, index) => {
    const what = describeWaiver(waiver);
    if (compareText(waiver.expires, today) < 0) {
      active.push({
        code: "waiver-expired",
        severity: "error",
        message: `the waiver of ${what} expired on ${waiver.expires} (today is ${today}); fix the findings or renew the waiver ("${waiver.reason}")`,
        path: ["waivers", index, "expires"],
        ...(waiver.flow !== undefined ? { subject: waiver.flow } : {}),
        rules: [],
      });
    } else if (!used.has(index)) {
      active.push({
        code: "waiver-unused",
        severity: "warning",
        message: `the waiver of ${what} matches no finding; remove it`,
        path: ["waivers", index],
        ...(waiver.flow !== undefined ? { subject: waiver.flow } : {}),
        rules: [],
      });
    }
  });
  return { findings: active, suppressed };
}

function matches(waiver: Waiver, finding: Finding): boolean {
  if (waiver.flow !== undefined && waiver.flow !== finding.subject) return false;
  if (waiver.rule === undefined) return true;
  return waiver.rule === finding.code || finding.rules.some((rule) => rule.ruleId === waiver.rule);
}

function describeWaiver(waiver: Waiver): string {
  if (waiver.rule !== undefined && waiver.flow !== undefined) return `${waiver.rule} on ${waiver.flow}`;
  return waiver.rule ?? `every finding on ${waiver.flow ?? "?"}`;
}
