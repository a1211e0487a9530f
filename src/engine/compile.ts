import type { CitedRule } from "../findings.js";
import type { AgeLimit, Modality, Policy, Statement } from "../model/policy.js";
import type { TermKind } from "../model/terms.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { ShapeCache } from "./shape-cache.js";

/**
 * The terms of one kind, numbered. `below[t * size + u]` is 1 when term `t` is `u` or below it,
 * so that every subsumption test of the engine is one typed-array read.
 */
export interface TermTable {
  readonly kind: TermKind;
  /** Term ids by number, in vocabulary order (sorted). */
  readonly ids: readonly string[];
  /** Term number by id. */
  readonly index: ReadonlyMap<string, number>;
  readonly size: number;
  /** `below[t * size + u] === 1` when `ids[t] ≤ ids[u]`. */
  readonly below: Uint8Array;
}

/**
 * One dimension of a statement (its actions, data, recipients or purposes) as three lookup
 * tables over the term numbers of that kind.
 */
export interface CompiledDimension {
  /** The statement's own terms, as written. */
  readonly terms: readonly string[];
  /** Their numbers. */
  readonly numbers: readonly number[];
  /** No terms: any term (every recipient; for purposes, any purpose). */
  readonly any: boolean;
  /** `covers[t] === 1` when term `t` is equal to or below one of the statement's terms. */
  readonly covers: Uint8Array;
  /** `exact[t] === 1` when term `t` is one of the statement's terms. */
  readonly exact: Uint8Array;
  /** `related[t] === 1` when term `t` is below or above one of the statement's terms. */
  readonly related: Uint8Array;
}

/** A statement prepared for checking. */
export interface CompiledStatement {
  readonly statement: Statement;
  readonly id: string;
  readonly modality: Modality;
  /** Position in the policy's list, for explanations only (never for ordering output). */
  readonly position: number;
  readonly cited: CitedRule;
  /** `[cited]`, shared, so that a flow decided by this statement alone allocates no list. */
  readonly citedAlone: readonly CitedRule[];
  readonly action: CompiledDimension;
  readonly data: CompiledDimension;
  readonly recipient: CompiledDimension;
  readonly purpose: CompiledDimension;
  /**
   * Where a permission's purposes come from: its own list, the policy's closed list of uses (it
   * names none and the policy has a `purposeLimit`), or nowhere (any purpose).
   */
  readonly purposesFrom: "statement" | "purpose-limit" | "any";
  /** Required conditions, safeguards and permitted locations as term numbers (-1 when unknown). */
  readonly conditions: readonly number[];
  readonly safeguards: readonly number[];
  readonly locations: readonly number[];
}

/** A policy compiled for fast checks: term tables, statements and indexes. Build it once. */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  /** "the Pocketo policy", for messages. */
  readonly label: string;
  readonly tables: { readonly [K in TermKind]: TermTable };
  readonly statements: readonly CompiledStatement[];
  /**
   * The statements that bear on flows of one action and recipient, by slot
   * (`action * recipients + recipient`), built on first use: a short run (20 flows) touches a
   * few slots of the hundreds a policy has.
   */
  readonly slot: (index: number) => SlotStatements;
  /** The policy's storage locations as term numbers. */
  readonly storageLocations: readonly number[];
  readonly ageLimits: readonly CompiledAgeLimit[];
  /** Results already computed, by flow shape: the one mutable part, private to `checkFlow`. */
  readonly shapes: ShapeCache;
}

/**
 * The statements of one (action, recipient) slot. A check only looks at these.
 */
export interface SlotStatements {
  /** The permissions (`may`, `only-if`) that cover the action and the recipient. */
  readonly permits: readonly CompiledStatement[];
  /** The requirements (`must`, `only-if`) that cover the action and the recipient. */
  readonly requirements: readonly CompiledStatement[];
  /**
   * The restrictions (`must-not`, `only-for`) that cover the action and whose recipients are
   * related to the recipient in either direction: a flow declared "share" is not a sale, and a
   * coarse recipient may be the forbidden one.
   */
  readonly prohibitions: readonly CompiledStatement[];
}

/** An age limit with its region's term number (-1: everywhere else). */
export interface CompiledAgeLimit {
  readonly limit: AgeLimit;
  readonly region: number;
  readonly cited: CitedRule;
}

const EMPTY: readonly CompiledStatement[] = Object.freeze([]);

function buildTable(vocabulary: Vocabulary, kind: TermKind): TermTable {
  const ids = vocabulary.ids(kind);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const size = ids.length;
  const below = new Uint8Array(size * size);
  ids.forEach((id, t) => {
    for (const ancestor of vocabulary.ancestors(kind, id)) {
      const u = index.get(ancestor);
      if (u !== undefined) below[t * size + u] = 1;
    }
  });
  return { kind, ids, index, size, below };
}

