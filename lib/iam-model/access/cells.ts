/**
 * The canonical form of a ServiceAccount's effective permissions: per scope, the Allow and Deny
 * cells (one per action pattern × resource pattern × condition of every statement of every custom
 * policy in scope) and the roles whose content is not in the Terraform (system roles, undeclared
 * roles, undeclared agencies). Statement order, action order, policy names and the group a policy is
 * assigned to do not change this form, so refactors compare equal. Pure.
 *
 * Scope keys (`scope` in the JSON output):
 * - `global`: the global service project (assignments with `domain_id`, and `project_id = "all"`);
 * - `project:<id>` / `project-name:<name>`: one project (by id, or by name through
 *   `data.huaweicloud_identity_projects`; the two cannot be related offline);
 * - `other-projects`: every project no assignment names (reached only by `project_id = "all"`);
 * - `enterprise-project:<id>`, `unresolved:<attribute>=<expression>`: not decidable offline (uncertain).
 * An `all-projects` assignment applies in every scope key but `unresolved:…`.
 */
import type { AssignmentScope, PolicyDocument, PolicyEffect, TerraformCustomRole } from '..';
import { isActionPattern, isResourcePattern, patternCovers, patternsIntersect } from '..';
import type { HeldAssignment } from './identities';
import { compare } from './identities';

/** One action pattern × resource pattern × condition of a statement. */
export interface Cell {
  /** Allow or Deny. */
  readonly effect: PolicyEffect;
  /** The action pattern, lower-cased (IAM compares actions case-insensitively). */
  readonly action: string;
  /** The action as first written (case kept), for display. */
  readonly actionText: string;
  /** Its three segments (`*` alone is `*:*:*`). */
  readonly actionParts: readonly string[];
  /** The resource pattern (`*` for a statement without `Resource`). */
  readonly resource: string;
  /** The resource as first written, for display. */
  readonly resourceText: string;
  /** Its five segments, service and type lower-cased; undefined for `*` (every resource). */
  readonly resourceParts: readonly string[] | undefined;
  /** Canonical JSON of the `Condition` and the names of unevaluated elements, or undefined. */
  readonly condition: string | undefined;
  /** The policies (`custom policy "x"` via `group "g"`) the cell comes from. */
  readonly sources: readonly string[];
}

/** A role whose content is not known offline. */
export interface OpaqueRole {
  /** `system role "OBS ReadOnlyAccess"`, `role <id> (not declared)`, `roles of agency "x" (not declared)`. */
  readonly label: string;
  /** The holder and assignment. */
  readonly sources: readonly string[];
}

/** The cells in one scope. */
export interface ScopeCells {
  /** Allow cells, deduplicated, in canonical order. */
  readonly allow: readonly Cell[];
  /** Deny cells, deduplicated, in canonical order. */
  readonly deny: readonly Cell[];
  /** Roles not evaluated offline, by label. */
  readonly opaque: readonly OpaqueRole[];
}

/** The scope key an assignment scope names (for `all-projects`: `global` and `other-projects`). Pure. */
export function scopeKeysOf(scope: AssignmentScope): string[] {
  switch (scope.kind) {
    case 'all-projects': return ['global', 'other-projects'];
    case 'domain': return ['global'];
    case 'project': return [`project:${scope.projectId}`];
    case 'project-by-name': return [`project-name:${scope.projectName}`];
    case 'enterprise-project': return [`enterprise-project:${scope.enterpriseProjectId}`];
    case 'unresolved': return [`unresolved:${scope.attribute}=${scope.expression}`];
    default: return [];
  }
}

/** Scope keys per scope object, built once: a diff asks each assignment once per scope key of its ServiceAccount. */
const scopeKeyCache = new WeakMap<AssignmentScope, readonly string[]>();

