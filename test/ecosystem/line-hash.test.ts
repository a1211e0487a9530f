/**
 * `primaryLocationLineHash` as github/codeql-action's upload-sarif computes it. The vectors are
 * the expected values of codeql-action's own test (`src/fingerprints.test.ts`, "hash"), so a
 * result pledge fingerprints matches the one upload-sarif would have added.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineHashes } from "../../src/cli/format/line-hash.js";

const all = (text: string) => {
  const count = text.split(/\r\n|\r|\n/).length;
  const map = lineHashes(text, Array.from({ length: count }, (_, i) => i + 1));
  return Array.from({ length: count }, (_, i) => map.get(i + 1));
};

const VECTORS: [string, string[]][] = [
  ["", ["c129715d7a2bc9a3:1"]],
  [" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]],
  [" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"]],
  ...[
    " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
    " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
    " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
    " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
  ].map((text): [string, string[]] => [text, ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]]),
  [
    "Lorem ipsum dolor sit amet.\n".repeat(10),
    ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"],
  ],
  ["x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", ["e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"]],
];

/** The algorithm written plainly with BigInt: a reference for the two-halves arithmetic. */
function reference(text: string): string[] {
  const M = (1n << 64n) - 1n;
  const chars: { c: number; start: number }[] = [];
  let line = 0;
  let lineStart = true;
  let previousCR = false;
  // UTF-16 code units, as upload-sarif's charCodeAt reads them, then the end-of-file character.
  const units = [...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)), 65535];
  for (const code of units) {
    let c = code;
    if (c === 32 || c === 9 || (previousCR && c === 10)) {
      previousCR = false;
      continue;
    }
    previousCR = c === 13;
    if (previousCR) c = 10;
    chars.push({ c, start: lineStart ? ++line : -1 });
    lineStart = c === 10;
  }
  const counts = new Map<string, number>();
  const out: string[] = [];
  chars.forEach(({ start }, i) => {
    if (start < 0) return;
    let h = 0n;
    for (let k = 0; k < 100; k++) h = (h * 37n + BigInt(chars[i + k]?.c ?? 0)) & M;
    const hex = h.toString(16);
    const n = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, n);
    out.push(`${hex}:${n}`);
  });
  return out;
}

describe("lineHashes (GitHub's primaryLocationLineHash)", () => {
  it.each(VECTORS.map(([text, hashes], i) => [i, text, hashes] as const))("codeql-action's vector %i", (_, text, hashes) => {
    expect(all(text)).toEqual(hashes);
  });

  it("equals a plain BigInt reference on any text (astral characters, CR/LF mixes, long lines)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("\n", "\r", "\r\n", "\t", " ", "😀", "\uFEFF", "x".repeat(150))), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(all(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same hashes for the text read in pieces, split anywhere (inside a CRLF or a surrogate pair too)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", " ", "\t", "\n", "\r", "\r\n", "😀", "é", "x".repeat(120)), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const text = parts.join("");
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
        const lines = Array.from({ length: text.split(/\r\n|\r|\n/).length }, (_, i) => i + 1);
        expect(lineHashes(() => pieces, lines)).toEqual(lineHashes(text, lines));
      }),
      { numRuns: 300 },
    );
  });

  it("gives only the lines asked for, and none past the end", () => {
    expect(lineHashes("a\nb\n", [2, 9])).toEqual(new Map([[2, reference("a\nb\n")[1]]]));
    expect(lineHashes("a\nb\n", [])).toEqual(new Map());
  });

  it("does not move when lines above change", () => {
    const below = "flows:\n  - id: chat\n    recipient: opnai\n";
    const [before] = lineHashes(`policy: pocketo\n${below}`, [4]).values();
    const [after] = lineHashes(`# a comment\n\npolicy: pocketo\n${below}`, [6]).values();
    expect(after).toBe(before);
  });
});
