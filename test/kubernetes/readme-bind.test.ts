/**
 * The "How bind() works" snippet of docs/guides/toolchains.md (a plain-object Job, no cdk8s-plus) runs as written and
 * renders what the section says.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, snippet } from '../support/readme';
import { Obj } from './support';

test('the plain-object Job snippet binds without cdk8s-plus', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-bind-'));
  try {
    const code = snippet('How `bind()` works', 'docs/guides/toolchains.md').replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
    expect(code).not.toMatch(/cdk8s-plus/);
    writeFileSync(join(dir, 'app.ts'), `${code}\nconsole.log(JSON.stringify(chart.toJson()));\n`);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['app.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const manifests = JSON.parse(r.stdout) as Obj[];
    const pod = manifests.find((m) => m.kind === 'Job')?.spec.template.spec;
    expect(pod.serviceAccountName).toBe('nightly-report');
    expect(pod.volumes[0].projected.sources[0].serviceAccountToken.audience).toBe('my-cluster');
    expect(pod.containers[0].env.find((e: Obj) => e.name === 'HUAWEICLOUD_SDK_ID_TOKEN_FILE').value).toBe('/var/run/secrets/tokens/oidc-token');
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Job', 'ServiceAccount']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
