/**
 * The pod-identity side of a declaration: per binding in `IdentityMode.POD_IDENTITY`, the agency
 * the Terraform side writes, with the roles that binding would have in the OIDC mode — the grants
 * of the declared groups it names in `iamGroups` and its own grants — in the same resolved scopes.
 * The checks that belong to the mode are in validation/pod-identity-checks.ts.
 */
import { bindingContext, resolveScope, roleKey, scopeKey, type GrantContext, type ResolvedScope } from './grant-plan';
import { GrantScope } from './grant-scope';
import type { Grant } from './grants';
import { IamRole } from './iam-role';
import { IdentityMode } from '../declaration/identity-mode';
import { textOf } from '../validation/rules';
import type { ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

/** One role an agency holds, in one resolved scope. */
export interface PlannedAgencyRole {
  /** The role. */
  readonly role: IamRole;
  /** Its key in `PodIdentityPlan.roles` (and in the grant plan's). */
  readonly roleKey: string;
  /** Where it applies. */
  readonly scope: ResolvedScope;
  /** Where the grant comes from: `group "demo"` or `the binding`. */
  readonly from: string;
}

/** An agency the Terraform side writes for one pod-identity binding. */
export interface PlannedAgency {
  /** The agency name (the association's `agency_name`). */
  readonly name: string;
  /** Its description. */
  readonly description: string;
  /** The binding. */
  readonly binding: ServiceAccountBindingView;
  /** Its roles, deduplicated by role and scope. */
  readonly roles: readonly PlannedAgencyRole[];
}

/** Everything pod-identity the Terraform side writes for one declaration. */
export interface PodIdentityPlan {
  /** The cluster of the associations. */
  readonly clusterId: string;
  /** One agency per pod-identity binding, in binding order. */
  readonly agencies: readonly PlannedAgency[];
  /** Distinct roles the agencies hold, by key. */
  readonly roles: ReadonlyMap<string, IamRole>;
}

/** The grants an agency of `binding` holds, each with what its scope resolves against. */
export function agencyGrants(binding: ServiceAccountBindingView): Array<{
  readonly grant: Grant;
  readonly context: GrantContext;
  readonly from: string;
  readonly path: string;
}> {
  const identity = binding.identity;
  const out: Array<{ grant: Grant; context: GrantContext; from: string; path: string }> = [];
  const groupContext: GrantContext = { projectId: identity.projectId, domainId: identity.domainId, projectFrom: 'the declaration' };
  const named = Array.isArray(binding.iamGroups) ? binding.iamGroups : [];
  for (const name of named) {
    const group = identity.findGroup(name);
    if (!group) continue;
    group.grants.forEach((grant, i) => out.push({
      grant,
      context: groupContext,
      from: `group ${JSON.stringify(name)}`,
      path: `${identity.path}.groups[${group.index}].grants[${i}]`,
    }));
  }
  binding.grants.forEach((grant, i) => out.push({
    grant,
    context: bindingContext(binding),
    from: 'the binding',
    path: `${identity.path}.bindings[${binding.index}].grants[${i}]`,
  }));
  return out;
}

/** The pod-identity bindings of a declaration. */
export function podIdentityBindings(identity: WorkloadIdentityView): ServiceAccountBindingView[] {
  return identity.bindings.filter((b) => b.mode === IdentityMode.POD_IDENTITY);
}

/** Resolves a valid declaration's agencies (grants whose scope cannot be resolved are left out: validation reports them). */
export function podIdentityPlan(identity: WorkloadIdentityView): PodIdentityPlan {
  const roles = new Map<string, IamRole>();
  const agencies = podIdentityBindings(identity).map((binding): PlannedAgency => {
    const seen = new Set<string>();
    const held: PlannedAgencyRole[] = [];
    for (const { grant, context, from } of agencyGrants(binding)) {
      if (typeof grant !== 'object' || grant === null || !(grant.role instanceof IamRole) || !(grant.scope instanceof GrantScope)) continue;
      const scope = resolveScope(grant.scope, context);
      if (scope === undefined) continue;
      const key = roleKey(grant.role);
      const id = `${key}\n${scopeKey(scope)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!roles.has(key)) roles.set(key, grant.role);
      held.push({ role: grant.role, roleKey: key, scope, from });
    }
    return {
      name: binding.agencyName!,
      description: `CCE pod identity of ServiceAccount ${binding} in cluster ${identity.clusterId === undefined ? '?' : textOf(identity.clusterId)} `
        + '(managed by cce-workload-identity)',
      binding,
      roles: held,
    };
  });
  return { clusterId: identity.clusterId ?? '', agencies, roles };
}
