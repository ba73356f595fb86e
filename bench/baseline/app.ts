/**
 * The bundled example written by hand: the same ServiceAccount, nginx Deployment, IAM identity
 * provider and conversion rule as examples/app.ts, built with cdk8s-plus-28 and the generated
 * Huawei Cloud bindings directly — no code from lib/ except those generated bindings, which a
 * hand-writer would also generate (`cdktf get`) since no provider package is published.
 *
 * What a hand-writer has to do without the library (and what the library derives for them):
 * - repeat the client ID as the token audience, the provider name as HUAWEICLOUD_SDK_IDP_ID, the
 *   mount path + file name as HUAWEICLOUD_SDK_ID_TOKEN_FILE, and spell the rule's `sub`;
 * - add the projected volume through cdk8s's documented escape hatch, a JSON patch on the
 *   Deployment's ApiObject (cdk8s-plus-28 has no projected-volume API and `Volume`'s constructor
 *   is private, so a JSON patch is the public way);
 * - stringify the JWKS into `signing_key` themselves;
 * - write the group, the OBS read-only policy JSON (action names, bucket and object URNs) and its
 *   assignment with the one scope OBS takes, and order the mapping after the group.
 * No validation beyond what cdk8s and cdktf do in `synth()`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App as Cdk8sApp, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HuaweicloudProvider } from '../../lib/terraform/generated/huaweicloud/provider';
import { IdentityProvider } from '../../lib/terraform/generated/huaweicloud/identity-provider';
import { IdentityProviderConversion } from '../../lib/terraform/generated/huaweicloud/identity-provider-conversion';
import { IdentityGroup } from '../../lib/terraform/generated/huaweicloud/identity-group';
import { IdentityGroupRoleAssignment } from '../../lib/terraform/generated/huaweicloud/identity-group-role-assignment';
import { IdentityRole } from '../../lib/terraform/generated/huaweicloud/identity-role';

/** Inputs of the hand-written example (the same as examples/app.ts's). */
export interface BaselineOptions {
  /** Path of the cluster's JWKS. @default WORKLOAD_IDENTITY_JWKS_FILE, else examples/jwks.json */
  readonly jwksFile?: string;
  /** Where cdk8s writes. @default 'dist' */
  readonly kubernetesOutdir?: string;
  /** Where cdktf writes. @default CDKTF_OUTDIR, else 'cdktf.out' */
  readonly terraformOutdir?: string;
}

const PROVIDER_NAME = 'workload_identity';
const CLIENT_ID = 'cce-workload-identity-demo';
const REGION = 'cn-north-4';
const NAMESPACE = 'default';
const SERVICE_ACCOUNT = 'oidc-token';
const TOKEN_DIR = '/var/run/secrets/tokens';
const TOKEN_FILE = 'oidc-token';
const BUCKET = 'cce-workload-identity-demo';
/** All zeros: the example's placeholder when HUAWEICLOUD_PROJECT_ID / HUAWEICLOUD_DOMAIN_ID are unset. */
const PLACEHOLDER = '00000000000000000000000000000000';

