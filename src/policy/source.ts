/**
 * The link between an encoded policy and the text it was encoded from: the text's SHA-256
 * fingerprint, whether every quote is still in it, and how much of it the quotes cite.
 * Pure: the caller reads the text; nothing here touches the file system, and SHA-256 is
 * computed in plain TypeScript so that it runs the same in Node, a browser or an edge runtime.
 */
import { argumentError, isObject, type ArgumentProblem } from "../arguments.js";
import type { Citation } from "../model/citation.js";
import type { Policy } from "../model/policy.js";

// ---------------------------------------------------------------- SHA-256 (FIPS 180-4)

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * The SHA-256 of `input` (a string is hashed as its UTF-8 bytes), as lowercase hex.
 * Synchronous and dependency-free, so it works where `crypto.subtle` is missing or async-only.
 *
 * @example
 * sha256Hex("abc")
 * //=> "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function sha256Hex(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + K[i]! + w[i]!) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, "0")).join("");
}

// ---------------------------------------------------------------- citations

/**
 * Collapses every run of whitespace (spaces, tabs, line breaks, no-break spaces) to one space
 * and trims the ends: the only difference a quote may have from its source.
 *
 * @example
 * normalizeWhitespace("  We do not\n  sell  data. ") //=> "We do not sell data."
 */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Which part of a policy a citation belongs to. */
export type CitedRuleKind = "statement" | "retention" | "retention-exception" | "right" | "age-limit" | "note";

/** One citation of a policy, with the rule that carries it and where it sits in the policy. */
export interface PolicyCitation {
  readonly kind: CitedRuleKind;
  readonly ruleId: string;
  /** Path to the citation inside the policy document, such as `["statements", 3, "citation"]`. */
  readonly path: readonly (string | number)[];
  readonly citation: Citation;
}

/**
 * Every citation of a policy, in document order: statements, retention rules (and their
 * exceptions), rights, age limits, then notes that carry one.
 *
 * @example
 * policyCitations(polus).find((c) => c.ruleId === "meta-no-sale")?.citation.quote
 * //=> "We do not sell Meta or WhatsApp data."
 */
export function policyCitations(policy: Pick<Policy, "statements" | "retention" | "rights" | "ageLimits" | "notes">): PolicyCitation[] {
  const out: PolicyCitation[] = [];
  policy.statements.forEach((s, i) => out.push({ kind: "statement", ruleId: s.id, path: ["statements", i, "citation"], citation: s.citation }));
  policy.retention.forEach((r, i) => {
    out.push({ kind: "retention", ruleId: r.id, path: ["retention", i, "citation"], citation: r.citation });
    r.exceptions.forEach((e, j) =>
      out.push({ kind: "retention-exception", ruleId: r.id, path: ["retention", i, "exceptions", j, "citation"], citation: e.citation }),
    );
  });
  policy.rights.forEach((r, i) => out.push({ kind: "right", ruleId: r.id, path: ["rights", i, "citation"], citation: r.citation }));
  policy.ageLimits.forEach((a, i) => out.push({ kind: "age-limit", ruleId: a.id, path: ["ageLimits", i, "citation"], citation: a.citation }));
  policy.notes.forEach((n, i) => {
    if (n.citation) out.push({ kind: "note", ruleId: n.id, path: ["notes", i, "citation"], citation: n.citation });
  });
  return out;
}

const CITED_LISTS = ["statements", "retention", "rights", "ageLimits", "notes"] as const;

const textProblem = (text: unknown): ArgumentProblem | undefined => (typeof text === "string" ? undefined : { path: ["text"], expected: "a string", got: text });

/**
 * The first place a policy from JavaScript lacks what {@link policyCitations} reads: its lists of
 * objects (a retention rule's exceptions too), then a quote in each citation it gathers.
 */
