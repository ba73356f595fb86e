/**
 * `emulate --tls` (issue 11, class 9): the Go SDK prefixes https:// to any IAM endpoint, so the
 * emulator must also serve https. It makes a throwaway CA at start, prints
 * `listening on https://127.0.0.1:<port>` then `ca-file <path>`, and an SDK that trusts that file
 * — here the real Node SDK in its own process with NODE_EXTRA_CA_CERTS, exactly as docs/guides/verifying-locally.md
 * says — gets temporary credentials and makes a signed call.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { Jwks, WorkloadIdentity } from '../../lib';
import { startIamEmulator } from '../../lib/testing/emulator';
import { mintServiceAccountToken, podIdentitiesFromManifests } from '../../lib/testing/kube-token';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { PROJECT_ID } from '../fixtures/ids';

const REPO = resolve(__dirname, '../..');
const BIN = join(REPO, 'bin/cce-workload-identity.js');
const SDK_WHOAMI = join(__dirname, 'fixtures/sdk-whoami.js');

let root: string;
let privateKey: CryptoKey;
let publicJwk: Record<string, unknown>;

function declare(iamEndpoint?: string): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-tls-client',
    jwks: Jwks.fromObject({ keys: [publicJwk] }),
    projectId: PROJECT_ID,
    region: 'cn-north-4',
    ...(iamEndpoint ? { iamEndpoint } : {}),
    bindings: [{ namespace: 'default', serviceAccountName: 'oidc-token', iamUser: 'test', iamGroups: ['demo'] }],
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cce-wi-tls-'));
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'tls-key', alg: 'RS256', use: 'sig' };
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** GET over https with Node's own TLS stack; resolves to the status or the TLS error code. */
function get(url: string, ca?: string): Promise<number | string> {
  return new Promise((done) => {
    const req = request(url, { method: 'POST', ...(ca ? { ca } : {}), agent: false }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    req.end('{}');
  });
}

describe('startIamEmulator({ tls: true })', () => {
  test('serves https with a certificate only the throwaway CA vouches for; stop() removes the CA file', async () => {
    const emulator = await startIamEmulator({ terraform: synthWorkloadIdentity(declare()).terraform, tls: true });
    try {
      expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.serviceUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(emulator.caFile!, 'utf8');
      expect(ca).toBe(emulator.caCertificate);
      expect(ca).not.toContain('PRIVATE KEY');

      const caCert = new X509Certificate(ca);
      expect(caCert.ca).toBe(true);
      expect(new Date(caCert.validTo).getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000);

      // Untrusted by default: the system store does not know the throwaway CA.
      expect(await get(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
      // Trusted with the CA file: the IAM API answers (401: no X-Auth-Token).
      expect(await get(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`, ca)).toBe(401);
      expect(await get(`${emulator.url.replace('127.0.0.1', 'localhost')}/v3.0/OS-CREDENTIAL/securitytokens`, ca)).toBe(401);
    } finally {
      await emulator.stop();
    }
    expect(existsSync(emulator.caFile!)).toBe(false);
  });

  test('two emulators make two different CAs (nothing is reused between runs)', async () => {
    const terraform = synthWorkloadIdentity(declare()).terraform;
    const [a, b] = await Promise.all([startIamEmulator({ terraform, tls: true }), startIamEmulator({ terraform, tls: true })]);
    try {
      expect(a.caCertificate).not.toBe(b.caCertificate);
      expect(await get(`${a.url}/x`, b.caCertificate)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('without tls nothing changes: plain http, no CA file', async () => {
    const emulator = await startIamEmulator({ terraform: synthWorkloadIdentity(declare()).terraform });
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.caFile).toBeUndefined();
    } finally {
      await emulator.stop();
    }
  });

  test('the certificate library is loaded only for --tls: the root and runtime entries never load it', () => {
    const script = [
      "require('tsx/cjs');",
      "require('./lib/index.ts'); require('./lib/runtime/index.ts'); require('./lib/testing/index.ts');",
      "process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('node-forge'))));",
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('false');
  }, 60_000);
});

describe('emulate --tls, then the Node SDK in its own process trusting NODE_EXTRA_CA_CERTS', () => {
  let child: ChildProcess;
  const stdout: string[] = [];
  const stderr: string[] = [];
  let tokens: string[] = [];

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  /** The first `n` stdout lines of the emulator. */
  function lines(n: number): Promise<string[]> {
    return new Promise((done, fail) => {
      const got: string[] = [];
      const reader = createInterface({ input: child.stdout! });
      reader.on('line', (line) => {
        stdout.push(line);
        got.push(line);
        if (got.length === n) done(got);
      });
      child.once('exit', (code) => fail(new Error(`emulate exited ${code}: ${stderr.join('')}`)));
    });
  }

  /** Runs the SDK in a fresh process with the pod's environment (and `extra`), as an application would. */
  function sdk(serviceUrl: string, env: Record<string, string>, extra: Record<string, string>): { answer: Record<string, unknown>; raw: string } {
    const result = spawnSync(process.execPath, [SDK_WHOAMI, serviceUrl], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env, ...extra },
      timeout: 60_000,
    });
    const raw = `${result.stdout}${result.stderr}`;
    return { answer: JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>, raw };
  }

  test('prints the https URL first and the CA file second; the SDK admitted; untrusted without the CA; SIGTERM removes the CA', async () => {
    const tfFile = join(root, 'cdktf.out/stacks/workload-identity/cdk.tf.json');
    mkdirSync(dirname(tfFile), { recursive: true });
    writeFileSync(tfFile, JSON.stringify(synthWorkloadIdentity(declare()).terraform));
    child = spawn(process.execPath, [BIN, 'emulate', '--tls', '--terraform', tfFile], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));

    const [first, second, third] = await lines(3);
    expect(first).toMatch(/^listening on https:\/\/127\.0\.0\.1:\d+$/);
    expect(second).toMatch(/^ca-file \/.+\.pem$/);
    expect(third).toMatch(/^service on https:\/\/127\.0\.0\.1:\d+$/);
    const iamUrl = first.slice('listening on '.length);
    const caFile = second.slice('ca-file '.length);
    const serviceUrl = third.slice('service on '.length);
    expect(new X509Certificate(readFileSync(caFile)).ca).toBe(true);

    // The Kubernetes side, synthesized with the https emulator as IAM endpoint.
    const pod = podIdentitiesFromManifests(synthWorkloadIdentity(declare(iamUrl)).kubernetes).find((p) => p.serviceAccountName === 'oidc-token')!;
    expect(pod.env.HUAWEICLOUD_SDK_IAM_ENDPOINT).toBe(iamUrl);
    const { token } = await mintServiceAccountToken({
      privateKey,
      alg: 'RS256',
      kid: 'tls-key',
      namespace: pod.namespace,
      serviceAccountName: pod.serviceAccountName,
      projected: pod.projected,
    });
    tokens = [token];
    const tokenFile = join(root, 'pod', pod.tokenPath);
    mkdirSync(dirname(tokenFile), { recursive: true });
    writeFileSync(tokenFile, token);
    const env = { ...pod.env, HUAWEICLOUD_SDK_ID_TOKEN_FILE: tokenFile };

    const trusted = sdk(serviceUrl, env, { NODE_EXTRA_CA_CERTS: caFile });
    expect(trusted.answer).toMatchObject({
      caller: {
        user: { name: 'test' },
        groups: ['demo'],
        identity_provider: 'workload_identity',
        subject: 'system:serviceaccount:default:oidc-token',
      },
      request: { method: 'GET', path: `/v1/${PROJECT_ID}/whoami` },
    });

    const untrusted = sdk(serviceUrl, env, {});
    expect(String(untrusted.answer.error)).toMatch(/certificate/i);
    for (const out of [trusted.raw, untrusted.raw]) expect(out).not.toContain(token.split('.')[1]);

    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(caFile)).toBe(false);
    // The operator log named the admission and never the token.
    const log = stderr.join('');
    expect(log).toContain('iam-emulator admitted status=201');
    for (const t of tokens) expect(log).not.toContain(t.split('.')[1]);
  }, 120_000);
});
