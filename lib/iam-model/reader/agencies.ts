/**
 * Agencies and pod identity associations (issue 10): `huaweicloud_identity_agency` (each role of each
 * block read as one assignment held by the agency) and `huaweicloud_cce_cluster_pod_identity_association`. Pure.
 */
import { EmulatorConfigError, EmulatorConfigErrorCode } from '../iam-errors';
import { isJsonObject } from '../../contract/json';
import type { AssignmentScope, RoleAssignment, TerraformAgency, TerraformPodIdentityAssociation, TerraformRole } from './grants-model';
import { invalid, optionalLiteral, parseReference, requiredLiteral, requiredString, truncate } from './values';

const ROLE = 'huaweicloud_identity_role';
const PROJECTS = 'huaweicloud_identity_projects';
const AGENCY = 'huaweicloud_identity_agency';

type JsonObject = { [key: string]: unknown };

/** What a `data.huaweicloud_identity_projects` looks a project up by. */
export interface ProjectLookup {
  readonly name: string | undefined;
  readonly projectId: string | undefined;
}

export function parseAgency(address: string, block: JsonObject, source: string): TerraformAgency {
  const at = `${source}: ${address}`;
  return {
    address,
    name: requiredLiteral(block.name, `${at}.name`),
    delegatedService: optionalLiteral(block.delegated_service_name, `${at}.delegated_service_name`),
    delegatedDomain: optionalLiteral(block.delegated_domain_name, `${at}.delegated_domain_name`),
    source,
  };
}

/**
 * The roles an agency block assigns, one {@link RoleAssignment} per role and scope: `project_role`
 * (a project by name), `domain_roles` (the global service project), `all_resources_roles` (every
 * project, like `project_id = "all"`), `enterprise_project_roles` (an enterprise project by name).
 */
export function parseAgencyRoles(
  agency: TerraformAgency, block: JsonObject, roles: readonly TerraformRole[], projects: ReadonlyMap<string, ProjectLookup>, warnings: string[],
): RoleAssignment[] {
  const at = `${agency.source}: ${agency.address}`;
  const out: RoleAssignment[] = [];
  const add = (roleList: unknown, where: string, scope: AssignmentScope, label: string): void => {
    if (roleList === undefined || roleList === null) return;
    if (!Array.isArray(roleList)) throw invalid(`${at}.${where} must be a list of role names`);
    roleList.forEach((value: unknown, i) => {
      const roleId = requiredString(value, `${at}.${where}[${i}]`);
      const role = agencyRole(roleId, `${at}.${where}[${i}]`, roles);
      if (role === undefined) warnings.push(`${agency.address}: role ${truncate(roleId)} (${where}) is not declared in ${agency.source}; its policy `
        + 'is not known offline');
      out.push({ address: `${agency.address} ${label}`, source: agency.source, group: undefined, groupId: '', agency, role, roleId, scope });
    });
  };
  add(block.domain_roles, 'domain_roles', { kind: 'domain', domainId: '' }, 'domain_roles');
  add(block.all_resources_roles, 'all_resources_roles', { kind: 'all-projects' }, 'all_resources_roles');
  for (const [key, field, label] of [['project_role', 'project', 'project'], ['enterprise_project_roles', 'enterprise_project', 'enterprise '
    + 'project']] as const) {
    const list = block[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw invalid(`${at}.${key} must be a list of blocks`);
    list.forEach((entry: unknown, i) => {
      if (!isJsonObject(entry)) throw invalid(`${at}.${key}[${i}] must be an object`);
      const where = `${key}[${i}]`;
      const value = requiredString(entry[field], `${at}.${where}.${field}`);
      let scope: AssignmentScope;
      if (key === 'enterprise_project_roles') {
        scope = value.includes('${') ? {
          kind: 'unresolved',
          attribute: `${where}.${field}`,
          expression: value,
        } : { kind: 'enterprise-project', enterpriseProjectId: value };
      } else {
        scope = agencyProjectScope(value, `${at}.${where}.project`, agency.address, projects);
        if (scope.kind === 'unresolved') warnings.push(`${agency.address}: ${where}.project ${truncate(value)} cannot be resolved offline; the scope `
          + 'of its roles is unknown');
      }
      const resolved = scope.kind === 'project-by-name' ? scope.projectName : scope.kind === 'project' ? scope.projectId : value;
      const shown = value.includes('${') ? resolved : value;
      add(entry.roles, `${where}.roles`, scope, `${label} ${shown}`);
    });
  }
  return out;
}

/** A role of an agency, named by display name: a literal, or a reference to a declared role. */
function agencyRole(value: string, at: string, roles: readonly TerraformRole[]): TerraformRole | undefined {
  const reference = value.includes('${') ? parseReference(value) : undefined;
  if (value.includes('${')) {
    if (!reference || reference.type !== ROLE || !['name', 'display_name'].includes(reference.attribute)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.NonLiteral, `${at} is a Terraform expression (${truncate(value)}); the reader accepts a `
        + `role display name or \${huaweicloud_identity_role.<addr>.name} / \${data.huaweicloud_identity_role.<addr>.display_name}`);
    }
    const role = roles.find((r) => r.address === reference.address);
    if (!role) throw invalid(`${at} refers to ${reference.address}, which this Terraform does not declare`);
    return role;
  }
  return roles.find((r) => (r.kind === 'custom' ? r.name === value : r.displayName === value));
}

