/**
 * `explain --can`: may a Kubernetes ServiceAccount perform an action (on a resource, in a project)?
 * And, for the default listing, each ServiceAccount's effective permissions: groups → roles → scope.
 *
 * The answer comes from the synthesized Terraform only: the conversion rules give the federated
 * user's groups, the group-role assignments give the policies and scopes, and the custom policies'
 * statements are evaluated with IAM's semantics (`permissions/policy-evaluator`). System roles
 * looked up by name are not in the Terraform: they are named, never evaluated. Conditions are never
 * evaluated; an uncertain Allow does not allow, an uncertain Deny denies.
 */
import { EmulatorConfigError, EmulatorConfigErrorCode } from '../iam-errors';
import { loadTerraform, type EmulatedIdentityProvider, type TerraformInput } from '../terraform-loader';
import {
  authorizeRequest, candidateScopes, describeAssignmentScope, describeRequestScope, describeRole, describeStatement, grantsOfGroups,
  serviceAccountIdentity, type RequestScope,
} from '../effective-permissions';
import type { TerraformGrants } from '../grants-loader';
import { podIdentityVerdicts } from './explain-pod-identity';
import { scopeVerdict, type AssignedRole, type PermissionVerdict } from './verdict';
import { PolicyEvaluator } from '../policy-evaluator';
import { parseServiceAccountShort, parseServiceAccountSubject, serviceAccountSubjectOf } from '../service-account-subject';

export { scopeVerdict, type AssignedRole, type DecidingStatement, type PermissionVerdict, type ScopeVerdict } from './verdict';

/** Options of {@link explainPermission}. */
export interface ExplainPermissionOptions {
  /** The ServiceAccount: `<namespace>/<name>` or `system:serviceaccount:<namespace>:<name>`. */
  readonly serviceAccount: string;
  /** The action, `<service>:<resource type>:<operation>`, e.g. `obs:object:GetObject`. */
  readonly action: string;
  /** The resource URN, e.g. `obs:*:*:object:my-bucket/a.csv`. @default none: only statements without `Resource` can allow */
  readonly resource?: string;
  /**
   * The project the request is made in: a project id (32 hex digits) or a project name (e.g.
   * `cn-north-4`). @default every scope the ServiceAccount's assignments name is tried
   */
  readonly project?: string;
  /** Evaluate the request in the global service project (global services). @default false */
  readonly global?: boolean;
  /** Only this identity provider. @default every provider that admits the ServiceAccount */
  readonly provider?: string;
}

/** The report of {@link explainPermission}. */
export interface PermissionReport {
  /** The ServiceAccount. */
  readonly serviceAccount: { readonly namespace: string; readonly name: string; readonly subject: string };
  /** The action asked about. */
  readonly action: string;
  /** The resource asked about, if any. */
  readonly resource: string | undefined;
  /** The scope given, or undefined when every scope the assignments name was tried. */
  readonly scope: RequestScope | undefined;
  /**
   * Allowed for the pod: true when ANY identity it may hold (each provider that admits the
   * ServiceAccount, each pod identity association binding it) is allowed, since the pod can use
   * whichever it obtains. Every identity's verdict is in `verdicts`.
   */
  readonly allowed: boolean;
  /** One verdict per provider that admits the ServiceAccount. */
  readonly verdicts: readonly PermissionVerdict[];
  /** Warnings about grants the reader could not relate. */
  readonly warnings: readonly string[];
}

/** One group of a ServiceAccount's identity, for the listing. */
export interface GroupPermissions {
  /** Group name. */
  readonly name: string;
  /** Terraform address(es) declaring the group, empty when the Terraform does not declare it. */
  readonly declaredBy: readonly string[];
  /** Roles assigned to it. */
  readonly roles: readonly AssignedRole[];
}

