/**
 * The runtime against hostile or broken endpoints, on real loopback servers (127.0.0.1, each
 * stopped by the test that starts it): oversized error and success bodies, redirects, refused
 * connections, TLS and header failures. Every failure is a coded WorkloadIdentityError whose
 * `retryable` says whether the retry loop tried again, and no answer is read past its cap.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IamEndpointError, WorkloadIdentityCredentials, WorkloadIdentityError, type WorkloadIdentityCredentialsOptions,
} from '../../lib/runtime';
import { EXCERPT_WINDOW, excerpt as boundedExcerpt } from '../../lib/contract/excerpt';
import { MAX_SUCCESS_BODY_BYTES } from '../../lib/runtime/http-attempt';

const JWT = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from(
  JSON.stringify({ sub: 'system:serviceaccount:default:oidc-token', exp: 4102444800 }),
).toString('base64url')}.${'s'.repeat(60)}`;

let dir: string;
let tokenFile: string;
const servers: Server[] = [];
const clients: WorkloadIdentityCredentials[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wi-hostile-'));
  tokenFile = join(dir, 'token');
  await writeFile(tokenFile, JWT);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  })));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A loopback server answering every request with `handler`; counts requests. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

function client(iamEndpoint: string, extra: Partial<WorkloadIdentityCredentialsOptions> = {}): WorkloadIdentityCredentials {
  const identity = new WorkloadIdentityCredentials({
    env: {},
    providerName: 'workload_identity',
    tokenFile,
    projectId: '0123456789abcdef0123456789abcdef',
    iamEndpoint,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
  clients.push(identity);
  return identity;
}

function containerClient(uri: string): WorkloadIdentityCredentials {
  const identity = new WorkloadIdentityCredentials({
    env: {},
    containerCredentialsUri: uri,
    containerAuthorizationTokenFile: tokenFile,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  });
  clients.push(identity);
  return identity;
}

async function failure(promise: Promise<unknown>): Promise<WorkloadIdentityError> {
  try {
    await promise;
  } catch (error) {
    return error as WorkloadIdentityError;
  }
  throw new Error('expected a rejection');
}

/**
 * Writes `chunk` again and again (with back-pressure) until the client closes the connection or
 * `limit` bytes are written. Resolves (through `outcome`) with the bytes written and whether the
 * connection closed before the end: the test never allocates what it sends.
 */
function flood(res: ServerResponse, limit: number, outcome: (result: { written: number; closedEarly: boolean }) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let written = 0;
  res.on('close', () => outcome({ written, closedEarly: !res.writableFinished }));
  const pump = (): void => {
    while (written < limit && !res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

describe('oversized answers', () => {
  test.each([
    [503, 'ERR_IAM_SERVER_ERROR', true, 3],
    [400, 'ERR_IAM_REJECTED', false, 1],
  ])('an 8 MB error body (HTTP %i) is %s, read only up to its cap, retried only when the status says so', async (status, code, retryable, n) => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      flood(res, 8 * 1024 * 1024, () => undefined);
    });
    const error = await failure(client(url).getToken());
    expect(error).toBeInstanceOf(WorkloadIdentityError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message.length).toBeLessThan(1000);
    expect(requests()).toBe(n);
  });

  test('a success body that never ends is refused at the cap with ERR_IAM_RESPONSE_TOO_LARGE, not retried; the connection is closed', async () => {
    const LIMIT = 16 * MAX_SUCCESS_BODY_BYTES; // only so that a client that never stops reading cannot run the test out of memory
    let resolveOutcome: (result: { written: number; closedEarly: boolean }) => void = () => undefined;
    const outcome = new Promise<{ written: number; closedEarly: boolean }>((resolve) => {
      resolveOutcome = resolve;
    });
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(201, { 'x-subject-token': 'T'.repeat(60), 'content-type': 'application/json' });
      flood(res, LIMIT, resolveOutcome);
    });
    const error = await failure(client(url).getToken());
    expect(error).toBeInstanceOf(IamEndpointError);
    expect(error.code).toBe('ERR_IAM_RESPONSE_TOO_LARGE');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`over the ${MAX_SUCCESS_BODY_BYTES}-byte limit`);
    expect(error.message).toContain(`127.0.0.1:${new URL(url).port}`);
    expect(requests()).toBe(1);
    const { written, closedEarly } = await outcome;
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(LIMIT);
  });

  test('a success body declared larger than the cap is refused before reading it', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(201, { 'x-subject-token': 'T'.repeat(60), 'content-length': String(400 * 1024 * 1024) });
      res.write('{"token":'); // and never the rest
    });
    const error = await failure(client(url, { requestTimeoutMs: 30_000 }).getToken());
    expect(error.code).toBe('ERR_IAM_RESPONSE_TOO_LARGE');
    expect(error.message).toContain(`(it declares ${400 * 1024 * 1024})`);
  });

  test('headers over Node\'s limit are ERR_IAM_RESPONSE_TOO_LARGE, not retried', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(201, { 'x-subject-token': 'T'.repeat(100_000) });
      res.end('{}');
    });
    const error = await failure(client(url).getToken());
    expect(error.code).toBe('ERR_IAM_RESPONSE_TOO_LARGE');
    expect(error.message).toMatch(/headers over Node's size limit \(UND_ERR_HEADERS_OVERFLOW/);
    expect(requests()).toBe(1);
  });
});

