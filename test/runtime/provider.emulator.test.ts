/**
 * WorkloadIdentityCredentials against the IAM federation emulator (127.0.0.1). Emulator and client
 * share a fake clock (test/support), so expiry/refresh scenarios need no real waiting.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { FakeClock } from '../support/fake-clock';
import {
  captureError,
  client,
  emulator,
  errorText,
  mintJwt,
  observed,
  PROJECT_ID,
  rememberSecrets,
  setupHarness,
  SUBJECT,
  teardownHarness,
  tokenPath,
  writeTokenFile,
} from './harness';
import type { WorkloadIdentityError } from '../../lib/runtime';
import { ID_TOKEN_PATH, SECURITY_TOKEN_PATH } from '../../lib/runtime/iam-client';

const H = 3600;

beforeAll(setupHarness);
afterAll(teardownHarness);

/** A token file holding a fresh JWT minted at `clock`'s time. */
async function tokenFile(clock: FakeClock, lifetimeSeconds = 2 * H, sub = SUBJECT): Promise<{ path: string; jwt: string; jti: string }> {
  const path = tokenPath();
  const minted = await mintJwt({ now: clock.nowMs, lifetimeSeconds, sub });
  await writeTokenFile(path, minted.jwt);
  return { path, ...minted };
}

async function failure(promise: Promise<unknown>): Promise<WorkloadIdentityError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  captureError(error);
  return error as WorkloadIdentityError;
}

describe('exchanges', () => {
  test('obtains a project-scoped IAM token and temporary credentials', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });

    const token = await identity.getToken();
    const credentials = await identity.getCredentials();
    rememberSecrets(token, credentials);

    expect(token.token).toMatch(/^MIIE/);
    expect(token.project?.id).toBe(PROJECT_ID);
    expect(token.expiresAt.getTime()).toBe(clock.nowMs + 24 * H * 1000);
    expect(credentials.accessKey).toMatch(/^[A-Z0-9]{20}$/);
    expect(credentials.secretKey.length).toBeGreaterThan(20);
    expect(credentials.securityToken.length).toBeGreaterThan(40);
    expect(credentials.expiresAt.getTime()).toBe(clock.nowMs + H * 1000);
    // A project-scoped token for getToken, an unscoped one for the credentials (IAM iam_04_0003).
    expect(iam.stats).toMatchObject({ idTokenExchanges: 2, securityTokenExchanges: 1 });
    expect(await identity.authHeaders()).toEqual({ 'X-Auth-Token': token.token });
    // console.log / util.inspect never print the secret parts
    expect(inspect(credentials)).not.toContain(credentials.secretKey);
    expect(inspect(token)).not.toContain(token.token);
  });

  test('scopes by region name when no project id is configured (env-only configuration)', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({
      providerName: undefined,
      projectId: undefined,
      region: undefined,
      env: {
        HUAWEICLOUD_SDK_IDP_ID: 'workload_identity',
        HUAWEICLOUD_SDK_ID_TOKEN_FILE: path,
        HUAWEICLOUD_SDK_REGION: 'cn-north-4',
        HUAWEICLOUD_SDK_IAM_ENDPOINT: iam.url,
      },
      now: clock.now,
    });
    const token = await identity.getToken();
    rememberSecrets(token);
    expect(token.project?.name).toBe('cn-north-4');
  });

  test('1,000 concurrent getCredentials() calls cause exactly one exchange of each kind', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const all = await Promise.all(Array.from({ length: 1000 }, () => identity.getCredentials()));
    rememberSecrets(all[0]);
    expect(new Set(all).size).toBe(1);
    expect(iam.stats).toMatchObject({ idTokenExchanges: 1, securityTokenExchanges: 1 });
    expect(iam.requestCounts).toMatchObject({ idToken: 1, securityToken: 1 });
    // and the cached path hands back the very same resolved promise
    expect(identity.getCredentials()).toBe(identity.getCredentials());
  });
});

