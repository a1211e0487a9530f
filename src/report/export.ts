/**
 * A manifest in the field's own languages: a Fides `system` (privacy declarations in Fideslang
 * keys) and W3C DPV JSON-LD (one `dpv:PersonalDataHandling` per flow). Terms go through the
 * vocabulary's `fideslang` and `dpv` mappings, the nearest mapped ancestor standing in where a
 * term has none of its own; what cannot be said in the target language is listed in `gaps`,
 * never invented. Pure: no Node imports.
 */
import type { Flow, Manifest } from "../model/manifest.js";
import type { Policy } from "../model/policy.js";
import type { TermKind } from "../model/terms.js";
import { compareText } from "../order.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { checkObligations } from "../deadlines/index.js";
import { recordOfProcessing } from "./ropa.js";
import { recipientRole, standardKey, termLabel, unique, type RecipientRole } from "./terms.js";

/** What an export reads. */
export interface ExportInput {
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  /** The manifest's name (its file), used to name the system and the IRIs. */
  readonly name: string;
}

/** Something the target language could not carry, said plainly. */
export interface ExportGap {
  readonly subject: string;
  readonly message: string;
}

// ---------------------------------------------------------------- Fides

/** A Fides `DataFlow` (egress): another system the data goes to. */
export interface FidesDataFlow {
  readonly fides_key: string;
  readonly type: "system";
  readonly data_categories: readonly string[];
}

/** A Fides `PrivacyDeclaration` (fideslang `models.py`). */
export interface FidesPrivacyDeclaration {
  readonly name: string;
  readonly data_categories: readonly string[];
  readonly data_use: string;
  readonly data_subjects: readonly string[];
  readonly egress?: readonly string[];
  readonly retention_period?: string;
  readonly data_shared_with_third_parties: boolean;
  readonly third_parties?: string;
  readonly shared_categories: readonly string[];
}

/** A Fides `System` (fideslang `models.py`), with the fields pledge can fill. */
export interface FidesSystem {
  readonly fides_key: string;
  readonly name: string;
  readonly description: string;
  readonly system_type: string;
  readonly privacy_declarations: readonly FidesPrivacyDeclaration[];
  readonly egress?: readonly FidesDataFlow[];
  readonly responsibility?: readonly ("Controller" | "Processor" | "Sub-Processor")[];
  readonly legal_name?: string;
  readonly legal_address?: string;
  readonly dpo?: string;
  readonly data_security_practices?: string;
  readonly does_international_transfers?: boolean;
}

/** The outcome of {@link toFides}. */
export interface FidesExport {
  /** The application's system first, then one system per recipient it sends data to. */
  readonly system: readonly FidesSystem[];
  readonly gaps: readonly ExportGap[];
}

const fidesKey = (text: string): string => text.replace(/[^A-Za-z0-9_.<>-]+/g, "_").replace(/^_+|_+$/g, "");

const SYSTEM_TYPES: Readonly<Record<RecipientRole, string>> = {
  "first-party": "Service",
  processor: "Processor",
  "processor-and-third-party": "Processor",
  "third-party": "Third Party",
  authority: "Public Authority",
  other: "Recipient",
};

/**
 * The manifest as Fides `system` resources: one privacy declaration per purpose (data use,
 * data categories, data subjects, recipients, retention), the application as the controller's
 * system and each recipient other than the first party as a system it sends data to.
 *
 * @example
 * toFides({ manifest, policy: pomeg, vocabulary, name: "app.flows.yaml" }).system[0]?.privacy_declarations[0]
 * //=> { name: "Account management", data_use: "essential.service", data_categories: ["user.account", …], … }
 */