describe('redirects are named, never followed', () => {
  test.each([
    ['IAM', (url: string) => client(url).getToken()],
    ['the container credentials endpoint', (url: string) => containerClient(`${url}/v1/credentials`).getCredentials()],
  ])('%s redirecting to another origin → ERR_IAM_REDIRECTED with the target origin, not its path or query', async (what, call) => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(307, { location: 'https://elsewhere.example:8443/v3.0/steal?id_token=QUERYSECRET' });
      res.end();
    });
    const error = await failure(call(url));
    expect(error).toBeInstanceOf(IamEndpointError);
    expect(error.code).toBe('ERR_IAM_REDIRECTED');
    expect(error.retryable).toBe(false);
    expect((error as IamEndpointError).redirectOrigin).toBe('https://elsewhere.example:8443');
    expect(error.message).toContain(`${what} at 127.0.0.1:${new URL(url).port} answered HTTP 307 redirecting to https://elsewhere.example:8443`);
    expect(error.message).not.toMatch(/QUERYSECRET|steal/);
    expect(requests()).toBe(1);
  });
});

describe('connection failures name the system error and host:port', () => {
  test('a refused connection is ERR_IAM_UNREACHABLE with ECONNREFUSED, retried', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await failure(client(`http://127.0.0.1:${port}`).getToken());
    expect(error.code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`IAM at 127.0.0.1:${port} is unreachable (ECONNREFUSED: connection refused`);
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect((error as unknown as { attempts: number }).attempts).toBe(3);
  });

  test('https to a plain-http server is ERR_IAM_TLS_FAILED, not retried', async () => {
    const { url, requests } = await serve((_req, res) => res.end('{}'));
    const error = await failure(client(url.replace('http:', 'https:')).getToken());
    expect(error).toBeInstanceOf(IamEndpointError);
    expect(error.code).toBe('ERR_IAM_TLS_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(new RegExp(`TLS handshake with IAM at 127\\.0\\.0\\.1:${new URL(url).port} failed \\((ERR_SSL_|EPROTO)`));
    expect(requests()).toBe(0);
  });

  test('a connection cut in the middle of the answer is ERR_IAM_UNREACHABLE, retried', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(201, { 'x-subject-token': 'T'.repeat(60), 'content-length': '1000' });
      res.write('{"token":', () => res.socket?.destroy());
    });
    const error = await failure(client(url).getToken());
    expect(error.code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.message).toMatch(/while reading the answer/);
    expect(requests()).toBe(3);
  });
});

test('whatever a custom fetch throws or returns, the rejection is a coded WorkloadIdentityError (ERR_INTERNAL), redacted', async () => {
  const secret = 'SeCrEt0123456789abcdefSeCrEt0123456789ab';
  const weird = (async () => ({ status: 201, secret })) as unknown as typeof globalThis.fetch;
  const error = await failure(client('https://iam.cn-north-4.myhuaweicloud.com', { fetch: weird }).getToken());
  expect(error).toBeInstanceOf(WorkloadIdentityError);
  expect(error.code).toBe('ERR_INTERNAL');
  expect(error.retryable).toBe(false);
  expect(error.message).toMatch(/^unexpected TypeError while obtaining IAM token/);
  const thrower = (async () => {
    throw new RangeError(`boom ${secret}`);
  }) as unknown as typeof globalThis.fetch;
  const thrown = await failure(client('https://iam.cn-north-4.myhuaweicloud.com', { fetch: thrower }).getToken());
  expect(thrown).toBeInstanceOf(WorkloadIdentityError);
  expect(thrown.message).not.toContain(secret);
  expect(String((thrown.cause as Error).message)).not.toContain(secret);
});

describe('boundedExcerpt: excerpts of text of any length', () => {
  test('redacts only a bounded head, and never shows the head of a word cut at the window', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789';
    // the live secret straddles the window: its first 10 characters are inside, the rest outside
    const text = `${'word '.repeat((EXCERPT_WINDOW - 10) / 5)}${secret} ${'x'.repeat(8 * 1024 * 1024)}`;
    const shown = boundedExcerpt(text, [secret], 100_000);
    expect(shown).not.toContain(secret.slice(0, 10));
    expect(shown.endsWith(`word [REDACTED]…`)).toBe(true);
    expect(boundedExcerpt('x'.repeat(8 * 1024 * 1024))).toBe('[REDACTED]…');
  });
});