describe('refresh and rotation', () => {
  test('refreshes ahead of expiry in the background (timer), never serving an expiring value', async () => {
    const time = new FakeClock(Date.now());
    const iam = await emulator({ now: time.now, tokenLifetimeSeconds: H });
    const { path } = await tokenFile(time, 4 * H);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: time.now, timers: time });

    const first = await identity.getCredentials();
    const firstToken = await identity.getToken();
    rememberSecrets(first, firstToken);
    // IAM token lives 1 h → credentials capped at 1 h too; both refresh when 25% (15 min) remain
    await time.advance(44 * 60 * 1000);
    expect(iam.stats.idTokenExchanges).toBe(2); // the scoped token and the unscoped one
    expect(await identity.getCredentials()).toBe(first);

    const mark = observed.logLines.length;
    await time.advance(60 * 1000); // 45 min: refresh point; the timers fire without any caller
    const newLines = (): string[] => observed.logLines.slice(mark);
    await observed.logLines.until(() =>
      newLines().some((l) => l.includes('obtained temporary credentials')) &&
      newLines().some((l) => l.includes('obtained IAM token')));
    expect(iam.stats).toMatchObject({ idTokenExchanges: 4, securityTokenExchanges: 2 });
    const second = await identity.getCredentials();
    const secondToken = await identity.getToken();
    rememberSecrets(second, secondToken);
    expect(second).not.toBe(first);
    expect(secondToken.token).not.toBe(firstToken.token);
    expect(second.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
    expect(observed.logLines.some((l) => l.includes('background refresh'))).toBe(true);
  });

  test('a rotated token file is picked up by the next exchange (read fresh every time)', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now, tokenLifetimeSeconds: 600 });
    // the kubelet's token lives 10 min and is rotated at 80 %
    const { path, jti: firstJti } = await tokenFile(clock, 600);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now, backgroundRefresh: false });
    rememberSecrets(await identity.getToken());

    await clock.advance(480 * 1000);
    const rotated = await mintJwt({ now: clock.nowMs, lifetimeSeconds: 600 });
    await writeTokenFile(path, rotated.jwt);

    await clock.advance(220 * 1000); // 700 s: the IAM token and the first JWT have expired; the rotated JWT is valid
    const token = await identity.getToken();
    rememberSecrets(token);
    const admitted = iam.decisions.filter((d) => d.endpoint === ID_TOKEN_PATH && d.outcome === 'admitted').map((d) => d.jti);
    expect(admitted).toEqual([firstJti, rotated.jti]);
    expect(iam.lines.some((line) => line.includes(rotated.jti))).toBe(true);
  });

  test('refresh() forces new exchanges', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    rememberSecrets(await identity.getCredentials());
    await identity.refresh();
    rememberSecrets(await identity.getCredentials(), await identity.getToken());
    // getCredentials: unscoped + credentials; refresh(): both again; getToken: the scoped token.
    expect(iam.stats).toMatchObject({ idTokenExchanges: 3, securityTokenExchanges: 2 });
  });
});

