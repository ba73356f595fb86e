/**
 * Verification of Huawei Cloud `SDK-HMAC-SHA256` request signatures, mirroring the signer of
 * `@huaweicloud/huaweicloud-sdk-core` (`auth/AKSKSigner.js`, 3.1.x):
 *
 * ```
 * Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2;…>, Signature=<hex>
 * CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   CanonicalURI     each path segment percent-encoded (RFC 3986 unreserved kept), trailing "/" added
 *   CanonicalQuery   keys sorted, "k=v" percent-encoded, array values sorted, joined by "&"
 *   CanonicalHeaders "name:value\n" for every signed header, lower-case names, sorted
 *   PayloadHash      X-Sdk-Content-Sha256 when sent (e.g. UNSIGNED-PAYLOAD), else hex(sha256(body))
 * StringToSign = "SDK-HMAC-SHA256" \n X-Sdk-Date (YYYYMMDDTHHmmssZ) \n hex(sha256(CanonicalRequest))
 * Signature    = hex(HMAC-SHA256(SK, StringToSign))
 * ```
 * The SDK signs every header it sets itself (`host`, `x-sdk-date`, `x-security-token`,
 * `x-project-id`, `content-type`, …); the verifier requires `host`, `x-sdk-date` and
 * `x-security-token` among them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import { IamError, ServiceErrorCode, type ServiceErrorCodeValue } from '../../iam-model/iam-errors';

/** The algorithm name in the `Authorization` header. */
export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
/** Maximum distance between `X-Sdk-Date` and the verifier's clock, like API Gateway's. */
export const MAX_REQUEST_DATE_SKEW_SECONDS = 15 * 60;

/** A received request, as needed to verify its signature. */
export interface ReceivedRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request target as received (path and optional `?query`), still percent-encoded. */
  readonly target: string;
  /** Headers with lower-case names (Node's `IncomingMessage.headers`). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw body. */
  readonly body: Buffer;
}

/** What the verifier needs to know about an issued temporary credential. */
export interface IssuedCredential {
  /** Secret access key. */
  readonly secret: string;
  /** Security token issued with it. */
  readonly securityToken: string;
  /** Expiry, ms since the epoch. */
  readonly expiresAt: number;
}

/** Parsed `Authorization` header. */
export interface SdkAuthorization {
  /** `Access=` value. */
  readonly accessKey: string;
  /** `SignedHeaders=` value, split. */
  readonly signedHeaders: readonly string[];
  /** `Signature=` value (hex). */
  readonly signature: string;
}

/** Result of a successful verification. */
export interface VerifiedSignature<C extends IssuedCredential> {
  /** Access key that signed. */
  readonly accessKey: string;
  /** The credential record. */
  readonly credential: C;
  /** Headers that were signed. */
  readonly signedHeaders: readonly string[];
}

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const REQUIRED_SIGNED = ['host', 'x-sdk-date', 'x-security-token'] as const;
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Parses an `Authorization: SDK-HMAC-SHA256 …` header. Pure. */
export function parseSdkAuthorization(value: string | undefined): SdkAuthorization | undefined {
  if (value === undefined) return undefined;
  const match = AUTHORIZATION.exec(value.trim());
  if (!match) return undefined;
  return { accessKey: match[1], signedHeaders: match[2].split(';'), signature: match[3].toLowerCase() };
}

/** Percent-encodes like the SDK signer (RFC 3986 unreserved characters kept, UTF-8 otherwise). Pure. */
export function sdkUrlEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Canonical URI of a raw (percent-encoded) path. Pure. */
export function canonicalUri(rawPath: string): string {
  const encoded = rawPath.split('/').map(sdkUrlEncode).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** Canonical query string of a raw query (without `?`). Pure. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const params = parseQuery(rawQuery);
  return Object.keys(params)
    .sort()
    .flatMap((key) => {
      const value = params[key];
      const values = Array.isArray(value) ? [...value].sort() : [value ?? ''];
      return values.map((v) => `${sdkUrlEncode(key)}=${sdkUrlEncode(v)}`);
    })
    .join('&');
}

/** Builds the canonical request the SDK signed. Pure. */
export function canonicalRequest(request: ReceivedRequest, signedHeaders: readonly string[]): string {
  const queryAt = request.target.indexOf('?');
  const rawPath = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : request.target.slice(queryAt + 1);
  const sorted = [...signedHeaders].sort((a, b) => a.localeCompare(b));
  const canonicalHeaders = sorted.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash(request),
  ].join('\n');
}

