/**
 * One identity's verdict on one request, in words and as data: shared by `explain --can` (OIDC
 * identities and pod identity associations alike) and the emulator's fake service. Pure.
 */
import {
  describeAssignmentScope, describeHolder, describePrincipal, describeRequestScope, describeRole, isAgency, type Authorization, type GroupGrant,
  type Principal, type RequestScope,
} from '../effective-permissions';
import type { DecisionBasis, StatementMatch } from '../policy-evaluator';

/** The statement that decided, as data. */
export interface DecidingStatement {
  /** Statement index in its policy. */
  readonly index: number;
  /** Its effect. */
  readonly effect: 'Allow' | 'Deny';
  /** Policy name. */
  readonly policy: string;
  /** Terraform address of the policy. */
  readonly policyAddress: string;
  /** Group through which the user has it (empty when an agency holds it). */
  readonly group: string;
  /** The agency holding it (pod identity). @default undefined */
  readonly agency?: string;
  /** Terraform address of the assignment. */
  readonly assignment: string;
  /** Where the assignment applies, in words. */
  readonly assignedIn: string;
  /** Why it is uncertain (Condition, scope), when it is. */
  readonly uncertainty: string | undefined;
}

/** The verdict in one scope for one provider's identity. */
export interface ScopeVerdict {
  /** The scope evaluated. */
  readonly scope: RequestScope;
  /** Whether the request is allowed there. */
  readonly allowed: boolean;
  /** How it was decided. */
  readonly basis: DecisionBasis;
  /** One-line reason. */
  readonly reason: string;
  /** The deciding statement, if one decided. */
  readonly statement: DecidingStatement | undefined;
  /** What could not be evaluated, and other things to know. */
  readonly notes: readonly string[];
}

/** The verdict for one identity provider that admits the ServiceAccount. */
export interface PermissionVerdict {
  /** Identity provider. */
  readonly provider: string;
  /** Federated user. */
  readonly username: string;
  /** The user's groups. */
  readonly groups: readonly string[];
  /** The agency the credentials belong to, for a pod identity association (`provider` then names the cluster). @default undefined */
  readonly agency?: string;
  /** Terraform address of the pod identity association. @default undefined */
  readonly association?: string;
  /** Whether allowed (in the given scope, or in at least one tried scope when none was given). */
  readonly allowed: boolean;
  /** The scope the verdict is reported for (the allowing one, else the first tried). */
  readonly reported: ScopeVerdict;
  /** Every scope tried, in order. */
  readonly scopes: readonly ScopeVerdict[];
}

/** A role reaching a ServiceAccount, for the listing. */
export interface AssignedRole {
  /** Terraform address of the assignment. */
  readonly assignment: string;
  /** The role in words (`custom policy "x" (address)`, `system role "y" (address)`). */
  readonly role: string;
  /** `custom` (evaluated offline), `system` (looked up by name, not evaluated) or `unknown` (not declared here). */
  readonly kind: 'custom' | 'system' | 'unknown';
  /** Where it applies, in words. */
  readonly scope: string;
  /** The custom policy's statements in words (empty for other kinds). */
  readonly statements: readonly string[];
}

/**
 * The verdict, reason and notes of one {@link Authorization}, in words (shared with the emulator's
 * fake service). `triedAll`: the scope was not given but tried among others. Pure.
 */
export function scopeVerdict(auth: Authorization, groups: Principal, triedAll = false): ScopeVerdict {
  const { decision } = auth;
  const notes: string[] = [];
  for (const grant of decision.notEvaluated) {
    const a = grant.assignment;
    notes.push(`${describeRole(a.role, a.roleId)}, assigned to ${describeHolder(grant)} in ${describeAssignmentScope(a.scope)}, is not evaluated `
      + `offline (its policy is not in the Terraform)${decision.allowed ? '' : '; it may allow this'}`);
  }
  if (!decision.allowed) {
    for (const m of decision.matches.filter((x) => x.effect === 'Allow' && !x.certain)) {
      notes.push(`${statementText(m)} would allow it, but ${m.uncertainty ?? 'it is uncertain'}: not counted`);
    }
    for (const m of decision.partial) {
      notes.push(`${statementText(m)} would allow it, but ${m.uncertainty ?? 'only in part'}: not counted (ask about a narrower resource)`);
    }
    for (const m of decision.needResource.filter((x) => x.effect === 'Allow')) {
      notes.push(`${statementText(m)} allows this action only on ${m.statement.resources?.join(', ') ?? '?'}; name a resource (--resource, or the `
        + 'X-Emulator-Resource header) to check one');
    }
  }
  for (const m of decision.needResource.filter((x) => x.effect === 'Deny')) {
    notes.push(`${statementText(m)} denies this action on ${m.statement.resources?.join(', ') ?? '?'}; name a resource (--resource, or the `
      + 'X-Emulator-Resource header) to check one');
  }
  if (triedAll && auth.outOfScope.length > 0 && decision.decisive === undefined) {
    notes.push(`${auth.outOfScope.length} assignment(s) of ${isAgency(groups) ? 'this agency' : 'these groups'} apply in other scopes`);
  }
  const decisive = decision.decisive;
  let reason: string;
  switch (decision.basis) {
    case 'allow':
      reason = statementText(decisive!);
      break;
    case 'explicit-deny':
      reason = `explicit Deny: ${statementText(decisive!)} (Deny wins over any Allow)`;
      break;
    case 'possible-deny':
      reason = `${statementText(decisive!)} may deny it: ${decisive!.uncertainty ?? 'uncertain'}; treated as a deny`;
      break;
    default:
      reason = auth.inScope.length === 0
        ? `implicit deny: no role is assigned to ${describePrincipal(groups)} in ${describeRequestScope(auth.scope)} in this Terraform`
        : `implicit deny: no statement of the ${auth.inScope.length} role assignment(s) in scope allows it`;
  }
  return {
    scope: auth.scope,
    allowed: decision.allowed,
    basis: decision.basis,
    reason,
    statement: decisive === undefined ? undefined : decidingStatement(decisive),
    notes,
  };
}

function statementText(m: StatementMatch<GroupGrant>): string {
  const a = m.grant.assignment;
  return `statement #${m.statement.index} (${m.effect}) of ${describeRole(a.role, a.roleId)}, assigned to ${describeHolder(m.grant)} in `
    + `${describeAssignmentScope(a.scope)}`;
}

function decidingStatement(m: StatementMatch<GroupGrant>): DecidingStatement {
  const a = m.grant.assignment;
  return {
    index: m.statement.index,
    effect: m.effect,
    policy: a.role?.kind === 'custom' ? a.role.name : a.roleId,
    policyAddress: a.role?.address ?? a.roleId,
    group: m.grant.group,
    ...(m.grant.agency !== undefined ? { agency: m.grant.agency } : {}),
    assignment: a.address,
    assignedIn: describeAssignmentScope(a.scope),
    uncertainty: m.uncertainty,
  };
}
