import type { CitedRule, DocumentPath, Verdict } from "../findings.js";
import type { Policy } from "../model/policy.js";
import { compareText } from "../order.js";
import type { CompiledPolicy, CompiledStatement, TermTable } from "./compile.js";
import { compilePolicy } from "./compile-policy.js";
import type { FlowTerms } from "./flow-terms.js";
import * as say from "./messages.js";
import { carves, hits } from "./relations.js";

/**
 * PolicyLint's classes (Andow et al., USENIX Security 2019) of a positive statement
 * (entity e_i, data d_k) and a negative one (e_j, d_l), written for the positive's terms
 * against the negative's (≡ equal, ⊏ narrower, ⊐ broader):
 *
 * | class | entity | data | | class | entity | data |
 * | --- | --- | --- | --- | --- | --- | --- |
 * | C1 | ≡ | ≡ | | N1 | ≡ | ⊐ |
 * | C2 | ≡ | ⊏ | | N2 | ⊐ | ≡ |
 * | C3 | ⊏ | ≡ | | N3 | ⊐ | ⊐ |
 * | C4 | ⊏ | ⊏ | | N4 | ⊏ | ⊐ |
 * | C5 | ⊐ | ⊏ | | | | |
 *
 * C1–C5 are logical contradictions; N1–N4 narrowing definitions (the negative narrows a
 * broader positive). pledge adds `overlap` for what a DAG vocabulary allows and a tree does not:
 * the data or recipients are unrelated, yet share a narrower term with both as parents
 * ("contact data" and "identifiers" both hold "email address"), so some flow meets both.
 */
export type ContradictionClass = "C1" | "C2" | "C3" | "C4" | "C5" | "N1" | "N2" | "N3" | "N4" | "overlap";

type Rel = "eq" | "narrower" | "broader" | "overlap";
type Nested = Exclude<Rel, "overlap">;
const CLASSES: Readonly<Record<`${Nested}/${Nested}`, ContradictionClass>> = {
  "eq/eq": "C1",
  "eq/narrower": "C2",
  "narrower/eq": "C3",
  "narrower/narrower": "C4",
  "broader/narrower": "C5",
  "eq/broader": "N1",
  "broader/eq": "N2",
  "broader/broader": "N3",
  "narrower/broader": "N4",
};

/** One pair of a permission and a restriction (`must-not`, `only-for`) of the same policy over equal or nested terms that some flow meets both. */
export interface PolicyContradiction {
  readonly kind: ContradictionClass;
  /** N1–N4: PolicyLint's narrowing definitions. */
  readonly narrowing: boolean;
  /**
   * What the flow engine reports on a flow in the overlap (`carves` in relations.ts decides it):
   * `incorrect` when the negative is an exception carved out of the positive, `ambiguous`
   * otherwise. PolicyLint looks at entity and data only; the engine also weighs actions and
   * purposes, so a C-class pair can be an exception and an N-class pair a contradiction.
   */
  readonly engine: Extract<Verdict, "incorrect" | "ambiguous">;
  readonly positive: { readonly ruleId: string; readonly data: string; readonly recipient: string };
  readonly negative: { readonly ruleId: string; readonly data: string; readonly recipient: string };
  /** Points at the negative statement in the policy. */
  readonly path: DocumentPath;
  readonly message: string;
  /** Both statements, positive first. */
  readonly rules: readonly [CitedRule, CitedRule];
}

function rel(table: TermTable, p: number, n: number): Rel | undefined {
  const { below, size } = table;
  if (p === n) return "eq";
  if (below[p * size + n] === 1) return "narrower";
  if (below[n * size + p] === 1) return "broader";
  for (let t = 0; t < size; t++) if (below[t * size + p] === 1 && below[t * size + n] === 1) return "overlap";
  return undefined;
}

/** A term at or below both `a` and `b` (the narrower of two nested terms, or a shared narrower one). */
function meet(table: TermTable, a: number, b: number): number {
  const { below, size } = table;
  if (below[a * size + b] === 1) return a;
  if (below[b * size + a] === 1) return b;
  for (let t = 0; t < size; t++) if (below[t * size + a] === 1 && below[t * size + b] === 1) return t;
  return -1;
}

const NO_TERMS: readonly number[] = Object.freeze([]);

/**
 * A flow that meets both statements, or undefined when none does: an action below both, the
 * given data and recipient, and the first of the permission's purposes the restriction hits.
 * It declares no condition or safeguard, so no exception applies.
 */
function witness(compiled: CompiledPolicy, p: CompiledStatement, m: CompiledStatement, data: number, recipient: number): FlowTerms | undefined {
  const t = compiled.tables;
  if (data < 0 || recipient < 0) return undefined;
  const actions = p.action.numbers.flatMap((a) => m.action.numbers.map((b) => (a >= 0 && b >= 0 ? meet(t.action, a, b) : -1)));
  const action = actions.find((a) => a >= 0);
  if (action === undefined) return undefined;
  const purposes = p.purpose.any ? t.purpose.ids.map((_, i) => i) : p.purpose.numbers;
  for (const purpose of purposes) {
    if (purpose < 0) continue;
    const flow: FlowTerms = { action, recipient, data: [data], purposes: [purpose], conditions: NO_TERMS, safeguards: NO_TERMS, location: -1, region: -1, unknown: false };
    if (hits(compiled, m, data, flow)) return flow;
  }
  return undefined;
}

