/**
 * The "Access review in a snapshot test" block of docs/guides/verifying-locally.md runs as written (package imports pointed at
 * this checkout, jest's `test`/`expect` replaced by a shim that prints the snapshot), and the
 * snapshot says in words what the guide says it does.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, snippet } from '../support/readme';

const SHIM = `
const test = (_name: string, body: () => void): void => body();
const expect = (value: unknown) => ({
  toMatchSnapshot: (): void => { console.log(String(value)); },
  toEqual: (expected: unknown): void => {
    if (JSON.stringify(value) !== JSON.stringify(expected)) throw new Error(\`expected \${JSON.stringify(expected)}, got \${JSON.stringify(value)}\`);
  },
});
`;

test('the access snapshot block runs and shows the ServiceAccount\'s permissions in words', () => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'readme-access-'));
  try {
    const code = snippet('Access review in a snapshot test', 'docs/guides/verifying-locally.md')
      .replace(/from 'cce-workload-identity\/testing'/g, `from ${JSON.stringify(join(ROOT, 'lib', 'testing'))}`)
      .replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
    const lines = code.split('\n');
    const lastImport = lines.map((l) => l.startsWith('import ')).lastIndexOf(true);
    writeFileSync(join(dir, 'snapshot.ts'), [...lines.slice(0, lastImport + 1), SHIM, ...lines.slice(lastImport + 1)].join('\n'));
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['snapshot.ts'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [first, ...grants] = r.stdout.trim().split('\n');
    expect(first).toMatch(/^ServiceAccount shop\/orders \(OIDC federation via provider "workload_identity", user "[^"]+", group "[^"]+"\)$/);
    expect(grants.some((g) => /^ {2}allow obs:object:GetObject.* on OBS:\*:\*:object:orders-data\/\* — custom policy "[^"]+" #\d+ via group /.test(g)))
      .toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
