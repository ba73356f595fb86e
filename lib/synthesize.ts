import { readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { App as Cdk8sApp } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DeclarationRendering, sharedProviderIssues } from './core/declarations';
import { formatIssue, WorkloadIdentityValidationError } from './core/issues';
import { WorkloadServiceAccount } from './kubernetes/workload-service-account';
import { TerraformApp } from './terraform/huaweicloud';
import { WorkloadIdentityProvider } from './terraform/workload-identity-provider';

/** The apps to synthesize together. */
export interface SynthesizeAppsOptions {
  /**
   * The cdk8s app (Kubernetes YAML).
   * @default none
   */
  readonly kubernetes?: Cdk8sApp;
  /**
   * The cdktf app (Terraform JSON).
   * @default none
   */
  readonly terraform?: TerraformApp;
  /**
   * Which of the given apps to write; both are always validated.
   * @default 'all'
   */
  readonly write?: 'all' | 'kubernetes' | 'terraform';
}

/** Thrown when construct validation fails; carries every error message of both apps. */
export class SynthesisValidationError extends Error {
  /** Stable error code. */
  public readonly code = 'ERR_WORKLOAD_IDENTITY_SYNTH_INVALID';
  /** Every message, each prefixed with its construct path. */
  public readonly errors: readonly string[];

  public constructor(errors: readonly string[]) {
    super(`Validation failed with ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written:\n  ${errors.join('\n  ')}`);
    this.name = 'SynthesisValidationError';
    this.errors = errors;
  }
}

/** Runs every construct validation of the given trees and returns the messages, construct path first. */
export function collectValidationErrors(...roots: readonly IConstruct[]): string[] {
  // A declaration's own error is found by every construct rendering it (the provider on the
  // Terraform side, each ServiceAccount on the Kubernetes side): report it once, at the first.
  const errors = new Map<string, string>();
  for (const root of roots) {
    for (const c of root.node.findAll()) {
      for (const message of c.node.validate()) {
        if (!errors.has(message)) errors.set(message, `[${c.node.path}] ${message}`);
      }
    }
  }
  // Declarations sharing a provider name must agree across everything synthesized together.
  for (const { where, issue } of sharedProviderIssues(renderingsIn(roots))) {
    if (issue.severity !== 'error') continue;
    const message = formatIssue(issue);
    if (!errors.has(message)) errors.set(message, `[${where}] ${message}`);
  }
  return [...errors.values()];
}

/** Every declaration the trees render: each identity provider construct, each ServiceAccount construct. */
function renderingsIn(roots: readonly IConstruct[]): DeclarationRendering[] {
  return roots.flatMap((root) => root.node.findAll().flatMap((c): DeclarationRendering[] => {
    if (WorkloadIdentityProvider.isWorkloadIdentityProvider(c)) return [{ identity: c.identity, side: 'terraform', where: c.node.path }];
    if (WorkloadServiceAccount.isWorkloadServiceAccount(c)) return [{ identity: c.binding.identity, side: 'kubernetes', where: c.node.path, binding: c.binding }];
    return [];
  }));
}

/**
 * Validates the Kubernetes and the Terraform app together, reporting every error of both at
 * once, and writes their outputs only when there is none: a bad declaration never leaves a
 * half-written `dist/` or `cdktf.out/` behind.
 */
export function synthesizeApps(options: SynthesizeAppsOptions): void {
  const roots = [options.kubernetes, options.terraform].filter((x): x is Cdk8sApp | TerraformApp => x !== undefined);
  const errors = collectValidationErrors(...roots);
  if (errors.length > 0) {
    // cdktf's App creates <outdir>/stacks when constructed; leave no empty trace of this run
    // (nor when only the Kubernetes side is written, below).
    if (options.terraform) removeEmptyDirs(join(options.terraform.outdir, 'stacks'), options.terraform.outdir);
    throw new SynthesisValidationError(errors);
  }
  const write = options.write ?? 'all';
  if (options.kubernetes && write !== 'terraform') options.kubernetes.synth();
  if (options.terraform && write !== 'kubernetes') options.terraform.synth();
  else if (options.terraform) removeEmptyDirs(join(options.terraform.outdir, 'stacks'), options.terraform.outdir);
}

/** Removes each directory that exists and is empty, in order. */
function removeEmptyDirs(...dirs: string[]): void {
  for (const dir of dirs) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // absent or not removable: nothing of ours to clean
    }
  }
}

export { WorkloadIdentityValidationError };
