/**
 * The access diff's semantics, case by case: refactors show nothing; Deny wins; wildcards narrow to
 * "lost … except"; scope widening is gained; conditions and system roles are uncertain; pod identity
 * and fleets are told apart. Each expected line is `<change> <action> <resource> <scope>` plus
 * `except …`, `?` (uncertain) and `system` flags.
 */
import { diffAccess, type AccessChange } from '../../lib/iam-model/access';
import { allow, deny, tf, type Spec } from './fixture';

const SA = 'shop/orders';
const OBJ = 'obs:*:*:object:orders-data/*';
const P1 = '0123456789abcdef0123456789abcdef';
const P2 = 'fedcba9876543210fedcba9876543210';

/** shop/orders via provider "wi", groups readers + writers; `assign` defaults to `pol` on readers, global. */
function oidc(policies: Spec['policies'], assign?: Spec['assign'], extra: Partial<Spec> = {}): Record<string, unknown> {
  return tf({
    providers: [{ name: 'wi', bindings: [{ sa: SA, groups: ['readers', 'writers'] }] }],
    policies,
    assign: assign ?? [{ group: 'readers', policy: 'pol', scope: 'global' }],
    ...extra,
  });
}

/** shop/orders via pod identity in cluster c1, agency "orders-agency" holding `pol` (global by default). */
function pod(policies: Spec['policies'], assign?: Spec['assign'], agency = 'orders-agency'): Record<string, unknown> {
  return tf({
    policies,
    agencies: [agency],
    assign: assign ?? [{ agency, policy: 'pol', scope: 'global' }],
    associations: [{ cluster: 'c1', sa: SA, agency }],
  });
}

function line(c: AccessChange): string {
  const parts = [c.change, c.action, c.resource, c.scope];
  if (c.except !== undefined) parts.push(`except ${c.except.join(', ')}`);
  if (c.condition !== undefined) parts.push('if');
  if (c.systemRole === true) parts.push('system');
  if (c.uncertain === true) parts.push('?');
  return parts.join(' ');
}

const get = allow(['obs:object:GetObject'], [OBJ]);
const all = allow(['obs:object:*'], [OBJ]);
const cond = { Condition: { StringEquals: { 'g:UserName': ['a'] } } };

type Case = [name: string, base: object, head: object, expected: string[]];

