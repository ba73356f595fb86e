/**
 * Verifies an OIDC id token (a Kubernetes ServiceAccount token) against an identity provider the
 * way IAM does, then runs the provider's conversion rules. One implementation, shared by the
 * emulator's HTTP endpoints and by `explain`.
 *
 * JOSE work is done by `jose`: `createLocalJWKSet` over the provider's `signing_key` and `jwtVerify`
 * with an explicit `algorithms` list derived from those (public) keys, so `alg: none` and HMAC
 * algorithms (algorithm confusion) can never verify.
 */
import { ACCEPTED_ALGORITHMS, EC_ALGORITHM_BY_CURVE, RSA_ALGORITHMS } from '../contract/jws-algorithms';
import { jose, type JSONWebKeySet, type JWK, type JWTPayload, type ProtectedHeaderParameters } from './jose';
import { IamError, IamErrorCode, type IamCheck, type IamErrorCodeValue } from './iam-errors';
import { evaluateConversionRules, type MappingResult } from './mapping-engine';
import type { EmulatedIdentityProvider } from './terraform-loader';

/** Clock and tolerance for token checks. */
export interface TokenCheckOptions {
  /** Clock in ms since the epoch. @default Date.now */
  readonly now?: () => number;
  /** Tolerance for `exp`, `nbf` and `iat`, in seconds. @default 60 */
  readonly clockSkewSeconds?: number;
}

/** A token whose signature and claims verified against a provider. */
export interface VerifiedIdToken {
  /** Verified claims. */
  readonly claims: JWTPayload;
  /** Protected header (`alg`, `kid`, …). */
  readonly header: ProtectedHeaderParameters;
}

/** A token that verified and that the conversion rules admitted. */
export interface AdmittedIdToken extends VerifiedIdToken {
  /** Provider that admitted it. */
  readonly provider: string;
  /** Federated user name. */
  readonly username: string;
  /** User groups. */
  readonly groups: readonly string[];
  /** Full mapping evaluation. */
  readonly mapping: MappingResult & { readonly admitted: true };
}

/**
 * The algorithms a provider's keys may name: the declaration's (lib/contract), plus EdDSA, which a
 * hand-written Terraform file may hold (the declaration refuses OKP keys; the emulator verifies what it is given).
 */
const ASYMMETRIC = new Set<string>([...ACCEPTED_ALGORITHMS, 'EdDSA', 'Ed25519']);
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat'] as const;

/** The JWS algorithms a JWKS's keys allow: each key's `alg`, or its family when `alg` is absent. Pure. */
export function allowedAlgorithms(jwks: JSONWebKeySet): string[] {
  const out = new Set<string>();
  for (const key of jwks.keys) for (const alg of algorithmsForKey(key)) out.add(alg);
  return [...out];
}

function algorithmsForKey(key: JWK): readonly string[] {
  if (typeof key.alg === 'string') return ASYMMETRIC.has(key.alg) ? [key.alg] : [];
  switch (key.kty) {
    case 'RSA':
      return RSA_ALGORITHMS;
    case 'EC': {
      const alg = typeof key.crv === 'string' ? EC_ALGORITHM_BY_CURVE[key.crv] : undefined;
      return alg ? [alg] : [];
    }
    case 'OKP':
      return key.crv === 'Ed25519' ? ['EdDSA', 'Ed25519'] : [];
    default:
      return [];
  }
}

/**
 * Reads `sub`, `jti` and `iat` from a token WITHOUT verifying it, for log lines. Returns an empty
 * object when the token cannot be decoded. Never returns the token itself.
 */
export function peekClaims(jwt: string): { readonly sub?: string; readonly jti?: string; readonly iat?: number; readonly iss?: string } {
  try {
    const payload = jose().decodeJwt(jwt);
    return {
      ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
      ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}),
      ...(typeof payload.iat === 'number' ? { iat: payload.iat } : {}),
      ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
    };
  } catch {
    return {};
  }
}

