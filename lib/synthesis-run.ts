// The synthesis shared by both flavours: SynthesisSide, SynthesisValidationError, the validation
// of both apps together and the write. Each flavour's lib/synthesize.ts (lib/cdktn/synthesize.ts)
// declares WorkloadIdentitySynthesis and SynthesizeAppsOptions with its toolchain's App.
import { readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { App as Cdk8sApp } from './kubernetes/cdk8s-peer';
import { IConstruct } from 'constructs';
import { DeclarationRendering, sharedProviderIssues } from './core/declaration/declarations';
import { formatErrorBlock, presentAsReport, reportUncaught } from './core/issues/error-report';
import { formatIssue, redactIssueText, ValidationIssue, WorkloadIdentityValidationError } from './core/issues/issues';
import { redactSecrets } from './contract/secrets';
import { errorsReportedBy, issueKey } from './constructs/validation-hook';
import { beginRenderPass, inRenderPass, leaveRenderPass } from './constructs/render-pass';
import { WorkloadServiceAccount } from './kubernetes/workload-service-account';
import { providerPresenceMessageCount } from './terraform/provider-presence';
import { isWorkloadIdentityProvider } from './terraform/provider-rendering';
import { plannedProviderOf, renderTerraformApp, terraformRenderPlan } from './terraform/render-plan';
import type { TerraformAppLike, TerraformToolchain } from './terraform/toolchain';

/** Which side(s) `WorkloadIdentitySynthesis.synthesizeApps` writes. */
export enum SynthesisSide {
  /** Both: the Kubernetes YAML and the Terraform JSON. */
  ALL = 'all',
  /** The Kubernetes YAML only (what `cdk8s synth` expects). */
  KUBERNETES = 'kubernetes',
  /** The Terraform JSON only (what `cdktf synth` expects). */
  TERRAFORM = 'terraform',
}

/**
 * The options of `WorkloadIdentitySynthesis.synthesizeApps` as the shared code sees them (each
 * flavour declares `SynthesizeAppsOptions` with its toolchain's `App`: lib/synthesize.ts,
 * lib/cdktn/synthesize.ts).
 */
export interface SynthesizeAppsInput {
  readonly kubernetes?: Cdk8sApp | Cdk8sApp[];
  readonly terraform?: TerraformAppLike;
  readonly write?: SynthesisSide;
}

/** What `WorkloadIdentitySynthesis.synthesizeApps` wrote. */
export interface SynthesizeAppsResult {
  /** The directories the Kubernetes YAML was written to, one per cdk8s app. @default none (not written) */
  readonly kubernetes?: string[];
  /** The directory the Terraform JSON was written to (`<outdir>/stacks/<stack>/cdk.tf.json`). @default none (not written) */
  readonly terraform?: string;
}

/**
 * Thrown when construct validation fails; carries every error message of both apps. Printed
 * (uncaught, by `console.error` or `util.inspect`), it shows its message only: every error once,
 * as a short block (construct path, rule, fix), without a stack trace. Uncaught, it sets
 * `process.exitCode = 1`.
 *
 * @example
 * ```ts
 * try {
 *   synthesizeApps({ kubernetes, terraform });
 * } catch (error) {
 *   if (error instanceof SynthesisValidationError) process.exitCode = 1; // error.errors lists each message
 *   else throw error;
 * }
 * ```
 *
 * TypeScript/JavaScript only: jsii cannot represent a class extending `Error`.
 * @jsii ignore
 */
export class SynthesisValidationError extends Error {
  /** The code of every `SynthesisValidationError`. */
  public static readonly code = 'ERR_WORKLOAD_IDENTITY_SYNTH_INVALID';
  /** Stable error code: `ERR_WORKLOAD_IDENTITY_SYNTH_INVALID`. */
  public readonly code = SynthesisValidationError.code;
  /** Every message, each prefixed with its construct path. */
  public readonly errors: readonly string[];

  public constructor(errors: readonly string[]) {
    // The message is the readable report (each error once: where, what, fix, wrapped); `errors`
    // keeps each message on one line for code, and is not printed again when the error is.
    super(formatErrorBlock(`Validation failed with ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written:`, errors));
    this.name = 'SynthesisValidationError';
    this.errors = errors;
    presentAsReport(this, ['errors', 'code']);
  }
}

/**
 * Runs every construct validation of the given trees and returns the messages, construct path first.
 * @deprecated use `WorkloadIdentitySynthesis.collectValidationErrors` (removed in the next release)
 */
export function collectValidationErrors(...roots: readonly IConstruct[]): string[] {
  return collectErrors(roots);
}

/** Runs every construct validation of the given trees and returns the messages, construct path first. */
export function collectErrors(roots: readonly IConstruct[]): string[] {
  return inRenderPass(roots, () => collectErrorsInPass(roots));
}

function collectErrorsInPass(roots: readonly IConstruct[]): string[] {
  // Each issue once, at the first construct reporting it: a declaration's own error is found by
  // every construct rendering it (the provider on the Terraform side, each ServiceAccount on the
  // Kubernetes side), and is one issue (`issueKey`: code, field, value). Messages of other
  // validations (cdktf's, cdk8s-plus's, the user's) are each their construct's own.
  const keys = new Set<string>();
  /** Each error line. */
  const lines: Array<{ readonly line: string }> = [];
  // Any construct id (and a third-party message) can carry user input: the whole line is redacted.
  const add = (where: string, issue: ValidationIssue): void => {
    const key = issueKey(issue);
    if (keys.has(key)) return;
    keys.add(key);
    lines.push({ line: redactIssueText(`[${where}] ${formatIssue(issue)}`, issue) });
  };
  /** The stacks the library reports `HUAWEICLOUD_PROVIDER_MISSING` for, with the toolchain of the provider construct reporting it. */
  const stacksMissingProvider = new Map<string, TerraformToolchain>();
  /** The first message of each construct's other validations, where the toolchain's missing-provider message of a stack would be. */
  const firstForeign: Array<{ readonly construct: IConstruct; readonly line: number }> = [];
  /** Every declaration the trees render (found by the same walk). */
  const renderings: DeclarationRendering[] = [];
  for (const root of roots) {
    for (const c of root.node.findAll()) {
      const rendering = renderingOf(c);
      if (rendering !== undefined) renderings.push(rendering);
      const messages = c.node.validate();
      if (messages.length === 0) continue;
      const ours = [...errorsReportedBy(c) ?? []];
      messages.forEach((message, i) => {
        // Our validation's messages are its issues, formatted, in order.
        if (ours.length > 0 && formatIssue(ours[0]) === message) {
          const issue = ours.shift() as ValidationIssue;
          const toolchain = plannedProviderOf(c)?.toolchain;
          if (issue.code === 'HUAWEICLOUD_PROVIDER_MISSING' && toolchain !== undefined) stacksMissingProvider.set(issue.path, toolchain);
          add(c.node.path, issue);
        } else {
          if (i === 0) firstForeign.push({ construct: c, line: lines.length });
          lines.push({ line: redactSecrets(`[${c.node.path}] ${message}`) });
        }
      });
    }
  }
  // Declarations sharing a provider name must agree across everything synthesized together.
  for (const { where, issue } of sharedProviderIssues(renderings)) {
    if (issue.severity === 'error') add(where, issue);
  }
  // The toolchain's own check for a missing provider block suggests "new RandomProvider(...)"; when
  // the only provider a stack misses is huaweicloud, the library's error (naming HuaweicloudProvider)
  // says it better. The check's message is recognised by what it finds (./terraform/provider-presence).
  const dropped = new Set(firstForeign.filter(({ construct }) => {
    const toolchain = stacksMissingProvider.get(`TerraformStack(${JSON.stringify(construct.node.id)})`);
    return toolchain !== undefined && providerPresenceMessageCount(construct, toolchain) > 0;
  }).map(({ line }) => line));
  return lines.filter((_, i) => !dropped.has(i)).map(({ line }) => line);
}

/** The declaration `c` renders: an identity provider construct's, a ServiceAccount construct's, or none. */
function renderingOf(c: IConstruct): DeclarationRendering | undefined {
  if (isWorkloadIdentityProvider(c)) return { identity: c.identity, side: 'terraform', where: c.node.path };
  if (WorkloadServiceAccount.isWorkloadServiceAccount(c)) {
    return { identity: c.binding.identity, side: 'kubernetes', where: c.node.path, binding: c.binding };
  }
  return undefined;
}

/**
 * Which side the running CLI synthesizes: `cdk8s synth` runs the app with `CDK8S_OUTDIR` set
 * (cdk8s-cli lib/util.js, `synthApp`), `cdktf synth` with `CDKTF_OUTDIR` set (@cdktf/cli-core
 * src/lib/synth-stack.js, bundled in cdktf-cli); the apps' default `outdir` is read from the same variables. Neither or
 * both set: 'all'.
 */
function detectWrite(env: NodeJS.ProcessEnv): SynthesisSide {
  const cdk8s = (env.CDK8S_OUTDIR ?? '') !== '';
  const cdktf = (env.CDKTF_OUTDIR ?? '') !== '';
  if (cdk8s && !cdktf) return SynthesisSide.KUBERNETES;
  if (cdktf && !cdk8s) return SynthesisSide.TERRAFORM;
  return SynthesisSide.ALL;
}

/**
 * Validates both apps together and writes them when there is no error (what
 * `WorkloadIdentitySynthesis.synthesizeApps` of either flavour does).
 */
export function synthesize(options: SynthesizeAppsInput): SynthesizeAppsResult {
  // A synthesis entry point: a validation error left uncaught is printed as its report and ends the process.
  reportUncaught();
  const kubernetes: Cdk8sApp[] =
    options.kubernetes === undefined ? [] : Array.isArray(options.kubernetes) ? options.kubernetes : [options.kubernetes as Cdk8sApp];
  const roots = [...kubernetes, options.terraform].filter((x): x is Cdk8sApp | TerraformAppLike => x !== undefined);
  // Validation and the write below run with no user code between them: what the library renders
  // (each bound workload, each construct's issues, each Terraform app's plan) is computed once.
  // (Not through inRenderPass's callback: see beginRenderPass.)
  const endPass = beginRenderPass(roots);
  try {
    return validateAndWrite(options, kubernetes, roots);
  } finally {
    endPass();
  }
}

function validateAndWrite(options: SynthesizeAppsInput, kubernetes: readonly Cdk8sApp[], roots: readonly IConstruct[]): SynthesizeAppsResult {
  const errors = collectErrors(roots);
  if (errors.length > 0) {
    // cdktf's App creates <outdir>/stacks when constructed; leave no empty trace of this run
    // (nor when only the Kubernetes side is written, below).
    if (options.terraform) removeEmptyDirs(join(options.terraform.outdir, 'stacks'), options.terraform.outdir);
    throw new SynthesisValidationError(errors);
  }
  const write = options.write ?? detectWrite(process.env);
  const written: { kubernetes?: string[]; terraform?: string } = {};
  if (kubernetes.length > 0 && write !== SynthesisSide.TERRAFORM) {
    for (const app of kubernetes) app.synth();
    written.kubernetes = kubernetes.map((app) => app.outdir);
  }
  if (options.terraform && write !== SynthesisSide.KUBERNETES) {
    if (terraformRenderPlan(options.terraform).userAspects) {
      // The user's Aspects run inside synth(), after the validation above, and may change the
      // declaration: the toolchain then renders and validates the app afresh (its own validation
      // runs the library's), as it would without a pass.
      leaveRenderPass(options.terraform);
    } else {
      renderTerraformApp(options.terraform);
    }
    options.terraform.synth();
    written.terraform = options.terraform.outdir;
  } else if (options.terraform) {
    removeEmptyDirs(join(options.terraform.outdir, 'stacks'), options.terraform.outdir);
  }
  return written;
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
