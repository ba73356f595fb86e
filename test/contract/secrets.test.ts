/**
 * One set of secret patterns (lib/contract/secrets.ts) behind both redaction policies: the
 * declaration's messages (`redactSecrets`, re-exported by lib/core/validation/rules) and the runtime's errors
 * and logs (`redact`, lib/runtime/redact). Whatever `secretKind` calls a JWT, both remove.
 */
import { redactSecrets as coreRedactSecrets, secretKind as coreSecretKind } from '../../lib/core/validation/rules';
import { REDACTED, redactSecrets, redactTokens, secretKind } from '../../lib/contract/secrets';
import { REDACTED as RUNTIME_REDACTED, redact } from '../../lib/runtime/redact';

const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YTpiIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0';

test('the declaration and the runtime use the contract module', () => {
  expect(coreRedactSecrets).toBe(redactSecrets);
  expect(coreSecretKind).toBe(secretKind);
  expect(redact).toBe(redactTokens);
  expect(RUNTIME_REDACTED).toBe(REDACTED);
});

test.each([jwt, unsigned])('a JWT (%s) is a secret to both policies, signature included', (token) => {
  expect(secretKind(`x ${token} y`)).toBe('JWT');
  expect(redactSecrets(`x ${token} y`)).toBe('x [redacted JWT] y');
  expect(redactTokens(`x ${token} y`)).toBe(`x ${REDACTED} y`);
});

test('the runtime also removes long lower-case hex runs and live secrets; the declaration keeps names', () => {
  const hex = 'ab'.repeat(20);
  expect(redactTokens(`token ${hex}`)).toBe(`token ${REDACTED}`);
  expect(redactSecrets(`token ${hex}`)).toBe(`token ${hex}`);
  expect(redactTokens('key Sk9w-live-secret!', ['Sk9w-live-secret'])).toBe(`key ${REDACTED}!`);
});

test('paths of ordinary words survive both', () => {
  const path = '/var/run/secrets/workload-identity/oidc-token-with-a-long-file-name';
  expect(redactTokens(path)).toBe(path);
  expect(redactSecrets(path)).toBe(path);
});

test.each([
  ['percent-encoded into a query parameter', 'next=https%3A%2F%2Fadmin%3Ahunter2%40host%2Fp', 'next=https%3A%2F%2F[redacted]@host%2Fp'],
  ['JSON-escaped', '{"url":"https:\\/\\/admin:hunter2@host\\/p"}', '{"url":"https:\\/\\/[redacted]@host\\/p"}'],
  ['with "@" percent-encoded inside the password', 'https://admin:hun%40ter2@host/p', 'https://[redacted]@host/p'],
])('URL credentials %s are redacted whole', (_how, text, expected) => {
  expect(secretKind(text)).toBe('URL credentials');
  expect(redactSecrets(text)).toBe(expected);
});

test.each([
  ['percent-encoded', jwt.replace(/\./g, '%2E')],
  ['JSON-escaped', jwt.replace(/\./g, '\\u002e')],
  ['HTML references', jwt.replace(/\./g, '&#46;')],
])('a JWT %s is a secret to both policies', (_how, token) => {
  expect(secretKind(`x ${token} y`)).toBe('JWT');
  expect(redactSecrets(`x ${token} y`)).toBe('x [redacted JWT] y');
  expect(redactTokens(`x ${token} y`)).toBe(`x ${REDACTED} y`);
});
