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
 *   this reader's choice, UNVERIFIED against IAM. [unverified:action-case]
 * - Resource URN `<service>:<region>:<account id>:<resource type>:<path>` (iam_01_0017; OBS
 *   examples `obs:*:*:bucket:my-bucket`, `obs:*:*:object:my-bucket/dir/*`, obs_03_0154, and
 *   `OBS:*:*:bucket:TestBucket*`, iam_01_0605). `*` matches any run of characters in its segment; in
 *   the path it also crosses `/` (so `bucket/dir/*` covers nested objects — UNVERIFIED, modelled on [unverified:obs-wildcard-slash]
 *   the docs' "any object in the directory"). The service and resource-type segments compare
 *   case-insensitively (the docs write both `OBS:` and `obs:`); region, account id and path compare
 *   case-sensitively (object keys are case-sensitive) — UNVERIFIED. `*` as a whole pattern matches [unverified:resource-case]
 *   every resource.
 * - A statement without `Resource` applies to every resource. A request that names no resource is
 *   matched only by statements without `Resource` (or with `*`): IAM requires `*` for actions
 *   without resource-level authorization (IAM "Actions, Resources, and Condition Keys",
 *   iam_01_1280, for identity policies; assumed for 1.1 policies — UNVERIFIED). [unverified:resource-star-for-unscoped-actions]
 *
 * - Never a false "allowed" (`./statement-match`): a Deny applies when it MAY apply (a `?` IAM may read
 *   either way, invisible/space characters or a case difference in its pattern, a malformed pattern,
 *   a resource-limited Deny while the request names no resource); an Allow only when it certainly
 *   does. A requested resource holding `*`/`?` asks about every resource it matches: a Deny meeting
 *   that set denies, an Allow must cover all of it (`partial` lists those covering only part).
 *   Requested actions and resources with invisible characters are refused ({@link PolicyEvaluator.checkAction}).
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
import { actionSegments, patternMatches, resourceSegments } from './patterns';
import { actionApplies, describeInvisible, resourceApplies, type PatternApplies } from './statement-match';

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
  /** Allow statements that cover only part of an asked set of resources (a URN with `*`/`?`): not counted. */
  readonly partial: readonly StatementMatch<T>[];
}

/** Evaluates IAM custom policies offline. */
export class PolicyEvaluator {
  /** Parses a custom policy's JSON (`huaweicloud_identity_role.policy`); `where` names it in errors. */
  public static parse(text: string, where: string): PolicyDocument {
    return parsePolicyDocument(text, where);
  }

  /**
   * Whether an `Action` pattern matches an action, with the model's segment and case rule ({@link actionSegments}); `?` is
   * literal here. An action that is not `<service>:<resource type>:<operation>` with non-empty segments matches nothing. Pure.
   */
  public static matchesAction(pattern: string, action: string): boolean {
    if (pattern === '*') return true;
    const p = isActionPattern(pattern) ? actionSegments(pattern) : null;
    const a = actionSegments(action);
    if (!p || !a) return false;
    return p.every((segment, i) => patternMatches(segment, a[i], 'literal'));
  }

  /** Whether a `Resource` pattern matches a resource URN, with the model's segment and case rule ({@link resourceSegments}); `?` is literal. Pure. */
  public static matchesResource(pattern: string, urn: string): boolean {
    if (pattern === '*') return true;
    const p = isResourcePattern(pattern) ? resourceSegments(pattern) : null;
    const r = resourceSegments(urn);
    if (!p || !r) return false;
    return p.every((segment, i) => patternMatches(segment, r[i], 'literal'));
  }

  /**
   * What is wrong with a requested action, or undefined when it is `<service>:<resource type>:<operation>` of visible ASCII
   * characters without wildcards (an invisible U+200B or a look-alike letter would otherwise slip past a Deny). Pure.
   */
  public static checkAction(action: string): string | undefined {
    const parts = action.split(':');
    const odd = [...action].find((c) => c < '!' || c > '~');
    if (parts.length !== 3 || parts.some((p) => p === '' || /[*?]/.test(p)) || odd !== undefined) {
      const why = odd !== undefined ? ` (it holds ${describeInvisible(odd) === undefined ? 'the non-ASCII' : 'the invisible or space'} character `
        + `U+${(odd.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})` : '';
      return `action ${JSON.stringify(action)} must be "<service>:<resource type>:<operation>" without wildcards, in visible ASCII characters`
        + `${why}, e.g. "obs:object:GetObject"`;
    }
    return undefined;
  }

