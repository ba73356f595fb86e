/**
 * The README's "Use it in your own app" snippet, and the guides' snippets that build on it
 * (docs/guides/: permissions, toolchains, OIDC or pod identity), run as written (package imports
 * pointed at this checkout) and produce what the docs say.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, snippet } from '../support/readme';
test('the "Use it in your own app" snippet synthesizes both sides', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-'));
  try {
    const code = snippet('Use it in your own app').replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
    writeFileSync(join(dir, 'app.ts'), code);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const yaml = readFileSync(join(dir, 'dist', 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('serviceAccountName: order-service');
    expect(yaml).toContain('audience: my-cluster');
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the "Permissions" snippet, run after the app snippet\'s declaration, synthesizes what the section says', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-'));
  try {
    const lib = JSON.stringify(join(ROOT, 'lib'));
    const app = snippet('Use it in your own app').replace(/from 'cce-workload-identity'/g, `from ${lib}`);
    const permissions = snippet('Permissions', 'docs/guides/permissions.md').replace(/from 'cce-workload-identity'/g, `from ${lib}`);
    const [imports, ...body] = permissions.split('\n');
    expect(imports).toMatch(/^import /);
    const marker = '// 2. Kubernetes side';
    expect(app).toContain(marker);
    writeFileSync(join(dir, 'app.ts'), `${imports}\n${app.replace(marker, `${body.join('\n')}\n${marker}`)}`);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8'));
    const names = (type: string, kind = 'resource'): string[] =>
      Object.values(tf[kind][type] as Record<string, { name?: string; display_name?: string }>)
        .map((v) => v.name ?? v.display_name ?? '')
        .sort();
    expect(names('huaweicloud_identity_group')).toEqual(['obs-readers', 'shop-ops', 'workload_identity_shop_order-service']);
    expect(names('huaweicloud_identity_group', 'data')).toEqual(['auditors']);
    expect(names('huaweicloud_identity_role', 'data')).toEqual(['SWR ReadOnlyAccess']);
    expect(names('huaweicloud_identity_role')).toEqual([
      'cce-wi-kms-decrypt-0d0466b0-e727-4d9c-b35d-f84bb474a37f',
      'cce-wi-obs-read-shop-invoices',
      'cce-wi-smn-publish-order-events',
      'shop-invoices-delete',
    ]);
    expect(Object.keys(tf.resource.huaweicloud_identity_group_role_assignment)).toHaveLength(5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the cdk8s-plus overrides snippet turns each listed default off', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-'));
  try {
    writeFileSync(
      join(dir, 'overrides.ts'),
      `${snippet('What cdk8s-plus changes in your workloads', 'docs/guides/toolchains.md')}\nconsole.log(JSON.stringify(chart.toJson()));\n`,
    );
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['overrides.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [deployment] = JSON.parse(r.stdout) as Array<{
      metadata: { name: string };
      spec: { replicas: number; template: { spec: { containers: Array<Record<string, unknown>> } } };
    }>;
    expect(deployment.metadata.name).toBe('shop-order-service');
    expect(deployment.spec.replicas).toBe(1);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/healthz' } });
    expect(container.startupProbe).not.toHaveProperty('tcpSocket');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the "OIDC federation or pod identity" snippet synthesizes an agency and an association, and no identity provider', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-'));
  try {
    const lib = JSON.stringify(join(ROOT, 'lib'));
    const declaration = snippet('OIDC federation or pod identity', 'docs/guides/oidc-or-pod-identity.md').replace(/from 'cce-workload-identity'/g, `from ${lib}`);
    const code = `${declaration}
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { HuaweicloudProvider, WorkloadIdentityProvider, synthesizeApps } from ${lib};
const tf = new TerraformApp({ outdir: 'cdktf.out' });
const stack = new TerraformStack(tf, 'iam');
new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: 'fedcba9876543210fedcba9876543210' });
new WorkloadIdentityProvider(stack, 'workload-identity', { identity });
synthesizeApps({ terraform: tf, write: 'terraform' });
`;
    writeFileSync(join(dir, 'app.ts'), code);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(tf.resource.huaweicloud_identity_provider).toBeUndefined();
    // Nothing of OIDC: no conversion, and no group (only federated users would join one).
    expect(Object.keys(tf.resource).filter((t) => /^huaweicloud_identity_(provider|group)/.test(t))).toEqual([]);
    expect(Object.values(tf.resource.huaweicloud_identity_agency).map((a) => a.name)).toEqual(['workload_identity.shop.order-service']);
    expect(Object.values(tf.resource.huaweicloud_cce_cluster_pod_identity_association)).toEqual([
      expect.objectContaining({ cluster_id: '4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02', namespace: 'shop', service_account: 'order-service' }),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
