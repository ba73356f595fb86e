/**
 * `access diff`: what changes for whom between two sets of synthesized Terraform, computed from
 * the effective permissions (../cells), not from the text. Pure.
 *
 * For each ServiceAccount and scope, with X and Y the two sides' cells:
 * - every Allow cell of X not fully denied in X, and not covered (pattern subsumption, same or no
 *   condition) by an Allow cell of Y, is a change (`gained` when X is head, `lost` when X is base),
 *   reported with `except`: the parts Y still allows and the parts X denies anyway;
 * - an Allow cell of X covered in Y, but cut by a Deny of Y that X does not have, is a change for
 *   the intersection (a new Deny → `lost`; a removed Deny → `gained`);
 * - roles not evaluated offline (system roles) present on one side only are changes with
 *   `systemRole: true` and `uncertain: true`.
 * So diff(a, b)'s gained are diff(b, a)'s lost, and diff(a, a) is empty. An entry is `uncertain`
 * when a condition or unevaluated element is involved, a role not evaluated offline shares the
 * scope, the scope is not decidable offline, or a pattern intersection has no exact `*` form.
 *
 * Identity: a ServiceAccount is (provider or cluster, namespace, name). A row present on one side
 * only is `removed`/`admitted`, unless exactly one row of the same namespace/name disappears and one
 * appears (e.g. OIDC federation → pod identity, or a provider renamed): then it is the same
 * ServiceAccount and the move is a `trust` change.
 */
import type { LoadedTerraform } from '..';
import { admittedServiceAccounts, compare, identityKey, type AdmittedServiceAccount } from './identities';
import {
  cachedScopeKeys, cellCovers, cellMeet, cellsFingerprint, cellsIn, cellsIntersect, questionable, uncertainScope, type Cell, type ScopeCells,
} from './cells';

/** One change for one ServiceAccount. */
export interface AccessChange {
  /** `<namespace>/<name>`. */
  readonly serviceAccount: string;
  /** The identity provider (OIDC federation), to tell clusters of a fleet apart. @default undefined (pod identity) */
  readonly provider?: string;
  /** The cluster id (pod identity). @default undefined (OIDC federation) */
  readonly cluster?: string;
  /** `admitted`, `removed`, `trust`, `gained` or `lost`. */
  readonly change: string;
  /** The action pattern; `*` for admitted/removed; `trust:<aspect>` for trust; the role for a system role. */
  readonly action: string;
  /** The resource pattern (`*`: every resource); for trust, the new (or added/removed) value. */
  readonly resource: string;
  /** The scope key (`global`, `project:<id>`, `project-name:<name>`, `other-projects`, …); `*` for admitted/removed/trust. */
  readonly scope: string;
  /** Parts of `action` × `resource` that do not change (still allowed, or denied anyway). @default [] */
  readonly except?: readonly string[];
  /** The condition of the grant (canonical JSON; not evaluated offline). @default undefined (none) */
  readonly condition?: string;
  /** Whether offline evaluation cannot decide the change exactly (see `note`). @default false */
  readonly uncertain?: boolean;
  /** Whether the change is a role not evaluated offline (system role, undeclared role or agency). @default false */
  readonly systemRole?: boolean;
  /** For trust: the value before. @default undefined */
  readonly before?: string;
  /** For trust: the value after. @default undefined */
  readonly after?: string;
  /** Why the entry is uncertain, or what it means, in words. @default undefined */
  readonly note?: string;
  /** Where the cell comes from (policies and holders, head side for gained, base side for lost). @default [] */
  readonly policies?: readonly string[];
}

/** The order of `change` values in the output. */
const CHANGE_ORDER = ['admitted', 'removed', 'trust', 'gained', 'lost'];

