import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runMain(cwd: string, env: Record<string, string>, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  // Not run by a CLI unless the test says so.
  const { CDK8S_OUTDIR: _cdk8s, CDKTF_OUTDIR: _cdktf, ...inherited } = process.env;
  const r = spawnSync(TSX, [join(ROOT, 'examples', 'main.ts'), ...args], { cwd, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the synth entry point (npm run synth)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'main-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ACCOUNT = { HUAWEICLOUD_PROJECT_ID: '0123456789abcdef0123456789abcdef', HUAWEICLOUD_DOMAIN_ID: 'fedcba9876543210fedcba9876543210' };

  test('writes both sides, silently when HUAWEICLOUD_PROJECT_ID and HUAWEICLOUD_DOMAIN_ID are set', () => {
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: '', ...ACCOUNT });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['workload-identity.k8s.yaml']);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json'))).toBe(true);
  });

  test('without them, writes both sides with the placeholders and warns about each', () => {
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: '', HUAWEICLOUD_PROJECT_ID: '', HUAWEICLOUD_DOMAIN_ID: '' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/Warning: WorkloadIdentity\("workload_identity"\)\.projectId: "0{32}" is the placeholder project ID/);
    expect(r.stderr).toMatch(/Warning: WorkloadIdentity\("workload_identity"\)\.domainId: "0{32}" is the placeholder account ID/);
    expect(readFileSync(join(dir, 'dist', 'workload-identity.k8s.yaml'), 'utf8')).toContain('name: HUAWEICLOUD_SDK_PROJECT_ID');
  });

  test('run as the cdk8s CLI runs it (CDK8S_OUTDIR set): writes only the Kubernetes side, to CDK8S_OUTDIR', () => {
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: '', CDK8S_OUTDIR: join(dir, 'k8s-out'), ...ACCOUNT });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`kubernetes: ${join(dir, 'k8s-out')}/\n`);
    expect(readdirSync(dir)).toEqual(['k8s-out']);
    expect(readdirSync(join(dir, 'k8s-out'))).toEqual(['workload-identity.k8s.yaml']);
  });

  test('run as the cdktf CLI runs it (CDKTF_OUTDIR set): writes only the Terraform side, to CDKTF_OUTDIR', () => {
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: '', CDKTF_OUTDIR: join(dir, 'tf-out'), ...ACCOUNT });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`terraform:  ${join(dir, 'tf-out')}/stacks/workload-identity/cdk.tf.json\n`);
    expect(readdirSync(dir)).toEqual(['tf-out']);
    expect(existsSync(join(dir, 'tf-out', 'stacks', 'workload-identity', 'cdk.tf.json'))).toBe(true);
  });

  test('a JWKS holding a private key fails, names the member, never prints its value, and writes nothing', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const file = join(dir, 'leaked.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] }));
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: file });
    expect(r.status).toBe(1);
    expect(r.stderr.replace(/\s+/g, ' ')).toMatch(/jwks\.keys\[0\]: holds private key material \(members "d", "p", "q", "dp", "dq", "qi"\)/);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
      expect(r.stderr + r.stdout).not.toContain(String(jwk[member]));
    }
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('a missing JWKS file fails with the fix, writing nothing', () => {
    const r = runMain(dir, { WORKLOAD_IDENTITY_JWKS_FILE: join(dir, 'absent.json') });
    expect(r.status).toBe(1);
    // Errors print as wrapped blocks (lib/core/issues/error-report.ts) whose breaks move with the temp path's length: match the words.
    expect(r.stderr.replace(/\s+/g, ' ')).toMatch(/jwks: ".*absent\.json" cannot be read \(ENOENT\)\. Fix: write the cluster's key set there with `kubectl get --raw \/openid\/v1\/jwks > <file>`/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
