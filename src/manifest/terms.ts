/**
 * The terms, subjects and ids of a manifest the schema has accepted, checked against the
 * policy's vocabulary. No schema library: a plainly well-formed manifest is checked without one.
 */
import type { Finding } from "../findings.js";
import type { Manifest } from "../model/manifest.js";
import { termChecker } from "../vocabulary/unknown-term.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";

/**
 * The most findings one stage of checking a document reports (its shape, then its terms and
 * ids). Past it, checking stops with a finding that says where: a file of a million broken
 * flows costs the first thousand, not a million located and formatted findings.
 */
export const MAX_FINDINGS = 1000;

/**
 * Checks that every term a manifest names exists in the policy's vocabulary, that every data
 * subject a flow names is declared under `dataSubjects`, and that flow, deletion-plan and
 * data-subject ids are unique. Unknown terms come with a "did you mean" suggestion. Past
 * {@link MAX_FINDINGS} findings of a kind the rest are counted in one last finding.
 *
 * @example
 * checkManifestTerms(manifest, vocabulary)
 * //=> [{ code: "unknown-term", message: 'unknown recipient term "opnai" (did you mean "openai"?)', path: ["flows", 0, "recipient"], … }]
 */
export function checkManifestTerms(manifest: Manifest, vocabulary: Vocabulary): Finding[] {
  return checkTerms(manifest, vocabulary).findings;
}

/**
 * {@link checkManifestTerms}, with the indexes of the flows that name an unknown term (reported
 * or only counted): the checks leave those flows out.
 *
 * @example
 * checkTerms(manifest, vocabulary).flowsWithUnknownTerms //=> Set { 0 }
 */
export function checkTerms(manifest: Manifest, vocabulary: Vocabulary): { findings: Finding[]; flowsWithUnknownTerms: Set<number> } {
  const terms = termChecker(vocabulary, MAX_FINDINGS);
  const flowsWithUnknownTerms = new Set<number>();
  const found = () => terms.findings.length + terms.unreported;
  manifest.flows.forEach((flow, i) => {
    const before = found();
    const at = ["flows", i];
    terms.one("action", flow.action, at, "action");
    terms.many("data", flow.data, at, "data");
    terms.one("recipient", flow.recipient, at, "recipient");
    terms.many("purpose", flow.purposes, at, "purposes");
    terms.many("condition", flow.conditions, at, "conditions");
    terms.many("safeguard", flow.safeguards, at, "safeguards");
    terms.one("location", flow.location, at, "location");
    if (flow.audience !== undefined) terms.one("location", flow.audience.region, [...at, "audience"], "region");
    if (found() > before) flowsWithUnknownTerms.add(i);
  });
  manifest.deletion.forEach((plan, i) => {
    terms.one("event", plan.trigger, ["deletion", i], "trigger");
    plan.steps.forEach((step, j) => {
      terms.many("data", step.data, ["deletion", i, "steps", j], "data");
      terms.one("store", step.store, ["deletion", i, "steps", j], "store");
    });
  });
  manifest.rights?.forEach((right, i) => {
    terms.one("right", right.right, ["rights", i], "right");
    terms.many("channel", right.channels, ["rights", i], "channels");
  });
  const findings: Finding[] = [...terms.findings];
  if (terms.unreported > 0) findings.push(notListed("unknown-term", terms.unreported, "unknown term", terms.firstUnreported ?? []));

  // Unknown data subjects and duplicate ids: listed up to the cap of each kind, counted past it.
  const kinds = new Map<Finding["code"], { listed: number; first: Finding["path"] }>();
  const add = (finding: Finding): void => {
    const kind = kinds.get(finding.code) ?? { listed: 0, first: [] };
    kinds.set(finding.code, kind);
    if (kind.listed++ < MAX_FINDINGS) findings.push(finding);
    else if (kind.listed === MAX_FINDINGS + 1) kind.first = finding.path;
  };
  const subjects = new Set(manifest.dataSubjects.map((s) => s.id));
  manifest.flows.forEach((flow, i) => {
    flow.subjects?.forEach((id, j) => {
      if (subjects.has(id)) return;
      const declared = subjects.size > 0 ? `the manifest declares ${[...subjects].join(", ")}` : "the manifest declares none under dataSubjects";
      add({ code: "schema-invalid", severity: "error", message: `unknown data subject "${id}"; ${declared}`, path: ["flows", i, "subjects", j], subject: flow.id, rules: [] });
    });
  });
  const duplicates = (section: "flows" | "deletion" | "dataSubjects", ids: readonly string[]) => {
    const first = new Map<string, number>();
    ids.forEach((id, index) => {
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else add({ code: "duplicate-id", severity: "error", message: `duplicate id "${id}" (first used at ${section}[${earlier}])`, path: [section, index, "id"], subject: id, rules: [] });
    });
  };
  duplicates("dataSubjects", manifest.dataSubjects.map((s) => s.id));
  duplicates("flows", manifest.flows.map((flow) => flow.id));
  duplicates("deletion", manifest.deletion.map((plan) => plan.id));
  const more = (code: Finding["code"], what: string) => {
    const kind = kinds.get(code);
    if (kind && kind.listed > MAX_FINDINGS) findings.push(notListed(code, kind.listed - MAX_FINDINGS, what, kind.first));
  };
  more("schema-invalid", "unknown data subject");
  more("duplicate-id", "duplicate id");
  return { findings, flowsWithUnknownTerms };
}

/**
 * The finding that stands for findings past the cap: how many, from where.
 *
 * @example
 * notListed("unknown-term", 3, "unknown term", ["flows", 1000, "data", 0]).message
 * //=> "and 3 more unknown terms from here on, not listed (at most 1000 findings of a kind are)"
 */
export function notListed(code: Finding["code"], count: number, what: string, path: Finding["path"]): Finding {
  const message = `and ${count} more ${count === 1 ? what : `${what}s`} from here on, not listed (at most ${MAX_FINDINGS} findings of a kind are)`;
  return { code, severity: "error", message, path, rules: [] };
}
