/**
 * Issue 10: one declaration, either mode. What pod identity renders on each side (and what it
 * does not), mixing modes per binding, the agency's roles for every kind of scope, and the checks.
 */
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as kplus from 'cdk8s-plus-28';
import { App as Cdk8sApp, Chart } from 'cdk8s';
import { exampleIdentity } from '../../examples/app';
import {
  GrantScope, Grants, IamRole, IdentityMode, Jwks, synthesizeApps, SynthesisValidationError, WorkloadIdentity,
  WorkloadIdentityFleet, WorkloadIdentityFleetProviders, WorkloadIdentityProps, WorkloadIdentityProvider, WorkloadServiceAccount,
  type ServiceAccountBindingProps, type ValidationIssue,
} from '../../lib';
import { HuaweicloudProvider, TerraformApp, TerraformStack } from '../../lib/terraform/huaweicloud';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';
import { explain, explainPermission, formatExplainReport, synthWorkloadIdentity, type KubernetesManifest } from '../../lib/testing';
import { CLUSTER, DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

const JWKS_FILE = join(__dirname, '..', '..', 'examples', 'jwks.json');

type Tf = {
  provider?: Record<string, Array<Record<string, unknown>>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

function declare(
  overrides: Partial<WorkloadIdentityProps> = {},
  bindings: ServiceAccountBindingProps[] = [{ namespace: 'default', serviceAccountName: 'oidc-token', iamGroups: ['demo'] }],
): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromFile(JWKS_FILE),
    projectId: PROJECT_ID,
    domainId: DOMAIN_ID,
    mode: IdentityMode.POD_IDENTITY,
    clusterId: CLUSTER,
    groups: [{ name: 'demo', grants: [Grants.obsReadOnly('cce-workload-identity-demo')] }],
    bindings,
    ...overrides,
  });
}

const codes = (issues: ValidationIssue[]): string[] => issues.map((i) => `${i.severity} ${i.code} ${i.path}`);
const single = <T>(record: Record<string, T> | undefined): T => {
  const values = Object.values(record ?? {});
  expect(values).toHaveLength(1);
  return values[0];
};
/** The bundled example synthesized: it warns about its placeholder project and account IDs (asserted). */
const synthExample = (mode: IdentityMode, clusterId?: string): ReturnType<typeof synthWorkloadIdentity> =>
  expectWarnings(() => synthWorkloadIdentity(exampleIdentity(JWKS_FILE, mode, clusterId)), examplePlaceholderWarnings());

