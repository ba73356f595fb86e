/**
 * Key identity by content: the RFC 7638 thumbprint computed with node:crypto (so lib/core needs no
 * ES-module-only jose) agrees with jose's calculateJwkThumbprint and with the RFC's own example.
 */
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';

function publicJwk(type: 'rsa' | 'ec' | 'ed25519', curve?: string): Record<string, string> {
  const { publicKey } = type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: curve as string }) : generateKeyPairSync('ed25519');
  return publicKey.export({ format: 'jwk' }) as Record<string, string>;
}

test('RFC 7638 §3.1 example key', () => {
  // The RSA key printed in RFC 7638 §3.1 and the thumbprint the RFC gives for it.
  const n =
    '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjB' +
    'ZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8' +
    'KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_' +
    'xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
  expect(jwkThumbprint({ kty: 'RSA', n, e: 'AQAB', alg: 'RS256', kid: '2011-04-29' })).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
});

test.each<[string, () => Record<string, string>]>([
  ['RSA 2048', () => publicJwk('rsa')],
  ['EC P-256', () => publicJwk('ec', 'P-256')],
  ['EC P-384', () => publicJwk('ec', 'P-384')],
  ['EC P-521', () => publicJwk('ec', 'P-521')],
  ['Ed25519 (OKP)', () => publicJwk('ed25519')],
])('%s: equals jose calculateJwkThumbprint', async (_name, make) => {
  for (let i = 0; i < 3; i += 1) {
    const jwk = make();
    expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk as JWK, 'sha256'));
  }
});

test('only the public required members count: kid, alg, use, member order and private members do not change it', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const full = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const pub = { kty: full.kty, n: full.n, e: full.e };
  const reordered = { e: full.e, kid: 'x', use: 'sig', alg: 'PS256', n: full.n, kty: 'RSA' };
  expect(jwkThumbprint(full)).toBe(jwkThumbprint(pub));
  expect(jwkThumbprint(reordered)).toBe(jwkThumbprint(pub));
});

test('different keys have different thumbprints', () => {
  const set = new Set(Array.from({ length: 5 }, () => jwkThumbprint(publicJwk('ec', 'P-256'))));
  expect(set.size).toBe(5);
});

test.each<[string, Record<string, unknown>]>([
  ['symmetric key', { kty: 'oct', k: 'c2VjcmV0' }],
  ['unknown kty', { kty: 'XYZ', n: 'a', e: 'b' }],
  ['RSA without n', { kty: 'RSA', e: 'AQAB' }],
  ['EC with a numeric x', { kty: 'EC', crv: 'P-256', x: 1, y: 'a' }],
  ['no kty', { n: 'a', e: 'b' }],
])('%s: no thumbprint', (_name, jwk) => {
  expect(jwkThumbprint(jwk)).toBeUndefined();
});