export function toFides({ manifest, policy, vocabulary, name }: ExportInput): FidesExport {
  const gaps: ExportGap[] = [];
  const key = (kind: TermKind, id: string, subject: string): string | undefined => {
    const found = standardKey(vocabulary, kind, id, "fideslang");
    if (!found) gaps.push({ subject, message: `the ${kind} term ${id} has no Fideslang key, nor has any term above it` });
    return found?.key;
  };
  const record = recordOfProcessing({ manifest, policy, vocabulary, file: name });
  const subjects = new Map(manifest.dataSubjects.map((s) => [s.id, s]));
  const appKey = fidesKey(`${policy.id}.${name.replace(/\.flows\.(?:ya?ml|json)(?:#\d+)?$/, "")}`);
  const recipientKey = (recipient: string) => fidesKey(`${appKey}.recipient.${recipient}`);
  const declarations: FidesPrivacyDeclaration[] = [];
  for (const activity of record.activities) {
    const use = key("purpose", activity.purpose.id, activity.purpose.id);
    if (use === undefined) continue;
    const flows = manifest.flows.filter((f) => activity.flows.includes(f.id));
    const categories = unique(flows.flatMap((f) => f.data.map((d) => key("data", d, f.id)).filter((k) => k !== undefined))).sort(compareText);
    if (categories.length === 0) continue;
    const dataSubjects = unique(
      flows.flatMap((f) =>
        (f.subjects ?? []).map((s) => {
          const fideslang = subjects.get(s)?.fideslang;
          if (fideslang === undefined) gaps.push({ subject: f.id, message: `the data subject ${s} names no Fideslang key` });
          return fideslang;
        }),
      ),
    )
      .filter((k) => k !== undefined)
      .sort(compareText);
    const outgoing = activity.recipients.filter((r) => r.role !== "first-party");
    const third = outgoing.filter((r) => r.role === "third-party" || r.role === "other");
    const shared = unique(
      flows.filter((f) => third.some((t) => t.id === f.recipient)).flatMap((f) => f.data.map((d) => key("data", d, f.id)).filter((k) => k !== undefined)),
    ).sort(compareText);
    const retention = activity.retention
      .map((r) => `${r.action} ${r.data.join(", ")} from ${r.stores.join(", ")} within ${r.maxDelay} of ${r.trigger} (rule ${r.ruleId}, §${r.citation.section})`)
      .join("; ");
    declarations.push({
      name: activity.purpose.label,
      data_categories: categories,
      data_use: use,
      data_subjects: dataSubjects,
      ...(outgoing.length > 0 ? { egress: outgoing.map((r) => recipientKey(r.id)) } : {}),
      ...(retention !== "" ? { retention_period: retention } : {}),
      data_shared_with_third_parties: third.length > 0,
      ...(third.length > 0 ? { third_parties: third.map((t) => t.label).join("; ") } : {}),
      shared_categories: shared,
    });
  }
  const recipients = unique(manifest.flows.map((f) => f.recipient).filter((r) => recipientRole(vocabulary, r) !== "first-party")).sort(compareText);
  const egress: FidesDataFlow[] = recipients.map((r) => ({
    fides_key: recipientKey(r),
    type: "system",
    data_categories: unique(manifest.flows.filter((f) => f.recipient === r).flatMap((f) => f.data.map((d) => standardKey(vocabulary, "data", d, "fideslang")?.key)))
      .filter((k) => k !== undefined)
      .sort(compareText),
  }));
  const safeguards = unique(manifest.flows.flatMap((f) => f.safeguards)).sort(compareText);
  const stated = policy.storageLocations;
  const app: FidesSystem = {
    fides_key: appKey,
    name: `${policy.operator.name}: ${name}`,
    description: `The data flows of ${name}, checked by pledge against the ${policy.title}.`,
    system_type: "Service",
    privacy_declarations: declarations,
    ...(egress.length > 0 ? { egress } : {}),
    responsibility: ["Controller"],
    legal_name: policy.operator.name,
    ...(policy.operator.address !== undefined ? { legal_address: policy.operator.address } : {}),
    ...(safeguards.length > 0 ? { data_security_practices: safeguards.map((s) => termLabel(vocabulary, "safeguard", s)).join("; ") } : {}),
    does_international_transfers: manifest.flows.some((f) => f.location !== undefined && stated.length > 0 && !stated.some((s) => vocabulary.isBelow("location", f.location ?? "", s))),
  };
  const others = recipients.map((r): FidesSystem => {
    const role = recipientRole(vocabulary, r);
    return {
      fides_key: recipientKey(r),
      name: termLabel(vocabulary, "recipient", r),
      description: `A recipient of ${name}'s data (${role}).`,
      system_type: SYSTEM_TYPES[role],
      privacy_declarations: [],
      ...(role === "processor" || role === "processor-and-third-party" ? { responsibility: ["Processor" as const] } : {}),
    };
  });
  return { system: [app, ...others], gaps: dedupeGaps(gaps) };
}

