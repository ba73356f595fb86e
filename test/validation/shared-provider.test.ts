/**
 * Class 6 of issue 11: declarations that share a provider name must agree even when each app
 * renders only one side — e.g. a Kubernetes app built from a declaration whose clientId differs
 * from the declaration behind the Terraform app's identity provider of the same name. Checked
 * whenever both apps are synthesized together (synthesizeApps, the snapshot helper).
 */
import { reported } from '../support/reported';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  IdentityMode, Jwks, ServiceAccountBindingProps, synthesizeApps, SynthesisValidationError, WorkloadIdentity, WorkloadIdentityProps,
  WorkloadIdentityProvider, WorkloadServiceAccount,
} from '../../lib';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { validateDeclarations } from '../../lib/core/declaration/declarations';
import { keys, PUBLIC_JWK, PUBLIC_JWKS } from './fixtures';
import { PROJECT_ID } from '../fixtures/ids';

const BINDING: ServiceAccountBindingProps = { namespace: 'shop', serviceAccountName: 'orders', iamUser: 'orders', iamGroups: ['obs-readers'] };

/** A fresh declaration object each call: the two apps of a pipeline build their own. */
function declare(overrides: Partial<WorkloadIdentityProps> = {}, bindings: ServiceAccountBindingProps[] = [BINDING]): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'shared_idp',
    clientId: 'cluster-prod',
    jwks: Jwks.fromObject(PUBLIC_JWKS),
    projectId: PROJECT_ID,
    bindings,
    ...overrides,
  });
}

interface Apps {
  readonly root: string;
  readonly kubernetes: Cdk8sApp;
  readonly terraform: TerraformApp;
}

/** A Kubernetes app rendering `k8s`'s first binding and a Terraform app rendering `tf`. */
function apps(k8s: WorkloadIdentity, tf: WorkloadIdentity): Apps {
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-shared-'));
  const kubernetes = new Cdk8sApp({ outdir: join(root, 'dist') });
  const chart = new Chart(kubernetes, 'shop', { namespace: 'shop' });
  const sa = new WorkloadServiceAccount(chart, 'orders-sa', { binding: k8s.bindings[0] });
  sa.bind(
    new kplus.Deployment(chart, 'orders', { containers: [{ name: 'app', image: 'nginxinc/nginx-unprivileged:1.27-alpine', portNumber: 8080 }] }),
  );
  const terraform = new TerraformApp({ outdir: join(root, 'cdktf.out'), skipBackendValidation: true });
  const stack = new TerraformStack(terraform, 'iam');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
  new WorkloadIdentityProvider(stack, 'idp', { identity: tf });
  return { root, kubernetes, terraform };
}

function attempt(k8s: WorkloadIdentity, tf: WorkloadIdentity): { error?: Error; written: string[]; apps: Apps } {
  const a = apps(k8s, tf);
  try {
    let error: Error | undefined;
    try {
      synthesizeApps({ kubernetes: a.kubernetes, terraform: a.terraform });
    } catch (e) {
      error = e as Error;
    }
    const written = readdirSync(a.root, { recursive: true }).map(String).filter((f) => /\.(yaml|json)$/.test(f));
    return { error, written, apps: a };
  } finally {
    rmSync(a.root, { recursive: true, force: true });
  }
}

