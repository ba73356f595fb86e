/**
 * `cce-workload-identity jwks fetch | diff | merge`. No cluster is reachable here: `fetch` runs a
 * stand-in kubectl (a shell script first on PATH) that prints what a cluster would.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Jwks, WorkloadIdentity } from '../../lib';
import { main } from '../../lib/cli/main';
import { runJwksCommand } from '../../lib/cli/jwks-command';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { clusterKey, type Jwk } from './cluster-key';
import { PROJECT_ID } from '../fixtures/ids';

const BIN = resolve(__dirname, '../../bin/cce-workload-identity.js');

const OLD = clusterKey();
const NEW = clusterKey();
const PRIVATE: Jwk = {
  kid: 'leaked',
  alg: 'RS256',
  use: 'sig',
  ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Jwk),
};
const A_JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpvaWRjLXRva2VuIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';

let dir: string;
let tfFile: string;

function capture(): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void }; text: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, text: () => out.join('') + err.join('') };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A directory holding a stand-in `kubectl` that records its arguments and runs `body`. */
function standInKubectl(name: string, body: string): { env: NodeJS.ProcessEnv; argsFile: string } {
  const bin = join(dir, name);
  mkdirSync(bin);
  const argsFile = join(bin, 'args');
  writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n${body}\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  return { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, argsFile };
}