describe('the example with WORKLOAD_IDENTITY_MODE=pod-identity and CCE_CLUSTER_ID (the issue\'s "done when")', () => {
  const out = synthExample(IdentityMode.POD_IDENTITY, CLUSTER);
  const tf = out.terraform as Tf;

  test('an association (that cluster, default, oidc-token) whose agency_name refers to an agency of the stack holding the example\'s grant', () => {
    const association = single(tf.resource.huaweicloud_cce_cluster_pod_identity_association);
    expect(association).toMatchObject({ cluster_id: CLUSTER, namespace: 'default', service_account: 'oidc-token' });
    const [address] = Object.keys(tf.resource.huaweicloud_identity_agency);
    expect(association.agency_name).toBe(`\${huaweicloud_identity_agency.${address}.name}`);
    const agency = tf.resource.huaweicloud_identity_agency[address];
    expect(agency).toMatchObject({ name: 'workload_identity.default.oidc-token', delegated_service_name: 'op_svc_cce' });
    // The example's grant: read-only on the bucket, a global (AX) custom policy on the account.
    const [policy] = Object.entries(tf.resource.huaweicloud_identity_role).find(([, r]) => r.name === 'cce-wi-obs-read-cce-workload-identity-demo')!;
    expect(agency.domain_roles).toEqual([`\${huaweicloud_identity_role.${policy}.name}`]);
    expect(agency.project_role).toBeUndefined();
  });

  test('no identity provider and no conversion resource', () => {
    expect(tf.resource.huaweicloud_identity_provider).toBeUndefined();
    expect(tf.resource.huaweicloud_identity_provider_conversion).toBeUndefined();
  });

  test('a Deployment running as default/oidc-token without a projected token or SDK variables', () => {
    const deployment = out.kubernetes.find((m) => m.kind === 'Deployment')! as KubernetesManifest & {
      spec: {
        template: {
          metadata: { namespace?: string };
          spec: Record<string, unknown> & { containers: Array<Record<string, unknown>>; volumes?: Array<Record<string, unknown>> };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    expect(deployment.metadata.namespace).toBe('default');
    expect(pod.serviceAccountName).toBe('oidc-token');
    expect(JSON.stringify(pod)).not.toMatch(/projected|serviceAccountToken|HUAWEICLOUD_SDK_/);
    expect(out.kubernetes.find((m) => m.kind === 'ServiceAccount')?.metadata).toEqual({ name: 'oidc-token', namespace: 'default' });
  });

  test('snapshot of both sides', () => {
    expect(out).toMatchSnapshot();
  });
});

test('the manifests of the two modes differ exactly by the projected token volume, its mounts and the SDK variables', () => {
  const oidc = synthExample(IdentityMode.OIDC_FEDERATION).kubernetes;
  const pod = synthExample(IdentityMode.POD_IDENTITY, CLUSTER).kubernetes;
  const removed: string[] = [];
  const strip = (manifests: readonly KubernetesManifest[]): unknown =>
    JSON.parse(JSON.stringify(manifests), function (this: unknown, key: string, value: unknown) {
      if (Array.isArray(value) && key === 'volumes') {
        const kept = value.filter((v: { projected?: unknown; name: string }) =>
          v.projected === undefined ? true : (removed.push(`volume ${v.name}`), false),
        );
        return kept.length === 0 ? undefined : kept;
      }
      if (Array.isArray(value) && key === 'volumeMounts') {
        const kept = value.filter((m: { name: string; mountPath: string }) =>
          m.name !== 'workload-identity-token' ? true : (removed.push(`mount ${m.mountPath}`), false),
        );
        return kept.length === 0 ? undefined : kept;
      }
      if (Array.isArray(value) && key === 'env') {
        const kept = value.filter((e: { name: string }) => (e.name.startsWith('HUAWEICLOUD_SDK_') ? (removed.push(`env ${e.name}`), false) : true));
        return kept.length === 0 ? undefined : kept;
      }
      return value;
    });
  expect(strip(oidc)).toEqual(strip(pod));
  expect(removed.sort()).toEqual([
    'env HUAWEICLOUD_SDK_DOMAIN_ID',
    'env HUAWEICLOUD_SDK_IDP_ID',
    'env HUAWEICLOUD_SDK_ID_TOKEN_FILE',
    'env HUAWEICLOUD_SDK_PROJECT_ID',
    'env HUAWEICLOUD_SDK_REGION',
    'mount /var/run/secrets/tokens',
    'volume workload-identity-token',
  ]);
});

test('modes mix per binding: one rule for the OIDC binding, an agency and an association for the pod one', () => {
  const identity = declare({ mode: IdentityMode.OIDC_FEDERATION }, [
    { namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['demo'] },
    { namespace: 'shop', serviceAccountName: 'billing', iamGroups: ['demo'], mode: IdentityMode.POD_IDENTITY, grants: [Grants.smnPublish('events')] },
  ]);
  expect(identity.validate()).toEqual([]);
  const out = synthWorkloadIdentity(identity);
  const tf = out.terraform as Tf;
  const conversion = single(tf.resource.huaweicloud_identity_provider_conversion);
  expect((conversion.conversion_rules as Array<{ remote: Array<{ value: string[] }> }>).map((r) => r.remote[0].value[0])).toEqual([
    'system:serviceaccount:shop:orders',
  ]);
  expect(single(tf.resource.huaweicloud_cce_cluster_pod_identity_association)).toMatchObject({ namespace: 'shop', service_account: 'billing' });
  // The pod binding's own grant lands in its agency, not in a dedicated group.
  expect(Object.values(tf.resource.huaweicloud_identity_group).map((g) => g.name)).toEqual(['demo']);
  const agency = single(tf.resource.huaweicloud_identity_agency);
  expect(agency.domain_roles).toHaveLength(1);
  expect(agency.project_role).toEqual([{ project: expect.stringMatching(/^\$\{data\.huaweicloud_identity_projects\..*\.projects\[0\]\.name\}$/), roles: [expect.stringMatching(/^\$\{huaweicloud_identity_role\..*\.name\}$/)] }]);
  const deployments = out.kubernetes.filter((m) => m.kind === 'Deployment');
  expect(deployments.map((d) => JSON.stringify(d).includes('projected'))).toEqual([true, false]);
});

test('every kind of scope maps to the agency\'s role blocks; system roles by display name', () => {
  const identity = declare({ groups: [] }, [{
    namespace: 'shop', serviceAccountName: 'app', agencyName: 'shop.app',
    grants: [
      Grants.obsReadOnly('bucket-b'),                                      // domain
      Grants.swrImagePull(GrantScope.allProjects()),                       // all projects
      Grants.kmsDecrypt('0d0466b0-e727-4d9c-b35d-f84bb474a37f'),           // workload project, by id
      { role: IamRole.fromSystemName('kms_adm'), scope: GrantScope.projectByName('cn-north-4') },
      { role: IamRole.fromDisplayName('SWR ReadOnlyAccess'), scope: GrantScope.project(PROJECT_ID) },
    ],
  }]);
  expect(identity.validate()).toEqual([]);
  const tf = synthWorkloadIdentity(identity).terraform as Tf;
  const agency = single(tf.resource.huaweicloud_identity_agency);
  expect(agency.name).toBe('shop.app');
  expect(agency.domain_roles).toEqual([expect.stringMatching(/^\$\{huaweicloud_identity_role\..*\.name\}$/)]);
  expect(agency.all_resources_roles).toEqual([expect.stringMatching(/^\$\{huaweicloud_identity_role\..*\.name\}$/)]);
  const projects = agency.project_role as Array<{ project: string; roles: string[] }>;
  expect(projects).toHaveLength(2);
  const byId = Object.entries(tf.data!.huaweicloud_identity_projects).find(([, d]) => d.project_id === PROJECT_ID)![0];
  const byName = Object.entries(tf.data!.huaweicloud_identity_projects).find(([, d]) => d.name === 'cn-north-4')![0];
  expect(projects.find((p) => p.project.includes(byId))?.roles).toEqual([expect.stringMatching(/identity_role\..*\.name\}$/), expect.stringMatching(/^\$\{data\.huaweicloud_identity_role\..*\.display_name\}$/)]);
  expect(projects.find((p) => p.project.includes(byName))?.roles).toEqual([expect.stringMatching(/^\$\{data\.huaweicloud_identity_role\..*\.display_name\}$/)]);
  // The same reader explain and the emulator use relates every role back to the agency.
  const permissions = explainPermission(tf, {
    serviceAccount: 'shop/app',
    action: 'kms:cmk:decrypt',
    resource: 'KMS:*:*:KeyId:0d0466b0-e727-4d9c-b35d-f84bb474a37f',
    project: PROJECT_ID,
  });
  expect(permissions.allowed).toBe(true);
});

describe('checks', () => {
  const issuesOf = (identity: WorkloadIdentity): string[] => codes(identity.validate());

  test('pod identity needs a valid cluster ID; the placeholder warns', () => {
    expect(issuesOf(declare({ clusterId: undefined }))).toEqual([
      'error POD_IDENTITY_NEEDS_CLUSTER_ID WorkloadIdentity("workload_identity").clusterId',
    ]);
    expect(issuesOf(declare({ clusterId: 'my-cluster' }))).toEqual(['error INVALID_CLUSTER_ID WorkloadIdentity("workload_identity").clusterId']);
    expect(issuesOf(declare({ clusterId: ` ${CLUSTER}` }))).toEqual(['error INVALID_CLUSTER_ID WorkloadIdentity("workload_identity").clusterId']);
    expect(issuesOf(declare({ clusterId: WorkloadIdentity.PLACEHOLDER_CLUSTER_ID }))).toEqual([
      'warning PLACEHOLDER_CLUSTER_ID WorkloadIdentity("workload_identity").clusterId',
    ]);
    // An OIDC-only declaration needs none.
    expect(issuesOf(declare({ clusterId: undefined, mode: IdentityMode.OIDC_FEDERATION }))).toEqual([]);
  });

  test('mode values, and agencyName only with pod identity, within IAM\'s agency name rule, once', () => {
    expect(issuesOf(declare({ mode: 'pod' as IdentityMode }))).toContain('error INVALID_IDENTITY_MODE WorkloadIdentity("workload_identity").mode');
    expect(issuesOf(declare({}, [{ serviceAccountName: 'a', iamGroups: ['demo'], mode: 'x' as IdentityMode }]))).toContain(
      'error INVALID_IDENTITY_MODE WorkloadIdentity("workload_identity").bindings[0].mode',
    );
    expect(issuesOf(declare({ mode: IdentityMode.OIDC_FEDERATION }, [{ serviceAccountName: 'a', iamGroups: ['demo'], agencyName: 'x' }]))).toEqual([
      'error AGENCY_NAME_WITHOUT_POD_IDENTITY WorkloadIdentity("workload_identity").bindings[0].agencyName',
    ]);
    expect(issuesOf(declare({}, [{ serviceAccountName: 'a', iamGroups: ['demo'], agencyName: 'has space' }]))).toEqual([
      'error INVALID_AGENCY_NAME WorkloadIdentity("workload_identity").bindings[0].agencyName',
    ]);
    expect(issuesOf(declare({}, [{ serviceAccountName: 'a', iamGroups: ['demo'], agencyName: 'x'.repeat(65) }]))).toEqual([
      'error INVALID_AGENCY_NAME WorkloadIdentity("workload_identity").bindings[0].agencyName',
    ]);
    expect(issuesOf(declare({}, [{ serviceAccountName: 'a', iamGroups: ['demo'], agencyName: 'op_svc_cce' }]))).toEqual([
      'error INVALID_AGENCY_NAME WorkloadIdentity("workload_identity").bindings[0].agencyName',
    ]);
    expect(
      issuesOf(
        declare({}, [
          { serviceAccountName: 'a', iamGroups: ['demo'], agencyName: 'same' },
          { serviceAccountName: 'b', iamGroups: ['demo'], agencyName: 'same' },
        ]),
      ),
    ).toEqual(['error DUPLICATE_AGENCY_NAME WorkloadIdentity("workload_identity").bindings[1].agencyName']);
  });

  test('a derived agency name fits IAM\'s 64 characters', () => {
    const identity = declare({}, [{ namespace: 'n'.repeat(63), serviceAccountName: 's'.repeat(200), iamGroups: ['demo'] }]);
    expect(identity.validate()).toEqual([]);
    const name = identity.bindings[0].agencyName!;
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^workload_identity\.n+.*-[0-9a-f]{8}$/);
  });

  test('what an agency cannot hold or copy: enterprise projects (error), groups the declaration does not grant (warning), nothing (warning)', () => {
    expect(issuesOf(declare({}, [{ serviceAccountName: 'a', grants: [Grants.smnPublish('t', GrantScope.enterpriseProject('0'))] }])))
      .toEqual(['error POD_IDENTITY_ENTERPRISE_PROJECT_GRANT WorkloadIdentity("workload_identity").bindings[0].grants[0].scope']);
    expect(issuesOf(declare({ groups: [{ name: 'ops', existing: true }] }, [{ serviceAccountName: 'a', iamGroups: ['ops', 'undeclared'] }]))).toEqual(
      [
        'warning POD_IDENTITY_GROUP_ROLES_NOT_COPIED WorkloadIdentity("workload_identity").bindings[0].iamGroups[0]',
        'warning POD_IDENTITY_GROUP_ROLES_NOT_COPIED WorkloadIdentity("workload_identity").bindings[0].iamGroups[1]',
        'warning POD_IDENTITY_WITHOUT_GRANTS WorkloadIdentity("workload_identity").bindings[0].grants',
      ],
    );
  });

  test('iamUser and token stay allowed, so switching a binding is one change', () => {
    expect(
      issuesOf(
        declare({}, [
          { serviceAccountName: 'oidc-token', iamUser: 'test', iamGroups: ['demo'], token: { expirationSeconds: 7200, path: 'oidc-token' } },
        ]),
      ),
    ).toEqual([]);
  });
});

/** The same ServiceAccount, with a grant of its own (another declaration would clash over group "demo"). */
const OWN_GRANT: ServiceAccountBindingProps[] = [
  { namespace: 'default', serviceAccountName: 'oidc-token', grants: [Grants.obsReadOnly('another-bucket')] },
];

describe('across apps and sides', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'cce-wi-pod-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function apps(...identities: WorkloadIdentity[]): { kubernetes: Cdk8sApp[]; terraform: TerraformApp } {
    const terraform = new TerraformApp({ outdir: join(root, 'tf') });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
    const kubernetes = identities.map((identity, i) => {
      const app = new Cdk8sApp({ outdir: join(root, `k8s-${i}`) });
      const chart = new Chart(app, 'c');
      for (const binding of identity.bindings) {
        const sa = new WorkloadServiceAccount(chart, `sa-${binding.serviceAccountName}`, { binding });
        sa.bind(
          new kplus.Deployment(chart, `d-${binding.serviceAccountName}`, {
            metadata: { namespace: binding.namespace },
            containers: [{ image: 'x' }],
          }),
        );
      }
      new WorkloadIdentityProvider(stack, `p${i}`, { identity });
      return app;
    });
    return { kubernetes, terraform };
  }

  test('a pod-identity binding of the same ServiceAccount in a second app is reported (one association per ServiceAccount)', () => {
    const first = declare();
    const second = declare({ providerName: 'second_app', groups: [] }, OWN_GRANT);
    const caught = (() => {
      try {
        synthesizeApps({ ...apps(first, second), write: 'all' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(caught).toBeInstanceOf(SynthesisValidationError);
    expect((caught as SynthesisValidationError).errors).toEqual([
      expect.stringMatching(/is also bound with pod identity in cluster 4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02 by WorkloadIdentity\("workload_identity"\)\.bindings\[0\]; CCE allows one pod identity association per ServiceAccount/),
    ]);
  });

  test('the same ServiceAccount in two clusters is fine', () => {
    const first = declare();
    const second = declare({ providerName: 'second_cluster', clusterId: '5f3d2c1b-0a9e-11ef-8d6c-0255ac100b02', groups: [] }, OWN_GRANT);
    expect(() => synthesizeApps({ ...apps(first, second), write: 'all' })).not.toThrow();
  });

  test('a workload in another namespace is still refused for a pod-identity binding', () => {
    const identity = declare();
    const app = new Cdk8sApp({ outdir: join(root, 'k') });
    const chart = new Chart(app, 'c', { namespace: 'elsewhere' });
    new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] }).bind(
      new kplus.Deployment(chart, 'd', { containers: [{ image: 'x' }] }),
    );
    expect(() => synthesizeApps({ kubernetes: app })).toThrow(/NAMESPACE_MISMATCH|must be "default", the ServiceAccount's namespace/);
  });

  test('a provider block without domain_id is warned about (the provider creates agencies with it)', () => {
    const terraform = new TerraformApp({ outdir: join(root, 'tf2') });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
    new WorkloadIdentityProvider(stack, 'p', { identity: declare() });
    // A Terraform-side warning: an annotation, nothing printed (an unexpected console warning fails the test).
    synthesizeApps({ terraform });
    const annotations = stack.node.findAll().flatMap((c) => c.node.metadata.map((m) => String(m.data)));
    expect(
      annotations.some((a) => a.includes('AGENCY_NEEDS_PROVIDER_DOMAIN_ID') || a.includes('creates with the domain_id of its own configuration')),
    ).toBe(true);
  });
});

test('explain on the synthesized pod-identity example: the association, and --can as its agency', async () => {
  const tf = synthExample(IdentityMode.POD_IDENTITY, CLUSTER).terraform;
  const text = formatExplainReport(await explain(tf));
  expect(text).toContain(
    `ServiceAccount default/oidc-token in cluster ${CLUSTER} -> agency "workload_identity.default.oidc-token" (trusts cloud service op_svc_cce)`,
  );
  const can = explainPermission(tf, {
    serviceAccount: 'default/oidc-token',
    action: 'obs:object:GetObject',
    resource: 'OBS:*:*:object:cce-workload-identity-demo/a.csv',
  });
  expect(can).toMatchObject({ allowed: true, verdicts: [{ agency: 'workload_identity.default.oidc-token' }] });
});

test('a fleet in pod identity: one agency and one association per cluster, each with its cluster ID', () => {
  const jwks = Jwks.fromFile(JWKS_FILE);
  const fleet = new WorkloadIdentityFleet({
    settings: { clientId: 'shop-app', region: 'cn-north-4', projectId: PROJECT_ID, domainId: DOMAIN_ID, mode: IdentityMode.POD_IDENTITY },
    clusters: [{ name: 'a', jwks, clusterId: CLUSTER }, { name: 'b', jwks, clusterId: '5f3d2c1b-0a9e-11ef-8d6c-0255ac100b02' }],
  });
  fleet.addBinding({ namespace: 'shop', serviceAccountName: 'order', grants: [Grants.obsReadOnly('invoices-bucket')] });
  const root = mkdtempSync(join(tmpdir(), 'cce-wi-pod-fleet-'));
  try {
    const terraform = new TerraformApp({ outdir: root });
    const stack = new TerraformStack(terraform, 'iam');
    new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4', domainId: DOMAIN_ID });
    new WorkloadIdentityFleetProviders(stack, 'fleet', { fleet });
    synthesizeApps({ terraform, write: 'terraform' });
    const tf = JSON.parse(readFileSync(join(root, 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as Tf;
    expect(Object.values(tf.resource.huaweicloud_cce_cluster_pod_identity_association).map((a) => a.cluster_id)).toEqual([
      CLUSTER,
      '5f3d2c1b-0a9e-11ef-8d6c-0255ac100b02',
    ]);
    expect(Object.values(tf.resource.huaweicloud_identity_agency).map((a) => a.name)).toEqual([
      'workload_identity_a.shop.order',
      'workload_identity_b.shop.order',
    ]);
    expect(tf.resource.huaweicloud_identity_provider).toBeUndefined();
    expect(Object.keys(tf.resource.huaweicloud_identity_role)).toHaveLength(1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
