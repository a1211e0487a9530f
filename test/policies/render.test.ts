import { describe, expect, it } from "vitest";
import { showCommand } from "../../src/cli/commands/show.js";
import { pocketo, polus, pomeg } from "../../src/generated/index.js";
import { PolicySchema } from "../../src/model/policy.js";
import { renderPolicy } from "../../src/policy/render.js";
import { policyCitations } from "../../src/policy/source.js";
import { memoryIO } from "../support/io.js";

const bundled = { pomeg, pocketo, polus };

/** A small policy with every part, and text that needs escaping in Markdown tables. */
const tiny = PolicySchema.parse({
  id: "tiny",
  title: "Tiny | Policy",
  operator: { name: "Tiny Ltd", address: "1 Road" },
  jurisdictions: ["BD"],
  storageLocations: ["bangladesh"],
  lastUpdated: "2026-01-01",
  source: { file: "tiny.txt", sha256: "0".repeat(64) },
  vocabulary: [{ id: "llm", kind: "recipient", label: "LLM | provider", parents: ["processor"] }],
  statements: [
    {
      id: "s1",
      modality: "must-not",
      actions: ["sell"],
      data: ["personal-data"],
      recipients: ["third-party"],
      conditions: ["opt-in"],
      citation: { section: "1", quote: "We do not\n   sell data." },
      interpretation: "Read as any sale.",
    },
  ],
  retention: [
    {
      id: "r1",
      data: ["personal-data"],
      stores: ["primary", "backups"],
      trigger: "account-deleted",
      action: "delete",
      maxDelay: "PT0S",
      tolerance: "PT1H",
      exceptions: [{ ground: "legal-obligation", citation: { section: "2", quote: "unless the law requires" } }],
      citation: { section: "2", quote: "We delete data at once." },
    },
  ],
  rights: [{ id: "g1", right: "access", channels: ["email"], responseDeadline: "P30D", citation: { section: "3", quote: "Ask us." } }],
  ageLimits: [{ id: "a1", minimumAge: 16, region: "eu", citation: { section: "4", quote: "16 in EU" } }],
  notes: [{ id: "n1", topic: "Scope", note: "A note.", citation: { section: "5", quote: "This policy." } }],
});

describe("renderPolicy markdown", () => {
  it("puts every rule's terms next to its quote and interpretation", () => {
    const md = renderPolicy(tiny, "markdown");
    expect(md).toContain("# Tiny | Policy");
    expect(md).toContain("| last updated | 2026-01-01 |");
    expect(md).toContain("| recipient | `llm` | LLM \\| provider | `processor` |");
    expect(md).toContain(["### `s1` — must-not", "", "- actions: `sell`", "- data: `personal-data`", "- recipients: `third-party`", "- purposes: any", "- conditions: `opt-in`", "", "> We do not sell data.", ">", "> — 1", "", "*Interpretation:* Read as any sale."].join("\n"));
    expect(md).toContain("- longest delay: `PT0S` (tolerance `PT1H`)");
    expect(md).toContain("Exception: `legal-obligation`\n\n> unless the law requires");
    expect(md).toContain("### `g1` — access\n\n- channels: `email`\n- response deadline: `P30D`");
    expect(md).toContain("### `a1` — at least 16 in `eu`");
    expect(md).toContain("### `n1` — Scope\n\nA note.\n\n> This policy.");
    expect(md.endsWith("\n")).toBe(true);
    expect(md.endsWith("\n\n")).toBe(false);
  });

  it.each(Object.entries(bundled))("quotes every citation of %s", (_, policy) => {
    const md = renderPolicy(policy, "markdown");
    for (const c of policyCitations(policy)) expect(md).toContain(`> ${c.citation.quote.replace(/\s+/g, " ").trim()}`);
    for (const s of policy.statements) expect(md).toContain(`### \`${s.id}\` — ${s.modality}`);
  });
});

