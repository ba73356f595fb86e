/**
 * WorkloadIdentityCredentials with a scripted fetch: edge cases the emulator does not produce
 * (malformed 2xx answers, Retry-After, timeouts, hostile error bodies), option validation.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialSource,
  WorkloadIdentityCredentials,
  type WorkloadIdentityCredentialsOptions,
  type WorkloadIdentityError,
} from '../../lib/runtime';
import { FakeClock } from '../support/fake-clock';
import { flush, Recorder } from '../support/time';

const JWT = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from(
  JSON.stringify({ sub: 'system:serviceaccount:default:oidc-token', exp: 4102444800 }),
).toString('base64url')}.${'s'.repeat(60)}`;
const IAM_TOKEN = `MIIEMU${'t'.repeat(80)}`;
const SECRET = 'SeCrEt0123456789abcdefSeCrEt0123456789ab';
const SECURITY_TOKEN = `gQpjbi1ub3J0aC00${'x'.repeat(100)}`;

let dir: string;
let tokenFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wi-unit-'));
  tokenFile = join(dir, 'token');
  await writeFile(tokenFile, JWT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Script = (url: string, init: RequestInit) => Response | Promise<Response>;

const lines: string[] = [];
const errors: unknown[] = [];

function make(
  script: Script,
  extra: Partial<WorkloadIdentityCredentialsOptions> = {},
): { identity: WorkloadIdentityCredentials; calls: Recorder<string> } {
  const calls = new Recorder<string>();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push(new URL(url).pathname);
    return script(url, init ?? {});
  }) as typeof globalThis.fetch;
  const identity = new WorkloadIdentityCredentials({
    env: {},
    providerName: 'workload_identity',
    tokenFile,
    projectId: '0123456789abcdef0123456789abcdef',
    iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
    fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    logger: { debug: (l) => lines.push(l), info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) },
    ...extra,
  });
  return { identity, calls };
}

const tokenOk = (): Response =>
  new Response(JSON.stringify({ token: { expires_at: new Date(Date.now() + 86_400_000).toISOString(), issued_at: new Date().toISOString() } }), {
    status: 201,
    headers: { 'X-Subject-Token': IAM_TOKEN },
  });

const credentialsOk = (): Response =>
  new Response(
    JSON.stringify({
      credential: {
        access: 'AKAKAKAKAKAKAKAKAKAK',
        secret: SECRET,
        securitytoken: SECURITY_TOKEN,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
      },
    }),
    { status: 201 },
  );

async function failure(promise: Promise<unknown>): Promise<WorkloadIdentityError> {
  const error = await promise.then(
    () => {
      throw new Error('expected rejection');
    },
    (e: unknown) => e,
  );
  errors.push(error);
  return error as WorkloadIdentityError;
}

test('sends the documented request shapes: unscoped token for credentials, project-scoped for getToken', async () => {
  const seen: Array<{ url: string; headers: Headers; body: unknown }> = [];
  const { identity } = make((url, init) => {
    seen.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
    return url.endsWith('/tokens') ? tokenOk() : credentialsOk();
  });
  await identity.getCredentials();
  // IAM iam_13_0605 / iam_04_0003: exchange the id token for an unscoped token, use that for securitytokens.
  expect(seen[0]!.url).toBe('https://iam.cn-north-4.myhuaweicloud.com/v3.0/OS-AUTH/id-token/tokens');
  expect(seen[0]!.headers.get('x-idp-id')).toBe('workload_identity');
  expect(seen[0]!.headers.get('content-type')).toBe('application/json;charset=utf8');
  expect(seen[0]!.body).toEqual({ auth: { id_token: { id: JWT } } });
  expect(seen[1]!.url).toBe('https://iam.cn-north-4.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens');
  expect(seen[1]!.headers.get('x-auth-token')).toBe(IAM_TOKEN);
  expect(seen[1]!.body).toEqual({ auth: { identity: { methods: ['token'], token: { duration_seconds: 3600 } } } });
  await identity.getToken();
  expect(seen).toHaveLength(3);
  expect(seen[2]!.url).toBe('https://iam.cn-north-4.myhuaweicloud.com/v3.0/OS-AUTH/id-token/tokens');
  expect(seen[2]!.body).toEqual({ auth: { id_token: { id: JWT }, scope: { project: { id: '0123456789abcdef0123456789abcdef' } } } });
  identity.close();
});

test('2xx without X-Subject-Token or credential fields → IAM_BAD_RESPONSE (not retried)', async () => {
  const noHeader = make(() => new Response('{"token":{"expires_at":"2030-01-01T00:00:00.000000Z"}}', { status: 201 }));
  expect((await failure(noHeader.identity.getToken())).code).toBe('ERR_IAM_BAD_RESPONSE');
  expect(noHeader.calls).toHaveLength(1);
  const noExpiry = make(() => new Response('{}', { status: 201, headers: { 'X-Subject-Token': IAM_TOKEN } }));
  expect((await failure(noExpiry.identity.getToken())).code).toBe('ERR_IAM_BAD_RESPONSE');
  const expired = make(
    () => new Response('{"token":{"expires_at":"2000-01-01T00:00:00Z"}}', { status: 201, headers: { 'X-Subject-Token': IAM_TOKEN } }),
  );
  expect((await failure(expired.identity.getToken())).message).toMatch(/already expired/);
  const noSecret = make((url) => (url.endsWith('/tokens') ? tokenOk() : new Response('{"credential":{"access":"AK"}}', { status: 201 })));
  expect((await failure(noSecret.identity.getCredentials())).code).toBe('ERR_IAM_BAD_RESPONSE');
});

test('Retry-After is honoured as a lower bound within the time budget', async () => {
  const time = new FakeClock();
  let n = 0;
  const { identity, calls } = make(
    () => (n++ === 0 ? new Response('', { status: 429, headers: { 'Retry-After': '2' } }) : tokenOk()),
    { now: time.now, timers: time },
  );
  const pending = identity.getToken();
  await calls.until((c) => c.length === 1);
  await flush();
  await time.advance(1999);
  expect(calls).toHaveLength(1);
  await time.advance(1);
  await expect(pending).resolves.toMatchObject({ token: IAM_TOKEN });
  expect(calls).toHaveLength(2);
});

describe('Retry-After is honoured on every retryable status, bounded by the total budget', () => {
  /** Waits for the retry sleep to be scheduled (the request timeout timer, at +10 s, is not it) and returns its delay. */
  async function scheduledRetryDelay(time: FakeClock, t0: number): Promise<number> {
    await time.whenTimer((at) => at - t0 < 10_000);
    return time.nextTimerAt()! - t0;
  }

  test.each([429, 503, 500, 502, 504, 408])('HTTP %i with Retry-After: 3 waits 3 s, not the 1-2 ms back-off', async (status) => {
    const time = new FakeClock();
    let n = 0;
    const { identity, calls } = make(
      () => (n++ === 0 ? new Response('', { status, headers: { 'Retry-After': '3' } }) : tokenOk()),
      { now: time.now, timers: time },
    );
    const t0 = time.now();
    const pending = identity.getToken();
    expect(await scheduledRetryDelay(time, t0)).toBe(3000);
    expect(calls).toHaveLength(1);
    await time.advance(3000);
    await expect(pending).resolves.toMatchObject({ token: IAM_TOKEN });
    expect(calls).toHaveLength(2);
    identity.close();
  });

  test('an HTTP-date Retry-After on a 503 counts too', async () => {
    const time = new FakeClock();
    let n = 0;
    const { identity, calls } = make(
      () => (n++ === 0 ? new Response('', { status: 503, headers: { 'Retry-After': new Date(time.now() + 4000).toUTCString() } }) : tokenOk()),
      { now: time.now, timers: time },
    );
    const t0 = time.now();
    const pending = identity.getToken();
    const delay = await scheduledRetryDelay(time, t0);
    expect(delay).toBeGreaterThanOrEqual(3000); // HTTP dates have whole seconds
    expect(delay).toBeLessThanOrEqual(4000);
    await time.advance(delay);
    await expect(pending).resolves.toMatchObject({ token: IAM_TOKEN });
    expect(calls).toHaveLength(2);
  });

  test.each([429, 503])('HTTP %i asking for more than the retry budget gives up at once, without sleeping', async (status) => {
    const time = new FakeClock();
    const { identity, calls } = make(
      () => new Response('', { status, headers: { 'Retry-After': '60' } }),
      { now: time.now, timers: time, retry: { maxElapsedMs: 15_000, baseDelayMs: 1, maxDelayMs: 2 } },
    );
    const t0 = time.now();
    // With fake timers, a sleep would never end: the rejection arriving proves there was none.
    const error = await failure(identity.getToken());
    expect(error.code).toBe(status === 429 ? 'ERR_IAM_THROTTLED' : 'ERR_IAM_SERVER_ERROR');
    expect(calls).toHaveLength(1);
    expect(time.now()).toBe(t0);
    identity.close();
  });
});

