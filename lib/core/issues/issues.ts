/**
 * Validation issues: every problem found in a declaration is collected as an issue naming the
 * field, the offending value (never a secret), the rule and a fix, so all of them can be reported
 * at once before anything is written.
 */
import { presentAsReport } from './error-report';
import { checkExactString, describeType, providerNameRule, redactSecrets, type RuleCheck, secretKind } from '../validation/rules';
import type { IssueCode } from '../validation/issue-codes';

/** How serious an issue is. Errors stop synthesis; warnings are surfaced as annotations. */
export enum IssueSeverity {
  /** Stops synthesis: nothing is written while any error exists. */
  ERROR = 'error',
  /** Reported (as an annotation or on stderr); synthesis goes on. */
  WARNING = 'warning',
}

/** Which synthesized side an issue concerns (used to report it once, where it matters). */
export enum IssueSide {
  /** The IAM side (`WorkloadIdentityProvider`, grants): reported by the Terraform app. */
  TERRAFORM = 'terraform',
  /** The ServiceAccounts and pods (`WorkloadServiceAccount`): reported by the Kubernetes app. */
  KUBERNETES = 'kubernetes',
  /** Both sides' output depends on the field. */
  BOTH = 'both',
}

/**
 * The fields of an issue as the collector takes them: the severity comes from the method, and the
 * code must be registered (lib/core/validation/issue-codes.ts).
 */
type IssueFields = Omit<ValidationIssue, 'severity' | 'value' | 'side' | 'code'> & {
  readonly code: IssueCode;
  readonly value?: unknown;
  readonly side: IssueSide;
};

/** One problem found in a declaration. */
export interface ValidationIssue {
  /** `error` stops synthesis; `warning` is reported and synthesis goes on. */
  readonly severity: IssueSeverity;
  /** Stable machine-readable code, e.g. `INVALID_NAMESPACE`; every code is listed in docs/error-codes.md. */
  readonly code: string;
  /** Field path inside the declaration, e.g. `WorkloadIdentity(workload_identity).bindings[0].namespace`. */
  readonly path: string;
  /** The offending value as shown to the user; absent where showing it could leak a secret. */
  readonly value?: string;
  /** The rule that was broken, phrased as what is allowed. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
  /** The side whose output the field affects. */
  readonly side: IssueSide;
  /** Index of the binding the issue belongs to, when it belongs to one. */
  readonly bindingIndex?: number;
}

const MAX_SHOWN_VALUE = 80;

/**
 * Shows a user-supplied value in a message: quoted, control characters escaped, long values cut.
 * Total: any value (a bigint, a symbol, an object whose `toString` or `toJSON` throws, a cycle, a
 * null-prototype object) gives a description, never an exception. A value that looks like a
 * credential ({@link secretKind}) is never shown.
 */
export function showValue(value: unknown): string {
  const secret = secretKind(value);
  if (secret !== undefined) return `(value not shown: it looks like a ${secret})`;
  let text: string;
  switch (typeof value) {
    case 'string':
      text = JSON.stringify(value);
      break;
    case 'number':
    case 'boolean':
      text = String(value);
      break;
    case 'undefined':
      text = 'undefined';
      break;
    case 'bigint':
      text = `${value.toString()}n`;
      break;
    case 'symbol':
    case 'function':
      text = `(${describeType(value)})`;
      break;
    default:
      text = showObject(value as object | null);
  }
  if (text.length > MAX_SHOWN_VALUE) {
    text = `${text.slice(0, MAX_SHOWN_VALUE - 1)}…`;
  }
  return text;
}

