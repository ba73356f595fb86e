/**
 * Refusing a scoped IAM token at `securitytokens` is the emulator's own rule, stricter than IAM's
 * documentation (iam_04_0002 accepts "IAM user token, federated user token, or agency token"
 * without saying unscoped): an option, on by default, and a flag of `emulate`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { startIamEmulator } from '../../lib/testing/emulator';
import { Recorder } from '../support/time';
import { PROVIDER, idTokenBody, makeKey, postJson, securityTokenBody, terraformFixture, tokenFor, type TestKey } from './helpers';

const ID_TOKEN = '/v3.0/OS-AUTH/id-token/tokens';
const SECURITY = '/v3.0/OS-CREDENTIAL/securitytokens';
const PROJECT = { project: { id: '0123456789abcdef0123456789abcdef' } };

let key: TestKey;
let dir: string;
beforeAll(async () => {
  key = await makeKey('k1');
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-scoped-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exchanges a fresh id token with `scope` at `url`, then asks securitytokens with the IAM token; the latter's status and error code. */
async function scopedCredentials(url: string, scope: Record<string, unknown> | undefined): Promise<[number, unknown]> {
  const exchanged = await postJson(url + ID_TOKEN, idTokenBody(await tokenFor(key), scope), { 'X-Idp-Id': PROVIDER });
  expect(exchanged.status).toBe(201);
  const answer = await postJson(url + SECURITY, securityTokenBody(900), { 'X-Auth-Token': exchanged.headers.get('x-subject-token')! });
  return [answer.status, answer.body.error_code];
}

test.each([
  [undefined, 400],
  [true, 400],
  [false, 201],
])('refuseScopedTokenForSecurityTokens %s: a project-scoped token gets %i; an unscoped one always 201', async (refuse, status) => {
  const emulator = await startIamEmulator({
    terraform: terraformFixture({ keys: [key.publicJwk] }),
    ...(refuse === undefined ? {} : { refuseScopedTokenForSecurityTokens: refuse }),
  });
  try {
    const [got, code] = await scopedCredentials(emulator.url, PROJECT);
    expect(got).toBe(status);
    if (status === 400) expect(code).toBe('IAM.AuthTokenScoped');
    expect((await scopedCredentials(emulator.url, { domain: { name: 'emulated-domain' } }))[0]).toBe(status);
    expect((await scopedCredentials(emulator.url, undefined))[0]).toBe(201);
  } finally {
    await emulator.stop();
  }
});

test.each([
  [[] as string[], 400],
  [['--allow-scoped-security-tokens'], 201],
])('emulate %j: a project-scoped token gets %i', async (flags, status) => {
  const tf = join(dir, 'fixture.tf.json');
  writeFileSync(tf, JSON.stringify(terraformFixture({ keys: [key.publicJwk] })));
  const out = new Recorder<string>();
  const controller = new AbortController();
  const running = main(['emulate', '--terraform', tf, ...flags], { stdout: (t) => out.push(t), stderr: () => undefined, signal: controller.signal });
  try {
    await out.until((lines) => lines.length > 0, 10_000);
    const url = out[0].trim().replace('listening on ', '');
    expect((await scopedCredentials(url, PROJECT))[0]).toBe(status);
  } finally {
    controller.abort();
    expect(await running).toBe(0);
  }
});

test('emulate --help names the flag and says it is stricter than IAM\'s documentation', async () => {
  const out: string[] = [];
  expect(await main(['emulate', '--help'], { stdout: (t) => out.push(t), stderr: () => undefined })).toBe(0);
  expect(out.join('')).toMatch(/--allow-scoped-security-tokens[\s\S]*stricter than IAM's documentation \(iam_04_0002\)/);
});