function identity(keys: Jwk[], providerName = 'workload_identity'): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName,
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromObject({ keys }),
    projectId: PROJECT_ID,
    bindings: [{ namespace: 'default', serviceAccountName: 'oidc-token', iamUser: 'test', iamGroups: ['demo'] }],
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-jwks-'));
  // What the pipeline deploys: the declaration trusts the OLD key.
  tfFile = file('cdk.tf.json', synthWorkloadIdentity(identity([OLD])).terraform);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('jwks fetch', () => {
  test('runs kubectl get --raw /openid/v1/jwks with the context and kubeconfig, checks and writes the key set (0644)', async () => {
    const served = file('served.json', { keys: [OLD, NEW] });
    const { env, argsFile } = standInKubectl('ok', `cat '${served}'`);
    const out = join(dir, 'fetched.json');
    const c = capture();
    expect(await runJwksCommand(['fetch', '--context', 'prod-a', '--kubeconfig', '/etc/kube/config', '--out', out], c.io, { env })).toBe(0);
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([
      'get',
      '--raw',
      '/openid/v1/jwks',
      '--request-timeout=30s',
      '--context=prod-a',
      '--kubeconfig=/etc/kube/config',
    ]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ keys: [OLD, NEW] });
    expect(statSync(out).mode & 0o777).toBe(0o644);
    expect(c.err.join('')).toContain(`wrote ${out}: 2 keys (kid ${OLD.kid}, kid ${NEW.kid})`);
    // what was written is what synthesis accepts
    expect(new WorkloadIdentity({ ...identityProps(), jwks: Jwks.fromFile(out) }).validate()).toEqual([]);
    // no temporary file is left behind
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--out - prints the key set', async () => {
    const { env } = standInKubectl('stdout', `printf '%s' '${JSON.stringify({ keys: [NEW] })}'`);
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', '-'], c.io, { env })).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual({ keys: [NEW] });
  });

  test.each<[string, string, RegExp]>([
    ['a private key', JSON.stringify({ keys: [PRIVATE] }), /keys\[0\]: holds private key material \(members "d", "p", "q", "dp", "dq", "qi"\)/],
    ['not JSON', 'Error from server (NotFound): the server could not find the requested resource', /is not valid JSON/],
    ['an empty key set', '{"keys":[]}', /must be a non-empty array of public keys/],
  ])('refuses %s: exit 2, the old file stays, nothing is echoed', async (_name, printed, message) => {
    const { env } = standInKubectl(`bad-${_name.replace(/\W/g, '')}`, `cat '${file(`printed-${_name.replace(/\W/g, '')}`, printed)}'`);
    const out = file('kept.json', { keys: [OLD] });
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', out], c.io, { env })).toBe(2);
    expect(c.text()).toMatch(message);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ keys: [OLD] });
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(c.text()).not.toContain(PRIVATE[m]);
    expect(c.text()).not.toContain('could not find the requested resource');
  });

  test('--out is resolved once: the file checked before kubectl runs is the one written', async () => {
    const served = file('served-once.json', { keys: [OLD] });
    const first = file('out-first.json', '{"keys":[]}\n');
    const second = file('out-second.json', 'untouched\n');
    const link = join(dir, 'out-link.json');
    symlinkSync(first, link);
    // While kubectl runs, the link is re-pointed: the target checked before it ran is still the one written.
    const { env } = standInKubectl('repoint', `ln -sfn '${second}' '${link}'\ncat '${served}'`);
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', link], c.io, { env })).toBe(0);
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual({ keys: [OLD] });
    expect(readFileSync(second, 'utf8')).toBe('untouched\n');

    // A file created at --out while kubectl runs is not silently replaced.
    const created = join(dir, 'out-created.json');
    const { env: env2 } = standInKubectl('create', `echo 'made meanwhile' > '${created}'\ncat '${served}'`);
    const c2 = capture();
    expect(await runJwksCommand(['fetch', '--out', created], c2.io, { env: env2 })).toBe(2);
    expect(c2.text()).toContain('changed while this run read its inputs; nothing was changed');
    expect(readFileSync(created, 'utf8')).toBe('made meanwhile\n');
  });

  test('kubectl failing: its last stderr lines, redacted, and the exit code', async () => {
    const { env } = standInKubectl(
      'fail',
      `echo "I1201 using token ${A_JWT}" >&2\necho 'error: You must be logged in to the server (Unauthorized)' >&2\nexit 1`,
    );
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', join(dir, 'never.json')], c.io, { env })).toBe(2);
    expect(c.text()).toContain('exited with code 1:');
    expect(c.text()).toContain('error: You must be logged in to the server (Unauthorized)');
    expect(c.text()).toContain('[REDACTED]');
    expect(c.text()).not.toContain(A_JWT.split('.')[1]);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  test('kubectl failing: a token that starts just before the 300-character cut is not shown in part', async () => {
    const token = 'Qm9vdHN0cmFwS2V5MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1O';
    const { env } = standInKubectl('fail-long', `echo "${'word '.repeat(58)}${token} end" >&2\nexit 1`);
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', join(dir, 'never.json')], c.io, { env })).toBe(2);
    expect(c.text()).toContain('exited with code 1:');
    expect(c.text()).toContain(`word ${'[REDACTED]'.slice(0, 299 - 290)}…`);
    expect(c.text()).not.toContain(token.slice(0, 8));
  });

  test('kubectl hanging is stopped after --timeout', async () => {
    const { env } = standInKubectl('hang', 'exec sleep 30');
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', join(dir, 'never.json'), '--timeout', '1'], c.io, { env })).toBe(2);
    expect(c.text()).toContain('did not finish within 1 s (--timeout) and was stopped');
  });

  test('kubectl missing', async () => {
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', join(dir, 'never.json'), '--kubectl', join(dir, 'no-such-kubectl')], c.io)).toBe(2);
    expect(c.text()).toContain('no-such-kubectl not found');
  });

  test('through the installed command: the bin, PATH and exit code', () => {
    const { env } = standInKubectl('bin', `printf '%s' '${JSON.stringify({ keys: [NEW] })}'`);
    const out = join(dir, 'bin.json');
    const r = spawnSync(process.execPath, [BIN, 'jwks', 'fetch', '--out', out], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ keys: [NEW] });
  });
});

function identityProps(): ConstructorParameters<typeof WorkloadIdentity>[0] {
  return {
    providerName: 'workload_identity', clientId: 'cce-workload-identity-demo', projectId: PROJECT_ID, jwks: Jwks.fromObject({ keys: [OLD] }),
    bindings: [{ namespace: 'default', serviceAccountName: 'oidc-token', iamGroups: ['demo'] }],
  };
}

