/**
 * Several clusters: one identity provider per cluster (own JWKS, derived name), one Kubernetes
 * output per cluster, the account's quota, and no signing key trusted by two providers.
 */
import { reported } from '../support/reported';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { parseAllDocuments } from 'yaml';
import {
  Jwks,
  SynthesisValidationError,
  synthesizeApps,
  ValidationIssue,
  WorkloadIdentityFleet,
  WorkloadIdentityFleetApps,
  WorkloadIdentityFleetClusterProps,
  WorkloadIdentityFleetProps,
  WorkloadIdentityFleetProviders,
  WorkloadIdentityProvider,
  WorkloadIdentitySynthesis,
  WorkloadServiceAccount,
} from '../../lib';
import { HuaweicloudProvider, LocalBackend, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { explain } from '../../lib/iam-model/explain/explain';
import { startIamEmulator } from '../../lib/testing/emulator';
import { mintServiceAccountToken } from '../../lib/testing/kube-token';
import { PROJECT_ID } from '../fixtures/ids';

const OTHER_PROJECT_ID = 'fedcba9876543210fedcba9876543210';
const JWKS_A = join(__dirname, '..', '..', 'examples', 'jwks.json');
const JWKS_B = join(__dirname, '..', 'fixtures', 'cluster-b-jwks.json');
const KID_A = (JSON.parse(readFileSync(JWKS_A, 'utf8')) as { keys: Array<{ kid: string }> }).keys[0].kid;
const KID_B = (JSON.parse(readFileSync(JWKS_B, 'utf8')) as { keys: Array<{ kid: string }> }).keys[0].kid;

function fleetOf(props: Partial<WorkloadIdentityFleetProps> = {}): WorkloadIdentityFleet {
  return new WorkloadIdentityFleet({
    settings: { clientId: 'shop-app', region: 'cn-north-4', projectId: PROJECT_ID },
    clusters: [{ name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) }, { name: 'prod-b', jwks: Jwks.fromFile(JWKS_B) }],
    bindings: [{ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['obs-readers'] }],
    ...props,
  });
}

/** A distinct public EC key per call. */
function ownJwks(): Jwks {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return Jwks.fromObject({ keys: [{ ...jwk, alg: 'ES256', kid: `k-${jwk.x.slice(0, 8)}` }] });
}

function clusters(n: number): WorkloadIdentityFleetClusterProps[] {
  return Array.from({ length: n }, (_, i) => ({ name: `c${i}`, jwks: ownJwks() }));
}

interface Synthesized {
  readonly dir: string;
  readonly error?: Error;
  readonly terraform?: Record<string, unknown>;
  readonly kubernetes: Record<string, Array<Record<string, unknown>>>;
}

/** The layout docs/guides/several-clusters.md shows: one Terraform stack for the account, one cdk8s app per cluster under dist/. */
function synth(
  fleet: WorkloadIdentityFleet,
  render: (stack: TerraformStack) => void = (stack) => new WorkloadIdentityFleetProviders(stack, 'fleet', { fleet }),
): Synthesized {
  const dir = mkdtempSync(join(tmpdir(), 'cce-wi-fleet-'));
  const terraform = new TerraformApp({ outdir: join(dir, 'cdktf.out'), skipBackendValidation: true });
  const stack = new TerraformStack(terraform, 'iam');
  new LocalBackend(stack, { path: 'terraform.iam.tfstate' });
  new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
  render(stack);
  const apps = new WorkloadIdentityFleetApps(fleet, {
    outdir: join(dir, 'dist'),
    build: (app, cluster) => {
      const chart = new Chart(app, 'shop', { namespace: 'shop', disableResourceNameHashes: true });
      const sa = new WorkloadServiceAccount(chart, 'order-service-sa', { binding: cluster.binding('shop', 'order-service') });
      sa.bind(
        new kplus.Deployment(chart, 'order-service', {
          metadata: { name: 'order-service' },
          containers: [{ name: 'app', image: 'swr.cn-north-4.myhuaweicloud.com/shop/order:1.4.2', portNumber: 8080 }],
        }),
      );
    },
  });
  const kubernetes: Synthesized['kubernetes'] = {};
  try {
    synthesizeApps({ kubernetes: apps.apps, terraform });
  } catch (error) {
    return { dir, error: error as Error, kubernetes };
  }
  for (const cluster of readdirSync(join(dir, 'dist'))) {
    kubernetes[cluster] = readdirSync(join(dir, 'dist', cluster))
      .sort()
      .flatMap((f) => parseAllDocuments(readFileSync(join(dir, 'dist', cluster, f), 'utf8')).map((d) => d.toJS() as Record<string, unknown>));
  }
  const tf = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  return { dir, terraform: tf, kubernetes };
}

