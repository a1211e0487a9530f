import { join } from "node:path";
import { lintFile } from "../../src/node.js";
import { renderReportHtml } from "../../src/report/html.js";
import { layoutDataMap } from "../../src/report/layout.js";
import { buildManifestReport, type ManifestReport } from "../../src/report/model.js";
import { ROOT } from "../cli/helpers.js";

export const TODAY = "2026-11-23";
export const POLICIES = ["pomeg", "pocketo", "polus"] as const;
export const EXAMPLE_FILES = POLICIES.flatMap((p) => [`examples/${p}/app.flows.yaml`, `examples/${p}/violations.flows.yaml`]);

/** The report of example manifests, built as `pledge report` builds it. */
export async function exampleReport(files: readonly string[], options: { at?: string; sourceText?: string } = {}): Promise<{ html: string; reports: ManifestReport[] }> {
  const parts = [];
  for (const [i, file] of files.entries()) {
    const lint = lintFile(join(ROOT, file), { today: TODAY, name: file });
    const doc = lint.documents[0]!;
    const place = (path: readonly (string | number)[]) => lint.locate(0, path);
    const report = buildManifestReport({
      name: file,
      prefix: `m${i + 1}`,
      manifest: doc.manifest!,
      policy: doc.policy!,
      vocabulary: doc.vocabulary!,
      findings: [...doc.findings.map((f) => ({ ...f, ...place(f.path) })), ...doc.suppressed.map((f) => ({ ...f, ...place(f.path), waivedBecause: f.suppression.justification }))],
      ...(options.at !== undefined ? { at: options.at } : {}),
      ...(options.sourceText !== undefined ? { sourceText: options.sourceText } : {}),
    });
    parts.push({ report, layout: layoutDataMap(report.nodes, report.flows) });
  }
  return { html: renderReportHtml(parts, { title: "Privacy report", ...(options.at !== undefined ? { at: options.at } : {}) }), reports: parts.map((p) => p.report) };
}
