/**
 * The container-credentials source (CCE pod identity) of WorkloadIdentityCredentials, against a
 * scripted credentials endpoint on 127.0.0.1: source detection, the request the SDKs send, both
 * answer shapes, the token file read for every request, caching and single flight, refresh ahead
 * of expiry, retries, outage behaviour, error codes and redaction.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  CredentialSource, WorkloadIdentityCredentials, isWorkloadIdentityError,
  type SdkCredentialsLike, type WorkloadIdentityCredentialsOptions, type WorkloadIdentityError,
} from '../../lib/runtime';
import { detectCredentialSource, isLinkLocalHost, normalizeCredentialsUri } from '../../lib/runtime/container-credentials';
import { Recorder } from '../support/time';

const jwt = (sub: string, exp = 4102444800): string =>
  `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.` +
  `${Buffer.from(JSON.stringify({ sub, aud: ['service.cce.pods'], exp })).toString('base64url')}.${'s'.repeat(60)}`;
const TOKEN_A = jwt('system:serviceaccount:default:oidc-token');
const TOKEN_B = jwt('system:serviceaccount:default:oidc-token', 4102444801);
const SECRET = 'SeCrEt0123456789abcdefSeCrEt0123456789ab';
const SECURITY_TOKEN = `gQpjbi1ub3J0aC00${'x'.repeat(100)}`;

interface Seen { readonly method: string; readonly path: string; readonly headers: IncomingMessage['headers']; readonly body: string }
type Reply = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

let dir: string;
let tokenFile: string;
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let script: (n: number) => Reply = () => ({ status: 200, body: {} });
const lines = new Recorder<string>();
const errors: unknown[] = [];

/** The clock the client and the endpoint share (the endpoint dates its answers with it). */
let clock = Date.parse('2026-01-01T00:00:00Z');
const now = (): number => clock;

const ccesShape = (lifetimeMs = 3600_000, ak = 'AKPODIDENTITY0000001'): Reply => ({
  status: 200,
  body: {
    assumedAgency: { urn: 'sts::0123:assumed-agency:a/s', id: 'x:s' },
    audience: 'service.cce.pods',
    credentials: { accessKeyId: ak, secretAccessKey: SECRET, securityToken: SECURITY_TOKEN, expiration: new Date(clock + lifetimeMs).toISOString() },
    podIdentityAssociationId: 'assoc-1',
    subject: { namespace: 'default', serviceAccount: 'oidc-token' },
  },
});
const iamShape = (lifetimeMs = 3600_000): Reply => ({
  status: 200,
  body: {
    credential: {
      access: 'AKPODIDENTITY0000002',
      secret: SECRET,
      securitytoken: SECURITY_TOKEN,
      expires_at: new Date(clock + lifetimeMs).toISOString().replace('Z', '000Z'),
    },
  },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wi-container-'));
  tokenFile = join(dir, 'token');
  await writeFile(tokenFile, `${TOKEN_A}\n`);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = script(seen.length);
      if (reply === 'hang') return; // never answers (timeout test)
      const payload = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', date: new Date(clock).toUTCString(), ...reply.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
  // Nothing secret in any log line or error message seen in this file.
  const texts = [...lines, ...errors.map((e) => `${(e as Error).message} ${String((e as Error).cause ?? '')}`)];
  for (const text of texts) {
    for (const secret of [TOKEN_A, TOKEN_B, SECRET, SECURITY_TOKEN]) expect(text).not.toContain(secret);
  }
});

beforeEach(async () => {
  seen = [];
  clock = Date.parse('2026-01-01T00:00:00Z');
  await writeFile(tokenFile, `${TOKEN_A}\n`);
});

function env(): Record<string, string> {
  return { HC_CONTAINER_CREDENTIALS_FULL_URI: `${baseUrl}/v1/credentials`, HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile };
}