const dirs: string[] = [];
function tracked(s: Synthesized): Synthesized {
  dirs.push(s.dir);
  return s;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Provider = { name: string; access_config: { signing_key: string; client_id: string } };
function providers(tf: Record<string, unknown>): Provider[] {
  return Object.values((tf.resource as Record<string, Record<string, Provider>>).huaweicloud_identity_provider);
}

function envOf(manifests: Array<Record<string, unknown>>): Record<string, string> {
  const deployment = manifests.find((m) => m.kind === 'Deployment') as {
    spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } };
  };
  return Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
}

function codes(issues: readonly ValidationIssue[]): string[] {
  return issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);
}

describe('a two-cluster fleet', () => {
  test('synthesizes two providers with distinct names, each trusting its own keys, and one Kubernetes output per cluster', () => {
    const s = tracked(synth(fleetOf()));
    expect(s.error).toBeUndefined();
    const list = providers(s.terraform!);
    expect(list.map((p) => p.name)).toEqual(['workload_identity_prod-a', 'workload_identity_prod-b']);
    expect(list.map((p) => (JSON.parse(p.access_config.signing_key) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid))).toEqual([
      [KID_A],
      [KID_B],
    ]);
    expect(Object.keys((s.terraform!.resource as Record<string, object>).huaweicloud_identity_provider_conversion)).toHaveLength(2);
    expect(Object.keys(s.kubernetes).sort()).toEqual(['prod-a', 'prod-b']);
    expect(envOf(s.kubernetes['prod-a']).HUAWEICLOUD_SDK_IDP_ID).toBe('workload_identity_prod-a');
    expect(envOf(s.kubernetes['prod-b']).HUAWEICLOUD_SDK_IDP_ID).toBe('workload_identity_prod-b');
    expect({ terraform: s.terraform, kubernetes: s.kubernetes }).toMatchSnapshot();
  });

  test('a key shared between the two clusters is rejected, and nothing is written', () => {
    const fleet = fleetOf({ clusters: [{ name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) }, { name: 'prod-b', jwks: Jwks.fromFile(JWKS_A) }] });
    expect(codes(fleet.validate())).toEqual(['SHARED_SIGNING_KEY WorkloadIdentity("workload_identity_prod-b").jwks.keys[0]']);
    const s = tracked(synth(fleet));
    expect(s.error).toBeInstanceOf(SynthesisValidationError);
    // (The 43-character kid is not echoed: values shaped like key material never are.)
    expect(reported(s.error!)).toContain(
      'WorkloadIdentity("workload_identity_prod-b").jwks.keys[0]: ' +
        'is also trusted by WorkloadIdentity("workload_identity_prod-a").jwks.keys[0] with the same issuer',
    );
    expect(existsSync(join(s.dir, 'dist'))).toBe(false);
    expect(existsSync(join(s.dir, 'cdktf.out', 'stacks', 'iam'))).toBe(false);
  });

  test('a key shared through a second key in a set is found by content, whatever its kid', () => {
    const a = JSON.parse(readFileSync(JWKS_A, 'utf8')) as { keys: Array<Record<string, string>> };
    const b = JSON.parse(readFileSync(JWKS_B, 'utf8')) as { keys: Array<Record<string, string>> };
    const fleet = fleetOf({
      clusters: [
        { name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) },
        { name: 'prod-b', jwks: Jwks.fromObject({ keys: [...b.keys, { ...a.keys[0], kid: 'renamed' }] }) },
      ],
    });
    expect(codes(fleet.validate())).toEqual(['SHARED_SIGNING_KEY WorkloadIdentity("workload_identity_prod-b").jwks.keys[1]']);
  });

  test('the same key with another issuer is not shared: its tokens cannot pass the other provider', () => {
    const fleet = fleetOf({ clusters: [{ name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) }, { name: 'prod-b', jwks: Jwks.fromFile(JWKS_A), issuer: 'https://oidc.prod-b.example' }] });
    expect(codes(fleet.validate())).toEqual([]);
  });

  test('per-cluster settings override the fleet\'s', () => {
    const s = tracked(
      synth(
        fleetOf({
          clusters: [
            { name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) },
            { name: 'prod-b', jwks: Jwks.fromFile(JWKS_B), projectId: OTHER_PROJECT_ID, clientId: 'shop-b', providerName: 'shop_b' },
          ],
        }),
      ),
    );
    expect(s.error).toBeUndefined();
    expect(providers(s.terraform!).map((p) => [p.name, p.access_config.client_id])).toEqual([
      ['workload_identity_prod-a', 'shop-app'],
      ['shop_b', 'shop-b'],
    ]);
    expect(envOf(s.kubernetes['prod-a'])).toMatchObject({ HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID, HUAWEICLOUD_SDK_REGION: 'cn-north-4' });
    expect(envOf(s.kubernetes['prod-b'])).toMatchObject({
      HUAWEICLOUD_SDK_PROJECT_ID: OTHER_PROJECT_ID,
      HUAWEICLOUD_SDK_REGION: 'cn-north-4',
      HUAWEICLOUD_SDK_IDP_ID: 'shop_b',
    });
  });

  test('a cluster left out of the Terraform app is reported', () => {
    const fleet = fleetOf();
    const s = tracked(synth(fleet, (stack) => new WorkloadIdentityProvider(stack, 'only-a', { identity: fleet.cluster('prod-a').identity })));
    expect(s.error).toBeInstanceOf(SynthesisValidationError);
    expect(reported(s.error!)).toContain(
      'WorkloadIdentityFleet("workload_identity_").clusters[1]: ' +
        '"workload_identity_prod-b" has no identity provider in this app: its pods would be denied',
    );
  });

  test('bindings: addBinding admits a ServiceAccount in every cluster; lookups fail loudly', () => {
    const fleet = fleetOf();
    const added = fleet.addBinding({ namespace: 'shop', serviceAccountName: 'billing', iamGroups: ['billing'] });
    expect(added.map((b) => b.identity.providerName)).toEqual(['workload_identity_prod-a', 'workload_identity_prod-b']);
    expect(fleet.cluster('prod-b').binding('shop', 'billing')).toBe(added[1]);
    expect(() => fleet.cluster('prod-c')).toThrow('no cluster named "prod-c"');
    expect(() => fleet.cluster('prod-a').binding('shop', 'nobody')).toThrow('has no binding for ServiceAccount "shop/nobody"');
    expect(fleet.identities.map((i) => i.bindings.length)).toEqual([2, 2]);
  });
});

