/**
 * Offline evaluation of IAM custom policies with IAM's semantics. Pure: no I/O, no clock.
 *
 * Decision (Huawei IAM user guide "Authentication Process", iam_01_0020, and "Policy Syntax",
 * iam_01_0017: "In a custom policy that contains both Allow and Deny statements, the Deny statements
 * take precedence"):
 * 1. an applicable `Deny` statement matching the action and resource → **denied** (explicit deny);
 * 2. else an applicable `Allow` statement matching them → **allowed**;
 * 3. else → **denied** (implicit deny).
 * Every policy attached to every group of the user, in the request's scope, is "applicable".
 *
 * Matching:
 * - Action `<service>:<resource type>:<operation>`; each segment compared case-insensitively, `*`
 *   in a pattern segment matches any run of characters within that segment (`obs:*:*`,
 *   `ecs:*:get*`); the pattern `*` alone matches every action. The docs say wildcards "indicate all
 *   options" (iam_01_0019) without spelling out case rules: case-insensitive action matching is
 *   this reader's choice, UNVERIFIED against IAM.
 * - Resource URN `<service>:<region>:<account id>:<resource type>:<path>` (iam_01_0017; OBS
 *   examples `obs:*:*:bucket:my-bucket`, `obs:*:*:object:my-bucket/dir/*`, obs_03_0154, and
 *   `OBS:*:*:bucket:TestBucket*`, iam_01_0605). `*` matches any run of characters in its segment; in
 *   the path it also crosses `/` (so `bucket/dir/*` covers nested objects — UNVERIFIED, modelled on
 *   the docs' "any object in the directory"). The service and resource-type segments compare
 *   case-insensitively (the docs write both `OBS:` and `obs:`); region, account id and path compare
 *   case-sensitively (object keys are case-sensitive) — UNVERIFIED. `*` as a whole pattern matches
 *   every resource.
 * - A statement without `Resource` applies to every resource. A request that names no resource is
 *   matched only by statements without `Resource` (or with `*`): IAM requires `*` for actions
 *   without resource-level authorization (IAM "Actions, Resources, and Condition Keys",
 *   iam_01_1280, for identity policies; assumed for 1.1 policies — UNVERIFIED).
 *
 * What cannot be decided offline is never guessed, and the result says so. A matching statement is
 * *uncertain* when it has a `Condition` (or another element this reader does not evaluate), or when
 * its policy's assignment scope cannot be related to the request (e.g. an enterprise project). The
 * reader is conservative: an uncertain `Allow` does not allow; an uncertain `Deny` denies ("may
 * deny"). Policies whose content is not in the Terraform (system roles looked up by name) are
 * listed as not evaluated: they neither allow nor deny here.
 */
import type { PolicyDocument, PolicyEffect, PolicyStatement } from './policy-document';
import { isActionPattern, isResourcePattern, parsePolicyDocument } from './policy-document';

/** What is asked: may the caller perform `action` on `resource`? */
export interface PermissionRequest {
  /** `<service>:<resource type>:<operation>`, e.g. `obs:object:GetObject`. */
  readonly action: string;
  /** Resource URN, e.g. `obs:*:*:object:my-bucket/a.csv`. @default none: only statements without `Resource` can match */
  readonly resource?: string;
}

/** A policy attached to the caller, with what the caller needs to report about it. */
export interface PolicyGrant<T> {
  /** The caller's handle on the grant (group, assignment, role …), returned with every match. */
  readonly ref: T;
  /** The policy, or undefined when its content is not known offline (a system role by name). */
  readonly document: PolicyDocument | undefined;
  /** Why the grant's scope may or may not cover the request; undefined when it certainly does. */
  readonly scopeUncertainty?: string;
}

