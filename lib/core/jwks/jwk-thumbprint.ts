/**
 * A key's identity by content: the JWK Thumbprint of RFC 7638 (SHA-256). Two JWKs with the same
 * public key have the same thumbprint whatever their `kid`, `alg`, `use` or member order, so it
 * tells "the same key under another name" from "another key under the same name".
 *
 * Computed with node:crypto rather than jose's `calculateJwkThumbprint`: this module is part of
 * the declaration, which consumers load in their own (CommonJS) test runners, and jose ships ES
 * modules only. test/jwks/thumbprint.test.ts checks that both agree.
 */
import { createHash } from 'node:crypto';

/** The members RFC 7638 §3.2 hashes, per key type, in lexicographic order. */
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/**
 * The RFC 7638 SHA-256 thumbprint (base64url) of a public JWK, or `undefined` when it is not an
 * RSA, EC or OKP key with all required members as strings. Never include private members: only
 * the required public members are hashed.
 */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string | undefined {
  const members = typeof jwk.kty === 'string' ? REQUIRED_MEMBERS[jwk.kty] : undefined;
  if (members === undefined || !members.every((m) => typeof jwk[m] === 'string')) return undefined;
  // RFC 7638 §3.3: the required members only, lexicographic order, no whitespace. Their values are
  // base64url strings or short names, so JSON.stringify produces exactly that form.
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