function dedupeGaps(gaps: readonly ExportGap[]): ExportGap[] {
  const seen = new Set<string>();
  return gaps
    .filter((g) => {
      const k = `${g.subject}\u0000${g.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => compareText(a.subject, b.subject) || compareText(a.message, b.message));
}

// ---------------------------------------------------------------- DPV

/** The JSON-LD prefixes of {@link toDpv}'s output. */
export const DPV_CONTEXT = {
  dpv: "https://w3id.org/dpv#",
  pd: "https://w3id.org/dpv/pd#",
  loc: "https://w3id.org/dpv/loc#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  dct: "http://purl.org/dc/terms/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
} as const;

/** A JSON-LD node. */
export type JsonLdNode = { readonly "@id"?: string; readonly "@type"?: string | readonly string[] } & { readonly [key: string]: unknown };

/** The outcome of {@link toDpv}. */
export interface DpvExport {
  readonly "@context": typeof DPV_CONTEXT;
  readonly "@graph": readonly JsonLdNode[];
}

/**
 * ISO 3166 and union codes of the base vocabulary's locations, as DPV's LOC extension names
 * them. The vocabulary maps data, purposes and actions itself; its locations carry no DPV IRI.
 */
const LOCATION_CODES: Readonly<Record<string, string>> = { bangladesh: "BD", azerbaijan: "AZ", eu: "EU", uk: "GB", us: "US" };

/** The DPV class a pledge term of each kind is an instance of, when it has no IRI of its own. */
const KIND_CLASS: Partial<Record<TermKind, string>> = {
  data: "dpv:PersonalData",
  purpose: "dpv:Purpose",
  action: "dpv:Processing",
  safeguard: "dpv:TechnicalOrganisationalMeasure",
  location: "dpv:Location",
  recipient: "dpv:Recipient",
};

const ROLE_CLASSES: Readonly<Record<RecipientRole, readonly string[]>> = {
  "first-party": ["dpv:DataController"],
  processor: ["dpv:DataProcessor"],
  "processor-and-third-party": ["dpv:DataProcessor", "dpv:ThirdParty"],
  "third-party": ["dpv:ThirdParty"],
  authority: ["dpv:Authority"],
  other: ["dpv:Recipient"],
};

const compact = (iri: string): string => {
  for (const [prefix, ns] of Object.entries(DPV_CONTEXT)) if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  return iri;
};

/**
 * The manifest as W3C DPV JSON-LD: the controller (`dpv:DataController`), each recipient typed
 * by its role (`dpv:DataProcessor` and `dpv:ThirdParty` kept apart, both where the policy puts a
 * recipient under both), and one `dpv:PersonalDataHandling` per flow with its personal data,
 * purposes, processing, recipient, data subjects, measures, location and storage durations.
 * A term without a DPV IRI of its own becomes a concept of this export, `skos:broader` its
 * nearest mapped ancestor.
 *
 * @example
 * toDpv({ manifest, policy: pomeg, vocabulary, name: "app.flows.yaml" })["@graph"].find((n) => n["@id"]?.endsWith("#flow/sign-up"))
 * //=> { "@type": "dpv:PersonalDataHandling", "dpv:hasPurpose": [{ "@id": "dpv:AccountManagement" }], … }
 */
export function toDpv({ manifest, policy, vocabulary, name }: ExportInput): DpvExport {
  const base = `urn:pledge:${encodeURI(name)}`;
  const concepts = new Map<string, JsonLdNode>();
  const ref = (kind: TermKind, id: string): { "@id": string } => {
    if (kind === "location" && LOCATION_CODES[id] !== undefined) return { "@id": `loc:${LOCATION_CODES[id]}` };
    const own = vocabulary.term(kind, id)?.dpv;
    if (own !== undefined) return { "@id": compact(own) };
    const local = `${base}#${kind}/${id}`;
    if (!concepts.has(local)) {
      const broader = standardKey(vocabulary, kind, id, "dpv");
      concepts.set(local, {
        "@id": local,
        "@type": ["skos:Concept", KIND_CLASS[kind] ?? "skos:Concept"],
        "skos:prefLabel": termLabel(vocabulary, kind, id),
        ...(broader !== undefined ? { "skos:broader": { "@id": compact(broader.key) } } : {}),
      });
    }
    return { "@id": local };
  };
  const controller = `${base}#controller`;
  const rulesOf = new Map(checkObligations({ policy, vocabulary }, manifest).retention.data.map((d) => [d.data, d.rules]));
  const storageOf = (ruleId: string): JsonLdNode | undefined => {
    const rule = policy.retention.find((r) => r.id === ruleId);
    if (!rule) return undefined;
    return {
      "@type": "dpv:StorageDuration",
      "dct:identifier": rule.id,
      "rdf:value": rule.maxDelay,
      "dct:description": `${rule.action} ${rule.data.join(", ")} from ${rule.stores.join(", ")} within ${rule.maxDelay} of ${rule.trigger} (§${rule.citation.section}: "${rule.citation.quote}")`,
    };
  };
  const subjects = new Map(manifest.dataSubjects.map((s) => [s.id, s]));
  const subjectNodes: JsonLdNode[] = manifest.dataSubjects.map((s) => ({
    "@id": `${base}#subject/${s.id}`,
    "@type": ["dpv:DataSubject", ...(s.dpv !== undefined ? [compact(s.dpv)] : [])],
    "skos:prefLabel": s.description,
  }));
  const recipients = unique(manifest.flows.map((f) => f.recipient)).sort(compareText);
  const recipientNodes: JsonLdNode[] = recipients
    .filter((r) => recipientRole(vocabulary, r) !== "first-party")
    .map((r) => ({
      "@id": `${base}#recipient/${r}`,
      "@type": [...ROLE_CLASSES[recipientRole(vocabulary, r)]],
      "skos:prefLabel": termLabel(vocabulary, "recipient", r),
    }));
  const handling = (flow: Flow): JsonLdNode => {
    const role = recipientRole(vocabulary, flow.recipient);
    const storage = unique(flow.data.flatMap((d) => rulesOf.get(d) ?? []))
      .sort(compareText)
      .map(storageOf)
      .filter((n) => n !== undefined);
    return {
      "@id": `${base}#flow/${flow.id}`,
      "@type": "dpv:PersonalDataHandling",
      "dct:identifier": flow.id,
      "dct:description": flow.description,
      "dpv:hasDataController": { "@id": controller },
      "dpv:hasPersonalData": flow.data.map((d) => ref("data", d)),
      "dpv:hasPurpose": flow.purposes.map((p) => ref("purpose", p)),
      "dpv:hasProcessing": [ref("action", flow.action)],
      ...(role === "first-party" ? {} : { "dpv:hasRecipient": { "@id": `${base}#recipient/${flow.recipient}` } }),
      ...(flow.subjects !== undefined ? { "dpv:hasDataSubject": flow.subjects.filter((s) => subjects.has(s)).map((s) => ({ "@id": `${base}#subject/${s}` })) } : {}),
      ...(flow.safeguards.length > 0 ? { "dpv:hasTechnicalOrganisationalMeasure": flow.safeguards.map((s) => ref("safeguard", s)) } : {}),
      ...(flow.location !== undefined ? { "dpv:hasLocation": ref("location", flow.location) } : {}),
      ...(storage.length > 0 ? { "dpv:hasStorageCondition": storage } : {}),
    };
  };
  const flows = manifest.flows.map(handling);
  const controllerNode: JsonLdNode = {
    "@id": controller,
    "@type": "dpv:DataController",
    "skos:prefLabel": policy.operator.name,
    ...(policy.operator.address !== undefined ? { "dpv:hasAddress": policy.operator.address } : {}),
    ...(policy.operator.contact !== undefined ? { "dpv:hasContact": policy.operator.contact } : {}),
    "dct:source": { "@id": policy.source.url ?? `urn:sha256:${policy.source.sha256}` },
  };
  const localConcepts = [...concepts.values()].sort((a, b) => compareText(a["@id"] ?? "", b["@id"] ?? ""));
  return { "@context": DPV_CONTEXT, "@graph": [controllerNode, ...recipientNodes, ...subjectNodes, ...flows, ...localConcepts] };
}