/** Checks that a provider can take id tokens at all (enabled, OIDC, configured). Throws {@link IamError}. */
export function assertProviderUsable(provider: EmulatedIdentityProvider): asserts provider is EmulatedIdentityProvider & {
  readonly issuer: string;
  readonly clientId: string;
  readonly jwks: JSONWebKeySet;
} {
  if (!provider.enabled) {
    throw deny(403, IamErrorCode.IdpDisabled, 'provider', 'The identity provider is disabled.', `provider "${provider.name}" has status = false`);
  }
  if (provider.protocol !== 'oidc') {
    throw deny(
      400,
      IamErrorCode.IdpProtocolMismatch,
      'protocol',
      'The identity provider does not use OpenID Connect.',
      `provider "${provider.name}" has protocol "${provider.protocol}", not "oidc"`,
    );
  }
  const missing = [
    provider.issuer === undefined ? 'provider_url' : undefined,
    provider.clientId === undefined ? 'client_id' : undefined,
    provider.jwks === undefined ? 'signing_key' : undefined,
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) {
    throw deny(
      400,
      IamErrorCode.IdpNotConfigured,
      'provider',
      'The identity provider is not configured for programmatic access.',
      `provider "${provider.name}" lacks access_config ${missing.join(', ')}`,
    );
  }
}

/** Verifies signature and claims of `jwt` against `provider`. Throws {@link IamError} naming the failed check. */
export async function verifyIdToken(
  provider: EmulatedIdentityProvider,
  jwt: string,
  options: TokenCheckOptions = {},
): Promise<VerifiedIdToken> {
  assertProviderUsable(provider);
  const now = options.now ?? Date.now;
  const skew = options.clockSkewSeconds ?? 60;
  const header = decodeHeader(jwt);
  const algorithms = allowedAlgorithms(provider.jwks);
  assertAlgorithm(header, algorithms, provider);
  assertKeyExists(header, provider);

  const currentDate = new Date(now());
  let claims: JWTPayload;
  try {
    const { jwtVerify, createLocalJWKSet } = jose();
    const result = await jwtVerify(jwt, createLocalJWKSet(provider.jwks as Parameters<typeof createLocalJWKSet>[0]), {
      algorithms,
      issuer: provider.issuer,
      audience: provider.clientId,
      clockTolerance: skew,
      currentDate,
      requiredClaims: [...REQUIRED_CLAIMS],
    });
    claims = result.payload;
  } catch (error) {
    throw translateJoseError(error, provider);
  }
  const nowSeconds = Math.floor(currentDate.getTime() / 1000);
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + skew) {
    throw deny(
      401,
      IamErrorCode.IdTokenIssuedInFuture,
      'issued-at',
      'The id token is not valid yet.',
      `iat ${isoSeconds(claims.iat)} is after now ${isoSeconds(nowSeconds)} + ${skew}s skew`,
    );
  }
  return { claims, header };
}

/** Verifies `jwt` and runs the provider's conversion rules. Throws {@link IamError} on any denial. */
export async function admitIdToken(
  provider: EmulatedIdentityProvider,
  jwt: string,
  options: TokenCheckOptions = {},
): Promise<AdmittedIdToken> {
  const verified = await verifyIdToken(provider, jwt, options);
  const mapping = evaluateConversionRules(provider.rules ?? [], verified.claims);
  if (!mapping.admitted) {
    const reason = provider.rules === undefined
      ? `provider "${provider.name}" has no huaweicloud_identity_provider_conversion, so no rule can admit anyone`
      : mapping.reason;
    throw deny(403, IamErrorCode.MappingNoMatch, 'mapping', 'No identity conversion rule matches the id token.', reason);
  }
  return { ...verified, provider: provider.name, username: mapping.username, groups: mapping.groups, mapping };
}

function decodeHeader(jwt: string): ProtectedHeaderParameters {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw deny(
      401,
      IamErrorCode.IdTokenMalformed,
      'token-format',
      'The id token is invalid.',
      'the id token is not a compact JWS (three dot-separated parts)',
    );
  }
  try {
    return jose().decodeProtectedHeader(jwt);
  } catch {
    throw deny(401, IamErrorCode.IdTokenMalformed, 'token-format', 'The id token is invalid.', 'the id token header is not base64url-encoded JSON');
  }
}

function assertAlgorithm(header: ProtectedHeaderParameters, allowed: readonly string[], provider: EmulatedIdentityProvider): void {
  const alg = header.alg;
  const message = 'The id token signing algorithm is not allowed.';
  if (alg === undefined || alg === '' || alg.toLowerCase() === 'none') {
    throw deny(
      401,
      IamErrorCode.IdTokenAlgorithmNotAllowed,
      'algorithm',
      message,
      `alg ${JSON.stringify(alg ?? null)}: unsigned tokens are never accepted`,
    );
  }
  if (/^HS\d+$/i.test(alg)) {
    throw deny(
      401,
      IamErrorCode.IdTokenAlgorithmNotAllowed,
      'algorithm',
      message,
      `alg "${alg}" is symmetric; provider "${provider.name}" has public keys only (algorithm confusion refused)`,
    );
  }
  if (!allowed.includes(alg)) {
    throw deny(
      401,
      IamErrorCode.IdTokenAlgorithmNotAllowed,
      'algorithm',
      message,
      `alg "${alg}" is not allowed by provider "${provider.name}"'s signing_key (allowed: ${allowed.join(', ') || 'none'})`,
    );
  }
}

