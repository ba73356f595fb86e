import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair } from 'jose';
import { buildExample } from '../../examples/app';
import { synthesizeApps } from '../../lib';
import { main } from '../../lib/cli/main';
import { mintServiceAccountToken } from '../../lib/testing/kube-token';
import { Recorder } from '../support/time';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

const BIN = resolve(__dirname, '../../bin/cce-workload-identity.js');

let dir: string;
let exampleTf: string;
let fixtureTf: string;
let exampleKid: string;

function capture(): { out: Recorder<string>; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out = new Recorder<string>();
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-cli-'));
  // The bundled example, synthesized as `npm run synth` does.
  const app = buildExample({ kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') });
  expectWarnings(() => synthesizeApps({ kubernetes: app.kubernetes, terraform: app.terraform }), examplePlaceholderWarnings());
  exampleTf = join(dir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
  exampleKid = (JSON.parse(readFileSync(resolve(__dirname, '../../examples/jwks.json'), 'utf8')) as { keys: Array<{ kid: string }> }).keys[0].kid;
  // A provider whose private key we hold, for admitted tokens.
  fixtureTf = join(dir, 'fixture.tf.json');
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('explain', () => {
  test('answers for the bundled example', async () => {
    const { out, io } = capture();
    expect(await main(['explain', exampleTf], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('Identity provider "workload_identity" (enabled, oidc, access program)');
    expect(text).toContain('client id:  cce-workload-identity-demo');
    expect(text).toContain('issuer:     https://kubernetes.default.svc.cluster.local');
    expect(text).toContain(`keys:       kid ${exampleKid}; algorithms RS256`);
    expect(text).toMatch(/rule #0: +ServiceAccount default\/oidc-token -> user "test", groups "demo"/);
  });

  test('with --token: a token not signed by the cluster key is denied at the signature check, exit 1, token never printed', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const { token } = await mintServiceAccountToken({
      privateKey, kid: exampleKid, namespace: 'default', serviceAccountName: 'oidc-token',
      projected: { audience: 'cce-workload-identity-demo', expirationSeconds: 7200, path: 'oidc-token' },
    });
    const tokenFile = join(dir, 'forged.token');
    writeFileSync(tokenFile, `${token}\n`);
    const { out, err, io } = capture();
    expect(await main(['explain', exampleTf, '--token', tokenFile], io)).toBe(1);
    const text = out.join('') + err.join('');
    expect(text).toContain('Token: sub system:serviceaccount:default:oidc-token');
    expect(text).toContain('workload_identity: DENIED at check "signature" (HTTP 401 IAM.IdTokenSignatureInvalid)');
    for (const part of token.split('.')) expect(text).not.toContain(part);
  });

  test('with --token: an admitted token exits 0; --json gives the structured report', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'mine', alg: 'RS256', use: 'sig' };
    const tf = JSON.parse(readFileSync(exampleTf, 'utf8')) as {
      resource: { huaweicloud_identity_provider: Record<string, { access_config: { signing_key: string } }> };
    };
    for (const p of Object.values(tf.resource.huaweicloud_identity_provider)) p.access_config.signing_key = JSON.stringify({ keys: [jwk] });
    writeFileSync(fixtureTf, JSON.stringify(tf));
    const { token } = await mintServiceAccountToken({
      privateKey, kid: 'mine', namespace: 'default', serviceAccountName: 'oidc-token',
      projected: { audience: 'cce-workload-identity-demo', expirationSeconds: 7200, path: 'oidc-token' },
    });
    const tokenFile = join(dir, 'good.token');
    writeFileSync(tokenFile, token);
    const { out, io } = capture();
    expect(await main(['explain', fixtureTf, '--token', tokenFile, '--json'], io)).toBe(0);
    const report = JSON.parse(out.join('')) as { token: { admitted: boolean; verdicts: Array<{ username: string; groups: string[] }> } };
    expect(report.token.admitted).toBe(true);
    expect(report.token.verdicts[0]).toMatchObject({ username: 'test', groups: ['demo'] });
    expect(out.join('')).not.toContain(token);
  });

  test.each<[string[], RegExp]>([
    [[], /Usage:/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['explain'], /explain needs the path of a cdk\.tf\.json/],
    [['explain', '/nonexistent.json'], /error: cannot read \/nonexistent\.json.*\[ERR_EXPLAIN_TERRAFORM_UNREADABLE\]/],
    [['explain', '/nonexistent.json', '--token', '/nonexistent.jwt'], /error: token file \/nonexistent\.jwt cannot be read \(ENOENT\) \[ERR_EXPLAIN_TOKEN_UNREADABLE\]/],
    [['explain', '--bogus', 'x'], /Unknown option '--bogus'/],
    [['emulate'], /emulate needs --terraform/],
    [['emulate', '--terraform', 'x.json', '--port', 'abc'], /--port must be a non-negative integer/],
  ])('usage and input errors exit 2: %j', async (argv, message) => {
    const { out, err, io } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('') + out.join('')).toMatch(message);
  });

  test('invalid Terraform JSON is reported without echoing it (a provider block may hold secret_key)', async () => {
    const secret = 'supersecretvalue0123456789abcdef';
    const file = join(dir, 'broken-secret.tf.json');
    // Node 20's JSON.parse message would quote `..."ret_key": supersecre"...`.
    writeFileSync(file, `{"provider":{"huaweicloud":[{"region":"cn-north-4","secret_key": ${secret}}]}}`);
    for (const [argv, code] of [
      [['explain', file], 'ERR_EXPLAIN_TERRAFORM_UNREADABLE'],
      [['emulate', '--terraform', file], 'ERR_EMULATOR_TERRAFORM_UNREADABLE'],
    ] as const) {
      const { out, err, io } = capture();
      expect(await main(argv, io)).toBe(2);
      const text = err.join('') + out.join('');
      expect(text).toContain(`error: ${file} is not valid JSON [${code}]`);
      for (let i = 0; i + 8 <= secret.length; i += 1) expect(text).not.toContain(secret.slice(i, i + 8));
    }
  });

  test.each([
    [['emulate', '--help'], 'cce-workload-identity emulate --terraform'],
    [['emulate', '--terraform', 'x.json', '-h'], 'cce-workload-identity emulate --terraform'],
    [['explain', '--help'], 'cce-workload-identity explain <cdk.tf.json>'],
    [['help', 'explain'], 'cce-workload-identity explain <cdk.tf.json>'],
  ])('%j prints that command\'s usage only and exits 0', async (argv, usage) => {
    const { out, err, io } = capture();
    expect(await main(argv, io)).toBe(0);
    expect(err).toEqual([]);
    const text = out.join('');
    expect(text.startsWith(`Usage:\n  ${usage}`)).toBe(true);
    const other = argv.includes('explain') ? 'cce-workload-identity emulate' : 'cce-workload-identity explain';
    expect(text).not.toContain(other);
  });

  test('--help lists every command and exits 0; --version prints package.json\'s version', async () => {
    const help = capture();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/cce-workload-identity emulate[\s\S]*cce-workload-identity explain[\s\S]*--version/);
    const version = capture();
    expect(await main(['--version'], version.io)).toBe(0);
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(version.out.join('')).toBe(`cce-workload-identity ${pkg.version}\n`);
  });

  test('a token passed where a file path is due is not echoed (with a hint), nor PEM text as a path', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const { token } = await mintServiceAccountToken({
      privateKey, kid: exampleKid, namespace: 'default', serviceAccountName: 'oidc-token',
      projected: { audience: 'cce-workload-identity-demo', expirationSeconds: 7200, path: 'oidc-token' },
    });
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
    for (const argv of [['explain', exampleTf, '--token', token], ['explain', pem], ['emulate', '--terraform', token]]) {
      const { out, err, io } = capture();
      expect(await main(argv, io)).toBe(2);
      const text = err.join('') + out.join('');
      for (const part of token.split('.')) expect(text).not.toContain(part);
      expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    }
    const { err, io } = capture();
    await main(['explain', exampleTf, '--token', token], io);
    expect(err.join('')).toContain('not the token itself');
  });

  test('emulate refuses a non-loopback host', async () => {
    const { err, io } = capture();
    expect(await main(['emulate', '--terraform', exampleTf, '--host', '0.0.0.0'], io)).toBe(2);
    expect(err.join('')).toContain('[ERR_EMULATOR_NON_LOOPBACK_HOST]');
  });
});

describe('emulate', () => {
  test('in process: first stdout line is the URL; stops when aborted', async () => {
    const { out, err, io } = capture();
    const controller = new AbortController();
    const running = main(['emulate', '--terraform', exampleTf, '--port', '0'], { ...io, signal: controller.signal });
    await out.until((lines) => lines.length > 0, 10_000);
    expect(out[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = out[0].trim().replace('listening on ', '');
    const response = await fetch(`${url}/v3.0/OS-AUTH/id-token/tokens`, {
      method: 'POST',
      headers: { 'X-Idp-Id': 'nope' },
      body: '{"auth":{"id_token":{"id":"a.b.c"}}}',
    });
    expect(response.status).toBe(404);
    controller.abort();
    expect(await running).toBe(0);
    expect(err.join('')).toMatch(/iam-emulator denied status=404 .*provider=nope .*code=IAM\.IdpNotFound/);
    await expect(fetch(url)).rejects.toThrow();
  });

  test('in process with --tls: first line the https URL, second the CA file; the CA file goes when stopped', async () => {
    const { out, io } = capture();
    const controller = new AbortController();
    const running = main(['emulate', '--tls', '--terraform', exampleTf], { ...io, signal: controller.signal });
    await out.until((lines) => lines.length >= 3, 10_000);
    expect(out[0]).toMatch(/^listening on https:\/\/127\.0\.0\.1:\d+\n$/);
    expect(out[1]).toMatch(/^ca-file \/.+\.pem\n$/);
    expect(out[2]).toMatch(/^service on https:\/\/127\.0\.0\.1:\d+\n$/);
    const caFile = out[1].trim().slice('ca-file '.length);
    expect(readFileSync(caFile, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    controller.abort();
    expect(await running).toBe(0);
    expect(() => readFileSync(caFile)).toThrow();
  });

  test('through the bin: prints exactly "listening on http://127.0.0.1:<port>" first and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'emulate', '--terraform', exampleTf, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await readFirstLine(child);
      expect(firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = firstLine.replace('listening on ', '');
      const response = await fetch(`${url}/v3.0/OS-CREDENTIAL/securitytokens`, { method: 'POST', headers: { 'X-Auth-Token': 'forged' }, body: '{}' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error_code: 'IAM.AuthTokenInvalid', error_msg: 'The token is invalid or has expired.' });
      const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});

function readFirstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolveLine(line));
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr.join('')}`)));
  });
}

describe('the library calls behind the commands do not echo a pasted token either', () => {
  const A_JWT =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpvaWRjLXRva2VuIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';
  const secretParts = A_JWT.split('.');

  async function messageOf(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a rejection');
  }

  test('explain({ provider }) names the unknown provider without its value', async () => {
    const { explain } = await import('../../lib/iam-model/explain/explain');
    const message = await messageOf(() => explain(exampleTf, { provider: A_JWT }));
    expect(message).toContain('no identity provider named (value not shown: it looks like a JWT)');
    for (const part of secretParts) expect(message).not.toContain(part);
  });

  test('a pod identity cluster listed twice is named without echoing a key-shaped id', async () => {
    const { loadClusters } = await import('../../lib/testing/emulator/pod-identity-routes');
    const id = 'Ab3dE5gH1jK2mN4pQ6sT8vW0yZ1bC3dF5hJ7kL9n';
    const jwks = readFileSync(resolve(__dirname, '../../examples/jwks.json'), 'utf8');
    const message = await messageOf(async () => loadClusters([{ id, jwks }, { id, jwks }]));
    expect(message).toContain('podIdentityClusters[1].id (value not shown');
    expect(message).not.toContain(id);
  });
});
