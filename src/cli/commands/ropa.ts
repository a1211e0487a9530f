import { recordOfProcessing, ropaCsv, ropaMarkdown } from "../../report/ropa.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { writeOutput } from "../output.js";
import { resolveToday } from "./lint.js";
import { loadManifests, printInputErrors } from "./manifests.js";

const FORMATS = ["markdown", "csv", "json"] as const;

const USAGE = `Usage: pledge ropa [paths...] [options]

Derives the record of processing activities (GDPR Art. 30(1)) from data-flow manifests and
the policies they name: the controller (the policy's operator), then one activity per purpose
with its data subjects, personal data, recipients (processors and third parties marked),
locations, erasure time limits (the policy's rules and the manifest's deletion plans) and
security measures (the flows' safeguards). A field neither gives says "not declared".
Data subjects come from the manifest's optional dataSubjects list, named by each flow's subjects.

Paths are taken as pledge lint takes them (files or folders). Default: the current folder.

Options:
  -f, --format <name>        markdown (default), csv or json
  -o, --output-file <file>   Write the record to a file instead of standard output
      --now <date>           Today's date for waiver expiry, as in pledge lint
  -h, --help                 Show this help

Exit codes: 0 the record was written; 2 usage errors or unreadable input (the same input
errors as pledge lint).`;

function run(args: readonly string[], io: CommandIO): number {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: "string", short: "f" },
    "output-file": { type: "string", short: "o" },
    now: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const format = values.format ?? "markdown";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
  const loaded = loadManifests(positionals.length > 0 ? positionals : ["."], io, resolveToday(values.now, io.env));
  if (loaded.inputErrors.length > 0) {
    printInputErrors("ropa", loaded.inputErrors, io);
    return 2;
  }
  const records = loaded.manifests.map((m) => recordOfProcessing({ manifest: m.manifest, policy: m.policy, vocabulary: m.vocabulary, file: m.name }));
  const text = format === "csv" ? ropaCsv(records) : format === "json" ? `${JSON.stringify(records, null, 2)}\n` : ropaMarkdown(records);
  return writeOutput("ropa", text, values["output-file"], io);
}

/** `pledge ropa [paths…]`: the GDPR Art. 30(1) record of processing activities. */
export const ropaCommand: Command = {
  usage: USAGE,
  run: usageErrors("ropa", run),
};
