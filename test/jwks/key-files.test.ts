/**
 * `jwks merge` / `jwks fetch` never lose a key: the retention file is never the key set, a failed
 * write leaves both files as they were, concurrent merges are locked out, --out is written through
 * a symbolic link and anything but a regular file is refused, retention times are bounded.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJwksCommand } from '../../lib/cli/jwks-command';
import { parseRetentionState, parseTimestamp } from '../../lib/cli/jwks-rotation';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';
import { clusterKey, type Jwk } from './cluster-key';

// The fs module the command calls (a named import compiles to a property read of this object).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

const OLD = clusterKey();
const NEW = clusterKey();
const NOW = { now: () => new Date('2025-03-01T12:00:00Z') };

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-kf-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  jest.restoreAllMocks();
});

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; text: () => string } {
  const all: string[] = [];
  return { io: { stdout: (t) => all.push(t), stderr: (t) => all.push(t) }, text: () => all.join('') };
}

/** A fresh folder with trusted.json (OLD), cluster.json (NEW) and, when given, a retention file. */
function scene(retention?: unknown): { d: string; trusted: string; cluster: string; retention: string } {
  const d = join(dir, `s${++n}`);
  mkdirSync(d);
  const trusted = join(d, 'trusted.json');
  const cluster = join(d, 'cluster.json');
  writeFileSync(trusted, JSON.stringify({ keys: [OLD] }));
  writeFileSync(cluster, JSON.stringify({ keys: [NEW] }));
  const retentionFile = join(d, 'trusted.retention.json');
  if (retention !== undefined) writeFileSync(retentionFile, JSON.stringify(retention));
  return { d, trusted, cluster, retention: retentionFile };
}

async function merge(args: string[], now = NOW): Promise<{ code: number; text: string }> {
  const c = capture();
  const code = await runJwksCommand(['merge', ...args], c.io, now);
  return { code, text: c.text() };
}

const RECORD = {
  version: 1,
  retired: [{ kid: 'gone', thumbprint: 'A'.repeat(43), retiredAt: '2025-03-01T10:00:00Z', keepUntil: '2025-03-02T10:00:00Z' }],
};

describe('the retention file is never the key set', () => {
  test('--retention equal to --out, directly, through a symbolic link or a hard link: refused, nothing written', async () => {
    const s = scene();
    const before = readFileSync(s.trusted, 'utf8');
    const link = join(s.d, 'link.json');
    symlinkSync(s.trusted, link);
    const hard = join(s.d, 'hard.json');
    linkSync(s.trusted, hard);
    for (const retention of [s.trusted, link, hard]) {
      const r = await merge([s.trusted, s.cluster, '--out', s.trusted, '--retention', retention]);
      expect(r.code).toBe(2);
      expect(r.text).toContain(`--out ${s.trusted} and the retention file ${retention} are the same file`);
      expect(readFileSync(s.trusted, 'utf8')).toBe(before);
    }
  });

  test('--retention equal to an input (the trusted or the cluster key set): refused', async () => {
    const s = scene();
    const out = join(s.d, 'out.json');
    const cluster = readFileSync(s.cluster, 'utf8');
    const r = await merge([s.trusted, s.cluster, '--out', out, '--retention', s.cluster]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`the retention file ${s.cluster} is <cluster.json> ${s.cluster}`);
    expect(readFileSync(s.cluster, 'utf8')).toBe(cluster);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a failed write leaves both files as they were', () => {
  test('the retention file cannot be written (read-only folder): the key set is not rewritten either', async () => {
    const s = scene(RECORD);
    const keys = readFileSync(s.trusted, 'utf8');
    const retention = readFileSync(s.retention, 'utf8');
    const open = fs.openSync;
    jest.spyOn(fs, 'openSync').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (String(path).includes('.trusted.retention.json.')) throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
      return (open as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`cannot write retention file ${s.retention}: EROFS; nothing was changed`);
    expect(readFileSync(s.trusted, 'utf8')).toBe(keys);
    expect(readFileSync(s.retention, 'utf8')).toBe(retention);
    expect(readdirSync(s.d).sort()).toEqual(['cluster.json', 'trusted.json', 'trusted.retention.json']);
  });

  test('the retention file\'s folder does not exist: refused before anything is written', async () => {
    const s = scene();
    const keys = readFileSync(s.trusted, 'utf8');
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted, '--retention', join(s.d, 'no-such-dir', 'r.json')]);
    expect(r.code).toBe(2);
    expect(r.text).toContain('does not exist');
    expect(readFileSync(s.trusted, 'utf8')).toBe(keys);
  });

  test('the key set\'s rename fails after the retention file was replaced: the retention file is restored', async () => {
    const s = scene(RECORD);
    const keys = readFileSync(s.trusted, 'utf8');
    const retention = readFileSync(s.retention, 'utf8');
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).endsWith('/trusted.json')) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      rename(from, to);
    });
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`cannot write --out ${s.trusted}: EIO; nothing was changed`);
    expect(readFileSync(s.trusted, 'utf8')).toBe(keys);
    expect(readFileSync(s.retention, 'utf8')).toBe(retention);
    expect(readdirSync(s.d).sort()).toEqual(['cluster.json', 'trusted.json', 'trusted.retention.json']);
  });
});

