/**
 * Thumbprints of the keys of checked key sets, computed once per key (lib/core/jwk-thumbprint.ts).
 */
import { jwkThumbprint } from '../jwks/jwk-thumbprint';

/** Thumbprints of checked keys, per key object (see {@link checkedKeyThumbprint}). */
const memo = new WeakMap<object, string | undefined>();

/**
 * {@link jwkThumbprint} of a key of a checked key set (`Jwks.value`, computed once per `Jwks` and
 * not changed afterwards; its `json` is written from it), computed once per key object: one
 * synthesis validates the same declarations several times (each declaration, the declarations
 * rendered together, each side), and each check that compares keys asks for the same thumbprints.
 */
export function checkedKeyThumbprint(key: Readonly<Record<string, unknown>>): string | undefined {
  if (memo.has(key)) return memo.get(key);
  const thumbprint = jwkThumbprint(key);
  memo.set(key, thumbprint);
  return thumbprint;
}
