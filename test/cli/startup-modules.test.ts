/**
 * Each CLI command loads only what it uses: `access` and `access diff` (run in CI over thousands of
 * grants, bench/access) must not load the emulator's HTTP/TLS stack, the token tools, jose, or the
 * construct libraries (cdktf, cdk8s, constructs) — loading them was a fixed cost of every run.
 * The modules below are replaced by factories that record their loading (a factory runs only when
 * the module is first required); `explain` and `jwks --help` show the recording works.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessBenchTerraform } from '../../bench/access/generate';

const mockLoaded: string[] = [];
jest.mock('../../lib/testing/emulator/server', () => {
  mockLoaded.push('emulator');
  return jest.requireActual('../../lib/testing/emulator/server');
});
jest.mock('../../lib/iam-model/explain/explain', () => {
  mockLoaded.push('explain');
  return jest.requireActual('../../lib/iam-model/explain/explain');
});
jest.mock('../../lib/cli/jwks-command', () => {
  mockLoaded.push('jwks-command');
  return jest.requireActual('../../lib/cli/jwks-command');
});
jest.mock('../../lib/iam-model/token-verifier', () => {
  mockLoaded.push('token-verifier');
  return jest.requireActual('../../lib/iam-model/token-verifier');
});
jest.mock('jose', () => {
  mockLoaded.push('jose');
  return jest.requireActual('jose');
});
jest.mock('cdktf', () => {
  mockLoaded.push('cdktf');
  return jest.requireActual('cdktf');
});
jest.mock('cdk8s', () => {
  mockLoaded.push('cdk8s');
  return jest.requireActual('cdk8s');
});
jest.mock('constructs', () => {
  mockLoaded.push('constructs');
  return jest.requireActual('constructs');
});

let dir: string;
let base: string;
let head: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-startup-'));
  base = join(dir, 'base.json');
  head = join(dir, 'head.json');
  writeFileSync(base, JSON.stringify(accessBenchTerraform(20, 3, 'base')));
  writeFileSync(head, JSON.stringify(accessBenchTerraform(20, 3, 'head')));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
  const out: string[] = [];
  return main(args, { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
}

test('access and access diff load none of the other commands\' modules; explain and jwks load theirs', async () => {
  expect(await run('access', base, '--json')).toBe(0);
  expect(await run('access', 'diff', '--base', base, '--head', head, '--json')).toBe(0);
  expect(await run('access', base, '--markdown')).toBe(0);
  expect(mockLoaded).toEqual([]);
  // The recording works: the commands that need these modules load them.
  expect(await run('explain', base)).toBe(0);
  expect(await run('jwks', '--help')).toBe(0);
  expect(mockLoaded).toEqual(expect.arrayContaining(['explain', 'jwks-command']));
});
