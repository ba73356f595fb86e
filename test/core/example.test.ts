import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { synthesizeApps } from '../../lib';
import { buildExample } from '../../examples/app';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized JSON, navigated freely in assertions
type Obj = Record<string, any>;

function synthExample(): { manifests: Obj[]; tf: Obj } {
  const out = mkdtempSync(join(tmpdir(), 'example-'));
  try {
    const { kubernetes, terraform } = buildExample({ kubernetesOutdir: join(out, 'dist'), terraformOutdir: join(out, 'cdktf.out') });
    expectWarnings(() => synthesizeApps({ kubernetes, terraform }), examplePlaceholderWarnings());
    const manifests = readdirSync(join(out, 'dist')).flatMap((f) =>
      parseAllDocuments(readFileSync(join(out, 'dist', f), 'utf8')).map((d) => d.toJS()),
    );
    const tf = JSON.parse(readFileSync(join(out, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json'), 'utf8'));
    // The local backend path is absolute (cdktf uses the working directory); keep snapshots portable.
    tf.terraform.backend.local.path = '<cwd>/terraform.workload-identity.tfstate';
    return { manifests, tf };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const ENV = ['WORKLOAD_IDENTITY_JWKS_FILE', 'HUAWEICLOUD_PROJECT_ID', 'HUAWEICLOUD_DOMAIN_ID'] as const;

describe('bundled example (the CCE guide as code)', () => {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  beforeAll(() => { for (const name of ENV) delete process.env[name]; });
  afterAll(() => {
    for (const name of ENV) {
      if (saved[name] !== undefined) process.env[name] = saved[name];
      else delete process.env[name];
    }
  });

  test('Kubernetes output matches the snapshot', () => {
    expect(synthExample().manifests).toMatchSnapshot();
  });

  test('Terraform output matches the snapshot', () => {
    expect(synthExample().tf).toMatchSnapshot();
  });

  test('has one OIDC provider with program access and one conversion admitting exactly default/oidc-token into group demo', () => {
    const { tf, manifests } = synthExample();
    const providers = Object.values(tf.resource.huaweicloud_identity_provider) as Obj[];
    const conversions = Object.values(tf.resource.huaweicloud_identity_provider_conversion) as Obj[];
    expect(providers).toHaveLength(1);
    expect(conversions).toHaveLength(1);
    const [idp] = providers;
    expect(idp).toMatchObject({ name: 'workload_identity', protocol: 'oidc', status: true });
    expect(idp.access_config).toMatchObject({ access_type: 'program', provider_url: 'https://kubernetes.default.svc.cluster.local' });
    const [logicalId] = Object.keys(tf.resource.huaweicloud_identity_provider);
    expect(conversions[0].provider_id).toBe(`\${huaweicloud_identity_provider.${logicalId}.id}`);
    expect(conversions[0].conversion_rules).toEqual([{
      local: [{ username: 'test' }, { group: 'demo' }],
      remote: [{ attribute: 'sub', condition: 'any_one_of', value: ['system:serviceaccount:default:oidc-token'] }],
    }]);
    expect(tf.terraform.required_providers.huaweicloud).toEqual({ source: 'huaweicloud/huaweicloud', version: '~> 1.97' });

    const sa = manifests.find((m) => m.kind === 'ServiceAccount');
    expect(sa).toMatchObject({ metadata: { name: 'oidc-token', namespace: 'default' }, automountServiceAccountToken: false });
    const deployment = manifests.find((m) => m.kind === 'Deployment') as Obj;
    const pod = deployment.spec.template.spec;
    expect(deployment.metadata.namespace).toBe('default');
    expect(pod.serviceAccountName).toBe('oidc-token');
    expect(pod.automountServiceAccountToken).toBe(false);
    const volume = pod.volumes.find((v: Obj) => v.projected);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [{ serviceAccountToken: { audience: idp.access_config.client_id, expirationSeconds: 7200, path: 'oidc-token' } }],
    });
    const [container] = pod.containers;
    const mount = container.volumeMounts.find((m: Obj) => m.name === volume.name);
    expect(mount).toEqual({ name: volume.name, mountPath: '/var/run/secrets/tokens', readOnly: true });
    const env = Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]));
    expect(env.HUAWEICLOUD_SDK_IDP_ID).toBe(idp.name);
    expect(env.HUAWEICLOUD_SDK_ID_TOKEN_FILE).toBe('/var/run/secrets/tokens/oidc-token');
  });

  test('group demo is created and may read one OBS bucket: a custom AX policy assigned on the domain, exactly one scope', () => {
    const { tf } = synthExample();
    const groups = Object.entries(tf.resource.huaweicloud_identity_group) as Array<[string, Obj]>;
    expect(groups.map(([, g]) => g.name)).toEqual(['demo']);
    const policies = Object.entries(tf.resource.huaweicloud_identity_role) as Array<[string, Obj]>;
    expect(policies).toHaveLength(1);
    const [[policyAddress, policy]] = policies;
    expect(policy.type).toBe('AX');
    expect(JSON.parse(policy.policy)).toEqual({
      Version: '1.1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['obs:bucket:HeadBucket', 'obs:bucket:GetBucketLocation', 'obs:bucket:ListBucket', 'obs:bucket:ListBucketVersions'],
          Resource: ['OBS:*:*:bucket:cce-workload-identity-demo'],
        },
        {
          Effect: 'Allow',
          Action: ['obs:object:GetObject', 'obs:object:GetObjectVersion'],
          Resource: ['OBS:*:*:object:cce-workload-identity-demo/*'],
        },
      ],
    });
    const assignments = Object.values(tf.resource.huaweicloud_identity_group_role_assignment) as Obj[];
    expect(assignments).toHaveLength(1);
    const [assignment] = assignments;
    expect(assignment.group_id).toBe(`\${huaweicloud_identity_group.${groups[0][0]}.id}`);
    expect(assignment.role_id).toBe(`\${huaweicloud_identity_role.${policyAddress}.id}`);
    expect(['project_id', 'domain_id', 'enterprise_project_id'].filter((k) => k in assignment)).toEqual(['domain_id']);
    expect(assignment.domain_id).toBe('00000000000000000000000000000000');
    // the mapping is created after the group it names
    const [conversion] = Object.values(tf.resource.huaweicloud_identity_provider_conversion) as Obj[];
    expect(conversion.depends_on).toEqual([`huaweicloud_identity_group.${groups[0][0]}`]);
  });

  test('every bound container gets the project and account IDs: the placeholders, or HUAWEICLOUD_PROJECT_ID / HUAWEICLOUD_DOMAIN_ID', () => {
    const envOf = (manifests: Obj[]): Record<string, string> => {
      const [container] = (manifests.find((m) => m.kind === 'Deployment') as Obj).spec.template.spec.containers;
      return Object.fromEntries(container.env.map((e: Obj) => [e.name, e.value]));
    };
    expect(envOf(synthExample().manifests)).toMatchObject({
      HUAWEICLOUD_SDK_PROJECT_ID: '00000000000000000000000000000000',
      HUAWEICLOUD_SDK_DOMAIN_ID: '00000000000000000000000000000000',
    });
    process.env.HUAWEICLOUD_PROJECT_ID = '0123456789abcdef0123456789abcdef';
    process.env.HUAWEICLOUD_DOMAIN_ID = 'fedcba9876543210fedcba9876543210';
    try {
      const { manifests, tf } = synthExample();
      expect(envOf(manifests)).toMatchObject({
        HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef',
        HUAWEICLOUD_SDK_DOMAIN_ID: 'fedcba9876543210fedcba9876543210',
      });
      expect((Object.values(tf.resource.huaweicloud_identity_group_role_assignment) as Obj[])[0].domain_id).toBe('fedcba9876543210fedcba9876543210');
    } finally {
      delete process.env.HUAWEICLOUD_PROJECT_ID;
      delete process.env.HUAWEICLOUD_DOMAIN_ID;
    }
  });

  test('the nginx container keeps cdk8s-plus secure defaults and has a writable /tmp', () => {
    const { manifests } = synthExample();
    const [container] = (manifests.find((m) => m.kind === 'Deployment') as Obj).spec.template.spec.containers;
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container.image).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(container.volumeMounts.map((m: Obj) => m.mountPath)).toContain('/tmp');
  });

  test('reads the JWKS from WORKLOAD_IDENTITY_JWKS_FILE when set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    try {
      const { rsaKeySet } = await import('../fixtures/keys');
      const { jwks } = await rsaKeySet('pipeline-key');
      const file = join(dir, 'cluster-jwks.json');
      writeFileSync(file, JSON.stringify(jwks));
      process.env.WORKLOAD_IDENTITY_JWKS_FILE = file;
      const { identity } = buildExample();
      expect(JSON.parse(identity._accessConfig.signingKey)).toEqual(jwks);
    } finally {
      delete process.env.WORKLOAD_IDENTITY_JWKS_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