/** The effective permissions of one ServiceAccount through one provider. */
export interface ServiceAccountPermissions {
  /** Namespace. */
  readonly namespace: string;
  /** Name. */
  readonly name: string;
  /** Identity provider. */
  readonly provider: string;
  /** Federated user, or undefined when the provider does not admit the ServiceAccount after all. */
  readonly username: string | undefined;
  /** Why it is not admitted, when it is not. */
  readonly notAdmitted: string | undefined;
  /** Groups with their roles. */
  readonly groups: readonly GroupPermissions[];
}

/** Effective permissions of every ServiceAccount the rules name. */
export interface EffectivePermissions {
  /** Per ServiceAccount and provider. */
  readonly serviceAccounts: readonly ServiceAccountPermissions[];
  /** Warnings about grants the reader could not relate. */
  readonly warnings: readonly string[];
}

const PROJECT_ID = /^[0-9a-f]{32}$/i;

/**
 * Says whether a ServiceAccount may perform an action, and why, from synthesized Terraform JSON
 * (path(s) or parsed). Throws {@link EmulatorConfigError} for bad input (`ERR_EMULATOR_OPTION_INVALID`:
 * malformed ServiceAccount, action, resource or project; a ServiceAccount no provider admits) and
 * for unreadable Terraform.
 */
export function explainPermission(terraform: TerraformInput, options: ExplainPermissionOptions): PermissionReport {
  const serviceAccount = parseServiceAccount(options.serviceAccount);
  const actionProblem = PolicyEvaluator.checkAction(options.action);
  const resourceProblem = options.resource === undefined ? undefined : PolicyEvaluator.checkResource(options.resource);
  const problems = [
    actionProblem === undefined ? undefined : `--can: ${actionProblem}`,
    resourceProblem === undefined ? undefined : `--resource: ${resourceProblem}`,
  ]
    .filter((p): p is string => p !== undefined);
  if (options.project !== undefined && options.global === true) problems.push('give a project or global, not both');
  if (options.project !== undefined && (options.project === '' || /[\s/:]/.test(options.project))) problems.push(`project ${JSON.stringify(options.project)} must be a project id (32 hex digits) or a project name such as "cn-north-4"`);
  if (problems.length > 0) throw optionInvalid(problems.join('; '));
  const scope: RequestScope | undefined = options.global === true
    ? { kind: 'global' }
    : options.project === undefined ? undefined : PROJECT_ID.test(options.project) ? { kind: 'project', id: options.project } : {
      kind: 'project',
      name: options.project,
    };

  const { providers: all, grants } = loadTerraform(terraform);
  const providers = options.provider === undefined ? all : all.filter((p) => p.name === options.provider);
  if (options.provider !== undefined && providers.length === 0) {
    throw optionInvalid(`no identity provider named ${JSON.stringify(options.provider)} (loaded: `
      + `${all.map((p) => JSON.stringify(p.name)).join(', ') || 'none'})`);
  }
  const request = { action: options.action, ...(options.resource !== undefined ? { resource: options.resource } : {}) };
  const verdicts: PermissionVerdict[] = [];
  const refusals: string[] = [];
  for (const provider of providers) {
    const result = serviceAccountIdentity(provider, serviceAccount.namespace, serviceAccount.name);
    if (!result.admitted) {
      refusals.push(`${provider.name}: ${result.reason}`);
      continue;
    }
    const { identity } = result;
    const scopes = scope === undefined ? candidateScopes(grantsOfGroups(grants, identity.groups)) : [scope];
    const scopeVerdicts = scopes.map((s) => scopeVerdict(
      authorizeRequest(grants, identity.groups, request, s),
      identity.groups,
      scope === undefined,
    ));
    const reported = scopeVerdicts.find((v) => v.allowed) ?? scopeVerdicts[0];
    verdicts.push({
      provider: provider.name,
      username: identity.username,
      groups: identity.groups,
      allowed: reported.allowed,
      reported,
      scopes: scopeVerdicts,
    });
  }
  // Pod identity: the associations binding the ServiceAccount (unless one provider was asked about).
  if (options.provider === undefined) verdicts.push(...podIdentityVerdicts(grants, serviceAccount.namespace, serviceAccount.name, request, scope));
  if (verdicts.length === 0) {
    const named = namedServiceAccounts(providers);
    throw optionInvalid(
      `no identity provider admits ServiceAccount ${serviceAccount.namespace}/${serviceAccount.name}`
      + ` (${refusals.join('; ') || 'no identity provider in this Terraform'})`
      + (named.length > 0 ? `; the conversion rules name ${named.join(', ')}` : '')
      + ((grants.associations ?? []).length > 0
        ? '; no pod identity association binds it (they bind '
          + `${(grants.associations ?? []).map((x) => `${x.namespace}/${x.serviceAccount}`).join(', ')})`
        : ''),
    );
  }
  return {
    serviceAccount,
    action: options.action,
    resource: options.resource,
    scope,
    allowed: verdicts.some((v) => v.allowed),
    verdicts,
    warnings: grants.warnings,
  };
}