/** A statement whose action and resource match the request. */
export interface StatementMatch<T> {
  /** The grant the statement belongs to. */
  readonly grant: T;
  /** The statement. */
  readonly statement: PolicyStatement;
  /** Its effect. */
  readonly effect: PolicyEffect;
  /** Whether the match is certain (no Condition, no unevaluated element, scope certain). */
  readonly certain: boolean;
  /** Why it is uncertain, when it is. */
  readonly uncertainty: string | undefined;
}

/** How the decision was reached. */
export type DecisionBasis =
  /** A certain `Deny` statement matched. */
  | 'explicit-deny'
  /** No certain `Deny`, but an uncertain one matched: denied conservatively. */
  | 'possible-deny'
  /** A certain `Allow` matched and no `Deny` did. */
  | 'allow'
  /** Nothing (certain) allows it. */
  | 'implicit-deny';

/** The result of {@link PolicyEvaluator.evaluate}. */
export interface PolicyDecision<T> {
  /** Whether the request is allowed. */
  readonly allowed: boolean;
  /** How. */
  readonly basis: DecisionBasis;
  /** The statement that decided (the first certain Deny, else the first uncertain Deny, else the first certain Allow). */
  readonly decisive: StatementMatch<T> | undefined;
  /** Every statement whose action and resource match, in grant and statement order. */
  readonly matches: readonly StatementMatch<T>[];
  /** Grants whose policy is not known offline (system roles): not evaluated. */
  readonly notEvaluated: readonly T[];
  /** Statements that match the action but are limited to resources while the request names none. */
  readonly needResource: readonly StatementMatch<T>[];
}

/** Evaluates IAM custom policies offline. */
export class PolicyEvaluator {
  /** Parses a custom policy's JSON (`huaweicloud_identity_role.policy`); `where` names it in errors. */
  public static parse(text: string, where: string): PolicyDocument {
    return parsePolicyDocument(text, where);
  }

  /** Whether an `Action` pattern matches an action. Pure. */
  public static matchesAction(pattern: string, action: string): boolean {
    if (pattern === '*') return true;
    if (!isActionPattern(pattern)) return false;
    const p = pattern.split(':');
    const a = action.split(':');
    if (a.length !== 3) return false;
    return p.every((segment, i) => wildcardMatch(segment.toLowerCase(), a[i].toLowerCase()));
  }

  /** Whether a `Resource` pattern matches a resource URN. Pure. */
  public static matchesResource(pattern: string, urn: string): boolean {
    if (pattern === '*') return true;
    const p = isResourcePattern(pattern) ? splitUrn(pattern) : undefined;
    const r = splitUrn(urn);
    if (p === undefined || r === undefined) return false;
    return wildcardMatch(p[0].toLowerCase(), r[0].toLowerCase())
      && wildcardMatch(p[1], r[1])
      && wildcardMatch(p[2], r[2])
      && wildcardMatch(p[3].toLowerCase(), r[3].toLowerCase())
      && wildcardMatch(p[4], r[4]);
  }

  /** What is wrong with a requested action, or undefined when it is `<service>:<resource type>:<operation>` without wildcards. Pure. */
  public static checkAction(action: string): string | undefined {
    const parts = action.split(':');
    if (parts.length !== 3 || parts.some((p) => p === '' || /[*\s]/.test(p))) {
      return `action ${JSON.stringify(action)} must be "<service>:<resource type>:<operation>" without wildcards, e.g. "obs:object:GetObject"`;
    }
    return undefined;
  }

  /** What is wrong with a requested resource URN, or undefined when it has the five URN segments. Pure. */
  public static checkResource(urn: string): string | undefined {
    if (splitUrn(urn) === undefined || /\s/.test(urn)) {
      return `resource ${JSON.stringify(urn)} must be a URN "<service>:<region>:<account id>:<resource type>:<path>", e.g. `
        + '"obs:*:*:object:my-bucket/a.csv"';
    }
    return undefined;
  }

