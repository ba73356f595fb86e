/**
 * Small hand-written Terraform JSON in the shapes the library synthesizes (identity providers with
 * conversion rules, groups, custom policies, system roles, group-role assignments, agencies and
 * pod identity associations), for the access matrix and diff tests.
 */

/** A public RSA JWK (no key material beyond the public modulus; the value is arbitrary). */
export function jwk(kid: string): Record<string, string> {
  return { kty: 'RSA', kid, use: 'sig', alg: 'RS256', e: 'AQAB', n: `${kid}-modulus-0123456789abcdefghijklmnopqrstuvwxyz` };
}

export type Scope = 'all' | 'global' | `project:${string}` | `name:${string}` | `ep:${string}`;

export interface Binding {
  /** `<ns>/<name>`. */
  readonly sa: string;
  readonly user?: string;
  readonly groups: readonly string[];
}

export interface Spec {
  readonly providers?: ReadonlyArray<{
    readonly name: string;
    readonly issuer?: string;
    readonly clientId?: string;
    readonly kids?: readonly string[];
    readonly status?: boolean;
    readonly bindings: readonly Binding[];
  }>;
  /** Custom policies by name: their statements. */
  readonly policies?: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>;
  /** System roles by display name. */
  readonly systemRoles?: readonly string[];
  /** Group (or agency) assignments: `policy` names a custom policy or a system role. */
  readonly assign?: ReadonlyArray<{ readonly group?: string; readonly agency?: string; readonly policy: string; readonly scope: Scope }>;
  readonly agencies?: readonly string[];
  readonly associations?: ReadonlyArray<{ readonly cluster: string; readonly sa: string; readonly agency: string }>;
}

const id = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '_');

/** The cdk.tf.json of a spec. */
export function tf(spec: Spec): Record<string, unknown> {
  const resource: Record<string, Record<string, unknown>> = {};
  const data: Record<string, Record<string, unknown>> = {};
  const add = (kind: Record<string, Record<string, unknown>>, type: string, addr: string, block: unknown): void => {
    (kind[type] ??= {})[addr] = block;
  };
  const groups = new Set<string>();
  for (const p of spec.providers ?? []) {
    add(resource, 'huaweicloud_identity_provider', id(p.name), {
      name: p.name,
      protocol: 'oidc',
      ...(p.status === undefined ? {} : { status: p.status }),
      access_config: {
        access_type: 'program',
        provider_url: p.issuer ?? 'https://kubernetes.default.svc.cluster.local',
        client_id: p.clientId ?? 'my-cluster',
        signing_key: JSON.stringify({ keys: (p.kids ?? ['k1']).map(jwk) }),
      },
    });
    add(resource, 'huaweicloud_identity_provider_conversion', `${id(p.name)}_conversion`, {
      provider_id: `\${huaweicloud_identity_provider.${id(p.name)}.id}`,
      conversion_rules: p.bindings.map((b) => {
        const [ns, name] = b.sa.split('/');
        b.groups.forEach((g) => groups.add(g));
        return {
          local: [{ username: b.user ?? `${ns}-${name}` }, ...b.groups.map((g) => ({ group: `\${huaweicloud_identity_group.${id(g)}.name}` }))],
          remote: [{ attribute: 'sub', condition: 'any_one_of', value: [`system:serviceaccount:${ns}:${name}`] }],
        };
      }),
    });
  }
  for (const a of spec.assign ?? []) if (a.group !== undefined) groups.add(a.group);
  for (const g of groups) add(resource, 'huaweicloud_identity_group', id(g), { name: g });
  for (const [name, statements] of Object.entries(spec.policies ?? {})) {
    add(resource, 'huaweicloud_identity_role', id(name), {
      name, type: 'XA', description: name, policy: JSON.stringify({ Version: '1.1', Statement: statements }),
    });
  }
  for (const name of spec.systemRoles ?? []) add(data, 'huaweicloud_identity_role', id(name), { display_name: name });
  const roleRef = (policy: string): string => (spec.systemRoles ?? []).includes(policy)
    ? `\${data.huaweicloud_identity_role.${id(policy)}.id}` : `\${huaweicloud_identity_role.${id(policy)}.id}`;
  const agencyRoles = new Map<string, Record<string, unknown>>();
  for (const agency of spec.agencies ?? []) agencyRoles.set(agency, { name: agency, delegated_service_name: 'op_svc_cce' });
  (spec.assign ?? []).forEach((a, i) => {
    if (a.agency !== undefined) {
      const block = agencyRoles.get(a.agency)!;
      const role = (spec.systemRoles ?? []).includes(a.policy) ? a.policy : `\${huaweicloud_identity_role.${id(a.policy)}.name}`;
      const list = (key: string): string[] => ((block[key] ??= []) as string[]);
      if (a.scope === 'all') list('all_resources_roles').push(role);
      else if (a.scope === 'global') list('domain_roles').push(role);
      else if (a.scope.startsWith('name:')) ((block.project_role ??= []) as unknown[]).push({ project: a.scope.slice(5), roles: [role] });
      else if (a.scope.startsWith('ep:')) {
        ((block.enterprise_project_roles ??= []) as unknown[]).push({ enterprise_project: a.scope.slice(3), roles: [role] });
      }
      else {
        add(data, 'huaweicloud_identity_projects', `p${i}`, { project_id: a.scope.slice(8) });
        ((block.project_role ??= []) as unknown[]).push({ project: `\${data.huaweicloud_identity_projects.p${i}.projects[0].name}`, roles: [role] });
      }
      return;
    }
    const scope: Record<string, string> = a.scope === 'all' ? { project_id: 'all' } : a.scope === 'global' ? { domain_id: 'd0123456789abcdef' }
      : a.scope.startsWith('ep:') ? { enterprise_project_id: a.scope.slice(3) } : {};
    if (a.scope.startsWith('project:')) scope.project_id = a.scope.slice(8);
    if (a.scope.startsWith('name:')) {
      add(data, 'huaweicloud_identity_projects', `p${i}`, { name: a.scope.slice(5) });
      scope.project_id = `\${data.huaweicloud_identity_projects.p${i}.projects[0].id}`;
    }
    add(resource, 'huaweicloud_identity_group_role_assignment', `a${i}_${id(a.group ?? '')}_${id(a.policy)}`, {
      group_id: `\${huaweicloud_identity_group.${id(a.group ?? '')}.id}`, role_id: roleRef(a.policy), ...scope,
    });
  });
  for (const [name, block] of agencyRoles) add(resource, 'huaweicloud_identity_agency', id(name), block);
  (spec.associations ?? []).forEach((a, i) => {
    const [ns, name] = a.sa.split('/');
    add(resource, 'huaweicloud_cce_cluster_pod_identity_association', `assoc${i}`, {
      cluster_id: a.cluster, namespace: ns, service_account: name,
      agency_name: agencyRoles.has(a.agency) ? `\${huaweicloud_identity_agency.${id(a.agency)}.name}` : a.agency,
    });
  });
  return { resource, ...(Object.keys(data).length > 0 ? { data } : {}) };
}

/** Allow/Deny statement shorthand. */
export function allow(actions: string[], resources?: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: actions, ...(resources ? { Resource: resources } : {}), ...extra };
}
export function deny(actions: string[], resources?: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Deny', Action: actions, ...(resources ? { Resource: resources } : {}), ...extra };
}
