/**
 * The checks between declarations rendered together (one app, one account): provider names, shared
 * signing keys, groups and custom policies created twice, ServiceAccounts bound twice, pod identity
 * associations, quotas; and between the renderings of one provider on the two sides.
 */
import { MAX_IDENTITY_PROVIDERS_PER_ACCOUNT } from '../declaration/constants';
import { declarationGroupOf } from '../declaration/declaration-groups';
import { customPolicyIdentity, grantPlan, PlannedGroup } from '../iam/grant-plan';
import { IssueCollector, publicProviderNames, IssueSide, showValue, ValidationIssue } from '../issues/issues';
import { checkedKeyThumbprint } from './key-thumbprints';
import { Jwks } from '../jwks/jwks';
import { podIdentityConflicts } from './pod-identity-checks';
import { type RenderedAt, serviceAccountConflicts } from './service-account-conflicts';
import { textOf } from './rules';
import { agencyQuotaIssues } from './agency-checks';
import type { DeclarationGroup, ServiceAccountBindingView, WorkloadIdentityView } from '../declaration/types';

/**
 * The issues between declarations only (not those of each declaration on its own). Passing the
 * same declaration twice counts as two declarations: a caller rendering it twice gets an error.
 * `renderedAt` names the construct rendering a declaration, for messages that point at two of them.
 */
export function crossDeclarationIssues(identities: readonly WorkloadIdentityView[], renderedAt?: RenderedAt): ValidationIssue[] {
  const out = new IssueCollector(publicProviderNames(identities.map((i) => i.providerName)));
  const byName = new Map<string, WorkloadIdentityView[]>();
  for (const identity of identities) {
    const list = byName.get(identity.providerName) ?? [];
    list.push(identity);
    byName.set(identity.providerName, list);
  }
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    const [first, ...others] = list;
    for (const other of others) {
      // Two clusters of one fleet with the same provider name: the fleet reports it, with its own fix.
      if (other !== first && declarationGroupOf(other) !== undefined && declarationGroupOf(other) === declarationGroupOf(first)) continue;
      const differences = other === first ? ['nothing: the same declaration is rendered twice'] : differingFields(first, other);
      out.error({
        code: 'DUPLICATE_PROVIDER',
        path: `${other.path}.providerName`,
        value: name,
        rule: `is declared ${list.length} times${differences.length ? ` (differing in ${differences.join(', ')})` : ''}; IAM keeps one identity `
          + 'provider and one mapping per name, so they would overwrite each other',
        fix: 'declare the provider once and add every binding to that declaration',
        side: IssueSide.BOTH,
      });
      for (const binding of other === first ? [] : other.bindings) {
        const twin = first.findBinding(binding.namespace, binding.serviceAccountName);
        if (twin) {
          const sameIdentity = twin.iamUser === binding.iamUser && [...twin.iamGroups].sort().join('\n') === [...binding.iamGroups].sort().join('\n');
          out.error({
            code: 'DUPLICATE_BINDING',
            path: `${other.path}.bindings[${binding.index}]`,
            value: binding.toString(),
            rule: `is also bound by ${first.path}.bindings[${twin.index}]${sameIdentity ? '' : ' to a different IAM user or groups'}; one `
              + 'ServiceAccount maps to one IAM identity per provider',
            fix: 'keep a single binding for it',
            side: IssueSide.BOTH,
            bindingIndex: binding.index,
          });
        }
      }
    }
  }
  crossDeclarationGrants(identities, out);
  const groups = groupsOf(identities);
  // A fleet states the account's quota; without one, IAM's default applies.
  // Only quotas that pass the fleet's own check count (an invalid one is reported there); a BigInt
  // or symbol would make Math.max and ">" throw.
  const quotas = groups.map((g) => g.identityProviderQuota).filter(isUsableQuota);
  const quota = quotas.length > 0 ? Math.max(...quotas) : MAX_IDENTITY_PROVIDERS_PER_ACCOUNT;
  // Only declarations that render an identity provider count: pod identity needs none.
  const groupOverQuota = groups.some((g) => isUsableQuota(g.identityProviderQuota)
    && g.members.filter((m) => m.usesOidcFederation).length > g.identityProviderQuota);
  const providers = new Set(identities.filter((i) => i.usesOidcFederation).map((i) => i.providerName)).size;
  if (providers > quota && !groupOverQuota) {
    out.warn({
      code: 'TOO_MANY_PROVIDERS',
      path: 'WorkloadIdentity[*].providerName',
      value: `${providers} providers`,
      rule: `exceeds IAM's limit of ${quota} identity providers per account if they go to one account `
        + `(${quota === MAX_IDENTITY_PROVIDERS_PER_ACCOUNT ? 'the default quota, which can be raised' : 'the declared quota'})`,
      fix: 'spread the providers over accounts, or have the quota raised and declare it (WorkloadIdentityFleet identityProviderQuota)',
      side: IssueSide.TERRAFORM,
    });
  }
  for (const group of groups) {
    for (const issue of group.groupIssues()) out.forward(issue, issue.path);
    for (const member of group.members.filter((m) => !identities.includes(m))) {
      out.error({
        code: 'FLEET_CLUSTER_NOT_RENDERED',
        path: `${group.path}.${group.memberLabel(member)}`,
        value: member.providerName,
        rule: member.usesOidcFederation
          ? 'has no identity provider in this app: its pods would be denied'
          : 'has no agencies and pod identity associations in this app: its pods would get no credentials',
        fix: 'render every cluster of the fleet in one Terraform app, e.g. new WorkloadIdentityFleetProviders(stack, "fleet", { fleet })',
        side: IssueSide.TERRAFORM,
      });
    }
  }
  sharedSigningKeys(identities, out);
  return [...out.issues, ...podIdentityConflicts(identities), ...agencyQuotaIssues(identities), ...serviceAccountConflicts(identities, renderedAt)];
}

