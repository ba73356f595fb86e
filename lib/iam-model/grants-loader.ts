/**
 * Reads the grant blocks of a synthesized `cdk.tf.json` — user groups, custom policies, system roles
 * looked up by name, projects looked up by name, and the group-role assignments that tie them —
 * in the shape the library renders them (issue 9 contract):
 *
 * - `resource.huaweicloud_identity_group.<addr>` `{name}` (created) / `data.huaweicloud_identity_group.<addr>` `{name}` (existing);
 * - `resource.huaweicloud_identity_role.<addr>` `{name, type: AX|XA, policy: "<JSON>"}` (custom policy, evaluable);
 * - `data.huaweicloud_identity_role.<addr>` `{name}` | `{display_name}` (system role: content not in the Terraform);
 * - `data.huaweicloud_identity_projects.<addr>` `{name: "<region>"}`;
 * - `resource.huaweicloud_identity_group_role_assignment.<addr>` `{group_id, role_id}` + exactly one of
 *   `project_id` (id, `all`, or `${data.huaweicloud_identity_projects.<addr>.projects[0].id}`),
 *   `domain_id`, `enterprise_project_id` (provider docs `identity_group_role_assignment.md`).
 *
 * - pod identity (issue 10): `resource.huaweicloud_identity_agency.<addr>` `{name, delegated_service_name |
 *   delegated_domain_name, project_role: [{project, roles}], domain_roles, all_resources_roles,
 *   enterprise_project_roles: [{enterprise_project, roles}]}` (roles by display name: a literal, or
 *   `${huaweicloud_identity_role.<addr>.name}` / `${data.huaweicloud_identity_role.<addr>.display_name}`;
 *   projects by name: a literal, or `${data.huaweicloud_identity_projects.<addr>.projects[0].name}`),
 *   each role of each block read as one assignment held by the agency; and
 *   `resource.huaweicloud_cce_cluster_pod_identity_association.<addr>` `{cluster_id, namespace,
 *   service_account, agency_name}` (`agency_name` a literal or `${huaweicloud_identity_agency.<addr>.name}`).
 *
 * References (`${huaweicloud_identity_group.<addr>.id}`, `${data.huaweicloud_identity_role.<addr>.id}`,
 * …) are resolved generically against the blocks of the same document, whatever the address. A
 * literal `group_id` / `role_id` (an id of something created elsewhere) cannot be related to a
 * group name or a policy offline: the assignment is kept, marked unresolved, and a warning says so.
 */
import { EmulatorConfigError, EmulatorConfigErrorCode } from './iam-errors';
import type { PolicyDocument } from './policy-document';
import { parsePolicyDocument } from './policy-document';
import { isJsonObject } from '../contract/json';
import { redactSecrets } from '../contract/secrets';

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

const GROUP = 'huaweicloud_identity_group';
const ROLE = 'huaweicloud_identity_role';
const PROJECTS = 'huaweicloud_identity_projects';
const ASSIGNMENT = 'huaweicloud_identity_group_role_assignment';
const AGENCY = 'huaweicloud_identity_agency';
const ASSOCIATION = 'huaweicloud_cce_cluster_pod_identity_association';

type JsonObject = { [key: string]: unknown };

/** `${[data.]<type>.<addr>.<attribute path>}`: a whole-string reference to another block. */
const REFERENCE = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)\}$/;

interface Reference {
  /** `data.<type>.<addr>` or `<type>.<addr>`. */
  readonly address: string;
  readonly data: boolean;
  readonly type: string;
  readonly attribute: string;
}

/** Reads the grant blocks of one parsed `cdk.tf.json`. Pure. */
export function parseTerraformGrants(doc: JsonObject, source: string): TerraformGrants {
  const warnings: string[] = [];
  const groups = [
    ...blocks(doc, 'resource', GROUP, source).map(([addr, block]) => parseGroup(`${GROUP}.${addr}`, block, false, source)),
    ...blocks(doc, 'data', GROUP, source).map(([addr, block]) => parseGroup(`data.${GROUP}.${addr}`, block, true, source)),
  ];
  const roles: TerraformRole[] = [
    ...blocks(doc, 'resource', ROLE, source).map(([addr, block]) => parseCustomRole(`${ROLE}.${addr}`, block, source, warnings)),
    ...blocks(doc, 'data', ROLE, source).map(([addr, block]) => parseSystemRole(`data.${ROLE}.${addr}`, block, source)),
  ];
  const projectLookups = new Map<string, ProjectLookup>();
  const projects = new Map(blocks(doc, 'data', PROJECTS, source).map(([addr, block]) => {
    const at = `${source}: data.${PROJECTS}.${addr}`;
    const name = optionalLiteral(block.name, `${at}.name`);
    projectLookups.set(`data.${PROJECTS}.${addr}`, { name, projectId: optionalLiteral(block.project_id, `${at}.project_id`) });
    return [`data.${PROJECTS}.${addr}`, name] as const;
  }));
  const assignments = blocks(doc, 'resource', ASSIGNMENT, source)
    .map(([addr, block]) => parseAssignment(`${ASSIGNMENT}.${addr}`, block, source, { groups, roles, projects }, warnings));
  const agencyBlocks = blocks(doc, 'resource', AGENCY, source);
  const agencies = agencyBlocks.map(([addr, block]) => parseAgency(`${AGENCY}.${addr}`, block, source));
  agencyBlocks.forEach(([, block], i) => assignments.push(...parseAgencyRoles(agencies[i], block, roles, projectLookups, warnings)));
  const associations = blocks(doc, 'resource', ASSOCIATION, source)
    .map(([addr, block]) => parseAssociation(`${ASSOCIATION}.${addr}`, block, source, agencies, warnings));
  return { groups, roles, assignments, agencies, associations, warnings };
}

