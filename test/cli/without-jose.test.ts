/**
 * Without jose (an optional peer), the token tools cannot read a token: they refuse to start and
 * say what to install, instead of judging every token malformed (the emulator answered
 * IAM.IdTokenMalformed, `explain --token` blamed the token format).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jwks, WorkloadIdentity } from '../../lib';
import { main } from '../../lib/cli/main';
import { explain, startIamEmulator, synthWorkloadIdentity } from '../../lib/testing';
import { mintServiceAccountToken } from '../../lib/testing/kube-token';

jest.mock('jose', () => {
  throw Object.assign(new Error("Cannot find module 'jose' from 'lib/iam-model/jose.ts'"), { code: 'MODULE_NOT_FOUND' });
});

const CODE = 'ERR_WORKLOAD_IDENTITY_JOSE_UNAVAILABLE';
const INSTALL = 'npm install --save-dev jose@^6.0.0';
/** A well-formed compact JWS (header, claims, signature), as a cluster would mint it. */
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:shop:app' })}.c2ln`;

let dir: string;
let tf: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-nojose-'));
  const jwks = Jwks.fromObject(JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'jwks.json'), 'utf8')));
  const identity = new WorkloadIdentity({ providerName: 'wi', clientId: 'my-cluster', jwks, projectId: '0123456789abcdef0123456789abcdef' });
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'app', iamGroups: ['readers'] });
  tf = join(dir, 'cdk.tf.json');
  writeFileSync(tf, JSON.stringify(synthWorkloadIdentity(identity).terraform));
  writeFileSync(join(dir, 'token'), TOKEN);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } };
}

test('emulate refuses to start, naming jose and the install command', async () => {
  const { out, err, io } = capture();
  const abort = new AbortController();
  const status = await main(['emulate', '--terraform', tf, '--port', '0'], { ...io, signal: abort.signal });
  abort.abort();
  expect(status).not.toBe(0);
  expect(out.join('')).not.toContain('listening');
  expect(err.join('')).toContain('"jose"');
  expect(err.join('')).toContain(INSTALL);
  expect(err.join('')).toContain(CODE);
});

test('explain --token refuses to judge the token: no token-format diagnosis, jose named', async () => {
  const { out, err, io } = capture();
  const status = await main(['explain', tf, '--token', join(dir, 'token')], io);
  expect(status).not.toBe(0);
  expect(status).not.toBe(1); // 1 means "token denied"
  expect(out.join('')).not.toMatch(/malformed|token-format|not base64url/i);
  expect(err.join('')).toContain(INSTALL);
  expect(err.join('')).toContain(CODE);
});

test('explain without a token needs no jose', async () => {
  const { out, io } = capture();
  expect(await main(['explain', tf], io)).toBe(0);
  expect(out.join('')).toContain('Identity provider "wi"');
});

test('from code: startIamEmulator, explain with a token and mintServiceAccountToken reject with the coded error', async () => {
  await expect(startIamEmulator({ terraform: tf })).rejects.toMatchObject({ code: CODE, message: expect.stringContaining(INSTALL) });
  await expect(explain(tf, { token: TOKEN })).rejects.toMatchObject({ code: CODE });
  await expect(mintServiceAccountToken({
    privateKey: { kty: 'RSA' }, namespace: 'shop', serviceAccountName: 'app', projected: { path: 'oidc-token' },
  })).rejects.toMatchObject({ code: CODE });
});