describe('fleet checks', () => {
  const P = 'WorkloadIdentityFleet("workload_identity_")';
  const cases: ReadonlyArray<{ name: string; props: () => Partial<WorkloadIdentityFleetProps>; expected: string[] }> = [
    {
      name: 'more clusters than the declared quota',
      props: () => ({ clusters: clusters(3), identityProviderQuota: 2 }),
      expected: [`FLEET_QUOTA_EXCEEDED ${P}.clusters`],
    },
    {
      name: "more clusters than IAM's default quota of 10",
      props: () => ({ clusters: clusters(11) }),
      expected: [`FLEET_QUOTA_EXCEEDED ${P}.clusters`],
    },
    { name: 'a quota of 0', props: () => ({ identityProviderQuota: 0 }), expected: [`FLEET_INVALID_QUOTA ${P}.identityProviderQuota`] },
    { name: 'no clusters', props: () => ({ clusters: [] }), expected: [`FLEET_NO_CLUSTERS ${P}.clusters`] },
    {
      name: 'a cluster name that is not a DNS label',
      props: () => ({ clusters: [{ name: 'Prod_A', jwks: ownJwks() }] }),
      expected: [`FLEET_INVALID_CLUSTER_NAME ${P}.clusters[0].name`],
    },
    {
      name: 'a cluster listed twice',
      props: () => ({
        clusters: [
          { name: 'prod-a', jwks: ownJwks() },
          { name: 'prod-a', jwks: ownJwks() },
        ],
      }),
      expected: [`FLEET_DUPLICATE_CLUSTER ${P}.clusters[1].name`, `FLEET_DUPLICATE_PROVIDER_NAME ${P}.clusters[1].name`],
    },
    {
      name: 'two clusters given the same providerName',
      props: () => ({
        clusters: [
          { name: 'a', jwks: ownJwks(), providerName: 'shop' },
          { name: 'b', jwks: ownJwks(), providerName: 'shop' },
        ],
      }),
      expected: [`FLEET_DUPLICATE_PROVIDER_NAME ${P}.clusters[1].providerName`],
    },
    {
      name: 'a prefix containing "mapping_"',
      props: () => ({ providerNamePrefix: 'mapping_', clusters: [{ name: 'a', jwks: ownJwks() }] }),
      expected: [
        'FLEET_INVALID_PROVIDER_NAME WorkloadIdentityFleet("mapping_").clusters[0].name',
        'INVALID_PROVIDER_NAME WorkloadIdentity("mapping_a").providerName',
      ],
    },
    {
      name: 'a providerName containing "mapping_"',
      props: () => ({ clusters: [{ name: 'a', jwks: ownJwks(), providerName: 'x_mapping_y' }] }),
      expected: ['INVALID_PROVIDER_NAME WorkloadIdentity("x_mapping_y").providerName'],
    },
    {
      name: 'a derived name over 64 characters',
      props: () => ({ providerNamePrefix: 'p'.repeat(60), clusters: [{ name: 'cluster', jwks: ownJwks() }] }),
      expected: [
        `FLEET_INVALID_PROVIDER_NAME WorkloadIdentityFleet("${'p'.repeat(60)}").clusters[0].name`,
        `INVALID_PROVIDER_NAME WorkloadIdentity("${'p'.repeat(60)}cluster").providerName`,
      ],
    },
  ];

  test.each(cases)('$name', ({ props, expected }) => {
    const issues = fleetOf(props()).validate();
    expect(codes(issues).sort()).toEqual([...expected].sort());
    for (const issue of issues) expect(issue.fix.length).toBeGreaterThan(5);
  });

  test('an empty fleet is reported at synthesis too', () => {
    const s = tracked(synth(fleetOf({ clusters: [] })));
    expect(s.error).toBeInstanceOf(SynthesisValidationError);
    expect(reported(s.error!)).toContain(`[iam/fleet] ${P}.clusters: is empty`);
  });

  test('the errors are reported at synthesis, all at once', () => {
    const s = tracked(
      synth(
        fleetOf({
          identityProviderQuota: 1,
          clusters: [
            { name: 'prod-a', jwks: Jwks.fromFile(JWKS_A) },
            { name: 'prod-b', jwks: Jwks.fromFile(JWKS_A) },
          ],
        }),
      ),
    );
    expect(s.error).toBeInstanceOf(SynthesisValidationError);
    expect(reported(s.error!)).toContain('more than the account\'s quota of 1 identity providers');
    expect(reported(s.error!)).toContain('is also trusted by WorkloadIdentity("workload_identity_prod-a")');
  });

  test('a raised quota is honoured, also by the app-wide provider count', () => {
    const s = tracked(synth(fleetOf({ clusters: clusters(11), identityProviderQuota: 12 })));
    expect(s.error).toBeUndefined();
    expect(fleetOf({ clusters: clusters(11), identityProviderQuota: 12 }).validate().filter((i) => i.code === 'TOO_MANY_PROVIDERS')).toEqual([]);
    expect(Object.keys(s.kubernetes)).toHaveLength(11);
  });
});

