import { Construct } from 'constructs';
import { GrantScopeKind } from '../core/iam/grant-scope';
import { grantPlan, GrantPlan, mergeGrantPlans, PlannedAssignment, ResolvedScope } from '../core/iam/grant-plan';
import { IamRoleKind } from '../core/iam/iam-role';
import { IssueSeverity } from '../core/issues/issues';
import { podIdentityPlan, type PodIdentityPlan } from '../core/iam/pod-identity-plan';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import type { TerraformElementLike, TerraformToolchain } from './toolchain';
import { renderAgencies, type AgencyRoleReference } from './workload-identity-agencies';

/** A rendered group: its ID and name as Terraform references, and the construct (for `depends_on`). */
export interface RenderedGroup {
  readonly id: string;
  readonly node: TerraformElementLike;
}

/**
 * The grants of a declaration as Terraform: a `huaweicloud_identity_group` per group the library
 * creates (declared, named by a binding, or a binding's dedicated group), a data
 * `huaweicloud_identity_group` per existing group (a missing group fails the plan), a
 * `huaweicloud_identity_role` per custom policy, a data `huaweicloud_identity_role` per system
 * role, a data `huaweicloud_identity_projects` per project given by region name, and one
 * `huaweicloud_identity_group_role_assignment` per grant with exactly one of `project_id`,
 * `domain_id`, `enterprise_project_id`. Created by `WorkloadIdentityProvider`, which renders it at
 * synthesis (after validation), so groups and grants added to the declaration later are included.
 * IAM applies new assignments after 15–30 minutes (provider docs). The declarations of one fleet
 * share the account's groups and policies: the construct owning the fleet
 * (`WorkloadIdentityFleetProviders`) renders them all, once, into its first cluster's grants.
 */
export class WorkloadIdentityGrants extends Construct {
  /** The rendered declaration. */
  public readonly identity: WorkloadIdentity;
  private rendered?: readonly RenderedGroup[];

  public constructor(scope: Construct, id: string, identity: WorkloadIdentity) {
    super(scope, id);
    this.identity = identity;
  }

  /**
   * @internal Writes the resources with the bindings of `toolchain` (the flavour of the provider
   * construct that calls this) once and returns the groups (for the conversion's `depends_on`);
   * nothing while the declaration has errors (validation reports them).
   */
  public _render(toolchain: TerraformToolchain, identities: readonly WorkloadIdentity[] = [this.identity]): readonly RenderedGroup[] {
    if (this.rendered) return this.rendered;
    if (identities.some((identity) => identity.validate().some((i) => i.severity === IssueSeverity.ERROR))) return [];
    this.rendered = this.write(toolchain, mergeGrantPlans(identities.map(grantPlan)), identities.map(podIdentityPlan));
    return this.rendered;
  }

