/** docs/deadlines.md shows real output: its examples are run here. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deadlineCommand } from "../../src/cli/commands/deadline.js";
import type { CommandIO } from "../../src/cli/command.js";
import { checkObligations } from "../../src/deadlines/index.js";
import { pomeg } from "../../src/generated/index.js";
import { ManifestSchema } from "../../src/model/manifest.js";

const doc = readFileSync(new URL("../../docs/deadlines.md", import.meta.url), "utf8");
const blocks = (lang: string) => [...doc.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");

describe("docs/deadlines.md", () => {
  it("shows the schedule pledge deadline prints", async () => {
    const block = blocks("console")[0]!;
    const command = /^\$ pledge (.*)$/m.exec(block)![1]!.split(" ");
    let stdout = "";
    const io: CommandIO = { stdout: (t) => void (stdout += t), stderr: () => {}, readStdin: () => ({ ok: true, text: "" }), cwd: process.cwd(), isTTY: false, stderrIsTTY: false, env: {} };
    expect(await deadlineCommand.run(command.slice(1), io)).toBe(0);
    const shown = block.split("\n").filter((l) => /^ {2}(deadline|\d{4}-)/.test(l));
    expect(shown.length).toBeGreaterThan(1);
    expect(stdout.split("\n").filter((l) => /^ {2}(deadline|\d{4}-)/.test(l))).toEqual(shown);
  });

  it("shows the findings checkObligations gives for the example manifest", () => {
    const manifest = ManifestSchema.parse(parse(blocks("yaml")[0]!));
    const shown = [...blocks("text")[0]!.matchAll(/^(error|warning) +([a-z-]+) +(\[.*\])$/gm)].map((m) => [m[1], m[2], JSON.parse(m[3]!)]);
    expect(shown.length).toBeGreaterThan(0);
    expect(checkObligations(pomeg, manifest).findings.map((f) => [f.severity, f.code, f.path])).toEqual(shown);
  });
});