const clients: WorkloadIdentityCredentials[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function make(extra: Partial<WorkloadIdentityCredentialsOptions> = {}): WorkloadIdentityCredentials {
  const client = new WorkloadIdentityCredentials({
    env: env(),
    now,
    backgroundRefresh: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    logger: { debug: (l) => lines.push(l), info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) },
    ...extra,
  });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<WorkloadIdentityError> {
  const error = await promise.then(() => { throw new Error('expected rejection'); }, (e: unknown) => e);
  errors.push(error);
  return error as WorkloadIdentityError;
}

describe('source selection', () => {
  test('container credentials when both HC_CONTAINER_* are set and the OIDC variables are not', () => {
    expect(detectCredentialSource({ env: env() })).toBe(CredentialSource.CONTAINER_CREDENTIALS);
    expect(make().source).toBe(CredentialSource.CONTAINER_CREDENTIALS);
    expect(make().config).toEqual({ source: 'container-credentials', credentialsUri: `${baseUrl}/v1/credentials`, tokenFile });
  });

  test('OIDC federation when an OIDC variable or option is present, or an HC_CONTAINER_* variable is missing', () => {
    expect(detectCredentialSource({ env: { ...env(), HUAWEICLOUD_SDK_IDP_ID: 'workload_identity' } })).toBe(CredentialSource.OIDC_FEDERATION);
    expect(detectCredentialSource({ env: { ...env(), HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/t' } })).toBe(CredentialSource.OIDC_FEDERATION);
    expect(detectCredentialSource({ env: env(), idpId: 'x' })).toBe(CredentialSource.OIDC_FEDERATION);
    expect(detectCredentialSource({ env: { HC_CONTAINER_CREDENTIALS_FULL_URI: `${baseUrl}/x` } })).toBe(CredentialSource.OIDC_FEDERATION);
    expect(detectCredentialSource({ env: { HC_CONTAINER_CREDENTIALS_FULL_URI: ' ', HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile } }))
      .toBe(CredentialSource.OIDC_FEDERATION);
    expect(detectCredentialSource({ env: {}, containerCredentialsUri: `${baseUrl}/x`, containerAuthorizationTokenFile: tokenFile }))
      .toBe(CredentialSource.CONTAINER_CREDENTIALS);
  });

  test('an explicit source wins; a missing variable of the chosen source is CONFIG_INVALID naming it', () => {
    const error = (() => {
      try {
        make({ env: {}, source: CredentialSource.CONTAINER_CREDENTIALS });
      } catch (e) {
        return e as WorkloadIdentityError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('ERR_CONFIG_INVALID');
    expect(error?.message).toMatch(/HC_CONTAINER_CREDENTIALS_FULL_URI.*HC_CONTAINER_AUTHORIZATION_TOKEN_FILE/);
    expect(() => make({ source: CredentialSource.OIDC_FEDERATION })).toThrow(/HUAWEICLOUD_SDK_IDP_ID/);
  });
});

describe('endpoint rule: https, or http on loopback and link-local hosts only', () => {
  test.each([
    ['https://credentials.example.com/v1/credentials', true],
    ['http://127.0.0.1:8080/v1/credentials', true],
    ['http://localhost/v1/credentials', true],
    ['http://[::1]:80/x', true],
    ['http://169.254.170.2/v1/credentials', true],
    ['http://[fe80::1]/v1/credentials', true],
    ['http://10.0.0.1/v1/credentials', false],
    ['http://169.254.example.com/x', false],
    ['http://169.255.0.1/x', false],
    ['http://credentials.example.com/x', false],
    ['ftp://127.0.0.1/x', false],
    ['http://user:pw@127.0.0.1/x', false],
    ['/v1/credentials', false],
  ])('%s → %s', (uri, ok) => {
    if (ok) expect(normalizeCredentialsUri(uri)).toBe(new URL(uri).href);
    else expect(() => normalizeCredentialsUri(uri)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }) as unknown as Error);
  });

  test('isLinkLocalHost takes canonical literals only', () => {
    expect(isLinkLocalHost('169.254.0.1')).toBe(true);
    expect(isLinkLocalHost('169.254.01.1')).toBe(false);
    expect(isLinkLocalHost('[fe80::a:b]')).toBe(true);
    expect(isLinkLocalHost('[fec0::1]')).toBe(false);
  });

  test('a plain-http endpoint off the node is refused at construction', () => {
    expect(() => make({ env: { ...env(), HC_CONTAINER_CREDENTIALS_FULL_URI: 'http://credentials.example.com/v1/credentials' } })).toThrow(/https/);
  });
});

describe('the request and its answer', () => {
  test('POSTs {} with Authorization = the trimmed token file, and reads the CCE shape', async () => {
    script = () => ccesShape();
    const credentials = await make().getCredentials();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.path).toBe('/v1/credentials');
    expect(seen[0]!.headers.authorization).toBe(TOKEN_A);
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(seen[0]!.body)).toEqual({});
    expect(credentials).toEqual({
      accessKey: 'AKPODIDENTITY0000001',
      secretKey: SECRET,
      securityToken: SECURITY_TOKEN,
      expiresAt: new Date(clock + 3600_000),
    });
  });

  test('reads IAM\'s {"credential":{access,secret,securitytoken,expires_at}} shape too', async () => {
    script = () => iamShape();
    const credentials = await make().getCredentials();
    expect(credentials.accessKey).toBe('AKPODIDENTITY0000002');
    expect(credentials.secretKey).toBe(SECRET);
    expect(credentials.securityToken).toBe(SECURITY_TOKEN);
    expect(credentials.expiresAt.getTime()).toBe(clock + 3600_000);
  });

  test('2xx without the fields, or already expired → IAM_BAD_RESPONSE, not retried', async () => {
    script = () => ({ status: 200, body: { credentials: { accessKeyId: 'AK' } } });
    expect((await failure(make().getCredentials())).code).toBe('ERR_IAM_BAD_RESPONSE');
    expect(seen).toHaveLength(1);
    script = () => ccesShape(-1000);
    expect((await failure(make().getCredentials())).message).toMatch(/already expired/);
  });

  test('console.log of the credentials hides the secret key and the security token', async () => {
    script = () => ccesShape();
    const text = inspect(await make().getCredentials());
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECURITY_TOKEN);
    expect(text).toContain('[REDACTED]');
  });

  test('getToken, authHeaders and fetch need an IAM token, which pod identity does not give → CONFIG_INVALID', async () => {
    const client = make();
    for (const call of [client.getToken(), client.authHeaders(), client.fetch('https://ecs.cn-north-4.myhuaweicloud.com/')]) {
      const error = await failure(call);
      expect(error.code).toBe('ERR_CONFIG_INVALID');
      expect(error.message).toMatch(/getCredentials\(\)/);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('caching, refresh and the token file', () => {
  test('concurrent callers share one request; cached calls make none', async () => {
    script = () => ccesShape();
    const client = make();
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => client.getCredentials()));
    expect(new Set(all).size).toBe(1);
    expect(seen).toHaveLength(1);
    await client.getCredentials();
    expect(seen).toHaveLength(1);
  });

  test('the token file is read for every request (a rotated token is sent next time)', async () => {
    script = () => ccesShape();
    const client = make();
    await client.getCredentials();
    await writeFile(tokenFile, TOKEN_B);
    await client.refresh();
    expect(seen.map((s) => s.headers.authorization)).toEqual([TOKEN_A, TOKEN_B]);
  });

  test('refresh ahead of expiry: in the refresh window the cached value is served and one background request is made', async () => {
    script = () => ccesShape(3600_000, `AKPODIDENTITY${String(seen.length).padStart(7, '0')}`);
    const client = make();
    const before = lines.length;
    const first = await client.getCredentials();
    clock += 50 * 60_000; // 10 minutes left: inside the 15-minute refresh window
    expect(await client.getCredentials()).toBe(first);
    await lines.until((all) => seen.length === 2 && all.slice(before).filter((l) => l.includes('obtained temporary credentials')).length === 2);
    expect(seen).toHaveLength(2);
    expect((await client.getCredentials()).accessKey).toBe('AKPODIDENTITY0000002');
  });

  test('retries 503 and 429 (Retry-After), then succeeds', async () => {
    script = (n) =>
      n === 1 ? { status: 503, body: { error_msg: 'busy' } } : n === 2 ? { status: 429, body: {}, headers: { 'retry-after': '0' } } : ccesShape();
    await make().getCredentials();
    expect(seen).toHaveLength(3);
    expect(lines.some((l) => /container credentials request attempt 1\/4 failed \(ERR_IAM_SERVER_ERROR/.test(l))).toBe(true);
  });

  test('a request that hangs times out and is retried', async () => {
    script = (n) => (n === 1 ? 'hang' : ccesShape());
    await make({ requestTimeoutMs: 50 }).getCredentials();
    expect(seen).toHaveLength(2);
  });

  test('outage: a still-valid value keeps being served; past the margin → CREDENTIALS_EXPIRED with the cause', async () => {
    script = () => ccesShape();
    const client = make({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const first = await client.getCredentials();
    script = () => ({ status: 503, body: { error_msg: 'down' } });
    clock += 50 * 60_000;
    expect(await client.getCredentials()).toBe(first);
    await lines.until((all) => all.some((l) => /still serving the cached temporary credentials/.test(l)));
    clock += 6 * 60_000; // 4 minutes left: inside the 5-minute expiry margin
    const error = await failure(client.getCredentials());
    expect(error.code).toBe('ERR_CREDENTIALS_EXPIRED');
    expect(isWorkloadIdentityError(error.cause, 'ERR_IAM_SERVER_ERROR')).toBe(true);
  });
});

describe('refusals', () => {
  test.each([
    [401, 'ERR_TOKEN_REJECTED', /refused the token/],
    [403, 'ERR_NOT_ADMITTED', /pod identity association/],
    [404, 'ERR_NOT_ADMITTED', /system:serviceaccount:default:oidc-token/],
    [400, 'ERR_IAM_REJECTED', /rejected the request/],
  ])('HTTP %i → %s, not retried', async (status, code, message) => {
    script = () => ({ status, body: { error_msg: `no: ${TOKEN_A}`, error_code: 'CCE.01400001' } });
    const error = await failure(make().getCredentials());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(status);
    expect(error.message).not.toContain(TOKEN_A);
    expect(seen).toHaveLength(1);
  });

  test('an expired token file → TOKEN_EXPIRED whatever the status', async () => {
    await writeFile(tokenFile, jwt('system:serviceaccount:default:oidc-token', 1_000));
    script = () => ({ status: 401, body: {} });
    expect((await failure(make().getCredentials())).code).toBe('ERR_TOKEN_EXPIRED');
  });

  test('a missing token file → TOKEN_FILE_MISSING before any request', async () => {
    const error = await failure(make({ env: { ...env(), HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(dir, 'absent') } }).getCredentials());
    expect(error.code).toBe('ERR_TOKEN_FILE_MISSING');
    expect(seen).toHaveLength(0);
  });

  test('an unreachable endpoint → IAM_UNREACHABLE naming the container credentials endpoint', async () => {
    const error = await failure(make({ env: { ...env(), HC_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/v1/credentials' }, retry: { maxAttempts: 1 } }).getCredentials());
    expect(error.code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.message).toMatch(/container credentials endpoint at 127\.0\.0\.1:1 is unreachable/);
  });
});

describe('sdkCredentials: the Node SDK signs with these credentials', () => {
  /** The methods of @huaweicloud/huaweicloud-sdk-core's BaseCredentials the wrapper relies on. */
  class FakeSdkCredentials implements SdkCredentialsLike {
    ak?: string;
    sk?: string;
    securityToken?: string;
    signedWith: string[] = [];
    withAk(ak: string): this {
      this.ak = ak;
      return this;
    }
    withSk(sk: string): this {
      this.sk = sk;
      return this;
    }
    withSecurityToken(t: string): this {
      this.securityToken = t;
      return this;
    }
    async processAuthRequest(_client: unknown, request: unknown): Promise<unknown> {
      this.signedWith.push(`${this.ak}/${this.sk === SECRET}`);
      return request;
    }
    async processAuthParams(): Promise<unknown> {
      return this;
    }
  }

  test('every request is signed with the current cached credentials', async () => {
    script = () => ccesShape(3600_000, `AKPODIDENTITY${String(seen.length).padStart(7, '0')}`);
    const client = make();
    const sdk = client.sdkCredentials(new FakeSdkCredentials());
    await sdk.processAuthParams();
    await sdk.processAuthRequest({}, {});
    await sdk.processAuthRequest({}, {});
    expect(seen).toHaveLength(1);
    await client.refresh();
    await sdk.processAuthRequest({}, {});
    expect(sdk.signedWith).toEqual(['AKPODIDENTITY0000001/true', 'AKPODIDENTITY0000001/true', 'AKPODIDENTITY0000002/true']);
    expect(sdk.securityToken).toBe(SECURITY_TOKEN);
  });

  test('refuses an object that is not SDK credentials, and binding twice', () => {
    const client = make();
    expect(() => client.sdkCredentials({} as SdkCredentialsLike)).toThrow(/withAk/);
    const sdk = client.sdkCredentials(new FakeSdkCredentials());
    expect(() => client.sdkCredentials(sdk)).toThrow(/already bound/);
  });
});
