/**
 * The verification tools read ServiceAccount subjects one way: `explain`'s rule listing and its
 * effective permissions (and `explain --can`) name the same ServiceAccounts, and a `sub` value
 * Kubernetes could never issue is reported, not listed.
 */
import { explain } from '../../lib/iam-model/explain/explain';
import { parseServiceAccountShort, parseServiceAccountSubject, serviceAccountSubjectOf } from '../../lib/iam-model/service-account-subject';
import { makeKey, SUBJECT, terraformFixture } from './helpers';

test.each([
  ['system:serviceaccount:default:oidc-token', { namespace: 'default', name: 'oidc-token' }],
  ['system:serviceaccount:kube-system:a.b', { namespace: 'kube-system', name: 'a.b' }],
  ['system:serviceaccount:default', undefined],
  ['system:serviceaccount:default:a:b', undefined],
  ['system:serviceaccount:de fault:x', undefined],
  ['system:serviceaccount:a/b:x', undefined],
  ['system:serviceaccounts:default', undefined],
])('parseServiceAccountSubject(%p)', (subject, expected) => {
  expect(parseServiceAccountSubject(subject)).toEqual(expected);
  if (expected) expect(serviceAccountSubjectOf(expected.namespace, expected.name)).toBe(subject);
});

test('parseServiceAccountShort reads <namespace>/<name> only', () => {
  expect(parseServiceAccountShort('default/oidc-token')).toEqual({ namespace: 'default', name: 'oidc-token' });
  expect(parseServiceAccountShort('default/a/b')).toBeUndefined();
  expect(parseServiceAccountShort('system:serviceaccount:default:x')).toBeUndefined();
});

test('explain lists the same ServiceAccounts in the rules and in the permissions, and reports a sub no token can carry', async () => {
  const key = await makeKey('k1');
  const odd = 'system:serviceaccount:default:has space';
  const report = await explain(terraformFixture({
    keys: [key.publicJwk],
    rules: [{ local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT, odd] }] }],
  }));
  const [provider] = report.providers;
  expect(provider!.rules![0]!.serviceAccounts.map((sa) => sa.subject)).toEqual([SUBJECT]);
  expect(report.permissions.serviceAccounts.map((sa) => `system:serviceaccount:${sa.namespace}:${sa.name}`)).toEqual([SUBJECT]);
  expect(provider!.warnings.join('\n')).toContain(`sub value ${JSON.stringify(odd)} is not a ServiceAccount subject`);
});