/** What a `data.huaweicloud_identity_projects` looks a project up by. */
interface ProjectLookup {
  readonly name: string | undefined;
  readonly projectId: string | undefined;
}

function parseAgency(address: string, block: JsonObject, source: string): TerraformAgency {
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
function parseAgencyRoles(
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

function parseAssociation(
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

/**
 * The group name a conversion rule's `local.group` stands for: the literal, or the `name` of the
 * group a `${[data.]huaweicloud_identity_group.<addr>.name}` reference points at. `groups` are the
 * groups of the same document. Throws with the attribute's address for anything else.
 */
export function resolveConversionGroup(value: string, at: string, groups: readonly TerraformGroup[]): string {
  if (!value.includes('${')) return value;
  const reference = parseReference(value);
  if (!reference || reference.type !== GROUP || reference.attribute !== 'name') {
    throw new EmulatorConfigError(
      EmulatorConfigErrorCode.NonLiteral,
      `${at} is a Terraform expression (${truncate(value)}); the reader accepts a group name or \${huaweicloud_identity_group.<addr>.name} / `
        + `\${data.huaweicloud_identity_group.<addr>.name}`,
    );
  }
  const group = byAddress(groups, reference.address);
  if (!group) throw invalid(`${at} refers to ${reference.address}, which this Terraform does not declare`);
  return group.name;
}

interface Declared {
  readonly groups: readonly TerraformGroup[];
  readonly roles: readonly TerraformRole[];
  readonly projects: ReadonlyMap<string, string | undefined>;
}

function parseGroup(address: string, block: JsonObject, existing: boolean, source: string): TerraformGroup {
  const at = `${source}: ${address}`;
  return { address, name: requiredLiteral(block.name, `${at}.name`), existing, source };
}

function parseCustomRole(address: string, block: JsonObject, source: string, warnings: string[]): TerraformCustomRole {
  const at = `${source}: ${address}`;
  const name = requiredLiteral(block.name, `${at}.name`);
  const type = requiredLiteral(block.type, `${at}.type`);
  if (type !== 'AX' && type !== 'XA') throw invalid(`${at}.type must be "AX" (global services) or "XA" (project-level services), got `
    + `${JSON.stringify(type)}`);
  const policyText = requiredLiteral(block.policy, `${at}.policy`);
  const policy = parsePolicyDocument(policyText, `${at}.policy`);
  for (const warning of policy.warnings) warnings.push(`${address} (custom policy "${name}"): ${warning}`);
  return { kind: 'custom', address, name, type, policy, source };
}

function parseSystemRole(address: string, block: JsonObject, source: string): TerraformSystemRole {
  const at = `${source}: ${address}`;
  const name = optionalLiteral(block.name, `${at}.name`);
  const displayName = optionalLiteral(block.display_name, `${at}.display_name`);
  if (name === undefined && displayName === undefined) throw invalid(`${at} must look the role up by "name" or "display_name"`);
  return { kind: 'system', address, name, displayName, source };
}

const addressIndexes = new WeakMap<readonly { readonly address: string }[], Map<string, { readonly address: string }>>();

/** The first element of `list` with `address` (as `find` would), through an index built once per list: N assignments cost O(N), not O(N·M). */
function byAddress<T extends { readonly address: string }>(list: readonly T[], address: string): T | undefined {
  let index = addressIndexes.get(list);
  if (index === undefined) {
    index = new Map();
    for (const item of list) if (!index.has(item.address)) index.set(item.address, item);
    addressIndexes.set(list, index);
  }
  return index.get(address) as T | undefined;
}

function parseAssignment(address: string, block: JsonObject, source: string, declared: Declared, warnings: string[]): RoleAssignment {
  const at = `${source}: ${address}`;
  const groupId = requiredString(block.group_id, `${at}.group_id`);
  const roleId = requiredString(block.role_id, `${at}.role_id`);

  let group: TerraformGroup | undefined;
  const groupRef = parseReference(groupId);
  if (groupRef && groupRef.type === GROUP) {
    if (groupRef.attribute !== 'id') throw invalid(`${at}.group_id must reference the group's id (\${${groupRef.address}.id}), got `
      + `${truncate(groupId)}`);
    group = byAddress(declared.groups, groupRef.address);
    if (!group) throw invalid(`${at}.group_id refers to ${groupRef.address}, which this Terraform does not declare`);
  } else {
    warnings.push(`${address}: group_id ${truncate(groupId)} is not a reference to a group declared in ${source}; which group it names is not known `
      + 'offline, so no ServiceAccount is related to this assignment');
  }

  let role: TerraformRole | undefined;
  const roleRef = parseReference(roleId);
  if (roleRef && roleRef.type === ROLE) {
    if (roleRef.attribute !== 'id') throw invalid(`${at}.role_id must reference the role's id (\${${roleRef.address}.id}), got ${truncate(roleId)}`);
    role = byAddress(declared.roles, roleRef.address);
    if (!role) throw invalid(`${at}.role_id refers to ${roleRef.address}, which this Terraform does not declare`);
  } else {
    warnings.push(`${address}: role_id ${truncate(roleId)} is not a reference to a role declared in ${source}; its policy is not known offline`);
  }

  const scope = parseScope(block, at, address, declared, warnings);
  return { address, source, group, groupId, role, roleId, scope };
}

function parseScope(block: JsonObject, at: string, address: string, declared: Declared, warnings: string[]): AssignmentScope {
  const set = (['project_id', 'domain_id', 'enterprise_project_id'] as const).filter((
    k,
  ) => block[k] !== undefined && block[k] !== null && block[k] !== '');
  if (set.length !== 1) {
    throw invalid(`${at} must set exactly one of project_id, domain_id, enterprise_project_id (provider rule), got `
      + `${set.length === 0 ? 'none' : set.join(', ')}`);
  }
  const [attribute] = set;
  const value = requiredString(block[attribute], `${at}.${attribute}`);
  const reference = value.includes('${') ? parseReference(value) : undefined;
  if (value.includes('${')) {
    if (attribute === 'project_id' && reference && reference.type === PROJECTS && reference.data && /^projects\[0\]\.id$/.test(reference.attribute)) {
      if (!declared.projects.has(reference.address)) throw invalid(`${at}.project_id refers to ${reference.address}, which this `
        + 'Terraform does not declare');
      const projectName = declared.projects.get(reference.address);
      if (projectName !== undefined) return { kind: 'project-by-name', projectName, address: reference.address };
    }
    warnings.push(`${address}: ${attribute} ${truncate(value)} cannot be resolved offline; the assignment's scope is unknown`);
    return { kind: 'unresolved', attribute, expression: value };
  }
  switch (attribute) {
    case 'project_id':
      return value === 'all' ? { kind: 'all-projects' } : { kind: 'project', projectId: value };
    case 'domain_id':
      return { kind: 'domain', domainId: value };
    default:
      return { kind: 'enterprise-project', enterpriseProjectId: value };
  }
}

function parseReference(value: string): Reference | undefined {
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const data = match[1] !== undefined;
  return { address: `${data ? 'data.' : ''}${match[2]}.${match[3]}`, data, type: match[2], attribute: match[4] };
}

function blocks(doc: JsonObject, kind: 'resource' | 'data', type: string, source: string): Array<[string, JsonObject]> {
  const all = doc[kind];
  if (all === undefined || all === null) return [];
  if (!isJsonObject(all)) throw invalid(`${source}: "${kind}" must be an object`);
  const group = all[type];
  if (group === undefined) return [];
  if (!isJsonObject(group)) throw invalid(`${source}: ${kind}.${type} must be an object keyed by logical id`);
  return Object.entries(group)
    .filter(([addr]) => !addr.startsWith('//'))
    .map(([addr, block]) => {
      const where = `${source}: ${kind === 'data' ? 'data.' : ''}${type}.${addr}`;
      if (!isJsonObject(block)) throw invalid(`${where} must be an object`);
      for (const meta of ['count', 'for_each'] as const) {
        if (block[meta] !== undefined) throw invalid(`${where} uses ${meta}, which the offline reader cannot expand; declare one block per grant`);
      }
      return [addr, block];
    });
}

function requiredString(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${at} is required (a non-empty string)`);
  return value;
}

function requiredLiteral(value: unknown, at: string): string {
  return literal(requiredString(value, at), at);
}

function optionalLiteral(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${at} must be a string`);
  return literal(value, at);
}

function literal(value: string, at: string): string {
  if (value.includes('${')) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.NonLiteral, `${at} is a Terraform expression (${truncate(value)}); the offline reader `
      + 'needs the literal value');
  }
  return value;
}

function invalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.TerraformInvalid, message);
}

/** An excerpt of an expression for a message: credential-shaped text redacted first, then cut. */
function truncate(value: string): string {
  const shown = redactSecrets(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
