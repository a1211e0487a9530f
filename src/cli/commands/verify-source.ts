import { resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import type { Command, CommandIO } from "../command.js";
import type { Policy } from "../../model/policy.js";
import { sourceCoverage, verifySource } from "../../policy/source.js";
import { policyResolverFor, readTextFile } from "../../node.js";

const USAGE = `Usage: pledge verify-source <policy> <text-file> [options]

Checks an encoded policy against the text it was encoded from:
  - the text's SHA-256 against the policy's source.sha256 (changed or not);
  - every quote of every statement, retention rule, right, age limit and note is still in the
    text (whitespace-normalised);
  - how many of the text's sentences the quotes cite.

<policy> is a bundled policy id (pomeg, pocketo, polus) or a path to a policy file.

Options:
  --min-coverage <ratio>  Also fail when less than this share of sentences is cited (0..1)
  --format <text|json>    Output format (default: text)
  -h, --help              Show this help

Exit codes: 0 every quote found (the fingerprint may have changed: the output says so),
1 quotes lost or coverage below --min-coverage, 2 usage error or a file that cannot be read.`;

/**
 * Resolves a `<policy>` argument (a bundled id, or a path relative to the working folder) to a
 * validated policy, or a message saying why not.
 *
 * @example
 * resolvePolicyArgument("polus", io).ok //=> true
 * resolvePolicyArgument("acme", io)
 * //=> { ok: false, message: 'unknown policy "acme"; the bundled policies are pocketo, polus, pomeg' }
 */
export function resolvePolicyArgument(reference: string, io: CommandIO): { ok: true; policy: Policy } | { ok: false; message: string } {
  const resolved = policyResolverFor(io.cwd)(reference);
  if (resolved.ok) return { ok: true, policy: resolved.policy };
  if ("message" in resolved) return { ok: false, message: resolved.message };
  const first = resolved.findings[0];
  const more = resolved.findings.length > 1 ? ` (and ${resolved.findings.length - 1} more)` : "";
  return { ok: false, message: `policy ${reference} is invalid: ${first?.message ?? "invalid"}${more}` };
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/**
 * `pledge verify-source <policy> <text-file>`: has the published text drifted from the encoding?
 *
 * @example
 * await verifySourceCommand.run(["polus", "../shared/seeds/002_5df26b167d00935f.txt"], io)
 * //=> 0, printing "fingerprint  unchanged …", "quotes       34 of 34 found", …
 */
export const verifySourceCommand: Command = {
  usage: USAGE,
  run(args, io) {
    let parsed;
    try {
      parsed = parseCommandArgs(args, { "min-coverage": { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } });
    } catch (error) {
      io.stderr(`pledge verify-source: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 2) {
      io.stderr(`pledge verify-source: expected a policy and a text file, got ${positionals.length} argument(s)\n\n${USAGE}\n`);
      return 2;
    }
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") {
      io.stderr(`pledge verify-source: --format must be text or json, not "${format}"\n`);
      return 2;
    }
    let minCoverage: number | undefined;
    if (values["min-coverage"] !== undefined) {
      minCoverage = Number(values["min-coverage"]);
      if (!/^\d*\.?\d+$/.test(values["min-coverage"]) || !(minCoverage >= 0 && minCoverage <= 1)) {
        io.stderr(`pledge verify-source: --min-coverage must be a number from 0 to 1, such as 0.85, not "${values["min-coverage"]}"\n`);
        return 2;
      }
    }
    const [reference, textFile] = positionals as [string, string];
    const policy = resolvePolicyArgument(reference, io);
    if (!policy.ok) {
      io.stderr(`pledge verify-source: ${policy.message}\n`);
      return 2;
    }
    const read = readTextFile(resolve(io.cwd, textFile));
    if (!read.ok) {
      io.stderr(
        `pledge verify-source: the source text ${textFile} ${read.message}. ` +
          `The policy ${policy.policy.id} was encoded from ${policy.policy.source.file}${policy.policy.source.url ? ` (${policy.policy.source.url})` : ""}; pass the path of a copy of that text.\n`,
      );
      return 2;
    }
    const result = verifySource(policy.policy, read.text);
    const coverage = sourceCoverage(policy.policy, read.text);
    const coverageLow = minCoverage !== undefined && coverage.ratio < minCoverage;
    const code = !result.ok || coverageLow ? 1 : 0;

    if (format === "json") {
      const json = {
        policy: policy.policy.id,
        text: textFile,
        ok: code === 0,
        fingerprint: result.fingerprint,
        quotes: result.quotes,
        missing: result.missing.map((m) => ({ kind: m.kind, ruleId: m.ruleId, path: m.path, section: m.citation.section, quote: m.citation.quote })),
        coverage: {
          total: coverage.total,
          cited: coverage.cited,
          ratio: coverage.ratio,
          ...(minCoverage !== undefined ? { minimum: minCoverage } : {}),
          uncited: coverage.uncited.map((s) => ({ line: s.line, text: s.text, covered: s.covered })),
        },
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return code;
    }

    const out: string[] = [`policy       ${policy.policy.id} (${policy.policy.title})`, `text         ${textFile}`];
    const fp = result.fingerprint;
    out.push(
      fp.same
        ? `fingerprint  unchanged (sha256 ${fp.actual})`
        : `fingerprint  CHANGED: the policy records sha256 ${fp.expected}, the text is ${fp.actual}`,
    );
    out.push(`quotes       ${result.quotes.found} of ${result.quotes.total} found`);
    out.push(`coverage     ${coverage.cited} of ${coverage.total} sentences cited (${percent(coverage.ratio)})${minCoverage !== undefined ? `, minimum ${percent(minCoverage)}` : ""}`);
    if (result.missing.length > 0) {
      out.push("", `Quotes no longer in the text (${result.missing.length}):`);
      for (const m of result.missing) out.push(`  ${m.path.slice(0, 2).join("[")}]  ${m.ruleId}  (${m.kind}, ${m.citation.section}): "${m.citation.quote.replace(/\s+/g, " ").trim()}"`);
    }
    if (coverage.uncited.length > 0) {
      out.push("", `Sentences no quote cites (${coverage.uncited.length}):`);
      for (const s of coverage.uncited) out.push(`  line ${s.line}: ${s.text}`);
    }
    out.push("");
    if (!result.ok) out.push(`✖ ${result.missing.length} quote(s) lost: the text changed under the rules that cite it; re-encode them.`);
    else if (coverageLow) out.push(`✖ coverage ${percent(coverage.ratio)} is below the minimum ${percent(minCoverage ?? 0)}.`);
    else if (!fp.same) out.push("✔ every quote is still in the text, but the text changed elsewhere: review the change, then update source.sha256.");
    else out.push("✔ the text is the one the policy was encoded from, and every quote is in it.");
    io.stdout(`${out.join("\n")}\n`);
    return code;
  },
};
