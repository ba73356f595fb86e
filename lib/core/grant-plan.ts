/**
 * The grants of a declaration resolved into what the Terraform side writes: the groups (created,
 * existing, dedicated), the roles (custom policies once per name, system roles once per name) and
 * one assignment per grant with exactly one resolved scope. Also the checks grants share.
 */
import { GrantScope, GrantScopeKind } from './grant-scope';
import type { Grant } from './grants';
import { DEFAULT_GROUP_DESCRIPTION } from './iam-group';
import { IamRole, IamRoleKind, PolicyScopeType } from './iam-role';
import { IdentityMode } from './identity-mode';
import { IssueCollector } from './issues';
import type { ServiceAccountBinding } from './service-account-binding';
import type { WorkloadIdentity } from './workload-identity';

/** A group the Terraform side writes. */
export interface PlannedGroup {
  /** The group name, as conversion rules name it. */
  readonly name: string;
  /** Looked up (data source) rather than created. */
  readonly existing: boolean;
  /** Description of a created group. */
  readonly description: string;
  /** Why the group is there. */
  readonly origin: 'declared' | 'named-by-binding' | 'dedicated';
  /** Where the declaration introduces it, for messages. */
  readonly path: string;
}

/** A grant's scope with every value resolved. */
export type ResolvedScope =
  | { readonly kind: GrantScopeKind.PROJECT; readonly projectId: string }
  | { readonly kind: GrantScopeKind.PROJECT_BY_NAME; readonly region: string }
  | { readonly kind: GrantScopeKind.ALL_PROJECTS }
  | { readonly kind: GrantScopeKind.DOMAIN; readonly domainId: string }
  | { readonly kind: GrantScopeKind.ENTERPRISE_PROJECT; readonly enterpriseProjectId: string };

/** One assignment: a role granted to a group within one scope. */
export interface PlannedAssignment {
  /** The group's name. */
  readonly group: string;
  /** The role. */
  readonly role: IamRole;
  /** The role's key in `GrantPlan.roles`. */
  readonly roleKey: string;
  /** Where it applies. */
  readonly scope: ResolvedScope;
}

/** Everything grant-related the Terraform side writes for one declaration. */
export interface GrantPlan {
  /** Groups in order: declared, then named by bindings only, then dedicated. */
  readonly groups: readonly PlannedGroup[];
  /** Distinct roles by key (`custom:<name>`, `name:<name>`, `display_name:<name>`), in first-use order. */
  readonly roles: ReadonlyMap<string, IamRole>;
  /** Assignments in declaration order. */
  readonly assignments: readonly PlannedAssignment[];
}

/** The key that identifies a role in a plan: custom policies by name, system roles by how they are looked up. */
export function roleKey(role: IamRole): string {
  return `${role.kind === IamRoleKind.CUSTOM ? 'custom' : role.kind}:${role.name}`;
}

/** What scopes resolve against. */
export interface GrantContext {
  /** The project ID `workloadProject()` means. */
  readonly projectId?: string;
  /** The declaration's domain ID (`domain()`). */
  readonly domainId?: string;
  /** Where the project ID comes from, for messages. */
  readonly projectFrom: string;
}

/** Resolves a scope, or undefined when a value it needs is missing. */
export function resolveScope(scope: GrantScope, context: GrantContext): ResolvedScope | undefined {
  switch (scope.kind) {
    case GrantScopeKind.PROJECT: return scope.value === undefined ? undefined : { kind: GrantScopeKind.PROJECT, projectId: scope.value };
    case GrantScopeKind.WORKLOAD_PROJECT: return context.projectId === undefined ? undefined : { kind: GrantScopeKind.PROJECT, projectId: context.projectId };
    case GrantScopeKind.PROJECT_BY_NAME: return scope.value === undefined ? undefined : { kind: GrantScopeKind.PROJECT_BY_NAME, region: scope.value };
    case GrantScopeKind.ALL_PROJECTS: return { kind: GrantScopeKind.ALL_PROJECTS };
    case GrantScopeKind.DOMAIN: return context.domainId === undefined ? undefined : { kind: GrantScopeKind.DOMAIN, domainId: context.domainId };
    case GrantScopeKind.ENTERPRISE_PROJECT: return scope.value === undefined ? undefined : { kind: GrantScopeKind.ENTERPRISE_PROJECT, enterpriseProjectId: scope.value };
    default: return undefined;
  }
}

