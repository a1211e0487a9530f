import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { each, inBlocks, JsonItems, writeJson } from "../../src/cli/format/pieces.js";
import { CLI, ROOT } from "./helpers.js";

/** A JSON value in which any array may be written as JsonItems; `plain` is the same data. */
type Pair = { streamed: unknown; plain: unknown };

const pairs: fc.Arbitrary<Pair> = fc.letrec<{ pair: Pair }>((tie) => ({
  pair: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }).map((v) => ({ streamed: v, plain: v })),
    fc.tuple(fc.array(tie("pair"), { maxLength: 4 }), fc.boolean()).map(([items, lazy]) => ({
      streamed: lazy ? new JsonItems(each(items, (p) => p.streamed)) : items.map((p) => p.streamed),
      plain: items.map((p) => p.plain),
    })),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("pair"), { maxKeys: 4 }).map((members) => ({
      streamed: Object.fromEntries(Object.entries(members).map(([k, p]) => [k, p.streamed])),
      plain: Object.fromEntries(Object.entries(members).map(([k, p]) => [k, p.plain])),
    })),
  ),
})).pair;

const written = (value: unknown): { text: string; pieces: number } => {
  let text = "";
  let pieces = 0;
  writeJson(value, (piece) => {
    text += piece;
    pieces++;
  });
  return { text, pieces };
};

describe("writeJson: a report in pieces", () => {
  it("writes exactly what JSON.stringify(value, null, 2) prints, whichever arrays are JsonItems", () => {
    fc.assert(
      fc.property(pairs, ({ streamed, plain }) => {
        expect(written(streamed).text).toBe(JSON.stringify(plain, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it("makes each item only once the one before is written", () => {
    const events: string[] = [];
    const list = new JsonItems(
      each([0, 1, 2], (i) => {
        events.push(`make ${i}`);
        return { flow: `f-${i}`, path: ["flows", i] };
      }),
    );
    let text = "";
    writeJson({ files: [{ messages: list, empty: new JsonItems([]) }] }, (piece) => {
      text += piece;
      if (piece.includes('"flow"')) events.push(`write ${piece.match(/f-(\d)/)?.[1]}`);
    });
    expect(events).toEqual(["make 0", "write 0", "make 1", "write 1", "make 2", "write 2"]);
    expect(JSON.parse(text)).toEqual({ files: [{ messages: [0, 1, 2].map((i) => ({ flow: `f-${i}`, path: ["flows", i] })), empty: [] }] });
  });

  it("leaves out members JSON.stringify leaves out, next to items", () => {
    expect(written({ a: undefined, items: new JsonItems([undefined]), f: () => 1 }).text).toBe('{\n  "items": [\n    null\n  ]\n}');
  });
});

describe("inBlocks", () => {
  /** The blocks passed on, decoded (each copied: a block is good only during the call). */
  const collect = (size: number) => {
    const blocks: string[] = [];
    const out = inBlocks((block) => blocks.push(new TextDecoder().decode(block.slice())), size);
    return { blocks, out };
  };

  it("passes pieces on in blocks of at least the size in bytes, the rest at the end, nothing lost", () => {
    const { blocks, out } = collect(10);
    for (const piece of ["abc", "defg", "hij", "k", "lmnopqrstu", "v"]) out.write(piece);
    expect(blocks).toEqual(["abcdefghij", "klmnopqrstu"]);
    out.end();
    expect(blocks).toEqual(["abcdefghij", "klmnopqrstu", "v"]);
    out.end();
    expect(blocks.join("")).toBe("abcdefghijklmnopqrstuv");
  });

  it("writes UTF-8, a piece never split, pieces larger than a block whole", () => {
    const { blocks, out } = collect(8);
    const pieces = ["§ 5 — ", "“quoted”…", "🔒", "x".repeat(40), "é"];
    for (const piece of pieces) out.write(piece);
    out.end();
    expect(blocks.join("")).toBe(pieces.join(""));
    // Every block ends where a piece ends: no character is cut between two blocks.
    const pieceEnds = pieces.map((_, i) => pieces.slice(0, i + 1).join("").length);
    const blockEnds = blocks.map((_, i) => blocks.slice(0, i + 1).join("").length);
    expect(blockEnds.every((end) => pieceEnds.includes(end))).toBe(true);
    expect(blocks.length).toBeGreaterThan(1);
  });

  it("gives the bytes a joined string would give, for any pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 30 })), fc.integer({ min: 1, max: 64 }), (pieces, size) => {
        const bytes: number[] = [];
        const out = inBlocks((block) => bytes.push(...block), size);
        for (const piece of pieces) out.write(piece);
        out.end();
        expect(Buffer.from(bytes).equals(Buffer.from(pieces.join("")))).toBe(true);
      }),
    );
  });
});

describe("a large report through a slow pipe", () => {
  it("arrives whole, byte for byte what a file gets, for each streamed format", () => {
    // 1,900 flows: a report of hundreds of kilobytes, far more than a pipe holds (64 KB), read by a slow reader.
    const dir = mkdtempSync(join(tmpdir(), "pledge-pipe-"));
    try {
      const manifest = parse(readFileSync(join(ROOT, "examples/pocketo/violations.flows.yaml"), "utf8")) as { flows: { id: string }[] };
      const flows = Array.from({ length: 100 }, (_, k) => manifest.flows.map((f) => ({ ...f, id: `${f.id}-${k}` }))).flat();
      const file = join(dir, "big.flows.yaml");
      writeFileSync(file, stringify({ ...manifest, flows }));
      for (const format of ["json", "sarif", "stylish"]) {
        const out = join(dir, `out.${format}`);
        const env = { ...process.env, NO_COLOR: "1", PLEDGE_NOW: "2026-09-01" };
        spawnSync(process.execPath, [CLI, "lint", file, "--format", format, "--output-file", out], { env });
        const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" lint "${file}" --format ${format} | (sleep 1; cat)`], { env, encoding: "buffer", maxBuffer: 1 << 28 });
        expect(piped.stdout.length).toBeGreaterThan(1 << 18);
        expect(piped.stdout.equals(readFileSync(out)), format).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
