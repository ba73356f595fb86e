/**
 * The checks that belong to pod identity (`IdentityMode.POD_IDENTITY`): mode values, the cluster ID,
 * agency names, what an agency cannot hold, and one association per ServiceAccount across
 * declarations.
 */
import { GrantScope, GrantScopeKind } from '../iam/grant-scope';
import { agencyNameRule, clusterIdRule, IdentityMode, isIdentityMode, PLACEHOLDER_CLUSTER_ID } from '../declaration/identity-mode';
import { IssueCollector, publicProviderNames, IssueSide, ValidationIssue } from '../issues/issues';
import { agencyGrants, podIdentityBindings } from '../iam/pod-identity-plan';
import { checkExactString, textOf } from './rules';
import type { ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

/** The declaration's pod-identity checks (mode values, cluster ID, agency names, grants an agency cannot hold). */
export function checkPodIdentity(identity: WorkloadIdentityView, out: IssueCollector, base: string): void {
  if (!isIdentityMode(identity.mode)) {
    out.error({
      code: 'INVALID_IDENTITY_MODE',
      path: `${base}.mode`,
      value: identity.mode,
      rule: `must be IdentityMode.OIDC_FEDERATION ("${IdentityMode.OIDC_FEDERATION}") or IdentityMode.POD_IDENTITY ("${IdentityMode.POD_IDENTITY}")`,
      fix: 'pass mode: IdentityMode.POD_IDENTITY, or omit it (OIDC federation)',
      side: IssueSide.BOTH,
    });
  }
  const pods = podIdentityBindings(identity);
  if (identity.clusterId !== undefined) {
    const broken = checkExactString(identity.clusterId, clusterIdRule);
    if (broken) out.error({
      code: 'INVALID_CLUSTER_ID',
      path: `${base}.clusterId`,
      value: identity.clusterId,
      rule: broken,
      fix: 'copy the cluster ID from the CCE console (cluster > Overview), or from Terraform huaweicloud_cce_cluster.<name>.id',
      side: IssueSide.TERRAFORM,
    });
    else if (identity.clusterId === PLACEHOLDER_CLUSTER_ID && pods.length > 0) {
      out.warn({
        code: 'PLACEHOLDER_CLUSTER_ID',
        path: `${base}.clusterId`,
        value: identity.clusterId,
        rule: 'is the placeholder cluster ID: the pod identity associations would name a cluster that does not exist, and terraform apply fails',
        fix: 'set the real cluster ID (CCE console > cluster > Overview) before deploying',
        side: IssueSide.BOTH,
      });
    }
  } else if (pods.length > 0) {
    out.error({
      code: 'POD_IDENTITY_NEEDS_CLUSTER_ID',
      path: `${base}.clusterId`,
      value: `${pods.length} pod-identity binding(s)`,
      rule: `is not set, but ${pods.map((b) => b.toString()).join(', ')} use${pods.length === 1 ? 's' : ''} pod identity, whose association `
        + '(huaweicloud_cce_cluster_pod_identity_association.cluster_id) names the cluster',
      fix: 'set clusterId on the declaration: the CCE cluster ID (CCE console > cluster > Overview)',
      side: IssueSide.TERRAFORM,
    });
  }
  const byAgency = new Map<string, ServiceAccountBindingView>();
  for (const binding of identity.bindings) {
    const path = `${base}.bindings[${binding.index}]`;
    const bindingIndex = binding.index;
    if (binding.mode !== identity.mode && !isIdentityMode(binding.mode)) {
      out.error({
        code: 'INVALID_IDENTITY_MODE',
        path: `${path}.mode`,
        value: binding.mode,
        rule: `must be IdentityMode.OIDC_FEDERATION or IdentityMode.POD_IDENTITY`,
        fix: 'pass one of them, or omit it (the declaration\'s mode)',
        side: IssueSide.BOTH,
        bindingIndex,
      });
      continue;
    }
    if (binding.mode !== IdentityMode.POD_IDENTITY) {
      if (binding.agencyNameGiven !== undefined) {
        out.error({
          code: 'AGENCY_NAME_WITHOUT_POD_IDENTITY',
          path: `${path}.agencyName`,
          value: binding.agencyNameGiven,
          rule: 'is set on a binding that uses OIDC federation, which has no agency',
          fix: 'remove agencyName, or set mode: IdentityMode.POD_IDENTITY on the binding (or the declaration)',
          side: IssueSide.TERRAFORM,
          bindingIndex,
        });
      }
      continue;
    }
    checkPodBinding(binding, out, path, byAgency);
  }
}

function checkPodBinding(
  binding: ServiceAccountBindingView, out: IssueCollector, path: string, byAgency: Map<string, ServiceAccountBindingView>,
): void {
  const bindingIndex = binding.index;
  const identity = binding.identity;
  const name = binding.agencyName;
  if (binding.agencyNameGiven !== undefined) {
    const broken = checkExactString(binding.agencyNameGiven, agencyNameRule);
    if (broken) out.error({
      code: 'INVALID_AGENCY_NAME',
      path: `${path}.agencyName`,
      value: binding.agencyNameGiven,
      rule: broken,
      fix: 'use a name such as "shop.order-service", or omit it (derived from the provider name, namespace and ServiceAccount)',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  }
  if (name !== undefined) {
    const first = byAgency.get(name);
    if (first) {
      out.error({
        code: 'DUPLICATE_AGENCY_NAME',
        path: `${path}.agencyName`,
        value: name,
        rule: `is also the agency of ${first} (bindings[${first.index}]); each pod-identity binding gets its own agency, so that no ServiceAccount `
          + `holds another's rights`,
        fix: 'give the bindings different agencyName values, or omit them',
        side: IssueSide.TERRAFORM,
        bindingIndex,
      });
    } else {
      byAgency.set(name, binding);
    }
  }
  const grants = agencyGrants(binding);
  for (const { grant, from, path: grantPath } of grants) {
    if (grant?.scope instanceof GrantScope && grant.scope.kind === GrantScopeKind.ENTERPRISE_PROJECT) {
      out.error({
        code: 'POD_IDENTITY_ENTERPRISE_PROJECT_GRANT',
        path: `${grantPath}.scope`,
        value: String(grant.scope),
        rule: `reaches the agency of ${binding} (from ${from}), but huaweicloud_identity_agency assigns roles in enterprise projects by enterprise `
          + 'project name, which the library does not know from an ID',
        fix: 'grant in a project, all projects or on the account instead, or keep this binding on OIDC federation',
        side: IssueSide.TERRAFORM,
        bindingIndex,
      });
    }
  }
  const named = Array.isArray(binding.iamGroups) ? binding.iamGroups : [];
  for (const [i, group] of named.entries()) {
    const declared = identity.findGroup(group);
    if (!declared || declared.existing) {
      out.warn({
        code: 'POD_IDENTITY_GROUP_ROLES_NOT_COPIED',
        path: `${path}.iamGroups[${i}]`,
        value: group,
        rule: `is ${declared ? 'an existing group' : 'not declared'}: with pod identity the ServiceAccount gets an agency, not group membership, so `
          + `only roles the declaration grants to the group (${declared ? declared.grants.length : 0}) reach the agency; roles the group has outside `
          + 'this declaration do not',
        fix: 'declare the group with its grants, or grant the roles to the binding (grants)',
        side: IssueSide.TERRAFORM,
        bindingIndex,
      });
    }
  }
  if (grants.length === 0) {
    out.warn({
      code: 'POD_IDENTITY_WITHOUT_GRANTS',
      path: `${path}.grants`,
      value: binding.toString(),
      rule: 'uses pod identity but neither its own grants nor the declared groups it names grant anything: its agency holds no roles',
      fix: 'add grants to the binding, or name a declared group with grants in iamGroups',
      side: IssueSide.TERRAFORM,
      bindingIndex,
    });
  }
  // iamUser and token stay allowed (and unused), so that switching a binding's mode is one change.
}

/**
 * Between declarations rendered together: CCE allows one association per ServiceAccount, and an
 * agency name once per account. Reported at the later declaration.
 */
export function podIdentityConflicts(identities: readonly WorkloadIdentityView[]): ValidationIssue[] {
  const out = new IssueCollector(publicProviderNames(identities.map((i) => i.providerName)));
  const associations = new Map<string, ServiceAccountBindingView>();
  const agencies = new Map<string, ServiceAccountBindingView>();
  for (const identity of new Set(identities)) {
    for (const binding of podIdentityBindings(identity)) {
      const key = `${textOf(identity.clusterId)}\n${binding}`;
      const first = associations.get(key);
      if (first && first.identity !== identity) {
        out.error({
          code: 'DUPLICATE_POD_IDENTITY_ASSOCIATION',
          path: `${identity.path}.bindings[${binding.index}]`,
          value: binding.toString(),
          rule: `is also bound with pod identity in cluster ${String(identity.clusterId)} by ${first.identity.path}.bindings[${first.index}]; CCE `
            + 'allows one pod identity association per ServiceAccount, so the second association fails to apply',
          fix: 'bind the ServiceAccount in one declaration only',
          side: IssueSide.BOTH,
          bindingIndex: binding.index,
        });
      } else if (!first) {
        associations.set(key, binding);
      }
      const name = binding.agencyName;
      const owner = name === undefined ? undefined : agencies.get(name);
      if (name !== undefined && owner && owner.identity !== identity) {
        out.error({
          code: 'DUPLICATE_AGENCY_NAME',
          path: `${identity.path}.bindings[${binding.index}].agencyName`,
          value: name,
          rule: `is also the agency of ${owner} in ${owner.identity.path}; agency names are unique in an account`,
          fix: 'give one of the bindings another agencyName',
          side: IssueSide.TERRAFORM,
          bindingIndex: binding.index,
        });
      } else if (name !== undefined && !owner) {
        agencies.set(name, binding);
      }
    }
  }
  return [...out.issues];
}

