import type { Finding } from "../findings.js";
import { schemaFindings } from "../issues.js";
import { ManifestSchema, type Manifest } from "../model/manifest.js";
import { termChecker } from "../vocabulary/unknown-term.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";

/** The outcome of {@link parseManifest}. */
export type ManifestParse =
  | { ok: true; manifest: Manifest }
  /**
   * `recovered`: when unknown keys were the only problem, the manifest without them, so that
   * a misspelt key does not hide the findings of everything else.
   */
  | { ok: false; findings: Finding[]; recovered?: Manifest };

/**
 * Validates the shape of a manifest (any term ids accepted; see {@link checkManifestTerms}).
 * Unknown keys, wrong types, bad durations and impossible dates become findings with paths.
 *
 * @example
 * parseManifest({ policy: "pomeg", flows: [], extra: 1 })
 * //=> { ok: false, findings: [{ code: "schema-invalid", message: 'unknown key "extra"', path: ["extra"], … }],
 * //     recovered: { policy: "pomeg", flows: [], … } }
 */
export function parseManifest(value: unknown): ManifestParse {
  const parsed = ManifestSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const findings = schemaFindings(parsed.error.issues);
  const issues = parsed.error.issues;
  if (!issues.every((issue) => issue.code === "unrecognized_keys")) return { ok: false, findings };
  let pruned: unknown;
  try {
    pruned = structuredClone(value);
  } catch {
    return { ok: false, findings }; // a value built in code may hold functions or symbols: no recovery
  }
  for (const issue of issues) {
    const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)[key], pruned) as Record<string, unknown>;
    for (const key of issue.keys) delete owner[key];
  }
  const again = ManifestSchema.safeParse(pruned);
  return again.success ? { ok: false, findings, recovered: again.data } : { ok: false, findings };
}

/**
 * Checks that every term a manifest names exists in the policy's vocabulary, that every data
 * subject a flow names is declared under `dataSubjects`, and that flow, deletion-plan and
 * data-subject ids are unique. Unknown terms come with a "did you mean" suggestion.
 *
 * @example
 * checkManifestTerms(manifest, vocabulary)
 * //=> [{ code: "unknown-term", message: 'unknown recipient term "opnai" (did you mean "openai"?)', path: ["flows", 0, "recipient"], … }]
 */
export function checkManifestTerms(manifest: Manifest, vocabulary: Vocabulary): Finding[] {
  const terms = termChecker(vocabulary);
  const findings: Finding[] = [];
  const duplicates = (section: "flows" | "deletion" | "dataSubjects", ids: readonly string[]) => {
    const first = new Map<string, number>();
    ids.forEach((id, index) => {
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else findings.push({ code: "duplicate-id", severity: "error", message: `duplicate id "${id}" (first used at ${section}[${earlier}])`, path: [section, index, "id"], subject: id, rules: [] });
    });
  };
  manifest.flows.forEach((flow, i) => {
    const at = ["flows", i];
    terms.one("action", flow.action, at, "action");
    terms.many("data", flow.data, at, "data");
    terms.one("recipient", flow.recipient, at, "recipient");
    terms.many("purpose", flow.purposes, at, "purposes");
    terms.many("condition", flow.conditions, at, "conditions");
    terms.many("safeguard", flow.safeguards, at, "safeguards");
    terms.one("location", flow.location, at, "location");
    if (flow.audience !== undefined) terms.one("location", flow.audience.region, [...at, "audience"], "region");
  });
  manifest.deletion.forEach((plan, i) => {
    terms.one("event", plan.trigger, ["deletion", i], "trigger");
    plan.steps.forEach((step, j) => {
      terms.many("data", step.data, ["deletion", i, "steps", j], "data");
      terms.one("store", step.store, ["deletion", i, "steps", j], "store");
    });
  });
  manifest.rights.forEach((right, i) => {
    terms.one("right", right.right, ["rights", i], "right");
    terms.many("channel", right.channels, ["rights", i], "channels");
  });
  const subjects = new Set(manifest.dataSubjects.map((s) => s.id));
  manifest.flows.forEach((flow, i) => {
    flow.subjects?.forEach((id, j) => {
      if (subjects.has(id)) return;
      const declared = subjects.size > 0 ? `the manifest declares ${[...subjects].join(", ")}` : "the manifest declares none under dataSubjects";
      findings.push({ code: "schema-invalid", severity: "error", message: `unknown data subject "${id}"; ${declared}`, path: ["flows", i, "subjects", j], subject: flow.id, rules: [] });
    });
  });
  duplicates("dataSubjects", manifest.dataSubjects.map((s) => s.id));
  duplicates("flows", manifest.flows.map((flow) => flow.id));
  duplicates("deletion", manifest.deletion.map((plan) => plan.id));
  return [...terms.findings, ...findings];
}
