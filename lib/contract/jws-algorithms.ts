/**
 * Which JWS algorithm fits which key: the declaration checks the cluster's JWKS with these tables
 * and the emulator derives the algorithms a token may use from the same keys. Part of
 * lib/contract: no imports.
 */

/** The RSA signature algorithms (RFC 7518 §3.3 RSASSA-PKCS1-v1_5, §3.5 RSASSA-PSS). */
export const RSA_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** An EC key's curve and the one JWS algorithm that uses it (RFC 7518 §3.4). */
export const EC_ALGORITHM_BY_CURVE: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** Signing algorithms an IAM OIDC identity provider accepts for ServiceAccount tokens. */
export const ACCEPTED_ALGORITHMS: readonly string[] = [...RSA_ALGORITHMS, ...Object.values(EC_ALGORITHM_BY_CURVE)];
