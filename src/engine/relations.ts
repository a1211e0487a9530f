/**
 * How one statement stands to one data category of a flow: covers, hits, binds, is exempt,
 * carves. Each predicate looks at a single statement (or, for `carves`, one restriction against
 * one permission); combining statements into a verdict is `decide.ts`'s work.
 */
import type { CompiledDimension, CompiledPolicy, CompiledStatement, TermTable } from "./compile.js";
import type { FlowTerms } from "./flow-terms.js";

/**
 * Whether every flow purpose is at or below one of the dimension's purposes (or it names none).
 * An unknown purpose is covered by nothing, not even a dimension that names no purpose (whose
 * `covers` holds every known one): an unknown term matches no statement.
 *
 * @example
 * purposesCovered(s2Services.purpose, [index("crm-service")]) //=> true
 */
export function purposesCovered(dim: CompiledDimension, purposes: readonly number[]): boolean {
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p < 0 || dim.covers[p] !== 1) return false;
  }
  return true;
}

/** Whether every flow purpose is one the dimension names itself (or it names none). */
function purposesExact(dim: CompiledDimension, purposes: readonly number[]): boolean {
  if (dim.any) return true;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p < 0 || dim.exact[p] !== 1) return false;
  }
  return true;
}

/**
 * Whether some flow purpose is at, above or below one of the dimension's purposes (or it names none).
 *
 * @example
 * purposesRelated(noAdvertising.purpose, [index("service-provision"), index("advertising")]) //=> true
 */
export function purposesRelated(dim: CompiledDimension, purposes: readonly number[]): boolean {
  if (dim.any) return true;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p >= 0 && dim.related[p] === 1) return true;
  }
  return false;
}

/**
 * The flow purposes that are not at or below any of the dimension's purposes: what an
 * `only-for` rules out. Unknown purposes are left to the `unknown-term` finding.
 *
 * @example
 * purposesOutside(metaSolely.purpose, [index("posting-and-scheduling"), index("crm-service")]) //=> [index("crm-service")]
 */
export function purposesOutside(dim: CompiledDimension, purposes: readonly number[]): number[] {
  const out: number[] = [];
  if (dim.any) return out;
  for (let i = 0; i < purposes.length; i++) {
    const p = purposes[i] as number;
    if (p >= 0 && dim.covers[p] !== 1) out.push(p);
  }
  return out;
}

/**
 * Whether one of the declared terms is at or below the required one: a stronger declared
 * condition or safeguard meets a weaker required one (`opt-in` meets `optional-for-user`), never
 * the reverse.
 *
 * @example
 * declares(tables.safeguard, [index("aes-256-gcm")], index("encryption-at-rest")) //=> true
 */
export function declares(table: TermTable, declared: readonly number[], required: number): boolean {
  const { below, size } = table;
  for (let i = 0; i < declared.length; i++) {
    const d = declared[i] as number;
    if (d >= 0 && below[d * size + required] === 1) return true;
  }
  return false;
}

/**
 * How many of a statement's conditions and safeguards the flow does not declare.
 *
 * @example
 * unmetCount(compiled, s4BusinessTransfer, terms) //=> 1 when the flow does not declare "notice-given"
 */
export function unmetCount(compiled: CompiledPolicy, s: CompiledStatement, n: FlowTerms): number {
  let count = 0;
  for (const c of s.conditions) if (!declares(compiled.tables.condition, n.conditions, c)) count++;
  for (const g of s.safeguards) if (!declares(compiled.tables.safeguard, n.safeguards, g)) count++;
  return count;
}

/**
 * Whether a restriction's exception applies: a `must-not` or `only-for` with conditions or
 * safeguards does not hit a flow that declares them all (or stronger ones).
 *
 * @example
 * exempt(compiled, noSharingUnlessRequiredByLaw, terms) //=> true when the flow declares "required-by-law"
 */
export function exempt(compiled: CompiledPolicy, m: CompiledStatement, n: FlowTerms): boolean {
  if (m.conditions.length === 0 && m.safeguards.length === 0) return false;
  return unmetCount(compiled, m, n) === 0;
}

/**
 * Whether a permission names the flow's own data, recipient and purposes (PoliCheck's `clear`
 * rather than `vague`).
 *
 * @example
 * isExact(s3OpenAI, index("chat-content"), terms) //=> true for sharing "chat-content" with "openai" for "ai-chat"
 */
export function isExact(p: CompiledStatement, d: number, n: FlowTerms): boolean {
  return p.data.exact[d] === 1 && p.recipient.exact[n.recipient] === 1 && purposesExact(p.purpose, n.purposes);
}

/**
 * Whether a permission (`may`, `only-if`, already indexed by the flow's action and recipient)
 * covers data category `d` of the flow: the data at or below its data, every purpose at or below
 * its purposes.
 *
 * @example
 * covers(s2Operate, index("email-address"), terms) //=> true for using it for "service-provision"
 */
export function covers(p: CompiledStatement, d: number, n: FlowTerms): boolean {
  return d >= 0 && p.data.covers[d] === 1 && purposesCovered(p.purpose, n.purposes);
}