function citationsProblem(policy: unknown): ArgumentProblem | undefined {
  if (!isObject(policy)) return { path: ["policy"], expected: "a policy", got: policy };
  for (const list of CITED_LISTS) {
    const entries = policy[list];
    if (!Array.isArray(entries)) return { path: ["policy", list], expected: "a list", got: entries };
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!isObject(entry)) return { path: ["policy", list, i], expected: "an object", got: entry };
      if (list !== "retention") continue;
      const exceptions = entry.exceptions;
      if (!Array.isArray(exceptions)) return { path: ["policy", list, i, "exceptions"], expected: "a list", got: exceptions };
      const j = exceptions.findIndex((e) => !isObject(e));
      if (j >= 0) return { path: ["policy", list, i, "exceptions", j], expected: "an object", got: exceptions[j] };
    }
  }
  for (const { path, citation } of policyCitations(policy as Parameters<typeof policyCitations>[0])) {
    const c: unknown = citation;
    if (!isObject(c) || typeof c.quote !== "string") return { path: ["policy", ...path, "quote"], expected: "a quote", got: isObject(c) ? c.quote : c };
  }
  return undefined;
}

/** The outcome of {@link verifySource}. */
export interface SourceVerification {
  /** True when every quote is still in the text (the fingerprint may still have changed). */
  readonly ok: boolean;
  readonly fingerprint: {
    /** The SHA-256 the policy recorded (`source.sha256`). */
    readonly expected: string;
    /** The SHA-256 of the text given. */
    readonly actual: string;
    readonly same: boolean;
  };
  /** How many citations the policy has, and how many of their quotes were found. */
  readonly quotes: { readonly total: number; readonly found: number };
  /** The citations whose quote is no longer in the text, in document order. */
  readonly missing: readonly PolicyCitation[];
}

/**
 * Checks a policy against the text it cites: whether the text is byte-for-byte the one the
 * policy was encoded from (SHA-256 of its UTF-8 bytes), and whether every quote of every
 * statement, retention rule (and exception), right, age limit and note is still in it, with
 * whitespace normalised on both sides. A changed fingerprint with every quote present means
 * the text changed elsewhere: review it, then update `source.sha256`.
 *
 * @example
 * const result = verifySource(polus, text);
 * result.fingerprint.same //=> true
 * result.missing          //=> []
 */
export function verifySource(policy: Pick<Policy, "source" | "statements" | "retention" | "rights" | "ageLimits" | "notes">, text: string): SourceVerification {
  const problem = textProblem(text) ?? citationsProblem(policy) ?? (typeof policy.source?.sha256 === "string" ? undefined : { path: ["policy", "source", "sha256"], expected: "a SHA-256 in hex", got: policy.source?.sha256 });
  if (problem !== undefined) throw argumentError("verifySource", problem);
  const actual = sha256Hex(text);
  const haystack = normalizeWhitespace(text);
  const citations = policyCitations(policy);
  const missing = citations.filter((c) => {
    const quote = normalizeWhitespace(c.citation.quote);
    return quote.length === 0 || !haystack.includes(quote);
  });
  return {
    ok: missing.length === 0,
    fingerprint: { expected: policy.source.sha256, actual, same: actual === policy.source.sha256 },
    quotes: { total: citations.length, found: citations.length - missing.length },
    missing,
  };
}

// ---------------------------------------------------------------- sentences and coverage

/** One sentence of a source text, as {@link splitSentences} finds it. */
export interface SourceSentence {
  /** The sentence with whitespace normalised (a list item without its bullet). */
  readonly text: string;
  /** Whether it comes from a bulleted list item. */
  readonly listItem: boolean;
  /** 1-based line of the text where it starts. */
  readonly line: number;
  /** Offsets into the original text, `[start, end)`. */
  readonly start: number;
  readonly end: number;
}

/** The split of a text: its sentences, and the heading lines left out. */
export interface SentenceSplit {
  readonly sentences: readonly SourceSentence[];
  /** Lines read as headings or labels (no final punctuation), which are not sentences. */
  readonly headings: readonly string[];
}

