/**
 * Access review as code: the "who may do what" matrix of synthesized Terraform, and the diff of
 * effective permissions between two versions (`cce-workload-identity access [diff]`, and
 * `accessOf` / `diffAccess` from `cce-workload-identity/testing`). Pure apart from reading files.
 */
import { EmulatorConfigErrorCode } from '../iam-errors';
import { loadTerraform, type LoadedTerraform, type PolicyCache, type TerraformInput } from '..';
import { parseBoundedJson } from '../reader/input';
import { accessMatrix, formatAccessMatrix, formatAccessMatrixMarkdown, type AccessMatrix, type AccessRow } from './matrix';
import { diffLoadedAccess, type AccessChange } from './diff';
import { formatAccessDiff, formatAccessDiffMarkdown, summarizeChanges } from './diff-format';

export type { AccessGrant, AccessMatrix, AccessRow } from './matrix';
export type { AccessChange } from './diff';
export { formatAccessMatrix, formatAccessMatrixMarkdown } from './matrix';
export { formatAccessDiff, formatAccessDiffMarkdown, summarizeChanges } from './diff-format';

/**
 * What the access tools read: a path to a `cdk.tf.json`, its JSON text (what cdktf's
 * `Testing.synth(stack)` returns), its parsed content, the result of `synthWorkloadIdentity`
 * (its `terraform` is read), or a list of these (the stacks of one account: a fleet).
 */
export type AccessInput = string | object | ReadonlyArray<string | object>;

/** The access matrix of synthesized Terraform, with its renderings. */
export class AccessReport implements AccessMatrix {
  /** One row per ServiceAccount (and provider or cluster), ordered by namespace, name, mode, provider/cluster. */
  public readonly rows: readonly AccessRow[];
  /** What the reader could not relate. */
  public readonly warnings: readonly string[];

  public constructor(matrix: AccessMatrix) {
    this.rows = matrix.rows;
    this.warnings = matrix.warnings;
  }

  /** The matrix in words, one paragraph per ServiceAccount (what a snapshot test should hold). */
  public toString(): string {
    return formatAccessMatrix(this);
  }

  /** The matrix as Markdown, one table per ServiceAccount. */
  public toMarkdown(): string {
    return formatAccessMatrixMarkdown(this);
  }

  /** The plain data (`{rows, warnings}`), as `--json` prints it. */
  public toJSON(): AccessMatrix {
    return { rows: this.rows, warnings: this.warnings };
  }
}

/** The changes of effective permissions between two versions. */
export class AccessDiff {
  /** One entry per (ServiceAccount, change, action, resource, scope), in the documented order. */
  public readonly changes: readonly AccessChange[];

  public constructor(changes: readonly AccessChange[]) {
    this.changes = changes;
  }

  /** `2 gained, 1 lost for 1 ServiceAccount`, or `no access change`. */
  public get summary(): string {
    return summarizeChanges(this.changes);
  }

  /**
   * Whether any change matches `failOn`: `gained` (admitted or gained), `any` (any entry) or
   * `none` (never).
   */
  public matches(failOn: string): boolean {
    if (failOn === 'none') return false;
    if (failOn === 'any') return this.changes.length > 0;
    return this.changes.some((c) => c.change === 'admitted' || c.change === 'gained');
  }

  /** The changes in words. */
  public toString(): string {
    return formatAccessDiff(this.changes);
  }

  /** The changes as Markdown for a pull-request comment. */
  public toMarkdown(): string {
    return formatAccessDiffMarkdown(this.changes);
  }

  /** `{changes}`, as `--json` prints it. */
  public toJSON(): { readonly changes: readonly AccessChange[] } {
    return { changes: this.changes };
  }
}

/** The access matrix of synthesized Terraform (see {@link AccessInput}). Throws on unreadable or invalid Terraform. */
export function accessOf(input: AccessInput): AccessReport {
  return new AccessReport(accessMatrix(load(input)));
}

/** What changes for whom between `base` and `head` (each an {@link AccessInput}). */
export function diffAccess(base: AccessInput, head: AccessInput): AccessDiff {
  // Most policies are the same on both sides: each distinct policy text is parsed once.
  const policies: PolicyCache = new Map();
  return new AccessDiff(diffLoadedAccess(load(base, policies), load(head, policies)));
}

/** Loads an {@link AccessInput}. `policies`: parsed custom policies shared between loads. */
export function load(input: AccessInput, policies?: PolicyCache): LoadedTerraform {
  const items = (Array.isArray(input) ? input : [input]) as ReadonlyArray<string | object>;
  return loadTerraform(items.map(normalize) as TerraformInput, policies);
}

function normalize(item: string | object): string | object {
  if (typeof item === 'string') {
    if (!item.trimStart().startsWith('{')) return item;
    // The model's parser: nesting depth scanned first; an error is located, the text (which may
    // hold a provider's secret_key) never echoed.
    return parseBoundedJson(item, 'the Terraform JSON text given', EmulatorConfigErrorCode.TerraformUnreadable) as object;
  }
  const terraform = (item as { terraform?: unknown }).terraform;
  const kubernetes = (item as { kubernetes?: unknown }).kubernetes;
  if (terraform !== null && typeof terraform === 'object' && Array.isArray(kubernetes)) return terraform;
  return item;
}
