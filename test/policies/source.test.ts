import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifySourceCommand } from "../../src/cli/commands/verify-source.js";
import { PolicySchema, type Policy } from "../../src/model/policy.js";
import { normalizeWhitespace, policyCitations, sha256Hex, sourceCoverage, splitSentences, verifySource } from "../../src/policy/source.js";
import { memoryIO } from "../support/io.js";

const TEXT = `Privacy Policy
Retention
We keep data while your account is active. We delete it within 30 days.
Sharing
- We do not sell your data.
- Service providers, e.g. cloud hosting
Contact: a@b.example
`;

function policyFor(text: string, quotes: Record<string, string>, overrides: Partial<Policy> = {}): Policy {
  return PolicySchema.parse({
    id: "acme",
    title: "Acme",
    operator: { name: "Acme" },
    jurisdictions: [],
    lastUpdated: null,
    source: { file: "acme.txt", sha256: sha256Hex(text) },
    statements: Object.entries(quotes).map(([id, quote]) => ({
      id,
      modality: "may",
      actions: ["share"],
      data: ["personal-data"],
      recipients: ["processor"],
      citation: { section: "Sharing", quote },
    })),
    ...overrides,
  });
}

describe("sha256Hex", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("agrees with node:crypto on any text, including multi-byte characters and block edges", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 300 },
    );
    for (const length of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const text = "x".repeat(length);
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
    }
  });

  it("hashes bytes as given", () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("normalizeWhitespace", () => {
  it("collapses every run of whitespace, including no-break spaces and line breaks", () => {
    expect(normalizeWhitespace("  We do\u00a0not\r\n\tsell  data. ")).toBe("We do not sell data.");
  });
});

describe("verifySource", () => {
  it("finds every quote and the same fingerprint in the original text", () => {
    const policy = policyFor(TEXT, { a: "We do not sell your data.", b: "We keep data while your\n   account is active." });
    const result = verifySource(policy, TEXT);
    expect(result).toMatchObject({ ok: true, fingerprint: { same: true }, quotes: { total: 2, found: 2 }, missing: [] });
  });

  it("reports a changed fingerprint while every quote is still present", () => {
    const policy = policyFor(TEXT, { a: "We do not sell your data." });
    const changed = `${TEXT}\nUpdates\nWe may update this policy.\n`;
    const result = verifySource(policy, changed);
    expect(result.ok).toBe(true);
    expect(result.fingerprint.same).toBe(false);
    expect(result.fingerprint.expected).toBe(sha256Hex(TEXT));
    expect(result.fingerprint.actual).toBe(sha256Hex(changed));
  });

  it("lists the rules whose quote is gone, across every part of a policy", () => {
    const policy = policyFor(TEXT, { kept: "We do not sell your data.", gone: "We sell your data." }, {
      retention: [
        {
          id: "r1",
          data: ["personal-data"],
          stores: ["primary"],
          trigger: "account-deleted",
          purposes: [],
          action: "delete",
          maxDelay: "P30D",
          exceptions: [{ ground: "legal-obligation", citation: { section: "Retention", quote: "except where the law requires" } }],
          citation: { section: "Retention", quote: "We delete it within 30 days." },
        },
      ],
      rights: [{ id: "right", right: "access", channels: [], citation: { section: "Rights", quote: "You may access your data." } }],
      ageLimits: [{ id: "age", minimumAge: 13, citation: { section: "Children", quote: "under 13" } }],
      notes: [
        { id: "n1", topic: "t", note: "n", citation: { section: "Contact", quote: "Contact: a@b.example" } },
        { id: "n2", topic: "t", note: "no citation" },
      ],
    } as Partial<Policy>);
    const result = verifySource(policy, TEXT);
    expect(result.ok).toBe(false);
    expect(result.quotes).toEqual({ total: 7, found: 3 });
    expect(result.missing.map((m) => [m.kind, m.ruleId, m.path])).toEqual([
      ["statement", "gone", ["statements", 1, "citation"]],
      ["retention-exception", "r1", ["retention", 0, "exceptions", 0, "citation"]],
      ["right", "right", ["rights", 0, "citation"]],
      ["age-limit", "age", ["ageLimits", 0, "citation"]],
    ]);
  });

  it("does not normalise anything but whitespace: case and punctuation must match", () => {
    const policy = policyFor(TEXT, { a: "we do not sell your data.", b: "We do not sell your data" , c: "We do not sell your data!" });
    expect(verifySource(policy, TEXT).missing.map((m) => m.ruleId)).toEqual(["a", "c"]);
  });

  it("collects citations in document order", () => {
    const policy = policyFor(TEXT, { a: "x", b: "y" });
    expect(policyCitations(policy).map((c) => c.ruleId)).toEqual(["a", "b"]);
  });
});

describe("splitSentences", () => {
  it("splits paragraphs into sentences, keeps list items and leaves out headings and labels", () => {
    const split = splitSentences(TEXT);
    expect(split.sentences.map((s) => [s.line, s.listItem, s.text])).toEqual([
      [3, false, "We keep data while your account is active."],
      [3, false, "We delete it within 30 days."],
      [5, true, "We do not sell your data."],
      [6, true, "Service providers, e.g. cloud hosting"],
    ]);
    expect(split.headings).toEqual(["Privacy Policy", "Retention", "Sharing", "Contact: a@b.example"]);
  });

  it("does not split after abbreviations, initials, decimals or inside addresses", () => {
    const text = "We use providers (e.g. Cloud Host, i.e. AWS) in the U.S. Government cloud, version 2.5 of it. Visit example.com/delete. Then write to us.\n";
    expect(splitSentences(text).sentences.map((s) => s.text)).toEqual([
      "We use providers (e.g. Cloud Host, i.e. AWS) in the U.S. Government cloud, version 2.5 of it.",
      "Visit example.com/delete.",
      "Then write to us.",
    ]);
  });

  it("reads every bullet style, numbered headings as headings, and a long unpunctuated line as a sentence", () => {
    const text = [
      "1. Information We Collect",
      "  • Full name",
      "* Email address",
      "– Phone number",
      "To exercise any of these rights, or to request deletion of your data, please visit our page or contact us at: x@y.example",
    ].join("\n");
    const split = splitSentences(text);
    expect(split.sentences.map((s) => [s.listItem, s.text])).toEqual([
      [true, "Full name"],
      [true, "Email address"],
      [true, "Phone number"],
      [false, "To exercise any of these rights, or to request deletion of your data, please visit our page or contact us at: x@y.example"],
    ]);
    expect(split.headings).toEqual(["1. Information We Collect"]);
  });

  it("joins a hard-wrapped paragraph and keeps offsets into the original text", () => {
    const text = "We keep your data\nwhile your account is active.\r\nWe delete it.";
    const sentences = splitSentences(text).sentences;
    expect(sentences.map((s) => s.text)).toEqual(["We keep your data while your account is active.", "We delete it."]);
    for (const s of sentences) expect(normalizeWhitespace(text.slice(s.start, s.end))).toBe(s.text);
  });

  it("gives offsets that slice back to the sentence, for any text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("We keep data. ", "- Item\n", "Heading\n", "e.g. more. ", "Line one\n", "and two.\n", "  ", "\r\n", "U.S. law. "), { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        for (const s of splitSentences(text).sentences) expect(normalizeWhitespace(text.slice(s.start, s.end))).toBe(s.text);
      }),
    );
  });
});

