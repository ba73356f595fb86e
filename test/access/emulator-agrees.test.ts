/**
 * The emulator agrees with the matrix: for the bundled example (synthesized as `npm run synth`
 * does, with a throwaway signing key), every cell the access matrix lists as allowed passes a
 * signed request to the emulator's fake service, and cells next to them (another bucket, an action
 * not granted) get 403.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample } from '../../examples/app';
import { synthesizeApps } from '../../lib';
import { accessOf, type AccessGrant } from '../../lib/iam-model/access';
import { loadIdentityProviders } from '../../lib/iam-model';
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { idTokenBody, makeKey, postJson, securityTokenBody, tokenFor } from '../emulator/helpers';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- typed here: the SDK declares sign() as returning {}
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

let dir: string;
let tf: string;
let emulator: IamEmulator;
let credential: { access: string; secret: string; securitytoken: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-access-emulator-'));
  const key = await makeKey('access-k1');
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [key.publicJwk] }));
  const app = buildExample({ jwksFile: join(dir, 'jwks.json'), kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') });
  // The example's placeholder project and account ids are reported as warnings (unless HUAWEICLOUD_PROJECT_ID / HUAWEICLOUD_DOMAIN_ID are set).
  expectWarnings(() => synthesizeApps({ kubernetes: app.kubernetes, terraform: app.terraform }), examplePlaceholderWarnings());
  tf = join(dir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
  const [provider] = loadIdentityProviders(tf);
  emulator = await startIamEmulator({ terraform: tf });
  const token = await tokenFor(key, { projected: { audience: provider.clientId!, expirationSeconds: 7200, path: 'oidc-token' } });
  const exchanged = await postJson(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, idTokenBody(token), { 'X-Idp-Id': provider.name });
  expect(exchanged.status).toBe(201);
  const issued = await postJson(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`, securityTokenBody(), {
    'X-Auth-Token': exchanged.headers.get('x-subject-token')!,
  });
  credential = issued.body.credential as typeof credential;
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function status(action: string, resource: string, scope: string): Promise<number> {
  const endpoint = `${emulator.serviceUrl}/v1/whoami`;
  const headers: Record<string, string> = {
    'X-Security-Token': credential.securitytoken, 'X-Emulator-Action': action, 'X-Emulator-Resource': resource,
  };
  if (scope.startsWith('project:')) headers['X-Project-Id'] = scope.slice('project:'.length);
  else if (scope.startsWith('project-name:')) headers['X-Emulator-Project'] = scope.slice('project-name:'.length);
  const signed = AKSKSigner.sign({ endpoint, method: 'GET', headers, queryParams: {}, data: undefined },
    { getAk: () => credential.access, getSk: () => credential.secret });
  const { host: _host, ...sent } = signed;
  const response = await fetch(endpoint, { headers: sent });
  await response.text();
  return response.status;
}

/** One concrete request inside a pattern: each `*` of the path becomes `probe`, of region/account a value. */
function concrete(urn: string): string {
  const [service, region, account, type, ...path] = urn.split(':');
  return [service, region === '*' ? 'cn-north-4' : region, account === '*' ? '0123456789abcdef0123456789abcdef' : account, type,
    path.join(':').replace(/\*/g, 'probe')].join(':');
}

describe('the emulator agrees with the access matrix (bundled example)', () => {
  test('every allowed cell passes a signed request; its neighbours are refused', async () => {
    const report = accessOf(tf);
    const row = report.rows.find((r) => r.serviceAccount === 'default/oidc-token')!;
    expect(row.admitted).toBe(true);
    const allowed = row.grants.filter((g): g is AccessGrant & { effect: string } => g.evaluated && g.effect === 'Allow');
    expect(allowed.length).toBeGreaterThan(0);
    const seen: string[] = [];
    for (const grant of allowed) {
      const scope = grant.scope === 'all-projects' ? 'global' : grant.scope;
      for (const action of grant.actions) {
        for (const resource of grant.resources) {
          const urn = concrete(resource);
          expect(`${action} ${urn} ${await status(action, urn, scope)}`).toBe(`${action} ${urn} 200`);
          // The same action on a bucket the matrix does not list: refused.
          const elsewhere = urn.replace(/(bucket|object):[^/]+/, '$1:not-in-the-matrix');
          expect(`${action} ${elsewhere} ${await status(action, elsewhere, scope)}`).toBe(`${action} ${elsewhere} 403`);
          seen.push(action);
        }
      }
    }
    // An action no cell lists, on a resource a cell lists: refused.
    const first = allowed[0];
    const notGranted = 'obs:object:DeleteObject';
    expect(row.grants.some((g) => g.actions.some((a) => a.toLowerCase() === notGranted.toLowerCase() || a === '*'))).toBe(false);
    expect(await status(notGranted, concrete(first.resources[0]), first.scope)).toBe(403);
    expect(seen.length).toBeGreaterThan(3);
  });
});