describe('IAM outage', () => {
  test('serves still-valid cached credentials during an outage, then fails cleanly after expiry, then recovers', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now, tokenLifetimeSeconds: H });
    const { path } = await tokenFile(clock, 4 * H);
    const identity = client({
      tokenFile: path,
      iamEndpoint: iam.url,
      now: clock.now,
      backgroundRefresh: false,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const cached = await identity.getCredentials();
    rememberSecrets(cached, await identity.getToken());

    iam.setDown('network');
    await clock.advance(46 * 60 * 1000); // refresh window: served from cache, refresh attempted in the background
    const mark = observed.logLines.length;
    expect(await identity.getCredentials()).toBe(cached);
    await observed.logLines.until((lines) => lines.slice(mark).some((l) => l.includes('background refresh of temporary credentials failed')));
    expect(await identity.getCredentials()).toBe(cached);
    // initial (unscoped token for the credentials, scoped one for getToken) + one background
    // refresh of the unscoped token and of the credentials, 3 bounded attempts each; calls during
    // the back-off add none
    expect(iam.requestCounts).toMatchObject({ idToken: 2 + 3, securityToken: 1 + 3 });

    await clock.advance(10 * 60 * 1000); // 56 min: past the 5-min expiry margin
    const error = await failure(identity.getCredentials());
    expect(error.code).toBe('ERR_CREDENTIALS_EXPIRED');
    expect((error.cause as WorkloadIdentityError).code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.message).toMatch(/IAM_UNREACHABLE/);
    const tokenError = await failure(identity.getToken());
    expect(tokenError.code).toBe('ERR_CREDENTIALS_EXPIRED');

    iam.setDown(false);
    const fresh = await identity.getCredentials();
    rememberSecrets(fresh);
    expect(fresh).not.toBe(cached);
  });

  test('503 outage: 5xx exhausts bounded retries with IAM_SERVER_ERROR', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    iam.setDown(503);
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_IAM_SERVER_ERROR');
    expect(error.retryable).toBe(true);
    expect(iam.requestCounts.idToken).toBe(4); // default maxAttempts
    iam.setDown(false);
  });

  test('unreachable endpoint (nothing listening) → IAM_UNREACHABLE', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const url = iam.url;
    await iam.stop();
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: url, now: clock.now, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('retries', () => {
  test.each([
    [ID_TOKEN_PATH, 429],
    [ID_TOKEN_PATH, 500],
    [ID_TOKEN_PATH, 503],
    [ID_TOKEN_PATH, 'network' as const],
    [SECURITY_TOKEN_PATH, 429],
    [SECURITY_TOKEN_PATH, 502],
    [SECURITY_TOKEN_PATH, 'network' as const],
  ])('%s answering %p twice is retried and succeeds', async (failPath, status) => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    iam.failNext(failPath, status, 2);
    const credentials = await identity.getCredentials();
    rememberSecrets(credentials, await identity.getToken());
    // getCredentials' unscoped exchange meets the failures; getToken's scoped one comes after.
    expect(iam.stats).toMatchObject({ idTokenExchanges: 2, securityTokenExchanges: 1 });
    const counts = failPath === ID_TOKEN_PATH ? iam.requestCounts.idToken - 1 : iam.requestCounts.securityToken;
    expect(counts).toBe(3);
    expect(observed.logLines.some((l) => l.startsWith('warn') && l.includes('retrying in'))).toBe(true);
  });

  test.each([401, 403])('id-token exchange answering %d is not retried', async (status) => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    iam.failNext(ID_TOKEN_PATH, status, 5);
    const error = await failure(identity.getToken());
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(iam.requestCounts.idToken).toBe(1);
  });

  test('securitytokens answering 401 (revoked IAM token) re-exchanges the ServiceAccount token once', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    iam.failNext(SECURITY_TOKEN_PATH, 401, 1);
    rememberSecrets(await identity.getCredentials());
    expect(iam.stats).toMatchObject({ idTokenExchanges: 2, securityTokenExchanges: 1 });
    expect(iam.requestCounts.securityToken).toBe(2);
  });

  test('securitytokens answering 403 is not retried', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    iam.failNext(SECURITY_TOKEN_PATH, 403, 5);
    const error = await failure(identity.getCredentials());
    expect(error).toMatchObject({ code: 'ERR_IAM_REJECTED', status: 403, retryable: false });
    expect(iam.requestCounts.securityToken).toBe(1);
  });
});

describe('causes are named', () => {
  test('ServiceAccount not admitted by any rule → NOT_ADMITTED naming the subject', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock, 2 * H, 'system:serviceaccount:other:intruder');
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_NOT_ADMITTED');
    expect(error.message).toContain('system:serviceaccount:other:intruder');
    expect(iam.requestCounts.idToken).toBe(1);
  });

  test('unknown identity provider → PROVIDER_NOT_FOUND', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ providerName: 'no_such_idp', tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_PROVIDER_NOT_FOUND');
    expect(error.message).toContain('no_such_idp');
  });

  test('expired ServiceAccount token → TOKEN_EXPIRED', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock, 600);
    await clock.advance(700 * 1000);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_TOKEN_EXPIRED');
  });

  test('wrong audience → TOKEN_REJECTED', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const path = tokenPath();
    await writeTokenFile(path, (await mintJwt({ now: clock.nowMs, aud: 'someone-else' })).jwt);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_TOKEN_REJECTED');
  });

  test.each([
    ['ERR_TOKEN_FILE_MISSING', async (): Promise<string> => tokenPath()],
    [
      'ERR_TOKEN_FILE_EMPTY',
      async (): Promise<string> => {
        const p = tokenPath();
        await writeTokenFile(p, '');
        return p;
      },
    ],
  ])('%s is reported without calling IAM', async (code, makePath) => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const identity = client({ tokenFile: await makePath(), iamEndpoint: iam.url, now: clock.now });
    const error = await failure(identity.getCredentials());
    expect(error.code).toBe(code);
    expect(iam.requestCounts.idToken).toBe(0);
  });
});

