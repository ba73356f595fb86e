/**
 * `explain` for CCE pod identity: the ServiceAccounts the synthesized
 * `huaweicloud_cce_cluster_pod_identity_association`s bind, the agency each one gets, the roles
 * that agency holds, and — for `explain --can` — whether the agency's credentials may perform an
 * action. The roles are evaluated with the same code as the OIDC mode's groups
 * (`permissions/effective-permissions`), so both modes answer alike. Pure.
 */
import {
  authorizeRequest, candidateScopes, describeAssignmentScope, describeRole, describeStatement, grantsOfAgency, type RequestScope,
} from '../effective-permissions';
import type { TerraformGrants, TerraformPodIdentityAssociation } from '../grants-loader';
import type { PermissionRequest } from '../policy-evaluator';
import { scopeVerdict, type AssignedRole, type PermissionVerdict } from './verdict';

/** One pod identity association, explained. */
export interface ExplainedAssociation {
  /** Terraform address of the association. */
  readonly address: string;
  /** Where it was loaded from. */
  readonly source: string;
  /** The cluster, when literal. */
  readonly clusterId: string | undefined;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** The ServiceAccount. */
  readonly serviceAccount: string;
  /** The agency's name. */
  readonly agency: string;
  /** Terraform address of the agency, when declared in the Terraform. */
  readonly agencyAddress: string | undefined;
  /** Whom the agency trusts, in words (`cloud service op_svc_cce`), when declared. */
  readonly trust: string | undefined;
  /** The agency's roles. */
  readonly roles: readonly AssignedRole[];
  /** Things that are probably mistakes. */
  readonly warnings: readonly string[];
}

/** Every association of the Terraform, in input order, with conflicts flagged. Pure. */
export function explainAssociations(grants: TerraformGrants): ExplainedAssociation[] {
  const associations = grants.associations ?? [];
  return associations.map((association, index) => {
    const warnings: string[] = [];
    const first = associations.findIndex((other) => sameServiceAccount(other, association));
    if (first !== index) {
      warnings.push(`${associations[first].address} binds the same ServiceAccount of the same cluster: CCE allows one association per `
        + 'ServiceAccount, so one of them fails to apply');
    }
    const agency = association.agency;
    if (agency === undefined) warnings.push(`agency "${association.agencyName}" is not declared in this Terraform: its roles are not known offline`);
    else if (agency.delegatedService === undefined) warnings.push(`agency "${agency.name}" trusts account `
      + `${JSON.stringify(agency.delegatedDomain ?? '?')}, not a cloud service`);
    return {
      address: association.address,
      source: association.source,
      clusterId: association.clusterId,
      namespace: association.namespace,
      serviceAccount: association.serviceAccount,
      agency: association.agencyName,
      agencyAddress: agency?.address,
      trust: agency === undefined
        ? undefined
        : agency.delegatedService !== undefined ? `cloud service ${agency.delegatedService}` : `account ${agency.delegatedDomain ?? '?'}`,
      roles: grantsOfAgency(grants, association.agencyName).map(({ assignment }): AssignedRole => ({
        assignment: assignment.address,
        role: describeRole(assignment.role, assignment.roleId),
        kind: assignment.role === undefined ? 'unknown' : assignment.role.kind,
        scope: describeAssignmentScope(assignment.scope),
        statements: assignment.role?.kind === 'custom' ? assignment.role.policy.statements.map(describeStatement) : [],
      })),
      warnings,
    };
  });
}

/** Lines for `formatExplainReport`. Pure. */
export function formatAssociations(associations: readonly ExplainedAssociation[]): string[] {
  if (associations.length === 0) return [];
  const out = ['Pod identity associations (the ServiceAccount gets the agency\'s temporary credentials; no identity provider):'];
  for (const a of associations) {
    out.push(`  ServiceAccount ${a.namespace}/${a.serviceAccount} in cluster ${a.clusterId ?? '(an expression)'} -> agency `
      + `"${a.agency}"${a.trust === undefined ? '' : ` (trusts ${a.trust})`}`);
    out.push(`    resource:   ${a.address} in ${a.source}`);
    if (a.roles.length === 0) out.push('    no role assigned to the agency in this Terraform');
    for (const role of a.roles) {
      out.push(`    ${role.role} in ${role.scope}${role.kind === 'custom' ? '' : ' — not evaluated offline'}`);
      for (const statement of role.statements) out.push(`      ${statement}`);
    }
    for (const w of a.warnings) out.push(`    warning: ${w}`);
  }
  out.push('');
  return out;
}

/**
 * The verdicts of `explain --can` for the associations binding a ServiceAccount: one per
 * association, as its agency. `scope` undefined: every scope the agency's roles name is tried.
 * Pure.
 */
export function podIdentityVerdicts(
  grants: TerraformGrants, namespace: string, name: string, request: PermissionRequest, scope: RequestScope | undefined,
): PermissionVerdict[] {
  return (grants.associations ?? [])
    .filter((a) => a.namespace === namespace && a.serviceAccount === name)
    .map((association) => {
      const principal = { agency: association.agencyName };
      const scopes = scope === undefined ? candidateScopes(grantsOfAgency(grants, association.agencyName)) : [scope];
      const verdicts = scopes.map((s) => scopeVerdict(authorizeRequest(grants, principal, request, s), principal, scope === undefined));
      const reported = verdicts.find((v) => v.allowed) ?? verdicts[0];
      return {
        provider: `pod identity (cluster ${association.clusterId ?? '?'})`,
        username: association.agencyName,
        groups: [],
        agency: association.agencyName,
        association: association.address,
        allowed: reported.allowed,
        reported,
        scopes: verdicts,
      };
    });
}

function sameServiceAccount(a: TerraformPodIdentityAssociation, b: TerraformPodIdentityAssociation): boolean {
  return a.clusterId === b.clusterId && a.namespace === b.namespace && a.serviceAccount === b.serviceAccount;
}