/** {@link scopeKeysOf}, shared (do not modify). */
export function cachedScopeKeys(scope: AssignmentScope): readonly string[] {
  let keys = scopeKeyCache.get(scope);
  if (keys === undefined) {
    keys = scopeKeysOf(scope);
    scopeKeyCache.set(scope, keys);
  }
  return keys;
}

/** Whether an assignment scope applies in a scope key. Pure. */
export function appliesIn(scope: AssignmentScope, key: string): boolean {
  if (scope.kind === 'all-projects') return !key.startsWith('unresolved:');
  return cachedScopeKeys(scope).includes(key);
}

/** Whether a scope key cannot be related to live requests offline. Pure. */
export function uncertainScope(key: string): boolean {
  return key.startsWith('enterprise-project:') || key.startsWith('unresolved:');
}

/** The scope key in words. Pure. */
export function describeScopeKey(key: string): string {
  if (key === 'global') return 'the global service project';
  if (key === 'other-projects') return 'every other project';
  if (key.startsWith('project:')) return `project ${key.slice('project:'.length)}`;
  if (key.startsWith('project-name:')) return `project "${key.slice('project-name:'.length)}"`;
  if (key.startsWith('enterprise-project:')) return `enterprise project ${key.slice('enterprise-project:'.length)}`;
  return `an unresolved scope (${key.slice('unresolved:'.length)})`;
}

/** The cells of the assignments that apply in `key`. Pure. */
export function cellsIn(assignments: readonly HeldAssignment[], key: string, undeclaredHolder: string | undefined): ScopeCells {
  const allow = new Map<string, MutableCell>();
  const deny = new Map<string, MutableCell>();
  const opaque = new Map<string, string[]>();
  if (undeclaredHolder !== undefined) opaque.set(undeclaredHolder, ['the agency is not declared in this Terraform']);
  for (const { holder, assignment } of assignments) {
    if (!appliesIn(assignment.scope, key)) continue;
    const role = assignment.role;
    if (role === undefined || role.kind === 'system') {
      addTo(opaque, opaqueLabel(assignment), `${holder} (${assignment.address})`);
      continue;
    }
    const source = `custom policy "${role.name}" via ${holder}`;
    for (const template of templatesOf(role)) {
      const target = template.effect === 'Allow' ? allow : deny;
      const existing = target.get(template.id);
      if (existing === undefined) target.set(template.id, { ...template.cell, sources: [source] });
      else if (!existing.sources.includes(source)) existing.sources.push(source);
    }
  }
  return {
    allow: sortCells([...allow.values()]),
    deny: sortCells([...deny.values()]),
    opaque: [...opaque.entries()].sort(([a], [b]) => compare(a, b)).map(([label, sources]) => ({ label, sources: [...sources].sort(compare) })),
  };
}

/**
 * What {@link cellsIn} returns for `key` without the sources, as one string: equal exactly when both
 * have the same Allow cells, Deny cells (by action, resource and condition) and opaque roles. Builds
 * no cell (a diff compares every ServiceAccount's scopes this way and builds cells only where they differ). Pure.
 */
export function cellsFingerprint(assignments: readonly HeldAssignment[], key: string, undeclaredHolder: string | undefined): string {
  const allow = new Set<string>();
  const deny = new Set<string>();
  const opaque = new Set<string>();
  if (undeclaredHolder !== undefined) opaque.add(undeclaredHolder);
  for (const { assignment } of assignments) {
    if (!appliesIn(assignment.scope, key)) continue;
    const role = assignment.role;
    if (role === undefined || role.kind === 'system') {
      opaque.add(opaqueLabel(assignment));
      continue;
    }
    for (const template of templatesOf(role)) (template.effect === 'Allow' ? allow : deny).add(template.id);
  }
  // JSON of string arrays: an injective encoding, whatever characters the patterns hold.
  return JSON.stringify([[...allow].sort(compare), [...deny].sort(compare), [...opaque].sort(compare)]);
}

