/**
 * Issue 21: the secret filter and the checks that run on user or server text must be linear on any
 * input. Each case is a 1 MB input that made a backtracking pattern quadratic (a run without the
 * terminator the pattern looks for, or many starts of a pattern); the assertions are about the
 * result only (performance is in `npm run bench`), but before the fix these cases did not finish
 * in reasonable time.
 */
import { redactSecrets, redactTokens, REDACTED, secretKind } from '../../lib/contract/secrets';
import { issuerRule, suggestDnsName } from '../../lib/core/validation/rules';
import { resolveIdentityConfig } from '../../lib/runtime/config';
import { excerpt as safeExcerpt } from '../../lib/contract/excerpt';

const MB = 1 << 20;
const fill = (unit: string, length = MB): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Like `expect(actual).toBe(expected)`, without printing a megabyte when it fails. */
function same(actual: string, expected: string): void {
  if (actual === expected) return;
  let at = 0;
  while (actual[at] === expected[at]) at += 1;
  throw new Error(`differ at ${at} (lengths ${actual.length}/${expected.length}): ${JSON.stringify(actual.slice(Math.max(0, at - 20), at + 40))} `
    + `vs ${JSON.stringify(expected.slice(Math.max(0, at - 20), at + 40))}`);
}

describe('hostile 1 MB inputs', () => {
  test('a run of letters without "://" or "@" (URL credentials scan)', () => {
    const text = fill('a');
    expect(secretKind(text)).toBeUndefined();
    same(redactSecrets(text), text);
    same(redactTokens(text), REDACTED);
  });

  test('a URL whose userinfo never ends, then one that does', () => {
    const open = `https://${fill('a:', MB)}`;
    expect(secretKind(open)).toBeUndefined();
    same(redactSecrets(open), open);
    const closed = `${fill('ab.', MB)}://user:${fill('pw', 1000)}@host/x`;
    expect(secretKind(closed)).toBe('URL credentials');
    same(redactSecrets(closed), `${fill('ab.', MB)}://[redacted]@host/x`);
  });

  test('many "eyJ" starts without a payload (JWT scan)', () => {
    const text = fill('eyJ');
    expect(secretKind(text)).toBeUndefined();
    same(redactSecrets(text), text);
    same(redactTokens(text), REDACTED);
    const dotted = fill('eyJab.');
    expect(secretKind(dotted)).toBeUndefined();
    same(redactSecrets(dotted), dotted);
  });

  test('long base64url runs with dots: one JWT, redacted whole', () => {
    const token = `eyJ${fill('aB3-', MB / 2)}.${fill('cD4_', MB / 2)}.sig`;
    expect(secretKind(`x ${token} y`)).toBe('JWT');
    same(redactSecrets(`x ${token} y`), 'x [redacted JWT] y');
    same(redactTokens(`x ${token} y`), `x ${REDACTED} y`);
  });

  test('PEM headers without an end, and ends without a label', () => {
    const open = `-----BEGIN ${fill('A')}`;
    expect(secretKind(open)).toBeUndefined();
    same(redactSecrets(open), open);
    const block = `key -----BEGIN PRIVATE KEY-----${fill('-----END a')}`;
    expect(secretKind(block)).toBe('PEM key');
    same(redactSecrets(block), 'key [redacted PEM]');
  });

  test('escape introducers without escapes (decoded view)', () => {
    for (const unit of ['%', '%4', '\\', '\\u12', '&#', '&#x1', '&amp']) {
      const text = fill(unit);
      same(redactSecrets(text), text);
      expect(secretKind(text)).toBeUndefined();
    }
  });

  test('a live secret searched in a 1 MB body of near misses', () => {
    const secret = 'Sk9wLiveSecretValue0123456789';
    const body = `${fill(secret.slice(0, -1))}${secret}`;
    expect(redactTokens(`x ${body.replace(/[0-9]/g, ' ')} ${secret}`, [secret]).includes(secret)).toBe(false);
    expect(safeExcerpt(`${fill('not ')}${secret}`, [secret]).includes(secret)).toBe(false);
  });

  test('a name suggestion from a long run of invalid characters', () => {
    expect(suggestDnsName(`${fill('-')}a`, 'label')).toBe('a');
    expect(suggestDnsName(`b${fill('.')}!`, 'subdomain')).toBe('b');
  });

  test('an issuer of 1 MB is refused for its length, before its shape is matched', () => {
    expect(issuerRule(`https://${fill(`${'a'.repeat(61)}.`)}!`)).toMatch(/^must be 10-255 characters .*it is \d+$/);
  });

  test('an IAM endpoint path of slashes not at the end is kept as given', () => {
    const iamEndpoint = `https://iam.example.com${fill('/')}x`;
    const config = resolveIdentityConfig({ env: {}, providerName: 'p', tokenFile: '/t', region: 'cn-north-4', iamEndpoint });
    expect(config.iamEndpoint === iamEndpoint).toBe(true);
  });
});