/** Diffs two loaded Terraform inputs. Pure. */
export function diffLoadedAccess(base: LoadedTerraform, head: LoadedTerraform): AccessChange[] {
  const b = admitted(base);
  const h = admitted(head);
  const pairs: Array<[AdmittedServiceAccount | undefined, AdmittedServiceAccount | undefined]> = [];
  const onlyBase = [...b.entries()].filter(([k]) => !h.has(k));
  const onlyHead = [...h.entries()].filter(([k]) => !b.has(k));
  for (const [key, sa] of b) if (h.has(key)) pairs.push([sa, h.get(key)]);
  const byName = (list: Array<[string, AdmittedServiceAccount]>): Map<string, AdmittedServiceAccount[]> => {
    const m = new Map<string, AdmittedServiceAccount[]>();
    for (const [, sa] of list) m.set(`${sa.namespace}/${sa.name}`, [...(m.get(`${sa.namespace}/${sa.name}`) ?? []), sa]);
    return m;
  };
  const baseByName = byName(onlyBase);
  const headByName = byName(onlyHead);
  const paired = new Set<AdmittedServiceAccount>();
  for (const [name, list] of baseByName) {
    const other = headByName.get(name);
    if (list.length === 1 && other?.length === 1) {
      pairs.push([list[0], other[0]]);
      paired.add(list[0]).add(other[0]);
    }
  }
  for (const [, sa] of onlyBase) if (!paired.has(sa)) pairs.push([sa, undefined]);
  for (const [, sa] of onlyHead) if (!paired.has(sa)) pairs.push([undefined, sa]);
  const out: AccessChange[] = [];
  for (const [x, y] of pairs) out.push(...diffServiceAccount(x, y));
  return sortChanges(dedupe(out));
}

function admitted(loaded: LoadedTerraform): Map<string, AdmittedServiceAccount> {
  const map = new Map<string, AdmittedServiceAccount>();
  for (const sa of admittedServiceAccounts(loaded).rows) if (sa.notAdmitted === undefined) map.set(identityKey(sa), sa);
  return map;
}

const UNDECLARED_AGENCY = 'unresolved:agency';

function diffServiceAccount(base: AdmittedServiceAccount | undefined, head: AdmittedServiceAccount | undefined): AccessChange[] {
  const who = (head ?? base)!;
  const id = {
    serviceAccount: `${who.namespace}/${who.name}`,
    ...(who.provider !== undefined ? { provider: who.provider } : {}),
    ...(who.cluster !== undefined ? { cluster: who.cluster } : {}),
  };
  const out: AccessChange[] = [];
  if (base === undefined) out.push({ ...id, change: 'admitted', action: '*', resource: '*', scope: '*', note: admission(head!) });
  if (head === undefined) out.push({ ...id, change: 'removed', action: '*', resource: '*', scope: '*', note: admission(base!) });
  if (base !== undefined && head !== undefined) out.push(...trustChanges(base, head).map((t) => ({ ...id, ...t })));
  const keys = new Set<string>();
  for (const sa of [base, head]) {
    for (const { assignment } of sa?.assignments ?? []) for (const k of cachedScopeKeys(assignment.scope)) keys.add(k);
    if (sa !== undefined && !sa.holderDeclared) keys.add(UNDECLARED_AGENCY);
  }
  for (const key of keys) {
    const undeclared = (sa: AdmittedServiceAccount): string | undefined => !sa.holderDeclared && key === UNDECLARED_AGENCY
      ? `roles of agency "${sa.agency ?? '?'}" (not declared)` : undefined;
    // Most ServiceAccounts of a change are untouched: the same canonical cells need no comparison, nor building.
    const fingerprint = (sa: AdmittedServiceAccount | undefined): string => sa === undefined ? EMPTY_FINGERPRINT
      : cellsFingerprint(sa.assignments, key, undeclared(sa));
    if (fingerprint(base) === fingerprint(head)) continue;
    const cellsOf = (sa: AdmittedServiceAccount | undefined): ScopeCells => sa === undefined ? { allow: [], deny: [], opaque: [] }
      : cellsIn(sa.assignments, key, undeclared(sa));
    const x = cellsOf(base);
    const y = cellsOf(head);
    out.push(...uncovered(y, x, key).map((c) => ({ ...id, change: 'gained', ...c })));
    out.push(...uncovered(x, y, key).map((c) => ({ ...id, change: 'lost', ...c })));
  }
  return out;
}

/** The fingerprint of no cells (a side without the ServiceAccount). */
const EMPTY_FINGERPRINT = cellsFingerprint([], '', undefined);

