import { FINDING_CODES, type FindingCode } from "../findings.js";

/** What a finding code means, for SARIF's `tool.driver.rules` and `--help`. */
export interface RuleInfo {
  readonly id: FindingCode;
  /** A short name in PascalCase, as SARIF's `name`. */
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly help: string;
  /** The level a finding of this code usually has (some codes are errors or warnings case by case). */
  readonly level: "error" | "warning";
  readonly tags: readonly string[];
}

const INFO: Record<FindingCode, Omit<RuleInfo, "id" | "name">> = {
  "parse-error": {
    short: "The file is not valid YAML or JSON.",
    full: "The manifest cannot be parsed: a YAML or JSON syntax error, a duplicate key, nesting too deep, or aliases that expand too far.",
    help: "Fix the syntax at the reported line and column. JSON files (.json) are read as strict JSON; YAML files as YAML 1.2.",
    level: "error",
    tags: ["input"],
  },
  "schema-invalid": {
    short: "The manifest does not have the shape pledge expects.",
    full: "A field is missing, has the wrong type, is not a valid ISO 8601 duration or calendar date, or is not known (unknown keys are errors so that nothing written is silently ignored).",
    help: "Compare the manifest with schemas/manifest.schema.json; editors validate as you type when the file starts with a `# yaml-language-server: $schema=…` line (pledge init writes one).",
    level: "error",
    tags: ["input"],
  },
  "unknown-term": {
    short: "A term is not in the policy's vocabulary.",
    full: "A data category, purpose, recipient, action, condition, safeguard, store, event, right, channel or location names a term that neither the base vocabulary nor the policy defines.",
    help: "Use a term of the policy's vocabulary (the message suggests the nearest ones), or add the term to your own policy file.",
    level: "error",
    tags: ["input"],
  },
  "duplicate-id": {
    short: "Two flows or deletion plans share an id.",
    full: "Flow and deletion-plan ids identify findings, waivers and SARIF fingerprints, so each must be unique within a manifest.",
    help: "Rename one of them.",
    level: "error",
    tags: ["input"],
  },
  "unknown-policy": {
    short: "The manifest names a policy pledge cannot find.",
    full: "The `policy` field must be a bundled policy id (see `pledge policies`) or a path to a valid policy file, relative to the manifest.",
    help: "Run `pledge policies` for the bundled ids, or fix the path.",
    level: "error",
    tags: ["input"],
  },
  "input-refused": {
    short: "The input cannot be read as a manifest.",
    full: "The path does not exist or cannot be read, or the file is empty, binary, not UTF-8, or over the size limit.",
    help: "Point pledge at manifest files (**/*.flows.{yaml,yml,json}).",
    level: "error",
    tags: ["input"],
  },
  "check-failed": {
    short: "A check of pledge failed on this manifest.",
    full: "One of pledge's checks stopped with an unexpected error on this manifest: a bug in pledge, not in the manifest. The manifest's other findings, and every other file, are still reported.",
    help: "Please report it with the manifest (PLEDGE_DEBUG=1 prints the error's stack); the finding names the check.",
    level: "error",
    tags: ["input"],
  },
  "flow-omitted": {
    short: "The policy does not disclose this data flow.",
    full: "No statement of the policy covers the flow's action, data, recipient and purposes (PoliCheck's 'omitted' verdict).",
    help: "Either the flow should not happen, or the policy must disclose it before it ships.",
    level: "error",
    tags: ["privacy", "disclosure"],
  },
  "flow-vague": {
    short: "The policy discloses this flow only in broader terms.",
    full: "The flow is covered only by statements with broader terms than its own ('AI providers' for OpenAI): PoliCheck's 'vague' verdict.",
    help: "Usually acceptable; consider whether users would recognise the flow from the policy's wording. Waive it with a reason if so.",
    level: "warning",
    tags: ["privacy", "disclosure"],
  },
  "flow-incorrect": {
    short: "The policy says this flow does not happen.",
    full: "A must-not statement of the policy covers the flow and no permission survives it (PoliCheck's 'incorrect' verdict).",
    help: "Stop the flow, or change the policy (and tell users) before it ships.",
    level: "error",
    tags: ["privacy", "disclosure"],
  },
  "flow-ambiguous": {
    short: "The policy both allows and forbids this flow.",
    full: "A permission and a prohibition of the policy both cover the flow: the policy contradicts itself here (PolicyLint's contradictions).",
    help: "Ask the policy's owner which statement holds, fix the text, and re-encode it.",
    level: "error",
    tags: ["privacy", "contradiction"],
  },
  "condition-unmet": {
    short: "The flow lacks a condition the policy requires.",
    full: "The statement that allows the flow requires a condition (user action, opt-in, OAuth grant…) that the flow does not declare.",
    help: "Make the flow happen only under the condition and declare it in `conditions`.",
    level: "error",
    tags: ["privacy", "requirement"],
  },
  "safeguard-missing": {
    short: "The flow lacks a safeguard the policy promises.",
    full: "A statement covering the flow promises a safeguard (encryption at rest, bcrypt…) that the flow does not declare.",
    help: "Add the safeguard and declare it in `safeguards`.",
    level: "error",
    tags: ["privacy", "security"],
  },
  "location-undisclosed": {
    short: "The flow happens where the policy does not say data goes.",
    full: "The flow's location is not among the locations the policy discloses for it.",
    help: "Move the processing, or disclose the location in the policy.",
    level: "error",
    tags: ["privacy", "transfer"],
  },
  "age-limit": {
    short: "The application admits users younger than the policy allows.",
    full: "The flow's audience admits an age below the policy's minimum age (for the audience's region).",
    help: "Raise the minimum age of the audience, or change the policy.",
    level: "error",
    tags: ["privacy", "children"],
  },
  "deletion-late": {
    short: "A deletion step runs after the policy's deadline.",
    full: "The deletion plan deletes data later than the retention rule of the policy allows after its trigger.",
    help: "Shorten the step's delay to the policy's deadline or less.",
    level: "error",
    tags: ["privacy", "retention"],
  },
  "deletion-missing": {
    short: "A deletion plan does not delete data the policy says must go.",
    full: "A retention rule triggered by the plan's event names data and a store that no step of the plan deletes.",
    help: "Add a step deleting the data from the store within the deadline.",
    level: "error",
    tags: ["privacy", "retention"],
  },
  "deletion-unplanned": {
    short: "No deletion plan answers a trigger the policy names for the data.",
    full: "Some plan deletes the data, but a retention rule about it starts on another event (account deletion, a deleted chat, a disconnected integration) and no plan of the manifest is triggered by that event. A warning; an error when a plan runs only on the end of the process that event starts (account-deleted, with no plan on account-deletion-requested), since nothing then says when the data goes.",
    help: "Add a deletion plan triggered by that event, deleting the data within the rule's deadline.",
    level: "warning",
    tags: ["privacy", "retention"],
  },
  "retention-unbounded": {
    short: "Data is kept with no deletion trigger.",
    full: "A data category the flows handle is deleted by no deletion plan. An error when the policy has a retention rule about it, a warning otherwise (storage limitation still applies).",
    help: "Add a deletion plan that deletes the data on the policy's trigger.",
    level: "error",
    tags: ["privacy", "retention"],
  },
  "retention-exception-unsupported": {
    short: "Data is kept on a ground the policy does not grant.",
    full: "A deletion step keeps data on a ground (legal obligation…) that the retention rule does not list as an exception.",
    help: "Delete the data, or cite a ground the policy grants.",
    level: "error",
    tags: ["privacy", "retention"],
  },
  "right-unsupported": {
    short: "The application does not support a right the policy promises.",
    full: "The policy promises a data-subject right (through some channels) that the manifest's `rights` list does not support, or supports through other channels.",
    help: "Support the right through the channels the policy names, and list it in `rights`.",
    level: "error",
    tags: ["privacy", "rights"],
  },
  "waiver-expired": {
    short: "A waiver has expired.",
    full: "A waiver's `expires` day is past; it no longer suppresses anything. Today is the UTC date, or --now / PLEDGE_NOW.",
    help: "Fix the findings it waived, or renew the waiver with a new date and reason.",
    level: "error",
    tags: ["waiver"],
  },
  "waiver-unused": {
    short: "A waiver matches no finding.",
    full: "An active waiver suppresses nothing: the finding it was written for is gone, or the rule or flow is misspelt.",
    help: "Remove the waiver.",
    level: "warning",
    tags: ["waiver"],
  },
};

const pascal = (code: string): string => code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** Every finding code with what it means, in {@link FINDING_CODES} order (stable SARIF rule indexes). */
export const RULES: readonly RuleInfo[] = FINDING_CODES.map((id) => ({ id, name: pascal(id), ...INFO[id] }));
