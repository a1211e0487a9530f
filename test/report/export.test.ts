/**
 * The exports checked against the real vocabularies, kept in test/report/standards/ with their
 * source repository, version and commit (see its README.md):
 * - Fideslang 3.1.4a1: every data category, data use and data subject key of the default
 *   taxonomy, and the System / PrivacyDeclaration / DataFlow fields of `models.py`;
 * - W3C DPV 2.3: every concept and property IRI of DPV and its PD extension, and LOC's countries.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { exportCommand } from "../../src/cli/commands/export.js";
import { INPUT_CODES } from "../../src/lint.js";
import { lintManifest } from "../../src/manifest/validate.js";
import { resolveBundledPolicy } from "../../src/policy/registry.js";
import { DPV_CONTEXT, toDpv, toFides, type ExportInput, type JsonLdNode } from "../../src/report/export.js";
import { ROOT } from "../cli/helpers.js";
import { memoryIO } from "../support/io.js";

const STANDARDS = join(ROOT, "test/report/standards");
interface FideslangEntry {
  key: string;
  deprecated?: string;
}
const fideslang = JSON.parse(readFileSync(join(STANDARDS, "fideslang.json"), "utf8")) as {
  version: string;
  commit: string;
  data_categories: FideslangEntry[];
  data_uses: FideslangEntry[];
  data_subjects: FideslangEntry[];
};
const dpv = JSON.parse(readFileSync(join(STANDARDS, "dpv.json"), "utf8")) as { version: string; commit: string; concepts: Record<string, string[]>; properties: Record<string, unknown> };

const live = (list: FideslangEntry[]) => new Set(list.filter((e) => e.deprecated === undefined).map((e) => e.key));
const CATEGORIES = live(fideslang.data_categories);
const USES = live(fideslang.data_uses);
const SUBJECTS = live(fideslang.data_subjects);

/** fideslang validation.py FIDES_KEY_PATTERN. */
const FidesKey = z.string().regex(/^[a-zA-Z0-9_.<>-]+$/);
/** The fields of fideslang models.py that pledge writes (required ones required, as pydantic has them); any other key is refused, so a misspelt field fails. */
const PrivacyDeclaration = z.strictObject({
  name: z.string().optional(),
  data_categories: z.array(FidesKey.refine((k) => CATEGORIES.has(k), { message: "not a Fideslang data category" })),
  data_use: FidesKey.refine((k) => USES.has(k), { message: "not a Fideslang data use" }),
  data_subjects: z.array(FidesKey.refine((k) => SUBJECTS.has(k), { message: "not a Fideslang data subject" })),
  egress: z.array(FidesKey).optional(),
  retention_period: z.string().optional(),
  data_shared_with_third_parties: z.boolean(),
  third_parties: z.string().optional(),
  shared_categories: z.array(z.string()),
});
const DataFlow = z.strictObject({ fides_key: FidesKey, type: z.enum(["dataset", "system", "user"]), data_categories: z.array(FidesKey).optional() });
const System = z.strictObject({
  fides_key: FidesKey,
  name: z.string().optional(),
  description: z.string().optional(),
  system_type: z.string(),
  privacy_declarations: z.array(PrivacyDeclaration),
  egress: z.array(DataFlow).optional(),
  responsibility: z.array(z.enum(["Controller", "Processor", "Sub-Processor"])).optional(),
  legal_name: z.string().optional(),
  legal_address: z.string().optional(),
  data_security_practices: z.string().optional(),
  does_international_transfers: z.boolean().optional(),
});
const FidesManifest = z.strictObject({ system: z.array(System) });

const TODAY = "2026-11-23";
const EXAMPLES = ["pomeg", "pocketo", "polus"].flatMap((p) => [`examples/${p}/app.flows.yaml`, `examples/${p}/violations.flows.yaml`]);

function input(file: string): ExportInput {
  const lint = lintManifest(load(readFileSync(join(ROOT, file), "utf8")), resolveBundledPolicy, { today: TODAY });
  if (!lint.manifest || !lint.policy || !lint.vocabulary || lint.findings.some((f) => INPUT_CODES.has(f.code))) throw new Error(`${file} is not valid`);
  return { manifest: lint.manifest, policy: lint.policy, vocabulary: lint.vocabulary, name: file };
}

/** Every IRI a JSON-LD value names in the DPV namespaces, expanded. */
function dpvIris(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) dpvIris(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes(":") && !key.startsWith("@")) out.add(expand(key));
      if (key === "@id" || key === "@type") for (const iri of [v].flat()) if (typeof iri === "string") out.add(expand(iri));
      if (key !== "@context") dpvIris(v, out);
    }
  }
  return new Set([...out].filter((iri) => iri.startsWith("https://w3id.org/dpv")));
}

function expand(term: string): string {
  const [prefix, rest] = term.split(/:(.*)/s) as [string, string | undefined];
  const ns = (DPV_CONTEXT as Record<string, string>)[prefix];
  return ns !== undefined && rest !== undefined ? ns + rest : term;
}