describe('jwks diff', () => {
  test('the cluster serves what IAM trusts: present, exit 0', async () => {
    const c = capture();
    expect(await main(['jwks', 'diff', tfFile, file('same.json', { keys: [OLD] })], c.io)).toBe(0);
    expect(c.out.join('')).toContain(`  present  kid ${OLD.kid} (RSA RS256): served by the cluster and trusted`);
    expect(c.out.join('')).toContain('Result: every key the cluster serves is trusted.');
  });

  test('the cluster signs with a key the synthesized signing_key lacks: exit 1, naming the missing kid', async () => {
    const c = capture();
    const cluster = file('rotated.json', { keys: [NEW] });
    expect(await main(['jwks', 'diff', tfFile, cluster], c.io)).toBe(1);
    const text = c.out.join('');
    expect(text).toContain(`  missing  kid ${NEW.kid} (RSA RS256): the cluster signs with this key and IAM does not trust it: pods will be denied`);
    expect(text).toContain(`  extra    kid ${OLD.kid} (RSA RS256): trusted, but no longer served by the cluster`);
    expect(text).toContain('Result: 1 missing key.');
  });

  test('during a rotation both keys are served: the new one is missing', async () => {
    const c = capture();
    expect(await runJwksCommand(['diff', tfFile, file('both.json', { keys: [OLD, NEW] }), '--json'], c.io)).toBe(1);
    const report = JSON.parse(c.out.join('')) as { missing: number; extra: number; keys: Array<{ status: string; kid: string }> };
    expect(report).toMatchObject({ missing: 1, extra: 0 });
    expect(report.keys.map((k) => [k.status, k.kid])).toEqual([['present', OLD.kid], ['missing', NEW.kid]]);
  });

  test('several providers: --provider picks one; without it, exit 2 naming them', async () => {
    const two = synthWorkloadIdentity(identity([OLD], 'cluster_a')).terraform as { resource: Record<string, Record<string, unknown>> };
    const other = synthWorkloadIdentity(identity([NEW], 'cluster_b')).terraform as { resource: Record<string, Record<string, unknown>> };
    for (const [type, blocks] of Object.entries(other.resource)) {
      for (const [id, block] of Object.entries(blocks)) two.resource[type][`b_${id}`] = JSON.parse(JSON.stringify(block).replace(/huaweicloud_identity_provider\.([\w-]+)\./g, 'huaweicloud_identity_provider.b_$1.'));
    }
    const both = file('two.tf.json', two);
    const cluster = file('cluster-b.json', { keys: [NEW] });
    let c = capture();
    expect(await runJwksCommand(['diff', both, cluster], c.io)).toBe(2);
    expect(c.text()).toContain('has 2 identity providers ("cluster_a", "cluster_b"); pick the one this cluster\'s keys belong to with --provider');
    c = capture();
    expect(await runJwksCommand(['diff', both, cluster, '--provider', 'cluster_b'], c.io)).toBe(0);
    c = capture();
    expect(await runJwksCommand(['diff', both, cluster, '--provider', 'cluster_a'], c.io)).toBe(1);
    c = capture();
    expect(await runJwksCommand(['diff', both, cluster, '--provider', 'nope'], c.io)).toBe(2);
    expect(c.text()).toContain('has no identity provider named "nope"');
  });

  test('the applied state: terraform show -json output and a terraform.tfstate', async () => {
    const signingKey = JSON.stringify({ keys: [OLD] });
    // Shapes of Terraform's JSON output format (`terraform show -json`) and of state format 4.
    const show = file('show.json', {
      format_version: '1.0', terraform_version: '1.9.0',
      values: { root_module: { child_modules: [{ address: 'module.iam', resources: [{ address: 'module.iam.huaweicloud_identity_provider.p', mode: 'managed', type: 'huaweicloud_identity_provider', name: 'p', values: { name: 'workload_identity', protocol: 'oidc', access_config: [{ access_type: 'program', client_id: 'x', provider_url: 'https://kubernetes.default.svc.cluster.local', signing_key: signingKey }] } }] }] } },
    });
    const state = file('terraform.tfstate', {
      version: 4,
      terraform_version: '1.9.0',
      serial: 3,
      lineage: 'l',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'huaweicloud_identity_provider',
          name: 'p',
          provider: 'provider["registry.terraform.io/huaweicloud/huaweicloud"]',
          instances: [
            { schema_version: 0, attributes: { id: 'workload_identity', name: 'workload_identity', access_config: [{ signing_key: signingKey }] } },
          ],
        },
      ],
    });
    const cluster = file('rotated-applied.json', { keys: [NEW] });
    for (const [source, address] of [[show, 'module.iam.huaweicloud_identity_provider.p'], [state, 'huaweicloud_identity_provider.p']]) {
      const c = capture();
      expect(await runJwksCommand(['diff', source, cluster], c.io)).toBe(1);
      expect(c.out.join('')).toContain(`Identity provider "workload_identity" (${address}, applied, in ${source})`);
      expect(c.out.join('')).toContain(`missing  kid ${NEW.kid}`);
    }
  });

  test('a plan: terraform show -json of a plan file reads planned_values (module path and index keys kept in the address)', async () => {
    const signingKey = JSON.stringify({ keys: [OLD] });
    const provider = (name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
      mode: 'managed', type: 'huaweicloud_identity_provider', name: 'p', ...extra,
      values: { name, protocol: 'oidc', access_config: [{ access_type: 'program', client_id: 'x', provider_url: 'https://k', signing_key: signingKey }] },
    });
    // Shape of `terraform show -json tfplan`: planned_values (no values), resource_changes, configuration.
    const plan = file('plan.json', {
      format_version: '1.2', terraform_version: '1.9.0',
      planned_values: { root_module: {
        resources: [provider('root_idp', { address: 'huaweicloud_identity_provider.p' })],
        child_modules: [{
          address: 'module.iam["a.b"]',
          resources: [provider('module_idp', { address: 'module.iam["a.b"].huaweicloud_identity_provider.p[0]', index: 0 })],
        }],
      } },
      resource_changes: [],
    });
    const cluster = file('rotated-plan.json', { keys: [NEW] });
    const expected = [['root_idp', 'huaweicloud_identity_provider.p'], ['module_idp', 'module.iam["a.b"].huaweicloud_identity_provider.p[0]']];
    for (const [name, address] of expected) {
      const c = capture();
      expect(await runJwksCommand(['diff', plan, cluster, '--provider', name], c.io)).toBe(1);
      expect(c.out.join('')).toContain(`Identity provider "${name}" (${address}, applied, in ${plan})`);
      expect(c.out.join('')).toContain(`missing  kid ${NEW.kid}`);
    }
  });

  test('a state of any format version is applied state, as the model reads it (not only version 4)', async () => {
    const signingKey = JSON.stringify({ keys: [OLD] });
    const state = file('v3.tfstate', {
      version: 3, terraform_version: '0.11.0',
      resources: [{
        mode: 'managed', type: 'huaweicloud_identity_provider', name: 'p',
        instances: [{ attributes: { name: 'idp', access_config: [{ signing_key: signingKey }] } }],
      }],
    });
    const c = capture();
    expect(await runJwksCommand(['diff', state, file('rotated-v3.json', { keys: [NEW] })], c.io)).toBe(1);
    expect(c.out.join('')).toContain(`Identity provider "idp" (huaweicloud_identity_provider.p, applied, in ${state})`);
  });

  test.each<[string[], RegExp]>([
    [['diff'], /jwks diff needs <terraform\.json> and <cluster-jwks\.json> \(got 0 arguments\)/],
    [['diff', 'only-one.json'], /got 1 argument\)/],
    [['diff', '/nonexistent.tf.json', 'x.json'], /cannot read \/nonexistent\.tf\.json: ENOENT/],
    [['diff', '--bogus'], /Unknown option '--bogus'/],
  ])('usage and input errors exit 2: %j', async (argv, message) => {
    const c = capture();
    expect(await runJwksCommand(argv, c.io)).toBe(2);
    expect(c.text()).toMatch(message);
  });

  test('a cluster file holding a private key is refused without echoing it', async () => {
    const c = capture();
    expect(await runJwksCommand(['diff', tfFile, file('private.json', { keys: [PRIVATE] })], c.io)).toBe(2);
    expect(c.text()).toContain('holds private key material');
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(c.text()).not.toContain(PRIVATE[m]);
  });
});