type Partial = Omit<AccessChange, 'serviceAccount' | 'provider' | 'cluster' | 'change'>;

/** What `x` allows in scope `key` that `y` does not (see the file comment). Pure. */
function uncovered(x: ScopeCells, y: ScopeCells, key: string): Partial[] {
  const out: Partial[] = [];
  const notes = (extra: string[]): string[] => [
    ...extra,
    ...(y.opaque.length > 0 ? [`the other side has ${y.opaque.map((o) => o.label).join(', ')} in this scope, not evaluated offline`] : []),
    ...(uncertainScope(key) ? ['this scope cannot be related to requests offline'] : []),
  ];
  const entry = (cell: Cell, extra: { except?: string[]; uncertain: string[]; policies: readonly string[] }): Partial => {
    const reasons = notes(extra.uncertain);
    if (cell.condition !== undefined) reasons.unshift(`its condition is not evaluated offline`);
    if (questionable(cell)) reasons.push('a pattern holds "?", which IAM may read as a wildcard or literally');
    return {
      action: cell.actionText,
      resource: cell.resourceText,
      scope: key,
      ...(extra.except !== undefined && extra.except.length > 0 ? { except: [...new Set(extra.except)].sort(compare) } : {}),
      ...(cell.condition !== undefined ? { condition: cell.condition } : {}),
      ...(reasons.length > 0 ? { uncertain: true, note: [...new Set(reasons)].join('; ') } : {}),
      policies: extra.policies,
    };
  };
  for (const h of x.allow) {
    if (x.deny.some((d) => d.condition === undefined && cellCovers(d, h))) continue;
    const sameOrNone = (c: Cell): boolean => c.condition === undefined || c.condition === h.condition;
    const conditionalDenies = x.deny.filter((d) => d.condition !== undefined && cellsIntersect(d, h));
    const uncertainBase = conditionalDenies.length > 0 ? ['a conditional Deny on this side may cut into it'] : [];
    const coverer = y.allow.find((c) => sameOrNone(c) && cellCovers(c, h));
    if (coverer === undefined) {
      const still = y.allow.filter((c) => sameOrNone(c) && cellsIntersect(c, h)
        && !y.deny.some((d) => d.condition === undefined && cellCovers(d, c)));
      const denied = x.deny.filter((d) => d.condition === undefined && cellsIntersect(d, h));
      // Parts the other side allows only under a condition: maybe still allowed.
      const conditional = y.allow.filter((c) => !sameOrNone(c) && cellsIntersect(c, h));
      const label = (c: Cell, suffix: string): string => `${c.actionText}${c.resource === h.resource ? '' : ` on ${c.resourceText}`}${suffix}`;
      out.push(entry(h, {
        except: [...still.map((c) => label(c, '')), ...denied.map((c) => label(c, ' (denied)')),
          ...conditional.map((c) => label(c, ' (under a condition)'))],
        uncertain: [...uncertainBase, ...(still.some((c) => c.condition !== undefined) ? ['a part still allowed is conditional'] : []),
          ...(conditional.length > 0 ? ['a part is allowed under a condition not evaluated offline'] : [])],
        policies: h.sources,
      }));
      continue;
    }
    for (const d of y.deny) {
      if (!cellsIntersect(d, h)) continue;
      const { cell, exact } = cellMeet(h, d);
      if (x.deny.some((xd) => (xd.condition === undefined || xd.condition === d.condition) && cellCovers(xd, cell))) continue;
      const reasons = [...uncertainBase];
      if (!exact) {
        reasons.push(`the part of ${h.actionText} on ${h.resourceText} that ${d.actionText} on ${d.resourceText} matches has no exact pattern`);
      }
      if (d.condition !== undefined) reasons.push(`the Deny's condition ${d.condition} is not evaluated offline`);
      const allowCell: Cell = { ...cell, condition: h.condition };
      out.push({ ...entry(allowCell, { uncertain: reasons, policies: [...h.sources, ...d.sources.map((s) => `Deny in ${s}`)] }) });
    }
  }
  const known = new Set(y.opaque.map((o) => o.label));
  for (const role of x.opaque) {
    if (known.has(role.label)) continue;
    out.push({
      action: role.label, resource: '*', scope: key, systemRole: true, uncertain: true,
      note: 'its content is not in the Terraform: what it allows is not evaluated offline', policies: role.sources,
    });
  }
  return out;
}

