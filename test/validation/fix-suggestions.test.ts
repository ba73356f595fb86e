/**
 * A fix names a valid value derived from the bad one (not a fixed example), and falls back to a
 * fixed example when nothing valid can be derived or the value looks like a secret.
 */
import { suggestDnsName } from '../../lib/core/validation/rules';
import { A_JWT, declaration } from './fixtures';

const PROJECT = { projectId: '0123456789abcdef0123456789abcdef' };

function fixOf(code: string, binding: Parameters<typeof declaration>[1]): string | undefined {
  return declaration(PROJECT, binding).validate().find((i) => i.code === code)?.fix;
}

test.each([
  ['Order-Service', 'order-service'],
  ['Order_Service', 'order-service'],
  ['oidc-', 'oidc'],
  ['Team.A', 'team.a'],
])('ServiceAccount name %j: the fix suggests %j', (serviceAccountName, suggested) => {
  expect(fixOf('INVALID_SERVICE_ACCOUNT_NAME', { serviceAccountName })).toBe(`use a lowercase name such as "${suggested}"`);
});

test.each([
  ['Shop', 'shop'],
  ['team.a', 'team-a'],
  ['-billing-', 'billing'],
])('namespace %j: the fix suggests %j', (namespace, suggested) => {
  expect(fixOf('INVALID_NAMESPACE', { namespace })).toBe(`use the namespace exactly as Kubernetes shows it, e.g. "${suggested}"`);
});

test('nothing valid left, or a value that looks like a secret: the fixed example', () => {
  expect(fixOf('INVALID_SERVICE_ACCOUNT_NAME', { serviceAccountName: '___' })).toBe('use a lowercase name such as "oidc-token"');
  const fix = fixOf('INVALID_SERVICE_ACCOUNT_NAME', { serviceAccountName: A_JWT });
  expect(fix).toBe('use a lowercase name such as "oidc-token"');
  expect(fixOf('INVALID_NAMESPACE', { namespace: '...' })).toBe('use the namespace exactly as Kubernetes shows it, e.g. "default"');
});

test('a name that is too long is cut to the limit, ending with a letter or digit', () => {
  expect(suggestDnsName(`${'a'.repeat(62)}-b`, 'label')).toBe('a'.repeat(62));
  expect(suggestDnsName('x'.repeat(300), 'subdomain')).toBe('x'.repeat(253));
  expect(suggestDnsName(`${'a'.repeat(252)}.b`, 'subdomain')).toBe('a'.repeat(252));
});
