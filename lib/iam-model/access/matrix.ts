/**
 * The access matrix: per ServiceAccount, every grant it reaches — policy (custom or system),
 * effect, actions, resources, condition, scope — as data, text and Markdown. Pure.
 *
 * Order (stable, locale-independent): rows by namespace, name, mode, provider/cluster; grants by
 * scope, policy, holder, statement index.
 */
import type { AssignmentScope, LoadedTerraform, PolicyStatement } from '..';
import { redactSecrets } from '../../contract/secrets';
import { admittedServiceAccounts, compare, type AdmittedServiceAccount } from './identities';
import { canonicalJson, describeScopeKey } from './cells';

/** One grant a ServiceAccount reaches: one statement of a custom policy, or one role not evaluated offline. */
export interface AccessGrant {
  /** The policy's name (custom policy), the role's display name or name (system role), or the role id (undeclared). */
  readonly policy: string;
  /** `custom` (evaluated offline), `system` (looked up by name: not evaluated) or `unknown` (not declared in the Terraform). */
  readonly policyKind: string;
  /** Whether the grant's content is evaluated offline (custom policies only). */
  readonly evaluated: boolean;
  /** Who holds the assignment: `group "<name>"` or `agency "<name>"`. */
  readonly holder: string;
  /** Terraform address of the assignment. */
  readonly assignment: string;
  /** Where it applies: `all-projects`, `global`, `project:<id>`, `project-name:<name>`, `enterprise-project:<id>` or `unresolved:<…>`. */
  readonly scope: string;
  /** Statement index in the policy. @default undefined (a role not evaluated offline) */
  readonly statement?: number;
  /** `Allow` or `Deny`. @default undefined (a role not evaluated offline) */
  readonly effect?: string;
  /** Action patterns as written. Empty for a role not evaluated offline. */
  readonly actions: readonly string[];
  /** Resource patterns as written; `["*"]` for a statement without `Resource`. Empty for a role not evaluated offline. */
  readonly resources: readonly string[];
  /** The `Condition` (canonical JSON) and unevaluated elements; never evaluated offline. @default undefined (none) */
  readonly condition?: string;
}

/** One ServiceAccount in the matrix. */
export interface AccessRow {
  /** `<namespace>/<name>`. */
  readonly serviceAccount: string;
  /** `oidc-federation` or `pod-identity`. */
  readonly mode: string;
  /** The identity provider (OIDC federation; in a fleet, one per cluster). @default undefined (pod identity) */
  readonly provider?: string;
  /** The cluster id of the association (pod identity). @default undefined (OIDC federation) */
  readonly cluster?: string;
  /** Whether the provider admits it (false: named by the rules but refused, e.g. the provider is disabled). */
  readonly admitted: boolean;
  /** Why it is not admitted. @default undefined (admitted) */
  readonly notAdmitted?: string;
  /** The federated user. @default undefined (pod identity) */
  readonly user?: string;
  /** The user's groups (OIDC federation); empty for pod identity. */
  readonly groups: readonly string[];
  /** The agency whose credentials it gets (pod identity). @default undefined (OIDC federation) */
  readonly agency?: string;
  /** The grants it reaches. */
  readonly grants: readonly AccessGrant[];
}

/** The matrix of every ServiceAccount of the input. */
export interface AccessMatrix {
  /** Rows, in the documented order. */
  readonly rows: readonly AccessRow[];
  /** What the reader could not relate (literal ids, expressions, rules that name nobody). */
  readonly warnings: readonly string[];
}

/** The matrix of loaded Terraform. Pure. */
export function accessMatrix(loaded: LoadedTerraform): AccessMatrix {
  const { rows, warnings } = admittedServiceAccounts(loaded);
  return { rows: rows.map(toRow), warnings: [...loaded.grants.warnings, ...warnings] };
}

/** `resources` of a statement without `Resource` (shared: grants are read-only). */
const ANY_RESOURCE: readonly string[] = Object.freeze(['*']);

/** A statement's `Condition` (canonical JSON) and unevaluated elements, or undefined when it has neither. */
function conditionText(s: PolicyStatement): string | undefined {
  if (s.condition === undefined && s.unevaluated.length === 0) return undefined;
  const extra = s.unevaluated.filter((e) => e !== 'Condition');
  const text = [s.condition === undefined ? '' : canonicalJson(s.condition), extra.length > 0 ? `unevaluated: ${extra.join(', ')}` : '']
    .filter((x) => x !== '').join('; ');
  return text === '' ? undefined : text;
}

/** The assignment scope as the matrix names it. Pure. */
export function assignmentScopeKey(scope: AssignmentScope): string {
  switch (scope.kind) {
    case 'all-projects': return 'all-projects';
    case 'domain': return 'global';
    case 'project': return `project:${scope.projectId}`;
    case 'project-by-name': return `project-name:${scope.projectName}`;
    case 'enterprise-project': return `enterprise-project:${scope.enterpriseProjectId}`;
    default: return `unresolved:${scope.attribute}=${scope.expression}`;
  }
}

