import type { Construct } from 'constructs';
import { GrantScopeKind } from '../core/iam/grant-scope';
import { CCE_SERVICE_ACCOUNT } from '../core/declaration/identity-mode';
import type { PlannedAgency, PodIdentityPlan } from '../core/iam/pod-identity-plan';
import type { TerraformElementLike, TerraformToolchain } from './toolchain';

/** How a role is named where an agency assigns it: by display name (a Terraform reference). */
export interface AgencyRoleReference {
  /**
   * `${huaweicloud_identity_role.<addr>.name}` (a custom policy's name is its display name) or
   * `${data.huaweicloud_identity_role.<addr>.display_name}`.
   */
  readonly displayName: string;
}

/** What the agencies of a declaration are rendered with. */
export interface AgencyRenderContext {
  /** The display-name reference of each role, by plan key. */
  readonly roles: ReadonlyMap<string, AgencyRoleReference>;
  /** The name of the project of that ID (a `data.huaweicloud_identity_projects` lookup: a missing project fails the plan). */
  readonly projectNameOfId: (projectId: string) => string;
  /** The name of the project of that region, looked up the same way. */
  readonly projectNameOfRegion: (region: string) => string;
}

/** The rendered resources of one pod-identity binding. */
export interface RenderedAgency {
  /** The agency. */
  readonly agency: TerraformElementLike & { readonly name: string };
  /** Its association. */
  readonly association: TerraformElementLike;
}

/**
 * The pod-identity side of a declaration as Terraform: per pod-identity binding a
 * `huaweicloud_identity_agency` delegated to the cloud service CCE (`delegated_service_name =
 * "op_svc_cce"`) holding the binding's roles, and a `huaweicloud_cce_cluster_pod_identity_association`
 * binding the ServiceAccount of the declaration's cluster to it. The agency's roles are the same
 * custom policies and system roles a group gets in the OIDC mode, assigned by display name:
 * `GrantScope.domain()` → `domain_roles`, `allProjects()` → `all_resources_roles`, a project (by
 * ID, workload project or region name) → `project_role { project = <project name> }` (the
 * provider resolves projects by name; `resource_huaweicloud_identity_agency.go` v1.97.1). Like
 * group assignments, the provider block needs `domain_id` to create an agency. Called by
 * `WorkloadIdentityGrants` at synthesis, after validation, with the bindings of `toolchain`. Returns what it rendered.
 */
export function renderAgencies(
  scope: Construct, toolchain: TerraformToolchain, plan: PodIdentityPlan, context: AgencyRenderContext,
): RenderedAgency[] {
  return plan.agencies.map((planned) => {
    const agency = new toolchain.IdentityAgency(scope, `Agency ${planned.name}`, {
      name: planned.name,
      description: planned.description,
      delegatedServiceName: CCE_SERVICE_ACCOUNT,
      ...agencyRoles(planned, context),
    });
    const association = new toolchain.CceClusterPodIdentityAssociation(scope, `Association ${plan.clusterId} ${planned.binding}`, {
      clusterId: plan.clusterId,
      namespace: planned.binding.namespace,
      serviceAccount: planned.binding.serviceAccountName,
      // A reference: the association waits for the agency.
      agencyName: agency.name,
    });
    return { agency, association };
  });
}

/** `domain_roles`, `all_resources_roles` and `project_role` of one agency, each role once per scope. */
function agencyRoles(planned: PlannedAgency, context: AgencyRenderContext): {
  domainRoles?: string[];
  allResourcesRoles?: string[];
  projectRole?: Array<{ project: string; roles: string[] }>;
} {
  const domain: string[] = [];
  const all: string[] = [];
  const byProject = new Map<string, { project: string; roles: string[] }>();
  const add = (list: string[], value: string): void => {
    if (!list.includes(value)) list.push(value);
  };
  for (const held of planned.roles) {
    const role = context.roles.get(held.roleKey)!.displayName;
    const scope = held.scope;
    switch (scope.kind) {
      case GrantScopeKind.DOMAIN: add(domain, role); break;
      case GrantScopeKind.ALL_PROJECTS: add(all, role); break;
      case GrantScopeKind.PROJECT:
      case GrantScopeKind.PROJECT_BY_NAME: {
        // Keyed by the scope, not by the reference: each reference to a lookup is a new token.
        const key = scope.kind === GrantScopeKind.PROJECT ? `id:${scope.projectId}` : `region:${scope.region}`;
        let entry = byProject.get(key);
        if (!entry) {
          entry = {
            project: scope.kind === GrantScopeKind.PROJECT ? context.projectNameOfId(scope.projectId) : context.projectNameOfRegion(scope.region),
            roles: [],
          };
          byProject.set(key, entry);
        }
        add(entry.roles, role);
        break;
      }
      default:
        // Enterprise projects are refused by validation (POD_IDENTITY_ENTERPRISE_PROJECT_GRANT).
        break;
    }
  }
  return {
    ...(domain.length > 0 ? { domainRoles: domain } : {}),
    ...(all.length > 0 ? { allResourcesRoles: all } : {}),
    ...(byProject.size > 0 ? { projectRole: [...byProject.values()] } : {}),
  };
}
