import { IConstruct } from 'constructs';
import { reportUncaught } from '../core/issues/error-report';
import { formatIssue, IssueSeverity, ValidationIssue } from '../core/issues/issues';
import { renderedOnce } from './render-pass';

/**
 * Metadata type of warnings on Kubernetes-side constructs (cdk8s has no annotations API; cdktf
 * constructs use its own `@cdktf/warn` annotations).
 */
export const WARNING_METADATA_TYPE = 'cce-workload-identity/warn';

/** Surfaces one warning on a construct, the way its framework expects. */
export type WarningSink = (scope: IConstruct, message: string) => void;

/** The errors each construct's issue validation returned on its last run, as issues (see `errorsReportedBy`). */
const REPORTED = new WeakMap<IConstruct, readonly ValidationIssue[]>();

/**
 * What makes two issues one: the same rule (`code`) broken by the same value at the same field.
 * An issue's `path` names its source (a declaration, `WorkloadIdentity("x").jwks`, or a construct,
 * `app/web.containers`) and the field, so one problem found by several constructs (a declaration's
 * error, found by its provider and by each of its ServiceAccounts) has one key.
 */
export function issueKey(issue: ValidationIssue): string {
  return JSON.stringify([issue.code, issue.path, issue.value ?? null]);
}

/** `issues` with each key once, the first of each kept, in order. */
export function uniqueIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const keys = new Set<string>();
  return issues.filter((issue) => {
    const key = issueKey(issue);
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}

/**
 * Registers a validation on `scope` that reports the errors `collect` finds (all of them, so the
 * framework lists every one before writing) and surfaces its warnings once through `warn`. In a
 * synthesis pass `collect` runs once (./render-pass): the library's validation and the
 * frameworks' own, in `synth()`, read the same issues.
 */
export function addIssueValidation(scope: IConstruct, collect: () => readonly ValidationIssue[], warn: WarningSink): void {
  // The warnings already surfaced: state of this validation, which the construct's node holds.
  const seen = new Set<string>();
  scope.node.addValidation({
    validate: () => {
      // Validation runs inside an app's synth(): a validation error left uncaught from here on is
      // printed as its report and ends the process (lib/core/issues/error-report.ts).
      reportUncaught();
      const { warnings, errors, messages } = renderedOnce(scope, collect, () => reportOf(collect()));
      for (const message of warnings) {
        if (!seen.has(message)) {
          seen.add(message);
          warn(scope, message);
        }
      }
      if (errors.length === 0) REPORTED.delete(scope);
      else REPORTED.set(scope, errors);
      return [...messages];
    },
  });
}

/** What one run of an issue validation reports: its warnings and errors, formatted once per pass. */
interface IssueReport {
  /** Each warning's message (`Warning: ...`). */
  readonly warnings: readonly string[];
  /** The errors, each key once. */
  readonly errors: readonly ValidationIssue[];
  /** The errors' messages, in order. */
  readonly messages: readonly string[];
}

const NO_ISSUES: IssueReport = Object.freeze({ warnings: [], errors: [], messages: [] });

/** The report of `issues`; the frameworks' validation and the library's read the same one in a synthesis pass. */
function reportOf(issues: readonly ValidationIssue[]): IssueReport {
  if (issues.length === 0) return NO_ISSUES;
  const warnings = issues.filter((i) => i.severity === IssueSeverity.WARNING).map((issue) => `Warning: ${formatIssue(issue)}`);
  const errors = uniqueIssues(issues.filter((i) => i.severity === IssueSeverity.ERROR));
  return { warnings, errors, messages: errors.map(formatIssue) };
}

/**
 * The errors the issue validation of `scope` (`addIssueValidation`) returned on its last run, as
 * issues, in the order of its messages; undefined when it has none or has not run.
 */
export function errorsReportedBy(scope: IConstruct): readonly ValidationIssue[] | undefined {
  return REPORTED.get(scope);
}