const cases: Case[] = [
  // ---- refactors: nothing changes ----
  ['identical declarations', oidc({ pol: [all] }), oidc({ pol: [all] }), []],
  ['policy moved to another group of the same ServiceAccount', oidc({ pol: [all] }),
    oidc({ pol: [all] }, [{ group: 'writers', policy: 'pol', scope: 'global' }]), []],
  ['custom policy renamed, same document', oidc({ pol: [all] }),
    oidc({ renamed: [all] }, [{ group: 'readers', policy: 'renamed', scope: 'global' }]), []],
  ['statements and actions reordered',
    oidc({ pol: [allow(['obs:object:GetObject', 'obs:object:PutObject'], [OBJ]), allow(['obs:bucket:ListBucket'], ['obs:*:*:bucket:orders-data'])] }),
    oidc({ pol: [allow(['obs:bucket:ListBucket'], ['obs:*:*:bucket:orders-data']), allow(['obs:object:PutObject', 'obs:object:GetObject'], [OBJ])] }),
    []],
  ['one statement split into two equivalent ones',
    oidc({ pol: [allow(['obs:object:GetObject', 'obs:object:PutObject'], [OBJ])] }),
    oidc({ pol: [allow(['obs:object:GetObject'], [OBJ]), allow(['obs:object:PutObject'], [OBJ])] }), []],
  ['the same policy through two groups, then one', oidc({ pol: [all] },
    [{ group: 'readers', policy: 'pol', scope: 'global' }, { group: 'writers', policy: 'pol', scope: 'global' }]), oidc({ pol: [all] }), []],
  ['action case differs only', oidc({ pol: [allow(['obs:object:getobject'], [OBJ])] }), oidc({ pol: [get] }), []],
  ['Resource "*" and no Resource are the same', oidc({ pol: [allow(['obs:bucket:ListAllMyBuckets'], ['*'])] }),
    oidc({ pol: [allow(['obs:bucket:ListAllMyBuckets'])] }), []],
  ['condition keys reordered', oidc({ pol: [allow(['obs:object:GetObject'], [OBJ], { Condition: { StringEquals: { a: ['1'], b: ['2'] } } })] }),
    oidc({ pol: [allow(['obs:object:GetObject'], [OBJ], { Condition: { StringEquals: { b: ['2'], a: ['1'] } } })] }), []],
  ['system role moved between groups of the ServiceAccount', oidc({}, [{ group: 'readers', policy: 'OBS ReadOnlyAccess', scope: 'all' }],
    { systemRoles: ['OBS ReadOnlyAccess'] }),
  oidc({}, [{ group: 'writers', policy: 'OBS ReadOnlyAccess', scope: 'all' }], { systemRoles: ['OBS ReadOnlyAccess'] }), []],
  ['an Allow added that an existing Deny covers entirely', oidc({ pol: [get, deny(['obs:object:Delete*'], [OBJ])] }),
    oidc({ pol: [get, allow(['obs:object:DeleteObject'], [OBJ]), deny(['obs:object:Delete*'], [OBJ])] }), []],
  ['OIDC federation to pod identity with the same grants: only trust', oidc({ pol: [all] }), pod({ pol: [all] }),
    ['trust trust:mode pod identity: cluster c1, agency "orders-agency" *']],
  ['pod identity to OIDC federation, project scope by id both ways',
    pod({ pol: [all] }, [{ agency: 'orders-agency', policy: 'pol', scope: `project:${P1}` }]),
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: `project:${P1}` }]),
    ['trust trust:mode OIDC federation: provider "wi", user "shop-orders" *']],
  // ---- wildcards ----
  ['narrowing obs:object:* to GetObject is lost except GetObject', oidc({ pol: [all] }), oidc({ pol: [get] }),
    [`lost obs:object:* ${OBJ} global except obs:object:GetObject`]],
  ['widening GetObject to obs:object:* is gained except GetObject', oidc({ pol: [get] }), oidc({ pol: [all] }),
    [`gained obs:object:* ${OBJ} global except obs:object:GetObject`]],
  ['narrowing the resource path', oidc({ pol: [all] }), oidc({ pol: [allow(['obs:object:*'], ['obs:*:*:object:orders-data/public/*'])] }),
    [`lost obs:object:* ${OBJ} global except obs:object:* on obs:*:*:object:orders-data/public/*`]],
  ['obs:*:* split into two resource types: lost the other types', oidc({ pol: [allow(['obs:*:*'])] }),
    oidc({ pol: [allow(['obs:object:*']), allow(['obs:bucket:*'])] }), ['lost obs:*:* * global except obs:bucket:*, obs:object:*']],
  ['a new action on a new bucket', oidc({ pol: [get] }), oidc({ pol: [get, allow(['obs:object:DeleteObject'], ['obs:*:*:object:other/*'])] }),
    ['gained obs:object:DeleteObject obs:*:*:object:other/* global']],
  // ---- Deny ----
  ['a new Deny removes access: lost', oidc({ pol: [all] }), oidc({ pol: [all, deny(['obs:object:DeleteObject'], [OBJ])] }),
    [`lost obs:object:DeleteObject ${OBJ} global`]],
  ['removing a Deny: gained', oidc({ pol: [all, deny(['obs:object:DeleteObject'], [OBJ])] }), oidc({ pol: [all] }),
    [`gained obs:object:DeleteObject ${OBJ} global`]],
  ['a Deny in another policy of another group still wins', oidc({ pol: [all] }),
    oidc({ pol: [all], guard: [deny(['obs:object:Delete*'])] }, [{ group: 'readers', policy: 'pol', scope: 'global' },
      { group: 'writers', policy: 'guard', scope: 'global' }]),
    [`lost obs:object:Delete* ${OBJ} global`]],
  ['widened Allow under an existing Deny: gained except the denied part', oidc({ pol: [get, deny(['obs:object:DeleteObject'], [OBJ])] }),
    oidc({ pol: [all, deny(['obs:object:DeleteObject'], [OBJ])] }),
    [`gained obs:object:* ${OBJ} global except obs:object:DeleteObject (denied), obs:object:GetObject`]],
  // ---- scope ----
  ['one project to all projects: gained in global and every other project',
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: `project:${P1}` }]),
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: 'all' }]),
    [`gained obs:object:* ${OBJ} global`, `gained obs:object:* ${OBJ} other-projects`]],
  ['all projects to one project: lost elsewhere', oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: 'all' }]),
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: `project:${P1}` }]),
    [`lost obs:object:* ${OBJ} global`, `lost obs:object:* ${OBJ} other-projects`]],
  ['moved from one project to another', oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: `project:${P1}` }]),
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: `project:${P2}` }]),
    [`gained obs:object:* ${OBJ} project:${P2}`, `lost obs:object:* ${OBJ} project:${P1}`]],
  ['a grant in an enterprise project is uncertain', oidc({ pol: [get] }),
    oidc({ pol: [get], more: [all] }, [{ group: 'readers', policy: 'pol', scope: 'global' }, { group: 'readers', policy: 'more', scope: 'ep:ep-1' }]),
    [`gained obs:object:* ${OBJ} enterprise-project:ep-1 ?`]],
  // ---- conditions ----
  ['a condition added to a grant: lost, except (maybe) under the condition', oidc({ pol: [get] }),
    oidc({ pol: [allow(['obs:object:GetObject'], [OBJ], cond)] }),
    [`lost obs:object:GetObject ${OBJ} global except obs:object:GetObject (under a condition) ?`]],
  ['a condition changed', oidc({ pol: [allow(['obs:object:GetObject'], [OBJ], cond)] }),
    oidc({ pol: [allow(['obs:object:GetObject'], [OBJ], { Condition: { StringEquals: { 'g:UserName': ['b'] } } })] }),
    [`gained obs:object:GetObject ${OBJ} global except obs:object:GetObject (under a condition) if ?`,
      `lost obs:object:GetObject ${OBJ} global except obs:object:GetObject (under a condition) if ?`]],
  ['a conditional Deny added: lost, uncertain', oidc({ pol: [all] }), oidc({ pol: [all, deny(['obs:object:DeleteObject'], [OBJ], cond)] }),
    [`lost obs:object:DeleteObject ${OBJ} global ?`]],
  // ---- system roles ----
  ['system role added: gained, system, uncertain', oidc({ pol: [get] }),
    oidc({ pol: [get] }, [{ group: 'readers', policy: 'pol', scope: 'global' }, { group: 'readers', policy: 'OBS Administrator', scope: 'global' }],
      { systemRoles: ['OBS Administrator'] }),
    ['gained system role "OBS Administrator" * global system ?']],
  ['system role removed: lost', oidc({}, [{ group: 'readers', policy: 'OBS Administrator', scope: 'all' }], { systemRoles: ['OBS Administrator'] }),
    oidc({}, []), ['lost system role "OBS Administrator" * global system ?', 'lost system role "OBS Administrator" * other-projects system ?']],
  ['a custom gain beside a system role of the base is uncertain',
    oidc({ pol: [get] }, [{ group: 'readers', policy: 'pol', scope: 'global' }, { group: 'writers', policy: 'OBS Administrator', scope: 'global' }],
      { systemRoles: ['OBS Administrator'] }),
    oidc({ pol: [all] }, [{ group: 'readers', policy: 'pol', scope: 'global' }, { group: 'writers', policy: 'OBS Administrator', scope: 'global' }],
      { systemRoles: ['OBS Administrator'] }),
    [`gained obs:object:* ${OBJ} global except obs:object:GetObject ?`]],
  // ---- admission and trust ----
  ['a ServiceAccount newly admitted: admitted and its grants gained', tf({ providers: [{ name: 'wi', bindings: [] }] }), oidc({ pol: [get] }),
    ['admitted * * *', `gained obs:object:GetObject ${OBJ} global`]],
  ['a ServiceAccount no longer admitted: removed and its grants lost', oidc({ pol: [get] }),
    tf({ providers: [{ name: 'wi', bindings: [] }], policies: { pol: [get] }, assign: [{ group: 'readers', policy: 'pol', scope: 'global' }] }),
    ['removed * * *', `lost obs:object:GetObject ${OBJ} global`]],
  ['the provider disabled: removed', oidc({ pol: [get] }),
    tf({ providers: [{ name: 'wi', status: false, bindings: [{ sa: SA, groups: ['readers'] }] }], policies: { pol: [get] },
      assign: [{ group: 'readers', policy: 'pol', scope: 'global' }] }),
    ['removed * * *', `lost obs:object:GetObject ${OBJ} global`]],
  ['a signing key added and one removed, the issuer changed',
    tf({ providers: [{ name: 'wi', kids: ['k1', 'k2'], bindings: [{ sa: SA, groups: [] }] }] }),
    tf({ providers: [{ name: 'wi', kids: ['k2', 'k3'], issuer: 'https://oidc.example.com', bindings: [{ sa: SA, groups: [] }] }] }),
    ['trust trust:issuer https://oidc.example.com *', expect.stringMatching(/^trust trust:signing-key-added kid k3 \(thumbprint .+\) \*$/),
      expect.stringMatching(/^trust trust:signing-key-removed kid k1 \(thumbprint .+\) \*$/)] as unknown as string[]],
  ['the mapped user changed', tf({ providers: [{ name: 'wi', bindings: [{ sa: SA, user: 'u1', groups: [] }] }] }),
    tf({ providers: [{ name: 'wi', bindings: [{ sa: SA, user: 'u2', groups: [] }] }] }), ['trust trust:user u2 *']],
  // ---- pod identity ----
  ['pod identity: the agency gains a policy', pod({ pol: [get] }), pod({ pol: [get], more: [allow(['obs:object:PutObject'], [OBJ])] },
    [{ agency: 'orders-agency', policy: 'pol', scope: 'global' }, { agency: 'orders-agency', policy: 'more', scope: 'global' }]),
    [`gained obs:object:PutObject ${OBJ} global`]],
  ['pod identity: another agency with the same roles: trust only', pod({ pol: [get] }), pod({ pol: [get] }, undefined, 'orders-agency-2'),
    ['trust trust:agency orders-agency-2 *']],
  ['pod identity: an agency not declared here is uncertain', pod({ pol: [get] }),
    tf({ associations: [{ cluster: 'c1', sa: SA, agency: 'elsewhere' }] }),
    ['trust trust:agency elsewhere *', 'trust trust:agency-trust (none) *',
      'gained roles of agency "elsewhere" (not declared) * unresolved:agency system ?',
      `lost obs:object:GetObject ${OBJ} global`]],
  // ---- fleets ----
  ['fleet: two clusters\' default/app are different rows; only one changes',
    tf({ providers: [{ name: 'wi-a', bindings: [{ sa: 'default/app', groups: ['ga'] }] },
      { name: 'wi-b', clientId: 'b', bindings: [{ sa: 'default/app', groups: ['gb'] }] }],
      policies: { pa: [get], pb: [get] }, assign: [{ group: 'ga', policy: 'pa', scope: 'global' }, { group: 'gb', policy: 'pb', scope: 'global' }] }),
    tf({ providers: [{ name: 'wi-a', bindings: [{ sa: 'default/app', groups: ['ga'] }] },
      { name: 'wi-b', clientId: 'b', bindings: [{ sa: 'default/app', groups: ['gb'] }] }],
      policies: { pa: [get], pb: [all] }, assign: [{ group: 'ga', policy: 'pa', scope: 'global' }, { group: 'gb', policy: 'pb', scope: 'global' }] }),
    [`gained obs:object:* ${OBJ} global except obs:object:GetObject`]],
  ['fleet: a second cluster admits the same ServiceAccount',
    tf({ providers: [{ name: 'wi-a', bindings: [{ sa: 'default/app', groups: ['ga'] }] }], policies: { pa: [get] },
      assign: [{ group: 'ga', policy: 'pa', scope: 'global' }] }),
    tf({ providers: [{ name: 'wi-a', bindings: [{ sa: 'default/app', groups: ['ga'] }] },
      { name: 'wi-b', clientId: 'b', bindings: [{ sa: 'default/app', groups: ['ga'] }] }],
      policies: { pa: [get] }, assign: [{ group: 'ga', policy: 'pa', scope: 'global' }] }),
    ['admitted * * *', `gained obs:object:GetObject ${OBJ} global`]],
];

describe('access diff semantics', () => {
  test.each(cases)('%s', (_name, base, head, expected) => {
    expect(diffAccess(base, head).changes.map(line)).toEqual(expected);
  });

  test('the fleet entries name the provider that changed', () => {
    const [, base, head] = cases.find(([n]) => n.startsWith('fleet: two clusters'))!;
    expect(diffAccess(base, head).changes.map((c) => c.provider)).toEqual(['wi-b']);
  });

  test('lost and gained name the policies they come from', () => {
    const [change] = diffAccess(oidc({ pol: [all] }), oidc({ pol: [get] })).changes;
    expect(change.policies).toEqual(['custom policy "pol" via group "readers"']);
  });
});