/** JSON of a plain object or array (bigints as strings), or a description of anything else. */
function showObject(value: object | null): string {
  if (value === null) return 'null';
  const kind = describeType(value);
  if (kind !== 'an object' && kind !== 'an array') return `(${kind})`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v.toString()}n` : v)) ?? `(${kind})`;
  } catch {
    return `(${kind})`;
  }
}

/**
 * A user-supplied name as a message label (e.g. the provider name in `WorkloadIdentity("...")`):
 * quoted like {@link showValue}, or a placeholder when it looks like a credential. Never throws.
 */
export function showLabel(value: unknown): string {
  if (typeof value === 'number') return JSON.stringify(String(value));
  return showValue(value);
}

/**
 * Whether a user-supplied name passed its own rule and is shown (and kept by the redactor) as it
 * is: the secret redactor judges by shape (a long mixed-case run is "key material"), and a valid
 * 64-character provider name has that shape; a name that passed its rule is written to the output
 * as it is anyway. A name starting like a JWT (`eyJ`) is never public.
 */
export function isPublicName(value: unknown, rule: RuleCheck): value is string {
  return typeof value === 'string' && checkExactString(value, rule) === undefined && !value.startsWith('eyJ');
}

/**
 * A user-supplied name that passed its own rule ({@link isPublicName}), shown as it is: quoted. A
 * value that does not pass is shown like {@link showLabel}.
 */
export function showName(value: unknown, rule: RuleCheck): string {
  return isPublicName(value, rule) ? JSON.stringify(value) : showLabel(value);
}

/** The given provider names that are public ({@link isPublicName} under the provider name rule): a redactor keep-set. */
export function publicProviderNames(names: Iterable<unknown>): ReadonlySet<string> {
  const kept = new Set<string>();
  for (const name of names) if (isPublicName(name, providerNameRule)) kept.add(name);
  return kept;
}

const NOTHING_PUBLIC: ReadonlySet<string> = new Set();
/**
 * The public values each issue's collector knew (the validated provider names its path, rule and
 * fix may show): kept off the issue itself, so that the public `ValidationIssue` shape is unchanged
 * and an issue built or copied elsewhere has none (everything secret-shaped in it is redacted).
 */
const publicValues = new WeakMap<ValidationIssue, ReadonlySet<string>>();

/** The public values the collector of `issue` knew (none for an issue it did not collect). */
export function publicValuesOf(issue: ValidationIssue): ReadonlySet<string> {
  return publicValues.get(issue) ?? NOTHING_PUBLIC;
}

/**
 * {@link redactSecrets} for a line about `issue`: the validated names its collector was given are
 * kept, everything else credential-shaped is redacted. Linear in the length of the text.
 */
export function redactIssueText(text: string, issue: ValidationIssue): string {
  return redactSecrets(text, publicValuesOf(issue));
}

/** Renders an issue as one line: `<path>: <value> <rule>. Fix: <fix>`. Credential-shaped text is redacted. */
export function formatIssue(issue: ValidationIssue): string {
  const value = issue.value === undefined ? '' : ` ${issue.value}`;
  return redactIssueText(`${issue.path}:${value} ${issue.rule}. Fix: ${issue.fix}`, issue);
}

/** Collects issues under a path prefix. */
export class IssueCollector {
  private readonly found: ValidationIssue[] = [];
  private readonly keep: ReadonlySet<string>;

  /**
   * @param publicNames values known to be public (validated provider names, see
   *   {@link publicProviderNames}): shown as they are in the issues' paths, values, rules and fixes,
   *   whatever their shape. Everything else credential-shaped is redacted.
   */
  public constructor(publicNames: ReadonlySet<string> = NOTHING_PUBLIC) {
    this.keep = publicNames;
  }

  /** All issues collected so far. */
  public get issues(): readonly ValidationIssue[] {
    return this.found;
  }

  /** Records an error. `value` is shown quoted; pass `undefined` to hide it. */
  public error(fields: IssueFields): void {
    this.add(IssueSeverity.ERROR, fields);
  }

  /** Records a warning. */
  public warn(fields: IssueFields): void {
    this.add(IssueSeverity.WARNING, fields);
  }

  /** Records an issue found elsewhere, re-rooted at `path`. */
  public forward(issue: ValidationIssue, path: string, side: IssueSide = issue.side): void {
    const theirs = publicValuesOf(issue);
    const keep = theirs.size === 0 ? this.keep : this.keep.size === 0 ? theirs : new Set([...theirs, ...this.keep]);
    this.record({ ...issue, path, side }, keep);
  }

  private record(issue: ValidationIssue, keep: ReadonlySet<string>): void {
    if (keep.size > 0) publicValues.set(issue, keep);
    this.found.push(issue);
  }

  /**
   * A value that looks like a credential is not kept (the rule says so instead), and the path,
   * rule and fix, which may repeat user input (labels, construct paths, names), are redacted.
   */
  private add(severity: IssueSeverity, fields: IssueFields): void {
    const { value, side, ...rest } = fields;
    // A public name (one the collector was given) is shown as a value too.
    const named = typeof value === 'string' && this.keep.has(value);
    const secret = value === undefined || named ? undefined : secretKind(value);
    const rule = secret === undefined || rest.rule.includes('(value not shown')
      ? rest.rule
      : `${rest.rule} (value not shown: it looks like a ${secret})`;
    this.record({
      severity,
      ...rest,
      side,
      path: redactSecrets(rest.path, this.keep),
      rule: redactSecrets(rule, this.keep),
      fix: redactSecrets(rest.fix, this.keep),
      ...(value === undefined || secret !== undefined ? {} : { value: named ? JSON.stringify(value) : showValue(value) }),
    }, this.keep);
  }
}

/**
 * Thrown when a declaration (or a set of them) has errors; the message lists every one.
 *
 * @example
 * ```ts
 * try {
 *   identity.assertValid();
 * } catch (error) {
 *   if (error instanceof WorkloadIdentityValidationError) for (const issue of error.issues) console.error(issue.path, issue.fix);
 *   throw error;
 * }
 * ```
 *
 * TypeScript/JavaScript only: jsii cannot represent a class extending `Error`; in other languages
 * the failure surfaces as the host language's JavaScript-error exception.
 * @jsii ignore
 */
export class WorkloadIdentityValidationError extends Error {
  /** The code of every `WorkloadIdentityValidationError`. */
  public static readonly code = 'ERR_WORKLOAD_IDENTITY_INVALID';
  /** Stable error code: `ERR_WORKLOAD_IDENTITY_INVALID`. */
  public readonly code = WorkloadIdentityValidationError.code;
  /** Every error found (warnings are not included). */
  public readonly issues: readonly ValidationIssue[];

  public constructor(issues: readonly ValidationIssue[]) {
    const lines = [...new Set(issues.map(formatIssue))];
    super(`Workload identity declaration has ${lines.length} error${lines.length === 1 ? '' : 's'}; nothing was written:\n  - `
      + `${lines.join('\n  - ')}`);
    this.name = 'WorkloadIdentityValidationError';
    this.issues = issues;
    // Printed, it shows its message only (no stack trace, no second copy of every issue).
    presentAsReport(this, ['issues', 'code']);
  }
}