function opaqueLabel(assignment: HeldAssignment['assignment']): string {
  const role = assignment.role;
  return role === undefined || role.kind !== 'system' ? `role ${assignment.roleId} (not declared in this Terraform)`
    : `system role "${role.displayName ?? role.name ?? '?'}"`;
}

/** Whether `general` covers every request of `specific` (actions, resources; conditions compared by the caller). Pure. */
export function cellCovers(general: Cell, specific: Cell): boolean {
  if (!general.actionParts.every((g, i) => patternCovers(g, specific.actionParts[i]))) return false;
  if (general.resourceParts === undefined) return true;
  if (specific.resourceParts === undefined) return false;
  return general.resourceParts.every((g, i) => patternCovers(g, specific.resourceParts![i]));
}

/** Whether two cells share a request. Pure. */
export function cellsIntersect(a: Cell, b: Cell): boolean {
  if (!a.actionParts.every((x, i) => patternsIntersect(x, b.actionParts[i]))) return false;
  if (a.resourceParts === undefined || b.resourceParts === undefined) return true;
  return a.resourceParts.every((x, i) => patternsIntersect(x, b.resourceParts![i]));
}

/** The requests both cells match, as a cell of `b`'s effect, and whether that is exact. Pure. */
export function cellMeet(a: Cell, b: Cell): { readonly cell: Cell; readonly exact: boolean } {
  let exact = true;
  const pick = (x: readonly string[], y: readonly string[]): { parts: readonly string[]; from: 'a' | 'b' | 'mixed' } => {
    let fromA = 0;
    const parts = x.map((xs, i) => {
      if (patternCovers(xs, y[i])) return y[i];
      if (patternCovers(y[i], xs)) {
        fromA += 1;
        return xs;
      }
      exact = false;
      return y[i];
    });
    return { parts, from: fromA === 0 ? 'b' : fromA === x.length && x.every((xs, i) => xs !== y[i]) ? 'a' : 'mixed' };
  };
  const action = pick(a.actionParts, b.actionParts);
  let resourceParts: readonly string[] | undefined;
  let resourceText: string;
  if (a.resourceParts === undefined || b.resourceParts === undefined) {
    const source = a.resourceParts === undefined ? b : a;
    resourceParts = source.resourceParts;
    resourceText = source.resourceText;
  } else {
    const r = pick(a.resourceParts, b.resourceParts);
    resourceParts = r.parts;
    resourceText = r.from === 'b' ? b.resourceText : r.from === 'a' ? a.resourceText : r.parts.join(':');
  }
  return {
    cell: {
      ...b,
      action: action.parts.join(':'),
      actionText: action.from === 'b' ? b.actionText : action.from === 'a' ? a.actionText : action.parts.join(':'),
      actionParts: action.parts,
      resource: resourceParts === undefined ? '*' : resourceParts.join(':'),
      resourceText,
      resourceParts,
    },
    exact,
  };
}

/**
 * Whether the cell's patterns hold `?`: whether IAM reads it as a wildcard is UNVERIFIED (the model's [unverified:question-mark-wildcard]
 * patterns read it as one), so comparisons involving it are uncertain. Pure.
 */
export function questionable(cell: Cell): boolean {
  return cell.actionText.includes('?') || cell.resourceText.includes('?');
}

type MutableCell = Omit<Cell, 'sources'> & { sources: string[] };

/**
 * One cell of a policy without its sources: the id (what a diff's fingerprint compares) at once, the
 * cell (segments, for subsumption) only when asked — most ServiceAccounts of a diff never need it.
 */
class CellTemplate {
  public readonly id: string;
  private built: Omit<Cell, 'sources'> | undefined;

  public constructor(
    public readonly effect: PolicyEffect,
    private readonly actionKey: string,
    private readonly actionText: string,
    private readonly resourceKey: string,
    private readonly resourceText: string,
    private readonly condition: string | undefined,
  ) {
    this.id = `${actionKey}\u0000${resourceKey}\u0000${condition ?? ''}`;
  }

