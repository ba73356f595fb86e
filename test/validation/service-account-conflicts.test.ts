/**
 * Issue 21: one ServiceAccount of one cluster bound by two declarations of one app, in two modes
 * or twice with OIDC federation (SERVICE_ACCOUNT_BOUND_TWICE), naming both rendering constructs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Grants, IdentityMode, Jwks, synthesizeApps, SynthesisValidationError, WorkloadIdentity, WorkloadIdentityFleet, WorkloadIdentityProps,
  WorkloadIdentityProvider, type ServiceAccountBindingProps,
} from '../../lib';
import { validateDeclarations } from '../../lib/core/declaration/declarations';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { keys, PUBLIC_JWKS } from './fixtures';
import { CLUSTER, DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

const OTHER_CLUSTER = '5f3d2c1b-0a9e-11ef-8d6c-0255ac100b02';
const ORDERS: ServiceAccountBindingProps = { namespace: 'shop', serviceAccountName: 'orders', grants: [Grants.obsReadOnly('shop-invoices')] };

function oidc(overrides: Partial<WorkloadIdentityProps> = {}, bindings: ServiceAccountBindingProps[] = [ORDERS]): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'shop_oidc', clientId: 'shop-app', jwks: Jwks.fromObject(PUBLIC_JWKS), projectId: PROJECT_ID, domainId: DOMAIN_ID, bindings,
    ...overrides,
  });
}

function pod(overrides: Partial<WorkloadIdentityProps> = {}, bindings: ServiceAccountBindingProps[] = [ORDERS]): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'shop_pod', mode: IdentityMode.POD_IDENTITY, clusterId: CLUSTER, projectId: PROJECT_ID, domainId: DOMAIN_ID, bindings, ...overrides,
  });
}

const conflicts = (...identities: WorkloadIdentity[]): string[] =>
  validateDeclarations(identities).filter((i) => i.code === 'SERVICE_ACCOUNT_BOUND_TWICE').map((i) => `${i.path} ${i.value}`);

test('OIDC and pod identity of one cluster (same clusterId) bind one ServiceAccount: refused at synthesis, naming both constructs', () => {
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-sa-twice-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
    new WorkloadIdentityProvider(stack, 'oidc', { identity: oidc({ clusterId: CLUSTER }) });
    new WorkloadIdentityProvider(stack, 'pod', { identity: pod() });
    let caught: unknown;
    try {
      synthesizeApps({ terraform });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SynthesisValidationError);
    const [error] = (caught as SynthesisValidationError).errors;
    expect((caught as SynthesisValidationError).errors).toHaveLength(1);
    expect(error).toContain('WorkloadIdentity("shop_pod").bindings[0]: "shop/orders" is the ServiceAccount of cluster ' + CLUSTER);
    expect(error).toContain('WorkloadIdentity("shop_oidc") (rendered at iam/oidc).bindings[0] also binds');
    expect(error).toContain('with pod identity here and OIDC federation there');
    expect(error).toContain('here: WorkloadIdentity("shop_pod") (rendered at iam/pod)');
    expect(error).toContain('Fix: bind the ServiceAccount in one declaration only');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.each<[string, () => WorkloadIdentity[], string[]]>([
  ['OIDC + pod identity, the same cluster known by a key both trust', () => [oidc(), pod({ jwks: Jwks.fromObject(PUBLIC_JWKS) })],
    ['WorkloadIdentity("shop_pod").bindings[0] "shop/orders"']],
  ['two OIDC declarations trusting one key, with different client IDs', () => [oidc(), oidc({ providerName: 'shop_other', clientId: 'other-app' })],
    ['WorkloadIdentity("shop_other").bindings[0] "shop/orders"']],
  ['OIDC + pod identity in different clusters', () => [oidc({ clusterId: OTHER_CLUSTER }), pod()], []],
  ['two OIDC declarations trusting different keys (different clusters)', () => [
    oidc(), oidc({ providerName: 'shop_other', clientId: 'other-app', jwks: Jwks.fromObject({ keys: [keys.ecPublic] }) }),
  ], []],
  ['different ServiceAccounts of one cluster', () => [oidc({ clusterId: CLUSTER }), pod({}, [{ ...ORDERS, serviceAccountName: 'billing' }])], []],
  ['not known to be one cluster (OIDC without clusterId, pod identity without jwks): not claimed', () => [oidc(), pod()], []],
  ['two pod-identity declarations: reported once, as DUPLICATE_POD_IDENTITY_ASSOCIATION', () => [pod(), pod({ providerName: 'shop_pod_2' })], []],
])('%s', (_name, build, expected) => {
  expect(conflicts(...build())).toEqual(expected);
});

test('two pod-identity declarations of one cluster keep their own code', () => {
  expect(validateDeclarations([pod(), pod({ providerName: 'shop_pod_2' })]).filter((i) => i.severity === 'error').map((i) => i.code))
    .toEqual(['DUPLICATE_POD_IDENTITY_ASSOCIATION']);
});

test('the clusters of a fleet are different clusters, whatever keys they trust', () => {
  const jwks = Jwks.fromObject(PUBLIC_JWKS);
  const fleet = new WorkloadIdentityFleet({
    settings: { clientId: 'shop-app', projectId: PROJECT_ID, domainId: DOMAIN_ID },
    clusters: [{ name: 'a', jwks }, { name: 'b', jwks, clientId: 'other-app' }],
    bindings: [ORDERS],
  });
  expect(fleet.validate().map((i) => i.code)).not.toContain('SERVICE_ACCOUNT_BOUND_TWICE');
});
