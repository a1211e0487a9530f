/**
 * Bad input is normal input: whatever bytes a manifest holds, linting it gives findings with a
 * place in the file, never an exception, and never touches Object.prototype.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintFile, type FileLint } from "../../src/node.js";

const root = join(import.meta.dirname, "../..");
const examples = ["pomeg", "pocketo", "polus"].flatMap((id) => [`examples/${id}/app.flows.yaml`, `examples/${id}/violations.flows.yaml`]);
const texts = examples.map((file) => readFileSync(join(root, file), "utf8"));
const json = JSON.stringify({ policy: "pocketo", flows: [{ id: "a", description: "x", action: "share", data: ["chat-content"], recipient: "openai", purposes: ["ai-chat"] }] }, null, 2);

/** Lints a text as if it were a file in examples/pocketo (so relative policy paths resolve there). */
function lint(text: string, format: "yaml" | "json"): FileLint {
  return lintFile(join(root, `examples/pocketo/fuzz.flows.${format}`), { text, format, today: "2026-11-23", name: "fuzz" });
}

function expectLocated(result: FileLint, text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const f of [...result.findings, ...result.suppressed]) {
    expect(f.file).toBe("fuzz");
    expect(f.line, f.message).toBeGreaterThanOrEqual(1);
    expect(f.line, f.message).toBeLessThanOrEqual(lines + 1);
    expect(f.column, f.message).toBeGreaterThanOrEqual(1);
    expect(typeof f.message).toBe("string");
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** An edit of a text: delete, insert or replace a short run at some place. */
const edit = (length: number) =>
  fc.record({
    at: fc.nat({ max: Math.max(0, length) }),
    remove: fc.nat({ max: 12 }),
    insert: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("\n", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "__proto__: {polluted: true}\n", "\t", "'", '"', "\u0000", "P30D", "2026-02-30", "<<: *a\n", "---\n"),
    ),
  });

function apply(text: string, edits: readonly { at: number; remove: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = Math.min(e.at, out.length);
    out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
  }
  return out;
}

describe("linting never throws, whatever the text", () => {
  it("edited example manifests (YAML)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(edit(4000), { minLength: 1, maxLength: 4 }), (i, edits) => {
        const text = apply(texts[i] as string, edits);
        expectLocated(lint(text, "yaml"), text);
      }),
      { numRuns: 300 },
    );
  });

  it("edited JSON manifests", () => {
    fc.assert(
      fc.property(fc.array(edit(json.length), { minLength: 1, maxLength: 4 }), (edits) => {
        const text = apply(json, edits);
        expectLocated(lint(text, "json"), text);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary text and arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json().map((j) => j)), (text) => {
        expectLocated(lint(text, "yaml"), text);
        expectLocated(lint(text, "json"), text);
      }),
      { numRuns: 300 },
    );
  });
});
