/**
 * From a federated identity to its permissions: ServiceAccount → identity provider → conversion
 * rules → user + groups → role assignments → policy → scope, and the authorization of one request
 * against them. Shared by `explain --can` and the emulator's fake service, so both answer alike.
 * Pure.
 *
 * Scopes (Huawei IAM API reference): an assignment with `project_id = "all"` applies in every
 * project "including the global service project" (iam_02_0519); one with `domain_id` applies in the
 * global service project, i.e. to global services (iam_10_0005); one with a project id applies in
 * that project. A request is made either in a project (project-level services; identified by id
 * and/or name) or in the global service project. An assignment in an enterprise project, or whose
 * scope is an expression the reader cannot resolve, or a project known only by name while the
 * request names only an id (or vice versa), may or may not cover the request: its statements are
 * *uncertain* (see the evaluator's conservative rule).
 */
import type { EmulatedIdentityProvider } from './terraform-loader';
import { evaluateConversionRules } from './mapping-engine';
import type { AssignmentScope, RoleAssignment, TerraformGrants, TerraformRole } from './grants-loader';
import type { PolicyStatement } from './policy-document';
import { PolicyEvaluator, type PermissionRequest, type PolicyDecision, type PolicyGrant } from './policy-evaluator';
import { serviceAccountSubjectOf } from './service-account-subject';
import { showValue } from '../core/issues/issues';

/** Where a request is made. */
export type RequestScope =
  /** In a project (project-level services), known by id and/or name (e.g. `cn-north-4`). */
  | { readonly kind: 'project'; readonly id?: string; readonly name?: string }
  /** In the global service project (global services). */
  | { readonly kind: 'global' };

/**
 * Who a request is made as: a federated user's groups (OIDC federation), or an agency (CCE pod
 * identity: the credentials are the agency's).
 */
export type Principal = readonly string[] | { readonly agency: string };

/** One role assignment reaching the caller through one of its groups, or held by its agency. */
export interface GroupGrant {
  /** The group name (as the caller's token carries it); empty for an agency's role. */
  readonly group: string;
  /** The agency holding the role (pod identity). @default undefined (a group's) */
  readonly agency?: string;
  /** The assignment. */
  readonly assignment: RoleAssignment;
}

/** A federated user as IAM would see it. */
export interface FederatedIdentity {
  /** Identity provider name. */
  readonly provider: string;
  /** Federated user name. */
  readonly username: string;
  /** User groups. */
  readonly groups: readonly string[];
  /** Indexes of the conversion rules that matched. */
  readonly matchedRules: readonly number[];
}

/** The authorization of one request. */
export interface Authorization {
  /** What was asked. */
  readonly request: PermissionRequest;
  /** Where. */
  readonly scope: RequestScope;
  /** The decision, with the statements that matched. */
  readonly decision: PolicyDecision<GroupGrant>;
  /** Grants of the caller's groups whose scope covers (or may cover) the request. */
  readonly inScope: readonly GroupGrant[];
  /** Grants of the caller's groups in other scopes (ignored). */
  readonly outOfScope: readonly GroupGrant[];
}

/**
 * The identity a provider gives a ServiceAccount's token, from the conversion rules, with the token
 * claims IAM checks filled in as a valid token would have them (`sub`, `iss` = provider URL, `aud` =
 * client id). Rules that condition other claims see them as absent. Pure.
 */
export function serviceAccountIdentity(
  provider: EmulatedIdentityProvider, namespace: string, name: string,
): { readonly admitted: true; readonly identity: FederatedIdentity } | { readonly admitted: false; readonly reason: string } {
  if (!provider.enabled) return { admitted: false, reason: `provider "${provider.name}" is disabled` };
  if (provider.protocol !== 'oidc') return { admitted: false, reason: `provider "${provider.name}" is not an OIDC provider` };
  const claims: Record<string, unknown> = { sub: serviceAccountSubjectOf(namespace, name) };
  if (provider.issuer !== undefined) claims.iss = provider.issuer;
  if (provider.clientId !== undefined) claims.aud = [provider.clientId];
  const mapping = evaluateConversionRules(provider.rules ?? [], claims);
  if (!mapping.admitted) return { admitted: false, reason: mapping.reason };
  return {
    admitted: true,
    identity: { provider: provider.name, username: mapping.username, groups: mapping.groups, matchedRules: mapping.matchedRules },
  };
}

