/**
 * A binding's dedicated group name (`IamGroup.dedicatedGroupName`): made only of the characters
 * IAM allows in group names, at most 128 characters, and never the same for two different
 * (provider, namespace, ServiceAccount) — checked by reading names back (a decoder written here,
 * independent of the library) and by comparing the names of many inputs, including inputs drawn
 * from tiny alphabets where "_", "-" and "." collide most easily.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { IamGroup } from '../../lib';
import { iamGroupNameRule, namespaceRule, providerNameRule, serviceAccountNameRule } from '../../lib/core/validation/rules';

type Triple = readonly [provider: string, namespace: string, serviceAccount: string];

const provider = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).filter((v) => providerNameRule(v) === undefined);
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const subdomain = fc.array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/), { minLength: 1, maxLength: 9 })
  .map((parts) => parts.join('.')).filter((v) => v.length <= 253);
const triple: fc.Arbitrary<Triple> = fc.tuple(provider, label, subdomain);

/** Inputs over tiny alphabets: "_" in provider names, "-" everywhere, "." in ServiceAccount names. */
const tinyTriple: fc.Arbitrary<Triple> = fc.tuple(
  fc.stringMatching(/^[a_-]{1,4}$/),
  fc.stringMatching(/^a([a-]{0,2}a)?$/),
  fc.array(fc.stringMatching(/^a([a-]{0,1}a)?$/), { minLength: 1, maxLength: 3 }).map((p) => p.join('.')),
).filter(([p, n, s]) => providerNameRule(p) === undefined && namespaceRule(n) === undefined && serviceAccountNameRule(s) === undefined);

const nameOf = ([p, n, s]: Triple): string => IamGroup.dedicatedGroupName(p, n, s);
const same = (a: Triple, b: Triple): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** Reads a name written whole back into its parts, from the right (see the proof in iam-group.ts). */
function decode(name: string): Triple {
  let i = name.length - 1;
  // the ServiceAccount part: everything after the last "_" that is not half of a "__"
  while (i >= 0 && !(name[i] === '_' && name[i - 1] !== '_' && name[i + 1] !== '_')) i--;
  const serviceAccount = name.slice(i + 1).split('__').join('.');
  const nsEnd = i;
  let j = nsEnd - 1;
  while (j >= 0 && name[j] !== '_') j--;
  return [name.slice(0, j), name.slice(j + 1, nsEnd), serviceAccount];
}

test('the example from the CCE guide', () => {
  expect(IamGroup.dedicatedGroupName('workload_identity', 'default', 'oidc-token')).toBe('workload_identity_default_oidc-token');
  expect(IamGroup.dedicatedGroupName('workload_identity', 'shop', 'orders.v2')).toBe('workload_identity_shop_orders__v2');
});

test('every name passes the rule user-named groups must pass (letters, digits, "_", "-"; at most 128)', () => {
  fc.assert(fc.property(triple, (t) => iamGroupNameRule(nameOf(t)) === undefined && nameOf(t).length <= 128), { numRuns: 500 });
  // the longest inputs
  const longest = nameOf(['p'.repeat(64), 'n'.repeat(63), Array.from({ length: 127 }, () => 's').join('.')]);
  expect(longest).toHaveLength(128);
  expect(iamGroupNameRule(longest)).toBeUndefined();
});

test('a name written whole reads back to its inputs (so two different inputs never share it)', () => {
  const check = (t: Triple): boolean => {
    const name = nameOf(t);
    return name.length >= 128 || same(decode(name), t);
  };
  fc.assert(fc.property(triple, check), { numRuns: 1000 });
  fc.assert(fc.property(tinyTriple, check), { numRuns: 1000 });
});

test('distinct inputs give distinct names, whole or hashed', () => {
  fc.assert(fc.property(fc.uniqueArray(tinyTriple, { minLength: 2, maxLength: 40, selector: (t) => t.join('\n') }), (ts) =>
    new Set(ts.map(nameOf)).size === ts.length), { numRuns: 300 });
  fc.assert(fc.property(triple, triple, (a, b) => same(a, b) || nameOf(a) !== nameOf(b)), { numRuns: 1000 });
  // the cases the old "." separator and a "-" separator would confuse
  const pairs: Array<[Triple, Triple]> = [
    [['p', 'a-b', 'c'], ['p', 'a', 'b-c']],
    [['p_a', 'b', 'c'], ['p', 'a', 'b.c']],
    [['p', 'a', 'b.c'], ['p', 'a', 'b-c']],
    [['p_', 'a', 'b'], ['p', 'a', 'b']],
    [['a_b', 'c', 'd'], ['a', 'b', 'c.d']],
  ];
  for (const [a, b] of pairs) expect(nameOf(a)).not.toBe(nameOf(b));
});

test('over 127 characters: the first 95, "-" and 32 hex digits of the SHA-256 of the whole name; exactly 128', () => {
  const t: Triple = ['workload_identity', 'n'.repeat(63), 's'.repeat(253)];
  const whole = `workload_identity_${'n'.repeat(63)}_${'s'.repeat(253)}`;
  const name = nameOf(t);
  expect(name).toBe(`${whole.slice(0, 95)}-${createHash('sha256').update(whole).digest('hex').slice(0, 32)}`);
  expect(nameOf(['workload_identity', 'n'.repeat(63), `${'s'.repeat(252)}t`])).not.toBe(name);
  // a name written whole is at most 127 characters, so it never equals a cut one
  fc.assert(fc.property(triple, (x) => {
    const n = nameOf(x);
    const whole = `${x[0]}_${x[1]}_${x[2].split('.').join('__')}`;
    return whole.length < 128 ? n === whole : n.length === 128 && /-[0-9a-f]{32}$/.test(n);
  }), { numRuns: 500 });
});