describe('clock skew', () => {
  test('IAM clock 10 min ahead: expiry is measured on IAM’s clock, so the token is replaced before IAM considers it expired', async () => {
    const pod = new FakeClock(Date.now());
    const iam = await emulator({ now: pod.offset(10 * 60 * 1000), tokenLifetimeSeconds: H });
    const { path } = await tokenFile(pod, 4 * H);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: pod.now, backgroundRefresh: false });
    const first = await identity.getToken();
    rememberSecrets(first);
    // face value (expires_at on IAM's clock) would keep serving it until pod+65 min; IAM expires it at pod+60 min
    await pod.advance(56 * 60 * 1000);
    const second = await identity.getToken();
    rememberSecrets(second);
    expect(second.token).not.toBe(first.token);
    rememberSecrets(await identity.getCredentials());
  });

  test('skew within IAM’s tolerance (pod 45 s ahead) is accepted', async () => {
    const pod = new FakeClock(Date.now());
    const iam = await emulator({ now: pod.offset(-45_000) });
    const { path } = await tokenFile(pod);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: pod.now });
    rememberSecrets(await identity.getToken());
  });

  test('skew beyond IAM’s tolerance (pod 10 min ahead) → TOKEN_EXPIRED mentioning clocks', async () => {
    const pod = new FakeClock(Date.now());
    const iam = await emulator({ now: pod.offset(-10 * 60 * 1000) });
    const { path } = await tokenFile(pod);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: pod.now });
    const error = await failure(identity.getToken());
    expect(error.code).toBe('ERR_TOKEN_EXPIRED');
    expect(error.message).toMatch(/clock/);
  });
});

describe('fetch wrapper', () => {
  let server: Server;
  let url: string;
  const seen: Array<string | undefined> = [];
  let rejectNext = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers['x-auth-token'] as string | undefined);
      if (rejectNext > 0) {
        rejectNext--;
        res.writeHead(401).end('{}');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('adds X-Auth-Token, refreshes once on 401, refuses unsafe destinations', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    const token = await identity.getToken();
    rememberSecrets(token);

    const response = await identity.fetch(`${url}/v1/${PROJECT_ID}/things`, { headers: { 'x-extra': '1' } });
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toBe(token.token);

    rejectNext = 1;
    const retried = await identity.fetch(`${url}/again`, { method: 'POST', body: '{}' });
    expect(retried.status).toBe(200);
    const refreshed = await identity.getToken();
    rememberSecrets(refreshed);
    expect(seen.at(-1)).toBe(refreshed.token);
    expect(refreshed.token).not.toBe(token.token);

    for (const bad of ['http://ecs.cn-north-4.myhuaweicloud.com/v1', 'https://evil.example.com/', 'https://myhuaweicloud.com.evil.io/']) {
      const error = await failure(identity.fetch(bad));
      expect(error.code).toBe('ERR_CONFIG_INVALID');
    }
  });
});

describe('close', () => {
  test('close() aborts and later calls fail with CLIENT_CLOSED', async () => {
    const clock = new FakeClock(Date.now());
    const iam = await emulator({ now: clock.now });
    const { path } = await tokenFile(clock);
    const identity = client({ tokenFile: path, iamEndpoint: iam.url, now: clock.now });
    rememberSecrets(await identity.getCredentials());
    identity.close();
    expect((await failure(identity.getCredentials())).code).toBe('ERR_CLIENT_CLOSED');
    expect((await failure(identity.getToken())).code).toBe('ERR_CLIENT_CLOSED');
  });
});

// Runs last (jest runs a file's tests in order): every log line and error seen above.
describe('no secret leaks', () => {
  test('no log line or error message contains a JWT, IAM token, secret key or security token', () => {
    expect(observed.secrets.size).toBeGreaterThan(20);
    expect(observed.logLines.length).toBeGreaterThan(50);
    expect(observed.errors.length).toBeGreaterThan(15);
    const levels = new Set(observed.logLines.map((l) => l.split(' ')[0]));
    expect([...levels].sort()).toEqual(['debug', 'error', 'info', 'warn']);
    const texts = [...observed.logLines, ...observed.errors.map((e) => errorText(e))];
    const leaks: string[] = [];
    for (const secret of observed.secrets) {
      for (const text of texts) if (text.includes(secret)) leaks.push(`${secret.slice(0, 8)}… in ${text.slice(0, 120)}`);
    }
    expect(leaks).toEqual([]);
    // and nothing token-shaped at all
    for (const text of texts) expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
