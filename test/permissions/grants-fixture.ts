/**
 * Adds grant blocks to a cdk.tf.json object by hand, in the shape the Terraform side renders
 * (groups, custom policies, system roles by name, projects by name, group-role assignments) and in
 * shapes it does not render but a hand-written or edited file may hold (conversion-rule groups by
 * reference, literal IDs), so the reader's unit tests cover every form. Tests of the example and
 * the end-to-end suite declare grants through the API instead.
 */

/** `${huaweicloud_identity_group.<addr>.<attr>}` or its data-source form. */
export function groupRef(addr: string, attribute: 'id' | 'name', existing = false): string {
  return `\${${existing ? 'data.' : ''}huaweicloud_identity_group.${addr}.${attribute}}`;
}

/** `${huaweicloud_identity_role.<addr>.id}` (custom) or `${data.huaweicloud_identity_role.<addr>.id}` (system). */
export function roleRef(addr: string, system = false): string {
  return `\${${system ? 'data.' : ''}huaweicloud_identity_role.${addr}.id}`;
}

/** `${data.huaweicloud_identity_projects.<addr>.projects[0].id}`. */
export function projectRef(addr: string): string {
  return `\${data.huaweicloud_identity_projects.${addr}.projects[0].id}`;
}

/** An IAM 1.1 policy document as the JSON string `huaweicloud_identity_role.policy` holds. */
export function policy(...statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '1.1', Statement: statements });
}

export interface GrantBlocks {
  readonly groups?: ReadonlyArray<{ readonly addr: string; readonly name: string; readonly existing?: boolean }>;
  readonly customRoles?: ReadonlyArray<{ readonly addr: string; readonly name: string; readonly type?: 'AX' | 'XA'; readonly policy: string }>;
  readonly systemRoles?: ReadonlyArray<{ readonly addr: string; readonly name?: string; readonly displayName?: string }>;
  readonly projects?: ReadonlyArray<{ readonly addr: string; readonly name: string }>;
  readonly assignments?: ReadonlyArray<{
    readonly addr: string;
    readonly groupId: string;
    readonly roleId: string;
    readonly projectId?: string;
    readonly domainId?: string;
    readonly enterpriseProjectId?: string;
  }>;
}

type Doc = Record<string, unknown>;

/** A deep copy of `doc` with the grant blocks added (cdktf's `//` metadata included, as synthesized). */
export function withGrants(doc: object, blocks: GrantBlocks): Doc {
  const out = JSON.parse(JSON.stringify(doc)) as Doc;
  const section = (kind: 'resource' | 'data', type: string): Record<string, unknown> => {
    const top = (out[kind] ??= {}) as Record<string, Record<string, unknown>>;
    return (top[type] ??= {});
  };
  const meta = (addr: string) => ({ '//': { metadata: { path: `workload-identity/${addr}`, uniqueId: addr } } });
  for (const g of blocks.groups ?? []) {
    section(g.existing ? 'data' : 'resource', 'huaweicloud_identity_group')[g.addr] = {
      ...meta(g.addr),
      name: g.name,
      ...(g.existing ? {} : { description: 'test group' }),
    };
  }
  for (const r of blocks.customRoles ?? []) {
    section('resource', 'huaweicloud_identity_role')[r.addr] = {
      ...meta(r.addr),
      name: r.name,
      description: 'test policy',
      type: r.type ?? 'XA',
      policy: r.policy,
    };
  }
  for (const r of blocks.systemRoles ?? []) {
    section('data', 'huaweicloud_identity_role')[r.addr] = {
      ...meta(r.addr),
      ...(r.name !== undefined ? { name: r.name } : {}),
      ...(r.displayName !== undefined ? { display_name: r.displayName } : {}),
    };
  }
  for (const p of blocks.projects ?? []) {
    section('data', 'huaweicloud_identity_projects')[p.addr] = { ...meta(p.addr), name: p.name };
  }
  for (const a of blocks.assignments ?? []) {
    section('resource', 'huaweicloud_identity_group_role_assignment')[a.addr] = {
      ...meta(a.addr),
      group_id: a.groupId,
      role_id: a.roleId,
      ...(a.projectId !== undefined ? { project_id: a.projectId } : {}),
      ...(a.domainId !== undefined ? { domain_id: a.domainId } : {}),
      ...(a.enterpriseProjectId !== undefined ? { enterprise_project_id: a.enterpriseProjectId } : {}),
    };
  }
  return out;
}

/** Replaces the `group` of every conversion-rule `local` entry named `from` with `to` (a literal or a reference). */
export function renameRuleGroup(doc: Doc, from: string, to: string): Doc {
  const resource = doc.resource as Record<string, Record<string, { conversion_rules: Array<{ local: Array<{ group?: string }> }> }>>;
  for (const conversion of Object.values(resource.huaweicloud_identity_provider_conversion ?? {})) {
    for (const rule of conversion.conversion_rules) for (const local of rule.local) if (local.group === from) local.group = to;
  }
  return doc;
}