describe('concurrent merges', () => {
  test('a merge running (its lock file held by a live process) stops another one, naming the lock file', async () => {
    const s = scene();
    const keys = readFileSync(s.trusted, 'utf8');
    const lock = `${s.trusted}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2025-03-01T11:59:59Z' }));
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`${lock} is held by another jwks merge (pid ${process.pid} on ${hostname()} since 2025-03-01T11:59:59Z)`);
    expect(r.text).toContain(`if no merge is running, delete ${lock} [ERR_JWKS_LOCKED]`);
    expect(readFileSync(s.trusted, 'utf8')).toBe(keys);
    expect(existsSync(lock)).toBe(true);
  });

  test('a stale lock (its process has ended) is taken over; the lock is removed afterwards', async () => {
    const s = scene();
    const lock = `${s.trusted}.lock`;
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
    writeFileSync(lock, JSON.stringify({ pid: dead, host: hostname(), since: '2025-03-01T11:00:00Z' }));
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(s.trusted, 'utf8')) as { keys: Jwk[] }).keys).toEqual([NEW, OLD]);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${s.retention}.lock`)).toBe(false);
  });

  test('a file changed by someone else while the merge ran is not overwritten', async () => {
    const s = scene();
    const open = fs.openSync;
    let edited = false;
    jest.spyOn(fs, 'openSync').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (!edited && String(path).includes('.trusted.json.')) {
        edited = true;
        writeFileSync(s.trusted, JSON.stringify({ keys: [OLD, NEW] }, null, 4)); // another writer
      }
      return (open as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`--out ${s.trusted} changed while this run read its inputs; nothing was changed`);
    expect(readFileSync(s.trusted, 'utf8')).toBe(JSON.stringify({ keys: [OLD, NEW] }, null, 4));
    expect(existsSync(s.retention)).toBe(false);
  });
});

describe('what --out names', () => {
  test('a symbolic link is written through to its target; the link stays', async () => {
    const s = scene();
    const link = join(s.d, 'keys.json');
    symlinkSync(s.trusted, link);
    const r = await merge([link, s.cluster, '--out', link]);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(s.trusted, 'utf8')) as { keys: Jwk[] }).keys).toEqual([NEW, OLD]);
  });

  test('a symbolic link to nothing is refused', async () => {
    const s = scene();
    const link = join(s.d, 'dangling.json');
    symlinkSync(join(s.d, 'nowhere.json'), link);
    const r = await merge([s.trusted, s.cluster, '--out', link]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`--out ${link} is a symbolic link to a file that does not exist`);
    expect(existsSync(join(s.d, 'nowhere.json'))).toBe(false);
  });

  test('a FIFO, a directory or a device is refused by name and left as it is (merge and fetch)', async () => {
    const s = scene();
    const fifo = join(s.d, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const folder = join(s.d, 'folder.json');
    mkdirSync(folder);
    const targets: Array<[string, string]> = [[fifo, 'a FIFO (named pipe)'], [folder, 'a directory']];
    if (process.getuid?.() === 0) {
      const device = join(s.d, 'null.json');
      execFileSync('mknod', [device, 'c', '1', '3']);
      targets.push([device, 'a character device']);
    }
    for (const [target, what] of targets) {
      const r = await merge([s.trusted, s.cluster, '--out', target]);
      expect(r.code).toBe(2);
      expect(r.text).toContain(`--out ${target} is ${what}, not a regular file`);
      const c = capture();
      expect(await runJwksCommand(['fetch', '--out', target, '--kubectl', join(s.d, 'never-run')], c.io)).toBe(2);
      expect(c.text()).toContain(`--out ${target} is ${what}, not a regular file`);
      expect(c.text()).toContain('[ERR_JWKS_OUT_NOT_REGULAR]');
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(folder).isDirectory()).toBe(true);
  });
});