/**
 * Whether a restriction (`must-not`, `only-for`, already indexed by action and a related
 * recipient) hits data category `d` of the flow. The data may be at, below or above the
 * restriction's (a coarse flow may include the forbidden data). A `must-not` hits when some flow
 * purpose is related to its purposes (or it names none); an `only-for` when some flow purpose is
 * outside its list. Neither hits a flow that declares its exception.
 *
 * @example
 * hits(compiled, metaSolely, index("meta-comments"), termsFor({ purposes: ["crm-service"] })) //=> true
 */
export function hits(compiled: CompiledPolicy, m: CompiledStatement, d: number, n: FlowTerms): boolean {
  if (d < 0 || m.data.related[d] !== 1) return false;
  const purposes = m.modality === "only-for" ? purposesOutside(m.purpose, n.purposes).length > 0 : purposesRelated(m.purpose, n.purposes);
  return purposes && !exempt(compiled, m, n);
}

/**
 * Whether a requirement (`must`, `only-if`, already indexed by action and recipient) binds data
 * category `d` of the flow, for conditions or for safeguards. A condition says when that data
 * may be processed: it binds a flow of that data or narrower. A safeguard protects the data
 * wherever it goes: it also binds a coarser flow that may include it ("personal-data" stored
 * without the encryption that access tokens require is not clear).
 *
 * @example
 * binds(passwordsBcrypt, index("personal-data"), terms, "safeguards") //=> true
 * binds(oauthOnly, index("personal-data"), terms, "conditions") //=> false (the rule is about "social-account-data")
 */
export function binds(q: CompiledStatement, d: number, n: FlowTerms, what: "conditions" | "safeguards"): boolean {
  if (d < 0) return false;
  const data = what === "conditions" ? q.data.covers[d] === 1 : q.data.related[d] === 1;
  return data && purposesCovered(q.purpose, n.purposes);
}

/** Sentinel: a dimension with no terms, above everything. */
const TOP = null;

/** The statement terms of one dimension that bear on the flow's terms: related ones for a restriction, covering ones for a permission. */
function relevant(table: TermTable, dim: CompiledDimension, flowTerms: readonly number[], mode: "related" | "covers"): number[] | typeof TOP {
  if (dim.any) return TOP;
  const { below, size } = table;
  const out: number[] = [];
  for (const s of dim.numbers) {
    if (s < 0) continue;
    for (const t of flowTerms) {
      if (t < 0) continue;
      const down = below[t * size + s] === 1;
      if (mode === "covers" ? down : down || below[s * size + t] === 1) {
        out.push(s);
        break;
      }
    }
  }
  return out;
}

/** Every term of `a` is at or below some term of `b`; TOP is above everything. */
function atOrBelow(table: TermTable, a: readonly number[] | typeof TOP, b: readonly number[] | typeof TOP): boolean {
  if (b === TOP) return true;
  if (a === TOP) return false;
  const { below, size } = table;
  return a.every((x) => b.some((y) => below[x * size + y] === 1));
}

/**
 * Whether the restriction `m` (a `must-not` or `only-for` that hits the flow) carves an exception
 * out of the permission `p`, so that the flow is `incorrect` rather than `ambiguous`. This is the
 * only home of the carve-out rule; `analyze.ts` asks it too.
 *
 * 1. `p` names no purpose (and the policy has no closed list of uses) and `m` names some: `m`
 *    speaks only to purposes `p` never claimed.
 * 2. In action, data and recipient, the restriction's terms that bear on the flow are at or below
 *    the permission's terms that cover it, and the restriction is strictly narrower somewhere
 *    (purposes included). A dimension the restriction leaves open (no recipients: every
 *    recipient) is neutral: it claims nothing more specific or more general there. For an
 *    `only-for`, the purposes that bear on the flow are the flow's purposes outside its list.
 *
 * Otherwise (the restriction is broader somewhere, or equal everywhere) the two statements
 * contradict each other on this flow.
 *
 * @example
 * // Pomeg: "Meta data … not used for any secondary purpose" against "improve the Platform".
 * carves(compiled, s3MetaSolely, s2Improve, index("meta-page-content"), terms) //=> true
 * // "no Meta data to third parties" against "AI model providers" (a third party too).
 * carves(compiled, s3MetaNoSharing, s4ServiceProviders, index("meta-comments"), terms) //=> false
 */
export function carves(compiled: CompiledPolicy, m: CompiledStatement, p: CompiledStatement, d: number, n: FlowTerms): boolean {
  if (p.purpose.any && !m.purpose.any) return true;
  const t = compiled.tables;
  const dims: readonly [TermTable, CompiledDimension, CompiledDimension, readonly number[]][] = [
    [t.action, m.action, p.action, [n.action]],
    [t.data, m.data, p.data, [d]],
    [t.recipient, m.recipient, p.recipient, [n.recipient]],
  ];
  let strict = false;
  for (const [table, md, pd, flowTerms] of dims) {
    if (md.any) continue;
    const mx = relevant(table, md, flowTerms, table === t.action ? "covers" : "related");
    const px = relevant(table, pd, flowTerms, "covers");
    if (!atOrBelow(table, mx, px)) return false;
    if (!atOrBelow(table, px, mx)) strict = true;
  }
  if (!strict) {
    const mx = m.modality === "only-for" ? purposesOutside(m.purpose, n.purposes) : relevant(t.purpose, m.purpose, n.purposes, "related");
    const px = relevant(t.purpose, p.purpose, n.purposes, "covers");
    strict = atOrBelow(t.purpose, mx, px) && !atOrBelow(t.purpose, px, mx);
  }
  return strict;
}
