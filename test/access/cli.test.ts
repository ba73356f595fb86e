/**
 * `cce-workload-identity access [diff]`: outputs, exit codes (0 done, 2 --fail-on matched, 1 bad
 * input), the bad file named, a secret-looking value never echoed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { allow, deny, tf } from './fixture';

const OBJ = 'obs:*:*:object:orders-data/*';
let dir: string;
let base: string;
let head: string;

function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  return main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

function write(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

const declaration = (statements: Array<Record<string, unknown>>): Record<string, unknown> => tf({
  providers: [{ name: 'wi', bindings: [{ sa: 'shop/orders', groups: ['readers'] }] }],
  policies: { 'orders|`rw`': statements },
  assign: [{ group: 'readers', policy: 'orders|`rw`', scope: 'global' }],
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-access-'));
  base = write('base.json', declaration([allow(['obs:object:GetObject'], [OBJ])]));
  head = write('head.json', declaration([allow(['obs:object:*'], [OBJ]), deny(['obs:object:DeleteObject'], [OBJ])]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('access (matrix)', () => {
  test('text: one paragraph per ServiceAccount, exit 0', async () => {
    const { code, out } = await run('access', head);
    expect(code).toBe(0);
    expect(out).toContain('ServiceAccount shop/orders (OIDC federation via provider "wi", user "shop-orders", group "readers")');
    expect(out).toContain(`deny obs:object:DeleteObject on ${OBJ}`);
  });

  test('--json: rows name serviceAccount as <ns>/<name>', async () => {
    const { code, out } = await run('access', head, '--json');
    expect(code).toBe(0);
    type Row = { serviceAccount: string; provider: string; grants: Array<{ effect: string; actions: string[] }> };
    const json = JSON.parse(out) as { rows: Row[] };
    expect(json.rows.map((r) => [r.serviceAccount, r.provider])).toEqual([['shop/orders', 'wi']]);
    expect(json.rows[0].grants.map((g) => [g.effect, g.actions])).toEqual([['Allow', ['obs:object:*']], ['Deny', ['obs:object:DeleteObject']]]);
  });

  test('--markdown escapes | and backticks in values', async () => {
    const { out } = await run('access', head, '--markdown');
    expect(out).toContain('custom orders\\|\\`rw\\`');
  });
});

describe('access diff', () => {
  test('text, default --fail-on none: exit 0 even with gains', async () => {
    const { code, out } = await run('access', 'diff', '--base', base, '--head', head);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Access diff: 1 gained for 1 ServiceAccount');
    expect(out).toContain(`gained: obs:object:* on ${OBJ} in the global service project `
      + '(except obs:object:DeleteObject (denied), obs:object:GetObject)');
  });

  test('--fail-on gained: exit 2 on a gain, 0 on a loss only', async () => {
    expect((await run('access', 'diff', '--base', base, '--head', head, '--fail-on', 'gained')).code).toBe(2);
    expect((await run('access', 'diff', '--base', head, '--head', base, '--fail-on', 'gained')).code).toBe(0);
    expect((await run('access', 'diff', '--base', head, '--head', base, '--fail-on=any')).code).toBe(2);
    expect((await run('access', 'diff', '--base', head, '--head', head, '--fail-on', 'any')).code).toBe(0);
  });

  test('--json: {summary, changes} with the documented fields', async () => {
    const { out } = await run('access', 'diff', '--base', head, '--head', base, '--json');
    const json = JSON.parse(out) as { summary: string; changes: Array<Record<string, unknown>> };
    expect(json.summary).toBe('1 lost for 1 ServiceAccount');
    expect(json.changes).toEqual([expect.objectContaining({
      serviceAccount: 'shop/orders', provider: 'wi', change: 'lost', action: 'obs:object:*', resource: OBJ, scope: 'global',
      except: ['obs:object:DeleteObject (denied)', 'obs:object:GetObject'],
    })]);
  });

  test('--markdown: summary line on top, one table per ServiceAccount', async () => {
    const { out } = await run('access', 'diff', '--base', base, '--head', head, '--markdown');
    const lines = out.split('\n');
    expect(lines[0]).toBe('**Access review:** 1 gained for 1 ServiceAccount');
    expect(lines).toContain('#### ServiceAccount shop/orders via provider "wi"');
    expect(lines).toContain('| change | action | resource | scope | details |');
  });

  test('several files per side: one account\'s stacks', async () => {
    const other = write('other.json', tf({ providers: [{ name: 'wi-2', bindings: [{ sa: 'default/app', groups: [] }] }] }));
    const { out } = await run('access', 'diff', '--base', base, '--head', head, other, '--json');
    const changes = (JSON.parse(out) as { changes: Array<{ serviceAccount: string; change: string }> }).changes;
    expect(changes.filter((c) => c.change === 'admitted').map((c) => c.serviceAccount)).toEqual(['default/app']);
  });
});

describe('bad input: exit 1, the file named, nothing secret echoed', () => {
  test('an unreadable file is named', async () => {
    const { code, err } = await run('access', join(dir, 'missing.json'));
    expect(code).toBe(1);
    expect(err).toContain('missing.json');
    expect(err).toMatch(/\[ERR_ACCESS_TERRAFORM_UNREADABLE\]/);
  });

  test('invalid JSON holding a secret key: the file is named, the key never shown', async () => {
    const secret = 'AKIA-secret-value-1234567890';
    const bad = write('bad.json', `{"provider": {"huaweicloud": {"secret_key": "${secret}"}} oops`);
    const { code, err } = await run('access', 'diff', '--base', bad, '--head', head);
    expect(code).toBe(1);
    expect(err).toContain('bad.json is not valid JSON');
    expect(err).not.toContain(secret);
  });

  test('a token pasted as an option is not echoed', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const { code, err } = await run('access', 'diff', '--base', base, '--head', head, `--${token}`);
    expect(code).toBe(1);
    expect(err).not.toContain(token);
  });

  test('missing --base/--head and a bad --fail-on are reported together', async () => {
    const { code, err } = await run('access', 'diff', '--fail-on', 'sometimes');
    expect(code).toBe(1);
    expect(err).toContain('--base <cdk.tf.json>… is required');
    expect(err).toContain('--head <cdk.tf.json>… is required');
    expect(err).toContain('--fail-on must be one of none, gained, any');
  });

  test('no file: usage, exit 1', async () => {
    const { code, err } = await run('access');
    expect(code).toBe(1);
    expect(err).toContain('access needs the path of a cdk.tf.json');
  });
});