describe('explain and the emulator with several clusters', () => {
  let keyA: { privateKey: CryptoKey; jwks: Jwks; kid: string };
  let keyB: { privateKey: CryptoKey; jwks: Jwks; kid: string };
  let tokenA: string;

  async function key(kid: string): Promise<{ privateKey: CryptoKey; jwks: Jwks; kid: string }> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    return { privateKey, kid, jwks: Jwks.fromObject({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } as never] }) };
  }

  beforeAll(async () => {
    keyA = await key('cluster-a');
    keyB = await key('cluster-b');
    // A pod of prod-a, ServiceAccount shop/order-service, its projected token.
    tokenA = (await mintServiceAccountToken({
      privateKey: keyA.privateKey, kid: keyA.kid, namespace: 'shop', serviceAccountName: 'order-service',
      projected: { audience: 'shop-app', expirationSeconds: 7200, path: 'oidc-token' },
    })).token;
  });

  test('explain over the fleet\'s cdk.tf.json: prod-a admits a prod-a token, prod-b refuses it at the key check', async () => {
    const s = tracked(synth(fleetOf({ clusters: [{ name: 'prod-a', jwks: keyA.jwks }, { name: 'prod-b', jwks: keyB.jwks }] })));
    const file = join(s.dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json');
    const report = await explain(file, { token: tokenA });
    expect(report.providers.map((p) => p.name)).toEqual(['workload_identity_prod-a', 'workload_identity_prod-b']);
    expect(report.token!.verdicts.map((v) => [v.provider, v.admitted, v.failedCheck])).toEqual([
      ['workload_identity_prod-a', true, undefined],
      ['workload_identity_prod-b', false, 'key'],
    ]);
  });

  test('the emulator loads one cdk.tf.json per cluster; each provider admits only its own cluster\'s tokens', async () => {
    const files = ['prod-a', 'prod-b'].map((name) => {
      const one = fleetOf({ providerNamePrefix: 'wi_', clusters: [{ name, jwks: name === 'prod-a' ? keyA.jwks : keyB.jwks }] });
      const s = tracked(synth(one));
      const file = join(s.dir, `${name}.tf.json`);
      writeFileSync(file, JSON.stringify(s.terraform));
      return file;
    });
    const emulator = await startIamEmulator({ terraform: files });
    try {
      const exchange = (idp: string) => fetch(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, {
        method: 'POST', headers: { 'X-Idp-Id': idp, 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { id_token: { id: tokenA }, scope: { project: { id: PROJECT_ID } } } }),
      });
      expect((await exchange('wi_prod-a')).status).toBe(201);
      expect((await exchange('wi_prod-b')).status).toBe(401);
    } finally {
      await emulator.stop();
    }
  });
});