/** The project of an agency's `project_role`: by name (literal or looked up), or by id (looked up). */
function agencyProjectScope(value: string, at: string, address: string, projects: ReadonlyMap<string, ProjectLookup>): AssignmentScope {
  if (!value.includes('${')) return { kind: 'project-by-name', projectName: value, address };
  const reference = parseReference(value);
  if (reference && reference.type === PROJECTS && reference.data && /^projects\[0\]\.name$/.test(reference.attribute)) {
    const lookup = projects.get(reference.address);
    if (!lookup) throw invalid(`${at} refers to ${reference.address}, which this Terraform does not declare`);
    if (lookup.projectId !== undefined) return { kind: 'project', projectId: lookup.projectId };
    if (lookup.name !== undefined) return { kind: 'project-by-name', projectName: lookup.name, address: reference.address };
  }
  return { kind: 'unresolved', attribute: 'project', expression: value };
}

export function parseAssociation(
  address: string,
  block: JsonObject,
  source: string,
  agencies: readonly TerraformAgency[],
  warnings: string[],
): TerraformPodIdentityAssociation {
  const at = `${source}: ${address}`;
  const clusterValue = requiredString(block.cluster_id, `${at}.cluster_id`);
  const clusterId = clusterValue.includes('${') ? undefined : clusterValue;
  if (clusterId === undefined) warnings.push(`${address}: cluster_id ${truncate(clusterValue)} is an expression; the association is not related `
    + 'to a cluster offline');
  const agencyValue = requiredString(block.agency_name, `${at}.agency_name`);
  let agency: TerraformAgency | undefined;
  let agencyName: string;
  if (agencyValue.includes('${')) {
    const reference = parseReference(agencyValue);
    if (!reference || reference.type !== AGENCY || reference.attribute !== 'name') {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.NonLiteral, `${at}.agency_name is a Terraform expression (${truncate(agencyValue)}); the `
        + `reader accepts an agency name or \${huaweicloud_identity_agency.<addr>.name}`);
    }
    agency = agencies.find((a) => a.address === reference.address);
    if (!agency) throw invalid(`${at}.agency_name refers to ${reference.address}, which this Terraform does not declare`);
    agencyName = agency.name;
  } else {
    agencyName = agencyValue;
    agency = agencies.find((a) => a.name === agencyValue);
    if (!agency) warnings.push(`${address}: agency "${agencyValue}" is not declared in ${source}; its roles are not known offline`);
  }
  return {
    address, source, clusterId,
    namespace: requiredLiteral(block.namespace, `${at}.namespace`),
    serviceAccount: requiredLiteral(block.service_account, `${at}.service_account`),
    agencyName, agency,
  };
}

