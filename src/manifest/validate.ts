import type { z } from "zod";
import type { Finding } from "../findings.js";
import { schemaFindings, unknownKeyFindings } from "../issues.js";
import { lintShape, type LintOptions, type ManifestLint, type PolicyResolver } from "../lint.js";
import { ManifestSchema, type Manifest } from "../model/manifest.js";
import { readPlainFlow, readPlainManifest } from "./plain.js";
import { MAX_FINDINGS, notListed } from "./terms.js";

/** The outcome of {@link parseManifest}. */
export type ManifestParse =
  | { ok: true; manifest: Manifest }
  /**
   * `recovered`: when unknown keys were the only problem, the manifest without them, so that
   * a misspelt key does not hide the findings of everything else.
   */
  | { ok: false; findings: Finding[]; recovered?: Manifest };

export { MAX_FINDINGS } from "./terms.js";

/** The most values (keys included) one flow, deletion plan, right or waiver may hold to be checked. */
export const MAX_ITEM_VALUES = 100_000;

/** The manifest's lists, checked item by item so that checking can stop. */
const SECTIONS = ["flows", "deletion", "rights", "waivers", "dataSubjects"] as const;
type Section = (typeof SECTIONS)[number];
const ITEMS: Record<Section, z.ZodType> = {
  flows: ManifestSchema.shape.flows.unwrap().element,
  deletion: ManifestSchema.shape.deletion.unwrap().element,
  rights: ManifestSchema.shape.rights.unwrap().element,
  waivers: ManifestSchema.shape.waivers.unwrap().element,
  dataSubjects: ManifestSchema.shape.dataSubjects.unwrap().element,
};

/**
 * Validates the shape of a manifest (any term ids accepted; see `checkManifestTerms`). A
 * plainly well-formed manifest is read without zod ({@link readPlainManifest}); otherwise
 * unknown keys, wrong types, bad durations and impossible dates become findings with paths;
 * after {@link MAX_FINDINGS} of them checking stops, with a finding at the first item left
 * unchecked. A value that cannot be read (a getter or proxy that throws) is a finding too.
 *
 * @example
 * parseManifest({ policy: "pomeg", flows: [], extra: 1 })
 * //=> { ok: false, findings: [{ code: "schema-invalid", message: 'unknown key "extra"', path: ["extra"], … }],
 * //     recovered: { policy: "pomeg", flows: [], … } }
 */
export function parseManifest(value: unknown): ManifestParse {
  const plain = readPlainManifest(value);
  return plain !== undefined ? { ok: true, manifest: plain } : judgeManifest(value);
}

/**
 * {@link parseManifest} for a value the fast path already declined: zod's judgement alone, so
 * that a large manifest with one mistake is not read by the fast path a second time.
 *
 * @example
 * judgeManifest({ policy: "pomeg", flow: [] }).ok //=> false (unknown key "flow")
 */
export function judgeManifest(value: unknown): ManifestParse {
  try {
    return validate(value);
  } catch (error) {
    return { ok: false, findings: [invalid([], `the manifest cannot be read as data: ${errorText(error)}`)] };
  }
}