/** Renders a {@link PermissionReport}: per provider, a line starting with `allowed` or `denied`, then indented details. Pure. */
export function formatPermissionReport(report: PermissionReport): string {
  const out: string[] = [];
  const sa = `${report.serviceAccount.namespace}/${report.serviceAccount.name}`;
  const what = `${report.action}${report.resource === undefined ? '' : ` on ${report.resource}`}`;
  if (report.verdicts.length > 1) {
    // First line = the answer for the pod: it may use whichever identity it obtains.
    const allowing = report.verdicts.filter((v) => v.allowed).map(identityName);
    out.push(`${report.allowed ? 'allowed' : 'denied'}: ServiceAccount ${sa} ${report.allowed ? 'may' : 'may not'} ${what} with one of its `
      + `${report.verdicts.length} identities — ${report.allowed ? `allowed as ${allowing.join(', ')}` : 'none of them is allowed'}; each follows`);
  }
  for (const v of report.verdicts) {
    const r = v.reported;
    out.push(`${r.allowed ? 'allowed' : 'denied'}: ServiceAccount ${sa} ${r.allowed ? 'may' : 'may not'} ${what} in `
      + `${describeRequestScope(r.scope)} — ${r.reason}`);
    out.push(v.agency !== undefined
      ? `  identity: ${v.provider}, agency "${v.agency}" (${v.association ?? 'association'})`
      : `  identity: provider "${v.provider}", user "${v.username}", groups `
        + `${v.groups.length > 0 ? v.groups.map((g) => `"${g}"`).join(', ') : '(none)'}`);
    for (const note of r.notes) out.push(`  note: ${note}`);
    if (report.scope === undefined) {
      out.push(`  scope: no project given; tried ${v.scopes.map((s) => describeRequestScope(s.scope)).join(', ')} (pass --project <id|name> or `
        + '--global to decide one)');
      for (const other of v.scopes.filter((s) => s !== r)) {
        out.push(`  in ${describeRequestScope(other.scope)}: ${other.allowed ? 'allowed' : 'denied'} — ${other.reason}`);
      }
    }
  }
  for (const w of report.warnings) out.push(`  warning: ${w}`);
  return `${out.join('\n')}\n`;
}

function identityName(v: PermissionVerdict): string {
  return v.agency !== undefined ? `agency "${v.agency}"` : `provider "${v.provider}" user "${v.username}"`;
}

