/**
 * Records of processing activities (GDPR Art. 30(1)) derived from a manifest and its policy:
 * one activity per purpose the flows declare. Every field says where it comes from; a field
 * the inputs do not give is "not declared", never guessed. Pure: no Node imports.
 */
import { checkObligations } from "../deadlines/index.js";
import { describeDuration } from "../deadlines/time.js";
import type { Citation } from "../model/citation.js";
import type { Flow, Manifest } from "../model/manifest.js";
import type { Policy } from "../model/policy.js";
import { compareText } from "../order.js";
import type { Vocabulary } from "../vocabulary/vocabulary.js";
import { recipientRole, termLabel, unique, type RecipientRole } from "./terms.js";

/** What is written where the inputs say nothing. */
export const NOT_DECLARED = "not declared";

/** A term with its label. */
export interface LabelledTerm {
  readonly id: string;
  readonly label: string;
}

/** One retention rule of the policy that bounds data of an activity. */
export interface RetentionPromise {
  readonly ruleId: string;
  readonly action: Policy["retention"][number]["action"];
  readonly data: readonly string[];
  readonly stores: readonly string[];
  readonly trigger: string;
  /** ISO 8601, `PT0S` for "immediately". */
  readonly maxDelay: string;
  readonly tolerance?: string;
  readonly citation: Citation;
}

/** One deletion plan of the manifest that deletes data of an activity. */
export interface PlannedDeletion {
  readonly planId: string;
  readonly trigger: string;
  readonly steps: readonly { readonly store: string; readonly data: readonly string[]; readonly when: string }[];
}

/** One processing activity: the flows that serve one purpose. */
export interface ProcessingActivity {
  readonly purpose: LabelledTerm;
  /** Ids of the flows declaring the purpose, in manifest order. */
  readonly flows: readonly string[];
  /** Art. 30(1)(c): categories of personal data. */
  readonly dataCategories: readonly LabelledTerm[];
  /** Art. 30(1)(c): categories of data subjects named by the flows' `subjects`. */
  readonly dataSubjects: readonly LabelledTerm[];
  /** Flows of the activity that name no data subjects. */
  readonly subjectsUndeclared: readonly string[];
  /** Art. 30(1)(d): recipients, with their role. */
  readonly recipients: readonly (LabelledTerm & { readonly role: RecipientRole })[];
  /** Art. 30(1)(e): where the flows declare the data is stored or processed. */
  readonly locations: readonly (LabelledTerm & { readonly outsideStatedLocations: boolean; readonly flows: readonly string[] })[];
  /** Flows of the activity that declare no location. */
  readonly locationUndeclared: readonly string[];
  /** Art. 30(1)(f): the policy's deletion deadlines for the activity's data. */
  readonly retention: readonly RetentionPromise[];
  /** Art. 30(1)(f): the manifest's deletion plans for the activity's data. */
  readonly plannedDeletions: readonly PlannedDeletion[];
  /** Data categories no plan ever deletes. */
  readonly unboundedData: readonly string[];
  /** Art. 30(1)(g): technical and organisational security measures the flows declare. */
  readonly securityMeasures: readonly LabelledTerm[];
}

/** The record of processing activities of one manifest. */
export interface RecordOfProcessing {
  /** The manifest file, when known. */
  readonly file?: string;
  readonly policy: { readonly id: string; readonly title: string; readonly lastUpdated: string | null; readonly sha256: string };
  /** Art. 30(1)(a): the controller, from the policy's operator. */
  readonly controller: {
    readonly name: string;
    readonly address: string;
    readonly contact: string;
    readonly website: string;
    readonly jurisdictions: readonly string[];
    /** Neither the policy nor the manifest names a data protection officer. */
    readonly dataProtectionOfficer: string;
    /** Art. 30(1)(a) "where applicable": neither input names a joint controller (Art. 26). */
    readonly jointController: string;
    /** Art. 30(1)(a) "where applicable": neither input names a representative in the Union (Art. 27). */
    readonly representative: string;
  };
  /** Every data subject category the manifest declares. */
  readonly dataSubjects: readonly LabelledTerm[];
  /** Where the policy says data is stored or processed. */
  readonly statedLocations: readonly LabelledTerm[];
  /** One per purpose, sorted by purpose id. */
  readonly activities: readonly ProcessingActivity[];
}

