/**
 * Declarations that belong together, such as the clusters of a `WorkloadIdentityFleet`. The
 * cross-declaration checks (validation/cross-declaration-checks.ts) look a declaration's group up here, so a group's own
 * issues (its quota, its names) are reported at synthesis whichever way its declarations are
 * rendered, and a group member left out of the app is noticed. Each member declaration holds its
 * group itself (no module-level registry).
 */
import type { DeclarationGroup, WorkloadIdentityView } from './types';

/** @internal Records `group` as the group of each of its members. */
export function registerDeclarationGroup(group: DeclarationGroup): void {
  for (const member of group.members) member._group = group;
}

/** @internal The group of a declaration, if it belongs to one. */
export function declarationGroupOf(identity: WorkloadIdentityView): DeclarationGroup | undefined {
  return identity._group;
}
