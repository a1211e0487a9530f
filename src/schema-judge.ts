/**
 * zod's judgement of what the fast path does not read: a manifest that is not plainly
 * well-formed (its findings worded from the schema's issues), and a policy file. `pledge/node`
 * uses it always; `pledge lint` loads this module only when a file needs it, so that checking
 * well-formed manifests against the bundled policies loads no schema library.
 */
import type { SchemaJudge } from "./files.js";
import { judgeManifest } from "./manifest/validate.js";
import { validatePolicy } from "./policy/validate.js";

/**
 * The schemas of the model, as the judge of manifests the fast path declined and of policy files.
 *
 * @example
 * SCHEMAS.parseManifest({ policy: "pomeg", flow: [] }).ok //=> false (unknown key "flow")
 */
export const SCHEMAS: SchemaJudge = { parseManifest: judgeManifest, validatePolicy };