describe("sourceCoverage", () => {
  it("counts a sentence cited when quotes cover at least half of it", () => {
    const policy = policyFor(TEXT, {
      whole: "We do not sell your data.",
      half: "We keep data while your", // 19 of 35 non-space characters
      short: "cloud hosting", // 12 of 33
    });
    const coverage = sourceCoverage(policy, TEXT);
    expect(coverage.sentences.map((s) => [s.text, s.cited])).toEqual([
      ["We keep data while your account is active.", true],
      ["We delete it within 30 days.", false],
      ["We do not sell your data.", true],
      ["Service providers, e.g. cloud hosting", false],
    ]);
    expect(coverage).toMatchObject({ total: 4, cited: 2, ratio: 0.5 });
    expect(coverage.uncited.map((s) => s.line)).toEqual([3, 6]);
  });

  it("adds up several quotes over one sentence, and a quote spanning two sentences cites both", () => {
    const policy = policyFor(TEXT, { a: "Service providers,", b: "e.g. cloud", c: "account is active. We delete it within" });
    const cited = sourceCoverage(policy, TEXT).sentences.filter((s) => s.cited).map((s) => s.text);
    expect(cited).toEqual(["We delete it within 30 days.", "Service providers, e.g. cloud hosting"]);
  });

  it("ignores quotes that are not in the text, and is 1 for a text without sentences", () => {
    expect(sourceCoverage(policyFor(TEXT, { a: "Not there at all." }), TEXT).cited).toBe(0);
    expect(sourceCoverage(policyFor("Heading\n", {}), "Heading\n")).toMatchObject({ total: 0, ratio: 1 });
  });
});

// ---------------------------------------------------------------- the command

