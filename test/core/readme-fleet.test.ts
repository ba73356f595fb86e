/**
 * The "Several clusters" snippet (docs/guides/several-clusters.md) runs as written (package
 * imports pointed at this checkout) and produces what the guide says: two providers, dist/prod-a/ and dist/prod-b/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, snippet } from '../support/readme';
test('the "Several clusters" snippet synthesizes one provider and one Kubernetes output per cluster', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-fleet-'));
  try {
    const code = snippet('Several clusters', 'docs/guides/several-clusters.md')
      .replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
    writeFileSync(join(dir, 'app.ts'), code);
    mkdirSync(join(dir, 'jwks'));
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'jwks', 'prod-a.json'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'cluster-b-jwks.json'), join(dir, 'jwks', 'prod-b.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['prod-a', 'prod-b']);
    for (const cluster of ['prod-a', 'prod-b']) {
      const yaml = readFileSync(join(dir, 'dist', cluster, 'shop.k8s.yaml'), 'utf8');
      expect(yaml).toContain('serviceAccountName: order-service');
      expect(yaml).toContain(`value: workload_identity_${cluster}`);
    }
    const tf = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { name?: string }>>;
    };
    expect(Object.values(tf.resource.huaweicloud_identity_provider).map((p) => p.name)).toEqual([
      'workload_identity_prod-a',
      'workload_identity_prod-b',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
