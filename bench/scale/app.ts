/**
 * The scaling workload: one identity provider with `n` bindings, each ServiceAccount bound to its
 * own Deployment (the example's nginx settings), built with the library.
 */
import { App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { HuaweicloudProvider, Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadServiceAccount } from '../../lib';
import { SCALED_PROJECT_ID, scaledName, ScaledOptions } from './names';

/** Builds both apps for `n` bindings with the library. */
export function buildScaled(n: number, options: ScaledOptions): { kubernetes: Cdk8sApp; terraform: TerraformApp } {
  const identity = new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromFile(options.jwksFile),
    region: 'cn-north-4',
    projectId: SCALED_PROJECT_ID,
    // the shared group already exists: looked up, not created
    groups: [{ name: 'demo', existing: true }],
  });
  for (let i = 0; i < n; i++) {
    identity.addBinding({ namespace: 'default', serviceAccountName: scaledName(i), iamUser: `user-${i}`, iamGroups: ['demo'] });
  }

  const kubernetes = new Cdk8sApp({ outdir: options.kubernetesOutdir });
  const chart = new Chart(kubernetes, 'workload-identity', { namespace: 'default', disableResourceNameHashes: true });
  for (const binding of identity.bindings) {
    const serviceAccount = new WorkloadServiceAccount(chart, `sa-${binding.serviceAccountName}`, { binding });
    const deployment = new kplus.Deployment(chart, `deploy-${binding.serviceAccountName}`, {
      metadata: { name: binding.serviceAccountName },
      replicas: 1,
      containers: [{
        name: 'app',
        image: 'nginxinc/nginx-unprivileged:1.27-alpine',
        portNumber: 8080,
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `tmp-${binding.serviceAccountName}`, 'tmp') }],
      }],
    });
    serviceAccount.bind(deployment);
  }

  const terraform = new TerraformApp({ outdir: options.terraformOutdir });
  const stack = new TerraformStack(terraform, 'workload-identity');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: identity.region });
  new WorkloadIdentityProvider(stack, 'workload-identity', { identity });
  return { kubernetes, terraform };
}
