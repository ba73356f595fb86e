// WorkloadIdentitySynthesis and SynthesizeAppsOptions, which name the flavour's Terraform App; the
// synthesis itself is shared (lib/synthesis-run.ts). Each flavour has this module at the same place
// (lib/, lib/cdktn/), the same text but for the import paths (test/package/cdktn-flavour.test.ts).
import type { IConstruct } from 'constructs';
import type { App as Cdk8sApp } from '../kubernetes/cdk8s-peer';
import { collectErrors, synthesize, SynthesisSide, type SynthesizeAppsResult } from '../synthesis-run';
import type { TerraformApp } from './terraform/huaweicloud';

export { collectValidationErrors, SynthesisSide, SynthesisValidationError, WorkloadIdentityValidationError } from '../synthesis-run';
export type { SynthesizeAppsResult } from '../synthesis-run';

/** The apps to synthesize together. */
export interface SynthesizeAppsOptions {
  /**
   * The cdk8s app (Kubernetes YAML), or one per cluster (`WorkloadIdentityFleetApps.apps`).
   * @default none
   */
  readonly kubernetes?: Cdk8sApp | Cdk8sApp[];
  /**
   * The cdktf app (Terraform JSON).
   * @default none
   */
  readonly terraform?: TerraformApp;
  /**
   * Which of the given apps to write; both are always validated.
   * @default the side whose CLI runs the program: `KUBERNETES` under `cdk8s synth` (which sets
   * `CDK8S_OUTDIR`), `TERRAFORM` under `cdktf synth` (which sets `CDKTF_OUTDIR`), otherwise `ALL`
   */
  readonly write?: SynthesisSide;
}

/** Validating and writing the Kubernetes and the Terraform app of the same declarations together. */
export class WorkloadIdentitySynthesis {
  /**
   * Validates the Kubernetes and the Terraform app together, reporting every error of both at
   * once, and writes their outputs only when there is none: a bad declaration never leaves a
   * half-written `dist/` or `cdktf.out/` behind. Run by `cdk8s synth` or `cdktf synth`, it writes
   * only that CLI's side (see `write`), so one entry point serves `cdk8s.yaml` and `cdktf.json`.
   * Throws a `SynthesisValidationError` (`ERR_WORKLOAD_IDENTITY_SYNTH_INVALID`) listing every error.
   *
   * @example
   * WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: k8sApp, terraform: tfApp });
   */
  public static synthesizeApps(options: SynthesizeAppsOptions): SynthesizeAppsResult {
    return synthesize(options);
  }

  /** Runs every construct validation of the given trees and returns the messages, construct path first. */
  public static collectValidationErrors(...roots: IConstruct[]): string[] {
    return collectErrors(roots);
  }

  private constructor() {}
}

/**
 * Validates both apps together and writes them when there is no error; `write` also takes the
 * enum's values as plain strings, as in release 0.1.
 * @deprecated use `WorkloadIdentitySynthesis.synthesizeApps` (removed in the next release)
 */
export function synthesizeApps(
  options: SynthesizeAppsOptions | (Omit<SynthesizeAppsOptions, 'write'> & { readonly write?: 'all' | 'kubernetes' | 'terraform' }),
): SynthesizeAppsResult {
  return synthesize(options as SynthesizeAppsOptions);
}

