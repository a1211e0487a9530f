/**
 * pledge/node: reading manifests and policy files from disk, with findings located at a file,
 * line and column. The pure checks live in the `pledge` entry.
 *
 * @packageDocumentation
 */
import {
  lintManifestFile,
  loadPolicyFileWith,
  policyResolverWith,
  readManifestFile,
  type FileLint,
  type FileLintOptions,
  type PolicyResolverOptions,
} from "./files.js";
import type { PolicyResolver } from "./lint.js";
import type { PolicyValidation } from "./policy/validate.js";
import { SCHEMAS } from "./schema-judge.js";

export {
  MAX_FILE_BYTES,
  MANIFEST_PATTERN,
  readTextFile,
  readTextStream,
  decodeText,
  formatOf,
  inputRefused,
  sortLocated,
  findManifests,
  type LocatedFinding,
  type TextRead,
  type PolicyResolverOptions,
  type FileLint,
  type FileLintOptions,
  type RefusedPath,
  type ManifestSearch,
} from "./files.js";
export { lintManifest } from "./manifest/validate.js";
export { MANIFEST_CHECKS, INPUT_CODES, applyWaivers, lintParsedManifest, type ManifestCheck, type ManifestLint, type LintContext, type LintOptions, type PolicyResolver, type Suppression, type SuppressedFinding } from "./lint.js";

/**
 * Reads and lints one manifest file (every document of a multi-document YAML stream).
 * Unreadable, empty, binary and unparseable files give findings too, never exceptions.
 *
 * @example
 * lintFile("examples/pocketo/app.flows.yaml", { today: "2026-11-23" }).findings.length //=> 0
 */
export function lintFile(path: string, options: FileLintOptions = {}): FileLint {
  const read = readManifestFile(path, options);
  return "manifests" in read ? lintManifestFile(read, options, SCHEMAS) : read;
}

/**
 * Loads and validates a policy file (YAML or JSON) written by a user. Results are cached by
 * absolute path for the life of the process.
 *
 * @example
 * loadPolicyFile("policies/acme.policy.yaml").ok //=> true
 */
export function loadPolicyFile(file: string): PolicyValidation | { ok: false; message: string } {
  return loadPolicyFileWith(file, SCHEMAS.validatePolicy);
}

/**
 * A resolver for manifests in `directory`: a bundled policy id, or a path to a policy file
 * (anything with a slash or a `.yaml`/`.yml`/`.json` ending) relative to the manifest. With
 * `confine`, a path outside those folders is refused before anything is read.
 *
 * @example
 * const resolvePolicy = policyResolverFor("examples/pomeg", { confine: ["."] });
 * resolvePolicy("pomeg").ok //=> true
 * resolvePolicy("/etc/passwd") //=> { ok: false, message: "the policy file /etc/passwd is outside the folders policy files may come from (.); …" }
 */
export function policyResolverFor(directory: string, options: PolicyResolverOptions = {}): PolicyResolver {
  return policyResolverWith(directory, options, SCHEMAS.validatePolicy);
}
