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
import { parsePolicyDocument, type PolicyDocument } from './policy-document';
import { isJsonObject } from '../contract/json';
import { parseAgency, parseAgencyRoles, parseAssociation, type ProjectLookup } from './reader/agencies';
import { invalid, optionalLiteral, parseReference, requiredLiteral, requiredString, truncate } from './reader/values';

export type {
  AssignmentScope, RoleAssignment, TerraformAgency, TerraformCustomRole, TerraformGrants, TerraformGroup, TerraformPodIdentityAssociation,
  TerraformRole, TerraformSystemRole,
} from './reader/grants-model';
import type {
  AssignmentScope, RoleAssignment, TerraformCustomRole, TerraformGrants, TerraformGroup, TerraformRole, TerraformSystemRole,
} from './reader/grants-model';

const GROUP = 'huaweicloud_identity_group';
const ROLE = 'huaweicloud_identity_role';
const PROJECTS = 'huaweicloud_identity_projects';
const ASSIGNMENT = 'huaweicloud_identity_group_role_assignment';
const AGENCY = 'huaweicloud_identity_agency';
const ASSOCIATION = 'huaweicloud_cce_cluster_pod_identity_association';

type JsonObject = { [key: string]: unknown };

/**
 * Parsed custom policies by their `policy` text, shared by the documents of one read (a policy held
 * by many groups, or the same on both sides of a diff, is parsed once; a {@link PolicyDocument} is
 * never modified).
 */
export type PolicyCache = Map<string, PolicyDocument>;

/** Reads the grant blocks of one parsed `cdk.tf.json`. `policies`: see {@link PolicyCache}. Pure. */
export function parseTerraformGrants(doc: JsonObject, source: string, policies: PolicyCache = new Map()): TerraformGrants {
  const warnings: string[] = [];
  const groupResources = blocks(doc, 'resource', GROUP, source);
  const groupData = blocks(doc, 'data', GROUP, source);
  const roleResources = blocks(doc, 'resource', ROLE, source);
  const roleData = blocks(doc, 'data', ROLE, source);
  const groups = [
    ...groupResources.map(([addr, block]) => parseGroup(`${GROUP}.${addr}`, block, false, source)),
    ...groupData.map(([addr, block]) => parseGroup(`data.${GROUP}.${addr}`, block, true, source)),
  ];
  const roles: TerraformRole[] = [
    ...roleResources.map(([addr, block]) => parseCustomRole(`${ROLE}.${addr}`, block, source, warnings, policies)),
    ...roleData.map(([addr, block]) => parseSystemRole(`data.${ROLE}.${addr}`, block, source)),
  ];
  const projectLookups = new Map<string, ProjectLookup>();
  const projects = new Map(blocks(doc, 'data', PROJECTS, source).map(([addr, block]) => {
    const at = `${source}: data.${PROJECTS}.${addr}`;
    const name = optionalLiteral(block.name, `${at}.name`);
    projectLookups.set(`data.${PROJECTS}.${addr}`, { name, projectId: optionalLiteral(block.project_id, `${at}.project_id`) });
    return [`data.${PROJECTS}.${addr}`, name] as const;
  }));
  // Lookups by address, and by the `id` a state / `terraform show -json` records (where references are resolved to ids).
  const byId = <T>(items: readonly T[], blockOf: (index: number) => JsonObject | undefined): Map<string, T> => {
    const map = new Map<string, T>();
    items.forEach((item, index) => {
      const id = blockOf(index)?.id;
      if (typeof id === 'string' && id !== '' && !id.includes('${')) map.set(id, item);
    });
    return map;
  };
  const groupBlocks = [...groupResources, ...groupData].map(([, b]) => b);
  const roleBlocks = [...roleResources, ...roleData].map(([, b]) => b);
  const declared: Declared = {
    groups: new Map(groups.map((g) => [g.address, g])),
    roles: new Map(roles.map((r) => [r.address, r])),
    groupsById: byId(groups, (i) => groupBlocks[i]),
    rolesById: byId(roles, (i) => roleBlocks[i]),
    projects,
  };
  const assignments = blocks(doc, 'resource', ASSIGNMENT, source)
    .map(([addr, block]) => parseAssignment(`${ASSIGNMENT}.${addr}`, block, source, declared, warnings));
  const agencyBlocks = blocks(doc, 'resource', AGENCY, source);
  const agencies = agencyBlocks.map(([addr, block]) => parseAgency(`${AGENCY}.${addr}`, block, source));
  agencyBlocks.forEach(([, block], i) => assignments.push(...parseAgencyRoles(agencies[i], block, roles, projectLookups, warnings)));
  const associations = blocks(doc, 'resource', ASSOCIATION, source)
    .map(([addr, block]) => parseAssociation(`${ASSOCIATION}.${addr}`, block, source, agencies, warnings));
  return { groups, roles, assignments, agencies, associations, warnings };
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
  readonly groups: ReadonlyMap<string, TerraformGroup>;
  readonly roles: ReadonlyMap<string, TerraformRole>;
  readonly groupsById: ReadonlyMap<string, TerraformGroup>;
  readonly rolesById: ReadonlyMap<string, TerraformRole>;
  readonly projects: ReadonlyMap<string, string | undefined>;
}

