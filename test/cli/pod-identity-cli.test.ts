/**
 * The CLI on the example synthesized with WORKLOAD_IDENTITY_MODE=pod-identity: `explain` lists the
 * association and answers `--can` as the agency; `emulate --cluster-jwks` serves the cluster's
 * container-credentials endpoint.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample } from '../../examples/app';
import { IdentityMode, synthesizeApps } from '../../lib';
import { main } from '../../lib/cli/main';
import { makeKey, tokenFor } from '../emulator/helpers';
import { Recorder } from '../support/time';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';
import { CLUSTER } from '../fixtures/ids';

let dir: string;
let tf: string;

function capture(): { out: string[]; err: Recorder<string>; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out: string[] = [];
  const err = new Recorder<string>();
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-cli-pod-'));
  const app = buildExample({
    mode: IdentityMode.POD_IDENTITY,
    clusterId: CLUSTER,
    kubernetesOutdir: join(dir, 'dist'),
    terraformOutdir: join(dir, 'cdktf.out'),
  });
  expectWarnings(() => synthesizeApps({ kubernetes: app.kubernetes, terraform: app.terraform, write: 'all' }), examplePlaceholderWarnings());
  tf = join(dir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('explain lists the association; --can answers as the agency (exit 0 allowed, 1 denied)', async () => {
  const list = capture();
  expect(await main(['explain', tf], list.io)).toBe(0);
  expect(list.out.join('')).toContain(`ServiceAccount default/oidc-token in cluster ${CLUSTER} -> agency "workload_identity.default.oidc-token"`);
  const allowed = capture();
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
        'OBS:*:*:object:cce-workload-identity-demo/a.csv',
      ],
      allowed.io,
    ),
  ).toBe(0);
  expect(allowed.out.join('')).toMatch(/^allowed: .*assigned to agency "workload_identity\.default\.oidc-token"/);
  const denied = capture();
  expect(
    await main(
      [
        'explain',
        tf,
        '--service-account',
        'default/oidc-token',
        '--can',
        'obs:object:DeleteObject',
        '--resource',
        'OBS:*:*:object:cce-workload-identity-demo/a.csv',
      ],
      denied.io,
    ),
  ).toBe(1);
});

test('emulate --cluster-jwks serves the container-credentials endpoint named on stderr', async () => {
  const key = await makeKey('cli-pod');
  const jwksFile = join(dir, 'cluster-jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [key.publicJwk] }));
  const { out, err, io } = capture();
  const controller = new AbortController();
  const running = main(['emulate', '--terraform', tf, '--cluster-jwks', `${CLUSTER}=${jwksFile}`], { ...io, signal: controller.signal });
  await err.until((lines) => lines.some((l) => l.startsWith('pod identity:')));
  const line = err.find((l) => l.startsWith('pod identity:'))!;
  expect(out[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  const url = /HC_CONTAINER_CREDENTIALS_FULL_URI=(\S+)/.exec(line)![1];
  const token = await tokenFor(key, {
    namespace: 'default',
    serviceAccountName: 'oidc-token',
    projected: { audience: 'service.cce.pods', expirationSeconds: 3600, path: 't' },
  });
  const response = await fetch(url, { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(200);
  controller.abort();
  expect(await running).toBe(0);
});

test('--cluster-jwks needs <cluster-id>=<file>', async () => {
  const { err, io } = capture();
  expect(await main(['emulate', '--terraform', tf, '--cluster-jwks', 'no-equals'], io)).toBe(2);
  expect(err.join('')).toMatch(/--cluster-jwks takes <cluster-id>=<jwks file>/);
});
