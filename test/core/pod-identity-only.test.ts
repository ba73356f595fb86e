/**
 * Issue 20 (B): pod identity, Huawei's recommended mode, without OIDC leftovers. A declaration
 * whose bindings all use pod identity needs no client ID and no JWKS and renders no identity
 * provider, no conversion and no group only a conversion rule would fill; the quota checks count
 * only the providers that are rendered. As soon as one binding uses OIDC federation (also one added
 * after construction) the client ID and the JWKS are required again.
 */
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  Grants, IdentityMode, Jwks, synthesizeApps, SynthesisValidationError, WorkloadIdentity, WorkloadIdentityFleet, WorkloadIdentityFleetProviders,
  WorkloadIdentityProvider, type ServiceAccountBindingProps, type ValidationIssue, type WorkloadIdentityProps,
} from '../../lib';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { synthWorkloadIdentity, type KubernetesManifest } from '../../lib/testing';
import { validateDeclarations } from '../../lib/core/declaration/declarations';
import { MAX_IDENTITY_PROVIDERS_PER_ACCOUNT } from '../../lib/core/declaration/constants';
import { CLUSTER, DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

const JWKS_FILE = join(__dirname, '..', '..', 'examples', 'jwks.json');

type Tf = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

const POD_BINDING: ServiceAccountBindingProps = { namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] };

/** A pod-identity declaration with neither clientId nor jwks. */
function podOnly(overrides: Partial<WorkloadIdentityProps> = {}, bindings: ServiceAccountBindingProps[] = [POD_BINDING]): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'shop',
    projectId: PROJECT_ID,
    domainId: DOMAIN_ID,
    mode: IdentityMode.POD_IDENTITY,
    clusterId: CLUSTER,
    groups: [{ name: 'readers', grants: [Grants.obsReadOnly('shop-invoices')] }],
    bindings,
    ...overrides,
  });
}

const codes = (issues: readonly ValidationIssue[]): string[] => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

/** Every resource and data type of a synthesized stack. */
const typesOf = (tf: Tf): string[] => [...Object.keys(tf.resource), ...Object.keys(tf.data ?? {}).map((t) => `data.${t}`)].sort();