/**
 * Finds the pairs of a permission (`may`, `only-if`) and a restriction (`must-not`, `only-for`) in
 * one policy whose terms are equal or nested and that some flow meets both, and classifies each as PolicyLint does (C1–C5
 * contradictions, N1–N4 narrowing definitions), with what the flow engine reports for flows in
 * the overlap. Sorted by positive rule, negative rule, then terms.
 *
 * @example
 * analyzePolicy(pomeg).filter((c) => c.engine === "ambiguous").map((c) => [c.positive.ruleId, c.negative.ruleId])
 * //=> [["s4-service-providers", "s3-meta-no-sharing"], …]
 */
export function analyzePolicy(policy: Policy | CompiledPolicy): PolicyContradiction[] {
  const compiled = typeof policy === "object" && policy !== null && "tables" in policy ? policy : compilePolicy(policy);
  const t = compiled.tables;
  const positives = compiled.statements.filter((s) => s.modality === "may" || s.modality === "only-if");
  const negatives = compiled.statements.filter((s) => s.modality === "must-not" || s.modality === "only-for");
  const out: PolicyContradiction[] = [];
  for (const p of positives) {
    for (const m of negatives) {
      for (const pd of p.data.numbers) {
        for (const md of m.data.numbers) {
          const dataRel = pd < 0 || md < 0 ? undefined : rel(t.data, pd, md);
          if (dataRel === undefined) continue;
          for (const pr of p.recipient.numbers) {
            for (const mr of m.recipient.any ? [pr] : m.recipient.numbers) {
              const recipientRel = pr < 0 || mr < 0 ? undefined : rel(t.recipient, pr, mr);
              if (recipientRel === undefined) continue;
              const flow = witness(compiled, p, m, meet(t.data, pd, md), meet(t.recipient, pr, mr));
              if (flow === undefined) continue;
              out.push(classify(compiled, p, m, pd, md, pr, mr, recipientRel, dataRel, flow));
            }
          }
        }
      }
    }
  }
  return out.sort(
    (a, b) =>
      compareText(a.positive.ruleId, b.positive.ruleId) ||
      compareText(a.negative.ruleId, b.negative.ruleId) ||
      compareText(a.positive.data, b.positive.data) ||
      compareText(a.negative.data, b.negative.data) ||
      compareText(a.positive.recipient, b.positive.recipient) ||
      compareText(a.negative.recipient, b.negative.recipient),
  );
}

function classify(
  compiled: CompiledPolicy,
  p: CompiledStatement,
  m: CompiledStatement,
  pd: number,
  md: number,
  pr: number,
  mr: number,
  recipientRel: Rel,
  dataRel: Rel,
  flow: FlowTerms,
): PolicyContradiction {
  const t = compiled.tables;
  const kind = recipientRel === "overlap" || dataRel === "overlap" ? "overlap" : CLASSES[`${recipientRel}/${dataRel}` as keyof typeof CLASSES];
  // What the engine decides on a flow that meets both: the carve-out rule itself (relations.ts).
  const engine = carves(compiled, m, p, flow.data[0] as number, flow) ? "incorrect" : "ambiguous";
  const positive = { ruleId: p.id, data: t.data.ids[pd] as string, recipient: t.recipient.ids[pr] as string };
  const negative = { ruleId: m.id, data: t.data.ids[md] as string, recipient: t.recipient.ids[mr] as string };
  return {
    kind,
    narrowing: kind.startsWith("N"),
    engine,
    positive,
    negative,
    path: ["statements", m.position],
    message: say.contradictionLine({ kind, engine, positive, negative }),
    rules: [p.cited, m.cited],
  };
}

/** A permission that still covers any purpose, and why. */
export interface UnboundedPermission {
  readonly ruleId: string;
  /** Why no purpose list bounds it. */
  readonly reason: "no-purposes-no-limit";
  /** Points at the statement in the policy. */
  readonly path: DocumentPath;
  readonly message: string;
  readonly rule: CitedRule;
}

/**
 * The permissions that cover a flow for any purpose: they name no purpose and the policy gives
 * no closed list of uses (`purposeLimit`). Each is a place where the encoding, not the text, may
 * be allowing too much. Sorted by rule id.
 *
 * @example
 * unboundedPermissions(pomeg) //=> [] (Pomeg's §2 list bounds every permission)
 */
export function unboundedPermissions(policy: Policy | CompiledPolicy): UnboundedPermission[] {
  const compiled = typeof policy === "object" && policy !== null && "tables" in policy ? policy : compilePolicy(policy);
  return compiled.statements
    .filter((s) => (s.modality === "may" || s.modality === "only-if") && s.purposesFrom === "any")
    .sort((a, b) => compareText(a.id, b.id))
    .map((s) => ({ ruleId: s.id, reason: "no-purposes-no-limit", path: ["statements", s.position, "purposes"], message: say.unboundedPermission(s.id), rule: s.cited }));
}
