import { MAX_IDENTITY_PROVIDERS_PER_ACCOUNT } from './constants';
import { IssueCollector, showValue, ValidationIssue } from './issues';
import type { ServiceAccountBinding } from './service-account-binding';
import type { WorkloadIdentity } from './workload-identity';

/**
 * Checks a set of declarations that end up in one app (one account): each on its own, and against
 * each other. IAM keeps one mapping per identity provider, so two declarations naming the same
 * provider would overwrite each other's rules; an account holds 10 providers by default (a quota).
 */
export function validateDeclarations(identities: Iterable<WorkloadIdentity>): ValidationIssue[] {
  const unique = [...new Set(identities)];
  return [...unique.flatMap((identity) => identity.validate()), ...crossDeclarationIssues(unique)];
}

/**
 * The issues between declarations only (not those of each declaration on its own). Passing the
 * same declaration twice counts as two declarations: a caller rendering it twice gets an error.
 */
export function crossDeclarationIssues(identities: readonly WorkloadIdentity[]): ValidationIssue[] {
  const out = new IssueCollector();
  const byName = new Map<string, WorkloadIdentity[]>();
  for (const identity of identities) {
    const list = byName.get(identity.providerName) ?? [];
    list.push(identity);
    byName.set(identity.providerName, list);
  }
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    const [first, ...others] = list;
    for (const other of others) {
      const differences = other === first ? ['nothing: the same declaration is rendered twice'] : differingFields(first, other);
      out.error({
        code: 'DUPLICATE_PROVIDER',
        path: `${other.path}.providerName`,
        value: name,
        rule: `is declared ${list.length} times${differences.length ? ` (differing in ${differences.join(', ')})` : ''}; IAM keeps one identity provider and one mapping per name, so they would overwrite each other`,
        fix: 'declare the provider once and add every binding to that declaration',
        side: 'both',
      });
      for (const binding of other === first ? [] : other.bindings) {
        const twin = first.findBinding(binding.namespace, binding.serviceAccountName);
        if (twin) {
          const sameIdentity = twin.iamUser === binding.iamUser && [...twin.iamGroups].sort().join('\n') === [...binding.iamGroups].sort().join('\n');
          out.error({
            code: 'DUPLICATE_BINDING',
            path: `${other.path}.bindings[${binding.index}]`,
            value: binding.toString(),
            rule: `is also bound by ${first.path}.bindings[${twin.index}]${sameIdentity ? '' : ' to a different IAM user or groups'}; one ServiceAccount maps to one IAM identity per provider`,
            fix: 'keep a single binding for it',
            side: 'both',
            bindingIndex: binding.index,
          });
        }
      }
    }
  }
  if (byName.size > MAX_IDENTITY_PROVIDERS_PER_ACCOUNT) {
    out.warn({
      code: 'TOO_MANY_PROVIDERS',
      path: 'WorkloadIdentity[*].providerName',
      value: `${byName.size} providers`,
      rule: `exceeds IAM's default limit of ${MAX_IDENTITY_PROVIDERS_PER_ACCOUNT} identity providers per account (a quota, which can be raised) if they go to one account`,
      fix: 'share one provider between clusters that have the same signing keys, spread providers over accounts, or have the quota raised',
      side: 'terraform',
    });
  }
  return [...out.issues];
}

/** The provider-level fields in which two declarations differ. */
function differingFields(a: WorkloadIdentity, b: WorkloadIdentity): string[] {
  const fields: string[] = [];
  if (a.clientId !== b.clientId) fields.push('clientId');
  if (a.issuer !== b.issuer) fields.push('issuer');
  let jwksDiffer: boolean;
  try {
    jwksDiffer = a.jwks.json !== b.jwks.json;
  } catch {
    jwksDiffer = a.jwks !== b.jwks;
  }
  if (jwksDiffer) fields.push('jwks');
  return fields;
}

/** One place a declaration is rendered: which side, at which construct, and (Kubernetes side) which binding. */
export interface DeclarationRendering {
  /** The declaration rendered. */
  readonly identity: WorkloadIdentity;
  /** The side rendering it. */
  readonly side: 'terraform' | 'kubernetes';
  /** Path of the rendering construct, for messages. */
  readonly where: string;
  /** The binding a Kubernetes-side construct renders. @default none (the Terraform side renders them all) */
  readonly binding?: ServiceAccountBinding;
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
    const reference = list.find((r) => r.side === 'terraform') ?? list[0];
    const ref = reference.identity;
    const reported = new Set<WorkloadIdentity>();
    for (const r of list) {
      if (r.identity === ref) continue;
      const out = new IssueCollector();
      const differences = reported.has(r.identity) ? [] : differingFields(ref, r.identity);
      reported.add(r.identity);
      if (differences.length > 0) {
        const shown = (x: WorkloadIdentity, field: string): string => (field === 'jwks' ? 'another key set' : showValue((x as unknown as Record<string, unknown>)[field]));
        out.error({
          code: 'PROVIDER_DECLARATIONS_DISAGREE',
          path: `${r.identity.path}.${differences[0]}`,
          rule: `differs from the declaration of identity provider ${showValue(name)} rendered at ${reference.where} (${differences.map((f) => `${f}: ${shown(r.identity, f)} here, ${shown(ref, f)} there`).join('; ')}); both name one provider, so the tokens this side mounts would not match what IAM checks`,
          fix: 'build both apps from one declaration (share the WorkloadIdentity object or the values it is made from)',
          side: 'both',
        });
      }
      const b = r.binding;
      if (b !== undefined && reference.side === 'terraform' && typeof b.namespace === 'string' && typeof b.serviceAccountName === 'string') {
        const twin = ref.findBinding(b.namespace, b.serviceAccountName);
        if (twin === undefined) {
          out.error({
            code: 'BINDING_NOT_IN_PROVIDER',
            path: `${r.identity.path}.bindings[${b.index}]`,
            value: b.toString(),
            rule: `is not bound in the declaration behind identity provider ${showValue(name)} (rendered at ${reference.where}), so its conversion rules would not admit this ServiceAccount's token`,
            fix: 'add the binding to the declaration the Terraform side renders (or render both sides from one declaration)',
            side: 'both',
            bindingIndex: b.index,
          });
        } else if (twin.iamUser !== b.iamUser || [...twin.iamGroups].sort().join('\n') !== [...b.iamGroups].sort().join('\n')) {
          out.error({
            code: 'BINDING_DISAGREES_WITH_PROVIDER',
            path: `${r.identity.path}.bindings[${b.index}]`,
            value: b.toString(),
            rule: `maps to another IAM user or groups than ${ref.path}.bindings[${twin.index}] behind identity provider ${showValue(name)} (rendered at ${reference.where})`,
            fix: 'render both sides from one declaration',
            side: 'both',
            bindingIndex: b.index,
          });
        }
      }
      found.push(...out.issues.map((issue) => ({ where: r.where, issue })));
    }
  }
  return found;
}
