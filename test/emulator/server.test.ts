import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';
import { FakeClock } from '../support/fake-clock';
import {
  PROVIDER,
  SUBJECT,
  idTokenBody,
  makeKey,
  postJson,
  securityTokenBody,
  terraformFixture,
  tokenFor,
  unsignedCopy,
  type TestKey,
} from './helpers';

const ID_TOKEN = '/v3.0/OS-AUTH/id-token/tokens';
const SECURITY = '/v3.0/OS-CREDENTIAL/securitytokens';

let key: TestKey;
let emulator: IamEmulator;
const clock = new FakeClock(Date.now());
const lines: string[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  key = await makeKey('k1');
  emulator = await startIamEmulator({
    terraform: [
      terraformFixture({ keys: [key.publicJwk] }),
      terraformFixture({ keys: [key.publicJwk], name: 'disabled_idp', logicalId: 'p2', status: false }),
    ],
    now: clock.now,
    log: (line) => lines.push(line),
  });
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  clock.nowMs = Date.now();
});

async function exchange(jwt: string, idp = PROVIDER, scope?: Record<string, unknown>) {
  const response = await postJson(emulator.url + ID_TOKEN, idTokenBody(jwt, scope), { 'X-Idp-Id': idp });
  secrets.push(jwt);
  const subjectToken = response.headers.get('x-subject-token');
  if (subjectToken) secrets.push(subjectToken);
  return { ...response, subjectToken };
}

async function credentials(authToken: string | undefined, duration?: number) {
  const response = await postJson(emulator.url + SECURITY, securityTokenBody(duration), authToken ? { 'X-Auth-Token': authToken } : {});
  const credential = response.body.credential as Record<string, string> | undefined;
  if (credential) secrets.push(credential.secret, credential.securitytoken);
  return response;
}

describe('IAM id-token API', () => {
  test('unscoped exchange answers 201 with X-Subject-Token and an IAM-shaped body', async () => {
    const before = emulator.stats.idTokenExchanges;
    const response = await exchange(await tokenFor(key));
    expect(response.status).toBe(201);
    expect(response.subjectToken).toMatch(/^MIIEMU/);
    const token = response.body.token as Record<string, unknown>;
    expect(token).toMatchObject({
      methods: ['mapped'],
      user: {
        name: 'test',
        'OS-FEDERATION': { identity_provider: { id: PROVIDER }, protocol: { id: 'oidc' }, groups: [{ name: 'demo' }] },
      },
      catalog: [],
      roles: [],
    });
    expect(token.project).toBeUndefined();
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(token.expires_at as string) - Date.parse(token.issued_at as string)).toBe(86400_000);
    expect(emulator.stats.idTokenExchanges).toBe(before + 1);
  });

  test('a project scope is echoed in the token', async () => {
    const response = await exchange(await tokenFor(key), PROVIDER, { project: { id: 'p-123', name: 'cn-north-4' } });
    expect((response.body.token as Record<string, unknown>).project).toMatchObject({ id: 'p-123', name: 'cn-north-4' });
  });

  test.each<[string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, string]>([
    ['unknown provider', async () => exchange(await tokenFor(key), 'nope'), 404, 'IAM.IdpNotFound'],
    ['disabled provider', async () => exchange(await tokenFor(key), 'disabled_idp'), 403, 'IAM.IdpDisabled'],
    ['missing X-Idp-Id', async () => postJson(emulator.url + ID_TOKEN, idTokenBody(await tokenFor(key))), 400, 'IAM.IdpIdMissing'],
    ['missing id token', async () => postJson(emulator.url + ID_TOKEN, { auth: {} }, { 'X-Idp-Id': PROVIDER }), 400, 'IAM.RequestBodyInvalid'],
    ['non-JSON body', async () => {
      const r = await fetch(emulator.url + ID_TOKEN, { method: 'POST', headers: { 'X-Idp-Id': PROVIDER }, body: '{nope' });
      return { status: r.status, body: await r.json() as Record<string, unknown> };
    }, 400, 'IAM.RequestBodyInvalid'],
    ['bad scope', async () => exchange(await tokenFor(key), PROVIDER, { project: {} }), 400, 'IAM.RequestBodyInvalid'],
    ['another ServiceAccount', async () => exchange(await tokenFor(key, { serviceAccountName: 'other' })), 403, 'IAM.MappingNoMatch'],
    ['alg none', async () => exchange(unsignedCopy(await tokenFor(key))), 401, 'IAM.IdTokenAlgorithmNotAllowed'],
    ['wrong method', async () => {
      const r = await fetch(emulator.url + ID_TOKEN);
      return { status: r.status, body: await r.json() as Record<string, unknown> };
    }, 405, 'IAM.MethodNotAllowed'],
    ['unknown API', async () => postJson(`${emulator.url}/v3/auth/tokens`, {}), 404, 'IAM.ApiNotFound'],
  ])('%s is denied with an IAM error body', async (_label, call, status, code) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error_code: code, error_msg: expect.any(String) });
  });

  test('the Keystone-style federation API (what the Node SDK calls) takes a Bearer id token', async () => {
    const jwt = await tokenFor(key);
    secrets.push(jwt);
    const ok = await fetch(`${emulator.url}/v3/OS-FEDERATION/identity_providers/${PROVIDER}/protocols/oidc/auth`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('x-subject-token')).toMatch(/^MIIEMU/);
    secrets.push(ok.headers.get('x-subject-token')!);
    const unknown = await fetch(`${emulator.url}/v3/OS-FEDERATION/identity_providers/nope/protocols/oidc/auth`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
    });
    expect(unknown.status).toBe(404);
    const noBearer = await fetch(`${emulator.url}/v3/OS-FEDERATION/identity_providers/${PROVIDER}/protocols/oidc/auth`, { method: 'POST' });
    expect(noBearer.status).toBe(400);
  });
});

