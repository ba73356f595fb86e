import { randomBytes } from 'node:crypto';
import { REDACTED, redact, SecretRegistry } from '../../lib/runtime/redact';
import { excerpt as safeExcerpt } from '../../lib/contract/excerpt';

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

  test('keeps filesystem and URL paths made of ordinary words, however long', () => {
    const missing = 'ServiceAccount token file /var/run/secrets/workload-identity/oidc-token does not exist (is the projected token volume mounted?)';
    expect(redact(missing)).toBe(missing);
    for (const path of [
      '/var/run/secrets/workload-identity/projected-service-account-token/oidc-token',
      'var/run/secrets/workload-identity/oidc-token/token-file-name',
      '/v3/OS-FEDERATION/identity_providers/workload_identity/protocols/oidc/auth',
      '/home/Users/app/secrets/workload-identity/OIDC-TOKEN',
      '/proc/12345/root/var/run/secrets/tokens/oidc-token',
    ]) {
      expect(path.length).toBeGreaterThanOrEqual(40);
      expect(redact(`at ${path}: ENOENT`)).toBe(`at ${path}: ENOENT`);
    }
  });

  test('still redacts long base64 with "/" (standard alphabet), wherever the slashes fall', () => {
    const secrets = [
      'aB3/xY9+Qk7Lm2Np/Rs5Tu8Vw1Xz4Ab6Cd0Ef/Gh3Ij5Kl7Mn==',
      // Starts with "/" (e.g. base64 of a JPEG): must not pass for an absolute path.
      '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/',
      // A path whose last segment is a secret: the whole run goes.
      `/v3/tokens/${'ab12'.repeat(16)}`,
      `/var/run/secrets/${'Zm9vYmFyYmF6cXV4'.repeat(3)}`,
    ];
    for (const secret of secrets) {
      const out = redact(`bad token ${secret} here`);
      expect(out).toBe(`bad token ${REDACTED} here`);
    }
    for (let i = 0; i < 2000; i += 1) {
      const secret = randomBytes(30 + (i % 90)).toString('base64');
      expect(redact(` ${secret} `)).toBe(` ${REDACTED} `);
    }
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