function validate(value: unknown): ManifestParse {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const parsed = ManifestSchema.safeParse(value, { reportInput: true });
    return parsed.success ? { ok: true, manifest: parsed.data } : { ok: false, findings: schemaFindings(parsed.error.issues) };
  }
  const findings: Finding[] = [];
  let onlyUnknownKeys = true;
  const report = (issues: readonly z.core.$ZodIssue[], at: Finding["path"]): void => {
    const room = MAX_FINDINGS - findings.length;
    for (const finding of schemaFindings(issues, room)) findings.push(finding);
    if (!issues.every((issue) => issue.code === "unrecognized_keys")) onlyUnknownKeys = false;
    const count = findingCount(issues);
    if (count > room) {
      // The rest of this item's problems are counted, never dropped without a word. (`room` is at
      // least 1: items are checked only while there is room.)
      findings.push(notListed("schema-invalid", count - room, "schema problem", at));
      onlyUnknownKeys = false;
    }
  };
  // The top level first, its known keys only and its lists empty; then each item of each list.
  // (Copying a mapping of a million unknown keys would cost more than listing the first of them.)
  const shell: Record<string, unknown> = {};
  const unknownKeys: string[] = [];
  const lists: Partial<Record<Section, readonly unknown[]>> = {};
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(ManifestSchema.shape, key)) unknownKeys.push(key);
    else if ((SECTIONS as readonly string[]).includes(key) && Array.isArray((value as Record<string, unknown>)[key])) {
      lists[key as Section] = (value as Record<string, readonly unknown[]>)[key];
      shell[key] = [];
    } else shell[key] = (value as Record<string, unknown>)[key];
  }
  for (const finding of unknownKeyFindings([], unknownKeys, MAX_FINDINGS)) findings.push(finding);
  if (unknownKeys.length > MAX_FINDINGS) {
    const more = unknownKeys.length - MAX_FINDINGS;
    findings.push(notListed("schema-invalid", more, "unknown key", [unknownKeys[MAX_FINDINGS]!]));
    onlyUnknownKeys = false;
  }
  const top = ManifestSchema.safeParse(shell, { reportInput: true });
  const manifest: Manifest | undefined = top.success ? top.data : undefined;
  if (!top.success) report(top.error.issues, []);
  const items: Partial<Record<Section, unknown[]>> = {};
  for (const section of SECTIONS) {
    const list = lists[section];
    if (list === undefined) continue;
    const parsed: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      if (findings.length >= MAX_FINDINGS) {
        findings.push(invalid([section, i], `stopped after ${MAX_FINDINGS} findings: the rest of the manifest, from ${section}[${i}] on, was not checked`));
        return { ok: false, findings };
      }
      const item = list[i];
      if (holdsMore(item, MAX_ITEM_VALUES)) {
        findings.push(invalid([section, i], `${section}[${i}] holds more than ${MAX_ITEM_VALUES} values; it was not checked`));
        onlyUnknownKeys = false;
        continue;
      }
      const plain = section === "flows" ? readPlainFlow(item) : undefined;
      if (plain !== undefined) {
        parsed.push(plain);
        continue;
      }
      const result = ITEMS[section].safeParse(item, { reportInput: true });
      if (result.success) {
        parsed.push(result.data);
        continue;
      }
      const issues = result.error.issues.map((issue) => ({ ...issue, path: [section, i, ...issue.path] }));
      report(issues, [section, i]);
      if (onlyUnknownKeys) {
        const recovered = withoutUnknownKeys(ITEMS[section], item, result.error.issues);
        if (recovered === undefined) onlyUnknownKeys = false;
        else parsed.push(recovered);
      }
    }
    items[section] = parsed;
  }
  if (findings.length === 0 && manifest) return { ok: true, manifest: { ...manifest, ...items } as Manifest };
  return onlyUnknownKeys && manifest ? { ok: false, findings, recovered: { ...manifest, ...items } as Manifest } : { ok: false, findings };
}

/** `value` without the keys `issues` call unknown, parsed again; `undefined` when that fails. */
function withoutUnknownKeys<T>(schema: z.ZodType<T>, value: unknown, issues: readonly z.core.$ZodIssue[]): T | undefined {
  let pruned: unknown;
  try {
    pruned = structuredClone(value);
  } catch {
    return undefined; // a value built in code may hold functions or symbols: no recovery
  }
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") return undefined;
    const owner = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)[key], pruned) as Record<string, unknown>;
    for (const key of issue.keys) delete owner[key];
  }
  const again = schema.safeParse(pruned);
  return again.success ? again.data : undefined;
}

/** How many findings {@link schemaFindings} makes of `issues` (one per unknown key). */
function findingCount(issues: readonly z.core.$ZodIssue[]): number {
  let count = 0;
  for (const issue of issues) count += issue.code === "unrecognized_keys" ? issue.keys.length : 1;
  return count;
}

/** Whether `value` holds more than `limit` values, counting keys; stops counting there. */
function holdsMore(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== "object") return false;
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    count++;
    if (node === null || typeof node !== "object") continue;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) count += children.length;
    if (count + children.length > limit) return true;
    for (const child of children) stack.push(child);
  }
  return false;
}

function invalid(path: Finding["path"], message: string): Finding {
  return { code: "schema-invalid", severity: "error", message, path, rules: [] };
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "an error that cannot be shown";
  }
}

/**
 * Lints one parsed manifest document: its shape, its policy reference, its terms, then every
 * check of {@link MANIFEST_CHECKS}; finally applies the manifest's waivers. Pure: the resolver
 * does any reading of files.
 *
 * @example
 * lintManifest({ policy: "pomeg", flows: [] }, resolveBundledPolicy, { today: "2026-11-23" }).findings //=> []
 */
export function lintManifest(value: unknown, resolvePolicy: PolicyResolver, options: LintOptions = {}): ManifestLint {
  return lintShape(parseManifest(value), resolvePolicy, options);
}