describe('IAM security-token API', () => {
  test('exchanges an issued token for a temporary AK/SK/security token', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    const response = await credentials(subjectToken!, 3600);
    expect(response.status).toBe(201);
    const credential = response.body.credential as Record<string, string>;
    expect(credential.access).toMatch(/^[A-Z0-9]{20}$/);
    expect(credential.secret).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(credential.securitytoken.length).toBeGreaterThan(100);
    expect(Date.parse(credential.expires_at) - clock.nowMs).toBeGreaterThan(3599_000);
    expect(Date.parse(credential.expires_at) - clock.nowMs).toBeLessThanOrEqual(3600_000);
  });

  test('defaults to 900 s and enforces 900..86400', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    const defaulted = await credentials(subjectToken!);
    expect(Date.parse((defaulted.body.credential as Record<string, string>).expires_at) - clock.nowMs).toBeLessThanOrEqual(900_000);
    for (const bad of [899, 86401]) {
      const response = await credentials(subjectToken!, bad);
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe('IAM.DurationInvalid');
    }
    const fractional = await postJson(
      emulator.url + SECURITY,
      { auth: { identity: { methods: ['token'], token: { duration_seconds: 1000.5 } } } },
      { 'X-Auth-Token': subjectToken! },
    );
    expect(fractional.status).toBe(400);
  });

  test('the duration is capped by the IAM token remaining life', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    clock.nowMs += 86400_000 - 1000_000; // 1000 s of token life left
    const response = await credentials(subjectToken!, 7200);
    expect(response.status).toBe(201);
    expect(Date.parse((response.body.credential as Record<string, string>).expires_at) - clock.nowMs).toBe(1000_000);
  });

  test('missing, unknown and expired X-Auth-Token answer 401', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    expect((await credentials(undefined)).status).toBe(401);
    const unknown = await credentials('MIIEMUforged', 900);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error_code).toBe('IAM.AuthTokenInvalid');
    clock.nowMs += 86400_000 + 1;
    const expired = await credentials(subjectToken!, 900);
    expect(expired.status).toBe(401);
    expect(lines.at(-1)).toContain('expired at');
  });

  test('as IAM documents for federated users, only an unscoped token obtains credentials (a scoped one: 400)', async () => {
    const scoped = await exchange(await tokenFor(key), PROVIDER, { project: { id: '0123456789abcdef0123456789abcdef' } });
    expect(scoped.status).toBe(201);
    const refused = await credentials(scoped.subjectToken!, 900);
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe('IAM.AuthTokenScoped');
    expect(lines.at(-1)).toContain('check=auth-token');
    expect(lines.at(-1)).toContain('project-scoped');
    const domain = await exchange(await tokenFor(key), PROVIDER, { domain: { name: 'emulated-domain' } });
    expect((await credentials(domain.subjectToken!, 900)).body.error_code).toBe('IAM.AuthTokenScoped');
    const unscoped = await exchange(await tokenFor(key));
    expect((await credentials(unscoped.subjectToken!, 900)).status).toBe(201);
  });

  test('the token may come in the body (auth.identity.token.id), as the Go SDK sends it', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    const response = await postJson(emulator.url + SECURITY, {
      auth: { identity: { methods: ['token'], token: { id: subjectToken, duration_seconds: 900 } } },
    });
    expect(response.status).toBe(201);
    secrets.push((response.body.credential as Record<string, string>).secret);
  });

  test('methods must include "token"', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    const response = await postJson(emulator.url + SECURITY, { auth: { identity: { methods: ['password'] } } }, { 'X-Auth-Token': subjectToken! });
    expect(response.status).toBe(400);
  });
});