  private write(toolchain: TerraformToolchain, plan: GrantPlan, podPlans: readonly PodIdentityPlan[]): RenderedGroup[] {
    const {
      DataHuaweicloudIdentityGroup, DataHuaweicloudIdentityProjects, DataHuaweicloudIdentityRole, IdentityGroup, IdentityGroupRoleAssignment,
      IdentityRole,
    } = toolchain;
    const groups = new Map<string, RenderedGroup>();
    for (const group of plan.groups) {
      const node = group.existing
        ? new DataHuaweicloudIdentityGroup(this, `ExistingGroup ${group.name}`, { name: group.name })
        : new IdentityGroup(this, `Group ${group.name}`, { name: group.name, description: group.description });
      groups.set(group.name, { id: node.id, node });
    }
    const roles = new Map<string, string>();
    const displayNames = new Map<string, AgencyRoleReference>();
    // The groups' roles, then those only agencies hold (pod identity): each written once.
    const allRoles = new Map(plan.roles);
    for (const pod of podPlans) for (const [key, role] of pod.roles) if (!allRoles.has(key)) allRoles.set(key, role);
    for (const [key, role] of allRoles) {
      if (role.kind === IamRoleKind.CUSTOM) {
        const resource = new IdentityRole(this, `Policy ${role.name}`, {
          name: role.name,
          description: role.description ?? '',
          type: String(role.type),
          policy: role.document!.render(),
        });
        roles.set(key, resource.id);
        // A custom policy's name is its display name, which agencies assign it by. Each reference is
        // a new token (a captured stack trace): made only when an agency asks for it.
        displayNames.set(key, lazyReference(() => resource.name));
      } else {
        const lookup = role.kind === IamRoleKind.SYSTEM_NAME ? { name: role.name } : { displayName: role.name };
        const data = new DataHuaweicloudIdentityRole(this, `Role ${role.kind} ${role.name}`, lookup);
        roles.set(key, data.id);
        displayNames.set(key, lazyReference(() => data.displayName));
      }
    }
    type ProjectsLookup = InstanceType<typeof DataHuaweicloudIdentityProjects>;
    const projects = new Map<string, ProjectsLookup>();
    const lookup = (region: string): ProjectsLookup => {
      let data = projects.get(region);
      if (!data) {
        data = new DataHuaweicloudIdentityProjects(this, `Project ${region}`, { name: region });
        projects.set(region, data);
      }
      return data;
    };
    // A region with no such project gives an empty list: the index fails the plan.
    const projectOf = (region: string): string => lookup(region).projects.get(0).id;
    const projectsById = new Map<string, ProjectsLookup>();
    const projectNameOfId = (projectId: string): string => {
      let data = projectsById.get(projectId);
      if (!data) {
        data = new DataHuaweicloudIdentityProjects(this, `Project id ${projectId}`, { projectId });
        projectsById.set(projectId, data);
      }
      return data.projects.get(0).name;
    };
    for (const a of plan.assignments) {
      new IdentityGroupRoleAssignment(this, `Assignment ${a.group} ${a.roleKey} ${label(a.scope)}`, {
        groupId: groups.get(a.group)!.id,
        roleId: roles.get(a.roleKey)!,
        ...scopeArguments(a, projectOf),
      });
    }
    for (const pod of podPlans) {
      renderAgencies(this, toolchain, pod, {
        roles: displayNames, projectNameOfId, projectNameOfRegion: (region) => lookup(region).projects.get(0).name,
      });
    }
    return [...groups.values()];
  }
}

/** A display-name reference made on first use, then the same token every time (agencies compare them). */
function lazyReference(make: () => string): AgencyRoleReference {
  let made: string | undefined;
  return {
    get displayName(): string {
      made ??= make();
      return made;
    },
  };
}

/** Exactly one scope argument of the assignment. */
function scopeArguments(a: PlannedAssignment, projectOf: (region: string) => string): {
  projectId?: string;
  domainId?: string;
  enterpriseProjectId?: string;
} {
  const scope = a.scope;
  switch (scope.kind) {
    case GrantScopeKind.PROJECT: return { projectId: scope.projectId };
    case GrantScopeKind.PROJECT_BY_NAME: return { projectId: projectOf(scope.region) };
    case GrantScopeKind.ALL_PROJECTS: return { projectId: 'all' };
    case GrantScopeKind.DOMAIN: return { domainId: scope.domainId };
    case GrantScopeKind.ENTERPRISE_PROJECT: return { enterpriseProjectId: scope.enterpriseProjectId };
  }
}

/** A short, stable label of a scope for construct ids (the id never changes while the grant stays). */
function label(scope: ResolvedScope): string {
  switch (scope.kind) {
    case GrantScopeKind.PROJECT: return `project ${scope.projectId}`;
    case GrantScopeKind.PROJECT_BY_NAME: return `region ${scope.region}`;
    case GrantScopeKind.ALL_PROJECTS: return 'all projects';
    case GrantScopeKind.DOMAIN: return 'domain';
    case GrantScopeKind.ENTERPRISE_PROJECT: return `enterprise project ${scope.enterpriseProjectId}`;
  }
}
