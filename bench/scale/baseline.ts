/**
 * The scaling workload written by hand (cdk8s-plus-28 + the generated bindings, no library code):
 * the same objects as bench/scale/app.ts, for telling the library's cost from cdk8s's and cdktf's.
 */
import { readFileSync } from 'node:fs';
import { ApiObject, App as Cdk8sApp, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HuaweicloudProvider } from '../../lib/terraform/generated/huaweicloud/provider';
import { IdentityProvider } from '../../lib/terraform/generated/huaweicloud/identity-provider';
import { IdentityProviderConversion } from '../../lib/terraform/generated/huaweicloud/identity-provider-conversion';
import { DataHuaweicloudIdentityGroup } from '../../lib/terraform/generated/huaweicloud/data-huaweicloud-identity-group';
import { SCALED_PROJECT_ID, scaledName, ScaledOptions } from './names';

const CLIENT_ID = 'cce-workload-identity-demo';

/** Builds both apps for `n` bindings by hand. */
export function buildScaledBaseline(n: number, options: ScaledOptions): { kubernetes: Cdk8sApp; terraform: TerraformApp } {
  const kubernetes = new Cdk8sApp({ outdir: options.kubernetesOutdir });
  const chart = new Chart(kubernetes, 'workload-identity', { namespace: 'default', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) {
    const name = scaledName(i);
    const serviceAccount = new kplus.ServiceAccount(chart, `sa-${name}`, { metadata: { name, namespace: 'default' }, automountToken: false });
    const deployment = new kplus.Deployment(chart, `deploy-${name}`, {
      metadata: { name },
      replicas: 1,
      serviceAccount,
      containers: [{
        name: 'app',
        image: 'nginxinc/nginx-unprivileged:1.27-alpine',
        portNumber: 8080,
        envVariables: {
          HUAWEICLOUD_SDK_IDP_ID: kplus.EnvValue.fromValue('workload_identity'),
          HUAWEICLOUD_SDK_ID_TOKEN_FILE: kplus.EnvValue.fromValue('/var/run/secrets/tokens/oidc-token'),
          HUAWEICLOUD_SDK_PROJECT_ID: kplus.EnvValue.fromValue(SCALED_PROJECT_ID),
          HUAWEICLOUD_SDK_REGION: kplus.EnvValue.fromValue('cn-north-4'),
        },
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `tmp-${name}`, 'tmp') }],
      }],
    });
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/volumes/-', {
        name: 'workload-identity-token',
        projected: { defaultMode: 0o644, sources: [{ serviceAccountToken: { audience: CLIENT_ID, expirationSeconds: 7200, path: 'oidc-token' } }] },
      }),
      JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', {
        mountPath: '/var/run/secrets/tokens',
        name: 'workload-identity-token',
        readOnly: true,
      }),
    );
  }

  const terraform = new TerraformApp({ outdir: options.terraformOutdir });
  const stack = new TerraformStack(terraform, 'workload-identity');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
  const group = new Construct(stack, 'workload-identity');
  const provider = new IdentityProvider(group, 'Provider', {
    name: 'workload_identity',
    protocol: 'oidc',
    status: true,
    description: 'CCE workload identity (managed by cce-workload-identity)',
    accessConfig: {
      accessType: 'program',
      providerUrl: 'https://kubernetes.default.svc.cluster.local',
      clientId: CLIENT_ID,
      signingKey: JSON.stringify(JSON.parse(readFileSync(options.jwksFile, 'utf8'))),
    },
  });
  // The existing group "demo", looked up so a missing group fails the plan; the mapping waits for it.
  const demo = new DataHuaweicloudIdentityGroup(new Construct(group, 'Grants'), 'ExistingGroup demo', { name: 'demo' });
  new IdentityProviderConversion(group, 'Conversion', {
    dependsOn: [demo],
    providerId: provider.id,
    conversionRules: Array.from({ length: n }, (_, i) => ({
      local: [{ username: `user-${i}` }, { group: 'demo' }],
      remote: [{ attribute: 'sub', condition: 'any_one_of', value: [`system:serviceaccount:default:${scaledName(i)}`] }],
    })),
  });
  return { kubernetes, terraform };
}
