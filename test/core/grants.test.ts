/**
 * Grants: the presets' exact policies (with the action names each service documents), the
 * dedicated group of a binding, and what the Terraform side writes (groups, policies, system
 * roles, project lookups, assignments with exactly one scope, the mapping ordered after groups).
 */
import {
  GrantScope, Grants, IamGroup, IamRole, Jwks, PolicyDocument, PolicyScopeType, PolicyStatement, WorkloadIdentity,
} from '../../lib';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { formatTerraformSchemaIssue, loadProviderSchemas, validateTerraformJson } from '../../lib/testing/terraform-schema';
import { join } from 'node:path';
import { PROJECT_ID, PUBLIC_JWKS } from '../validation/fixtures';
import { DOMAIN_ID } from '../fixtures/ids';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON, navigated freely in assertions
type Obj = Record<string, any>;
const KEY_ID = '0d0466b0-e727-4d9c-b35d-f84bb474a37f';
const SCHEMA = loadProviderSchemas(join(__dirname, '..', '..', 'lib', 'terraform', 'provider-schema', 'huaweicloud.json'));

function identity(extra: Partial<ConstructorParameters<typeof WorkloadIdentity>[0]> = {}): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromObject(PUBLIC_JWKS),
    projectId: PROJECT_ID,
    domainId: DOMAIN_ID,
    bindings: [{ namespace: 'default', serviceAccountName: 'oidc-token', iamUser: 'test', iamGroups: ['demo'] }],
    ...extra,
  });
}

const policyOf = (grant: { role: IamRole }): Obj => JSON.parse(grant.role.document!.render());

