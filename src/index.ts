/**
 * pledge: privacy policies as typed, declarative rules, and the checks that hold software to them.
 *
 * This entry is the pure core: it imports nothing from Node and runs in a browser or an edge
 * runtime. Reading files lives in `pledge/node`; the command line in the `pledge` bin.
 *
 * @packageDocumentation
 */
export * from "./model/terms.js";
export * from "./model/citation.js";
export * from "./model/duration.js";
export * from "./model/time.js";
export * from "./model/policy.js";
export * from "./model/manifest.js";
export * from "./findings.js";
export { compareText, sortFindings } from "./order.js";
export { buildVocabulary, type Vocabulary, type VocabularyIssue } from "./vocabulary/vocabulary.js";
export { unknownTerm } from "./vocabulary/unknown-term.js";
export { baseVocabulary } from "./generated/base-vocabulary.js";
export { validatePolicy, policyTerms, type PolicyValidation } from "./policy/validate.js";
export type { BundledPolicy, FlowOf } from "./policy/bundled.js";
export { parseManifest, lintManifest, type ManifestParse } from "./manifest/validate.js";
export { checkManifestTerms } from "./manifest/terms.js";
export { parseSource, type ParsedDocument, type ParseError, type ParseResult, type SourceRegion } from "./source/parse.js";
export * from "./generated/index.js";
export * from "./deadlines/index.js";
export * from "./engine/index.js";
export * from "./policy/source.js";
export { renderPolicy, RENDER_FORMATS, type RenderFormat } from "./policy/render.js";
export { resolveBundledPolicy, BUNDLED_POLICY_IDS } from "./policy/registry.js";
export type { ManifestLint, PolicyResolver } from "./lint.js";
