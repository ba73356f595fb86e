/**
 * One ServiceAccount of one cluster bound by two declarations rendered together. Inside one
 * declaration that is `DUPLICATE_BINDING`; across declarations of the same provider name it is
 * reported with `DUPLICATE_PROVIDER`, and two pod-identity bindings of one cluster are
 * `DUPLICATE_POD_IDENTITY_ASSOCIATION` (pod-identity-checks.ts). What is left is checked here:
 * declarations with different provider names binding the same ServiceAccount of the same cluster,
 * once with OIDC federation and once with pod identity (the pod would get the projected token and
 * `HUAWEICLOUD_SDK_*` and the platform's `HC_CONTAINER_*`: which credential wins depends on the
 * SDK), or twice with OIDC federation (a pod runs as one ServiceAccount and mounts one token: one
 * of the two providers' rules is dead, or both map it to different IAM identities).
 *
 * "The same cluster" is only claimed when it is known: both declarations name the same `clusterId`,
 * or their key sets (same issuer) share a signing key. Declarations of one fleet are different
 * clusters by construction. Two declarations that give neither cannot be compared.
 */
import { declarationGroupOf } from '../declaration/declaration-groups';
import { IdentityMode } from '../declaration/identity-mode';
import { IssueCollector, publicProviderNames, IssueSide, type ValidationIssue } from '../issues/issues';
import { checkedKeyThumbprint } from './key-thumbprints';
import { Jwks } from '../jwks/jwks';
import type { ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

/** Where a declaration is rendered (a construct path), for messages; undefined when not known. */
export type RenderedAt = (identity: WorkloadIdentityView) => string | undefined;

/** The RFC 7638 thumbprints of a declaration's keys, prefixed with its issuer (empty when it has no valid key set). */
function keyIds(identity: WorkloadIdentityView): Set<string> {
  if (!(identity.jwks instanceof Jwks) || typeof identity.issuer !== 'string') return new Set();
  try {
    const keys = identity.jwks.value.keys;
    return new Set(keys.map((k) => checkedKeyThumbprint(k)).filter((t): t is string => t !== undefined).map((t) => `${identity.issuer}\n${t}`));
  } catch {
    return new Set(); // an invalid key set is reported on its own
  }
}

/** Why two declarations are known to be of one cluster, or undefined when they are not (or it is not known). */
function sameCluster(a: WorkloadIdentityView, b: WorkloadIdentityView, keysA: Set<string>, keysB: Set<string>): string | undefined {
  if (typeof a.clusterId === 'string' && typeof b.clusterId === 'string') {
    return a.clusterId === b.clusterId ? `cluster ${a.clusterId}` : undefined;
  }
  for (const key of keysA) if (keysB.has(key)) return 'the cluster whose signing key both trust';
  return undefined;
}

const modeName = (binding: ServiceAccountBindingView): string => (binding.mode === IdentityMode.POD_IDENTITY ? 'pod identity' : 'OIDC federation');

/**
 * The conflicts between declarations rendered together (quadratic in the declarations, linear in
 * their bindings: each pair is compared through a map of the first one's bindings).
 */
export function serviceAccountConflicts(identities: readonly WorkloadIdentityView[], renderedAt: RenderedAt = () => undefined): ValidationIssue[] {
  const out = new IssueCollector(publicProviderNames(identities.map((i) => i.providerName)));
  const list = [...new Set(identities)].filter((i) => typeof i.providerName === 'string');
  const keys = new Map(list.map((i) => [i, keyIds(i)]));
  const bindingsOf = new Map(list.map((i) => [i, new Map(i.bindings.filter((b) => typeof b.namespace === 'string'
    && typeof b.serviceAccountName === 'string').map((b) => [b.toString(), b]))]));
  const where = (identity: WorkloadIdentityView): string => {
    const at = renderedAt(identity);
    return at === undefined ? identity.path : `${identity.path} (rendered at ${at})`;
  };
  list.forEach((second, j) => {
    for (const first of list.slice(0, j)) {
      // Same provider name: DUPLICATE_PROVIDER / DUPLICATE_BINDING; one fleet: different clusters.
      if (first.providerName === second.providerName) continue;
      const group = declarationGroupOf(first);
      if (group !== undefined && group === declarationGroupOf(second)) continue;
      const cluster = sameCluster(first, second, keys.get(first)!, keys.get(second)!);
      if (cluster === undefined) continue;
      const firstBindings = bindingsOf.get(first)!;
      for (const binding of bindingsOf.get(second)!.values()) {
        const twin = firstBindings.get(binding.toString());
        // Both on pod identity: DUPLICATE_POD_IDENTITY_ASSOCIATION.
        if (twin === undefined || (twin.mode === IdentityMode.POD_IDENTITY && binding.mode === IdentityMode.POD_IDENTITY)) continue;
        const modes = twin.mode === binding.mode
          ? `both with ${modeName(binding)}: a pod runs as one ServiceAccount and mounts one token, so one provider's rule is dead or maps it `
            + 'to another IAM identity'
          : `with ${modeName(binding)} here and ${modeName(twin)} there: its pods would get both the projected token with HUAWEICLOUD_SDK_* `
            + 'and the platform\'s HC_CONTAINER_* credentials, and which one an SDK uses differs by SDK';
        out.error({
          code: 'SERVICE_ACCOUNT_BOUND_TWICE',
          path: `${second.path}.bindings[${binding.index}]`,
          value: binding.toString(),
          rule: `is the ServiceAccount of ${cluster} that ${where(first)}.bindings[${twin.index}] also binds, ${modes}; here: ${where(second)}`,
          fix: 'bind the ServiceAccount in one declaration only, in one mode (to migrate it, change the mode of that one binding: README '
            + '"Migrating a binding"); or, if the declarations are of different clusters, give each its own clusterId',
          side: IssueSide.BOTH,
          bindingIndex: binding.index,
        });
      }
    }
  });
  return [...out.issues];
}