/** A quota the fleet's check accepts: a whole number of at least 1. */
function isUsableQuota(quota: unknown): quota is number {
  return Number.isSafeInteger(quota) && (quota as number) >= 1;
}

/** Whether two declarations belong to one group (a fleet), whose grants are rendered once. */
function sameDeclarationGroup(a: WorkloadIdentityView, b: WorkloadIdentityView): boolean {
  const group = declarationGroupOf(a);
  return group !== undefined && group === declarationGroupOf(b);
}

function groupsOf(identities: readonly WorkloadIdentityView[]): DeclarationGroup[] {
  return [...new Set(identities.map(declarationGroupOf).filter((g): g is DeclarationGroup => g !== undefined))];
}

/**
 * No signing key (by content, RFC 7638 thumbprint) may be trusted by two identity providers that
 * could admit the same token: the same issuer and the same client ID. A token that key signs would
 * pass both, so a ServiceAccount with the same namespace and name in the other cluster is admitted
 * too. Every CCE cluster has the same issuer, so two clusters' providers differ by their keys and
 * client IDs alone. With different issuers `iss` keeps them apart; with different client IDs the
 * token's `aud` (IAM admits a token only when `aud` holds the provider's client ID; the projected
 * token carries its own provider's only) does.
 */
function sharedSigningKeys(identities: readonly WorkloadIdentityView[], out: IssueCollector): void {
  // Only providers with different names can conflict: with one name (one declaration, or the same
  // one rendered by both sides) no key needs its thumbprint.
  const names: unknown[] = identities.map((identity) => identity.providerName);
  if (names.every((name) => typeof name === 'string') && new Set(names).size < 2) return;
  const owners = new Map<string, { readonly identity: WorkloadIdentityView; readonly index: number }>();
  const done = new Set<WorkloadIdentityView>();
  for (const identity of identities) {
    // A declaration with a non-string issuer is invalid and reported on its own.
    const clientId = identity.clientId;
    if (done.has(identity) || !(identity.jwks instanceof Jwks) || typeof identity.issuer !== 'string' || typeof clientId !== 'string') continue;
    // Every binding on pod identity: no identity provider trusts the keys.
    if (!identity.usesOidcFederation) continue;
    done.add(identity);
    let keys: readonly Record<string, unknown>[];
    try {
      keys = identity.jwks.value.keys;
    } catch {
      continue; // an invalid key set is reported on its own
    }
    keys.forEach((key, index) => {
      const thumbprint = checkedKeyThumbprint(key);
      if (thumbprint === undefined) return;
      // Both must hold: same issuer (iss) and same client ID (aud), besides the key.
      const admits = `${identity.issuer}\n${clientId}\n${thumbprint}`;
      const owner = owners.get(admits);
      if (owner === undefined) {
        owners.set(admits, { identity, index });
      } else if (owner.identity.providerName !== identity.providerName) {
        out.error({
          code: 'SHARED_SIGNING_KEY',
          path: `${identity.path}.jwks.keys[${index}]`,
          value: typeof key.kid === 'string' ? `kid ${key.kid}` : `key ${thumbprint}`,
          rule: `is also trusted by ${owner.identity.path}.jwks.keys[${owner.index}] with the same issuer and client ID: a token it signs passes `
            + 'both providers, so a ServiceAccount with the same namespace and name in the other cluster is admitted too',
          fix: 'give each provider only its own cluster\'s keys (cce-workload-identity jwks fetch --context <that cluster>); one cluster needs one '
            + 'provider, with every binding in it; if two clusters really share a signing key (one restored from the other\'s backup), rotate one '
            + 'cluster\'s service-account key, or give the providers different client IDs',
          side: IssueSide.TERRAFORM,
        });
      }
    });
  }
}

