/**
 * IAM's agency limits, for the agencies pod-identity bindings create (one per binding, holding
 * every grant of the binding and of the declared groups it names, unchecked by anything else):
 * - agencies per account: 50 by default (IAM "Notes and Constraints", iam_01_0305; the IAM v5
 *   notes count agencies and trust agencies together and say the quota can be raised to 5,000);
 * - permissions per agency: 10 by default, 20 at most (IAM v5 notes). Whether the same limits hold
 *   for the v3 agencies (`huaweicloud_identity_agency`) the library writes is UNVERIFIED; they are [unverified:agency-permission-limits]
 *   applied as documented for v5. A permission is counted here as one role in one scope (one
 *   entry of the agency's `project_role`, `domain_roles` or `all_resources_roles`), the strict
 *   reading, as IAM's v3 console lists each such pair as a permission.
 * Modelled on the identity-provider quota check (cross-declaration-checks.ts `TOO_MANY_PROVIDERS`): the
 * account-wide count is a warning, reported by the Terraform side.
 */
import { IssueCollector, publicProviderNames, IssueSide, ValidationIssue } from '../issues/issues';
import { podIdentityBindings, podIdentityPlan } from '../iam/pod-identity-plan';
import type { WorkloadIdentityView } from '../declaration/types';

/** Agencies (and trust agencies) per account by default (iam_01_0305; IAM v5 notes: raisable to 5,000). */
export const DEFAULT_AGENCIES_PER_ACCOUNT = 50;

/** Permissions attached to one agency by default (IAM v5 notes; UNVERIFIED for v3 agencies). [unverified:agency-permission-limits] */
export const DEFAULT_PERMISSIONS_PER_AGENCY = 10;

/** Most permissions one agency can hold, even raised (IAM v5 notes; UNVERIFIED for v3 agencies) [unverified:agency-permission-limits]. */
export const MAX_PERMISSIONS_PER_AGENCY = 20;

const SOURCE = 'IAM v5 "Notes and Constraints"; not confirmed for the v3 agencies the library writes';

/** Per agency of `identity`: more permissions than the default quota (a warning) or the maximum (an error). */
export function checkAgencyPermissions(identity: WorkloadIdentityView, out: IssueCollector, base: string): void {
  if (podIdentityBindings(identity).length === 0) return;
  for (const agency of podIdentityPlan(identity).agencies) {
    const count = agency.roles.length;
    if (count <= DEFAULT_PERMISSIONS_PER_AGENCY) continue;
    const binding = agency.binding;
    const fields = {
      path: `${base}.bindings[${binding.index}].grants`,
      value: `${count} permissions`,
      side: IssueSide.TERRAFORM,
      bindingIndex: binding.index,
    };
    const from = [...new Set(agency.roles.map((r) => r.from))].join(', ');
    if (count > MAX_PERMISSIONS_PER_AGENCY) {
      out.error({
        ...fields,
        code: 'AGENCY_TOO_MANY_PERMISSIONS',
        rule: `would give the agency ${JSON.stringify(agency.name)} of ${binding} ${count} permissions (roles per scope, from ${from}); an agency `
          + `holds at most ${MAX_PERMISSIONS_PER_AGENCY} (${SOURCE}), so the apply fails`,
        fix: `grant fewer roles: merge actions into one custom policy (IamRole.custom), or drop grants; at most ${MAX_PERMISSIONS_PER_AGENCY}`,
      });
    } else {
      out.warn({
        ...fields,
        code: 'AGENCY_PERMISSIONS_OVER_DEFAULT_QUOTA',
        rule: `would give the agency ${JSON.stringify(agency.name)} of ${binding} ${count} permissions (roles per scope, from ${from}), more than `
          + `the default quota of ${DEFAULT_PERMISSIONS_PER_AGENCY} per agency (${SOURCE}); the apply fails unless the quota was raised`,
        fix: `merge actions into one custom policy (IamRole.custom), or have the quota raised (at most ${MAX_PERMISSIONS_PER_AGENCY})`,
      });
    }
  }
}

/**
 * Declarations rendered into one account: more agencies than the default quota (a warning, at the
 * first declaration whose agencies pass it). Distinct names count once (a duplicate is its own error).
 */
export function agencyQuotaIssues(identities: readonly WorkloadIdentityView[]): ValidationIssue[] {
  const out = new IssueCollector(publicProviderNames(identities.map((i) => i.providerName)));
  const distinct = [...new Set(identities)];
  const names = new Set<string>();
  let over: WorkloadIdentityView | undefined;
  for (const identity of distinct) {
    for (const binding of podIdentityBindings(identity)) {
      const name = binding.agencyName;
      if (typeof name === 'string') names.add(name);
    }
    if (over === undefined && names.size > DEFAULT_AGENCIES_PER_ACCOUNT) over = identity;
  }
  if (over !== undefined) {
    out.warn({
      code: 'TOO_MANY_AGENCIES',
      path: `${over.path}.bindings`,
      value: `${names.size} agencies`,
      rule: `are created by the pod-identity bindings of ${distinct.length === 1 ? 'this declaration' : 'the declarations of this app'}, more than `
        + `IAM's default quota of ${DEFAULT_AGENCIES_PER_ACCOUNT} agencies per account (iam_01_0305; agencies the account already has count too); `
        + 'IAM refuses the agencies beyond it',
      fix: 'have the agency quota raised (IAM v5 notes: up to 5,000), spread the workloads over accounts, or keep some bindings on OIDC federation',
      side: IssueSide.TERRAFORM,
    });
  }
  return [...out.issues];
}