describe("verifySource and sourceCoverage given the wrong types from JavaScript", () => {
  const policy = policyFor(TEXT, { a: "We do not sell your data." });
  const cases: [string, unknown, unknown, string][] = [
    ["text null", policy, null, "text: expected a string, got null"],
    ["text a number", policy, 42, "text: expected a string, got a number"],
    ["no policy", undefined, TEXT, "policy: expected a policy, got nothing"],
    ["statements not a list", { ...policy, statements: "s1" }, TEXT, 'policy.statements: expected a list, got the string "s1"'],
    ["a citation without a quote", { ...policy, statements: [{ ...policy.statements[0], citation: {} }] }, TEXT, "policy.statements.0.citation.quote: expected a quote, got nothing"],
    ["an exception without a citation", { ...policy, retention: [{ id: "r", citation: { quote: "q" }, exceptions: [{}] }] }, TEXT, "policy.retention.0.exceptions.0.citation.quote: expected a quote, got nothing"],
  ];
  it.each(cases)("%s: a TypeError naming the helper and the field", (_, p, text, message) => {
    expect(() => verifySource(p as Policy, text as string)).toThrow(new TypeError(`verifySource: ${message}`));
    expect(() => sourceCoverage(p as Policy, text as string)).toThrow(new TypeError(`sourceCoverage: ${message}`));
  });

  it("verifySource also needs the recorded fingerprint", () => {
    expect(() => verifySource({ ...policy, source: {} } as Policy, TEXT)).toThrow(new TypeError("verifySource: policy.source.sha256: expected a SHA-256 in hex, got nothing"));
  });
});

describe("pledge verify-source", () => {
  const dir = mkdtempSync(join(tmpdir(), "pledge-verify-"));
  const policy = policyFor(TEXT, { a: "We do not sell your data.", b: "We keep data while your account is active." });
  writeFileSync(join(dir, "acme.policy.json"), JSON.stringify(policy));
  writeFileSync(join(dir, "acme.txt"), TEXT);
  writeFileSync(join(dir, "changed.txt"), TEXT.replace("Contact: a@b.example", "Contact: c@d.example"));
  writeFileSync(join(dir, "reworded.txt"), TEXT.replace("We do not sell your data.", "We never sell your data."));

  it("exits 0 and says the fingerprint is unchanged when the text is the original", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme.policy.json", "acme.txt"], io)).toBe(0);
    expect(io.out).toContain("fingerprint  unchanged");
    expect(io.out).toContain("quotes       2 of 2 found");
    expect(io.out).toContain("coverage     2 of 4 sentences cited (50.0%)");
    expect(io.out).toContain("line 3: We delete it within 30 days.");
  });

  it("exits 0 but says the text changed when every quote is still there", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme.policy.json", "changed.txt"], io)).toBe(0);
    expect(io.out).toContain("fingerprint  CHANGED");
    expect(io.out).toContain("review the change, then update source.sha256");
  });

  it("exits 1 and lists the rule whose quote is lost", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme.policy.json", "reworded.txt"], io)).toBe(1);
    expect(io.out).toContain('statements[0]  a  (statement, Sharing): "We do not sell your data."');
  });

  it("exits 1 when coverage is below --min-coverage, and 0 at it", async () => {
    expect(await verifySourceCommand.run(["acme.policy.json", "acme.txt", "--min-coverage", "0.6"], memoryIO({ cwd: dir }))).toBe(1);
    expect(await verifySourceCommand.run(["acme.policy.json", "acme.txt", "--min-coverage", "0.5"], memoryIO({ cwd: dir }))).toBe(0);
  });

  it("exits 2 and says plainly when the text file is missing", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme.policy.json", "nowhere.txt"], io)).toBe(2);
    expect(io.err).toContain("the source text nowhere.txt cannot be read: no such file");
    expect(io.err).toContain("encoded from acme.txt");
    expect(io.out).toBe("");
  });

  it("exits 2 for an unknown policy, a bad option or missing arguments", async () => {
    const unknown = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme", "acme.txt"], unknown)).toBe(2);
    expect(unknown.err).toContain('unknown policy "acme"');
    expect(await verifySourceCommand.run(["acme.policy.json"], memoryIO({ cwd: dir }))).toBe(2);
    expect(await verifySourceCommand.run(["acme.policy.json", "acme.txt", "--min-coverage", "2"], memoryIO({ cwd: dir }))).toBe(2);
    expect(await verifySourceCommand.run(["acme.policy.json", "acme.txt", "--bogus"], memoryIO({ cwd: dir }))).toBe(2);
  });

  it("writes JSON with the same facts", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["acme.policy.json", "reworded.txt", "--format", "json"], io)).toBe(1);
    const json = JSON.parse(io.out) as { ok: boolean; quotes: object; missing: { ruleId: string }[]; coverage: { total: number } };
    expect(json.ok).toBe(false);
    expect(json.quotes).toEqual({ total: 2, found: 1 });
    expect(json.missing.map((m) => m.ruleId)).toEqual(["a"]);
    expect(json.coverage.total).toBe(4);
  });

  it("prints its help", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await verifySourceCommand.run(["--help"], io)).toBe(0);
    expect(io.out).toContain("Usage: pledge verify-source <policy> <text-file>");
  });
});
