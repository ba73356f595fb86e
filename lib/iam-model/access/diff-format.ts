/**
 * `access diff` output: text and Markdown (a pull-request comment: a summary line, then one table
 * per ServiceAccount). Pure. Every value passes through the Markdown escaping (`|`, backticks, line
 * breaks) and the whole text through the secret redaction.
 */
import { redactSecrets } from '../../contract/secrets';
import type { AccessChange } from './diff';
import { describeScopeKey } from './cells';
import { mdCell } from './matrix';

/** Counts per change kind, e.g. `2 gained, 1 lost`. */
export function summarizeChanges(changes: readonly AccessChange[]): string {
  if (changes.length === 0) return 'no access change';
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.change, (counts.get(c.change) ?? 0) + 1);
  const accounts = new Set(changes.map((c) => who(c))).size;
  const parts = ['admitted', 'removed', 'gained', 'lost', 'trust'].filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  const uncertain = changes.filter((c) => c.uncertain === true).length;
  return `${parts.join(', ')} for ${accounts} ServiceAccount${accounts === 1 ? '' : 's'}${uncertain > 0 ? ` (${uncertain} uncertain offline)` : ''}`;
}

function who(c: AccessChange): string {
  const via = c.provider !== undefined ? ` via provider "${c.provider}"` : c.cluster !== undefined ? ` in cluster ${c.cluster}` : '';
  return `${c.serviceAccount}${via}`;
}

function scopeText(scope: string): string {
  return scope === '*' ? '' : ` in ${describeScopeKey(scope)}`;
}

/** One change in words. Pure. */
export function describeChange(c: AccessChange): string {
  const tail = [
    c.except !== undefined && c.except.length > 0 ? `except ${c.except.join(', ')}` : '',
    c.condition !== undefined ? `if ${c.condition}` : '',
    c.uncertain === true ? `uncertain: ${c.note ?? 'not decidable offline'}` : '',
  ].filter((x) => x !== '').map((x) => ` (${x})`).join('');
  switch (c.change) {
    case 'admitted':
    case 'removed':
      return `${c.change}: ${c.note ?? ''}`;
    case 'trust':
      return `trust: ${c.action.slice('trust:'.length)} ${c.before !== undefined && c.after !== undefined ? `${c.before} → ${c.after}`
        : c.after !== undefined ? `added ${c.after}` : `removed ${c.before ?? c.resource}`}${c.note !== undefined ? ` (${c.note})` : ''}`;
    default: {
      if (c.systemRole === true) return `${c.change}: ${c.action}${scopeText(c.scope)} (not evaluated offline)`;
      const on = c.resource === '*' ? 'any resource' : c.resource;
      return `${c.change}: ${c.action} on ${on}${scopeText(c.scope)}${tail}`;
    }
  }
}

/** The changes as text: a summary line, then per ServiceAccount its changes. Pure. */
export function formatAccessDiff(changes: readonly AccessChange[]): string {
  const out = [`Access diff: ${summarizeChanges(changes)}`];
  let current = '';
  for (const c of changes) {
    if (who(c) !== current) {
      current = who(c);
      out.push(`ServiceAccount ${current}`);
    }
    out.push(`  ${describeChange(c)}`);
  }
  return redactSecrets(`${out.join('\n')}\n`);
}

/** The changes as Markdown for a pull-request comment. Pure. */
export function formatAccessDiffMarkdown(changes: readonly AccessChange[]): string {
  const out = [`**Access review:** ${mdCell(summarizeChanges(changes))}`, ''];
  const groups = new Map<string, AccessChange[]>();
  for (const c of changes) groups.set(who(c), [...(groups.get(who(c)) ?? []), c]);
  for (const [sa, list] of groups) {
    out.push(`#### ServiceAccount ${mdCell(sa)}`, '', '| change | action | resource | scope | details |', '|---|---|---|---|---|');
    for (const c of list) {
      const details = [
        c.except !== undefined && c.except.length > 0 ? `except ${c.except.join(', ')}` : '',
        c.condition !== undefined ? `if ${c.condition}` : '',
        c.systemRole === true ? 'system role, not evaluated offline' : '',
        c.before !== undefined || c.after !== undefined ? `${c.before ?? '(none)'} → ${c.after ?? '(none)'}` : '',
        c.uncertain === true ? `**uncertain**: ${c.note ?? ''}` : c.note !== undefined && c.change !== 'trust' ? c.note : '',
      ].filter((x) => x !== '').join('; ');
      const change = c.change === 'gained' || c.change === 'admitted' ? `**${c.change}**` : c.change;
      const cells = [c.action, c.resource, c.scope === '*' ? '' : describeScopeKey(c.scope), details].map(mdCell);
      out.push(`| ${[change, ...cells].join(' | ')} |`);
    }
    out.push('');
  }
  return redactSecrets(`${out.join('\n')}\n`);
}
