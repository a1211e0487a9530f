/**
 * The flow engine: compiles a policy once, then decides flows (PoliCheck's verdicts extended
 * with purposes), explains its reasoning, guards application code and finds contradictions
 * inside a policy (PolicyLint's classes). Pure: no `node:` imports.
 *
 * @packageDocumentation
 */
export { compilePolicy } from "./compile-policy.js";
export { compileValidated, type CompiledPolicy, type CompiledStatement, type CompiledDimension, type CompiledAgeLimit, type SlotStatements, type TermTable } from "./compile.js";
export { checkFlow, checkFlows, type CheckableFlow } from "./check.js";
export { explainFlow, type FlowExplanation, type CategoryExplanation, type StatementConsideration, type StatementOutcome, type TermExpansion, type TermRelation, type Relation } from "./explain.js";
export { createGuard, type Guard, type GuardFlow } from "./guard.js";
export { analyzePolicy, unboundedPermissions, type ContradictionClass, type PolicyContradiction, type UnboundedPermission } from "./analyze.js";
export { PolicyViolationError, PolicyInvalidError } from "./errors.js";
export { VERDICT_ORDER, verdictRank, isViolation, type FlowResult } from "./result.js";
