/**
 * Validation of grants: each grant's role and scope, their combination, what the scope needs from
 * the declaration, duplicates within one group.
 */
import { GrantScope, GrantScopeKind } from '../iam/grant-scope';
import { GrantContext, resolveScope, roleKey, scopeKey } from '../iam/grant-plan';
import type { Grant } from '../iam/grants';
import { IamRole, PolicyScopeType } from '../iam/iam-role';
import { IssueCollector, IssueSeverity, IssueSide } from '../issues/issues';

/**
 * Checks a list of grants of one group (declared or dedicated) at `path` (`…grants`): the role,
 * the scope, their combination, what the scope needs from the declaration, duplicates.
 */
export function checkGrants(out: IssueCollector, grants: unknown, path: string, context: GrantContext, bindingIndex?: number): void {
  const side = IssueSide.TERRAFORM;
  const at = bindingIndex === undefined ? {} : { bindingIndex };
  if (!Array.isArray(grants)) {
    out.error({ code: 'INVALID_GRANTS', path, rule: 'must be a list of grants', fix: 'pass e.g. [Grants.obsReadOnly("my-bucket")]', side, ...at });
    return;
  }
  const seen = new Map<string, number>();
  grants.forEach((grant: unknown, i) => {
    const where = `${path}[${i}]`;
    const g = grant as Partial<Grant> | undefined;
    if (typeof g !== 'object' || g === null || !(g.role instanceof IamRole) || !(g.scope instanceof GrantScope)) {
      out.error({
        code: 'INVALID_GRANT',
        path: where,
        rule: 'must be { role: IamRole, scope: GrantScope }',
        fix: 'use a preset such as Grants.obsReadOnly("my-bucket"), or grant(IamRole.custom({...}), GrantScope.domain())',
        side,
        ...at,
      });
      return;
    }
    const { role, scope } = g as Grant;
    const errorsBefore = errorCount(out);
    role._check(out, `${where}.role`);
    scope._check(out, `${where}.scope`);
    checkCombination(out, role, scope, where, at);
    if (scope.kind === GrantScopeKind.DOMAIN && context.domainId === undefined) {
      out.error({
        code: 'GRANT_NEEDS_DOMAIN_ID',
        path: `${where}.scope`,
        value: 'domain',
        rule: `assigns ${role} on the account (domain), but the declaration has no domainId`,
        fix: 'set domainId on the declaration: the account ID under IAM console > My Credentials (32 hex characters)',
        side,
        ...at,
      });
    }
    if (scope.kind === GrantScopeKind.WORKLOAD_PROJECT && context.projectId === undefined) {
      out.error({
        code: 'GRANT_NEEDS_PROJECT_ID',
        path: `${where}.scope`,
        value: 'workload project',
        rule: `assigns ${role} in the workload project, but ${context.projectFrom} has no projectId`,
        fix: 'set projectId (IAM console > My Credentials > Projects), or pass an explicit GrantScope.project(...) / projectByName(...)',
        side,
        ...at,
      });
    }
    if (errorCount(out) !== errorsBefore) return;
    const resolved = resolveScope(scope, context);
    if (resolved === undefined) return;
    const key = `${roleKey(role)} ${scopeKey(resolved)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.error({
        code: 'DUPLICATE_GRANT',
        path: where,
        value: `${role} in ${scope}`,
        rule: `grants the same role in the same scope as ${path}[${first}]`,
        fix: 'grant it once',
        side,
        ...at,
      });
    } else {
      seen.set(key, i);
    }
  });
}

/**
 * IAM grants global services in the global service project (the domain) and project-level
 * services in region-specific projects (IAM user guide "Creating a User Group and Assigning
 * Permissions": "Permissions for these services must be assigned in the global service project";
 * project-level ones "need to be assigned in region-specific projects"). A custom policy's type
 * says which it is for, so the other scope can never take effect.
 */
function checkCombination(out: IssueCollector, role: IamRole, scope: GrantScope, where: string, at: { bindingIndex?: number }): void {
  if (!role.isCustom) return;
  if (role.type === PolicyScopeType.GLOBAL && scope.isProjectLevel) {
    out.error({
      code: 'GRANT_SCOPE_MISMATCH', path: `${where}.scope`, value: String(scope),
      rule: `assigns ${role}, a global-services (AX) policy, to ${scope}; IAM grants global services (such as OBS) only in the global service `
        + 'project, so it would never apply',
      fix: 'use GrantScope.domain() (and set domainId on the declaration)', side: IssueSide.TERRAFORM, ...at,
    });
  } else if (role.type === PolicyScopeType.PROJECT && scope.kind === GrantScopeKind.DOMAIN) {
    out.error({
      code: 'GRANT_SCOPE_MISMATCH', path: `${where}.scope`, value: String(scope),
      rule: `assigns ${role}, a project-level (XA) policy, on the account (global service project); project-level services only read permissions `
        + 'granted in region-specific projects',
      fix: 'use GrantScope.workloadProject(), project(...), projectByName(...) or allProjects()', side: IssueSide.TERRAFORM, ...at,
    });
  }
}

function errorCount(out: IssueCollector): number {
  return out.issues.filter((i) => i.severity === IssueSeverity.ERROR).length;
}
