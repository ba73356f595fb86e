import { generateKeyPairSync } from 'node:crypto';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';

/** A JWK as the jwks tests handle it. */
export type Jwk = Record<string, string>;

/** A public RSA key as kube-apiserver serves it (kid derived from the key). */
export function clusterKey(): Jwk {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk;
  return { use: 'sig', kty: 'RSA', kid: jwkThumbprint(jwk) as string, alg: 'RS256', n: jwk.n, e: jwk.e };
}