const BULLET = /^([ \t]*(?:[-*•‣◦▪●–—][ \t]+))/;
const FINAL = /[.!?:;]["'”’)\]]*$/;
/** A line without final punctuation longer than this many words is a sentence, not a heading. */
const HEADING_MAX_WORDS = 15;
const ABBREVIATIONS = new Set(["e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "no", "inc", "ltd", "co", "st", "approx", "incl", "cf"]);

/**
 * Splits a policy text into sentences. The rules, in order:
 *
 * 1. The text is read line by line; blank lines are skipped. A line that does not start with a
 *    bullet and does not end a sentence is joined to the next line when that line starts with a
 *    lowercase letter (a hard-wrapped paragraph).
 * 2. A line starting with a bullet (`-`, `*`, `•`, `‣`, `◦`, `▪`, `●`, `–`, `—` followed by a
 *    space) is a list item; the bullet is dropped. A list item is a sentence even without final
 *    punctuation ("Full name").
 * 3. Any other line of at most 15 words that does not end in `.`, `!`, `?`, `:` or `;`
 *    (optionally followed by a closing quote or bracket) is a heading or a label ("Retention",
 *    "Email: x@y.com") and is not a sentence. Numbered headings ("1. Information We Collect")
 *    fall here too. A longer line without final punctuation ("… contact us at: x@y.com") is a
 *    sentence.
 * 4. Inside a line, a sentence ends at `.`, `!` or `?` (plus closing quotes or brackets)
 *    followed by whitespace and then an uppercase letter, a digit, an opening quote or an
 *    opening bracket, except after a common abbreviation (`e.g.`, `i.e.`, `etc.`, `Ltd.`…) or a
 *    single letter (`U.S.`). So "e.g., cloud hosting" and "polustechnology.com/data-deletion"
 *    do not split.
 *
 * @example
 * splitSentences("Retention\nWe keep data. We delete it.\n- Full name").sentences.map((s) => s.text)
 * //=> ["We keep data.", "We delete it.", "Full name"]
 */
export function splitSentences(text: string): SentenceSplit {
  const sentences: SourceSentence[] = [];
  const headings: string[] = [];
  // Lines with their offsets.
  const lines: { start: number; end: number; line: number }[] = [];
  let lineNo = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      let end = i;
      if (end > start && text[end - 1] === "\r") end--;
      lines.push({ start, end, line: lineNo });
      lineNo++;
      start = i + 1;
    }
  }
  for (let li = 0; li < lines.length; li++) {
    const first = lines[li]!;
    const raw = text.slice(first.start, first.end);
    if (raw.trim() === "") continue;
    const bullet = BULLET.exec(raw);
    let blockStart = first.start + (bullet ? bullet[1]!.length : 0);
    let blockEnd = first.end;
    // Rule 1: join hard-wrapped continuation lines.
    while (!FINAL.test(text.slice(blockStart, blockEnd).trimEnd()) && li + 1 < lines.length) {
      const next = lines[li + 1]!;
      const nextText = text.slice(next.start, next.end);
      if (!/^\s*\p{Ll}/u.test(nextText)) break;
      blockEnd = next.end;
      li++;
    }
    while (blockStart < blockEnd && /\s/.test(text[blockStart]!)) blockStart++;
    while (blockEnd > blockStart && /\s/.test(text[blockEnd - 1]!)) blockEnd--;
    const block = text.slice(blockStart, blockEnd);
    if (!bullet && !FINAL.test(block) && block.split(/\s+/).length <= HEADING_MAX_WORDS) {
      headings.push(normalizeWhitespace(block));
      continue;
    }
    for (const [s, e] of sentenceRanges(block)) {
      const sentence = normalizeWhitespace(block.slice(s, e));
      if (!/[\p{L}\p{N}]/u.test(sentence)) continue;
      sentences.push({ text: sentence, listItem: bullet !== null, line: first.line, start: blockStart + s, end: blockStart + e });
    }
  }
  return { sentences, headings };
}

function sentenceRanges(block: string): [number, number][] {
  const ranges: [number, number][] = [];
  const boundary = /[.!?]["'”’)\]]*(?=\s+["'“‘(\[\p{Lu}\p{N}])/gu;
  let from = 0;
  for (let match = boundary.exec(block); match !== null; match = boundary.exec(block)) {
    const end = match.index + match[0].length;
    if (block[match.index] === ".") {
      const word = /(?:^|[\s(])([\p{L}.]+)$/u.exec(block.slice(from, match.index))?.[1] ?? "";
      if (word.length === 1 || /^(?:\p{L}\.)+\p{L}$/u.test(word) || ABBREVIATIONS.has(word.toLowerCase())) continue;
    }
    ranges.push([from, end]);
    from = end;
    while (from < block.length && /\s/.test(block[from]!)) from++;
  }
  if (from < block.length) ranges.push([from, block.length]);
  return ranges;
}

/** A sentence of the source with how much of it the policy's quotes cover. */
export interface CoveredSentence extends SourceSentence {
  /** The share of the sentence's non-space characters that lie inside some quote, 0..1. */
  readonly covered: number;
  readonly cited: boolean;
}

/** The outcome of {@link sourceCoverage}. */
export interface SourceCoverage {
  readonly sentences: readonly CoveredSentence[];
  readonly total: number;
  readonly cited: number;
  /** `cited / total`; 1 for a text with no sentences. */
  readonly ratio: number;
  readonly uncited: readonly CoveredSentence[];
  /** Headings and labels, which are not counted. */
  readonly headings: readonly string[];
}

/** The share of a sentence that quotes must cover for it to count as cited. */
export const CITED_THRESHOLD = 0.5;

/**
 * How much of a text the policy cites. The text is split with {@link splitSentences}; every
 * occurrence of every quote (whitespace-normalised, as {@link verifySource} matches them) marks
 * the characters it spans. A sentence is **cited** when at least half
 * ({@link CITED_THRESHOLD}) of its non-whitespace characters are marked, by one quote or
 * several together. So quoting a whole sentence, or the clause that carries most of it, cites
 * it; quoting a three-word phrase out of a long sentence does not.
 *
 * @example
 * const coverage = sourceCoverage(polus, text);
 * coverage.ratio   //=> 1
 * coverage.uncited //=> []
 */
export function sourceCoverage(policy: Pick<Policy, "statements" | "retention" | "rights" | "ageLimits" | "notes">, text: string): SourceCoverage {
  const problem = textProblem(text) ?? citationsProblem(policy);
  if (problem !== undefined) throw argumentError("sourceCoverage", problem);
  // The normalised text and, for every original offset, its offset in the normalised text.
  const normalOffset = new Int32Array(text.length + 1);
  let normalized = "";
  for (let i = 0; i < text.length; i++) {
    normalOffset[i] = normalized.length;
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (normalized.length > 0 && !normalized.endsWith(" ")) normalized += " ";
    } else normalized += ch;
  }
  normalOffset[text.length] = normalized.length;
  const marked = new Uint8Array(normalized.length);
  const quotes = new Set(policyCitations(policy).map((c) => normalizeWhitespace(c.citation.quote)));
  for (const quote of quotes) {
    if (quote.length === 0) continue;
    for (let at = normalized.indexOf(quote); at !== -1; at = normalized.indexOf(quote, at + 1)) marked.fill(1, at, at + quote.length);
  }
  const split = splitSentences(text);
  const sentences = split.sentences.map((sentence): CoveredSentence => {
    let chars = 0;
    let hit = 0;
    for (let n = normalOffset[sentence.start]!; n < normalOffset[sentence.end]!; n++) {
      if (normalized[n] === " ") continue;
      chars++;
      hit += marked[n]!;
    }
    const covered = chars === 0 ? 0 : hit / chars;
    return { ...sentence, covered, cited: covered >= CITED_THRESHOLD };
  });
  const uncited = sentences.filter((s) => !s.cited);
  const total = sentences.length;
  return { sentences, total, cited: total - uncited.length, ratio: total === 0 ? 1 : (total - uncited.length) / total, uncited, headings: split.headings };
}
