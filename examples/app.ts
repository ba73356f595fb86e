/**
 * The CCE guide's workload-identity example as code: one declaration, both sides.
 *
 * - IAM: OIDC identity provider "workload_identity" (programmatic access) trusting the cluster's
 *   JWKS, and one conversion rule admitting system:serviceaccount:default:oidc-token as user "test"
 *   in group "demo"; the group "demo" (created) gets read-only access to the OBS bucket
 *   cce-workload-identity-demo (a custom policy assigned on the account: OBS is a global service).
 * - Kubernetes: ServiceAccount default/oidc-token, and an nginx Deployment running as it with the
 *   projected token (audience = client ID, 7200 s) at /var/run/secrets/tokens/oidc-token.
 */
import { App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import {
  Grants, HuaweicloudProvider, IdentityMode, Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadServiceAccount,
} from '../lib';

/** Inputs of the example. */
export interface ExampleOptions {
  /** Path of the cluster's JWKS. @default WORKLOAD_IDENTITY_JWKS_FILE, else examples/jwks.json */
  readonly jwksFile?: string;
  /** Where cdk8s writes. @default CDK8S_OUTDIR (set by `cdk8s synth`), else 'dist' */
  readonly kubernetesOutdir?: string;
  /** Where cdktf writes. @default CDKTF_OUTDIR (set by `cdktf synth`), else 'cdktf.out' */
  readonly terraformOutdir?: string;
  /**
   * How the pod gets credentials. @default WORKLOAD_IDENTITY_MODE (`oidc-federation` or
   * `pod-identity`), else OIDC federation
   */
  readonly mode?: IdentityMode;
  /** The CCE cluster ID (pod identity). @default CCE_CLUSTER_ID, else the placeholder (with a warning) */
  readonly clusterId?: string;
}

/** The mode WORKLOAD_IDENTITY_MODE asks for (an unknown value is passed on, and validation names it). */
export function exampleMode(value = process.env.WORKLOAD_IDENTITY_MODE): IdentityMode {
  return (value === undefined || value === '' ? IdentityMode.OIDC_FEDERATION : value) as IdentityMode;
}

/** The example's declaration, shared by both apps. */
export function exampleIdentity(jwksFile: string, mode: IdentityMode = IdentityMode.OIDC_FEDERATION, clusterId?: string): WorkloadIdentity {
  return new WorkloadIdentity({
    // OIDC federation (the CCE guide's procedure), or CCE pod identity: the same binding and grant,
    // then held by an agency associated with the ServiceAccount in this cluster.
    mode,
    ...(mode === IdentityMode.POD_IDENTITY ? { clusterId: clusterId || WorkloadIdentity.PLACEHOLDER_CLUSTER_ID } : {}),
    providerName: 'workload_identity',
    clientId: 'cce-workload-identity-demo',
    jwks: Jwks.fromFile(jwksFile),
    region: 'cn-north-4',
    // The SDKs need the project (My Credentials > Projects, cn-north-4) and, for OBS, the account
    // ID (My Credentials). Without HUAWEICLOUD_PROJECT_ID / HUAWEICLOUD_DOMAIN_ID the example uses
    // the all-zero placeholders, and synthesis warns (PLACEHOLDER_PROJECT_ID / PLACEHOLDER_DOMAIN_ID).
    projectId: process.env.HUAWEICLOUD_PROJECT_ID || WorkloadIdentity.PLACEHOLDER_PROJECT_ID,
    domainId: process.env.HUAWEICLOUD_DOMAIN_ID || WorkloadIdentity.PLACEHOLDER_DOMAIN_ID,
    // The guide's group "demo", created here, may read one bucket and nothing else.
    groups: [{ name: 'demo', grants: [Grants.obsReadOnly('cce-workload-identity-demo')] }],
    bindings: [{
      namespace: 'default',
      serviceAccountName: 'oidc-token',
      iamUser: 'test',
      iamGroups: ['demo'],
      token: { expirationSeconds: 7200, path: 'oidc-token' },
    }],
  });
}

/** Builds the Kubernetes and the Terraform app of the example. */
export function buildExample(options: ExampleOptions = {}): { kubernetes: Cdk8sApp; terraform: TerraformApp; identity: WorkloadIdentity } {
  const identity = exampleIdentity(
    options.jwksFile || process.env.WORKLOAD_IDENTITY_JWKS_FILE || `${__dirname}/jwks.json`,
    options.mode ?? exampleMode(),
    options.clusterId ?? process.env.CCE_CLUSTER_ID,
  );
  const [binding] = identity.bindings;

  // Kubernetes side
  const kubernetes = new Cdk8sApp({ outdir: options.kubernetesOutdir ?? process.env.CDK8S_OUTDIR ?? 'dist' });
  const chart = new Chart(kubernetes, 'workload-identity', { namespace: binding.namespace, disableResourceNameHashes: true });
  const serviceAccount = new WorkloadServiceAccount(chart, 'oidc-token', { binding });
  const nginx = new kplus.Deployment(chart, 'nginx', {
    metadata: { name: 'nginx' },
    replicas: 1,
    containers: [{
      name: 'container-1',
      // The guide's nginx:latest runs as root and writes to /var/cache/nginx and /run, so it crashes
      // under cdk8s-plus's secure defaults (runAsNonRoot, read-only root filesystem). The
      // unprivileged image runs as UID 101, listens on 8080 and keeps its pid and temp files in
      // /tmp, which gets a writable emptyDir; the defaults stay on.
      image: 'nginxinc/nginx-unprivileged:1.27-alpine',
      portNumber: 8080,
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }],
    }],
  });
  serviceAccount.bind(nginx);

  // Terraform side
  const terraform = new TerraformApp({ outdir: options.terraformOutdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
  const stack = new TerraformStack(terraform, 'workload-identity');
  // Credentials come from the environment (HW_ACCESS_KEY / HW_SECRET_KEY, or assume_role_with_oidc).
  // Creating an agency (pod identity) needs the provider's domain_id.
  new HuaweicloudProvider(stack, 'huaweicloud', {
    region: identity.region,
    ...(identity.mode === IdentityMode.POD_IDENTITY ? { domainId: identity.domainId } : {}),
  });
  new WorkloadIdentityProvider(stack, 'workload-identity', { identity });

  return { kubernetes, terraform, identity };
}
