/**
 * The same rules for @cedar-policy/cedar-wasm: a preparsed policy set generated from the
 * statements and one `statefulIsAuthorized` call per (flow, data category), as pledge decides
 * per category. The vocabulary DAG is the entity hierarchy: the recipient is the principal,
 * the action a Cedar action, the data category the resource, each passed with its ancestors
 * so that `in` walks the DAG. Purposes, declared conditions and safeguards are context sets.
 *
 * Cedar has no quantifier over sets, so "every purpose of the flow is at or below some purpose
 * of the statement" is `[purposes at or below the statement's].containsAll(context.purposes)`,
 * with the closure computed when the policy set is generated; declared conditions and
 * safeguards are sent with the terms above them.
 */
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import type { EntityJson, StatefulAuthorizationCall } from "@cedar-policy/cedar-wasm/nodejs";
import type { Flow, Policy, TermKind } from "../src/index.js";
import { compileRules, type Closures, type Requirements, type Rule } from "./ir.js";

const TYPE: Partial<Record<TermKind, string>> = { recipient: "Recipient", action: "Action", data: "Data", purpose: "Purpose" };
const uid = (kind: TermKind, id: string) => `${TYPE[kind]}::${JSON.stringify(id)}`;
const strings = (ids: readonly string[]) => `[${ids.map((id) => JSON.stringify(id)).join(", ")}]`;
const entities = (kind: TermKind, ids: readonly string[]) => `[${ids.map((id) => uid(kind, id)).join(", ")}]`;

function declared(r: Requirements): string {
  const req: string[] = [];
  if (r.conditions.length) req.push(`context.conditions.containsAll(${strings(r.conditions)})`);
  if (r.safeguards.length) req.push(`context.safeguards.containsAll(${strings(r.safeguards)})`);
  return req.join(" && ");
}

/**
 * How the vocabulary reaches Cedar: `entities` (the DAG as the entity hierarchy, walked by `in`;
 * each request carries the slice of the hierarchy its terms need) or `context` (each request
 * carries the flow's terms with their ancestors as context sets; the policies test set
 * membership). The second is the faster one in cedar-wasm, where every request's entities are
 * parsed and their transitive closure computed anew.
 */
export type CedarMode = "entities" | "context";

/** The test of the flow's purposes (`context.purposes`, the flow's own) against a rule's. */
function purposeTest(c: Closures, rule: Rule): string | undefined {
  if (rule.purposeTest === "some-outside") return `!${strings(c.downAll("purpose", rule.purposes))}.containsAll(context.purposes)`;
  if (rule.purposes.length === 0) return undefined;
  if (rule.purposeTest === "all-covered") return `${strings(c.downAll("purpose", rule.purposes))}.containsAll(context.purposes)`;
  return `context.purposes.containsAny(${strings([...new Set([...c.downAll("purpose", rule.purposes), ...c.upAll("purpose", rule.purposes)])].sort())})`;
}

/** A rule term strictly above one of `ids` (for "related": the flow's term may be coarser). */
const above = (c: Closures, kind: TermKind, ids: readonly string[]) => c.upAll(kind, ids).filter((x) => !ids.includes(x));

function policyText(rule: Rule, head: string, when: (string | undefined)[]): string {
  const tests = when.filter((t): t is string => t !== undefined);
  if (rule.when) tests.push(declared(rule.when));
  let text = `@id(${JSON.stringify(rule.id)})\n${head}${tests.length > 0 ? `\nwhen { ${tests.join(" && ")} }` : ""}`;
  if (rule.unless) text += `\nunless { ${declared(rule.unless)} }`;
  return `${text};`;
}

function contextRuleText(c: Closures, rule: Rule): string {
  // "cover": an ancestor of the flow's term (itself included) is a rule term; "related": also the
  // flow's term strictly above a rule term.
  const reach = (kind: TermKind, ids: readonly string[], how: Rule["recipientReach"], up: string, own: string) =>
    ids.length === 0 ? undefined : how === "cover" ? `${up}.containsAny(${strings(ids)})` : `(${up}.containsAny(${strings(ids)}) || ${strings(above(c, kind, ids))}.contains(${own}))`;
  return policyText(rule, `${rule.effect}(principal, action, resource)`, [
    `context.actionUp.containsAny(${strings(rule.actions)})`,
    reach("recipient", rule.recipients, rule.recipientReach, "context.recipientUp", "context.recipient"),
    reach("data", rule.data, rule.dataReach, "context.dataUp", "context.data"),
    purposeTest(c, rule),
  ]);
}