describe('a token pasted as a cluster name is never echoed', () => {
  const A_JWT =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpvaWRjLXRva2VuIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ';
  const parts = A_JWT.split('.');
  function expectNoToken(text: string): void {
    for (const part of parts) expect(text).not.toContain(part);
  }

  test('not as the construct id in every error line of the synthesis', () => {
    const fleet = fleetOf({ clusters: [{ name: A_JWT, jwks: Jwks.fromFile(JWKS_A) }, { name: 'prod-b', jwks: Jwks.fromFile(JWKS_B) }] });
    const s = tracked(synth(fleet));
    expect(s.error).toBeInstanceOf(SynthesisValidationError);
    expect(reported(s.error!)).toContain('[iam/fleet/cluster-0]');
    expectNoToken(reported(s.error!));
  });

  test('not in a construct path prefix, whichever construct carries it', () => {
    const terraform = new TerraformApp({ outdir: mkdtempSync(join(tmpdir(), 'cce-wi-fleet-')), skipBackendValidation: true });
    const stack = new TerraformStack(terraform, 'iam');
    new Construct(stack, A_JWT).node.addValidation({ validate: () => ['a third-party check failed'] });
    dirs.push(terraform.outdir);
    const errors = WorkloadIdentitySynthesis.collectValidationErrors(terraform);
    expect(errors.some((e) => e.includes('a third-party check failed'))).toBe(true);
    for (const e of errors) expectNoToken(e);
  });

  test('not by the lookups', () => {
    const fleet = fleetOf();
    expect(() => fleet.cluster(A_JWT)).toThrow(/no cluster named \(value not shown: it looks like a JWT\)/);
    expect(() => fleet.cluster('prod-a').binding('shop', A_JWT)).toThrow(/has no binding for ServiceAccount/);
    for (const lookup of [
      () => fleet.cluster(A_JWT),
      () => fleet.cluster('prod-a').binding('shop', A_JWT),
      () => fleet.cluster('prod-a').binding(A_JWT, 'x'),
    ]) {
      expect(lookup).toThrow();
      try {
        lookup();
      } catch (error) {
        expectNoToken((error as Error).message);
      }
    }
  });
});