/** `hex(HMAC-SHA256(secret, "SDK-HMAC-SHA256\n<date>\n<hex sha256(canonical request)>"))`. Pure. */
export function sdkSignature(secret: string, sdkDate: string, canonical: string): string {
  const stringToSign = [SDK_SIGNING_ALGORITHM, sdkDate, sha256Hex(canonical)].join('\n');
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

/** Parses `X-Sdk-Date` (`YYYYMMDDTHHmmssZ`) to ms since the epoch, or undefined. Pure. */
export function parseSdkDate(value: string): number | undefined {
  const m = SDK_DATE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Verifies a request signed with a temporary credential. Throws {@link IamError} (status 401, an
 * `APIGW.*` code, and a detail that never contains the secret, the security token or the signature).
 */
export function verifySdkSignature<C extends IssuedCredential>(
  request: ReceivedRequest,
  lookup: (accessKey: string) => C | undefined,
  nowMs: number,
): VerifiedSignature<C> {
  const authorization = parseSdkAuthorization(headerValue(request.headers, 'authorization'));
  if (!authorization) {
    throw reject(
      ServiceErrorCode.AuthorizationMissing,
      'Authorization header missing or not SDK-HMAC-SHA256.',
      'no "Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…" header',
    );
  }
  const { accessKey, signedHeaders, signature } = authorization;
  const credential = lookup(accessKey);
  if (!credential) {
    throw reject(ServiceErrorCode.AccessKeyUnknown, 'The access key does not exist.', `access key ${accessKey} was not issued by this emulator`);
  }
  if (credential.expiresAt <= nowMs) {
    throw reject(
      ServiceErrorCode.CredentialExpired,
      'The temporary credential has expired.',
      `access key ${accessKey} expired at ${new Date(credential.expiresAt).toISOString()}`,
    );
  }
  const securityToken = headerValue(request.headers, 'x-security-token');
  if (securityToken === undefined || securityToken === '') {
    throw reject(
      ServiceErrorCode.SecurityTokenInvalid,
      'X-Security-Token is required for temporary credentials.',
      `request signed by ${accessKey} carries no X-Security-Token`,
    );
  }
  const unsigned = REQUIRED_SIGNED.filter((h) => !signedHeaders.includes(h));
  if (unsigned.length > 0) {
    throw reject(ServiceErrorCode.SignedHeadersIncomplete, 'Required headers are not signed.', `SignedHeaders lacks ${unsigned.join(', ')}`);
  }
  if (!safeEqual(securityToken, credential.securityToken)) {
    throw reject(
      ServiceErrorCode.SecurityTokenInvalid,
      'The security token does not belong to the access key.',
      `X-Security-Token is not the one issued with access key ${accessKey}`,
    );
  }
  const sdkDate = headerValue(request.headers, 'x-sdk-date') ?? '';
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) {
    throw reject(ServiceErrorCode.RequestDateInvalid, 'X-Sdk-Date is invalid.', `X-Sdk-Date ${JSON.stringify(sdkDate)} is not YYYYMMDDTHHmmssZ`);
  }
  if (Math.abs(signedAt - nowMs) > MAX_REQUEST_DATE_SKEW_SECONDS * 1000) {
    throw reject(
      ServiceErrorCode.RequestDateInvalid,
      'X-Sdk-Date is too far from the server time.',
      `X-Sdk-Date ${sdkDate} is more than ${MAX_REQUEST_DATE_SKEW_SECONDS}s from the emulator clock ${new Date(nowMs).toISOString()}`,
    );
  }
  const missingHeaders = signedHeaders.filter((h) => headerValue(request.headers, h) === undefined);
  if (missingHeaders.length > 0) {
    throw reject(
      ServiceErrorCode.SignatureMismatch,
      'The request signature does not match.',
      `signed header(s) ${missingHeaders.join(', ')} absent from the request`,
    );
  }
  const expected = sdkSignature(credential.secret, sdkDate, canonicalRequest(request, signedHeaders));
  if (!safeEqual(expected, signature)) {
    throw reject(
      ServiceErrorCode.SignatureMismatch,
      'The request signature does not match.',
      `signature by ${accessKey} over ${request.method} ${request.target.split('?')[0]} (SignedHeaders=${signedHeaders.join(';')}) does not match`,
    );
  }
  return { accessKey, credential, signedHeaders };
}

function payloadHash(request: ReceivedRequest): string {
  const declared = headerValue(request.headers, 'x-sdk-content-sha256');
  if (declared !== undefined && declared !== '') return declared;
  return request.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(request.body);
}

function headerValue(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function reject(code: ServiceErrorCodeValue, message: string, detail: string): IamError {
  return new IamError({ status: 401, code, check: 'signature', message, detail });
}