function ruleText(c: Closures, rule: Rule): string {
  // The entity hierarchy walks "at or below" (`in`); "related" adds the terms strictly above.
  const reach = (kind: TermKind, ids: readonly string[], how: Rule["recipientReach"], variable: string) =>
    ids.length === 0 ? undefined : how === "cover" ? `${variable} in ${entities(kind, ids)}` : `(${variable} in ${entities(kind, ids)} || ${entities(kind, above(c, kind, ids))}.contains(${variable}))`;
  return policyText(rule, `${rule.effect}(principal, action in ${entities("action", rule.actions)}, resource)`, [
    reach("recipient", rule.recipients, rule.recipientReach, "principal"),
    reach("data", rule.data, rule.dataReach, "resource"),
    purposeTest(c, rule),
  ]);
}

/** The Cedar policy text generated from a pledge policy. */
export function cedarPolicyText(policy: Policy, c: Closures, mode: CedarMode = "entities"): string {
  return compileRules(policy).map((rule) => (mode === "entities" ? ruleText(c, rule) : contextRuleText(c, rule))).join("\n\n");
}

export interface CedarEngine {
  readonly text: string;
  readonly policyCount: number;
  /** The calls for one flow: one per data category. */
  request(flow: Flow): StatefulAuthorizationCall[];
  /** Allowed when every call is. */
  decide(calls: readonly StatefulAuthorizationCall[]): boolean;
}

let psetCounter = 0;

export function cedarEngine(policy: Policy, c: Closures, mode: CedarMode = "entities"): CedarEngine {
  const text = cedarPolicyText(policy, c, mode);
  const id = `pledge-bench-${policy.id}-${mode}-${psetCounter++}`;
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: text });
  if (parsed.type !== "success") throw new Error(`Cedar refused the generated policy set for ${policy.id}: ${JSON.stringify(parsed.errors)}\n${text}`);
  const hierarchy = (kind: TermKind, term: string, into: EntityJson[]) => {
    for (const t of c.up(kind, term)) into.push({ uid: { type: TYPE[kind] as string, id: t }, attrs: {}, parents: c.parents(kind, t).map((p) => ({ type: TYPE[kind] as string, id: p })) });
  };
  return {
    text,
    policyCount: compileRules(policy).length,
    request(flow) {
      if (mode === "context") {
        const base = {
          actionUp: [...c.up("action", flow.action)],
          recipient: flow.recipient,
          recipientUp: [...c.up("recipient", flow.recipient)],
          purposes: [...flow.purposes],
          conditions: c.upAll("condition", flow.conditions),
          safeguards: c.upAll("safeguard", flow.safeguards),
        };
        return flow.data.map((d) => ({
          principal: { type: "Recipient", id: flow.recipient },
          action: { type: "Action", id: flow.action },
          resource: { type: "Data", id: d },
          context: { ...base, data: d, dataUp: [...c.up("data", d)] },
          preparsedPolicySetId: id,
          entities: [],
        }));
      }
      const shared: EntityJson[] = [];
      hierarchy("recipient", flow.recipient, shared);
      hierarchy("action", flow.action, shared);
      const context = {
        purposes: [...flow.purposes],
        conditions: c.upAll("condition", flow.conditions),
        safeguards: c.upAll("safeguard", flow.safeguards),
      };
      return flow.data.map((d) => {
        const list = [...shared];
        hierarchy("data", d, list);
        return {
          principal: { type: "Recipient", id: flow.recipient },
          action: { type: "Action", id: flow.action },
          resource: { type: "Data", id: d },
          context,
          preparsedPolicySetId: id,
          entities: list,
        };
      });
    },
    decide(calls) {
      for (const call of calls) {
        const answer = cedar.statefulIsAuthorized(call);
        if (answer.type !== "success") throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`);
        if (answer.response.diagnostics.errors.length > 0) throw new Error(`Cedar policy errors: ${JSON.stringify(answer.response.diagnostics.errors)}`);
        if (answer.response.decision !== "allow") return false;
      }
      return true;
    },
  };
}