/** What {@link recordOfProcessing} reads. */
export interface RopaInput {
  readonly manifest: Manifest;
  readonly policy: Policy;
  readonly vocabulary: Vocabulary;
  readonly file?: string;
}

const labelled = (vocabulary: Vocabulary, kind: Parameters<typeof termLabel>[1], ids: Iterable<string>): LabelledTerm[] =>
  unique(ids)
    .sort(compareText)
    .map((id) => ({ id, label: termLabel(vocabulary, kind, id) }));

/**
 * The Art. 30(1) record of a manifest: the controller from the policy's operator, then one
 * processing activity per purpose with its data, data subjects, recipients (processors and
 * third parties marked), locations, retention (the policy's rules and the manifest's plans)
 * and security measures (the flows' safeguards).
 *
 * @example
 * const record = recordOfProcessing({ manifest, policy: pomeg, vocabulary });
 * record.controller.name //=> "Pomeg AI"
 * record.activities.find((a) => a.purpose.id === "authentication")?.securityMeasures.map((s) => s.id)
 * //=> ["access-control", "bcrypt", "security-monitoring"]
 */
export function recordOfProcessing({ manifest, policy, vocabulary, file }: RopaInput): RecordOfProcessing {
  const obligations = checkObligations({ policy, vocabulary }, manifest);
  const retentionOf = new Map(obligations.retention.data.map((d) => [d.data, d]));
  const byPurpose = new Map<string, Flow[]>();
  for (const flow of manifest.flows) {
    for (const purpose of unique(flow.purposes)) {
      const flows = byPurpose.get(purpose) ?? [];
      flows.push(flow);
      byPurpose.set(purpose, flows);
    }
  }
  const subjectById = new Map(manifest.dataSubjects.map((s) => [s.id, s]));
  const stated = policy.storageLocations;
  const activities = [...byPurpose.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([purpose, flows]): ProcessingActivity => {
      const data = unique(flows.flatMap((f) => f.data));
      const retained = data.map((d) => retentionOf.get(d)).filter((d) => d !== undefined);
      const ruleIds = new Set(retained.flatMap((d) => d.rules));
      const planIds = new Set(retained.flatMap((d) => d.plans));
      const locations = new Map<string, string[]>();
      for (const flow of flows) if (flow.location !== undefined) locations.set(flow.location, [...(locations.get(flow.location) ?? []), flow.id]);
      return {
        purpose: { id: purpose, label: termLabel(vocabulary, "purpose", purpose) },
        flows: flows.map((f) => f.id),
        dataCategories: labelled(vocabulary, "data", data),
        dataSubjects: unique(flows.flatMap((f) => f.subjects ?? []))
          .sort(compareText)
          .map((id) => ({ id, label: subjectById.get(id)?.description ?? id })),
        subjectsUndeclared: flows.filter((f) => f.subjects === undefined).map((f) => f.id),
        recipients: labelled(vocabulary, "recipient", flows.map((f) => f.recipient)).map((r) => ({ ...r, role: recipientRole(vocabulary, r.id) })),
        locations: [...locations.entries()]
          .sort(([a], [b]) => compareText(a, b))
          .map(([id, ids]) => ({
            id,
            label: termLabel(vocabulary, "location", id),
            outsideStatedLocations: stated.length > 0 && !stated.some((s) => vocabulary.isBelow("location", id, s)),
            flows: ids,
          })),
        locationUndeclared: flows.filter((f) => f.location === undefined).map((f) => f.id),
        retention: policy.retention
          .filter((rule) => ruleIds.has(rule.id))
          .sort((a, b) => compareText(a.id, b.id))
          .map((rule) => ({
            ruleId: rule.id,
            action: rule.action,
            data: rule.data,
            stores: rule.stores,
            trigger: rule.trigger,
            maxDelay: rule.maxDelay,
            ...(rule.tolerance !== undefined ? { tolerance: rule.tolerance } : {}),
            citation: rule.citation,
          })),
        plannedDeletions: manifest.deletion
          .filter((plan) => planIds.has(plan.id))
          .map((plan) => ({
            planId: plan.id,
            trigger: plan.trigger,
            steps: plan.steps.map((step) => ({
              store: step.store,
              data: step.data,
              when: step.keep !== undefined ? `kept (${step.keep.ground})` : step.after !== undefined ? step.after : (step.at ?? ""),
            })),
          })),
        unboundedData: retained.filter((d) => d.status === "unbounded").map((d) => d.data).sort(compareText),
        securityMeasures: labelled(vocabulary, "safeguard", flows.flatMap((f) => f.safeguards)),
      };
    });
  const operator = policy.operator;
  return {
    ...(file !== undefined ? { file } : {}),
    policy: { id: policy.id, title: policy.title, lastUpdated: policy.lastUpdated, sha256: policy.source.sha256 },
    controller: {
      name: operator.name,
      address: operator.address ?? NOT_DECLARED,
      contact: operator.contact ?? NOT_DECLARED,
      website: operator.website ?? NOT_DECLARED,
      jurisdictions: policy.jurisdictions,
      dataProtectionOfficer: NOT_DECLARED,
      jointController: NOT_DECLARED,
      representative: NOT_DECLARED,
    },
    dataSubjects: manifest.dataSubjects.map((s) => ({ id: s.id, label: s.description })),
    statedLocations: labelled(vocabulary, "location", stated),
    activities,
  };
}