function assertKeyExists(header: ProtectedHeaderParameters, provider: EmulatedIdentityProvider): void {
  const jwks = provider.jwks;
  if (jwks === undefined || header.kid === undefined) return;
  if (!jwks.keys.some((k) => k.kid === header.kid)) {
    const known = jwks.keys.map((k) => (k.kid === undefined ? '(no kid)' : JSON.stringify(k.kid))).join(', ');
    throw deny(
      401,
      IamErrorCode.IdTokenKeyNotFound,
      'key',
      'The id token signature cannot be verified.',
      `kid ${JSON.stringify(header.kid)} is not in provider "${provider.name}"'s signing_key (kids: ${known})`,
    );
  }
}

function translateJoseError(error: unknown, provider: EmulatedIdentityProvider): IamError {
  const { errors } = jose();
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? isoSeconds(error.payload.exp) : '?';
    return deny(401, IamErrorCode.IdTokenExpired, 'expiry', 'The id token has expired.', `exp ${exp} is in the past (${error.message})`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return translateClaimError(error, provider);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return deny(
      401,
      IamErrorCode.IdTokenSignatureInvalid,
      'signature',
      'The id token signature cannot be verified.',
      `signature does not verify against provider "${provider.name}"'s signing_key (token tampered with, or signed by another key)`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return deny(
      401,
      IamErrorCode.IdTokenKeyNotFound,
      'key',
      'The id token signature cannot be verified.',
      `no key in provider "${provider.name}"'s signing_key matches the token's kid/alg`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return deny(401, IamErrorCode.IdTokenAlgorithmNotAllowed, 'algorithm', 'The id token signing algorithm is not allowed.', error.message);
  }
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) {
    return deny(401, IamErrorCode.IdTokenMalformed, 'token-format', 'The id token is invalid.', `the id token is malformed: ${error.message}`);
  }
  return deny(
    401,
    IamErrorCode.IdTokenMalformed,
    'token-format',
    'The id token is invalid.',
    `the id token could not be verified: ${(error as Error).message ?? String(error)}`,
  );
}

function translateClaimError(
  error: InstanceType<ReturnType<typeof jose>['errors']['JWTClaimValidationFailed']>,
  provider: EmulatedIdentityProvider,
): IamError {
  const payload = error.payload;
  const missing = error.reason === 'missing';
  if (missing || error.reason === 'invalid') {
    return deny(
      401,
      IamErrorCode.IdTokenClaimMissing,
      'claims',
      'The id token is invalid.',
      `claim "${error.claim}" is ${missing ? 'missing' : 'invalid'} (${error.message})`,
    );
  }
  switch (error.claim) {
    case 'iss':
      return deny(
        401,
        IamErrorCode.IdTokenIssuerMismatch,
        'issuer',
        'The id token issuer does not match the identity provider.',
        `iss ${JSON.stringify(payload.iss)} differs from provider "${provider.name}"'s provider_url ${JSON.stringify(provider.issuer)}`,
      );
    case 'aud':
      return deny(
        401,
        IamErrorCode.IdTokenAudienceMismatch,
        'audience',
        'The id token audience does not match the identity provider.',
        `aud ${JSON.stringify(payload.aud)} does not contain provider "${provider.name}"'s client_id ${JSON.stringify(provider.clientId)}`,
      );
    case 'nbf':
      return deny(
        401,
        IamErrorCode.IdTokenNotYetValid,
        'not-before',
        'The id token is not valid yet.',
        `nbf ${typeof payload.nbf === 'number' ? isoSeconds(payload.nbf) : '?'} is in the future (${error.message})`,
      );
    case 'iat':
      return deny(401, IamErrorCode.IdTokenIssuedInFuture, 'issued-at', 'The id token is not valid yet.', error.message);
    default:
      return deny(401, IamErrorCode.IdTokenClaimMissing, 'claims', 'The id token is invalid.', `claim "${error.claim}" failed: ${error.message}`);
  }
}

function deny(status: number, code: IamErrorCodeValue, check: IamCheck, message: string, detail: string): IamError {
  return new IamError({ status, code, check, message, detail });
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
