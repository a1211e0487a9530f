/**
 * Writing a large JSON report in pieces: the text `JSON.stringify(value, null, 2)` would give,
 * produced a list item at a time, so that neither the whole text nor every item's object is
 * ever held at once.
 */

/** Where a report's text goes, a piece at a time. */
export type Write = (text: string) => void;

/**
 * A JSON array whose items are made when they are written, one at a time, from an iterable
 * (a generator, or {@link each} over a list); it is read once.
 *
 * @example
 * new JsonItems(each([1, 2, 3], (n) => ({ n }))) // written as [{ "n": 1 }, { "n": 2 }, { "n": 3 }]
 */
export class JsonItems {
  constructor(readonly items: Iterable<unknown>) {}
}

/**
 * `list.map(make)`, made one item at a time as it is read.
 *
 * @example
 * [...each(["a", "b"], (x) => x.toUpperCase())] //=> ["A", "B"]
 */
export function* each<T>(list: readonly T[], make: (item: T) => unknown): Generator<unknown> {
  for (const item of list) yield make(item);
}

const pad = (depth: number): string => "  ".repeat(depth);

/** Whether `value` holds a {@link JsonItems} anywhere (and so must be written in pieces). */
function holdsItems(value: unknown): boolean {
  if (value instanceof JsonItems) return true;
  if (value === null || typeof value !== "object") return false;
  for (const key in value) if (holdsItems((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** `JSON.stringify(value, null, 2)` for a value `depth` levels down (its lines indented to match). */
function nested(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  // JSON text holds no raw line break but those of its layout, so every "\n" starts a new line.
  return depth === 0 ? text : text.replaceAll("\n", `\n${pad(depth)}`);
}

function writeList(write: Write, items: Iterable<unknown>, depth: number): void {
  let first = true;
  for (const item of items) {
    write(first ? `[\n${pad(depth + 1)}` : `,\n${pad(depth + 1)}`);
    writeJson(item, write, depth + 1);
    first = false;
  }
  write(first ? "[]" : `\n${pad(depth)}]`);
}

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would print it (without a final line break),
 * each {@link JsonItems} as an array whose items are made and written one at a time.
 *
 * @example
 * let out = "";
 * writeJson({ files: new JsonItems([0, 1]) }, (text) => (out += text));
 * out //=> '{\n  "files": [\n    0,\n    1\n  ]\n}'
 */
export function writeJson(value: unknown, write: Write, depth = 0): void {
  if (value instanceof JsonItems) return writeList(write, value.items, depth);
  if (!holdsItems(value)) return write(nested(value, depth));
  if (Array.isArray(value)) return writeList(write, value, depth);
  // An object holding items: its members one by one, leaving out what JSON.stringify leaves out.
  const members = Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol");
  if (members.length === 0) return write("{}");
  write("{\n");
  members.forEach(([key, member], i) => {
    write(`${pad(depth + 1)}${JSON.stringify(key)}: `);
    writeJson(member, write, depth + 1);
    write(i + 1 < members.length ? ",\n" : "\n");
  });
  write(`${pad(depth)}}`);
}

/**
 * Gathers a report's pieces into blocks of about `size` bytes of UTF-8 before passing them on, so
 * that writing a report piece by piece costs few system calls. Each piece is encoded straight
 * into one buffer, used again for every block: joining the pieces into a string and encoding that
 * cost about half a second of a 100,000-flow lint (BENCHMARKS.md). A block is good only until
 * `flush` returns.
 *
 * @example
 * const out = inBlocks((block) => process.stdout.write(block));
 * out.write("["); out.write("]\n"); out.end(); // one write of the 3 bytes "[]\n"
 */
export function inBlocks(flush: (block: Uint8Array) => void, size = 1 << 16): { write: Write; end: () => void } {
  const encoder = new TextEncoder();
  let buffer = new Uint8Array(2 * size);
  let used = 0;
  const pass = () => {
    if (used > 0) flush(buffer.subarray(0, used));
    used = 0;
  };
  return {
    write(text) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that, or a larger buffer.
      const most = used + 3 * text.length;
      if (most > buffer.length) {
        const larger = new Uint8Array(Math.max(most, 2 * buffer.length));
        larger.set(buffer.subarray(0, used));
        buffer = larger;
      }
      used += encoder.encodeInto(text, buffer.subarray(used)).written;
      if (used >= size) pass();
    },
    end: pass,
  };
}
