/** Shared fixtures of the conformance tests: the bundled example and a large generated declaration. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { buildExample } from '../../examples/app';
import { GrantScope, Grants, IamRole, IdentityMode, Jwks, synthesizeApps, WorkloadIdentity } from '../../lib';
import { HuaweicloudProvider } from '../../lib/terraform/huaweicloud';
import { synthWorkloadIdentity, SynthesizedWorkloadIdentity } from '../../lib/testing/synth';
import { loadProviderSchemas, ProviderSchemasDocument } from '../../lib/testing/terraform-schema';
import type { OpenApiV2Document } from '../../lib/testing/kubernetes-schema';
import type { WorkloadServiceAccount } from '../../lib/kubernetes';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

export const REPO = join(__dirname, '..', '..');
export const EXAMPLE_JWKS = join(REPO, 'examples', 'jwks.json');

/** The committed provider-schema subset. */
export function providerSchema(): ProviderSchemasDocument {
  return loadProviderSchemas(join(REPO, 'lib', 'terraform', 'provider-schema', 'huaweicloud.json'));
}

/**
 * The target cluster's OpenAPI v2 document, when `KUBERNETES_OPENAPI_V2` names a file holding it
 * (`kubectl get --raw /openapi/v2 > openapi-v2.json` against a Kubernetes 1.28 cluster). No 1.28
 * schema is published on the npm registry, the only source this repository installs from, so the
 * strict per-version check runs where such a document is supplied and is skipped otherwise.
 */
export function clusterOpenApi(): OpenApiV2Document | undefined {
  const file = process.env.KUBERNETES_OPENAPI_V2;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as OpenApiV2Document) : undefined;
}

