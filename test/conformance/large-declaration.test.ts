/**
 * A large generated declaration — 200 bindings over 7 namespaces, each bound to a workload of a
 * different kind (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), plus every resource type
 * and data source of the schema subset — conforms to the provider schema and the Kubernetes API
 * (kubernetes-models; and the target cluster's own OpenAPI document when supplied).
 */
import { createKubernetesOpenApiValidator, formatKubernetesSchemaIssues, validateWithKubernetesModels } from '../../lib/testing/kubernetes-schema';
import { formatTerraformSchemaIssue, validateTerraformJson } from '../../lib/testing/terraform-schema';
import { SynthesizedWorkloadIdentity } from '../../lib/testing/synth';
import { clusterOpenApi, providerSchema, synthLarge, WORKLOAD_KINDS } from './helpers';

const BINDINGS = 200;
let out: SynthesizedWorkloadIdentity;
beforeAll(() => {
  out = synthLarge(BINDINGS);
});

test('the output holds every binding, every workload kind and every schema type (not vacuous)', () => {
  const count = (kind: string): number => out.kubernetes.filter((m) => m.kind === kind).length;
  expect(count('ServiceAccount')).toBe(BINDINGS);
  for (const kind of WORKLOAD_KINDS) expect(count(kind)).toBeGreaterThanOrEqual(Math.floor(BINDINGS / WORKLOAD_KINDS.length));
  const tf = out.terraform as {
    provider: Record<string, unknown[]>;
    resource: Record<string, Record<string, { conversion_rules?: unknown[] }>>;
    data: Record<string, unknown>;
  };
  const schema = providerSchema().provider_schemas['registry.terraform.io/huaweicloud/huaweicloud'];
  expect(Object.keys(tf.resource).sort()).toEqual(Object.keys(schema.resource_schemas ?? {}).sort());
  expect(Object.keys(tf.data).sort()).toEqual(['huaweicloud_identity_group', 'huaweicloud_identity_projects', 'huaweicloud_identity_role']);
  expect(Object.keys(tf.provider)).toEqual(['huaweicloud']);
  const conversions = Object.values(tf.resource.huaweicloud_identity_provider_conversion);
  expect(conversions).toHaveLength(1);
  // One rule per OIDC binding; one agency and one association per pod-identity binding (every 25th).
  const pods = Math.ceil((BINDINGS - 3) / 25);
  expect(conversions[0].conversion_rules).toHaveLength(BINDINGS - pods);
  expect(Object.keys(tf.resource.huaweicloud_identity_agency)).toHaveLength(pods);
  expect(Object.keys(tf.resource.huaweicloud_cce_cluster_pod_identity_association)).toHaveLength(pods);
});

test('every resource, data source and provider block validates against the provider schema', () => {
  expect(validateTerraformJson(out.terraform, providerSchema()).map(formatTerraformSchemaIssue)).toEqual([]);
});

const openapi = clusterOpenApi();
(openapi ? test : test.skip)(
  'every Kubernetes object validates against the cluster OpenAPI schema in KUBERNETES_OPENAPI_V2 (strict: no unknown fields)',
  () => {
    const validate = createKubernetesOpenApiValidator(openapi as NonNullable<typeof openapi>);
    expect(formatKubernetesSchemaIssues(out.kubernetes.flatMap((m) => validate(m)))).toBe('');
  },
);

test(
  'every Kubernetes object validates with kubernetes-models ' +
    '(maintained validator tracking Kubernetes 1.33; the registry publishes none pinned to 1.28)',
  () => {
    expect(formatKubernetesSchemaIssues(validateWithKubernetesModels(out.kubernetes))).toBe('');
  },
);