/** The role assignments reaching a user through its groups, in group order. Pure. */
export function grantsOfGroups(grants: TerraformGrants, groups: readonly string[]): GroupGrant[] {
  return groups.flatMap((group) => grants.assignments.filter((a) => a.group?.name === group).map((assignment) => ({ group, assignment })));
}

/** The roles an agency holds (pod identity), in the order the Terraform lists them. Pure. */
export function grantsOfAgency(grants: TerraformGrants, agency: string): GroupGrant[] {
  return grants.assignments.filter((a) => a.agency?.name === agency).map((assignment) => ({ group: '', agency, assignment }));
}

/** The role assignments reaching a principal. Pure. */
export function grantsOf(grants: TerraformGrants, principal: Principal): GroupGrant[] {
  return isAgency(principal) ? grantsOfAgency(grants, principal.agency) : grantsOfGroups(grants, principal);
}

/** Whether the principal is an agency. */
export function isAgency(principal: Principal): principal is { readonly agency: string } {
  return !Array.isArray(principal);
}

/** `agency "x"`, `group "demo"`, `groups "a", "b"`, `the user (no groups)`. Pure. */
export function describePrincipal(principal: Principal): string {
  if (isAgency(principal)) return `agency "${principal.agency}"`;
  const groups = principal as readonly string[];
  return groups.length > 0 ? `group${groups.length === 1 ? '' : 's'} ${groups.map((g) => `"${g}"`).join(', ')}` : 'the user (no groups)';
}

/** Who holds a grant: `agency "x"` or `group "demo"`. Pure. */
export function describeHolder(grant: GroupGrant): string {
  return grant.agency !== undefined ? `agency "${grant.agency}"` : `group "${grant.group}"`;
}

/** Whether an assignment's scope covers a request's scope: `yes`, `no`, or `unknown` with why. Pure. */
export function scopeCovers(scope: AssignmentScope, request: RequestScope): { readonly covers: 'yes' | 'no' | 'unknown'; readonly why?: string } {
  switch (scope.kind) {
    case 'all-projects':
      return { covers: 'yes' };
    case 'domain':
      return { covers: request.kind === 'global' ? 'yes' : 'no' };
    case 'project':
      if (request.kind === 'global') return { covers: 'no' };
      if (request.id !== undefined) return { covers: request.id === scope.projectId ? 'yes' : 'no' };
      return {
        covers: 'unknown',
        why: `it is assigned in project id ${scope.projectId} and the request names project "${request.name ?? '?'}" only by name`,
      };
    case 'project-by-name':
      if (request.kind === 'global') return { covers: 'no' };
      if (request.name !== undefined) return { covers: request.name === scope.projectName ? 'yes' : 'no' };
      return {
        covers: 'unknown',
        why: `it is assigned in the project named "${scope.projectName}" (its id is known only at apply time) and the request names project `
          + `${request.id ?? '?'} only by id`,
      };
    case 'enterprise-project':
      return {
        covers: 'unknown',
        why: `it is assigned in enterprise project ${scope.enterpriseProjectId}, and which resources belong to it is not known offline`,
      };
    case 'unresolved':
      return { covers: 'unknown', why: `its ${scope.attribute} (${scope.expression}) cannot be resolved offline` };
    default:
      return assertNever(scope);
  }
}

/**
 * The scopes worth evaluating when the request's scope is not given: each project the grants
 * name, and the global service project when a grant is domain-wide or for all projects. Pure.
 */
