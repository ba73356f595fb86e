/**
 * Validation of a set of declarations: each on its own, and against each other (the checks between
 * them are in validation/cross-declaration-checks.ts, re-exported here for the modules that render
 * declarations).
 */
import type { ValidationIssue } from '../issues/issues';
import { crossDeclarationIssues } from '../validation/cross-declaration-checks';
import type { WorkloadIdentity } from './workload-identity';

export { crossDeclarationIssues, sharedProviderIssues } from '../validation/cross-declaration-checks';
export type { DeclarationRendering, RenderingIssue } from '../validation/cross-declaration-checks';

/**
 * Checks a set of declarations that end up in one app (one account): each on its own, and against
 * each other. IAM keeps one mapping per identity provider, so two declarations naming the same
 * provider would overwrite each other's rules; an account holds 10 providers by default (a quota).
 */
export function validateDeclarations(identities: Iterable<WorkloadIdentity>): ValidationIssue[] {
  const unique = [...new Set(identities)];
  return [...unique.flatMap((identity) => identity.validate()), ...crossDeclarationIssues(unique)];
}
