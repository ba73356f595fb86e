/**
 * Entry point of the bundled example: `npm run synth` writes both sides (Kubernetes YAML to dist/,
 * Terraform JSON to cdktf.out/); `npx cdk8s synth` and `npx cdktf synth` run it through
 * cdk8s.yaml and cdktf.json, and `WorkloadIdentitySynthesis.synthesizeApps` writes only the side of the CLI that runs it
 * (it sets CDK8S_OUTDIR or CDKTF_OUTDIR). Both sides are always validated first and nothing is
 * written when any error exists.
 *
 * Usage: tsx examples/main.ts
 * Environment: WORKLOAD_IDENTITY_JWKS_FILE (the cluster's JWKS, default examples/jwks.json),
 * HUAWEICLOUD_PROJECT_ID and HUAWEICLOUD_DOMAIN_ID (placeholders, with a warning, when unset);
 * WORKLOAD_IDENTITY_MODE (`oidc-federation`, the default, or `pod-identity`) and, for pod
 * identity, CCE_CLUSTER_ID (the placeholder 00000000-0000-0000-0000-000000000000, with a warning,
 * when unset);
 * CDK8S_OUTDIR and CDKTF_OUTDIR as set by the cdk8s and cdktf CLIs.
 */
import { SynthesisValidationError, WorkloadIdentitySynthesis } from '../lib';
import { buildExample } from './app';

try {
  const { kubernetes, terraform } = buildExample();
  const written = WorkloadIdentitySynthesis.synthesizeApps({ kubernetes, terraform });
  if (written.kubernetes !== undefined) console.log(`kubernetes: ${written.kubernetes.join('/, ')}/`);
  if (written.terraform !== undefined) console.log(`terraform:  ${written.terraform}/stacks/workload-identity/cdk.tf.json`);
} catch (e) {
  console.error(e instanceof SynthesisValidationError ? e.message : e instanceof Error ? e.message : String(e));
  process.exit(1);
}