describe('a pod-identity-only declaration without clientId and jwks', () => {
  test('is valid', () => {
    expect(podOnly().validate()).toEqual([]);
  });

  const out = synthWorkloadIdentity(podOnly());
  const tf = out.terraform as Tf;

  test('renders no identity provider, no conversion and no group: only the agency (with the group\'s roles) and its association', () => {
    expect(JSON.stringify(tf)).not.toMatch(/huaweicloud_identity_provider|huaweicloud_identity_group/);
    expect(typesOf(tf)).toEqual(['huaweicloud_cce_cluster_pod_identity_association', 'huaweicloud_identity_agency', 'huaweicloud_identity_role']);
    const [agency] = Object.values(tf.resource.huaweicloud_identity_agency);
    expect(agency).toMatchObject({ name: 'shop.shop.orders', domain_roles: [expect.stringMatching(/^\$\{huaweicloud_identity_role\./)] });
  });

  test('the Kubernetes side carries nothing of OIDC: no projected token, no SDK variables', () => {
    const deployment = out.kubernetes.find((m) => m.kind === 'Deployment') as KubernetesManifest;
    const text = JSON.stringify(deployment);
    expect(text).toContain('"serviceAccountName":"orders"');
    expect(text).not.toMatch(/projected|serviceAccountToken|audience|HUAWEICLOUD_SDK_|workload-identity-token/);
  });

  test('snapshot of both sides', () => {
    expect(out).toMatchSnapshot();
  });
});

describe('a mixed declaration', () => {
  const mixed = (): WorkloadIdentity => new WorkloadIdentity({
    providerName: 'shop',
    clientId: 'shop-app',
    jwks: Jwks.fromFile(JWKS_FILE),
    projectId: PROJECT_ID,
    domainId: DOMAIN_ID,
    clusterId: CLUSTER,
    groups: [
      { name: 'readers', grants: [Grants.obsReadOnly('shop-invoices')] },
      { name: 'pod-only', grants: [Grants.smnPublish('events')] },
    ],
    bindings: [
      { namespace: 'shop', serviceAccountName: 'web', iamGroups: ['readers'] },
      { namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers', 'pod-only'], mode: IdentityMode.POD_IDENTITY },
    ],
  });

  test('renders the provider, one rule, the group OIDC bindings join, and no group only pod-identity bindings name', () => {
    const identity = mixed();
    expect(identity.validate()).toEqual([]);
    const out = synthWorkloadIdentity(identity);
    const tf = out.terraform as Tf;
    expect(Object.keys(tf.resource.huaweicloud_identity_provider)).toHaveLength(1);
    expect(Object.values(tf.resource.huaweicloud_identity_group).map((g) => g.name)).toEqual(['readers']);
    // The pod binding's agency still holds the roles of both groups it names.
    const [agency] = Object.values(tf.resource.huaweicloud_identity_agency);
    expect(agency.domain_roles).toHaveLength(1);
    expect(agency.project_role).toHaveLength(1);
    expect(out).toMatchSnapshot();
  });

  test('needs clientId and jwks, named with the OIDC binding and the fix', () => {
    const identity = podOnly({}, [
      POD_BINDING,
      { namespace: 'shop', serviceAccountName: 'web', iamGroups: ['readers'], mode: IdentityMode.OIDC_FEDERATION },
    ]);
    const issues = identity.validate();
    expect(codes(issues)).toEqual([
      'error CLIENT_ID_REQUIRED WorkloadIdentity("shop").clientId',
      'error JWKS_REQUIRED WorkloadIdentity("shop").jwks',
    ]);
    expect(issues[0].rule).toContain('bindings[1] (shop/web) uses OIDC federation');
    expect(issues[0].fix).toMatch(/set clientId.*IdentityMode\.POD_IDENTITY/);
    expect(issues[1].fix).toContain('Jwks.fromFile');
  });
});

test('a binding on OIDC federation added after construction makes clientId and jwks required at synthesis', () => {
  const identity = podOnly();
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-pod-only-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
    new WorkloadIdentityProvider(stack, 'p', { identity });
    identity.addBinding({ namespace: 'shop', serviceAccountName: 'web', iamGroups: ['readers'], mode: IdentityMode.OIDC_FEDERATION });
    let caught: unknown;
    try {
      synthesizeApps({ terraform });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SynthesisValidationError);
    const errors = (caught as SynthesisValidationError).errors.join('\n');
    expect(errors).toContain('WorkloadIdentity("shop").clientId: is not set, but bindings[1] (shop/web) uses OIDC federation');
    expect(errors).toContain('WorkloadIdentity("shop").jwks: is not set, but bindings[1] (shop/web) uses OIDC federation');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a declaration with no binding yet needs them unless its mode is pod identity', () => {
  expect(codes(podOnly({}, []).validate())).toEqual(['error NO_BINDINGS WorkloadIdentity("shop").bindings']);
  expect(codes(podOnly({ mode: IdentityMode.OIDC_FEDERATION }, []).validate())).toEqual([
    'error CLIENT_ID_REQUIRED WorkloadIdentity("shop").clientId',
    'error JWKS_REQUIRED WorkloadIdentity("shop").jwks',
    'error NO_BINDINGS WorkloadIdentity("shop").bindings',
  ]);
});

test('given values are still checked in pod identity', () => {
  expect(codes(podOnly({ clientId: 'has space' }).validate())).toEqual(['error INVALID_CLIENT_ID WorkloadIdentity("shop").clientId']);
  expect(codes(podOnly({ jwks: 'jwks.json' as unknown as Jwks }).validate())).toEqual(['error INVALID_JWKS WorkloadIdentity("shop").jwks']);
});

describe('the identity-provider quota counts only rendered providers', () => {
  const many = (n: number, mode: (i: number) => IdentityMode): WorkloadIdentity[] => Array.from({ length: n }, (_, i) => podOnly({
    providerName: `p${i}`,
    mode: mode(i),
    ...(mode(i) === IdentityMode.OIDC_FEDERATION ? { clientId: 'shop-app', jwks: Jwks.fromObject({ keys: [] }) } : {}),
  }, [{ namespace: 'shop', serviceAccountName: `sa${i}`, iamGroups: ['readers'] }]));

  const OVER_QUOTA = MAX_IDENTITY_PROVIDERS_PER_ACCOUNT + 1;

  test('one pod-identity declaration more than the provider quota: no TOO_MANY_PROVIDERS', () => {
    const identities = many(OVER_QUOTA, () => IdentityMode.POD_IDENTITY);
    expect(codes(validateDeclarations(identities)).filter((c) => c.includes('TOO_MANY_PROVIDERS'))).toEqual([]);
  });

  test('one OIDC declaration more than the quota still warns', () => {
    const identities = many(OVER_QUOTA, () => IdentityMode.OIDC_FEDERATION);
    expect(codes(validateDeclarations(identities))).toContain('warning TOO_MANY_PROVIDERS WorkloadIdentity[*].providerName');
  });

  test('a fleet of pod-identity clusters beyond the provider quota is within it; as many OIDC clusters are not', () => {
    const fleet = (mode: IdentityMode): WorkloadIdentityFleet => new WorkloadIdentityFleet({
      settings: {
        projectId: PROJECT_ID, domainId: DOMAIN_ID, mode, clusterId: CLUSTER,
        clientId: mode === IdentityMode.OIDC_FEDERATION ? 'shop-app' : undefined,
      },
      clusters: Array.from({ length: OVER_QUOTA }, (_, i) => ({
        name: `c${i}`, clusterId: `${String(i).padStart(8, '0')}-0a9e-11ef-8d6c-0255ac100b02`,
      })),
      bindings: [{ namespace: 'shop', serviceAccountName: 'orders', grants: [Grants.obsReadOnly('shop-invoices')] }],
    });
    expect(codes(fleet(IdentityMode.POD_IDENTITY).validate())).toEqual([]);
    expect(codes(fleet(IdentityMode.OIDC_FEDERATION).validate()))
      .toContain(`error FLEET_QUOTA_EXCEEDED WorkloadIdentityFleet("${WorkloadIdentityFleet.DEFAULT_PROVIDER_NAME_PREFIX}").clusters`);
  });
});

test('a pod-identity fleet without clientId and jwks: no identity provider, no group in cdk.tf.json', () => {
  const fleet = new WorkloadIdentityFleet({
    settings: {
      projectId: PROJECT_ID, domainId: DOMAIN_ID, mode: IdentityMode.POD_IDENTITY,
      groups: [{ name: 'readers', grants: [Grants.obsReadOnly('shop-invoices')] }],
    },
    clusters: [{ name: 'a', clusterId: CLUSTER }, { name: 'b', clusterId: '5f3d2c1b-0a9e-11ef-8d6c-0255ac100b02' }],
    bindings: [{ namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] }],
  });
  expect(fleet.validate()).toEqual([]);
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-pod-only-fleet-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
    new WorkloadIdentityFleetProviders(stack, 'fleet', { fleet });
    synthesizeApps({ terraform, write: 'terraform' });
    const tf = JSON.parse(readFileSync(join(root, 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as Tf;
    expect(typesOf(tf)).toEqual(['huaweicloud_cce_cluster_pod_identity_association', 'huaweicloud_identity_agency', 'huaweicloud_identity_role']);
    expect(Object.values(tf.resource.huaweicloud_cce_cluster_pod_identity_association)).toHaveLength(2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