// ---------------------------------------------------------------- wording

/** The cells of one activity, as the CSV and Markdown formats show them. */
export interface ActivityCells {
  readonly purpose: string;
  readonly dataSubjects: string;
  readonly dataCategories: string;
  readonly recipients: string;
  readonly transfers: string;
  readonly retention: string;
  readonly securityMeasures: string;
  readonly flows: string;
}

const list = (items: readonly string[]): string => (items.length === 0 ? NOT_DECLARED : items.join("; "));

/**
 * One activity worded for a table: lists joined with "; ", "not declared" where empty, each
 * recipient with its role, each retention rule with its deadline, trigger and section.
 *
 * @example
 * activityCells(record.activities[0]).recipients
 * //=> "The operator itself (first party (the controller)); Cloud hosting provider (processor the policy calls a third party)"
 */
export function activityCells(activity: ProcessingActivity): ActivityCells {
  const subjects = activity.dataSubjects.map((s) => s.label);
  if (subjects.length > 0 && activity.subjectsUndeclared.length > 0) subjects.push(`${NOT_DECLARED} for ${activity.subjectsUndeclared.join(", ")}`);
  const transfers = activity.locations.map((l) => `${l.label}${l.outsideStatedLocations ? " (outside the locations the policy states)" : ""}`);
  if (transfers.length > 0 && activity.locationUndeclared.length > 0) transfers.push(`${NOT_DECLARED} for ${activity.locationUndeclared.join(", ")}`);
  const retention = [
    ...activity.retention.map((r) => {
      const delay = r.maxDelay === "PT0S" ? "immediately" : `within ${describeDuration(r.maxDelay)}`;
      const tolerance = r.tolerance !== undefined ? ` (tolerance ${describeDuration(r.tolerance)})` : "";
      return `${r.action} ${r.data.join(", ")} from ${r.stores.join(", ")} ${delay}${tolerance} of ${r.trigger} (rule ${r.ruleId}, §${r.citation.section})`;
    }),
    ...activity.plannedDeletions.map((p) => `plan ${p.planId} on ${p.trigger}: ${p.steps.map((s) => `${s.data.join(", ")} from ${s.store} ${s.when}`).join(", ")}`),
    ...(activity.unboundedData.length > 0 ? [`no plan deletes ${activity.unboundedData.join(", ")}`] : []),
  ];
  return {
    purpose: activity.purpose.label,
    dataSubjects: list(subjects),
    dataCategories: list(activity.dataCategories.map((d) => d.label)),
    recipients: list(activity.recipients.map((r) => `${r.label} (${roleWord(r.role)})`)),
    transfers: list(transfers),
    retention: list(retention),
    securityMeasures: list(activity.securityMeasures.map((s) => s.label)),
    flows: activity.flows.join(", "),
  };
}

function roleWord(role: RecipientRole): string {
  return role === "first-party" ? "first party" : role === "processor-and-third-party" ? "processor; the policy calls it a third party" : role === "authority" ? "public authority" : role === "other" ? "other recipient" : role.replace("-", " ");
}

