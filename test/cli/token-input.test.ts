/**
 * `explain --token`: a file is read by key-files' reader (regular files, 1 MiB, its messages); `-`
 * reads stdin up to 1 MiB, and one byte more is an error naming stdin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-token-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('--token - reads at most 1 MiB of stdin; more is refused naming stdin', () => {
  const run = spawnSync(TSX, [join(ROOT, 'lib', 'cli', 'main.ts'), 'explain', join(dir, 'none.tf.json'), '--token', '-'], {
    input: 'a'.repeat(1024 * 1024 + 1), encoding: 'utf8', timeout: 60_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('error: the token on stdin (--token -) is larger than 1048576 bytes');
  expect(run.stderr).toContain('[ERR_EXPLAIN_TOKEN_UNREADABLE]');
});

test('a token file that is a FIFO is refused with key-files\' message, without blocking', async () => {
  const fifo = join(dir, 'token.fifo');
  execFileSync('mkfifo', [fifo]);
  const err: string[] = [];
  expect(await main(['explain', join(dir, 'none.tf.json'), '--token', fifo], { stdout: () => undefined, stderr: (t) => err.push(t) })).toBe(2);
  expect(err.join('')).toMatch(/^error: token file \S+token\.fifo is a FIFO \(named pipe\), not a regular file: .* \[ERR_EXPLAIN_TOKEN_UNREADABLE\]\n$/);
});