describe('presets: exact policies', () => {
  test('OBS read-only: bucket reads on the bucket URN, object reads on its objects, AX on the domain', () => {
    const grant = Grants.obsReadOnly('my-bucket');
    expect(grant.role.type).toBe(PolicyScopeType.GLOBAL);
    expect(grant.role.name).toBe('cce-wi-obs-read-my-bucket');
    expect(grant.scope).toEqual(GrantScope.domain());
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['obs:bucket:HeadBucket', 'obs:bucket:GetBucketLocation', 'obs:bucket:ListBucket', 'obs:bucket:ListBucketVersions'],
          Resource: ['OBS:*:*:bucket:my-bucket'],
        },
        { Effect: 'Allow', Action: ['obs:object:GetObject', 'obs:object:GetObjectVersion'], Resource: ['OBS:*:*:object:my-bucket/*'] },
      ],
    });
  });

  test('OBS read-write adds upload, delete and multipart upload, nothing on other buckets', () => {
    const grant = Grants.obsReadWrite('my-bucket');
    expect(grant.role.name).toBe('cce-wi-obs-readwrite-my-bucket');
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'obs:bucket:HeadBucket',
            'obs:bucket:GetBucketLocation',
            'obs:bucket:ListBucket',
            'obs:bucket:ListBucketVersions',
            'obs:bucket:ListBucketMultipartUploads',
          ],
          Resource: ['OBS:*:*:bucket:my-bucket'],
        },
        {
          Effect: 'Allow',
          Action: [
            'obs:object:GetObject',
            'obs:object:GetObjectVersion',
            'obs:object:PutObject',
            'obs:object:DeleteObject',
            'obs:object:DeleteObjectVersion',
            'obs:object:AbortMultipartUpload',
            'obs:object:ListMultipartUploadParts',
          ],
          Resource: ['OBS:*:*:object:my-bucket/*'],
        },
      ],
    });
  });

  test('SWR pull: SWR\'s own "allowing image pull" example, XA in the workload project', () => {
    const grant = Grants.swrImagePull();
    expect(grant.role.type).toBe(PolicyScopeType.PROJECT);
    expect(grant.scope).toEqual(GrantScope.workloadProject());
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [
        { Effect: 'Allow', Action: ['swr:repo:download'] },
        { Effect: 'Allow', Action: ['swr::createLoginSecret'] },
      ],
    });
    expect(Grants.swrImagePull(GrantScope.allProjects()).scope).toEqual(GrantScope.allProjects());
  });

  test('KMS decrypt: only the decrypt actions of data and data keys (not *:crypto, which also encrypts), on that key only, XA', () => {
    const grant = Grants.kmsDecrypt(KEY_ID);
    expect(grant.role.name).toBe(`cce-wi-kms-decrypt-${KEY_ID}`);
    expect(grant.role.type).toBe(PolicyScopeType.PROJECT);
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [{ Effect: 'Allow', Action: ['kms:cmk:decrypt', 'kms:dek:decrypt'], Resource: [`KMS:*:*:KeyId:${KEY_ID}`] }],
    });
  });

  test('KMS crypto: encrypt and decrypt data and data keys, create data keys, on that key only, XA', () => {
    const grant = Grants.kmsCrypto(KEY_ID, GrantScope.allProjects());
    expect(grant.role.name).toBe(`cce-wi-kms-crypto-${KEY_ID}`);
    expect(grant.role.type).toBe(PolicyScopeType.PROJECT);
    expect(grant.scope).toEqual(GrantScope.allProjects());
    expect(Grants.kmsCrypto(KEY_ID).scope).toEqual(GrantScope.workloadProject());
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [{
        Effect: 'Allow',
        Action: ['kms:cmk:encrypt', 'kms:cmk:decrypt', 'kms:dek:create', 'kms:dek:encrypt', 'kms:dek:decrypt'],
        Resource: [`KMS:*:*:KeyId:${KEY_ID}`],
      }],
    });
  });

  test('SMN publish: smn:topic:publish on that topic only, XA', () => {
    const grant = Grants.smnPublish('order-events', GrantScope.projectByName('cn-north-4'));
    expect(grant.scope).toEqual(GrantScope.projectByName('cn-north-4'));
    expect(policyOf(grant)).toEqual({
      Version: '1.1',
      Statement: [{ Effect: 'Allow', Action: ['smn:topic:publish'], Resource: ['SMN:*:*:topic:order-events'] }],
    });
  });

  test('a long parameter gives a policy name cut to 128 characters with a hash, still unique', () => {
    const a = Grants.smnPublish(`t${'x'.repeat(200)}a`).role.name;
    const b = Grants.smnPublish(`t${'x'.repeat(200)}b`).role.name;
    expect(a).toHaveLength(128);
    expect(a).toMatch(/^cce-wi-smn-publish-tx+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  test('every preset\'s policy passes the declaration\'s checks (actions, URNs, size, type)', () => {
    const id = identity({
      groups: [
        {
          name: 'demo',
          grants: [
            Grants.obsReadOnly('my-bucket'),
            Grants.obsReadWrite('other-bucket'),
            Grants.swrImagePull(),
            Grants.kmsDecrypt(KEY_ID),
            Grants.smnPublish('order-events'),
          ],
        },
      ],
    });
    expect(id.validate().filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('policy documents', () => {
  test('render compact JSON in IAM\'s member order, with conditions and deny', () => {
    const doc = PolicyDocument.of(
      new PolicyStatement({
        actions: ['obs:object:DeleteObject'],
        resources: ['OBS:*:*:object:my-bucket/my-object/*'],
        conditions: { StringStartWith: { 'g:UserName': ['TestUser'] } },
      }),
      PolicyStatement.deny(['obs:bucket:DeleteBucket']),
    );
    expect(doc.render()).toBe(
      '{"Version":"1.1","Statement":[' +
        '{"Effect":"Allow","Action":["obs:object:DeleteObject"],"Resource":["OBS:*:*:object:my-bucket/my-object/*"],' +
        '"Condition":{"StringStartWith":{"g:UserName":["TestUser"]}}},' +
        '{"Effect":"Deny","Action":["obs:bucket:DeleteBucket"]}]}',
    );
  });

  test('the 6,144-character limit counts the JSON as the provider sends it (Go escapes <, >, &)', () => {
    const statement = (n: number, char: string) => PolicyStatement.allow(['smn:topic:publish'], [`SMN:*:*:topic:${char.repeat(n)}`]);
    const base = PolicyDocument.of(statement(0, 'a')).render().length;
    const fits = identity({
      groups: [
        {
          name: 'demo',
          grants: [
            {
              role: IamRole.custom({ name: 'p', type: PolicyScopeType.PROJECT, document: PolicyDocument.of(statement(6144 - base, 'a')) }),
              scope: GrantScope.workloadProject(),
            },
          ],
        },
      ],
    });
    expect(fits.validate().map((i) => i.code)).not.toContain('POLICY_TOO_LONG');
    // the same number of characters, but one of them is "&": six characters once sent
    const escaped = identity({
      groups: [
        {
          name: 'demo',
          grants: [
            {
              role: IamRole.custom({
                name: 'p',
                type: PolicyScopeType.PROJECT,
                document: PolicyDocument.of(PolicyStatement.allow(['smn:topic:publish'], [`SMN:*:*:topic:&${'a'.repeat(6144 - base - 1)}`])),
              }),
              scope: GrantScope.workloadProject(),
            },
          ],
        },
      ],
    });
    expect(escaped.validate().map((i) => i.code)).toContain('POLICY_TOO_LONG');
  });
});

describe('dedicated groups', () => {
  test('name: <provider>_<namespace>_<serviceAccount> (see dedicated-group-name.test.ts for its properties)', () => {
    expect(IamGroup.dedicatedGroupName('workload_identity', 'default', 'oidc-token')).toBe('workload_identity_default_oidc-token');
    expect(IamGroup.dedicatedGroupName('p', 'a-b', 'c')).not.toBe(IamGroup.dedicatedGroupName('p', 'a', 'b-c'));
  });

  test('a binding with grants is mapped into its dedicated group besides its named groups; others are not', () => {
    const id = identity({
      bindings: [
        { namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['demo'], grants: [Grants.kmsDecrypt(KEY_ID)] },
        { namespace: 'shop', serviceAccountName: 'billing', iamGroups: ['demo'] },
      ],
    });
    const [orders, billing] = id.bindings;
    expect(orders.dedicatedGroupName).toBe('workload_identity_shop_orders');
    expect(orders.conversionRule.local).toEqual([{ username: 'orders' }, { group: 'demo' }, { group: 'workload_identity_shop_orders' }]);
    expect(billing.dedicatedGroupName).toBeUndefined();
    expect(billing.conversionRule.local).toEqual([{ username: 'billing' }, { group: 'demo' }]);
  });

  test('a binding with grants and no groups is valid: it maps to its dedicated group', () => {
    const id = identity({ bindings: [{ namespace: 'shop', serviceAccountName: 'orders', grants: [Grants.kmsDecrypt(KEY_ID)] }] });
    expect(id.validate().filter((i) => i.severity === 'error' || i.code === 'BINDING_WITHOUT_GROUPS')).toEqual([]);
    expect(id.bindings[0].groups).toEqual(['workload_identity_shop_orders']);
  });
});

describe('Terraform output', () => {
  function render(id: WorkloadIdentity): Obj {
    return synthWorkloadIdentity(id).terraform as Obj;
  }
  const assignments = (tf: Obj): Obj[] => Object.values(tf.resource.huaweicloud_identity_group_role_assignment ?? {});
  const address = (tf: Obj, kind: 'resource' | 'data', type: string, name: string): string => {
    const entry = Object.entries(tf[kind][type] as Record<string, Obj>).find(([, v]) => v.name === name);
    if (!entry) throw new Error(`no ${kind} ${type} named ${name}`);
    return kind === 'data' ? `data.${type}.${entry[0]}` : `${type}.${entry[0]}`;
  };

  test('every grant kind, each assignment with exactly one scope, valid against the provider schema', () => {
    const id = identity({
      groups: [
        {
          name: 'demo',
          grants: [
            Grants.obsReadOnly('cce-workload-identity-demo'),
            { role: IamRole.fromDisplayName('SWR ReadOnlyAccess'), scope: GrantScope.projectByName('cn-north-4') },
          ],
        },
        { name: 'ops', existing: true, grants: [{ role: IamRole.fromSystemName('kms_adm'), scope: GrantScope.allProjects() }] },
      ],
      bindings: [
        {
          namespace: 'default',
          serviceAccountName: 'oidc-token',
          iamUser: 'test',
          iamGroups: ['demo', 'ops'],
          grants: [Grants.kmsDecrypt(KEY_ID), Grants.smnPublish('order-events', GrantScope.enterpriseProject('0'))],
        },
      ],
    });
    const tf = render(id);
    expect(validateTerraformJson(tf, SCHEMA).map(formatTerraformSchemaIssue)).toEqual([]);
    expect((Object.values(tf.resource.huaweicloud_identity_group) as Obj[]).map((g) => g.name).sort()).toEqual([
      'demo',
      'workload_identity_default_oidc-token',
    ]);
    expect(Object.values(tf.data.huaweicloud_identity_group)).toEqual([expect.objectContaining({ name: 'ops' })]);
    expect((Object.values(tf.data.huaweicloud_identity_role) as Obj[]).map((r) => r.name ?? r.display_name).sort()).toEqual([
      'SWR ReadOnlyAccess',
      'kms_adm',
    ]);
    expect(Object.values(tf.data.huaweicloud_identity_projects)).toEqual([expect.objectContaining({ name: 'cn-north-4' })]);
    expect((Object.values(tf.resource.huaweicloud_identity_role) as Obj[]).map((r) => [r.name, r.type]).sort()).toEqual([
      ['cce-wi-kms-decrypt-0d0466b0-e727-4d9c-b35d-f84bb474a37f', 'XA'],
      ['cce-wi-obs-read-cce-workload-identity-demo', 'AX'],
      ['cce-wi-smn-publish-order-events', 'XA'],
    ]);
    const all = assignments(tf);
    expect(all).toHaveLength(5);
    for (const a of all) expect(['project_id', 'domain_id', 'enterprise_project_id'].filter((k) => k in a)).toHaveLength(1);
    const scopes = all.map((a) => a.project_id ?? a.domain_id ?? `eps:${a.enterprise_project_id}`).sort();
    const projectsData = Object.keys(tf.data.huaweicloud_identity_projects)[0];
    expect(scopes).toEqual([PROJECT_ID, `\${data.huaweicloud_identity_projects.${projectsData}.projects[0].id}`, 'all', DOMAIN_ID, 'eps:0'].sort());
    // groups by reference: created ones by resource, existing ones by data source
    const ops = all.find((a) => a.project_id === 'all')!;
    expect(ops.group_id).toBe(`\${${address(tf, 'data', 'huaweicloud_identity_group', 'ops')}.id}`);
    const dedicated = address(tf, 'resource', 'huaweicloud_identity_group', 'workload_identity_default_oidc-token');
    expect(all.filter((a) => a.group_id === `\${${dedicated}.id}`)).toHaveLength(2);
    // the mapping names the groups literally and is created after all of them
    const [conversion] = Object.values(tf.resource.huaweicloud_identity_provider_conversion) as Obj[];
    expect(conversion.conversion_rules[0].local).toEqual([
      { username: 'test' },
      { group: 'demo' },
      { group: 'ops' },
      { group: 'workload_identity_default_oidc-token' },
    ]);
    expect([...conversion.depends_on].sort()).toEqual([
      address(tf, 'resource', 'huaweicloud_identity_group', 'demo'), dedicated, address(tf, 'data', 'huaweicloud_identity_group', 'ops'),
    ].sort());
  });

  test('a group a binding names without declaring it is created, with no assignment', () => {
    const tf = render(identity());
    expect(Object.values(tf.resource.huaweicloud_identity_group)).toEqual([
      expect.objectContaining({ name: 'demo', description: 'Managed by cce-workload-identity' }),
    ]);
    expect(tf.resource.huaweicloud_identity_group_role_assignment).toBeUndefined();
  });

  test('one custom policy granted to two groups is created once and assigned twice', () => {
    const read = Grants.obsReadOnly('shared');
    const tf = render(identity({ groups: [{ name: 'demo', grants: [read] }, { name: 'other', grants: [Grants.obsReadOnly('shared')] }] }));
    expect(Object.keys(tf.resource.huaweicloud_identity_role)).toHaveLength(1);
    expect(assignments(tf)).toHaveLength(2);
  });

  test('groups, grants and bindings added after the provider construct are rendered', () => {
    const id = identity();
    const late = (stackId: WorkloadIdentity): void => {
      stackId.addGroup({ name: 'late-group' }).grant(IamRole.fromSystemName('kms_adm'), GrantScope.workloadProject());
      stackId.addBinding({ namespace: 'default', serviceAccountName: 'late', iamGroups: ['late-group'] }).addGrant(Grants.swrImagePull());
    };
    const tf = synthWorkloadIdentity(id, { terraform: () => late(id) }).terraform as Obj;
    expect((Object.values(tf.resource.huaweicloud_identity_group) as Obj[]).map((g) => g.name).sort()).toEqual([
      'demo',
      'late-group',
      'workload_identity_default_late',
    ]);
    expect(assignments(tf)).toHaveLength(2);
  });

  test('every bound container gets HUAWEICLOUD_SDK_PROJECT_ID (and the domain ID when declared)', () => {
    const id = identity({
      bindings: [
        { namespace: 'a', serviceAccountName: 'x', iamGroups: ['g'] },
        { namespace: 'b', serviceAccountName: 'y', iamGroups: ['g'], projectId: 'abcdefabcdefabcdefabcdefabcdef01' },
      ],
    });
    const { kubernetes } = synthWorkloadIdentity(id);
    const containers = kubernetes.filter((m) => m.kind === 'Deployment').flatMap((d) => (d as Obj).spec.template.spec.containers as Obj[]);
    expect(containers).toHaveLength(2);
    expect(containers.map((c) => Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value])))).toEqual([
      expect.objectContaining({ HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID, HUAWEICLOUD_SDK_DOMAIN_ID: DOMAIN_ID }),
      expect.objectContaining({ HUAWEICLOUD_SDK_PROJECT_ID: 'abcdefabcdefabcdefabcdefabcdef01', HUAWEICLOUD_SDK_DOMAIN_ID: DOMAIN_ID }),
    ]);
  });
});
