import type { Finding } from "../findings.js";
import { schemaFindings } from "../issues.js";
import { PolicySchema, type Policy } from "../model/policy.js";
import { baseVocabulary } from "../generated/base-vocabulary.js";
import { termChecker } from "../vocabulary/unknown-term.js";
import { buildVocabulary, type Vocabulary } from "../vocabulary/vocabulary.js";
import { policyTerms } from "./terms.js";

/** The outcome of {@link validatePolicy}: the policy and its vocabulary, or the findings that stop it. */
export type PolicyValidation =
  | { ok: true; policy: Policy; vocabulary: Vocabulary }
  | { ok: false; findings: Finding[] };

export { policyTerms } from "./terms.js";

/**
 * Validates a policy document: its shape, its vocabulary (duplicates, unknown parents,
 * cycles), unique rule ids, that every rule names known terms, that permissions name their
 * recipients and that `only-for` statements name their purposes.
 *
 * @example
 * import { pomeg } from "privacy-pledge";
 * validatePolicy(pomeg).ok //=> true
 * validatePolicy({ id: "x" }).ok //=> false
 */
export function validatePolicy(value: unknown): PolicyValidation {
  const parsed = PolicySchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { ok: false, findings: schemaFindings(parsed.error.issues) };
  const policy = parsed.data;
  const built = buildVocabulary(policyTerms(policy));
  const baseCount = baseVocabulary.length;
  if (!built.ok) {
    return {
      ok: false,
      findings: built.issues.map((issue) => ({
        code: issue.code === "duplicate-term" ? "duplicate-id" : "schema-invalid",
        severity: "error",
        message: issue.message,
        path: issue.index >= baseCount ? ["vocabulary", issue.index - baseCount] : ["vocabulary"],
        rules: [],
      })),
    };
  }
  const vocabulary = built.vocabulary;
  const seen = new Set<string>();
  const terms = termChecker(vocabulary);
  const findings = terms.findings;
  const unique = (id: string, path: (string | number)[]) => {
    if (seen.has(id)) findings.push({ code: "duplicate-id", severity: "error", message: `the rule id "${id}" is used twice`, path, rules: [] });
    seen.add(id);
  };
  policy.statements.forEach((s, i) => {
    const at = ["statements", i];
    unique(s.id, [...at, "id"]);
    terms.many("action", s.actions, at, "actions");
    terms.many("data", s.data, at, "data");
    terms.many("recipient", s.recipients, at, "recipients");
    terms.many("purpose", s.purposes, at, "purposes");
    terms.many("condition", s.conditions, at, "conditions");
    terms.many("safeguard", s.safeguards, at, "safeguards");
    terms.many("location", s.locations, at, "locations");
    const permission = s.modality === "may" || s.modality === "only-if";
    if (permission && s.recipients.length === 0) {
      findings.push({ code: "schema-invalid", severity: "error", message: `a ${s.modality} statement names the recipients it allows; only must, must-not and only-for may leave recipients empty (every recipient)`, path: [...at, "recipients"], rules: [] });
    }
    if (s.modality === "only-for" && s.purposes.length === 0) {
      findings.push({ code: "schema-invalid", severity: "error", message: "an only-for statement lists the purposes the data is limited to", path: [...at, "purposes"], rules: [] });
    }
  });
  if (policy.purposeLimit !== undefined) {
    unique(policy.purposeLimit.id, ["purposeLimit", "id"]);
    terms.many("purpose", policy.purposeLimit.purposes, ["purposeLimit"], "purposes");
  }
  policy.retention.forEach((r, i) => {
    const at = ["retention", i];
    unique(r.id, [...at, "id"]);
    terms.many("data", r.data, at, "data");
    terms.many("store", r.stores, at, "stores");
    terms.one("event", r.trigger, at, "trigger");
    terms.many("purpose", r.purposes, at, "purposes");
  });
  policy.rights.forEach((r, i) => {
    const at = ["rights", i];
    unique(r.id, [...at, "id"]);
    terms.one("right", r.right, at, "right");
    terms.many("channel", r.channels, at, "channels");
  });
  policy.ageLimits.forEach((a, i) => {
    unique(a.id, ["ageLimits", i, "id"]);
    terms.one("location", a.region, ["ageLimits", i], "region");
  });
  policy.notes.forEach((n, i) => unique(n.id, ["notes", i, "id"]));
  terms.many("location", policy.storageLocations, [], "storageLocations");
  return findings.length > 0 ? { ok: false, findings } : { ok: true, policy, vocabulary };
}