function compileDimension(table: TermTable, terms: readonly string[]): CompiledDimension {
  const { size, below, index } = table;
  const numbers = terms.map((term) => index.get(term) ?? -1);
  const any = terms.length === 0;
  const covers = new Uint8Array(size).fill(any ? 1 : 0);
  const exact = new Uint8Array(size);
  const related = new Uint8Array(size).fill(any ? 1 : 0);
  for (const s of numbers) {
    if (s < 0) continue;
    exact[s] = 1;
    for (let t = 0; t < size; t++) {
      if (below[t * size + s] === 1) {
        covers[t] = 1;
        related[t] = 1;
      }
      if (below[s * size + t] === 1) related[t] = 1;
    }
  }
  return { terms, numbers, any, covers, exact, related };
}

/**
 * Turns a statement or age limit into the rule a finding cites (frozen).
 *
 * @example
 * citeRule({ id: "s3-openai", citation: { section: "3", quote: "OpenAI — chat, image generation, transcription" } })
 * //=> { ruleId: "s3-openai", citation: { section: "3", quote: "OpenAI — chat, image generation, transcription" } }
 */
export function citeRule(rule: { id: string; citation: Statement["citation"]; interpretation?: string | undefined }): CitedRule {
  return Object.freeze(
    rule.interpretation === undefined
      ? { ruleId: rule.id, citation: rule.citation }
      : { ruleId: rule.id, citation: rule.citation, interpretation: rule.interpretation },
  );
}

/**
 * Compiles a policy that `validatePolicy` already accepted, with its vocabulary: numbers every
 * term, precomputes the "is below" relation of each kind as a table, turns each statement into
 * lookup tables and indexes statements by action and recipient. {@link compilePolicy} validates
 * first.
 *
 * @example
 * const v = validatePolicy(pomeg);
 * if (v.ok) compileValidated(v.policy, v.vocabulary).statements.length //=> the number of statements
 */
export function compileValidated(policy: Policy, vocabulary: Vocabulary): CompiledPolicy {
  const kinds: TermKind[] = ["data", "purpose", "recipient", "action", "condition", "safeguard", "store", "event", "right", "channel", "location"];
  const tables = Object.fromEntries(kinds.map((kind) => [kind, buildTable(vocabulary, kind)])) as { [K in TermKind]: TermTable };
  const number = (kind: TermKind, id: string): number => tables[kind].index.get(id) ?? -1;

  const limit = policy.purposeLimit;
  const statements: CompiledStatement[] = policy.statements.map((statement, position) => {
    const cited = citeRule(statement);
    const permission = statement.modality === "may" || statement.modality === "only-if";
    const purposesFrom = statement.purposes.length > 0 ? "statement" : permission && limit !== undefined ? "purpose-limit" : "any";
    return {
      statement,
      id: statement.id,
      modality: statement.modality,
      position,
      cited,
      citedAlone: Object.freeze([cited]),
      action: compileDimension(tables.action, statement.actions),
      data: compileDimension(tables.data, statement.data),
      recipient: compileDimension(tables.recipient, statement.recipients),
      purpose: compileDimension(tables.purpose, purposesFrom === "purpose-limit" ? (limit as NonNullable<typeof limit>).purposes : statement.purposes),
      purposesFrom,
      conditions: statement.conditions.map((c) => number("condition", c)),
      safeguards: statement.safeguards.map((s) => number("safeguard", s)),
      locations: statement.locations.map((l) => number("location", l)),
    };
  });

  const recipients = tables.recipient.size;
  const slots: (SlotStatements | undefined)[] = new Array(tables.action.size * recipients);
  const slot = (index: number): SlotStatements => {
    let found = slots[index];
    if (found === undefined) {
      const a = Math.floor(index / recipients);
      const r = index % recipients;
      const covering = statements.filter((s) => s.action.covers[a] === 1 && s.recipient.covers[r] === 1);
      const related = statements.filter((s) => s.action.covers[a] === 1 && s.recipient.related[r] === 1);
      const only = (list: CompiledStatement[], keep: (s: CompiledStatement) => boolean) => {
        const kept = list.filter(keep);
        return kept.length > 0 ? kept : EMPTY;
      };
      slots[index] = found = {
        permits: only(covering, (s) => s.modality === "may" || s.modality === "only-if"),
        requirements: only(covering, (s) => s.modality === "must" || s.modality === "only-if"),
        prohibitions: only(related, (s) => s.modality === "must-not" || s.modality === "only-for"),
      };
    }
    return found;
  };

  return {
    policy,
    vocabulary,
    label: `the ${policy.operator.name} policy`,
    tables,
    statements,
    slot,
    storageLocations: policy.storageLocations.map((l) => number("location", l)),
    ageLimits: policy.ageLimits.map((limit) => ({ limit, region: limit.region === undefined ? -1 : number("location", limit.region), cited: citeRule(limit) })),
    shapes: new ShapeCache(),
  };
}