function parseGroup(address: string, block: JsonObject, existing: boolean, source: string): TerraformGroup {
  const at = `${source}: ${address}`;
  return { address, name: requiredLiteral(block.name, `${at}.name`), existing, source };
}

function parseCustomRole(address: string, block: JsonObject, source: string, warnings: string[], policies: PolicyCache): TerraformCustomRole {
  const at = `${source}: ${address}`;
  const name = requiredLiteral(block.name, `${at}.name`);
  const type = requiredLiteral(block.type, `${at}.type`);
  if (type !== 'AX' && type !== 'XA') throw invalid(`${at}.type must be "AX" (global services) or "XA" (project-level services), got `
    + `${JSON.stringify(type)}`);
  const policyText = requiredLiteral(block.policy, `${at}.policy`);
  let policy = policies.get(policyText);
  if (policy === undefined) {
    policy = parsePolicyDocument(policyText, `${at}.policy`);
    policies.set(policyText, policy);
  }
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
    group = declared.groups.get(groupRef.address);
    if (!group) throw invalid(`${at}.group_id refers to ${groupRef.address}, which this Terraform does not declare`);
  } else if (declared.groupsById.has(groupId)) {
    group = declared.groupsById.get(groupId);
  } else {
    warnings.push(`${address}: group_id ${truncate(groupId)} is not a reference to a group declared in ${source}; which group it names is not known `
      + 'offline, so no ServiceAccount is related to this assignment');
  }

  let role: TerraformRole | undefined;
  const roleRef = parseReference(roleId);
  if (roleRef && roleRef.type === ROLE) {
    if (roleRef.attribute !== 'id') throw invalid(`${at}.role_id must reference the role's id (\${${roleRef.address}.id}), got ${truncate(roleId)}`);
    role = declared.roles.get(roleRef.address);
    if (!role) throw invalid(`${at}.role_id refers to ${roleRef.address}, which this Terraform does not declare`);
  } else if (declared.rolesById.has(roleId)) {
    role = declared.rolesById.get(roleId);
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

function blocks(doc: JsonObject, kind: 'resource' | 'data', type: string, source: string): Array<[string, JsonObject]> {
  const all = doc[kind];
  if (all === undefined || all === null) return [];
  if (!isJsonObject(all)) throw invalid(`${source}: "${kind}" must be an object`);
  const group = all[type];
  if (group === undefined) return [];
  if (!isJsonObject(group)) throw invalid(`${source}: ${kind}.${type} must be an object keyed by logical id`);
  // One pass, and the block's address spelled out only for an error (a stack may hold tens of thousands of blocks).
  const out: Array<[string, JsonObject]> = [];
  for (const addr of Object.keys(group)) {
    if (addr.startsWith('//')) continue;
    const block = group[addr];
    if (!isJsonObject(block)) throw invalid(`${blockWhere(source, kind, type, addr)} must be an object`);
    const meta = block.count !== undefined ? 'count' : block.for_each !== undefined ? 'for_each' : undefined;
    if (meta !== undefined) {
      throw invalid(`${blockWhere(source, kind, type, addr)} uses ${meta}, which the offline reader cannot expand; declare one block per grant`);
    }
    out.push([addr, block]);
  }
  return out;
}

function blockWhere(source: string, kind: 'resource' | 'data', type: string, addr: string): string {
  return `${source}: ${kind === 'data' ? 'data.' : ''}${type}.${addr}`;
}
