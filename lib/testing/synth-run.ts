// synthWorkloadIdentity shared by both flavours; each flavour's lib/testing/synth.ts
// (lib/cdktn/testing/synth.ts) declares it and its options with its toolchain's types.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App as Cdk8sApp, Chart, Names } from '../kubernetes/cdk8s-peer';
import { Construct, type IConstruct } from 'constructs';
import type { WorkloadIdentity } from '../core/declaration/workload-identity';
import { WorkloadServiceAccount } from '../kubernetes/workload-service-account';
import { synthesize, SynthesisSide } from '../synthesis-run';
import type { TerraformToolchain } from '../terraform/toolchain';

/** A Kubernetes manifest as plain data. */
export type KubernetesManifest = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string };
} & Record<string, unknown>;

/** Both synthesized sides of a declaration, as plain objects. */
export interface SynthesizedWorkloadIdentity {
  /** The Kubernetes manifests in output order. */
  readonly kubernetes: KubernetesManifest[];
  /** The Terraform JSON (`cdk.tf.json` content) of the stack. */
  readonly terraform: Record<string, unknown>;
}

/** The options of `synthWorkloadIdentity` as the shared code sees them (each flavour declares them with its toolchain's types). */
export interface SynthInput<Stack extends IConstruct, Provider> {
  readonly workloads?: (chart: Chart, serviceAccounts: readonly WorkloadServiceAccount[]) => void;
  readonly image?: string;
  readonly terraform?: (stack: Stack, provider: Provider) => void;
}

/** What `synthWorkloadIdentity` of either flavour does, with that flavour's toolchain and `WorkloadIdentityProvider`. */
export function synthWith<Stack extends IConstruct, Provider>(
  toolchain: TerraformToolchain, newProvider: (stack: IConstruct, identity: WorkloadIdentity) => Provider,
  identity: WorkloadIdentity, options: SynthInput<Stack, Provider>,
): SynthesizedWorkloadIdentity {
  const outdir = mkdtempSync(join(tmpdir(), 'cce-wi-synth-'));
  try {
    const k8sApp = new Cdk8sApp({ outdir: join(outdir, 'dist') });
    const chart = new Chart(k8sApp, 'workload-identity');
    // Construct IDs from the names when they are strings; a value of another type gets an index
    // (validation reports it; nothing is written).
    const serviceAccounts = identity.bindings.map(
      (binding, i) =>
        new WorkloadServiceAccount(
          chart,
          typeof binding.namespace === 'string' && typeof binding.serviceAccountName === 'string'
            ? `sa-${binding.namespace}-${binding.serviceAccountName}`
            : `sa-${i}`,
          { binding },
        ),
    );
    (options.workloads ?? defaultWorkloads(options.image ?? 'nginxinc/nginx-unprivileged:1.27-alpine'))(chart, serviceAccounts);

    const tfApp = new toolchain.TerraformApp({ outdir: join(outdir, 'cdktf.out'), skipBackendValidation: true });
    // The flavour's TerraformStack: what its `terraform` option receives.
    const stack = new toolchain.TerraformStack(tfApp, 'workload-identity') as Stack;
    // A relative state path keeps the output independent of the working directory (snapshots).
    new toolchain.LocalBackend(stack, { path: 'terraform.workload-identity.tfstate' });
    const provider = newProvider(stack, identity);
    options.terraform?.(stack, provider);
    if (!stack.node.findAll().some((c) => c instanceof toolchain.HuaweicloudProvider)) {
      new toolchain.HuaweicloudProvider(stack, 'huaweicloud', identity.region === undefined ? {} : { region: identity.region });
    }

    // Both sides, whatever CLI (CDK8S_OUTDIR / CDKTF_OUTDIR) the test process runs under.
    synthesize({ kubernetes: k8sApp, terraform: tfApp, write: SynthesisSide.ALL });
    // The objects cdk8s just wrote (it serializes exactly these); no YAML parser needed.
    const kubernetes = k8sApp.charts.flatMap((c) => c.toJson() as KubernetesManifest[]);
    const terraform = JSON.parse(readFileSync(join(outdir, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    return { kubernetes, terraform: withoutVersionStamp(terraform) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What `synthWorkloadIdentity` writes in place of the toolchain's version stamp
 * (`terraform["//"].metadata.version`).
 * @internal
 */
export const VERSION_STAMP = '(toolchain version)';

/**
 * The Terraform JSON with the version the toolchain stamps into `"//".metadata.version` (cdktf
 * 0.21.0, cdktn 0.24.0, …) replaced by {@link VERSION_STAMP}: a snapshot then changes when what the
 * library writes changes, not when cdktf or cdktn is upgraded, and is the same on both toolchains.
 */
function withoutVersionStamp(terraform: Record<string, unknown>): Record<string, unknown> {
  const comment = terraform['//'] as { metadata?: Record<string, unknown> } | undefined;
  if (typeof comment?.metadata?.version !== 'string') return terraform;
  return { ...terraform, '//': { ...comment, metadata: { ...comment.metadata, version: VERSION_STAMP } } };
}

/**
 * One bound Deployment per ServiceAccount: a plain cdk8s object (no cdk8s-plus needed), written
 * out with the settings cdk8s-plus-28 gave its default Deployment (non-root, read-only root
 * filesystem, resource limits, a startup probe on the port, the `cdk8s.io/metadata.addr`
 * selector from the construct path), so snapshots taken with cdk8s-plus stay the same and the
 * nginx-unprivileged image runs under them.
 */
function defaultWorkloads(image: string): (chart: Chart, serviceAccounts: readonly WorkloadServiceAccount[]) => void {
  return (_chart, serviceAccounts) => {
    for (const sa of serviceAccounts) {
      const scope = new Construct(sa, 'Workload');
      const deployment = new Construct(scope, 'Deployment');
      const labels = { 'cdk8s.io/metadata.addr': Names.toLabelValue(deployment) };
      new ApiObject(deployment, 'Resource', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: sa.binding.serviceAccountName, namespace: sa.binding.namespace },
        spec: {
          minReadySeconds: 0,
          progressDeadlineSeconds: 600,
          replicas: 2,
          selector: { matchLabels: labels },
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              containers: [{
                image,
                imagePullPolicy: 'Always',
                name: 'app',
                ports: [{ containerPort: 8080 }],
                resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
                securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
                startupProbe: { failureThreshold: 3, tcpSocket: { port: 8080 } },
              }],
              dnsPolicy: 'ClusterFirst',
              hostNetwork: false,
              restartPolicy: 'Always',
              securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true },
              setHostnameAsFQDN: false,
              terminationGracePeriodSeconds: 30,
            },
          },
        },
      });
      sa.bind(deployment);
    }
  };
}