/** The columns of the CSV and Markdown records, with their Art. 30(1) letters. */
export const ROPA_COLUMNS: readonly { readonly key: keyof ActivityCells; readonly title: string }[] = [
  { key: "purpose", title: "Purpose (30(1)(b))" },
  { key: "dataSubjects", title: "Data subjects (30(1)(c))" },
  { key: "dataCategories", title: "Personal data (30(1)(c))" },
  { key: "recipients", title: "Recipients (30(1)(d))" },
  { key: "transfers", title: "Locations and transfers (30(1)(e))" },
  { key: "retention", title: "Erasure time limits (30(1)(f))" },
  { key: "securityMeasures", title: "Security measures (30(1)(g))" },
  { key: "flows", title: "Flows" },
];

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * Records as CSV (RFC 4180, CRLF line ends): one row per activity, led by the manifest file
 * and the controller (Art. 30(1)(a)).
 *
 * @example
 * ropaCsv([record]).split("\r\n")[0]
 * //=> "Manifest,Controller (30(1)(a)),Controller contact (30(1)(a)),Joint controller (30(1)(a)),…"
 */
export function ropaCsv(records: readonly RecordOfProcessing[]): string {
  const header = ["Manifest", "Controller (30(1)(a))", "Controller contact (30(1)(a))", "Joint controller (30(1)(a))", "Representative (30(1)(a))", "Data protection officer (30(1)(a))", ...ROPA_COLUMNS.map((c) => c.title)];
  const rows = records.flatMap((record) =>
    record.activities.map((activity) => {
      const cells = activityCells(activity);
      const c = record.controller;
      return [record.file ?? "", c.name, controllerContact(record), c.jointController, c.representative, c.dataProtectionOfficer, ...ROPA_COLUMNS.map((col) => cells[col.key])];
    }),
  );
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function controllerContact(record: RecordOfProcessing): string {
  const c = record.controller;
  return [c.address !== NOT_DECLARED ? c.address : "", c.contact !== NOT_DECLARED ? c.contact : ""].filter((x) => x !== "").join("; ") || NOT_DECLARED;
}

const mdCell = (value: string): string => value.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/**
 * Records as Markdown: per manifest, the controller, then a table of activities whose columns
 * are Art. 30(1)'s letters.
 *
 * @example
 * ropaMarkdown([record]).split("\n")[0] //=> "# Record of processing activities: examples/pomeg/app.flows.yaml"
 */
export function ropaMarkdown(records: readonly RecordOfProcessing[]): string {
  const out: string[] = [];
  for (const record of records) {
    const c = record.controller;
    out.push(
      `# Record of processing activities${record.file !== undefined ? `: ${record.file}` : ""}`,
      "",
      `Derived by pledge from the manifest and the ${record.policy.title} (${record.policy.id}, last updated ${record.policy.lastUpdated ?? NOT_DECLARED}, source sha256 ${record.policy.sha256}). Where a field says "${NOT_DECLARED}", neither the manifest nor the policy gives it.`,
      "",
      "## Controller (Art. 30(1)(a))",
      "",
      `- Name: ${c.name}`,
      `- Address: ${c.address}`,
      `- Contact: ${c.contact}`,
      `- Website: ${c.website}`,
      `- Established in: ${c.jurisdictions.length > 0 ? c.jurisdictions.join(", ") : NOT_DECLARED}`,
      `- Joint controller: ${c.jointController}`,
      `- Representative in the Union (Art. 27): ${c.representative}`,
      `- Data protection officer: ${c.dataProtectionOfficer}`,
      `- Locations the policy states: ${record.statedLocations.length > 0 ? record.statedLocations.map((l) => l.label).join(", ") : NOT_DECLARED}`,
      `- Categories of data subjects: ${record.dataSubjects.length > 0 ? record.dataSubjects.map((s) => s.label).join("; ") : NOT_DECLARED}`,
      "",
      "## Processing activities",
      "",
      `| ${ROPA_COLUMNS.map((col) => col.title).join(" | ")} |`,
      `| ${ROPA_COLUMNS.map(() => "---").join(" | ")} |`,
      ...record.activities.map((activity) => {
        const cells = activityCells(activity);
        return `| ${ROPA_COLUMNS.map((col) => mdCell(cells[col.key])).join(" | ")} |`;
      }),
      "",
    );
  }
  return out.join("\n");
}