/**
 * Declarations rendered into one account share its IAM groups and custom policies. IAM group
 * names are unique in an account, so a group two declarations create fails the second create at
 * apply; a group one creates and another looks up as existing is read before it exists.
 */
function crossDeclarationGrants(identities: readonly WorkloadIdentityView[], out: IssueCollector): void {
  const distinct = [...new Set(identities)];
  if (distinct.length < 2) return;
  const groups = new Map<string, { identity: WorkloadIdentityView; group: PlannedGroup }>();
  const policies = new Map<string, { identity: WorkloadIdentityView; identityKey: string }>();
  for (const identity of distinct) {
    const plan = grantPlan(identity);
    for (const group of plan.groups) {
      const first = groups.get(group.name);
      if (first === undefined || first.identity === identity) {
        groups.set(group.name, { identity, group });
        continue;
      }
      if (first.group.existing && group.existing) continue;
      // The clusters of one fleet share the account's groups: one resource, rendered once.
      if (first.group.existing === group.existing && sameDeclarationGroup(first.identity, identity)) continue;
      const conflict = first.group.existing !== group.existing;
      out.error({
        code: conflict ? 'GROUP_CREATED_AND_EXISTING' : 'DUPLICATE_CREATED_GROUP',
        path: group.path,
        value: group.name,
        rule: conflict
          ? `is ${group.existing ? 'looked up as existing' : 'created'} here and ${first.group.existing ? 'looked up as existing' : 'created'} by `
            + `${first.group.path}: the lookup would run before the group exists`
          : `is also created by ${first.group.path}; IAM group names are unique in an account, so the second create fails at apply`,
        fix: 'declare the group in one declaration, and as { name, existing: true } in the others',
        side: IssueSide.TERRAFORM,
      });
    }
    for (const role of plan.roles.values()) {
      if (!role.isCustom) continue;
      const first = policies.get(role.name);
      if (first === undefined || first.identity === identity) {
        policies.set(role.name, { identity, identityKey: customPolicyIdentity(role) });
        continue;
      }
      if (first.identityKey === customPolicyIdentity(role) && sameDeclarationGroup(first.identity, identity)) continue;
      out.warn({
        code: 'DUPLICATE_CUSTOM_POLICY',
        path: `${identity.path}`,
        value: role.name,
        rule: `creates custom policy ${JSON.stringify(textOf(role.name))}, which ${first.identity.path} also `
          + `creates${first.identityKey === customPolicyIdentity(role) ? '' : ' with different content'}; whether IAM accepts two custom policies of `
          + 'one name is not documented',
        fix: 'grant the policy through a group declared in one declaration',
        side: IssueSide.TERRAFORM,
      });
    }
  }
}

/** The provider-level fields in which two declarations differ. */
function differingFields(a: WorkloadIdentityView, b: WorkloadIdentityView): string[] {
  const fields: string[] = [];
  if (a.clientId !== b.clientId) fields.push('clientId');
  if (a.issuer !== b.issuer) fields.push('issuer');
  let jwksDiffer: boolean;
  try {
    jwksDiffer = a.jwks?.json !== b.jwks?.json;
  } catch {
    jwksDiffer = a.jwks !== b.jwks;
  }
  if (jwksDiffer) fields.push('jwks');
  return fields;
}

/** One place a declaration is rendered: which side, at which construct, and (Kubernetes side) which binding. */
export interface DeclarationRendering {
  /** The declaration rendered. */
  readonly identity: WorkloadIdentityView;
  /** The side rendering it. */
  readonly side: 'terraform' | 'kubernetes';
  /** Path of the rendering construct, for messages. */
  readonly where: string;
  /** The binding a Kubernetes-side construct renders. @default none (the Terraform side renders them all) */
  readonly binding?: ServiceAccountBindingView;
}

/** An issue between renderings, and the construct it is reported at. */
export interface RenderingIssue {
  /** Path of the construct the issue is reported at. */
  readonly where: string;
  /** The issue. */
  readonly issue: ValidationIssue;
}

/**
 * Checks that different declarations naming the same identity provider agree, across the apps
 * synthesized together — typically a Kubernetes app whose declaration is not the object behind
 * the Terraform app's identity provider of that name. Against the declaration the Terraform side
 * renders (else the first one seen), every other one must have the same `clientId` (the token
 * audience), `issuer` and JWKS, and each ServiceAccount a Kubernetes construct renders must be
 * bound there, to the same IAM user and groups: otherwise the provider's rules would not admit
 * the pod's token, or would map it elsewhere. Declarations rendered on one side only, with no
 * counterpart, cannot be checked here.
 */
