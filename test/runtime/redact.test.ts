import { REDACTED, redact, safeExcerpt, SecretRegistry } from '../../lib/runtime/redact';

const jwt =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDpvaWRjLXRva2VuIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';

describe('redact', () => {
  test('removes JWTs, long base64/hex runs and live secrets', () => {
    expect(redact(`token ${jwt} here`)).toBe(`token ${REDACTED} here`);
    const iamToken = `MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38CAQExDTALBglghkgBZQMEAgEwgXoGCSqGSIb3DQEHAaBt+/=`;
    expect(redact(`x ${iamToken} y`)).toBe(`x ${REDACTED} y`);
    expect(redact(`hex ${'ab'.repeat(20)}`)).toBe(`hex ${REDACTED}`);
    expect(redact('secret is Sk9w-short1 ok', ['Sk9w-short1'])).toBe(`secret is ${REDACTED} ok`);
  });

  test('keeps ordinary diagnostic text', () => {
    const text = 'IAM at iam.cn-north-4.myhuaweicloud.com is unreachable (ECONNREFUSED; POST /v3.0/OS-AUTH/id-token/tokens)';
    expect(redact(text)).toBe(text);
    expect(redact('system:serviceaccount:default:oidc-token')).toBe('system:serviceaccount:default:oidc-token');
  });

  test('ignores secrets too short to redact safely', () => {
    expect(redact('a b c', ['b'])).toBe('a b c');
  });

  test('SecretRegistry is bounded and redacts what it holds', () => {
    const registry = new SecretRegistry(2);
    registry.add('first-secret-value');
    registry.add('second-secret-value');
    registry.add('third-secret-value');
    registry.add(undefined);
    expect([...registry]).toEqual(['second-secret-value', 'third-secret-value']);
    expect(registry.redact('third-secret-value!')).toBe(`${REDACTED}!`);
  });

  test('safeExcerpt is single-line, redacted and truncated', () => {
    expect(safeExcerpt(`a\n  b ${jwt}`, [], 200)).toBe(`a b ${REDACTED}`);
    expect(safeExcerpt('x'.repeat(10) + ' ' + 'y'.repeat(300), [], 20)).toHaveLength(21);
  });
});