/** Builds the Kubernetes and the Terraform app by hand. */
export function buildBaseline(options: BaselineOptions = {}): { kubernetes: Cdk8sApp; terraform: TerraformApp } {
  const jwksFile = options.jwksFile ?? process.env.WORKLOAD_IDENTITY_JWKS_FILE ?? join(__dirname, '..', '..', 'examples', 'jwks.json');
  const projectId = process.env.HUAWEICLOUD_PROJECT_ID || PLACEHOLDER;
  const domainId = process.env.HUAWEICLOUD_DOMAIN_ID || PLACEHOLDER;

  // Kubernetes side
  const kubernetes = new Cdk8sApp({ outdir: options.kubernetesOutdir ?? 'dist' });
  const chart = new Chart(kubernetes, 'workload-identity', { namespace: NAMESPACE, disableResourceNameHashes: true });
  const serviceAccount = new kplus.ServiceAccount(chart, 'oidc-token', {
    metadata: { name: SERVICE_ACCOUNT, namespace: NAMESPACE },
    automountToken: false,
  });
  const env: Record<string, kplus.EnvValue> = {
    HUAWEICLOUD_SDK_IDP_ID: kplus.EnvValue.fromValue(PROVIDER_NAME),
    HUAWEICLOUD_SDK_ID_TOKEN_FILE: kplus.EnvValue.fromValue(`${TOKEN_DIR}/${TOKEN_FILE}`),
  };
  env.HUAWEICLOUD_SDK_PROJECT_ID = kplus.EnvValue.fromValue(projectId);
  env.HUAWEICLOUD_SDK_DOMAIN_ID = kplus.EnvValue.fromValue(domainId);
  env.HUAWEICLOUD_SDK_REGION = kplus.EnvValue.fromValue(REGION);
  const nginx = new kplus.Deployment(chart, 'nginx', {
    metadata: { name: 'nginx' },
    replicas: 1,
    serviceAccount,
    containers: [{
      name: 'container-1',
      image: 'nginxinc/nginx-unprivileged:1.27-alpine',
      portNumber: 8080,
      envVariables: env,
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }],
    }],
  });
  // No projected-volume API in cdk8s-plus-28: patch the rendered Deployment.
  ApiObject.of(nginx).addJsonPatch(
    JsonPatch.add('/spec/template/spec/volumes/-', {
      name: 'workload-identity-token',
      projected: {
        defaultMode: 0o644,
        sources: [{ serviceAccountToken: { audience: CLIENT_ID, expirationSeconds: 7200, path: TOKEN_FILE } }],
      },
    }),
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { mountPath: TOKEN_DIR, name: 'workload-identity-token', readOnly: true }),
  );

  // Terraform side
  const terraform = new TerraformApp({ outdir: options.terraformOutdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
  const stack = new TerraformStack(terraform, 'workload-identity');
  new HuaweicloudProvider(stack, 'huaweicloud', { region: REGION });
  const group = new Construct(stack, 'workload-identity');
  const provider = new IdentityProvider(group, 'Provider', {
    name: PROVIDER_NAME,
    protocol: 'oidc',
    status: true,
    description: 'CCE workload identity (managed by cce-workload-identity)',
    accessConfig: {
      accessType: 'program',
      providerUrl: 'https://kubernetes.default.svc.cluster.local',
      clientId: CLIENT_ID,
      signingKey: JSON.stringify(JSON.parse(readFileSync(jwksFile, 'utf8'))),
    },
  });
  const grants = new Construct(group, 'Grants');
  const demo = new IdentityGroup(grants, 'Group demo', { name: 'demo', description: 'Managed by cce-workload-identity' });
  const policy = new IdentityRole(grants, `Policy cce-wi-obs-read-${BUCKET}`, {
    name: `cce-wi-obs-read-${BUCKET}`,
    description: 'Read-only access to one OBS bucket (managed by cce-workload-identity)',
    type: 'AX',
    policy: JSON.stringify({
      Version: '1.1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['obs:bucket:HeadBucket', 'obs:bucket:GetBucketLocation', 'obs:bucket:ListBucket', 'obs:bucket:ListBucketVersions'],
          Resource: [`OBS:*:*:bucket:${BUCKET}`],
        },
        { Effect: 'Allow', Action: ['obs:object:GetObject', 'obs:object:GetObjectVersion'], Resource: [`OBS:*:*:object:${BUCKET}/*`] },
      ],
    }),
  });
  new IdentityGroupRoleAssignment(grants, `Assignment demo custom:cce-wi-obs-read-${BUCKET} domain`, {
    groupId: demo.id,
    roleId: policy.id,
    domainId,
  });
  new IdentityProviderConversion(group, 'Conversion', {
    dependsOn: [demo],
    providerId: provider.id,
    conversionRules: [{
      local: [{ username: 'test' }, { group: 'demo' }],
      remote: [{ attribute: 'sub', condition: 'any_one_of', value: [`system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`] }],
    }],
  });

  return { kubernetes, terraform };
}
