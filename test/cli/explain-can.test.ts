/**
 * `explain --service-account … --can …` on the bundled example, synthesized as `npm run synth`
 * does and read as written: the example grants group "demo" read-only access to bucket
 * cce-workload-identity-demo (issue 9 item 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample } from '../../examples/app';
import { synthesizeApps } from '../../lib';
import { main } from '../../lib/cli/main';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

const BUCKET = 'cce-workload-identity-demo';
const OBJECT = `OBS:*:*:object:${BUCKET}/reports/a.csv`;

let dir: string;
let tf: string;

function capture(): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-can-'));
  const app = buildExample({ kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') });
  expectWarnings(() => synthesizeApps({ kubernetes: app.kubernetes, terraform: app.terraform }), examplePlaceholderWarnings());
  tf = join(dir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('explain --can on the example (issue 9 item 6)', () => {
  test('GetObject in the bucket: a line starting with "allowed", exit 0', async () => {
    const { out, io } = capture();
    expect(await main(['explain', tf, '--service-account', 'default/oidc-token', '--can', 'obs:object:GetObject', '--resource', OBJECT], io)).toBe(0);
    const [first] = out.join('').split('\n');
    expect(first).toMatch(/^allowed: ServiceAccount default\/oidc-token may obs:object:GetObject on OBS:\*:\*:object:cce-workload-identity-demo\/reports\/a\.csv /);
    expect(first).toContain('statement #1 (Allow) of custom policy "cce-wi-obs-read-cce-workload-identity-demo"');
    expect(first).toContain('assigned to group "demo" in the global service project');
  });

  test('DeleteObject: a line starting with "denied", exit 1', async () => {
    const { out, io } = capture();
    expect(await main(['explain', tf, '--service-account', 'default/oidc-token', '--can', 'obs:object:DeleteObject', '--resource', OBJECT], io))
      .toBe(1);
    expect(out.join('').split('\n')[0]).toMatch(/^denied: .* — implicit deny: no statement of the 1 role assignment\(s\) in scope allows it$/);
  });

  test('another bucket is denied; OBS (a global service) is not granted in a project; --json is the structured report', async () => {
    const other = capture();
    expect(
      await main(
        [
          'explain',
          tf,
          '--service-account',
          'default/oidc-token',
          '--can',
          'obs:object:GetObject',
          '--resource',
          'OBS:*:*:object:other-bucket/a.csv',
        ],
        other.io,
      ),
    ).toBe(1);

    const inProject = capture();
    expect(
      await main(
        [
          'explain',
          tf,
          '--service-account',
          'default/oidc-token',
          '--can',
          'obs:object:GetObject',
          '--resource',
          OBJECT,
          '--project',
          '0123456789abcdef0123456789abcdef',
        ],
        inProject.io,
      ),
    ).toBe(1);

    const json = capture();
    expect(
      await main(
        ['explain', tf, '--service-account', 'default/oidc-token', '--can', 'obs:object:GetObject', '--resource', OBJECT, '--global', '--json'],
        json.io,
      ),
    ).toBe(0);
    const report = JSON.parse(json.out.join('')) as {
      allowed: boolean;
      scope: unknown;
      verdicts: Array<{ username: string; groups: string[]; reported: { statement: { policy: string; group: string } } }>;
    };
    expect(report).toMatchObject({ allowed: true, scope: { kind: 'global' } });
    expect(report.verdicts[0]).toMatchObject({
      username: 'test',
      groups: ['demo'],
      reported: { statement: { policy: 'cce-wi-obs-read-cce-workload-identity-demo', group: 'demo' } },
    });
  });

  test('the default listing shows the ServiceAccount\'s groups → policies → scope', async () => {
    const { out, io } = capture();
    expect(await main(['explain', tf], io)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/rule #0: +ServiceAccount default\/oidc-token -> user "test", groups "demo"/);
    expect(text).toContain('  ServiceAccount default/oidc-token via "workload_identity" -> user "test"');
    expect(text).toMatch(/ {4}group "demo" \(huaweicloud_identity_group\.workload-identity_Grants_Groupdemo_[0-9A-F]{8}\):/);
    expect(text).toMatch(/ {6}custom policy "cce-wi-obs-read-cce-workload-identity-demo" \(huaweicloud_identity_role\.[^)]+\) in the global service project \(domain 0{32}\)/);
    expect(text).toContain(`        #1 Allow obs:object:GetObject, obs:object:GetObjectVersion on OBS:*:*:object:${BUCKET}/*`);
  });

  test.each<[string[], RegExp]>([
    [['--service-account', 'kube-system/default', '--can', 'obs:object:GetObject'], /error: no identity provider admits ServiceAccount kube-system\/default .*; the conversion rules name default\/oidc-token \[ERR_EXPLAIN_OPTION_INVALID\]/],
    [['--service-account', 'default/oidc-token', '--can', 'GetObject'], /action "GetObject" must be "<service>:<resource type>:<operation>"/],
    [['--service-account', 'default/oidc-token', '--can', 'obs:object:GetObject', '--resource', 'a.csv'], /resource "a\.csv" must be a URN/],
    [['--can', 'obs:object:GetObject'], /--can needs both --service-account <namespace>\/<name> and --can/],
    [['--resource', OBJECT], /--resource needs both --service-account/],
    [['--service-account', 'default/oidc-token', '--can', 'obs:object:GetObject', '--token', 'x.jwt'], /--token and --can answer different questions/],
    [['--service-account', 'default/oidc-token', '--can', 'obs:object:GetObject', '--project', 'p', '--global'], /give --project or --global, not both/],
  ])('bad input exits 2: %j', async (argv, message) => {
    const { out, err, io } = capture();
    expect(await main(['explain', tf, ...argv], io)).toBe(2);
    expect(err.join('') + out.join('')).toMatch(message);
  });
});
