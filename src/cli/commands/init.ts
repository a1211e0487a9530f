import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { checkFlow, type CheckableFlow } from "../../engine/check.js";
import { compileValidated } from "../../engine/compile.js";
import type { Policy, Statement } from "../../model/policy.js";
import { BUNDLED_POLICY_IDS, resolveBundledPolicy } from "../../policy/registry.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { makeParentFolders, writeError } from "../output.js";
import { PACKAGE_NAME, VERSION } from "../version.js";

const USAGE = `Usage: pledge init [policy] [options]

Print a commented starter manifest for a bundled policy (default: the first of
${BUNDLED_POLICY_IDS.join(", ")}). Its first line points editors at the policy's own JSON
schema, so terms autocomplete. The manifest lints clean as printed: fill in your flows.

Options:
  -o, --output <file>  Write the manifest to a file (refuses to overwrite one; creates
                       missing folders)
      --schema <uri>   The schema reference for the yaml-language-server line (default:
                       the installed package's schemas/<policy>.manifest.schema.json,
                       relative to the manifest's folder; else its URL on unpkg)
  -h, --help           Show this help

Example:
  pledge init pomeg --output pledge.flows.yaml && pledge lint pledge.flows.yaml`;

const comment = (text: string): string => text.split("\n").map((line) => (line ? `# ${line}` : "#")).join("\n");

/** The example flow of a starter manifest: one permission's first action, data and recipient, for one purpose. */
interface ExampleFlow {
  readonly may: Statement;
  readonly flow: CheckableFlow & { readonly conditions: readonly string[]; readonly safeguards: readonly string[] };
}

/**
 * The starter manifest's example flow: a permission's (`may`) first action, data and recipient,
 * for a purpose; the first pair, in policy order, that `allows` finds clean. Each
 * permission's first purpose is tried first (`service-provision` when it names none); then, for
 * a permission that names no purpose, each purpose of the policy's closed list of uses
 * (`purposeLimit`), which it stands for (Pocketo's account data serves authentication, not the
 * service at large: its password is only for authentication). Without `allows`, or when no
 * candidate is clean, the first permission with its first purpose.
 *
 * @example
 * exampleFlow(pocketo, (flow) => checkFlow(compiled, flow).findings.length === 0)?.flow.purposes //=> ["authentication"]
 */
export function exampleFlow(policy: Policy, allows?: (flow: CheckableFlow) => boolean): ExampleFlow | undefined {
  const mays = policy.statements.filter((s) => s.modality === "may");
  const candidates = mays.flatMap((may) => {
    const purposes = [...new Set([may.purposes[0] ?? "service-provision", ...(may.purposes.length > 0 ? may.purposes : (policy.purposeLimit?.purposes ?? []))])];
    return purposes.map((purpose) => ({
      may,
      flow: { id: "example-flow", action: may.actions[0] ?? "collect", data: [may.data[0] ?? "personal-data"], recipient: may.recipients[0] ?? "first-party", purposes: [purpose], conditions: may.conditions, safeguards: may.safeguards },
    }));
  });
  return (allows === undefined ? undefined : candidates.find((c) => allows(c.flow))) ?? candidates[0];
}

/**
 * A starter manifest for a policy: the schema line, the policy, an empty flow list with a
 * commented example drawn from the policy's first permission (for a purpose `allows` finds
 * clean, see {@link exampleFlow}), an empty deletion list with a commented plan drawn from its
 * first retention rule, the rights it promises (with their channels), and an empty waiver list
 * with a commented example.
 *
 * @example
 * starterManifest(pomeg, "node_modules/privacy-pledge/schemas/pomeg.manifest.schema.json").split("\n")[0]
 * //=> "# yaml-language-server: $schema=node_modules/privacy-pledge/schemas/pomeg.manifest.schema.json"
 */
