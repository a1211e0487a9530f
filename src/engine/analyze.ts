import type { CitedRule, DocumentPath, Verdict } from "../findings.js";
import type { Policy } from "../model/policy.js";
import { compareText } from "../order.js";
import { compilePolicy, type CompiledDimension, type CompiledPolicy, type CompiledStatement, type TermTable } from "./compile.js";
import * as say from "./messages.js";

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

/** One pair of a permission and a `must-not` of the same policy over equal or nested terms. */
export interface PolicyContradiction {
  readonly kind: ContradictionClass;
  /** N1–N4: PolicyLint's narrowing definitions. */
  readonly narrowing: boolean;
  /**
   * What the flow engine reports on a flow in the overlap: `incorrect` when the negative is an
   * exception carved out of the positive (the positive names no purpose and the negative does, or
   * the negative is at or below it in action, data and recipient and strictly narrower somewhere),
   * `ambiguous` otherwise. PolicyLint looks at entity and data only; the engine also weighs
   * actions and purposes, so a C-class pair can be an exception and an N-class pair a contradiction.
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

/** The negative's terms that relate to some positive term, all at or below some positive term (TOP = any). */
function dimensionWithin(table: TermTable, negative: CompiledDimension, positive: CompiledDimension): { related: boolean; within: boolean; reverse: boolean } {
  if (positive.any && negative.any) return { related: true, within: true, reverse: true };
  if (positive.any) return { related: true, within: true, reverse: false };
  if (negative.any) return { related: true, within: false, reverse: true };
  const below = (a: number, b: number) => table.below[a * table.size + b] === 1;
  const n = negative.numbers.filter((x) => positive.numbers.some((y) => below(x, y) || below(y, x)));
  const p = positive.numbers.filter((y) => negative.numbers.some((x) => below(x, y) || below(y, x)));
  return {
    related: n.length > 0,
    within: n.every((x) => p.some((y) => below(x, y))),
    reverse: p.every((y) => n.some((x) => below(y, x))),
  };
}

/**
 * Finds the pairs of a permission (`may`, `only-if`) and a `must-not` in one policy whose terms are
 * equal or nested in every dimension, and classifies each as PolicyLint does (C1–C5
 * contradictions, N1–N4 narrowing definitions), with what the flow engine reports for flows in
 * the overlap. Sorted by positive rule, negative rule, then terms.
 *
 * @example
 * analyzePolicy(pomeg).filter((c) => c.engine === "ambiguous").map((c) => [c.positive.ruleId, c.negative.ruleId])
 * //=> [["s4-service-providers", "s3-meta-no-sharing"], …]
 */
export function analyzePolicy(policy: Policy | CompiledPolicy): PolicyContradiction[] {
  const compiled = "tables" in policy ? policy : compilePolicy(policy);
  const t = compiled.tables;
  const positives = compiled.statements.filter((s) => s.modality === "may" || s.modality === "only-if");
  const negatives = compiled.statements.filter((s) => s.modality === "must-not");
  const out: PolicyContradiction[] = [];
  for (const p of positives) {
    for (const m of negatives) {
      const action = dimensionWithin(t.action, m.action, p.action);
      const purpose = dimensionWithin(t.purpose, m.purpose, p.purpose);
      if (!action.related || !purpose.related) continue;
      for (const pd of p.data.numbers) {
        for (const md of m.data.numbers) {
          const dataRel = rel(t.data, pd, md);
          if (dataRel === undefined) continue;
          for (const pr of p.recipient.numbers) {
            for (const mr of m.recipient.numbers) {
              const recipientRel = rel(t.recipient, pr, mr);
              if (recipientRel === undefined) continue;
              out.push(classify(compiled, p, m, pd, md, pr, mr, recipientRel, dataRel, action, purpose));
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
  action: { within: boolean; reverse: boolean },
  purpose: { within: boolean; reverse: boolean },
): PolicyContradiction {
  const t = compiled.tables;
  const kind = recipientRel === "overlap" || dataRel === "overlap" ? "overlap" : CLASSES[`${recipientRel}/${dataRel}` as keyof typeof CLASSES];
  // The engine's carve-out (see `carves`): the positive names no purpose and the negative does, or
  // the negative is at or below the positive in action, data and recipient and strictly narrower somewhere.
  const silent = p.purpose.any && !m.purpose.any;
  const within = action.within && (dataRel === "eq" || dataRel === "broader") && (recipientRel === "eq" || recipientRel === "broader");
  const strict = !action.reverse || dataRel === "broader" || recipientRel === "broader" || (purpose.within && !purpose.reverse);
  const engine = silent || (within && strict) ? "incorrect" : "ambiguous";
  const positive = { ruleId: p.id, data: t.data.ids[pd] as string, recipient: t.recipient.ids[pr] as string };
  const negative = { ruleId: m.id, data: t.data.ids[md] as string, recipient: t.recipient.ids[mr] as string };
  return {
    kind,
    narrowing: kind.startsWith("N"),
    engine,
    positive,
    negative,
    path: ["statements", m.position],
    message: say.contradictionLine(kind, p.id, positive.data, positive.recipient, m.id, negative.data, negative.recipient, engine),
    rules: [p.cited, m.cited],
  };
}
