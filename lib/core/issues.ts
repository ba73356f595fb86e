/**
 * Validation issues: every problem found in a declaration is collected as an issue naming the
 * field, the offending value (never a secret), the rule and a fix, so all of them can be reported
 * at once before anything is written.
 */

/** How serious an issue is. Errors stop synthesis; warnings are surfaced as annotations. */
export type IssueSeverity = 'error' | 'warning';

/** Which synthesized side an issue concerns (used to report it once, where it matters). */
export type IssueSide = 'terraform' | 'kubernetes' | 'both';

/** One problem found in a declaration. */
export interface ValidationIssue {
  /** `error` stops synthesis; `warning` is reported and synthesis goes on. */
  readonly severity: IssueSeverity;
  /** Stable machine-readable code, e.g. `INVALID_NAMESPACE`. */
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

/** Shows a user-supplied value in a message: quoted, control characters escaped, long values cut. */
export function showValue(value: unknown): string {
  let text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  if (text.length > MAX_SHOWN_VALUE) {
    text = `${text.slice(0, MAX_SHOWN_VALUE - 1)}…`;
  }
  return text;
}

/** Renders an issue as one line: `<path>: <value> <rule>. Fix: <fix>`. */
export function formatIssue(issue: ValidationIssue): string {
  const value = issue.value === undefined ? '' : ` ${issue.value}`;
  return `${issue.path}:${value} ${issue.rule}. Fix: ${issue.fix}`;
}

/** Collects issues under a path prefix. */
export class IssueCollector {
  private readonly found: ValidationIssue[] = [];

  /** All issues collected so far. */
  public get issues(): readonly ValidationIssue[] {
    return this.found;
  }

  /** Records an error. `value` is shown quoted; pass `undefined` to hide it. */
  public error(fields: Omit<ValidationIssue, 'severity' | 'value'> & { readonly value?: unknown }): void {
    this.add('error', fields);
  }

  /** Records a warning. */
  public warn(fields: Omit<ValidationIssue, 'severity' | 'value'> & { readonly value?: unknown }): void {
    this.add('warning', fields);
  }

  /** Records an issue found elsewhere, re-rooted at `path`. */
  public forward(issue: ValidationIssue, path: string, side: IssueSide = issue.side): void {
    this.found.push({ ...issue, path, side });
  }

  private add(severity: IssueSeverity, fields: Omit<ValidationIssue, 'severity' | 'value'> & { readonly value?: unknown }): void {
    const { value, ...rest } = fields;
    this.found.push({ severity, ...rest, ...(value === undefined ? {} : { value: showValue(value) }) });
  }
}

/** Thrown when a declaration (or a set of them) has errors; the message lists every one. */
export class WorkloadIdentityValidationError extends Error {
  /** Stable error code. */
  public readonly code = 'ERR_WORKLOAD_IDENTITY_INVALID';
  /** Every error found (warnings are not included). */
  public readonly issues: readonly ValidationIssue[];

  public constructor(issues: readonly ValidationIssue[]) {
    const lines = [...new Set(issues.map(formatIssue))];
    super(`Workload identity declaration has ${lines.length} error${lines.length === 1 ? '' : 's'}; nothing was written:\n  - ${lines.join('\n  - ')}`);
    this.name = 'WorkloadIdentityValidationError';
    this.issues = issues;
  }
}