describe('retention times are bounded and real', () => {
  test.each([
    ['300000000000'], ['9007199254740991'], ['99999999999999999999999'], ['31622401'],
  ])('--tokens-expire-after %s is refused naming the flag and its range, nothing written', async (value) => {
    const s = scene();
    const out = join(s.d, 'out.json');
    const r = await merge([s.trusted, s.cluster, '--out', out, '--tokens-expire-after', value]);
    expect(r.code).toBe(2);
    expect(r.text).toContain('--tokens-expire-after must be a whole number of seconds from 0 to 31622400');
    expect(r.text).not.toContain('Invalid time value');
    expect(existsSync(out)).toBe(false);
  });

  test('the longest retention is accepted and a later merge reads it back', async () => {
    const s = scene();
    expect((await merge([s.trusted, s.cluster, '--out', s.trusted, '--tokens-expire-after', '31622400'])).code).toBe(0);
    expect((await merge([s.trusted, s.cluster, '--out', s.trusted], { now: () => new Date('2025-03-02T12:00:00Z') })).code).toBe(0);
  });

  test('--keep-old-until: a day the calendar lacks, or more than 366 days ahead, is refused; all problems at once', async () => {
    const s = scene();
    let r = await merge([s.trusted, s.cluster, '--out', s.trusted, '--keep-old-until', '2026-02-30T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.text).toContain('--keep-old-until must be "now" or an ISO 8601 time with a zone on a real calendar day');
    r = await merge([s.trusted, s.cluster, '--out', s.trusted, '--keep-old-until', '2027-03-01T12:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.text).toContain('--keep-old-until 2027-03-01T12:00:00Z is more than 31622400 s (366 days) from now');
    r = await merge([s.trusted, s.cluster, '--out', join(s.d, 'none', 'x.json'), '--keep-old-until', '2026-02-30T00:00:00Z']);
    expect(r.text).toContain('3 problems:\n  --keep-old-until must be "now"');
    expect(r.text).toContain(`--out ${join(s.d, 'none', 'x.json')}: directory ${join(s.d, 'none')} does not exist`);
    expect(readFileSync(s.trusted, 'utf8')).toBe(JSON.stringify({ keys: [OLD] }));
  });

  test('a retention file with a time in the future, or beyond the longest retention, or not on the calendar, is refused', async () => {
    for (const [entry, message] of [
      [{ retiredAt: '2025-03-01T12:10:00Z', keepUntil: '2025-03-02T12:00:00Z' },
        'retiredAt 2025-03-01T12:10:00Z lies in the future (more than 300 s'],
      [{ retiredAt: '2025-03-01T10:00:00Z', keepUntil: '+011476-01-01T00:00:00Z' }, 'keepUntil must be an ISO 8601 time'],
      [{ retiredAt: '2025-03-01T10:00:00Z', keepUntil: '2026-03-03T12:00:00Z' }, 'keepUntil 2026-03-03T12:00:00Z is more than 31622400 s'],
      [{ retiredAt: '2025-02-30T10:00:00Z', keepUntil: '2025-03-02T12:00:00Z' }, 'retiredAt must be an ISO 8601 time with a time zone on a real'],
    ] as const) {
      const s = scene({ version: 1, retired: [{ kid: OLD.kid, thumbprint: jwkThumbprint(OLD), ...entry }] });
      const keys = readFileSync(s.trusted, 'utf8');
      const r = await merge([s.trusted, s.cluster, '--out', s.trusted]);
      expect(r.code).toBe(2);
      expect(r.text).toContain(`retention file ${s.retention} is malformed: .retired[0].${message}`);
      expect(readFileSync(s.trusted, 'utf8')).toBe(keys);
    }
    // within the allowed skew: accepted
    const s = scene({ version: 1, retired: [{ kid: OLD.kid, thumbprint: jwkThumbprint(OLD), retiredAt: '2025-03-01T12:04:00Z',
      keepUntil: '2025-03-02T12:00:00Z' }] });
    expect((await merge([s.trusted, s.cluster, '--out', s.trusted])).code).toBe(0);
  });

  test('parseTimestamp takes real calendar times only', () => {
    expect(parseTimestamp('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2024-02-29T00:00:00Z')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseTimestamp('2000-02-29T00:00:00Z')).toBeDefined();
    expect(parseTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-04-31T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-13-01T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-01-01T24:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-01-01T23:60:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-01-01T23:59:60Z')).toBeUndefined();
    expect(parseTimestamp('2025-01-01T23:59:59+24:00')).toBeUndefined();
    expect(parseTimestamp('2025-12-31T23:59:59+01:00')?.toISOString()).toBe('2025-12-31T22:59:59.000Z');
    expect(parseRetentionState({ version: 1, retired: [] }, new Date())).toEqual({ state: { version: 1, retired: [] }, problems: [] });
  });
});