  public get cell(): Omit<Cell, 'sources'> {
    this.built ??= {
      effect: this.effect,
      action: this.actionKey,
      actionText: this.actionText,
      actionParts: this.actionKey.split(':'),
      resource: this.resourceKey,
      resourceText: this.resourceText,
      resourceParts: this.resourceText === '*' ? undefined : resourceSegments(this.resourceText),
      condition: this.condition,
    };
    return this.built;
  }
}

/**
 * A policy's cells without their sources, computed once per policy document (a policy held by many
 * groups, or the same text on both sides of a diff, shares one document: ../grants-loader's PolicyCache).
 */
const templates = new WeakMap<PolicyDocument, readonly CellTemplate[]>();

function templatesOf(role: TerraformCustomRole): readonly CellTemplate[] {
  const known = templates.get(role.policy);
  if (known !== undefined) return known;
  const out: CellTemplate[] = [];
  for (const statement of role.policy.statements) {
    const condition = conditionKey(statement.condition, statement.unevaluated);
    const resources = statement.resources === undefined || statement.resources.includes('*') ? ['*'] : statement.resources;
    const actions = statement.actions.length === 0 && statement.unevaluated.includes('NotAction') ? ['*'] : statement.actions;
    const resourceKeys = resources.map(resourceKey);
    for (const action of actions) {
      const key = actionKey(action);
      if (key === undefined) continue;
      resources.forEach((resource, i) => {
        const rKey = resourceKeys[i];
        if (rKey !== undefined) out.push(new CellTemplate(statement.effect, key, action, rKey, resource, condition));
      });
    }
  }
  templates.set(role.policy, out);
  return out;
}

/** `actionSegments(action).join(':')` without the array: the pattern lower-cased (`*` is `*:*:*`), or undefined when malformed. */
function actionKey(action: string): string | undefined {
  if (action === '*') return '*:*:*';
  return isActionPattern(action) ? action.toLowerCase() : undefined;
}

/** `resourceSegments(resource).join(':')` without the arrays: service and type lower-cased; `*` as is; undefined when malformed. */
function resourceKey(resource: string): string | undefined {
  if (resource === '*') return '*';
  if (!isResourcePattern(resource)) return undefined;
  const service = resource.indexOf(':');
  const account = resource.indexOf(':', resource.indexOf(':', service + 1) + 1);
  const type = resource.indexOf(':', account + 1);
  return `${resource.slice(0, service).toLowerCase()}${resource.slice(service, account + 1)}${resource.slice(account + 1, type).toLowerCase()}`
    + resource.slice(type);
}

function resourceSegments(resource: string): string[] | undefined {
  if (!isResourcePattern(resource)) return undefined;
  const parts = resource.split(':');
  return [parts[0].toLowerCase(), parts[1], parts[2], parts[3].toLowerCase(), parts.slice(4).join(':')];
}

/** Canonical JSON (sorted keys) of a condition plus unevaluated element names, or undefined. */
function conditionKey(condition: Readonly<Record<string, unknown>> | undefined, unevaluated: readonly string[]): string | undefined {
  const others = unevaluated.filter((e) => e !== 'Condition');
  if (condition === undefined && others.length === 0) return undefined;
  const parts: string[] = [];
  if (condition !== undefined) parts.push(`Condition ${canonicalJson(condition)}`);
  if (others.length > 0) parts.push(`unevaluated ${[...others].sort(compare).join(', ')}`);
  return parts.join('; ');
}

/** JSON with object keys sorted, so key order does not make two conditions differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sortCells(cells: MutableCell[]): Cell[] {
  for (const c of cells) c.sources.sort(compare);
  return cells.sort((a, b) => compare(a.action, b.action) || compare(a.resource, b.resource) || compare(a.condition ?? '', b.condition ?? ''));
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