test('two declaration objects with the same values agree: both sides are written', () => {
  const result = attempt(declare(), declare());
  expect(result.error).toBeUndefined();
  expect(result.written.some((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  expect(result.written.some((f) => f.endsWith('cdk.tf.json'))).toBe(true);
});

test.each<[string, Partial<WorkloadIdentityProps>, string]>([
  ['clientId (the token audience)', { clientId: 'cluster-staging' }, 'clientId'],
  ['issuer', { issuer: 'https://oidc.other-cluster.example' }, 'issuer'],
  ['JWKS', { jwks: Jwks.fromObject({ keys: [keys.ecPublic] }) }, 'jwks'],
])('the Kubernetes side\'s declaration has another %s: an error at the ServiceAccount, nothing written', (_name, override, field) => {
  const result = attempt(declare(override), declare());
  expect(result.error).toBeInstanceOf(SynthesisValidationError);
  const message = reported(result.error!);
  expect(message).toContain(`[shop/orders-sa] WorkloadIdentity("shared_idp").${field}:`);
  expect(message).toContain('rendered at iam/idp');
  expect(message).toContain(field);
  expect(result.written).toEqual([]);
});

test('the message shows both client IDs, so the user sees which one is wrong', () => {
  const message = reported(attempt(declare({ clientId: 'cluster-staging' }), declare()).error!);
  expect(message).toContain('clientId: "cluster-staging" here, "cluster-prod" there');
});

test('a ServiceAccount the provider\'s declaration does not bind is an error', () => {
  const other: ServiceAccountBindingProps = { namespace: 'shop', serviceAccountName: 'payments', iamUser: 'payments', iamGroups: ['obs-readers'] };
  const result = attempt(declare({}, [other]), declare());
  expect(reported(result.error!)).toContain('is not bound in the declaration behind identity provider "shared_idp"');
  expect(result.written).toEqual([]);
});

test('a ServiceAccount bound to another IAM user or groups on the provider\'s side is an error', () => {
  const result = attempt(declare({}, [{ ...BINDING, iamGroups: ['admins'] }]), declare());
  expect(reported(result.error!)).toContain('maps to another IAM user or groups than WorkloadIdentity("shared_idp").bindings[0]');
});

test('different provider names are independent declarations: no cross-check', () => {
  const result = attempt(declare({ providerName: 'other_idp', clientId: 'cluster-staging' }), declare());
  expect(result.error).toBeUndefined();
});

test('the snapshot helper checks it too (workloads of another declaration with the same provider name)', () => {
  const staging = declare({ clientId: 'cluster-staging' });
  const attempt = (): unknown => synthWorkloadIdentity(declare(), {
    workloads: (chart) => {
      const sa = new WorkloadServiceAccount(chart, 'staging-sa', { binding: staging.bindings[0] });
      sa.bind(
        new kplus.Deployment(chart, 'staging', {
          metadata: { namespace: 'shop' },
          containers: [{ name: 'app', image: 'nginxinc/nginx-unprivileged:1.27-alpine', portNumber: 8080 }],
        }),
      );
    },
  });
  expect(attempt).toThrow(SynthesisValidationError);
  let error: Error | undefined;
  try {
    attempt();
  } catch (e) {
    error = e as Error;
  }
  expect(reported(error!)).toMatch(/clientId: "cluster-staging" here, "cluster-prod" there/);
});

test('documented limit: each side synthesized on its own cannot see the other declaration', () => {
  const a = apps(declare({ clientId: 'cluster-staging' }), declare());
  try {
    expect(() => synthesizeApps({ kubernetes: a.kubernetes })).not.toThrow();
    expect(() => synthesizeApps({ terraform: a.terraform })).not.toThrow();
  } finally {
    rmSync(a.root, { recursive: true, force: true });
  }
});

describe('one signing key trusted by two providers (SHARED_SIGNING_KEY) only when they could admit the same token', () => {
  const OTHER_KEY = Jwks.fromObject({ keys: [keys.ecPublic] });
  const BOTH_KEYS = Jwks.fromObject({ keys: [keys.ecPublic, PUBLIC_JWK] });
  const shared = (a: Partial<WorkloadIdentityProps>, b: Partial<WorkloadIdentityProps>): string[] =>
    validateDeclarations([declare({ providerName: 'cluster_a', ...a }), declare({ providerName: 'cluster_b', ...b })])
      .filter((i) => i.code === 'SHARED_SIGNING_KEY').map((i) => `${i.path}: ${i.rule}`);

  test.each<[string, Partial<WorkloadIdentityProps>, Partial<WorkloadIdentityProps>, number]>([
    ['same issuer, same key, same client ID: an error', {}, {}, 1],
    ['same issuer, one key in common among others, same client ID: an error', {}, { jwks: BOTH_KEYS }, 1],
    ['same issuer, same key, different client IDs: the token\'s aud admits it to one only', {}, { clientId: 'cluster-staging' }, 0],
    ['different issuers, same key, same client ID: iss keeps them apart', {}, { issuer: 'https://oidc.other-cluster.example' }, 0],
    ['same issuer and client ID, no key in common', {}, { jwks: OTHER_KEY }, 0],
    ['a pod-identity-only declaration (no provider rendered) with the same key and client ID', {},
      { mode: IdentityMode.POD_IDENTITY, clusterId: '4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02' }, 0],
  ])('%s', (_name, a, b, expected) => {
    const found = shared(a, b);
    expect(found).toHaveLength(expected);
    if (expected > 0) expect(found[0]).toMatch(/^WorkloadIdentity\("cluster_b"\)\.jwks\.keys\[\d\]: is also trusted by WorkloadIdentity\("cluster_a"\)/);
  });

  test('three providers: the one sharing key and client ID with the first is reported, the one with its own client ID is not', () => {
    const issues = validateDeclarations([
      declare({ providerName: 'cluster_a' }),
      declare({ providerName: 'cluster_b', clientId: 'cluster-staging' }),
      declare({ providerName: 'cluster_c' }),
    ]).filter((i) => i.code === 'SHARED_SIGNING_KEY');
    expect(issues.map((i) => i.path)).toEqual(['WorkloadIdentity("cluster_c").jwks.keys[0]']);
    expect(issues[0].rule).toContain('with the same issuer and client ID');
  });
});