describe('jwks merge', () => {
  const at = (iso: string) => ({ now: () => new Date(iso) });

  test('keeps both keys, passes validation, records the old key\'s drop time; a later run drops it', async () => {
    const trusted = file('trusted.json', { keys: [OLD] });
    const cluster = file('merge-cluster.json', { keys: [NEW] });
    let c = capture();
    expect(
      await runJwksCommand(['merge', trusted, cluster, '--out', trusted, '--tokens-expire-after', '7200'], c.io, at('2025-03-01T12:00:00Z')),
    ).toBe(0);
    const merged = JSON.parse(readFileSync(trusted, 'utf8')) as { keys: Jwk[] };
    expect(merged.keys).toEqual([NEW, OLD]);
    expect(statSync(trusted).mode & 0o777).toBe(0o644);
    // the same rules synthesis applies
    expect(new WorkloadIdentity({ ...identityProps(), jwks: Jwks.fromFile(trusted) }).validate()).toEqual([]);
    const retention = join(dir, 'trusted.retention.json');
    expect(JSON.parse(readFileSync(retention, 'utf8'))).toEqual({
      version: 1,
      retired: [{ kid: OLD.kid, thumbprint: jwkThumbprint(OLD), retiredAt: '2025-03-01T12:00:00Z', keepUntil: '2025-03-01T14:00:00Z' }],
    });
    expect(c.out.join('')).toContain(`  added     kid ${NEW.kid}: served by the cluster, not trusted until now`);
    expect(c.out.join('')).toContain(`  retained  kid ${OLD.kid} until 2025-03-01T14:00:00Z`);
    expect(c.out.join('')).toContain('next: run this merge again after 2025-03-01T14:00:00Z to drop the retired key.');
    expect(c.out.join('')).toContain('next: synthesize and deploy, so the identity provider trusts this key set.');
    // the identity provider built from it admits tokens of both keys: diff finds nothing missing
    const tf = file('merged.tf.json', synthWorkloadIdentity(new WorkloadIdentity({ ...identityProps(), jwks: Jwks.fromFile(trusted) })).terraform);
    c = capture();
    expect(await runJwksCommand(['diff', tf, cluster], c.io)).toBe(0);

    // an hour later nothing changes (the recorded time holds, even with another --tokens-expire-after)
    c = capture();
    expect(await runJwksCommand(['merge', trusted, cluster, '--out', trusted, '--tokens-expire-after', '60'], c.io, at('2025-03-01T13:00:00Z')))
      .toBe(0);
    expect((JSON.parse(readFileSync(trusted, 'utf8')) as { keys: Jwk[] }).keys).toEqual([NEW, OLD]);
    expect(c.out.join('')).toContain(`unchanged: ${trusted} holds the key set ${trusted} held.`);
    expect(c.out.join('')).not.toContain('next: synthesize and deploy');
    // after the drop time the old key goes, and the retention file empties
    c = capture();
    expect(await runJwksCommand(['merge', trusted, cluster, '--out', trusted], c.io, at('2025-03-01T14:00:01Z'))).toBe(0);
    expect((JSON.parse(readFileSync(trusted, 'utf8')) as { keys: Jwk[] }).keys).toEqual([NEW]);
    expect(c.out.join('')).toContain(
      `  dropped   kid ${OLD.kid}: no longer served (since 2025-03-01T12:00:00Z); its retention ended 2025-03-01T14:00:00Z`,
    );
    expect(JSON.parse(readFileSync(retention, 'utf8'))).toEqual({ version: 1, retired: [] });
  });

  test('default retention is 24 h; --keep-old-until sets it; "now" drops at once', async () => {
    const cluster = file('m2-cluster.json', { keys: [NEW] });
    const trusted = file('m2.json', { keys: [OLD] });
    let c = capture();
    expect(await runJwksCommand(['merge', trusted, cluster, '--out', join(dir, 'm2-out.json')], c.io, at('2025-03-01T12:00:00Z'))).toBe(0);
    expect(c.out.join('')).toContain('until 2025-03-02T12:00:00Z');
    c = capture();
    expect(
      await runJwksCommand(
        ['merge', trusted, cluster, '--out', join(dir, 'm3-out.json'), '--keep-old-until', '2025-03-01T20:00:00+08:00'],
        c.io,
        at('2025-03-01T10:00:00Z'),
      ),
    ).toBe(0);
    expect(c.out.join('')).toContain('until 2025-03-01T12:00:00Z');
    c = capture();
    expect(await runJwksCommand(['merge', trusted, cluster, '--out', join(dir, 'm4-out.json'), '--keep-old-until', 'now'], c.io)).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'm4-out.json'), 'utf8')) as { keys: Jwk[] }).keys).toEqual([NEW]);
    expect(existsSync(join(dir, 'm4-out.retention.json'))).toBe(false);
  });

  test('a kid the two files hold with different keys: exit 2, nothing written', async () => {
    const out = join(dir, 'conflict-out.json');
    const c = capture();
    expect(
      await runJwksCommand(
        ['merge', file('c-trusted.json', { keys: [OLD] }), file('c-cluster.json', { keys: [{ ...NEW, kid: OLD.kid }] }), '--out', out],
        c.io,
      ),
    ).toBe(2);
    expect(c.text()).toContain(`kid ${OLD.kid.slice(0, 16)}…: the trusted key set and the cluster hold different keys under this kid`);
    expect(existsSync(out)).toBe(false);
  });

  test('a merged set longer than IAM\'s signing_key limit is refused', async () => {
    // 160 P-256 keys of ~190 characters each: each file alone is within the limit, the union is not.
    const many = Array.from({ length: 160 }, () => {
      const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Jwk;
      return { kid: jwkThumbprint(jwk) as string, alg: 'ES256', ...jwk };
    });
    const out = join(dir, 'big-out.json');
    const c = capture();
    expect(JSON.stringify({ keys: many.slice(80) }).length).toBeLessThan(30_000);
    expect(
      await runJwksCommand(
        ['merge', file('big-trusted.json', { keys: many.slice(0, 80) }), file('big-cluster.json', { keys: many.slice(80) }), '--out', out],
        c.io,
      ),
    ).toBe(2);
    expect(c.text()).toMatch(/IAM accepts at most 30000/);
    expect(existsSync(out)).toBe(false);
  });

  test.each<[string[], RegExp]>([
    [['merge', 'a.json', 'b.json'], /--out is required/],
    [['merge', 'a.json', 'b.json', '--out', '-'], /--out - is not supported/],
    [['merge', 'a.json', '--out', 'x.json'], /needs <trusted\.json> and <cluster\.json>/],
    [['merge', 'a.json', 'b.json', '--out', 'x.json', '--keep-old-until', '2025-03-01'], /--keep-old-until must be "now" or an ISO 8601 time with a zone/],
    [['merge', 'a.json', 'b.json', '--out', 'x.json', '--tokens-expire-after', '2h'], /--tokens-expire-after must be a whole number of seconds/],
    [['merge', 'a.json', 'b.json', '--out', 'x.json', '--tokens-expire-after', '1', '--keep-old-until', 'now'], /either --tokens-expire-after or --keep-old-until/],
    [['merge', '/nonexistent-a.json', '/nonexistent-b.json', '--out', 'x.json'], /\/nonexistent-a\.json.*cannot be read \(ENOENT\)/],
  ])('usage and input errors exit 2: %j', async (argv, message) => {
    const c = capture();
    expect(await runJwksCommand(argv, c.io)).toBe(2);
    expect(c.text()).toMatch(message);
  });

  test('a malformed retention file stops the merge', async () => {
    const out = join(dir, 'r-out.json');
    file('r-out.retention.json', '{"version":1,"retired":[{"thumbprint":"x"}]}');
    const c = capture();
    expect(
      await runJwksCommand(['merge', file('r-trusted.json', { keys: [OLD] }), file('r-cluster.json', { keys: [NEW] }), '--out', out], c.io),
    ).toBe(2);
    expect(c.text()).toContain('r-out.retention.json is malformed: .retired[0].thumbprint');
    expect(existsSync(out)).toBe(false);
  });
});

