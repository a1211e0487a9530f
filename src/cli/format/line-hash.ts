/**
 * GitHub code scanning's `primaryLocationLineHash`: the fingerprint by which it matches an alert
 * across commits. `github/codeql-action/upload-sarif` computes it (`src/fingerprints.ts`) when a
 * SARIF result lacks one; the REST upload does not, so pledge computes it the same way.
 *
 * The algorithm, as codeql-action documents it: for every line, a polynomial hash (base 37,
 * modulo 2^64) of the first 100 characters counted from the start of the line, where spaces and
 * tabs are skipped, CR, LF and CRLF all count as one LF, the end of the file is the character
 * 65535, and zeros pad what follows. The value is the hash in hexadecimal (no leading zeros), a
 * colon, and how many lines so far (this one included) have the same hash. It depends on the
 * line's own text and the text just after it, not on the lines above, so an edit elsewhere in the
 * file leaves the alert where it was.
 *
 * The 64-bit arithmetic is done on two 32-bit halves, so that a large manifest hashes at a few
 * nanoseconds per character (no BigInt).
 */

const BLOCK_SIZE = 100;
const TWO_32 = 0x1_0000_0000;
const EOF = 65535;

/** A 64-bit unsigned value as two 32-bit halves. */
interface U64 {
  hi: number;
  lo: number;
}

/**
 * `value * k + add` modulo 2^64, for `k` and `add` below 2^17: `lo * k + add` is exact in a
 * double, `>>> 0` takes it modulo 2^32, and `Math.imul` gives the low 32 bits of `hi * k`.
 */
function mulAdd(value: U64, k: number, add: number): void {
  const low = value.lo * k + add;
  value.lo = low >>> 0;
  value.hi = (Math.imul(value.hi, k) + Math.floor(low / TWO_32)) >>> 0;
}

/** 37^100 modulo 2^64: the weight of the character leaving the window. */
const FIRST_MOD: U64 = (() => {
  const value = { hi: 0, lo: 1 };
  for (let i = 0; i < BLOCK_SIZE; i++) mulAdd(value, 37, 0);
  return value;
})();

/** `value - FIRST_MOD * c` modulo 2^64, for `c` below 2^17. */
function subtractLeaving(value: U64, c: number): void {
  if (c === 0) return;
  const low = FIRST_MOD.lo * c;
  const lo = low >>> 0;
  const hi = (Math.imul(FIRST_MOD.hi, c) + Math.floor(low / TWO_32)) >>> 0;
  const newLo = value.lo - lo;
  value.lo = newLo >>> 0;
  value.hi = (value.hi - hi - (newLo < 0 ? 1 : 0)) >>> 0;
}

const hex = (value: U64): string => (value.hi === 0 ? value.lo.toString(16) : value.hi.toString(16) + value.lo.toString(16).padStart(8, "0"));

/**
 * Calls `emit(line, hash)` for every line of the text (its pieces in order) in order (1-based),
 * with the line's hash (its two halves, read at once: the object is reused for the next line).
 * A CRLF may be split between two pieces.
 */
function eachLineHash(pieces: Iterable<string>, emit: (line: number, hash: Readonly<U64>) => void): void {
  const window = new Uint16Array(BLOCK_SIZE);
  const lineAt = new Int32Array(BLOCK_SIZE).fill(-1);
  const hash: U64 = { hi: 0, lo: 0 };
  let index = 0;
  let line = 0;
  let lineStart = true;
  let previousCR = false;
  const update = (c: number) => {
    const leaving = window[index]!;
    window[index] = c;
    mulAdd(hash, 37, c);
    subtractLeaving(hash, leaving);
    index = (index + 1) % BLOCK_SIZE;
  };
  const process = (code: number) => {
    let c = code;
    if (c === 0x20 || c === 0x09 || (previousCR && c === 0x0a)) {
      previousCR = false;
      return;
    }
    previousCR = c === 0x0d;
    if (previousCR) c = 0x0a;
    if (lineAt[index] !== -1) {
      emit(lineAt[index]!, hash);
      lineAt[index] = -1;
    }
    if (lineStart) {
      lineStart = false;
      lineAt[index] = ++line;
    }
    if (c === 0x0a) lineStart = true;
    update(c);
  };
  for (const text of pieces) for (let i = 0; i < text.length; i++) process(text.charCodeAt(i));
  process(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineAt[index] !== -1) {
      emit(lineAt[index]!, hash);
      lineAt[index] = -1;
    }
    update(0);
  }
}

/**
 * GitHub's `primaryLocationLineHash` of the given lines of a file's text (decoded as UTF-8, as
 * upload-sarif reads it: a byte-order mark is a character like any other). Lines beyond the end
 * of the text get none. The text is a string, or a function that reads it afresh in pieces each
 * time it is called (twice): a large manifest is then never held whole.
 *
 * @example
 * lineHashes(" a\nb\n  \t\tc\n d", [1, 4]) //=> Map { 1 => "271789c17abda88f:1", 4 => "a23a3dc5e078b07b:1" }
 * lineHashes("Lorem ipsum dolor sit amet.\n".repeat(10), [2]) //=> Map { 2 => "a7f2ff13bc495cf2:2" }
 * lineHashes(() => [" a\nb\n  \t", "\tc\n d"], [4]) //=> Map { 4 => "a23a3dc5e078b07b:1" }
 */
export function lineHashes(text: string | (() => Iterable<string>), lines: Iterable<number>): Map<number, string> {
  const pieces = typeof text === "string" ? () => [text] : text;
  const wanted = new Set(lines);
  const result = new Map<number, string>();
  if (wanted.size === 0) return result;
  // First pass: the hashes of the wanted lines. Second: how often each occurred up to that line.
  // Hashes are compared as numbers (low half first) and written in hexadecimal only for the
  // wanted lines: a 100,000-flow manifest has some 800,000 lines.
  const wantedHash = new Map<number, U64>();
  eachLineHash(pieces(), (line, hash) => {
    if (wanted.has(line)) wantedHash.set(line, { hi: hash.hi, lo: hash.lo });
  });
  const byLow = new Map<number, { readonly hi: number; count: number }[]>();
  for (const { hi, lo } of wantedHash.values()) {
    const bucket = byLow.get(lo) ?? [];
    if (!bucket.some((b) => b.hi === hi)) bucket.push({ hi, count: 0 });
    byLow.set(lo, bucket);
  }
  eachLineHash(pieces(), (line, hash) => {
    const counter = byLow.get(hash.lo)?.find((b) => b.hi === hash.hi);
    if (counter === undefined) return;
    counter.count++;
    if (wanted.has(line)) result.set(line, `${hex(hash)}:${counter.count}`);
  });
  return result;
}