/** A stable text for a resolved scope (duplicate detection, construct ids). */
export function scopeKey(scope: ResolvedScope): string {
  switch (scope.kind) {
    case GrantScopeKind.PROJECT: return `project:${scope.projectId}`;
    case GrantScopeKind.PROJECT_BY_NAME: return `project-name:${scope.region}`;
    case GrantScopeKind.ALL_PROJECTS: return 'all-projects';
    case GrantScopeKind.DOMAIN: return `domain:${scope.domainId}`;
    case GrantScopeKind.ENTERPRISE_PROJECT: return `enterprise-project:${scope.enterpriseProjectId}`;
  }
}

/**
 * Checks a list of grants of one group (declared or dedicated) at `path` (`…grants`): the role,
 * the scope, their combination, what the scope needs from the declaration, duplicates.
 */
export function checkGrants(out: IssueCollector, grants: unknown, path: string, context: GrantContext, bindingIndex?: number): void {
  const side = 'terraform';
  const at = bindingIndex === undefined ? {} : { bindingIndex };
  if (!Array.isArray(grants)) {
    out.error({ code: 'INVALID_GRANTS', path, rule: 'must be a list of grants', fix: 'pass e.g. [Grants.obsReadOnly("my-bucket")]', side, ...at });
    return;
  }
  const seen = new Map<string, number>();
  grants.forEach((grant: unknown, i) => {
    const where = `${path}[${i}]`;
    const g = grant as Partial<Grant> | undefined;
    if (typeof g !== 'object' || g === null || !(g.role instanceof IamRole) || !(g.scope instanceof GrantScope)) {
      out.error({ code: 'INVALID_GRANT', path: where, rule: 'must be { role: IamRole, scope: GrantScope }', fix: 'use a preset such as Grants.obsReadOnly("my-bucket"), or grant(IamRole.custom({...}), GrantScope.domain())', side, ...at });
      return;
    }
    const { role, scope } = g as Grant;
    const errorsBefore = errorCount(out);
    role._check(out, `${where}.role`);
    scope._check(out, `${where}.scope`);
    checkCombination(out, role, scope, where, at);
    if (scope.kind === GrantScopeKind.DOMAIN && context.domainId === undefined) {
      out.error({ code: 'GRANT_NEEDS_DOMAIN_ID', path: `${where}.scope`, value: 'domain', rule: `assigns ${role} on the account (domain), but the declaration has no domainId`, fix: 'set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters)', side, ...at });
    }
    if (scope.kind === GrantScopeKind.WORKLOAD_PROJECT && context.projectId === undefined) {
      out.error({ code: 'GRANT_NEEDS_PROJECT_ID', path: `${where}.scope`, value: 'workload project', rule: `assigns ${role} in the workload project, but ${context.projectFrom} has no projectId`, fix: 'set projectId (IAM console > My Credentials > Projects), or pass an explicit GrantScope.project(...) / projectByName(...)', side, ...at });
    }
    if (errorCount(out) !== errorsBefore) return;
    const resolved = resolveScope(scope, context);
    if (resolved === undefined) return;
    const key = `${roleKey(role)} ${scopeKey(resolved)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.error({ code: 'DUPLICATE_GRANT', path: where, value: `${role} in ${scope}`, rule: `grants the same role in the same scope as ${path}[${first}]`, fix: 'grant it once', side, ...at });
    } else {
      seen.set(key, i);
    }
  });
}

/**
 * IAM grants global services in the global service project (the domain) and project-level
 * services in region-specific projects (IAM user guide "Creating a User Group and Assigning
 * Permissions": "Permissions for these services must be assigned in the global service project";
 * project-level ones "need to be assigned in region-specific projects"). A custom policy's type
 * says which it is for, so the other scope can never take effect.
 */
function checkCombination(out: IssueCollector, role: IamRole, scope: GrantScope, where: string, at: { bindingIndex?: number }): void {
  if (!role.isCustom) return;
  if (role.type === PolicyScopeType.GLOBAL && scope.isProjectLevel) {
    out.error({
      code: 'GRANT_SCOPE_MISMATCH', path: `${where}.scope`, value: String(scope),
      rule: `assigns ${role}, a global-services (AX) policy, to ${scope}; IAM grants global services (such as OBS) only in the global service project, so it would never apply`,
      fix: 'use GrantScope.domain() (and set domainId on the declaration)', side: 'terraform', ...at,
    });
  } else if (role.type === PolicyScopeType.PROJECT && scope.kind === GrantScopeKind.DOMAIN) {
    out.error({
      code: 'GRANT_SCOPE_MISMATCH', path: `${where}.scope`, value: String(scope),
      rule: `assigns ${role}, a project-level (XA) policy, on the account (global service project); project-level services only read permissions granted in region-specific projects`,
      fix: 'use GrantScope.workloadProject(), project(...), projectByName(...) or allProjects()', side: 'terraform', ...at,
    });
  }
}

/** Resolves a valid declaration's grants. Grants whose scope cannot be resolved are left out (validation reports them). */
export function grantPlan(identity: WorkloadIdentity): GrantPlan {
  const groups = new Map<string, PlannedGroup>();
  const base = identity.path;
  for (const g of identity.groups) {
    if (typeof g.name === 'string' && !groups.has(g.name)) {
      groups.set(g.name, { name: g.name, existing: g.existing === true, description: g.description ?? DEFAULT_GROUP_DESCRIPTION, origin: 'declared', path: `${base}.groups[${g.index}]` });
    }
  }
  for (const b of identity.bindings) {
    // A pod-identity binding joins no group: its agency holds the roles (pod-identity-plan.ts).
    if (!Array.isArray(b.iamGroups) || b.mode === IdentityMode.POD_IDENTITY) continue;
    b.iamGroups.forEach((name, i) => {
      if (typeof name === 'string' && !groups.has(name)) {
        groups.set(name, { name, existing: false, description: DEFAULT_GROUP_DESCRIPTION, origin: 'named-by-binding', path: `${base}.bindings[${b.index}].iamGroups[${i}]` });
      }
    });
  }
  for (const b of identity.bindings) {
    const name = b.dedicatedGroupName;
    if (name !== undefined && !groups.has(name)) {
      groups.set(name, { name, existing: false, description: `Rights of ServiceAccount ${b} only (managed by cce-workload-identity)`, origin: 'dedicated', path: `${base}.bindings[${b.index}].grants` });
    }
  }
  const roles = new Map<string, IamRole>();
  const assignments: PlannedAssignment[] = [];
  const seen = new Set<string>();
  const add = (group: string, grants: readonly Grant[], context: GrantContext): void => {
    for (const grant of grants) {
      if (typeof grant !== 'object' || grant === null || !(grant.role instanceof IamRole) || !(grant.scope instanceof GrantScope)) continue;
      const resolved = resolveScope(grant.scope, context);
      if (resolved === undefined) continue;
      const key = roleKey(grant.role);
      const id = `${group}\n${key}\n${scopeKey(resolved)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!roles.has(key)) roles.set(key, grant.role);
      assignments.push({ group, role: grant.role, roleKey: key, scope: resolved });
    }
  };
  for (const g of identity.groups) {
    if (typeof g.name === 'string') add(g.name, g.grants, { projectId: identity.projectId, domainId: identity.domainId, projectFrom: 'the declaration' });
  }
  for (const b of identity.bindings) {
    if (b.dedicatedGroupName !== undefined) add(b.dedicatedGroupName, b.grants, bindingContext(b));
  }
  return { groups: [...groups.values()], roles, assignments };
}