test('a hung IAM is cut off by the request timeout → IAM_UNREACHABLE', async () => {
  const time = new FakeClock();
  const { identity, calls } = make(
    (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
    { now: time.now, timers: time, requestTimeoutMs: 1000, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } },
  );
  const pending = failure(identity.getToken());
  await calls.until((c) => c.length === 1);
  await time.advance(1000); // first attempt times out
  await time.advance(10); // back-off
  await calls.until((c) => c.length === 2);
  await time.advance(1000); // second attempt times out
  const error = await pending;
  expect(error.code).toBe('ERR_IAM_UNREACHABLE');
  expect(error.message).toMatch(/no answer within 1000 ms/);
  expect(calls).toHaveLength(2);
});

test('close() aborts an in-flight exchange with CLIENT_CLOSED', async () => {
  const { identity, calls } = make(
    (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  );
  const pending = failure(identity.getToken());
  await calls.until((c) => c.length === 1);
  identity.close();
  expect((await pending).code).toBe('ERR_CLIENT_CLOSED');
});

test('hostile error bodies echoing secrets are redacted; a throwing logger does not break anything', async () => {
  const { identity } = make(
    (url) =>
      url.endsWith('/tokens')
        ? tokenOk()
        : new Response(JSON.stringify({ error_msg: `bad ${IAM_TOKEN} / ${JWT}`, error_code: 'IAM.0007' }), { status: 403 }),
    {
      logger: {
        warn: () => {
          throw new Error('logger broke');
        },
        error: (l) => lines.push(l),
        info: (l) => lines.push(l),
      },
    },
  );
  const error = await failure(identity.getCredentials());
  expect(error.code).toBe('ERR_IAM_REJECTED');
  expect(error.message).toContain('[REDACTED]');
});

test('option validation → CONFIG_INVALID', () => {
  const base = { env: {}, providerName: 'x', tokenFile: '/t', region: 'cn-north-4' };
  expect(() => new WorkloadIdentityCredentials({ ...base, credentialsDurationSeconds: 899 })).toThrow(/credentialsDurationSeconds/);
  expect(() => new WorkloadIdentityCredentials({ ...base, credentialsDurationSeconds: 86401 })).toThrow(/credentialsDurationSeconds/);
  expect(() => new WorkloadIdentityCredentials({ ...base, expiryMarginSeconds: -1 })).toThrow(/expiryMarginSeconds/);
  expect(() => new WorkloadIdentityCredentials({ ...base, iamEndpoint: 'http://iam.example.com' })).toThrow(/https/);
  const config = new WorkloadIdentityCredentials(base).config;
  expect(config.source === CredentialSource.OIDC_FEDERATION && config.iamEndpoint).toBe('https://iam.cn-north-4.myhuaweicloud.com');
  expect(WorkloadIdentityCredentials.fromEnv(base)).toBeInstanceOf(WorkloadIdentityCredentials);
});

test('a missing token file is named in the error and the log line, not redacted', async () => {
  const missing = '/nonexistent/var/run/secrets/workload-identity/oidc-token';
  const { identity } = make(() => tokenOk(), { tokenFile: missing });
  const before = lines.length;
  const error = await failure(identity.getCredentials());
  identity.close();
  expect(error.code).toBe('ERR_TOKEN_FILE_MISSING');
  expect(error.message).toContain(`token file ${missing} does not exist`);
  const logged = lines.slice(before).join('\n');
  expect(logged).toContain(`token file ${missing} does not exist`);
  expect(logged).not.toContain('[REDACTED]');
});

test('nothing in this file leaked a secret', () => {
  const texts = [...lines, ...errors.map((e) => `${(e as Error).message}\n${(e as Error).stack}\n${String((e as Error).cause)}`)];
  expect(texts.length).toBeGreaterThan(10);
  for (const secret of [JWT, IAM_TOKEN, SECRET, SECURITY_TOKEN]) for (const text of texts) expect(text).not.toContain(secret);
});
