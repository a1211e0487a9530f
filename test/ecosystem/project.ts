/**
 * A manifest for the ecosystem tests, on the CLI tests' own small policy
 * (test/fixtures/lint/fixture.policy.yaml, stable where the bundled policies follow their texts):
 * a clear flow, a vague one (waived), an incorrect one (cited), an omitted one, a late deletion
 * step (cited), and an expired waiver whose reason is `reason`.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, ROOT } from "../cli/helpers.js";

/** Today for these runs: the vague flow's waiver holds, the other has expired. */
export const TODAY = "2026-11-23";

export function manifestText(reason = "Nothing is omitted any more"): string {
  return `policy: ./fixture.policy.yaml
flows:
  - { id: signup, description: Sign-up form, action: collect, data: [email-address], recipient: first-party, purposes: [account-management] }
  - { id: chat-hosting, description: Messages stored by the cloud provider, action: share, data: [communications], recipient: cloud-provider, purposes: [service-provision] }
  - { id: sell-emails, description: Selling the mailing list, action: sell, data: [email-address], recipient: data-broker, purposes: [advertising] }
  - { id: share-emails, description: Sharing the mailing list, action: share, data: [email-address], recipient: data-broker, purposes: [advertising] }
deletion:
  - id: account
    trigger: account-deletion-requested
    steps:
      - { data: [personal-data], store: primary, after: P45D }
waivers:
  - { rule: flow-vague, flow: chat-hosting, reason: "Legal: the policy update naming our host ships in Q1", expires: 2027-12-31 }
  - { rule: flow-omitted, reason: ${JSON.stringify(reason)}, expires: 2026-01-01 }
`;
}

/** Writes the manifest as `file` (under `dir`), with the policy beside it. */
export function writeManifest(dir: string, file: string, reason?: string): string {
  const path = join(dir, file);
  mkdirSync(join(path, ".."), { recursive: true });
  copyFileSync(join(ROOT, FIXTURES, "fixture.policy.yaml"), join(path, "../fixture.policy.yaml"));
  writeFileSync(path, manifestText(reason));
  return path;
}
