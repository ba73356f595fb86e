/** The typed model of the grants the reader reads (groups, roles, assignments, agencies, associations). */
import type { PolicyDocument } from '../policy-document';

/** A user group declared in the Terraform. */
export interface TerraformGroup {
  /** Terraform address: `huaweicloud_identity_group.<addr>` or `data.huaweicloud_identity_group.<addr>`. */
  readonly address: string;
  /** Group name (what conversion rules and IAM tokens carry). */
  readonly name: string;
  /** Whether the group is looked up (data source: it must already exist) rather than created. */
  readonly existing: boolean;
  /** Where it was loaded from. */
  readonly source: string;
}

/** A custom policy (`resource.huaweicloud_identity_role`): its statements are evaluated offline. */
export interface TerraformCustomRole {
  /** Discriminator. */
  readonly kind: 'custom';
  /** Terraform address. */
  readonly address: string;
  /** Policy name. */
  readonly name: string;
  /** `AX` (global services, assigned in the global service project) or `XA` (project-level services). */
  readonly type: string;
  /** The parsed `policy`. */
  readonly policy: PolicyDocument;
  /** Where it was loaded from. */
  readonly source: string;
}

/** A role or policy looked up by name (`data.huaweicloud_identity_role`): its content is not in the Terraform. */
export interface TerraformSystemRole {
  /** Discriminator. */
  readonly kind: 'system';
  /** Terraform address. */
  readonly address: string;
  /** `name` it is looked up by (e.g. `obs_adm`), if any. */
  readonly name: string | undefined;
  /** `display_name` it is looked up by (e.g. `OBS ReadOnlyAccess`), if any. */
  readonly displayName: string | undefined;
  /** Where it was loaded from. */
  readonly source: string;
}

/** A role as the reader knows it. */
export type TerraformRole = TerraformCustomRole | TerraformSystemRole;

/** Where an assignment applies. */
export type AssignmentScope =
  /** One project, by literal id. */
  | { readonly kind: 'project'; readonly projectId: string }
  /** `project_id = "all"`: every project, including the global service project (IAM API iam_02_0519). */
  | { readonly kind: 'all-projects' }
  /** One project looked up by name (`data.huaweicloud_identity_projects`); its id is known only at apply time. */
  | { readonly kind: 'project-by-name'; readonly projectName: string; readonly address: string }
  /** `domain_id`: the global service project (global services; IAM API iam_10_0005). */
  | { readonly kind: 'domain'; readonly domainId: string }
  /** `enterprise_project_id`: resources of one enterprise project. */
  | { readonly kind: 'enterprise-project'; readonly enterpriseProjectId: string }
  /** An expression the reader cannot resolve. */
  | { readonly kind: 'unresolved'; readonly attribute: string; readonly expression: string };

/** An IAM agency (`resource.huaweicloud_identity_agency`), as pod identity associations use it. */
export interface TerraformAgency {
  /** Terraform address. */
  readonly address: string;
  /** Agency name (what `agency_name` of an association names). */
  readonly name: string;
  /** `delegated_service_name` (e.g. `op_svc_cce`: the agency trusts a cloud service), if set. */
  readonly delegatedService: string | undefined;
  /** `delegated_domain_name` (the agency trusts another account), if set. */
  readonly delegatedDomain: string | undefined;
  /** Where it was loaded from. */
  readonly source: string;
}

/** A `huaweicloud_cce_cluster_pod_identity_association`: a ServiceAccount of a cluster bound to an agency. */
export interface TerraformPodIdentityAssociation {
  /** Terraform address. */
  readonly address: string;
  /** Where it was loaded from. */
  readonly source: string;
  /** `cluster_id`, when literal. */
  readonly clusterId: string | undefined;
  /** `namespace` of the ServiceAccount. */
  readonly namespace: string;
  /** `service_account`: the ServiceAccount's name. */
  readonly serviceAccount: string;
  /** The agency name `agency_name` stands for. */
  readonly agencyName: string;
  /** The agency, when declared in the same document (or named literally and declared). */
  readonly agency: TerraformAgency | undefined;
}

/** A `huaweicloud_identity_group_role_assignment`, or one role of a `huaweicloud_identity_agency`. */
export interface RoleAssignment {
  /** Terraform address (for an agency: `<agency address> <block>`, e.g. `huaweicloud_identity_agency.a domain_roles`). */
  readonly address: string;
  /** Where it was loaded from. */
  readonly source: string;
  /** The group, when `group_id` references a group declared in the same document. */
  readonly group: TerraformGroup | undefined;
  /** `group_id` as written (empty for an agency's role). */
  readonly groupId: string;
  /** The agency holding the role, for an agency's role (pod identity). @default undefined (a group's assignment) */
  readonly agency?: TerraformAgency;
  /** The role, when `role_id` references a role declared in the same document. */
  readonly role: TerraformRole | undefined;
  /** `role_id` as written. */
  readonly roleId: string;
  /** Where the role applies. */
  readonly scope: AssignmentScope;
}

/** Everything grant-related in the Terraform input(s). */
export interface TerraformGrants {
  /** Declared groups (created and looked up). */
  readonly groups: readonly TerraformGroup[];
  /** Declared roles (custom and looked up). */
  readonly roles: readonly TerraformRole[];
  /** Assignments (of groups, and the roles of agencies). */
  readonly assignments: readonly RoleAssignment[];
  /** Agencies. @default [] */
  readonly agencies?: readonly TerraformAgency[];
  /** Pod identity associations. @default [] */
  readonly associations?: readonly TerraformPodIdentityAssociation[];
  /** Things the reader could not relate (literal ids, unresolvable expressions, malformed patterns). */
  readonly warnings: readonly string[];
}
