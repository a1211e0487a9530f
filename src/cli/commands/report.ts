import { basename, resolve } from "node:path";
import { isInstant } from "../../model/time.js";
import { readTextFile } from "../../node.js";
import { sha256Hex } from "../../policy/source.js";
import { renderReportHtml } from "../../report/html.js";
import { layoutDataMap } from "../../report/layout.js";
import { buildManifestReport } from "../../report/model.js";
import { parseCommandArgs, usageErrors, UsageError } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import { writeOutput } from "../output.js";
import { resolveToday } from "./lint.js";
import { loadManifests, printInputErrors } from "./manifests.js";

const USAGE = `Usage: pledge report [paths...] [options]

Writes one self-contained HTML page (inline CSS and SVG, no script, no network) for the people
who sign off on privacy. For each manifest:
  - summary: the policy (title, version date, source fingerprint), flows by verdict, findings
    by code, waivers with their reasons and expiry;
  - data map: data categories, flows (action and purposes) and recipients, laid out by dagre
    (layered graph layout); each edge coloured by verdict, labelled with the deciding clause and
    linked to its finding and the clause's quote; first party, processors and third parties
    drawn differently. Above 120 flows, edges are aggregated by data category and recipient;
  - deletion timelines: per plan, each store's deadline and the plan's steps from the trigger,
    late and missing steps with their clause, data kept on a legal ground;
  - rights: promised, supported, channels, response deadline;
  - policy coverage (with --source): the text's sections, the rules citing each sentence, and
    the sentences no rule cites.

Paths are taken as pledge lint takes them (files or folders). Default: the current folder.

Options:
  -o, --output <file>      Write the page to a file (default: standard output)
      --at <instant>       Count deletion timelines from this instant and show dates, such as
                           2026-11-23T10:00:00Z (a plan's own triggeredAt wins)
      --source <file>      A policy's source text, for the coverage section (repeatable); it is
                           matched to the policy by its SHA-256 or its file name
      --title <text>       The page title (default: "Privacy report")
      --now <date>         Today's date for waiver expiry, as in pledge lint
  -h, --help               Show this help

Exit codes: 0 the report was written (whatever it found; pledge lint gates CI); 2 usage errors
or unreadable input.

Example:
  pledge report examples/pomeg --output report.html --source ../shared/seeds/000_cfbfeb3ad6dbc0b4.txt`;

async function run(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: "string", short: "o" },
    at: { type: "string" },
    source: { type: "string", multiple: true },
    title: { type: "string" },
    now: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.at !== undefined && !isInstant(values.at)) throw new UsageError(`--at must be an instant with an offset, such as 2026-11-23T10:00:00Z, not "${values.at}"`);
  const sources: { file: string; text: string; sha256: string }[] = [];
  for (const file of values.source ?? []) {
    const read = readTextFile(resolve(io.cwd, file));
    if (!read.ok) throw new UsageError(`--source ${file} ${read.message}`);
    sources.push({ file, text: read.text, sha256: sha256Hex(read.text) });
  }
  const loaded = loadManifests(positionals.length > 0 ? positionals : ["."], io, resolveToday(values.now, io.env));
  if (loaded.inputErrors.length > 0) {
    printInputErrors("report", loaded.inputErrors, io);
    return 2;
  }
  const used = new Set<string>();
  const parts = [];
  for (const [i, m] of loaded.manifests.entries()) {
    const source = sources.find((s) => s.sha256 === m.policy.source.sha256) ?? sources.find((s) => basename(s.file) === basename(m.policy.source.file));
    if (source) used.add(source.file);
    const doc = m.lint.documents[m.document];
    const place = (path: readonly (string | number)[]) => m.lint.locate(m.document, path);
    const findings = [
      ...(doc?.findings ?? []).map((f) => ({ ...f, ...place(f.path) })),
      ...(doc?.suppressed ?? []).map((f) => ({ ...f, ...place(f.path), waivedBecause: f.suppression.justification })),
    ];
    const report = buildManifestReport({
      name: m.name,
      prefix: `m${i + 1}`,
      manifest: m.manifest,
      policy: m.policy,
      vocabulary: m.vocabulary,
      findings,
      ...(values.at !== undefined ? { at: values.at } : {}),
      ...(source ? { sourceText: source.text } : {}),
    });
    parts.push({ report, layout: layoutDataMap(report.nodes, report.flows) });
  }
  for (const s of sources) if (!used.has(s.file)) io.stderr(`pledge report: --source ${s.file} is the source text of no policy in the report (neither its SHA-256 nor its name matches); ignored\n`);
  const html = renderReportHtml(parts, { title: values.title ?? "Privacy report", ...(values.at !== undefined ? { at: values.at } : {}) });
  return writeOutput("report", html, values.output, io);
}

/** `pledge report [paths…]`: the HTML report a DPO reads. */
export const reportCommand: Command = {
  usage: USAGE,
  run: usageErrors("report", run),
};
