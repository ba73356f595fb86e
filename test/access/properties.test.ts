/**
 * Properties of the access diff over random declarations: diff(a, a) is empty; what diff(a, b)
 * calls gained, diff(b, a) calls lost (and the reverse); admitted ↔ removed.
 */
import fc from 'fast-check';
import { diffAccess, type AccessChange } from '../../lib/iam-model/access';
import { allow, deny, tf, type Scope, type Spec } from './fixture';

const actions = fc.constantFrom<string>('obs:object:GetObject', 'obs:object:*', 'obs:*:*', 'obs:object:Delete*', 'ecs:cloudServers:list', '*');
const resources = fc.constantFrom<string>('obs:*:*:object:a/*', 'obs:*:*:object:a/x', 'obs:*:*:object:*', 'obs:*:*:bucket:a', '*');
const statement = fc.record({
  effect: fc.constantFrom('Allow', 'Deny'),
  actions: fc.uniqueArray(actions, { minLength: 1, maxLength: 3 }),
  resources: fc.option(fc.uniqueArray(resources, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  conditional: fc.boolean(),
}).map((s) => (s.effect === 'Allow' ? allow : deny)(s.actions, s.resources,
  s.conditional ? { Condition: { StringEquals: { 'g:UserName': ['x'] } } } : {}));
const scope = fc.constantFrom<Scope>('all', 'global', 'project:0123456789abcdef0123456789abcdef', 'name:cn-north-4');
const sas = ['shop/orders', 'shop/cart', 'default/app'];

const spec: fc.Arbitrary<Spec> = fc.record({
  admitted: fc.subarray(sas),
  pods: fc.subarray(sas),
  p1: fc.array(statement, { minLength: 1, maxLength: 3 }),
  p2: fc.array(statement, { minLength: 1, maxLength: 3 }),
  assign: fc.array(fc.record({ group: fc.constantFrom('g1', 'g2'), policy: fc.constantFrom('p1', 'p2', 'OBS ReadOnlyAccess'), scope }),
    { maxLength: 4 }),
  agencyAssign: fc.array(fc.record({ policy: fc.constantFrom('p1', 'p2'), scope }), { maxLength: 2 }),
}).map((r) => ({
  providers: [{ name: 'wi', bindings: r.admitted.map((sa, i) => ({ sa, groups: i % 2 === 0 ? ['g1'] : ['g1', 'g2'] })) }],
  policies: { p1: r.p1, p2: r.p2 },
  systemRoles: ['OBS ReadOnlyAccess'],
  agencies: ['ag'],
  assign: [...r.assign, ...r.agencyAssign.map((a) => ({ agency: 'ag', ...a }))],
  associations: r.pods.map((sa) => ({ cluster: 'c1', sa, agency: 'ag' })),
}));

const key = (c: AccessChange): string => [c.serviceAccount, c.action, c.resource, c.scope, c.condition ?? ''].join(' ');
const of = (changes: readonly AccessChange[], kind: string): string[] => changes.filter((c) => c.change === kind).map(key).sort();

describe('access diff properties', () => {
  test('diff(a, a) is empty', () => {
    fc.assert(fc.property(spec, (a) => {
      expect(diffAccess(tf(a), tf(a)).changes).toEqual([]);
    }), { numRuns: 150 });
  });

  test('gained one way is lost the other way; admitted is removed the other way', () => {
    fc.assert(fc.property(spec, spec, (a, b) => {
      const forward = diffAccess(tf(a), tf(b)).changes;
      const backward = diffAccess(tf(b), tf(a)).changes;
      expect(of(forward, 'gained')).toEqual(of(backward, 'lost'));
      expect(of(forward, 'lost')).toEqual(of(backward, 'gained'));
      expect(of(forward, 'admitted')).toEqual(of(backward, 'removed'));
      expect(of(forward, 'removed')).toEqual(of(backward, 'admitted'));
    }), { numRuns: 150 });
  });
});
