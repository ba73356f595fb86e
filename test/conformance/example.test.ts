/**
 * The bundled example (examples/app.ts) conforms to the committed provider schema and to the
 * Kubernetes API (kubernetes-models; and the target cluster's own OpenAPI document when supplied).
 */
import { createKubernetesOpenApiValidator, formatKubernetesSchemaIssues, validateWithKubernetesModels } from '../../lib/testing/kubernetes-schema';
import { formatTerraformSchemaIssue, validateTerraformJson } from '../../lib/testing/terraform-schema';
import { SynthesizedWorkloadIdentity } from '../../lib/testing/synth';
import { clusterOpenApi, providerSchema, synthExample } from './helpers';

let out: SynthesizedWorkloadIdentity;
beforeAll(() => {
  out = synthExample();
});

test('the example synthesizes what the conformance checks look at (not vacuous)', () => {
  const tf = out.terraform as { provider: Record<string, unknown[]>; resource: Record<string, Record<string, unknown>> };
  expect(Object.keys(tf.provider)).toEqual(['huaweicloud']);
  expect(Object.keys(tf.resource).sort()).toEqual([
    'huaweicloud_identity_group',
    'huaweicloud_identity_group_role_assignment',
    'huaweicloud_identity_provider',
    'huaweicloud_identity_provider_conversion',
    'huaweicloud_identity_role',
  ]);
  expect(out.kubernetes.map((m) => `${m.apiVersion} ${m.kind}`)).toEqual(['v1 ServiceAccount', 'apps/v1 Deployment']);
});

test('every resource and provider block validates against lib/terraform/provider-schema/huaweicloud.json', () => {
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