/**
 * The grants of declarations that share one account and are rendered together (the clusters of a
 * fleet): each group, role and assignment once. Groups keep the first declaration's definition;
 * the cross-declaration checks report groups the declarations define differently.
 */
export function mergeGrantPlans(plans: readonly GrantPlan[]): GrantPlan {
  const groups = new Map<string, PlannedGroup>();
  const roles = new Map<string, IamRole>();
  const assignments = new Map<string, PlannedAssignment>();
  for (const plan of plans) {
    for (const g of plan.groups) if (!groups.has(g.name)) groups.set(g.name, g);
    for (const [key, role] of plan.roles) if (!roles.has(key)) roles.set(key, role);
    for (const a of plan.assignments) {
      const id = `${a.group}\n${a.roleKey}\n${scopeKey(a.scope)}`;
      if (!assignments.has(id)) assignments.set(id, a);
    }
  }
  return { groups: [...groups.values()], roles, assignments: [...assignments.values()] };
}

/** What a binding's own grants resolve against. */
export function bindingContext(binding: ServiceAccountBinding): GrantContext {
  return { projectId: binding.projectId, domainId: binding.identity.domainId, projectFrom: `binding ${binding}` };
}

function errorCount(out: IssueCollector): number {
  return out.issues.filter((i) => i.severity === 'error').length;
}

/** What makes two custom policies the same: type, description and rendered document. */
export function customPolicyIdentity(role: IamRole): string {
  let document = '';
  try {
    document = role.document?.render() ?? '';
  } catch {
    document = '<unrenderable>';
  }
  return JSON.stringify([role.type, role.description, document]);
}
