import { IConstruct } from 'constructs';
import { formatIssue, IssueSeverity, ValidationIssue } from '../core/issues';

/**
 * Metadata type of warnings on Kubernetes-side constructs (cdk8s has no annotations API; cdktf
 * constructs use its own `@cdktf/warn` annotations).
 */
export const WARNING_METADATA_TYPE = 'cce-workload-identity/warn';

/** Surfaces one warning on a construct, the way its framework expects. */
export type WarningSink = (scope: IConstruct, message: string) => void;

/**
 * Registers a validation on `scope` that reports the errors `collect` finds (all of them, so the
 * framework lists every one before writing) and surfaces its warnings once through `warn`.
 */
export function addIssueValidation(scope: IConstruct, collect: () => readonly ValidationIssue[], warn: WarningSink): void {
  // The warnings already surfaced: state of this validation, which the construct's node holds.
  const seen = new Set<string>();
  scope.node.addValidation({
    validate: () => {
      const issues = collect();
      for (const issue of issues.filter((i) => i.severity === IssueSeverity.WARNING)) {
        const message = `Warning: ${formatIssue(issue)}`;
        if (!seen.has(message)) {
          seen.add(message);
          warn(scope, message);
        }
      }
      return [...new Set(issues.filter((i) => i.severity === IssueSeverity.ERROR).map(formatIssue))];
    },
  });
}

/** Every construct of type `T` in the tree of `scope`'s root, in tree order. */
export function findAllInApp<T extends IConstruct>(scope: IConstruct, guard: (c: IConstruct) => c is T): T[] {
  return scope.node.root.node.findAll().filter(guard);
}