function toRow(sa: AdmittedServiceAccount): AccessRow {
  const grants: AccessGrant[] = [];
  // Object literals of one shape each, keys in the order --json prints them (no spreads: 10,000s of grants).
  for (const { holder, assignment } of sa.assignments) {
    const role = assignment.role;
    const scope = assignmentScopeKey(assignment.scope);
    if (role === undefined || role.kind === 'system') {
      grants.push({
        holder,
        assignment: assignment.address,
        scope,
        policy: role === undefined ? assignment.roleId : role.displayName ?? role.name ?? '?',
        policyKind: role === undefined ? 'unknown' : 'system',
        evaluated: false,
        actions: [],
        resources: [],
      });
      continue;
    }
    for (const s of role.policy.statements) {
      const condition = conditionText(s);
      const grant: AccessGrant = condition === undefined
        ? {
          holder, assignment: assignment.address, scope, policy: role.name, policyKind: 'custom', evaluated: true,
          statement: s.index, effect: s.effect, actions: s.actions, resources: s.resources ?? ANY_RESOURCE,
        }
        : {
          holder, assignment: assignment.address, scope, policy: role.name, policyKind: 'custom', evaluated: true,
          statement: s.index, effect: s.effect, actions: s.actions, resources: s.resources ?? ANY_RESOURCE, condition,
        };
      grants.push(grant);
    }
  }
  if (!sa.holderDeclared) {
    grants.push({
      holder: `agency "${sa.agency ?? '?'}"`, assignment: sa.association ?? '', scope: 'unresolved:agency',
      policy: `roles of agency "${sa.agency ?? '?'}"`,
      policyKind: 'unknown', evaluated: false, actions: [], resources: [],
    });
  }
  grants.sort((a, b) => compare(a.scope, b.scope) || compare(a.policy, b.policy) || compare(a.holder, b.holder)
    || (a.statement ?? -1) - (b.statement ?? -1) || compare(a.assignment, b.assignment));
  return {
    serviceAccount: `${sa.namespace}/${sa.name}`,
    mode: sa.mode,
    ...(sa.provider !== undefined ? { provider: sa.provider } : {}),
    ...(sa.cluster !== undefined ? { cluster: sa.cluster } : {}),
    admitted: sa.notAdmitted === undefined,
    ...(sa.notAdmitted !== undefined ? { notAdmitted: sa.notAdmitted } : {}),
    ...(sa.user !== undefined ? { user: sa.user } : {}),
    groups: sa.groups,
    ...(sa.agency !== undefined ? { agency: sa.agency } : {}),
    grants,
  };
}

/** `all-projects` → `all projects (incl. the global service project)`, other keys as {@link describeScopeKey}. */
function scopeWords(key: string): string {
  return key === 'all-projects' ? 'all projects (incl. the global service project)' : describeScopeKey(key);
}

/** The identity of a row in words. Pure. */
export function describeRow(row: AccessRow): string {
  const via = row.mode === 'pod-identity'
    ? `pod identity, cluster ${row.cluster ?? '?'}, agency "${row.agency ?? '?'}"`
    : `OIDC federation via provider "${row.provider ?? '?'}"${row.user !== undefined ? `, user "${row.user}"` : ''}`
      + `, ${row.groups.length === 0 ? 'no groups' : `group${row.groups.length === 1 ? '' : 's'} ${row.groups.map((g) => `"${g}"`).join(', ')}`}`;
  return `${row.serviceAccount} (${via})`;
}

function grantWords(g: AccessGrant): string {
  if (!g.evaluated) {
    const what = g.policyKind === 'system' ? `system role "${g.policy}"`
      : g.policy.startsWith('roles of ') ? g.policy : `role ${g.policy} (not declared)`;
    return `${what}: not evaluated offline — via ${g.holder} in ${scopeWords(g.scope)}`;
  }
  const on = g.resources.length === 1 && g.resources[0] === '*' ? 'any resource' : g.resources.join(', ');
  const cond = g.condition === undefined ? '' : ` if ${g.condition} (not evaluated offline)`;
  return `${(g.effect ?? '').toLowerCase()} ${g.actions.join(', ')} on ${on}${cond} — custom policy "${g.policy}" #${g.statement ?? 0} `
    + `via ${g.holder} `
    + `in ${scopeWords(g.scope)}`;
}

/** The matrix as text: one paragraph per ServiceAccount. Pure. */
export function formatAccessMatrix(matrix: AccessMatrix): string {
  const out: string[] = [];
  for (const row of matrix.rows) {
    out.push(`ServiceAccount ${describeRow(row)}`);
    if (!row.admitted) out.push(`  not admitted: ${row.notAdmitted ?? '?'}`);
    else if (row.grants.length === 0) out.push('  no grants');
    for (const g of row.grants) out.push(`  ${grantWords(g)}`);
  }
  if (matrix.rows.length === 0) out.push('No ServiceAccount is admitted by this Terraform.');
  for (const w of matrix.warnings) out.push(`warning: ${w}`);
  return redactSecrets(`${out.join('\n')}\n`);
}

/** Markdown-safe table cell: `|` and backticks escaped, line breaks flattened. Pure. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/[\r\n]+/g, ' ');
}

/** The matrix as Markdown: one table per ServiceAccount. Pure. */
export function formatAccessMatrixMarkdown(matrix: AccessMatrix): string {
  const out: string[] = [`**Access matrix:** ${matrix.rows.length} ServiceAccount${matrix.rows.length === 1 ? '' : 's'}`, ''];
  for (const row of matrix.rows) {
    out.push(`#### ${mdCell(describeRow(row))}`, '');
    if (!row.admitted) {
      out.push(`Not admitted: ${mdCell(row.notAdmitted ?? '?')}`, '');
      continue;
    }
    out.push('| effect | actions | resources | condition | policy | via | scope |', '|---|---|---|---|---|---|---|');
    for (const g of row.grants) {
      out.push(`| ${[g.effect ?? 'not evaluated', g.actions.join(', '), g.resources.join(', '), g.condition ?? '',
        `${g.policyKind === 'custom' ? 'custom' : g.policyKind === 'system' ? 'system role' : 'unknown'} ${g.policy}`, g.holder, scopeWords(g.scope)]
        .map(mdCell).join(' | ')} |`);
    }
    out.push('');
  }
  for (const w of matrix.warnings) out.push(`> warning: ${mdCell(w)}`);
  return redactSecrets(`${out.join('\n')}\n`);
}
