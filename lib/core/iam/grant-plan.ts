/**
 * The grants of a declaration resolved into what the Terraform side writes: the groups (created,
 * existing, dedicated), the roles (custom policies once per name, system roles once per name) and
 * one assignment per grant with exactly one resolved scope. (The checks of grants are in
 * validation/grant-checks.ts.)
 */
import { GrantScope, GrantScopeKind } from './grant-scope';
import type { Grant } from './grants';
import { DEFAULT_GROUP_DESCRIPTION } from './iam-group';
import { IamRole, IamRoleKind } from './iam-role';
import { IdentityMode } from '../declaration/identity-mode';
import { textOf } from '../validation/rules';
import type { ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

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
    case GrantScopeKind.WORKLOAD_PROJECT: return context.projectId === undefined ? undefined : {
      kind: GrantScopeKind.PROJECT,
      projectId: context.projectId,
    };
    case GrantScopeKind.PROJECT_BY_NAME: return scope.value === undefined ? undefined : { kind: GrantScopeKind.PROJECT_BY_NAME, region: scope.value };
    case GrantScopeKind.ALL_PROJECTS: return { kind: GrantScopeKind.ALL_PROJECTS };
    case GrantScopeKind.DOMAIN: return context.domainId === undefined ? undefined : { kind: GrantScopeKind.DOMAIN, domainId: context.domainId };
    case GrantScopeKind.ENTERPRISE_PROJECT: return scope.value === undefined ? undefined : {
      kind: GrantScopeKind.ENTERPRISE_PROJECT,
      enterpriseProjectId: scope.value,
    };
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

/** Resolves a valid declaration's grants. Grants whose scope cannot be resolved are left out (validation reports them). */
export function grantPlan(identity: WorkloadIdentityView): GrantPlan {
  const groups = new Map<string, PlannedGroup>();
  const base = identity.path;
  const rendered = renderedDeclaredGroups(identity);
  for (const g of identity.groups) {
    if (typeof g.name === 'string' && rendered.has(g.name) && !groups.has(g.name)) {
      groups.set(g.name, {
        name: g.name,
        existing: g.existing === true,
        description: g.description ?? DEFAULT_GROUP_DESCRIPTION,
        origin: 'declared',
        path: `${base}.groups[${g.index}]`,
      });
    }
  }
  for (const b of identity.bindings) {
    // A pod-identity binding joins no group: its agency holds the roles (pod-identity-plan.ts).
    if (!Array.isArray(b.iamGroups) || b.mode === IdentityMode.POD_IDENTITY) continue;
    b.iamGroups.forEach((name, i) => {
      if (typeof name === 'string' && !groups.has(name)) {
        groups.set(name, {
          name,
          existing: false,
          description: DEFAULT_GROUP_DESCRIPTION,
          origin: 'named-by-binding',
          path: `${base}.bindings[${b.index}].iamGroups[${i}]`,
        });
      }
    });
  }
  for (const b of identity.bindings) {
    const name = b.dedicatedGroupName;
    if (name !== undefined && !groups.has(name)) {
      groups.set(name, {
        name,
        existing: false,
        description: `Rights of ServiceAccount ${b} only (managed by cce-workload-identity)`,
        origin: 'dedicated',
        path: `${base}.bindings[${b.index}].grants`,
      });
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
    if (typeof g.name === 'string' && rendered.has(g.name)) add(g.name, g.grants, {
      projectId: identity.projectId,
      domainId: identity.domainId,
      projectFrom: 'the declaration',
    });
  }
  for (const b of identity.bindings) {
    if (b.dedicatedGroupName !== undefined) add(b.dedicatedGroupName, b.grants, bindingContext(b));
  }
  return { groups: [...groups.values()], roles, assignments };
}

/**
 * The declared groups the Terraform side writes. A group is for federated users, whom only the
 * conversion rules of OIDC bindings put into it: with no OIDC binding at all nothing would ever
 * join it, and a group named only by pod-identity bindings is merely where their agencies' roles are
 * declared (pod-identity-plan.ts copies them). A declared group no binding names is still written
 * when some binding uses OIDC federation (as in an OIDC-only declaration).
 */
function renderedDeclaredGroups(identity: WorkloadIdentityView): Set<string> {
  const out = new Set<string>();
  if (!identity.usesOidcFederation) return out;
  const namedByOidc = new Set<string>();
  const namedByPod = new Set<string>();
  for (const b of identity.bindings) {
    if (!Array.isArray(b.iamGroups)) continue;
    for (const name of b.iamGroups) (b.mode === IdentityMode.POD_IDENTITY ? namedByPod : namedByOidc).add(name);
  }
  for (const g of identity.groups) {
    if (typeof g.name === 'string' && (namedByOidc.has(g.name) || !namedByPod.has(g.name))) out.add(g.name);
  }
  return out;
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
export function bindingContext(binding: ServiceAccountBindingView): GrantContext {
  return { projectId: binding.projectId, domainId: binding.identity.domainId, projectFrom: `binding ${binding}` };
}

/** What makes two custom policies the same: type, description and rendered document. */
export function customPolicyIdentity(role: IamRole): string {
  let document: string;
  try {
    document = role.document?.render() ?? '';
  } catch {
    document = '<unrenderable>';
  }
  // type and description may be of any type (a BigInt breaks JSON.stringify): validation reports them.
  return JSON.stringify([textOf(role.type), textOf(role.description), document]);
}
