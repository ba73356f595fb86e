import { MAX_IDENTITY_PROVIDERS_PER_ACCOUNT } from './constants';
import { customPolicyIdentity, grantPlan, PlannedGroup } from './grant-plan';
import { IssueCollector, ValidationIssue } from './issues';
import type { WorkloadIdentity } from './workload-identity';

/**
 * Checks a set of declarations that end up in one app (one account): each on its own, and against
 * each other. IAM keeps one mapping per identity provider, so two declarations naming the same
 * provider would overwrite each other's rules; an account holds at most 10 providers.
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
  crossDeclarationGrants(identities, out);
  if (byName.size > MAX_IDENTITY_PROVIDERS_PER_ACCOUNT) {
    out.warn({
      code: 'TOO_MANY_PROVIDERS',
      path: 'WorkloadIdentity[*].providerName',
      value: `${byName.size} providers`,
      rule: `exceeds IAM's limit of ${MAX_IDENTITY_PROVIDERS_PER_ACCOUNT} identity providers per account if they go to one account`,
      fix: 'share one provider between clusters that have the same signing keys, or spread providers over accounts',
      side: 'terraform',
    });
  }
  return [...out.issues];
}

/**
 * Declarations rendered into one account share its IAM groups and custom policies. IAM group
 * names are unique in an account, so a group two declarations create fails the second create at
 * apply; a group one creates and another looks up as existing is read before it exists.
 */
function crossDeclarationGrants(identities: readonly WorkloadIdentity[], out: IssueCollector): void {
  const distinct = [...new Set(identities)];
  if (distinct.length < 2) return;
  const groups = new Map<string, { identity: WorkloadIdentity; group: PlannedGroup }>();
  const policies = new Map<string, { identity: WorkloadIdentity; identityKey: string }>();
  for (const identity of distinct) {
    const plan = grantPlan(identity);
    for (const group of plan.groups) {
      const first = groups.get(group.name);
      if (first === undefined || first.identity === identity) {
        groups.set(group.name, { identity, group });
        continue;
      }
      if (first.group.existing && group.existing) continue;
      const conflict = first.group.existing !== group.existing;
      out.error({
        code: conflict ? 'GROUP_CREATED_AND_EXISTING' : 'DUPLICATE_CREATED_GROUP',
        path: group.path,
        value: group.name,
        rule: conflict
          ? `is ${group.existing ? 'looked up as existing' : 'created'} here and ${first.group.existing ? 'looked up as existing' : 'created'} by ${first.group.path}: the lookup would run before the group exists`
          : `is also created by ${first.group.path}; IAM group names are unique in an account, so the second create fails at apply`,
        fix: 'declare the group in one declaration, and as { name, existing: true } in the others',
        side: 'terraform',
      });
    }
    for (const role of plan.roles.values()) {
      if (!role.isCustom) continue;
      const first = policies.get(role.name);
      if (first === undefined || first.identity === identity) {
        policies.set(role.name, { identity, identityKey: customPolicyIdentity(role) });
        continue;
      }
      out.warn({
        code: 'DUPLICATE_CUSTOM_POLICY',
        path: `${identity.path}`,
        value: role.name,
        rule: `creates custom policy ${JSON.stringify(role.name)}, which ${first.identity.path} also creates${first.identityKey === customPolicyIdentity(role) ? '' : ' with different content'}; whether IAM accepts two custom policies of one name is not documented`,
        fix: 'grant the policy through a group declared in one declaration',
        side: 'terraform',
      });
    }
  }
}

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