  /**
   * What is wrong with a requested resource URN, or undefined when it has the five URN segments and no invisible, control or
   * space character. `*` and `?` are allowed: they ask about every resource they match. Pure.
   */
  public static checkResource(urn: string): string | undefined {
    const invisible = describeInvisible(urn);
    // resourceSegments gives undefined for `*` alone and null for a malformed URN: neither is one resource's URN.
    if (!resourceSegments(urn) || invisible !== undefined) {
      return `resource ${JSON.stringify(urn)} must be a URN "<service>:<region>:<account id>:<resource type>:<path>"`
        + `${invisible === undefined ? '' : ` without invisible, control or space characters (it holds ${invisible})`}, e.g. `
        + '"obs:*:*:object:my-bucket/a.csv"';
    }
    return undefined;
  }

  /** Decides a request against the grants, with IAM's semantics (explicit Deny wins, then Allow, else deny). Pure. */
  public static evaluate<T>(request: PermissionRequest, grants: readonly PolicyGrant<T>[]): PolicyDecision<T> {
    const matches: StatementMatch<T>[] = [];
    const needResource: StatementMatch<T>[] = [];
    const partial: StatementMatch<T>[] = [];
    const notEvaluated: T[] = [];
    for (const grant of grants) {
      if (grant.document === undefined) {
        notEvaluated.push(grant.ref);
        continue;
      }
      for (const statement of grant.document.statements) {
        const action = statementMatchesAction(statement, request.action);
        if (action.result === 'no') continue;
        const resource = statementMatchesResource(statement, request.resource);
        if (resource.result === 'no') continue;
        const reasons: string[] = [];
        if (action.why !== undefined) reasons.push(action.why);
        if (resource.why !== undefined) reasons.push(resource.why);
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
        if (resource.result === 'needs-resource') {
          needResource.push(match);
          // A Deny limited to resources may deny the action on the resource the caller will use: never "allowed" past it.
          if (statement.effect === 'Deny') {
            matches.push({ ...match, certain: false, uncertainty: [`it denies this action on ${statement.resources?.join(', ') ?? '?'} and the `
              + 'question names no resource', ...reasons].join('; ') });
          }
        } else if (resource.result === 'partial' || action.result === 'partial') {
          partial.push(match);
        } else {
          matches.push(match);
        }
      }
    }
    const certainDeny = matches.find((m) => m.effect === 'Deny' && m.certain);
    if (certainDeny) return { allowed: false, basis: 'explicit-deny', decisive: certainDeny, matches, notEvaluated, needResource, partial };
    const possibleDeny = matches.find((m) => m.effect === 'Deny');
    if (possibleDeny) return { allowed: false, basis: 'possible-deny', decisive: possibleDeny, matches, notEvaluated, needResource, partial };
    const allow = matches.find((m) => m.effect === 'Allow' && m.certain);
    if (allow) return { allowed: true, basis: 'allow', decisive: allow, matches, notEvaluated, needResource, partial };
    return { allowed: false, basis: 'implicit-deny', decisive: undefined, matches, notEvaluated, needResource, partial };
  }
}

type Applies = PatternApplies | { readonly result: 'needs-resource'; readonly why?: undefined };

/** The best of the patterns' answers (yes > maybe > partial > no), with every reason that made it uncertain. */
function best(answers: readonly PatternApplies[]): PatternApplies {
  for (const result of ['yes', 'maybe', 'partial'] as const) {
    const found = answers.filter((a) => a.result === result);
    if (found.length > 0) return result === 'yes' ? found[0] : { result, why: found.map((a) => a.why).join('; ') };
  }
  return { result: 'no' };
}

function statementMatchesAction(statement: PolicyStatement, action: string): PatternApplies {
  const found = best(statement.actions.map((pattern) => actionApplies(pattern, action, statement.effect)));
  if (found.result !== 'no' || !statement.unevaluated.includes('NotAction')) return found;
  // NotAction lists what the statement does NOT cover: whether it covers this action is left undecided.
  return { result: 'maybe', why: 'its NotAction is not evaluated offline' };
}

function statementMatchesResource(statement: PolicyStatement, resource: string | undefined): Applies {
  const notResource = statement.unevaluated.includes('NotResource');
  const unknown: PatternApplies = { result: 'maybe', why: 'its NotResource is not evaluated offline' };
  if (statement.resources === undefined) return notResource ? unknown : { result: 'yes' };
  if (statement.resources.includes('*')) return { result: 'yes' };
  if (resource === undefined) return { result: 'needs-resource' };
  const found = best(statement.resources.map((pattern) => resourceApplies(pattern, resource, statement.effect)));
  return found.result !== 'no' || !notResource ? found : unknown;
}
