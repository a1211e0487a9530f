/**
 * The decision record of one flow: everything the engine decided, as data (statements, term ids,
 * document paths) and no prose. `FlowResult`, `explainFlow` and every other view are derived from
 * it; `report.ts` words it.
 */
import type { DocumentPath, Verdict } from "../findings.js";
import type { TermKind } from "../model/terms.js";
import type { CompiledAgeLimit, CompiledStatement } from "./compile.js";
import type { FlowTerms } from "./flow-terms.js";

/** A restriction that carves a permission out (rule R2 of `decide.ts`). */
export interface CarveOut {
  readonly permission: CompiledStatement;
  readonly by: readonly CompiledStatement[];
}

/** What the engine decided for one data category of a flow. */
export interface CategoryDecision {
  readonly index: number;
  readonly data: string;
  readonly verdict: Verdict;
  /** Covering permissions (`may`, `only-if`). */
  readonly covering: readonly CompiledStatement[];
  /** The restrictions (`must-not`, `only-for`) that hit the category. */
  readonly hits: readonly CompiledStatement[];
  /** Covering permissions that no hitting restriction carves out. */
  readonly uncarved: readonly CompiledStatement[];
  /** Covering permissions that a hitting restriction carves out, with the restrictions. */
  readonly carved: readonly CarveOut[];
  /** The statements that decided the verdict. */
  readonly deciding: readonly CompiledStatement[];
  /** The permission whose unmet conditions and safeguards are reported (undefined when one is met). */
  readonly unmetPermission: CompiledStatement | undefined;
}

/** A term of the flow the policy's vocabulary does not define (rule R10). */
export interface UnknownTerm {
  readonly kind: TermKind;
  readonly term: string;
  readonly path: DocumentPath;
}

/** A required condition or safeguard the flow does not declare, with every statement requiring it (rule R7). */
export interface UnmetRequirement {
  readonly kind: "condition" | "safeguard";
  readonly term: string;
  readonly statements: readonly CompiledStatement[];
}

/** A location the policy does not allow (a binding requirement) or does not disclose (rule R8). */
export type LocationMiss =
  | { readonly binding: true; readonly statement: CompiledStatement }
  | {
      readonly binding: false;
      /** The allowing statements that name locations. */
      readonly statements: readonly CompiledStatement[];
      /** Their locations, sorted. */
      readonly allowed: readonly string[];
    };

/** An age limit the flow's audience breaks (rule R9). */
export interface AgeMiss {
  readonly limit: CompiledAgeLimit;
}

/** Everything a check decided for one flow. */
export interface Decision {
  readonly terms: FlowTerms;
  /** The worst category's verdict (rule R6). */
  readonly verdict: Verdict;
  readonly categories: readonly CategoryDecision[];
  /** Lists the flow leaves empty (code may build such a flow; a manifest's schema refuses it). */
  readonly empty: readonly ("data" | "purposes")[];
  readonly unknown: readonly UnknownTerm[];
  readonly unmet: readonly UnmetRequirement[];
  readonly locations: readonly LocationMiss[];
  readonly ages: readonly AgeMiss[];
}

/**
 * Whether a decision gives an error finding: a verdict of omitted, ambiguous or incorrect, an
 * empty list, an unknown term, an unmet requirement, a location a requirement does not allow or a
 * broken age limit (a vague verdict and an undisclosed location are warnings).
 *
 * @example
 * isViolating(decide(compiled, flowToMistral)) //=> true (omitted)
 */
export function isViolating(decision: Decision): boolean {
  return (
    decision.verdict === "omitted" ||
    decision.verdict === "ambiguous" ||
    decision.verdict === "incorrect" ||
    decision.empty.length > 0 ||
    decision.unknown.length > 0 ||
    decision.unmet.length > 0 ||
    decision.ages.length > 0 ||
    decision.locations.some((l) => l.binding)
  );
}

/**
 * Whether a decision gives no finding at all: clear, every requirement kept, nothing unknown,
 * nothing about its location or audience.
 *
 * @example
 * isPlain(decide(compiled, signup)) //=> true
 */
export function isPlain(decision: Decision): boolean {
  return decision.verdict === "clear" && decision.empty.length === 0 && decision.unknown.length === 0 && decision.unmet.length === 0 && decision.locations.length === 0 && decision.ages.length === 0;
}