/** Synthesizes the bundled example (examples/app.ts) into a temp dir and reads both outputs back. */
export function synthExample(): SynthesizedWorkloadIdentity {
  const out = mkdtempSync(join(tmpdir(), 'cce-wi-conformance-'));
  try {
    const { kubernetes, terraform } = buildExample({
      jwksFile: EXAMPLE_JWKS,
      kubernetesOutdir: join(out, 'dist'),
      terraformOutdir: join(out, 'cdktf.out'),
    });
    expectWarnings(() => synthesizeApps({ kubernetes, terraform }), examplePlaceholderWarnings());
    const manifests = readdirSync(join(out, 'dist')).sort()
      .flatMap((f) => parseAllDocuments(readFileSync(join(out, 'dist', f), 'utf8')).map((d) => d.toJS()))
      .filter((m) => m !== null);
    const tf = JSON.parse(readFileSync(join(out, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json'), 'utf8'));
    return { kubernetes: manifests, terraform: tf };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The workload kinds a binding can be bound to. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const;

/**
 * A declaration with `count` bindings over several namespaces, users and groups: four created
 * groups holding a system role in the region's project, an existing group, one global-only binding,
 * and bindings with grants of their own (dedicated groups, custom policies, every scope kind).
 */
export function largeIdentity(count: number): WorkloadIdentity {
  const identity = new WorkloadIdentity({
    providerName: 'large_workload_identity',
    clientId: 'large-client',
    jwks: Jwks.fromFile(EXAMPLE_JWKS),
    region: 'cn-north-4',
    projectId: '0123456789abcdef0123456789abcdef',
    domainId: 'fedcba9876543210fedcba9876543210',
    iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
    clusterId: '4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02',
    groups: [
      ...[0, 1, 2, 3].map((i) => ({
        name: `group-${i}`,
        grants: [{ role: IamRole.fromSystemName('kms_adm'), scope: GrantScope.projectByName('cn-north-4') }],
      })),
      { name: 'shared readers', existing: true, grants: [{ role: IamRole.fromDisplayName('OBS ReadOnlyAccess'), scope: GrantScope.domain() }] },
    ],
  });
  for (let i = 0; i < count; i++) {
    identity.addBinding({
      namespace: `team-${i % 7}`,
      serviceAccountName: `app-${i}.svc`,
      ...(i % 5 === 4 ? {} : { iamUser: `user_${i}` }),
      iamGroups: i % 3 === 0 ? [`group-${i % 4}`, 'shared readers'] : [`group-${i % 4}`],
      token: { expirationSeconds: 600 + i * 300, path: i % 2 ? `nested/token-${i}` : 'oidc-token', mountPath: `/var/run/secrets/wi-${i % 3}` },
      ...(i % 50 === 1 ? { globalOnly: true } : {}),
      // Every 25th binding uses pod identity (an agency and an association instead of a rule), with
      // roles on the account, in all projects, in the workload project (by id) and, through its group, by region name.
      ...(i % 25 === 3
        ? {
            mode: IdentityMode.POD_IDENTITY,
            grants: [
              Grants.obsReadOnly(`pod-bucket-${i}`),
              Grants.swrImagePull(GrantScope.allProjects()),
              Grants.kmsDecrypt(`1d0466b0-e727-4d9c-b35d-${String(i).padStart(12, '0')}`),
            ],
          }
        : {}),
      ...(i % 10 === 2
        ? {
            grants: [
              Grants.obsReadWrite(`bucket-${i}`),
              Grants.kmsDecrypt(`0d0466b0-e727-4d9c-b35d-${String(i).padStart(12, '0')}`),
              Grants.swrImagePull(GrantScope.allProjects()),
              Grants.smnPublish(`events-${i}`, GrantScope.enterpriseProject('0')),
            ],
          }
        : {}),
    });
  }
  return identity;
}

/** Binds binding i to a workload of kind WORKLOAD_KINDS[i % 6]. */
export function mixedWorkloads(chart: Chart, serviceAccounts: readonly WorkloadServiceAccount[]): void {
  serviceAccounts.forEach((sa, i) => {
    const scope = new Construct(sa, 'Workload');
    const metadata = { name: `w-${i}`, namespace: sa.binding.namespace };
    const containers = [{ name: 'app', image: 'registry.example/app:1.0', portNumber: 8080 }];
    let workload: kplus.AbstractPod;
    switch (WORKLOAD_KINDS[i % WORKLOAD_KINDS.length]) {
      case 'Deployment': workload = new kplus.Deployment(scope, 'W', { metadata, containers, replicas: 2 }); break;
      case 'StatefulSet': workload = new kplus.StatefulSet(scope, 'W', { metadata, containers }); break;
      case 'DaemonSet': workload = new kplus.DaemonSet(scope, 'W', { metadata, containers }); break;
      case 'Job': workload = new kplus.Job(scope, 'W', { metadata, containers, ttlAfterFinished: Duration.minutes(5) }); break;
      case 'CronJob': workload = new kplus.CronJob(scope, 'W', { metadata, containers, schedule: Cron.hourly() }); break;
      default: workload = new kplus.Pod(scope, 'W', { metadata, containers }); break;
    }
    sa.bind(workload);
  });
  void chart;
}

/**
 * Synthesizes the large declaration with mixed workload kinds and, on the Terraform side, a
 * provider block (with a nested block); with the declaration's groups and grants and its
 * pod-identity bindings (agencies, associations) that is every resource type and data source of
 * the committed schema subset.
 */
export function synthLarge(count: number): SynthesizedWorkloadIdentity {
  const identity = largeIdentity(count);
  return synthWorkloadIdentity(identity, {
    workloads: mixedWorkloads,
    terraform: (stack) => {
      new HuaweicloudProvider(stack, 'huaweicloud', {
        region: 'cn-north-4',
        projectId: '0123456789abcdef0123456789abcdef',
        maxRetries: 5,
        insecure: false,
        endpoints: { iam: 'https://iam.cn-north-4.myhuaweicloud.com' },
        domainId: 'fedcba9876543210fedcba9876543210',
        assumeRoleWithOidc: {
          idpId: 'ci_provider',
          idTokenFile: '/var/run/secrets/tokens/oidc-token',
          agencyName: 'ci',
          domainId: 'abc123',
          duration: 3600,
        },
      });
    },
  });
}