/**
 * IRIs the base vocabulary maps terms to that DPV 2.3 does not define (policies/base.vocabulary.yaml
 * and pomeg.policy.yaml; reported to the vocabulary's owner). The export passes them on as the
 * vocabulary states them; this list pins exactly which they are, so that a fix shows here.
 */
describe("the kept vocabularies", () => {
  it("say where they come from", () => {
    expect(fideslang).toMatchObject({ version: "3.1.4a1", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(dpv).toMatchObject({ version: "2.3", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(SUBJECTS.has("customer") && USES.has("essential.service") && CATEGORIES.has("user.contact.email")).toBe(true);
  });
});

describe("pledge export --format fides", () => {
  it.each(EXAMPLES)("%s gives systems whose keys are all in Fideslang", (file) => {
    const out = toFides(input(file));
    const parsed = FidesManifest.safeParse({ system: out.system });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
    const keys = new Set(out.system.map((s) => s.fides_key));
    for (const system of out.system) for (const flow of system.egress ?? []) expect(keys.has(flow.fides_key), flow.fides_key).toBe(true);
  });

  it("declares one privacy declaration per purpose, with the declared data subjects and recipients", () => {
    const out = toFides(input("examples/pomeg/app.flows.yaml"));
    const [app] = out.system;
    const auth = app?.privacy_declarations.find((d) => d.name === "Authentication");
    expect(auth).toMatchObject({ data_use: "essential.service.authentication", data_subjects: ["customer"], data_shared_with_third_parties: false });
    expect(auth?.data_categories).toContain("user.authorization.password");
    const hosting = out.system.find((s) => s.fides_key.endsWith("recipient.cloud-hosting-provider"));
    expect(hosting).toMatchObject({ system_type: "Processor", responsibility: ["Processor"] });
    expect(out.gaps).toEqual([]);
  });

  it("lists what Fideslang cannot say instead of inventing a key", () => {
    const out = toFides(input("examples/pomeg/violations.flows.yaml"));
    expect(out.gaps).toContainEqual({ subject: "secondary-purpose", message: "the purpose term secondary-purpose has no Fideslang key, nor has any term above it" });
  });

  it("writes YAML that reads back to the same systems", async () => {
    const io = memoryIO({ cwd: ROOT });
    expect(await exportCommand.run(["--format", "fides", "examples/polus/app.flows.yaml", "--now", TODAY], io)).toBe(0);
    expect(load(io.out)).toEqual({ system: toFides(input("examples/polus/app.flows.yaml")).system });
  });
});

describe("pledge export --format dpv", () => {
  it.each(EXAMPLES)("%s names only DPV 2.3 concepts and properties", (file) => {
    const graph = toDpv(input(file));
    const unknown = [...dpvIris(graph)].filter((iri) => !(iri in dpv.concepts) && !(iri in dpv.properties));
    expect(unknown).toEqual([]);
  });

  it("keeps processors and third parties apart, as DPV does", () => {
    expect(dpv.concepts["https://w3id.org/dpv#ThirdParty"]).not.toContain("https://w3id.org/dpv#DataProcessor");
    const nodes = toDpv(input("examples/pocketo/app.flows.yaml"))["@graph"];
    const types = (id: string) => [nodes.find((n) => n["@id"]?.endsWith(`#recipient/${id}`))?.["@type"]].flat();
    expect(types("openai")).toEqual(["dpv:ThirdParty"]);
    expect(types("cloud-provider")).toEqual(["dpv:DataProcessor"]);
  });

  it("gives one dpv:PersonalDataHandling per flow, with its data, purposes, processing and storage durations", () => {
    const i = input("examples/pomeg/app.flows.yaml");
    const nodes = toDpv(i)["@graph"];
    const handlings = nodes.filter((n) => n["@type"] === "dpv:PersonalDataHandling");
    expect(handlings.map((n) => n["dct:identifier"])).toEqual(i.manifest.flows.map((f) => f.id));
    const signUp = handlings.find((n) => n["dct:identifier"] === "sign-up") as JsonLdNode;
    expect(signUp["dpv:hasPurpose"]).toEqual([{ "@id": "dpv:AccountManagement" }]);
    expect(signUp["dpv:hasProcessing"]).toEqual([{ "@id": "dpv:Collect" }]);
    expect(signUp["dpv:hasDataSubject"]).toEqual([{ "@id": "urn:pledge:examples/pomeg/app.flows.yaml#subject/account-holders" }]);
    expect((signUp["dpv:hasStorageCondition"] as JsonLdNode[]).map((s) => s["dct:identifier"])).toEqual(["s6-account-deletion", "s6-backups"]);
  });

  it("makes a term without an IRI a concept of the export, under its nearest mapped ancestor", () => {
    const nodes = toDpv(input("examples/pomeg/app.flows.yaml"))["@graph"];
    const concept = nodes.find((n) => n["@id"]?.endsWith("#data/organisation-name"));
    expect(concept).toMatchObject({ "@type": ["skos:Concept", "dpv:PersonalData"], "skos:prefLabel": "Business or organisation name", "skos:broader": { "@id": "dpv:PersonalData" } });
  });
});