function admission(sa: AdmittedServiceAccount): string {
  return sa.mode === 'pod-identity' ? `pod identity: cluster ${sa.cluster ?? '?'}, agency "${sa.agency ?? '?'}"`
    : `OIDC federation: provider "${sa.provider ?? '?'}", user "${sa.user ?? '?'}"`;
}

type TrustPart = Pick<AccessChange, 'change' | 'action' | 'resource' | 'scope' | 'before' | 'after' | 'note'>;

function trustChanges(base: AdmittedServiceAccount, head: AdmittedServiceAccount): TrustPart[] {
  const out: TrustPart[] = [];
  const field = (aspect: string, before: string | undefined, after: string | undefined, note?: string): void => {
    if (before === after) return;
    out.push({
      change: 'trust', action: `trust:${aspect}`, resource: after ?? '(none)', scope: '*',
      before: before ?? '(none)', after: after ?? '(none)', ...(note !== undefined ? { note } : {}),
    });
  };
  if (base.mode !== head.mode) {
    // One entry for the move: the per-aspect differences (issuer, agency, …) all follow from it.
    field('mode', admission(base), admission(head), 'the credentials come another way; permissions are compared as usual');
    return out;
  }
  field('provider', base.provider, head.provider);
  field('cluster', base.cluster, head.cluster);
  field('issuer', base.issuer, head.issuer);
  field('client-id', base.clientId, head.clientId);
  field('user', base.user, head.user);
  field('agency', base.agency, head.agency);
  field('agency-trust', base.agencyTrust, head.agencyTrust);
  field('association', base.association, head.association);
  const label = (k: { kid: string; thumbprint: string }): string => `kid ${k.kid || '(none)'} (thumbprint ${k.thumbprint || '?'})`;
  const id = (k: { kid: string; thumbprint: string }): string => k.thumbprint || `kid:${k.kid}`;
  const before = new Map(base.keys.map((k) => [id(k), k]));
  const after = new Map(head.keys.map((k) => [id(k), k]));
  for (const [k, key] of after) {
    if (!before.has(k)) out.push({ change: 'trust', action: 'trust:signing-key-added', resource: label(key), scope: '*', after: label(key) });
  }
  for (const [k, key] of before) {
    if (!after.has(k)) out.push({ change: 'trust', action: 'trust:signing-key-removed', resource: label(key), scope: '*', before: label(key) });
  }
  return out;
}

function dedupe(changes: AccessChange[]): AccessChange[] {
  const seen = new Map<string, AccessChange>();
  for (const c of changes) {
    const k = [c.serviceAccount, c.provider ?? '', c.cluster ?? '', c.change, c.action, c.resource, c.scope, c.condition ?? ''].join('\u0000');
    const prior = seen.get(k);
    if (prior === undefined) {
      seen.set(k, c);
      continue;
    }
    const except = [...new Set([...(prior.except ?? []), ...(c.except ?? [])])].sort(compare);
    const policies = [...new Set([...(prior.policies ?? []), ...(c.policies ?? [])])].sort(compare);
    seen.set(k, { ...prior, ...(except.length > 0 ? { except } : {}), policies, ...(c.uncertain === true ? { uncertain: true } : {}) });
  }
  return [...seen.values()];
}

/** Sorts changes: ServiceAccount, provider, cluster, change (admitted, removed, trust, gained, lost), scope, action, resource, condition. */
export function sortChanges(changes: AccessChange[]): AccessChange[] {
  return changes.sort((a, b) => compare(a.serviceAccount, b.serviceAccount) || compare(a.provider ?? '', b.provider ?? '')
    || compare(a.cluster ?? '', b.cluster ?? '') || CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change)
    || compare(a.scope, b.scope) || compare(a.action, b.action) || compare(a.resource, b.resource) || compare(a.condition ?? '', b.condition ?? ''));
}
