import { chmod, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUnverifiedClaims, readTokenFile, tokenFileReadError } from '../../lib/runtime/token-file';

const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(
  JSON.stringify({ sub: 'system:serviceaccount:a:b', exp: 2000000000, iss: 'https://k', nbf: 1 }),
).toString('base64url')}.c2ln`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wi-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTokenFile', () => {
  test('reads and trims', async () => {
    const path = join(dir, 'ok');
    await writeFile(path, `\n${jwt}\n`);
    await expect(readTokenFile(path)).resolves.toBe(jwt);
  });

  test('missing → TOKEN_FILE_MISSING, naming the path', async () => {
    const path = join(dir, 'nope');
    await expect(readTokenFile(path)).rejects.toMatchObject({ code: 'ERR_TOKEN_FILE_MISSING', path });
    await expect(readTokenFile(path)).rejects.toThrow(/projected token volume/);
  });

  test('empty → TOKEN_FILE_EMPTY', async () => {
    const path = join(dir, 'empty');
    await writeFile(path, ' \n');
    await expect(readTokenFile(path)).rejects.toMatchObject({ code: 'ERR_TOKEN_FILE_EMPTY' });
  });

  test('directory → TOKEN_FILE_UNREADABLE', async () => {
    const path = join(dir, 'adir');
    await mkdir(path);
    await expect(readTokenFile(path)).rejects.toMatchObject({ code: 'ERR_TOKEN_FILE_UNREADABLE' });
  });

  test('no permission → TOKEN_FILE_UNREADABLE (EACCES mapping)', async () => {
    expect(tokenFileReadError('/x', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toMatchObject({
      code: 'ERR_TOKEN_FILE_UNREADABLE',
      message: 'ServiceAccount token file /x cannot be read (EACCES)',
    });
    if (process.getuid?.() !== 0) {
      const path = join(dir, 'locked');
      await writeFile(path, jwt);
      await chmod(path, 0o000);
      await expect(readTokenFile(path)).rejects.toMatchObject({ code: 'ERR_TOKEN_FILE_UNREADABLE' });
    }
  });

  test('not a JWT → TOKEN_FILE_MALFORMED without echoing the content', async () => {
    const path = join(dir, 'garbage');
    await writeFile(path, 'this is not a jwt but a secret-ish thing');
    const error = (await readTokenFile(path).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'ERR_TOKEN_FILE_MALFORMED' });
    expect(error.message).not.toContain('secret-ish');
  });
});

test('decodeUnverifiedClaims', () => {
  expect(decodeUnverifiedClaims(jwt)).toEqual({ sub: 'system:serviceaccount:a:b', exp: 2000000000, iss: 'https://k', nbf: 1, iat: undefined });
  expect(decodeUnverifiedClaims('a.b.c')).toBeUndefined();
  expect(decodeUnverifiedClaims('nodots')).toBeUndefined();
});
