/**
 * Who is admitted, and with what grants: every ServiceAccount an identity provider's conversion
 * rules name (`sub` `any_one_of`), or a pod identity association binds, with the role assignments
 * its groups or its agency hold. Indexed by group and agency so that N ServiceAccounts × M grants
 * cost O(N + M) lookups, not O(N·M). Pure.
 */
import type { LoadedTerraform, EmulatedIdentityProvider, RoleAssignment, EmulatedConversionRule } from '..';
import { evaluateConversionRules, parseServiceAccountSubject, serviceAccountSubjectOf } from '..';
import { jwkThumbprint } from '../../core/jwks/jwk-thumbprint';

/** How the ServiceAccount gets credentials. */
export type AccessMode = 'oidc-federation' | 'pod-identity';

/** A signing key an identity provider trusts, by `kid` and RFC 7638 thumbprint. */
export interface TrustedKey {
  /** `kid`, or empty when the key has none. */
  readonly kid: string;
  /** RFC 7638 SHA-256 thumbprint (base64url), or empty when it cannot be computed. */
  readonly thumbprint: string;
}

/** One admitted (or named but refused) ServiceAccount with everything that decides its access. */
export interface AdmittedServiceAccount {
  /** Namespace. */
  readonly namespace: string;
  /** Name. */
  readonly name: string;
  /** Mode. */
  readonly mode: AccessMode;
  /** The identity provider (OIDC federation). */
  readonly provider: string | undefined;
  /** The cluster id of the association (pod identity); `(expression)` when not literal. */
  readonly cluster: string | undefined;
  /** Why the provider does not admit it after all (disabled, …), when it does not. */
  readonly notAdmitted: string | undefined;
  /** The federated user (OIDC federation). */
  readonly user: string | undefined;
  /** The user's groups (OIDC federation), in rule order. */
  readonly groups: readonly string[];
  /** The agency (pod identity). */
  readonly agency: string | undefined;
  /** The agency's trust in words (`cloud service op_svc_cce`), when the agency is declared. */
  readonly agencyTrust: string | undefined;
  /** Terraform address of the association (pod identity). */
  readonly association: string | undefined;
  /** The provider's `provider_url` (OIDC federation). */
  readonly issuer: string | undefined;
  /** The provider's client id (OIDC federation). */
  readonly clientId: string | undefined;
  /** The provider's signing keys (OIDC federation). */
  readonly keys: readonly TrustedKey[];
  /** The role assignments reaching it, with the holder (group name or agency name). */
  readonly assignments: readonly HeldAssignment[];
  /** Whether its agency is declared (pod identity); true for OIDC federation. */
  readonly holderDeclared: boolean;
}

/** An assignment and who holds it. */
export interface HeldAssignment {
  /** `group "x"` or `agency "y"`. */
  readonly holder: string;
  /** The assignment. */
  readonly assignment: RoleAssignment;
}

/** The identity key of a row: mode domain (provider or cluster) plus namespace and name. */
export function identityKey(sa: Pick<AdmittedServiceAccount, 'mode' | 'provider' | 'cluster' | 'namespace' | 'name'>): string {
  const domain = sa.mode === 'oidc-federation' ? `provider:${sa.provider ?? ''}` : `cluster:${sa.cluster ?? ''}`;
  return `${domain}\u0000${sa.namespace}/${sa.name}`;
}

/** Every ServiceAccount of the loaded Terraform, in a stable order (namespace, name, provider/cluster). Pure. */
export function admittedServiceAccounts(loaded: LoadedTerraform): { rows: AdmittedServiceAccount[]; warnings: string[] } {
  const { grants } = loaded;
  const byGroup = new Map<string, RoleAssignment[]>();
  const byAgency = new Map<string, RoleAssignment[]>();
  for (const a of grants.assignments) {
    if (a.agency !== undefined) push(byAgency, a.agency.name, a);
    else if (a.group !== undefined) push(byGroup, a.group.name, a);
  }
  const warnings: string[] = [];
  const rows: AdmittedServiceAccount[] = [];
  for (const provider of loaded.providers) rows.push(...providerRows(provider, byGroup, warnings));
  for (const association of grants.associations ?? []) {
    const agency = association.agency;
    rows.push({
      namespace: association.namespace,
      name: association.serviceAccount,
      mode: 'pod-identity',
      provider: undefined,
      cluster: association.clusterId ?? '(expression)',
      notAdmitted: undefined,
      user: undefined,
      groups: [],
      agency: association.agencyName,
      agencyTrust: agency === undefined ? undefined
        : agency.delegatedService !== undefined ? `cloud service ${agency.delegatedService}` : `account ${agency.delegatedDomain ?? '?'}`,
      association: association.address,
      issuer: undefined,
      clientId: undefined,
      keys: [],
      assignments: (byAgency.get(association.agencyName) ?? []).map((assignment) => ({ holder: `agency "${association.agencyName}"`, assignment })),
      holderDeclared: agency !== undefined,
    });
  }
  rows.sort((a, b) => compare(sortKey(a), sortKey(b)));
  return { rows, warnings };
}

