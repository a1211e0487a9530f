import { dump } from "js-yaml";
import { toDpv, toFides, type ExportGap } from "../../report/export.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { writeOutput } from "../output.js";
import { resolveToday } from "./lint.js";
import { loadManifests, printInputErrors } from "./manifests.js";

const FORMATS = ["fides", "dpv"] as const;

const USAGE = `Usage: pledge export --format fides|dpv [paths...] [options]

Writes data-flow manifests in the field's own languages, through the vocabulary's Fideslang
and DPV mappings (a term without its own mapping takes its nearest mapped ancestor's):
  fides  Fides "system" YAML: one privacy declaration per purpose (data use, data categories,
         data subjects, recipients, retention), and one system per recipient, so that Fides
         (fides push) can load the manifest.
  dpv    W3C Data Privacy Vocabulary JSON-LD: the controller, each recipient typed by its role
         (dpv:DataProcessor apart from dpv:ThirdParty), one dpv:PersonalDataHandling per flow.

Paths are taken as pledge lint takes them (files or folders). Default: the current folder.
What the target cannot say (a term with no mapping) is listed on standard error.

Options:
  -f, --format <name>        fides or dpv (required)
  -o, --output-file <file>   Write to a file instead of standard output
      --now <date>           Today's date for waiver expiry, as in pledge lint
  -h, --help                 Show this help

Exit codes: 0 written; 2 usage errors or unreadable input.`;

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", short: "f" },
    "output-file": { type: "string", short: "o" },
    now: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const format = values.format;
  if (format === undefined) throw new UsageError(`missing --format: one of ${FORMATS.join(", ")}`);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
  const loaded = loadManifests(positionals.length > 0 ? positionals : ["."], io, resolveToday(values.now, io.env));
  if (loaded.inputErrors.length > 0) {
    printInputErrors("export", loaded.inputErrors, io);
    return 2;
  }
  const inputs = loaded.manifests.map((m) => ({ manifest: m.manifest, policy: m.policy, vocabulary: m.vocabulary, name: m.name }));
  const gaps: ExportGap[] = [];
  let text: string;
  if (format === "fides") {
    const exports = inputs.map(toFides);
    gaps.push(...exports.flatMap((e) => e.gaps));
    text = dump({ system: exports.flatMap((e) => e.system) }, { lineWidth: -1, noRefs: true, sortKeys: false });
  } else {
    const graphs = inputs.map(toDpv);
    text = `${JSON.stringify(graphs.length === 1 ? graphs[0] : { "@context": graphs[0]?.["@context"] ?? {}, "@graph": graphs.flatMap((g) => g["@graph"]) }, null, 2)}\n`;
  }
  for (const gap of gaps) io.stderr(`pledge export: ${gap.subject}: ${gap.message}; left out\n`);
  return writeOutput("export", text, values["output-file"], io);
}

/** `pledge export --format fides|dpv [paths…]`: manifests as Fides systems or DPV JSON-LD. */
export const exportCommand: Command = {
  usage: USAGE,
  run: usageErrors("export", run),
};