describe('failure injection', () => {
  test('failNext answers the given status the given number of times, then recovers', async () => {
    emulator.failNext(ID_TOKEN, 500, 2);
    const jwt = await tokenFor(key);
    expect((await exchange(jwt)).status).toBe(500);
    const second = await exchange(jwt);
    expect(second.status).toBe(500);
    expect(second.body).toEqual({ error_code: 'IAM.InjectedFailure', error_msg: 'Injected failure (HTTP 500).' });
    expect((await exchange(jwt)).status).toBe(201);
  });

  test('failNext only hits its path; "*" hits any; calls queue in order', async () => {
    const { subjectToken } = await exchange(await tokenFor(key));
    emulator.failNext(ID_TOKEN, 429);
    expect((await credentials(subjectToken!, 900)).status).toBe(201);
    emulator.failNext('*', 502);
    expect((await exchange(await tokenFor(key))).status).toBe(429);
    expect((await credentials(subjectToken!, 900)).status).toBe(502);
    expect((await credentials(subjectToken!, 900)).status).toBe(201);
  });

  test("failNext 'network' destroys the connection", async () => {
    emulator.failNext(SECURITY, 'network');
    await expect(fetch(emulator.url + SECURITY, { method: 'POST', body: '{}' })).rejects.toThrow();
    const { subjectToken } = await exchange(await tokenFor(key));
    expect((await credentials(subjectToken!, 900)).status).toBe(201);
  });

  test('setDown answers 503 or drops connections until lifted', async () => {
    const jwt = await tokenFor(key);
    emulator.setDown(503);
    const down = await exchange(jwt);
    expect(down.status).toBe(503);
    emulator.setDown('network');
    await expect(fetch(emulator.url + ID_TOKEN, { method: 'POST', body: '{}' })).rejects.toThrow();
    emulator.setDown(false);
    expect((await exchange(jwt)).status).toBe(201);
  });

  test('bad failNext arguments are refused', () => {
    expect(() => emulator.failNext('*', 200)).toThrow(EmulatorConfigError);
    expect(() => emulator.failNext('*', 500, 0)).toThrow(EmulatorConfigError);
  });
});

describe('operator log and decisions', () => {
  test('every denial is logged with its check, provider and sub, and no token or secret ever appears', async () => {
    const denied = emulator.decisions.filter((d) => d.outcome === 'denied');
    expect(denied.length).toBeGreaterThan(5);
    const mapping = denied.find((d) => d.code === 'IAM.MappingNoMatch')!;
    expect(mapping).toMatchObject({ check: 'mapping', provider: PROVIDER, subject: 'system:serviceaccount:default:other' });
    const line = lines.find((l) => l.includes('code=IAM.MappingNoMatch'))!;
    expect(line).toMatch(/^iam-emulator denied status=403 endpoint=\/v3\.0\/OS-AUTH\/id-token\/tokens provider=workload_identity sub=system:serviceaccount:default:other jti=\S+ iat=\d+ check=mapping code=IAM\.MappingNoMatch reason="no conversion rule matched/);
    expect(lines.filter((l) => l.startsWith('iam-emulator admitted')).length).toBeGreaterThan(5);
    expect(secrets.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      for (const l of lines) expect(l).not.toContain(secret);
    }
    // Also no JWT-looking or token-looking strings at all.
    for (const l of lines) {
      expect(l).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
      expect(l).not.toContain('MIIEMU');
    }
    expect(lines.some((l) => l.includes(SUBJECT))).toBe(true);
  });
});

describe('startup', () => {
  test('refuses non-loopback hosts unless allowed', async () => {
    await expect(startIamEmulator({ terraform: terraformFixture({ keys: [key.publicJwk] }), host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'ERR_EMULATOR_NON_LOOPBACK_HOST',
    });
    // The runtime's loopback rule: *.localhost and IPv4-mapped ::1 spellings are not loopback.
    for (const host of ['foo.localhost', '127.0.0.1.nip.io', '::ffff:127.0.0.1']) {
      await expect(startIamEmulator({ terraform: terraformFixture({ keys: [key.publicJwk] }), host })).rejects.toMatchObject({
        code: 'ERR_EMULATOR_NON_LOOPBACK_HOST',
      });
    }
  });

  test('listens on ::1 too and reports the URL with brackets', async () => {
    let ipv6: IamEmulator | undefined;
    try {
      ipv6 = await startIamEmulator({ terraform: terraformFixture({ keys: [key.publicJwk] }), host: '::1' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') return; // no IPv6 loopback here
      throw error;
    }
    try {
      expect(ipv6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    } finally {
      await ipv6.stop();
    }
  });

  test('rejects bad Terraform before listening', async () => {
    await expect(startIamEmulator({ terraform: { resource: { huaweicloud_identity_provider: [] } } })).rejects.toBeInstanceOf(EmulatorConfigError);
  });

  test('stop() closes the listeners', async () => {
    const temp = await startIamEmulator({ terraform: terraformFixture({ keys: [key.publicJwk] }) });
    await temp.stop();
    await expect(fetch(temp.url + ID_TOKEN, { method: 'POST' })).rejects.toThrow();
    await expect(fetch(temp.serviceUrl)).rejects.toThrow();
  });
});
