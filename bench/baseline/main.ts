/**
 * Entry point of the hand-written baseline, the counterpart of examples/main.ts: writes the
 * Kubernetes YAML to dist/ and the Terraform JSON to cdktf.out/ (relative to the working
 * directory). `tsx bench/baseline/main.ts`.
 */
import { buildBaseline } from './app';

const { kubernetes, terraform } = buildBaseline();
kubernetes.synth();
terraform.synth();
console.log(`kubernetes: ${kubernetes.outdir}/`);
console.log(`terraform:  ${terraform.outdir}/stacks/workload-identity/cdk.tf.json`);