describe("renderPolicy table", () => {
  it.each([60, 80, 100, 157])("keeps every line within %i columns for each bundled policy", (width) => {
    for (const policy of [tiny, pomeg, pocketo, polus]) {
      const lines = renderPolicy(policy, "table", { width }).split("\n");
      const over = lines.filter((line) => [...line].length > width);
      expect(over, `${policy.id} at ${width}`).toEqual([]);
      expect(lines.some((line) => /\s$/.test(line))).toBe(false);
    }
  });

  it("lists each part with its rule count, marks interpreted rules, and loses no quote word", () => {
    const table = renderPolicy(tiny, "table", { width: 80 });
    for (const title of ["Statements (1)", "Retention rules (1)", "Rights (1)", "Age limits (1)", "Notes (1)"]) expect(table).toContain(title);
    expect(table).toContain("s1 [i]");
    expect(table).toContain("[i] the rule carries an interpretation note");
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    const flat = words(table).join(" ");
    expect(flat).toContain('1: "We do not sell data."');
    expect(flat).toContain("delete within PT0S (tolerance PT1H)");
  });

  it("clamps a narrow width to 60 and is deterministic", () => {
    expect(renderPolicy(polus, "table", { width: 10 })).toBe(renderPolicy(polus, "table", { width: 60 }));
    expect(renderPolicy(polus, "table")).toBe(renderPolicy(polus, "table", { width: 100 }));
  });
});

describe("renderPolicy given the wrong types from JavaScript", () => {
  it("names the format it does not know, and the formats it does", () => {
    expect(() => renderPolicy(polus, "bogus" as "json")).toThrow(new TypeError('renderPolicy: format: expected one of table, markdown, json, got the string "bogus"'));
  });

  it("refuses a policy that is not an object", () => {
    expect(() => renderPolicy(null as unknown as typeof polus, "json")).toThrow(new TypeError("renderPolicy: policy: expected a policy, got null"));
  });
});

describe("renderPolicy json", () => {
  it("round-trips through the policy schema", () => {
    for (const policy of [tiny, polus]) expect(PolicySchema.parse(JSON.parse(renderPolicy(policy, "json")))).toEqual(policy);
  });
});

describe("pledge show", () => {
  it("prints a bundled policy as a table by default, at $COLUMNS width", async () => {
    const io = memoryIO({ env: { COLUMNS: "72" } });
    expect(await showCommand.run(["polus"], io)).toBe(0);
    expect(io.out).toBe(renderPolicy(polus, "table", { width: 72 }));
  });

  it("prints markdown and json, and honours --width", async () => {
    const md = memoryIO();
    expect(await showCommand.run(["polus", "--format", "markdown"], md)).toBe(0);
    expect(md.out.startsWith("# Polus Technology Ltd Privacy Policy\n")).toBe(true);
    const json = memoryIO();
    expect(await showCommand.run(["pomeg", "--format=json"], json)).toBe(0);
    expect((JSON.parse(json.out) as { id: string }).id).toBe("pomeg");
    const wide = memoryIO();
    expect(await showCommand.run(["pocketo", "--width", "140"], wide)).toBe(0);
    expect(wide.out).toBe(renderPolicy(pocketo, "table", { width: 140 }));
  });

  it("reads a policy file by path", async () => {
    const io = memoryIO();
    expect(await showCommand.run(["policies/polus.policy.yaml", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual(JSON.parse(JSON.stringify(polus)));
  });

  it("exits 2 with a plain message for bad input", async () => {
    const cases: [string[], string][] = [
      [["acme"], 'unknown policy "acme"'],
      [["polus", "--format", "html"], "--format must be one of table, markdown, json"],
      [["polus", "--width", "30"], "--width must be a whole number of at least 60"],
      [[], "expected one policy"],
      [["policies/none.policy.yaml"], "cannot be read: no such file"],
    ];
    for (const [args, message] of cases) {
      const io = memoryIO();
      expect(await showCommand.run(args, io), args.join(" ")).toBe(2);
      expect(io.err).toContain(message);
      expect(io.out).toBe("");
    }
  });
});
