/**
 * The one file reader of the runtime and the command (lib/io/safe-read.ts): only regular
 * files, bounded size, bounded time; and the projected token file read through it never hangs
 * getCredentials() nor leaves a hung load for the next caller to join.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkloadIdentityCredentials, type WorkloadIdentityError } from '../../lib/runtime';
import { readRegularFile, readRegularFileSync, UnsafeFileError } from '../../lib/io/safe-read';
import { readTokenFile, TOKEN_FILE_MAX_BYTES } from '../../lib/runtime/token-file';
import { systemTimers } from '../../lib/runtime/clock';

/** The async reader's time limit and timers, where a test does not care. */
const ASYNC = { timeoutMs: 10_000, timers: systemTimers };

const JWT = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from(
  JSON.stringify({ sub: 'system:serviceaccount:default:oidc-token', exp: 4102444800 }),
).toString('base64url')}.${'s'.repeat(60)}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wi-safe-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('readRegularFileSync / readRegularFile', () => {
  test('read a regular file, sync and async', async () => {
    const path = join(dir, 'plain');
    await writeFile(path, 'hello');
    expect(readRegularFileSync(path, { maxBytes: 5 })).toBe('hello');
    await expect(readRegularFile(path, { maxBytes: 5, ...ASYNC })).resolves.toBe('hello');
  });

  test('a FIFO, a directory, a character device and a socket are refused by name, without blocking', async () => {
    const pipe = fifo('pipe');
    const directory = join(dir, 'dir');
    await mkdir(directory);
    const socketPath = join(dir, 'sock');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      for (const [path, what] of [[pipe, 'a FIFO (named pipe)'], [directory, 'a directory'], ['/dev/null', 'a character device'],
        [socketPath, 'a socket']] as const) {
        const sync = (() => {
          try {
            readRegularFileSync(path, { maxBytes: 100 });
          } catch (error) {
            return error;
          }
          return undefined;
        })();
        expect(sync).toBeInstanceOf(UnsafeFileError);
        expect(sync).toMatchObject({ code: 'ERR_FILE_NOT_REGULAR', path });
        expect((sync as Error).message).toContain(`${path} is ${what}, not a regular file`);
        await expect(readRegularFile(path, { maxBytes: 100, ...ASYNC })).rejects.toMatchObject({ code: 'ERR_FILE_NOT_REGULAR', path });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a file larger than the cap is refused naming the file and the cap', async () => {
    const path = join(dir, 'big');
    await writeFile(path, 'x'.repeat(101));
    expect(() => readRegularFileSync(path, { maxBytes: 100 })).toThrow(`${path} is larger than 100 bytes`);
    await expect(readRegularFile(path, { maxBytes: 100, ...ASYNC })).rejects.toMatchObject({ code: 'ERR_FILE_TOO_LARGE' });
    expect(readRegularFileSync(path, { maxBytes: 101 })).toHaveLength(101);
  });

  test('operating-system errors keep their code', async () => {
    expect(() => readRegularFileSync(join(dir, 'nope'), { maxBytes: 1 })).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    await expect(readRegularFile(join(dir, 'nope'), { maxBytes: 1, ...ASYNC })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a read that does not finish is given up after timeoutMs; the next read is not affected', async () => {
    const path = join(dir, 'stuck');
    await writeFile(path, 'fine');
    // A stuck volume: open() never returns.
    let stuck: typeof readRegularFile | undefined;
    jest.isolateModules(() => {
      jest.doMock('node:fs/promises', () => ({ ...jest.requireActual('node:fs/promises'), open: () => new Promise(() => undefined) }));
      stuck = (jest.requireActual('../../lib/io/safe-read') as { readRegularFile: typeof readRegularFile }).readRegularFile;
    });
    jest.dontMock('node:fs/promises');
    await expect(stuck!(path, { maxBytes: 100, timeoutMs: 20, timers: systemTimers })).rejects.toMatchObject({
      code: 'ERR_FILE_READ_TIMEOUT',
      message: expect.stringContaining(`${path} could not be read within 20 ms`),
    });
    await expect(readRegularFile(path, { maxBytes: 100, ...ASYNC })).resolves.toBe('fine');
  });
});

describe('the projected token file', () => {
  test('a FIFO is ERR_TOKEN_FILE_UNREADABLE naming it; an oversized file too', async () => {
    const pipe = fifo('token-pipe');
    await expect(readTokenFile(pipe)).rejects.toMatchObject({
      code: 'ERR_TOKEN_FILE_UNREADABLE',
      path: pipe,
      message: `ServiceAccount token file ${pipe} is a FIFO (named pipe), not a regular file: only regular files are read (reading a pipe or a `
        + 'device can wait for ever). Fix: write the content to a regular file and give its path',
    });
    const big = join(dir, 'token-big');
    await writeFile(big, `${JWT}${' '.repeat(TOKEN_FILE_MAX_BYTES)}`);
    await expect(readTokenFile(big)).rejects.toMatchObject({ code: 'ERR_TOKEN_FILE_UNREADABLE', message: expect.stringContaining('larger than') });
  });

  test('getCredentials() with a FIFO as the token file fails, and the next call reads the file again (no hung load to join)', async () => {
    const tokenFile = fifo('token');
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return calls === 1
        ? new Response(JSON.stringify({ token: { expires_at: new Date(Date.now() + 86_400_000).toISOString() } }), {
          status: 201, headers: { 'X-Subject-Token': `MIIEMU${'t'.repeat(80)}` },
        })
        : new Response(JSON.stringify({ credential: { access: 'AKAKAKAKAKAKAKAKAKAK', secret: 'S'.repeat(40), securitytoken: 'x'.repeat(100),
          expires_at: new Date(Date.now() + 3600_000).toISOString() } }), { status: 201 });
    }) as typeof globalThis.fetch;
    const identity = new WorkloadIdentityCredentials({
      env: {}, providerName: 'workload_identity', tokenFile, projectId: '0123456789abcdef0123456789abcdef',
      iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com', fetch, retry: { maxAttempts: 1 },
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    try {
      const error = (await identity.getCredentials().catch((e: unknown) => e)) as WorkloadIdentityError;
      expect(error.code).toBe('ERR_TOKEN_FILE_UNREADABLE');
      expect(error.message).toContain(`${tokenFile} is a FIFO (named pipe)`);
      expect(calls).toBe(0);
      await unlink(tokenFile);
      await writeFile(tokenFile, JWT);
      await expect(identity.getCredentials()).resolves.toMatchObject({ accessKey: 'AKAKAKAKAKAKAKAKAKAK' });
      expect(calls).toBe(2);
    } finally {
      identity.close();
    }
  });
});