export function candidateScopes(grants: readonly GroupGrant[]): RequestScope[] {
  const scopes: RequestScope[] = [];
  const add = (scope: RequestScope): void => {
    if (!scopes.some((s) => describeRequestScope(s) === describeRequestScope(scope))) scopes.push(scope);
  };
  for (const { assignment } of grants) {
    const scope = assignment.scope;
    if (scope.kind === 'project') add({ kind: 'project', id: scope.projectId });
    else if (scope.kind === 'project-by-name') add({ kind: 'project', name: scope.projectName });
    else if (scope.kind === 'domain' || scope.kind === 'all-projects') add({ kind: 'global' });
  }
  return scopes.length > 0 ? scopes : [{ kind: 'global' }];
}

/** Authorizes a request made by a member of `groups` (or as an agency), in `scope`, against the grants. Pure. */
export function authorizeRequest(grants: TerraformGrants, groups: Principal, request: PermissionRequest, scope: RequestScope): Authorization {
  const inScope: GroupGrant[] = [];
  const outOfScope: GroupGrant[] = [];
  const policyGrants: PolicyGrant<GroupGrant>[] = [];
  for (const grant of grantsOf(grants, groups)) {
    const { covers, why } = scopeCovers(grant.assignment.scope, scope);
    if (covers === 'no') {
      outOfScope.push(grant);
      continue;
    }
    inScope.push(grant);
    const role = grant.assignment.role;
    policyGrants.push({
      ref: grant,
      document: role?.kind === 'custom' ? role.policy : undefined,
      ...(why !== undefined ? { scopeUncertainty: why } : {}),
    });
  }
  return { request, scope, decision: PolicyEvaluator.evaluate(request, policyGrants), inScope, outOfScope };
}

// ---- words ---------------------------------------------------------------------------------------

/** `project 0123…`, `project "cn-north-4"`, `the global service project`. Pure. */
export function describeRequestScope(scope: RequestScope): string {
  if (scope.kind === 'global') return 'the global service project';
  if (scope.id !== undefined && scope.name !== undefined) return `project ${scope.id} ("${scope.name}")`;
  return scope.id !== undefined ? `project ${scope.id}` : `project "${scope.name ?? '?'}"`;
}

/** Where an assignment applies, in words. Pure. */
export function describeAssignmentScope(scope: AssignmentScope): string {
  switch (scope.kind) {
    case 'project':
      return `project ${scope.projectId}`;
    case 'all-projects':
      return 'all projects (incl. the global service project)';
    case 'project-by-name':
      return `the project named "${scope.projectName}" (${scope.address})`;
    case 'domain':
      return scope.domainId === '' ? 'the global service project' : `the global service project (domain ${scope.domainId})`;
    case 'enterprise-project':
      return `enterprise project ${scope.enterpriseProjectId}`;
    case 'unresolved':
      return `an unresolved scope (${scope.attribute} = ${scope.expression})`;
    default:
      return assertNever(scope);
  }
}

/** `custom policy "x" (huaweicloud_identity_role.a)`, `system role "OBS ReadOnlyAccess" (data.…)`, `role <id> (not declared here)`. Pure. */
export function describeRole(role: TerraformRole | undefined, roleId: string): string {
  if (role === undefined) return `role ${roleId} (not declared in this Terraform)`;
  if (role.kind === 'custom') return `custom policy "${role.name}" (${role.address})`;
  const label = role.displayName ?? role.name ?? '?';
  return `system role "${label}" (${role.address})`;
}

/** One statement in one line: `Allow obs:object:GetObject on obs:*:*:object:b/*`. Pure. */
export function describeStatement(statement: PolicyStatement): string {
  const on = statement.resources === undefined ? 'all resources' : statement.resources.join(', ');
  const extra = statement.unevaluated.length > 0 ? ` [${statement.unevaluated.join(', ')}: not evaluated offline]` : '';
  return `#${statement.index} ${statement.effect} ${statement.actions.join(', ') || '(no Action)'} on ${on}${extra}`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected scope ${showValue(value)}`);
}