  /** Decides a request against the grants, with IAM's semantics (explicit Deny wins, then Allow, else deny). Pure. */
  public static evaluate<T>(request: PermissionRequest, grants: readonly PolicyGrant<T>[]): PolicyDecision<T> {
    const matches: StatementMatch<T>[] = [];
    const needResource: StatementMatch<T>[] = [];
    const notEvaluated: T[] = [];
    for (const grant of grants) {
      if (grant.document === undefined) {
        notEvaluated.push(grant.ref);
        continue;
      }
      for (const statement of grant.document.statements) {
        const action = statementMatchesAction(statement, request.action);
        if (action === 'no') continue;
        const resource = statementMatchesResource(statement, request.resource);
        if (resource === 'no') continue;
        const reasons: string[] = [];
        if (action === 'unknown') reasons.push('its NotAction is not evaluated offline');
        if (resource === 'unknown') reasons.push('its NotResource is not evaluated offline');
        const other = statement.unevaluated.filter((e) => e !== 'NotAction' && e !== 'NotResource');
        if (other.length > 0) reasons.push(`its ${other.join(', ')} ${other.length === 1 ? 'is' : 'are'} not evaluated offline`);
        if (grant.scopeUncertainty !== undefined) reasons.push(grant.scopeUncertainty);
        const match: StatementMatch<T> = {
          grant: grant.ref,
          statement,
          effect: statement.effect,
          certain: reasons.length === 0,
          uncertainty: reasons.length === 0 ? undefined : reasons.join('; '),
        };
        if (resource === 'needs-resource') needResource.push(match);
        else matches.push(match);
      }
    }
    const certainDeny = matches.find((m) => m.effect === 'Deny' && m.certain);
    if (certainDeny) return { allowed: false, basis: 'explicit-deny', decisive: certainDeny, matches, notEvaluated, needResource };
    const possibleDeny = matches.find((m) => m.effect === 'Deny');
    if (possibleDeny) return { allowed: false, basis: 'possible-deny', decisive: possibleDeny, matches, notEvaluated, needResource };
    const allow = matches.find((m) => m.effect === 'Allow' && m.certain);
    if (allow) return { allowed: true, basis: 'allow', decisive: allow, matches, notEvaluated, needResource };
    return { allowed: false, basis: 'implicit-deny', decisive: undefined, matches, notEvaluated, needResource };
  }
}

type Tri = 'yes' | 'no' | 'unknown';

function statementMatchesAction(statement: PolicyStatement, action: string): Tri {
  if (statement.actions.some((pattern) => PolicyEvaluator.matchesAction(pattern, action))) return 'yes';
  // NotAction lists what the statement does NOT cover: whether it covers this action is left undecided.
  return statement.unevaluated.includes('NotAction') ? 'unknown' : 'no';
}

function statementMatchesResource(statement: PolicyStatement, resource: string | undefined): Tri | 'needs-resource' {
  const notResource = statement.unevaluated.includes('NotResource');
  if (statement.resources === undefined) return notResource ? 'unknown' : 'yes';
  if (statement.resources.includes('*')) return 'yes';
  if (resource === undefined) return 'needs-resource';
  if (statement.resources.some((pattern) => PolicyEvaluator.matchesResource(pattern, resource))) return 'yes';
  return notResource ? 'unknown' : 'no';
}

/** `service:region:account:type:path` → five parts (the path keeps any further `:`), or undefined. */
function splitUrn(urn: string): [string, string, string, string, string] | undefined {
  const parts = urn.split(':');
  if (parts.length < 5) return undefined;
  const path = parts.slice(4).join(':');
  if (parts.slice(0, 4).some((p) => p === '') || path === '') return undefined;
  return [parts[0], parts[1], parts[2], parts[3], path];
}

/**
 * `*` matches any run of characters (including none); everything else literally. Linear-time
 * greedy matcher with single backtrack point (no regular expressions, so no pathological patterns).
 */
function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === value[v]) {
      p += 1;
      v += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p;
      mark = v;
      p += 1;
    } else if (star !== -1) {
      p = star + 1;
      mark += 1;
      v = mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}