/** The effective permissions of every ServiceAccount the providers' rules name (`sub` `any_one_of`). Pure. */
export function effectivePermissions(providers: readonly EmulatedIdentityProvider[], grants: TerraformGrants): EffectivePermissions {
  const serviceAccounts: ServiceAccountPermissions[] = [];
  for (const provider of providers) {
    for (const { namespace, name } of serviceAccountsNamedBy(provider)) {
      const result = serviceAccountIdentity(provider, namespace, name);
      if (!result.admitted) {
        serviceAccounts.push({ namespace, name, provider: provider.name, username: undefined, notAdmitted: result.reason, groups: [] });
        continue;
      }
      const groups = result.identity.groups.map((group): GroupPermissions => ({
        name: group,
        declaredBy: grants.groups.filter((g) => g.name === group).map((g) => g.address),
        roles: grantsOfGroups(grants, [group]).map(({ assignment }): AssignedRole => ({
          assignment: assignment.address,
          role: describeRole(assignment.role, assignment.roleId),
          kind: assignment.role === undefined ? 'unknown' : assignment.role.kind,
          scope: describeAssignmentScope(assignment.scope),
          statements: assignment.role?.kind === 'custom' ? assignment.role.policy.statements.map(describeStatement) : [],
        })),
      }));
      serviceAccounts.push({ namespace, name, provider: provider.name, username: result.identity.username, notAdmitted: undefined, groups });
    }
  }
  return { serviceAccounts, warnings: grants.warnings };
}

/** Renders {@link EffectivePermissions} as lines (for `formatExplainReport`). Pure. */
export function formatEffectivePermissions(permissions: EffectivePermissions): string[] {
  if (permissions.serviceAccounts.length === 0 && permissions.warnings.length === 0) return [];
  const out = ['Effective permissions (custom policies evaluated offline; system roles named, not evaluated):'];
  for (const sa of permissions.serviceAccounts) {
    if (sa.username === undefined) {
      out.push(`  ServiceAccount ${sa.namespace}/${sa.name} via "${sa.provider}": not admitted (${sa.notAdmitted ?? '?'})`);
      continue;
    }
    out.push(`  ServiceAccount ${sa.namespace}/${sa.name} via "${sa.provider}" -> user `
      + `"${sa.username}"${sa.groups.length === 0 ? ', no groups: no permissions' : ''}`);
    for (const g of sa.groups) {
      const declared = g.declaredBy.length > 0 ? ` (${g.declaredBy.join(', ')})` : ' (not declared in this Terraform)';
      if (g.roles.length === 0) {
        out.push(`    group "${g.name}"${declared}: no role assigned in this Terraform`);
        continue;
      }
      out.push(`    group "${g.name}"${declared}:`);
      for (const role of g.roles) {
        const evaluable = role.kind === 'custom' ? '' : ' — not evaluated offline';
        out.push(`      ${role.role} in ${role.scope}${evaluable}`);
        for (const statement of role.statements) out.push(`        ${statement}`);
      }
    }
  }
  for (const w of permissions.warnings) out.push(`  warning: ${w}`);
  out.push('');
  return out;
}

// ---- helpers ------------------------------------------------------------------------------------

function parseServiceAccount(value: string): { namespace: string; name: string; subject: string } {
  const sa = parseServiceAccountShort(value) ?? parseServiceAccountSubject(value);
  if (!sa) throw optionInvalid(`ServiceAccount ${JSON.stringify(value)} must be <namespace>/<name> (or system:serviceaccount:<namespace>:<name>)`);
  return { namespace: sa.namespace, name: sa.name, subject: serviceAccountSubjectOf(sa.namespace, sa.name) };
}

function serviceAccountsNamedBy(provider: EmulatedIdentityProvider): Array<{ namespace: string; name: string }> {
  const out: Array<{ namespace: string; name: string }> = [];
  for (const rule of provider.rules ?? []) {
    for (const remote of rule.remote) {
      if (remote.attribute !== 'sub' || remote.condition !== 'any_one_of') continue;
      for (const value of remote.value ?? []) {
        const sa = parseServiceAccountSubject(value);
        if (sa && !out.some((x) => x.namespace === sa.namespace && x.name === sa.name)) out.push({ namespace: sa.namespace, name: sa.name });
      }
    }
  }
  return out;
}

function namedServiceAccounts(providers: readonly EmulatedIdentityProvider[]): string[] {
  const names = providers.flatMap((p) => serviceAccountsNamedBy(p).map((sa) => `${sa.namespace}/${sa.name}`));
  return [...new Set(names)];
}

function optionInvalid(message: string): EmulatorConfigError {
  return new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, message);
}
