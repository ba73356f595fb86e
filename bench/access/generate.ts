/**
 * A synthesized-shape `cdk.tf.json` with `n` ServiceAccounts, each admitted by one conversion rule
 * into a group of its own holding `grants` custom policies (one statement each, some with a Deny),
 * assigned in a mix of scopes; and a `head` variant where every tenth ServiceAccount changes (a
 * widened action, a new Deny, a scope widened, one ServiceAccount removed, one added).
 */
const SCOPES = [{ domain_id: 'd0123456789abcdef0123456789abcdef' }, { project_id: 'all' }, { project_id: '0123456789abcdef0123456789abcdef' }];

/** The cdk.tf.json object. Pure. */
export function accessBenchTerraform(n: number, grants: number, variant: 'base' | 'head'): Record<string, unknown> {
  const groups: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  const assignments: Record<string, unknown> = {};
  const rules: unknown[] = [];
  const first = variant === 'head' ? 1 : 0;
  const last = variant === 'head' ? n + 1 : n;
  for (let i = first; i < last; i += 1) {
    const changed = variant === 'head' && i % 10 === 0;
    const group = `g${i}`;
    groups[group] = { name: `wi.ns${i % 50}.sa${i}` };
    rules.push({
      local: [{ username: `sa${i}` }, { group: `\${huaweicloud_identity_group.${group}.name}` }],
      remote: [{ attribute: 'sub', condition: 'any_one_of', value: [`system:serviceaccount:ns${i % 50}:sa${i}`] }],
    });
    for (let j = 0; j < grants; j += 1) {
      const role = `r${i}_${j}`;
      const action = changed && j === 0 ? 'obs:object:*' : `obs:object:${['GetObject', 'PutObject', 'ListObjects', 'GetObjectAcl'][j % 4]}`;
      const statements: unknown[] = [{ Effect: 'Allow', Action: [action], Resource: [`obs:*:*:object:bucket-${i}-${j}/*`] }];
      if (j === 1 || (changed && j === 2)) {
        statements.push({ Effect: 'Deny', Action: ['obs:object:DeleteObject'], Resource: [`obs:*:*:object:bucket-${i}-${j}/*`] });
      }
      roles[role] = { name: `p-${i}-${j}`, type: 'AX', description: 'bench', policy: JSON.stringify({ Version: '1.1', Statement: statements }) };
      const scope = changed && j === 3 ? { project_id: 'all' } : SCOPES[j % SCOPES.length];
      assignments[`a${i}_${j}`] = {
        group_id: `\${huaweicloud_identity_group.${group}.id}`, role_id: `\${huaweicloud_identity_role.${role}.id}`, ...scope,
      };
    }
  }
  const jwk = { kty: 'RSA', kid: 'k1', use: 'sig', alg: 'RS256', e: 'AQAB', n: 'bench-modulus' };
  return {
    resource: {
      huaweicloud_identity_provider: {
        wi: {
          name: 'workload_identity', protocol: 'oidc',
          access_config: {
            access_type: 'program', provider_url: 'https://kubernetes.default.svc.cluster.local', client_id: 'bench',
            signing_key: JSON.stringify({ keys: [jwk] }),
          },
        },
      },
      huaweicloud_identity_provider_conversion: { wi_conversion: { provider_id: '${huaweicloud_identity_provider.wi.id}', conversion_rules: rules } },
      huaweicloud_identity_group: groups,
      huaweicloud_identity_role: roles,
      huaweicloud_identity_group_role_assignment: assignments,
    },
  };
}
