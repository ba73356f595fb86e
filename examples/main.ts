/**
 * Entry point of the bundled example: `npm run synth` writes both sides (Kubernetes YAML to dist/,
 * Terraform JSON to cdktf.out/); `npx cdk8s synth` and `npx cdktf synth` run it through
 * cdk8s.yaml and cdktf.json, each writing its own side. Both sides are always validated first and
 * nothing is written when any error exists.
 *
 * Usage: tsx examples/main.ts [--write all|kubernetes|terraform]   (default all)
 * Environment: WORKLOAD_IDENTITY_JWKS_FILE (the cluster's JWKS, default examples/jwks.json),
 * HUAWEICLOUD_PROJECT_ID and HUAWEICLOUD_DOMAIN_ID (placeholders, with a warning, when unset);
 * CDK8S_OUTDIR and CDKTF_OUTDIR as set by the cdk8s and cdktf CLIs.
 */
import { synthesizeApps, SynthesisValidationError } from '../lib';
import { buildExample } from './app';

const flag = process.argv.indexOf('--write');
const write = flag >= 0 ? process.argv[flag + 1] : 'all';
if (write !== 'all' && write !== 'kubernetes' && write !== 'terraform') {
  console.error(`--write must be all, kubernetes or terraform (got ${JSON.stringify(write)})`);
  process.exit(2);
}
try {
  const { kubernetes, terraform } = buildExample();
  synthesizeApps({ kubernetes, terraform, write });
  if (write !== 'terraform') console.log(`kubernetes: ${kubernetes.outdir}/`);
  if (write !== 'kubernetes') console.log(`terraform:  ${terraform.outdir}/stacks/workload-identity/cdk.tf.json`);
} catch (e) {
  console.error(e instanceof SynthesisValidationError ? e.message : e instanceof Error ? e.message : String(e));
  process.exit(1);
}