export function sharedProviderIssues(renderings: readonly DeclarationRendering[]): RenderingIssue[] {
  const found: RenderingIssue[] = [];
  const byName = new Map<string, DeclarationRendering[]>();
  for (const r of renderings) {
    if (typeof r.identity.providerName !== 'string') continue; // reported by the declaration itself
    byName.set(r.identity.providerName, [...(byName.get(r.identity.providerName) ?? []), r]);
  }
  for (const [name, list] of byName) {
    if (new Set(list.map((r) => r.identity)).size < 2) continue;
    const reference = list.find((r) => r.side === IssueSide.TERRAFORM) ?? list[0];
    const ref = reference.identity;
    const reported = new Set<WorkloadIdentityView>();
    for (const r of list) {
      if (r.identity === ref) continue;
      const out = new IssueCollector(publicProviderNames([name]));
      const differences = reported.has(r.identity) ? [] : differingFields(ref, r.identity);
      reported.add(r.identity);
      if (differences.length > 0) {
        const shown = (x: WorkloadIdentityView, field: string): string => (field === 'jwks' ? 'another key '
          + 'set' : showValue((x as unknown as Record<string, unknown>)[field]));
        out.error({
          code: 'PROVIDER_DECLARATIONS_DISAGREE',
          path: `${r.identity.path}.${differences[0]}`,
          rule: `differs from the declaration of identity provider ${showValue(name)} rendered at ${reference.where} `
            + `(${differences.map((f) => `${f}: ${shown(r.identity, f)} here, ${shown(ref, f)} there`).join('; ')}); both name one provider, so the `
            + 'tokens this side mounts would not match what IAM checks',
          fix: 'build both apps from one declaration (share the WorkloadIdentity object or the values it is made from)',
          side: IssueSide.BOTH,
        });
      }
      const b = r.binding;
      if (b !== undefined && reference.side === IssueSide.TERRAFORM && typeof b.namespace === 'string' && typeof b.serviceAccountName === 'string') {
        const twin = ref.findBinding(b.namespace, b.serviceAccountName);
        if (twin === undefined) {
          out.error({
            code: 'BINDING_NOT_IN_PROVIDER',
            path: `${r.identity.path}.bindings[${b.index}]`,
            value: b.toString(),
            rule: `is not bound in the declaration behind identity provider ${showValue(name)} (rendered at ${reference.where}), so its conversion `
              + `rules would not admit this ServiceAccount's token`,
            fix: 'add the binding to the declaration the Terraform side renders (or render both sides from one declaration)',
            side: IssueSide.BOTH,
            bindingIndex: b.index,
          });
        } else if (twin.mode !== b.mode) {
          out.error({
            code: 'BINDING_MODE_DISAGREES',
            path: `${r.identity.path}.bindings[${b.index}].mode`,
            value: b.mode,
            rule: `differs from ${ref.path}.bindings[${twin.index}] (mode ${showValue(twin.mode)}) behind identity provider ${showValue(name)} `
              + `(rendered at ${reference.where}): the pods would expect credentials the IAM side does not set up`,
            fix: 'render both sides from one declaration',
            side: IssueSide.BOTH,
            bindingIndex: b.index,
          });
        } else if (twin.iamUser !== b.iamUser || [...twin.iamGroups].sort().join('\n') !== [...b.iamGroups].sort().join('\n')) {
          out.error({
            code: 'BINDING_DISAGREES_WITH_PROVIDER',
            path: `${r.identity.path}.bindings[${b.index}]`,
            value: b.toString(),
            rule: `maps to another IAM user or groups than ${ref.path}.bindings[${twin.index}] behind identity provider ${showValue(name)} (rendered `
              + `at ${reference.where})`,
            fix: 'render both sides from one declaration',
            side: IssueSide.BOTH,
            bindingIndex: b.index,
          });
        }
      }
      found.push(...out.issues.map((issue) => ({ where: r.where, issue })));
    }
  }
  // CCE allows one pod identity association per ServiceAccount, whichever declaration asks for it.
  const identities = [...new Set(renderings.map((r) => r.identity))];
  for (const issue of podIdentityConflicts(identities)) {
    const at = renderings.find((r) => issue.path.startsWith(`${r.identity.path}`
      + '.') && (r.binding === undefined || r.binding.index === issue.bindingIndex));
    found.push({ where: at?.where ?? '', issue });
  }
  return found;
}