function providerRows(
  provider: EmulatedIdentityProvider, byGroup: ReadonlyMap<string, RoleAssignment[]>, warnings: string[],
): AdmittedServiceAccount[] {
  const rules = provider.rules ?? [];
  // Which rules may match a subject: those naming it in a `sub` any_one_of, and those not conditioning `sub` at all.
  const bySubject = new Map<string, number[]>();
  const open: number[] = [];
  rules.forEach((rule, index) => {
    const subjects = rule.remote.filter((r) => r.attribute === 'sub' && r.condition === 'any_one_of').flatMap((r) => r.value ?? []);
    if (rule.remote.some((r) => r.attribute === 'sub' && r.condition === 'any_one_of')) {
      for (const s of new Set(subjects)) push(bySubject, s, index);
    } else {
      open.push(index);
    }
  });
  if (open.length > 0 && provider.enabled) {
    warnings.push(`provider "${provider.name}": conversion rule(s) ${open.map((i) => `#${i}`).join(', ')} do not name the ServiceAccounts they admit `
      + '(no "sub" any_one_of); only ServiceAccounts named by other rules are listed');
  }
  const keys: TrustedKey[] = (provider.jwks?.keys ?? []).map((k) => ({
    kid: typeof k.kid === 'string' ? k.kid : '',
    thumbprint: jwkThumbprint(k as Readonly<Record<string, unknown>>) ?? '',
  }));
  const out: AdmittedServiceAccount[] = [];
  for (const subject of bySubject.keys()) {
    const sa = parseServiceAccountSubject(subject);
    if (sa === undefined) continue;
    const candidates = [...(bySubject.get(subject) ?? []), ...open].sort((a, b) => a - b).map((i) => rules[i]);
    const identity = identityOf(provider, candidates, sa.namespace, sa.name);
    const groups = identity.admitted ? identity.groups : [];
    out.push({
      namespace: sa.namespace,
      name: sa.name,
      mode: 'oidc-federation',
      provider: provider.name,
      cluster: undefined,
      notAdmitted: identity.admitted ? undefined : identity.reason,
      user: identity.admitted ? identity.username : undefined,
      groups,
      agency: undefined,
      agencyTrust: undefined,
      association: undefined,
      issuer: provider.issuer,
      clientId: provider.clientId,
      keys,
      assignments: groups.flatMap((group) => (byGroup.get(group) ?? []).map((assignment) => ({ holder: `group "${group}"`, assignment }))),
      holderDeclared: true,
    });
  }
  return out;
}

type Identity = { readonly admitted: true; readonly username: string; readonly groups: readonly string[] }
  | { readonly admitted: false; readonly reason: string };

/** The mapping engine on the rules that may match (same order, so "first username wins" is kept). */
function identityOf(provider: EmulatedIdentityProvider, rules: readonly EmulatedConversionRule[], namespace: string, name: string): Identity {
  if (!provider.enabled) return { admitted: false, reason: `provider "${provider.name}" is disabled` };
  if (provider.protocol !== 'oidc') return { admitted: false, reason: `provider "${provider.name}" is not an OIDC provider` };
  const claims: Record<string, unknown> = { sub: serviceAccountSubjectOf(namespace, name) };
  if (provider.issuer !== undefined) claims.iss = provider.issuer;
  if (provider.clientId !== undefined) claims.aud = [provider.clientId];
  const mapping = evaluateConversionRules(rules, claims);
  return mapping.admitted ? { admitted: true, username: mapping.username, groups: mapping.groups } : { admitted: false, reason: mapping.reason };
}

function sortKey(sa: AdmittedServiceAccount): string {
  return `${sa.namespace}\u0000${sa.name}\u0000${sa.mode}\u0000${sa.provider ?? sa.cluster ?? ''}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Code-unit order (locale-independent, so the output is the same on every machine). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
