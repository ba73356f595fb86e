// synthWorkloadIdentity and its options, which name the flavour's TerraformStack; the synthesis is
// shared (lib/testing/synth-run.ts). Each flavour has this module at the same place (lib/,
// lib/cdktn/), the same text but for the import paths (test/package/cdktn-flavour.test.ts).
import type { Chart } from '../kubernetes/cdk8s-peer';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import type { WorkloadServiceAccount } from '../kubernetes/workload-service-account';
import { TOOLCHAIN, type TerraformStack } from '../terraform/huaweicloud';
import { WorkloadIdentityProvider } from '../terraform/workload-identity-provider';
import { synthWith, type SynthesizedWorkloadIdentity } from './synth-run';

export type { KubernetesManifest, SynthesizedWorkloadIdentity } from './synth-run';

/** Options of `synthWorkloadIdentity`. */
export interface SynthWorkloadIdentityOptions {
  /**
   * Adds the workloads to the chart. Receives the chart and the ServiceAccount of each binding (in
   * binding order); bind workloads with `serviceAccount.bind(workload)`.
   * @default one Deployment per binding, named after its ServiceAccount, bound to it
   */
  readonly workloads?: (chart: Chart, serviceAccounts: readonly WorkloadServiceAccount[]) => void;
  /**
   * Image of the default Deployments.
   * @default 'nginxinc/nginx-unprivileged:1.27-alpine'
   */
  readonly image?: string;
  /**
   * Adds further Terraform constructs (e.g. the provider block) to the stack.
   * @default a `huaweicloud` provider block with the declaration's region, when it has one
   */
  readonly terraform?: (stack: TerraformStack, provider: WorkloadIdentityProvider) => void;
}

/**
 * Synthesizes a declaration to plain `{ kubernetes, terraform }` objects through the real cdk8s
 * and cdktf synthesis (with every validation), for snapshot tests and verification tools.
 */
export function synthWorkloadIdentity(identity: WorkloadIdentity, options: SynthWorkloadIdentityOptions = {}): SynthesizedWorkloadIdentity {
  return synthWith(TOOLCHAIN, (stack, id) => new WorkloadIdentityProvider(stack, 'workload-identity', { identity: id }), identity, options);
}