describe('help', () => {
  test.each([[['jwks', '--help']], [['jwks', 'fetch', '--help']], [['jwks', 'diff', '--help']], [['jwks', 'merge', '-h']]])(
    '%j exits 0 with the usage',
    async (argv) => {
      const c = capture();
      expect(await main(argv, c.io)).toBe(0);
      expect(c.out.join('')).toMatch(/^Usage: cce-workload-identity jwks/);
    },
  );

  test('jwks without a subcommand, or an unknown one, exits 2', async () => {
    let c = capture();
    expect(await main(['jwks'], c.io)).toBe(2);
    c = capture();
    expect(await main(['jwks', 'rotate'], c.io)).toBe(2);
    expect(c.text()).toContain('unknown jwks subcommand "rotate"');
  });

  test('the top-level usage lists the jwks commands', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('cce-workload-identity jwks diff <cdk.tf.json> <cluster-jwks.json>');
  });
});

describe('errors never echo a pasted secret, whichever argument it lands in', () => {
  const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const pemBody = PEM.split('\n')[1];

  function expectNoSecret(text: string): void {
    expect(text).not.toContain(A_JWT.split('.')[0]);
    expect(text).not.toContain(A_JWT.split('.')[2]);
    expect(text).not.toContain(pemBody);
    expect(text).not.toContain('BEGIN PRIVATE KEY');
  }

  test.each<[string, () => string[]]>([
    ['a positional file', () => ['merge', A_JWT, file('c1.json', { keys: [NEW] }), '--out', join(dir, 'm1.json')]],
    ['--out', () => ['merge', file('t2.json', { keys: [OLD] }), file('c2.json', { keys: [NEW] }), '--out', `/nonexistent/${A_JWT}`]],
    ['--provider', () => ['diff', tfFile, file('c3.json', { keys: [OLD] }), '--provider', A_JWT]],
    [
      '--keep-old-until',
      () => ['merge', file('t4.json', { keys: [OLD] }), file('c4.json', { keys: [NEW] }), '--out', join(dir, 'm4.json'), '--keep-old-until', A_JWT],
    ],
    ['an unknown option (node:util parseArgs repeats it)', () => ['diff', PEM, file('c5.json', { keys: [OLD] })]],
    ['an unknown subcommand', () => [A_JWT]],
  ])('%s', async (_what, argv) => {
    const c = capture();
    expect(await runJwksCommand(argv(), c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/redacted|not shown/);
    expectNoSecret(c.text());
  });

  test('--context reaches kubectl, and its failure message does not repeat it', async () => {
    const { env } = standInKubectl('kubectl-ctx', 'echo "error: context was not found" >&2; exit 1');
    const c = capture();
    expect(await runJwksCommand(['fetch', '--out', '-', '--context', A_JWT], c.io, { env })).toBe(2);
    expect(c.err.join('')).toContain('[redacted JWT]');
    expectNoSecret(c.text());
  });

  test('through main and the installed command as well', async () => {
    const c = capture();
    expect(await main(['jwks', 'diff', PEM, A_JWT], c.io)).toBe(2);
    expectNoSecret(c.text());
    const run = spawnSync(process.execPath, [BIN, 'jwks', 'merge', A_JWT, A_JWT, '--out', join(dir, 'm6.json')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expectNoSecret(run.stdout + run.stderr);
  });
});

describe('error codes are named after the command', () => {
  test('an unreadable Terraform file in jwks diff is ERR_JWKS_…, not the emulator\'s code', async () => {
    const c = capture();
    expect(await runJwksCommand(['diff', join(dir, 'nofile.json'), file('c7.json', { keys: [OLD] })], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/\[ERR_JWKS_TERRAFORM_UNREADABLE\]\n$/);
    expect(c.err.join('')).not.toContain('ERR_EMULATOR_');
  });
});
