import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { synthesizeApps } from '../../lib';
import { buildExample } from '../../examples/app';

type Obj = Record<string, any>;

function synthExample(): { manifests: Obj[]; tf: Obj } {
  const out = mkdtempSync(join(tmpdir(), 'example-'));
  try {
    const { kubernetes, terraform } = buildExample({ kubernetesOutdir: join(out, 'dist'), terraformOutdir: join(out, 'cdktf.out') });
    synthesizeApps({ kubernetes, terraform });
    const manifests = readdirSync(join(out, 'dist')).flatMap((f) => parseAllDocuments(readFileSync(join(out, 'dist', f), 'utf8')).map((d) => d.toJS()));
    const tf = JSON.parse(readFileSync(join(out, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json'), 'utf8'));
    // The local backend path is absolute (cdktf uses the working directory); keep snapshots portable.
    tf.terraform.backend.local.path = '<cwd>/terraform.workload-identity.tfstate';
    return { manifests, tf };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('bundled example (the CCE guide as code)', () => {
  const saved = process.env.WORKLOAD_IDENTITY_JWKS_FILE;
  beforeAll(() => { delete process.env.WORKLOAD_IDENTITY_JWKS_FILE; });
  afterAll(() => { if (saved !== undefined) process.env.WORKLOAD_IDENTITY_JWKS_FILE = saved; });

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
      require('node:fs').writeFileSync(file, JSON.stringify(jwks));
      process.env.WORKLOAD_IDENTITY_JWKS_FILE = file;
      const { identity } = buildExample();
      expect(JSON.parse(identity.accessConfig.signingKey)).toEqual(jwks);
    } finally {
      delete process.env.WORKLOAD_IDENTITY_JWKS_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