export function starterManifest(policy: Policy, schema: string, allows?: (flow: CheckableFlow) => boolean): string {
  const example = exampleFlow(policy, allows);
  const rule = policy.retention[0];
  const lines: string[] = [
    `# yaml-language-server: $schema=${schema}`,
    comment(`A pledge manifest: what this application does with personal data, checked against
"${policy.title}" (${policy.operator.name}${policy.lastUpdated ? `, last updated ${policy.lastUpdated}` : ""}).
Check it with: npx pledge lint
Explain one flow with: npx pledge explain <this file> <flow id>`),
    `policy: ${policy.id}`,
    "",
    comment("Data flows: what the application does (action) with which data, for whom (recipient)\nand why (purposes), under which conditions and with which safeguards."),
    "flows: []",
  ];
  if (example) {
    const { may, flow } = example;
    lines.push(
      comment(`  - id: ${flow.id}
    description: ${JSON.stringify(may.citation.quote.replace(/\s+/g, " ").slice(0, 80))}
    action: ${flow.action}
    data: [${flow.data.join(", ")}]
    recipient: ${flow.recipient}
    purposes: [${flow.purposes.join(", ")}]${flow.conditions.length > 0 ? `\n    conditions: [${flow.conditions.join(", ")}]` : ""}${flow.safeguards.length > 0 ? `\n    safeguards: [${flow.safeguards.join(", ")}]` : ""}
    source: src/example.ts:1`),
    );
  }
  lines.push("", comment("Deletion plans: what is deleted, from which store, how long after an event."), "deletion: []");
  if (rule) {
    lines.push(
      comment(`  - id: ${rule.trigger}
    trigger: ${rule.trigger}
    steps:
      - { data: [${rule.data.join(", ")}], store: ${rule.stores[0]}, after: ${rule.maxDelay} }`),
    );
  }
  lines.push("", comment("Rights the application supports, and through which channels: those the policy promises."));
  if (policy.rights.length === 0) lines.push("rights: []");
  else {
    lines.push("rights:");
    const byRight = new Map<string, Set<string>>();
    for (const right of policy.rights) {
      const channels = byRight.get(right.right) ?? new Set<string>();
      for (const c of right.channels.length > 0 ? right.channels : ["email"]) channels.add(c);
      byRight.set(right.right, channels);
    }
    for (const [right, channels] of byRight) lines.push(`  - right: ${right}`, `    channels: [${[...channels].join(", ")}]`);
  }
  lines.push(
    "",
    comment("Waivers: accept a finding for a while, with a reason (rule: a finding code or policy rule id)."),
    "waivers: []",
    comment(`  - rule: flow-vague
    flow: example-flow
    reason: Legal reviewed the wording on 2026-01-15; the policy update ships next quarter.
    expires: 2026-12-31`),
    "",
  );
  return lines.join("\n");
}

/** Whether `dir` is this package's own checkout (its package.json names it). */
function isOwnPackage(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The `$schema` reference for a manifest in `folder`, as yaml-language-server resolves it
 * (relative to the manifest's own folder): the path to the package's schema in the nearest
 * `node_modules/privacy-pledge` at or above the folder (where Node would find the package, hoisted
 * or not), or in this package's own checkout; without either, the schema's URL on unpkg.
 *
 * @example
 * schemaReference("/app/privacy", "pomeg") //=> "../node_modules/privacy-pledge/schemas/pomeg.manifest.schema.json"
 * schemaReference("/tmp/scratch", "pomeg") //=> "https://unpkg.com/privacy-pledge@0.1.0/schemas/pomeg.manifest.schema.json"
 */
export function schemaReference(folder: string, policyId: string): string {
  const file = `schemas/${policyId}.manifest.schema.json`;
  for (let dir = folder; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, "node_modules", PACKAGE_NAME, file), ...(isOwnPackage(dir) ? [join(dir, file)] : [])]) {
      if (existsSync(candidate)) return relative(folder, candidate).split(sep).join("/");
    }
    if (dirname(dir) === dir) return `https://unpkg.com/${PACKAGE_NAME}@${VERSION}/${file}`;
  }
}

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, { output: { type: "string", short: "o" }, schema: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const id = positionals[0] ?? BUNDLED_POLICY_IDS[0] ?? "";
  const resolved = resolveBundledPolicy(id);
  if (!resolved.ok) throw new UsageError("message" in resolved ? resolved.message : `the bundled policy "${id}" is invalid`);
  const target = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  const compiled = compileValidated(resolved.policy, resolved.vocabulary);
  const allows = (flow: CheckableFlow): boolean => checkFlow(compiled, flow).findings.length === 0;
  const text = starterManifest(resolved.policy, values.schema ?? schemaReference(target === undefined ? io.cwd : dirname(target), id), allows);
  if (target === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    makeParentFolders(target);
    writeFileSync(target, text, { flag: "wx" });
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    const exists = code === "EEXIST" && path === target; // not a folder on the way
    io.stderr(`pledge init: ${exists ? `${values.output} exists; refusing to overwrite it` : `cannot write ${values.output}: ${writeError(error)}`}\n`);
    return 2;
  }
  io.stderr(`pledge init: wrote ${values.output}\n`);
  return 0;
}

/** `pledge init [policy]`: a starter manifest. */
export const initCommand: Command = {
  usage: USAGE,
  run: usageErrors("init", run),
};
