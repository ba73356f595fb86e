/**
 * Error classes of the runtime module. Every error carries a stable, machine-readable `code`
 * (in the style of panva/jose) and a message that names the cause. Messages are built only from
 * redacted text (see `redact.ts`): they never contain the ServiceAccount token, the IAM token, a
 * secret key or a security token.
 */

/**
 * Every `code` a {@link WorkloadIdentityError} can carry: a closed set of `ERR_*` codes, stable
 * across releases. Each error class has its own subset ({@link TokenFileErrorCode},
 * {@link IamRejectedErrorCode}, {@link IamUnavailableErrorCode}, or the one code of the class).
 *
 * @example
 * ```ts
 * try {
 *   await credentials.getCredentials();
 * } catch (error) {
 *   if (isWorkloadIdentityError(error, 'ERR_NOT_ADMITTED')) {
 *     // no conversion rule admits this ServiceAccount: fix the declaration's bindings
 *   }
 *   throw error;
 * }
 * ```
 */
export type WorkloadIdentityErrorCode =
  /** Options / environment are incomplete or invalid (e.g. missing `HUAWEICLOUD_SDK_IDP_ID`, plain-http endpoint). */
  | 'ERR_CONFIG_INVALID'
  | TokenFileErrorCode
  | IamRejectedErrorCode
  | IamUnavailableErrorCode
  | IamEndpointErrorCode
  /** IAM answered 2xx but the response lacks the token / credential fields. */
  | 'ERR_IAM_BAD_RESPONSE'
  /** Cached token/credentials have expired and refreshing them failed; `cause` holds the refresh error. */
  | 'ERR_CREDENTIALS_EXPIRED'
  /** `close()` was called on the provider. */
  | 'ERR_CLIENT_CLOSED'
  /** A failure the runtime did not anticipate (a bug, or a custom `fetch` that threw something odd); `cause` holds it, redacted. */
  | 'ERR_INTERNAL';

/**
 * The codes of release 0.1, without the `ERR_` prefix (`NOT_ADMITTED` is now `ERR_NOT_ADMITTED`).
 * Still accepted by {@link isWorkloadIdentityError} and carried in `legacyCode`. Codes added since
 * (`IAM_REDIRECTED`, `IAM_RESPONSE_TOO_LARGE`, `IAM_TLS_FAILED`, `INTERNAL`) are listed too, so that
 * `legacyCode` is always the code without its prefix.
 * @deprecated match on {@link WorkloadIdentityErrorCode} (`ERR_*`); removed in the next release
 */
export type LegacyWorkloadIdentityErrorCode =
  | 'CONFIG_INVALID' | 'TOKEN_FILE_MISSING' | 'TOKEN_FILE_EMPTY' | 'TOKEN_FILE_UNREADABLE' | 'TOKEN_FILE_MALFORMED'
  | 'TOKEN_EXPIRED' | 'TOKEN_REJECTED' | 'PROVIDER_NOT_FOUND' | 'NOT_ADMITTED' | 'PROJECT_NOT_FOUND' | 'IAM_REJECTED'
  | 'IAM_UNREACHABLE' | 'IAM_THROTTLED' | 'IAM_SERVER_ERROR' | 'IAM_BAD_RESPONSE' | 'CREDENTIALS_EXPIRED' | 'CLIENT_CLOSED'
  | 'IAM_REDIRECTED' | 'IAM_RESPONSE_TOO_LARGE' | 'IAM_TLS_FAILED' | 'INTERNAL';

/** Each legacy code is the new one without its prefix, and every new code has one (checked by the compiler). */
type SameCodes<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const legacyCodesMatch: SameCodes<`ERR_${LegacyWorkloadIdentityErrorCode}`, WorkloadIdentityErrorCode> = true;
void legacyCodesMatch;

/** Options accepted by every error constructor. */
export interface WorkloadIdentityErrorOptions {
  /** An underlying (already sanitised) error. */
  readonly cause?: unknown;
  /** HTTP status returned by IAM, when there was a response. */
  readonly status?: number;
  /** IAM's own error code (e.g. `IAM.0004`), when the response carried one. */
  readonly iamErrorCode?: string;
  /** Whether repeating the same request may succeed. */
  readonly retryable?: boolean;
}

/**
 * Base class of every error thrown by the runtime module.
 *
 * @example
 * ```ts
 * if (error instanceof WorkloadIdentityError && error.retryable) scheduleRetry();
 * ```
 */
export class WorkloadIdentityError extends Error {
  /** Stable machine-readable cause, from a closed set of `ERR_*` codes. */
  readonly code: WorkloadIdentityErrorCode;
  /**
   * The same cause under its release-0.1 name (`code` without the `ERR_` prefix).
   * @deprecated match on `code`; removed in the next release
   */
  readonly legacyCode: LegacyWorkloadIdentityErrorCode;
  /** Whether repeating the same request may succeed (network errors, 429, 5xx). */
  readonly retryable: boolean;
  /** HTTP status returned by IAM, when there was a response. */
  readonly status?: number;
  /** IAM's own error code (e.g. `IAM.0004`), when the response carried one. */
  readonly iamErrorCode?: string;

  constructor(code: WorkloadIdentityErrorCode, message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.legacyCode = code.slice('ERR_'.length) as LegacyWorkloadIdentityErrorCode;
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
    if (options.iamErrorCode !== undefined) this.iamErrorCode = options.iamErrorCode;
  }
}

/** Invalid or incomplete configuration (`ERR_CONFIG_INVALID`). */
export class ConfigError extends WorkloadIdentityError {
  /** The code of every `ConfigError`. */
  static readonly code = 'ERR_CONFIG_INVALID';
  declare readonly code: 'ERR_CONFIG_INVALID';
  constructor(message: string) {
    super(ConfigError.code, message);
  }
}

/** Codes of {@link TokenFileError}. */
export type TokenFileErrorCode =
  /** The projected ServiceAccount token file does not exist (volume not mounted?). */
  | 'ERR_TOKEN_FILE_MISSING'
  /** The token file exists but is empty (after trimming whitespace). */
  | 'ERR_TOKEN_FILE_EMPTY'
  /**
   * The token file cannot be read (permissions, I/O error), is not a regular file (a directory, a
   * FIFO, a device: refused, never waited on), holds more than 64 KiB, or was not read within 10 s.
   */
  | 'ERR_TOKEN_FILE_UNREADABLE'
  /** The token file does not contain a JWT (three base64url segments). */
  | 'ERR_TOKEN_FILE_MALFORMED';

/** The projected ServiceAccount token file is missing, empty, unreadable or not a JWT. */
export class TokenFileError extends WorkloadIdentityError {
  declare readonly code: TokenFileErrorCode;
  /** Path of the token file. */
  readonly path: string;
  constructor(code: TokenFileErrorCode, path: string, message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(code, message, options);
    this.path = path;
  }
}

/** Codes of {@link IamRejectedError}. */
export type IamRejectedErrorCode =
  /** IAM rejected the ServiceAccount token because it has expired (or is not yet valid). */
  | 'ERR_TOKEN_EXPIRED'
  /** IAM rejected the ServiceAccount token (signature, issuer, audience, key id …). */
  | 'ERR_TOKEN_REJECTED'
  /** IAM does not know the identity provider named by `HUAWEICLOUD_SDK_IDP_ID`. */
  | 'ERR_PROVIDER_NOT_FOUND'
  /** The token is valid but no identity conversion rule admits this ServiceAccount (or the provider is disabled). */
  | 'ERR_NOT_ADMITTED'
  /** The project (id or region name) given as scope does not exist or is not accessible. */
  | 'ERR_PROJECT_NOT_FOUND'
  /** IAM rejected the request for another reason (4xx other than the above). */
  | 'ERR_IAM_REJECTED';

/** IAM answered with a 4xx that retrying will not fix. Never retried. */
export class IamRejectedError extends WorkloadIdentityError {
  declare readonly code: IamRejectedErrorCode;
  constructor(code: IamRejectedErrorCode, message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(code, message, { ...options, retryable: false });
  }
}

/** Codes of {@link IamUnavailableError}. */
export type IamUnavailableErrorCode =
  /**
   * IAM could not be reached (connection refused/reset, DNS, timeout, connection closed mid-answer)
   * after all retries; the message names the system error code (`ECONNREFUSED`, `ENOTFOUND`, …) and `host:port`.
   */
  | 'ERR_IAM_UNREACHABLE'
  /** IAM kept answering 429 Too Many Requests after all retries. */
  | 'ERR_IAM_THROTTLED'
  /** IAM kept answering 5xx after all retries. */
  | 'ERR_IAM_SERVER_ERROR';

/** IAM is unreachable, throttling, or failing (retryable; thrown once retries are exhausted). */
export class IamUnavailableError extends WorkloadIdentityError {
  declare readonly code: IamUnavailableErrorCode;
  /** Number of attempts made before giving up (set by the retry loop). */
  attempts = 1;
  /** Server-requested delay in ms (`Retry-After`), when given. */
  readonly retryAfterMs?: number;
  constructor(
    code: IamUnavailableErrorCode,
    message: string,
    options: WorkloadIdentityErrorOptions & { readonly retryAfterMs?: number } = {},
  ) {
    super(code, message, { ...options, retryable: true });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Codes of {@link IamEndpointError}. */
export type IamEndpointErrorCode =
  /**
   * The endpoint answered with a redirect (3xx). Redirects are never followed: the request carries
   * the ServiceAccount token or an IAM token, which must reach only the configured endpoint.
   */
  | 'ERR_IAM_REDIRECTED'
  /** The answer (its body, or its headers) is larger than the runtime accepts; it was not read further. */
  | 'ERR_IAM_RESPONSE_TOO_LARGE'
  /** The TLS handshake failed: untrusted or expired certificate, wrong host name, or a plain-http server behind an https URL. */
  | 'ERR_IAM_TLS_FAILED';

/**
 * The endpoint (IAM, or the container credentials endpoint) answered in a way that repeating the
 * request within seconds will not change: a redirect, an oversized answer, a failed TLS handshake.
 * Never retried; the message names what to fix (the endpoint URL, the trust store).
 */
export class IamEndpointError extends WorkloadIdentityError {
  declare readonly code: IamEndpointErrorCode;
  /** For `ERR_IAM_REDIRECTED`: the origin (`scheme://host:port`) of the redirect target, without its path or query. */
  readonly redirectOrigin?: string;
  constructor(
    code: IamEndpointErrorCode,
    message: string,
    options: WorkloadIdentityErrorOptions & { readonly redirectOrigin?: string } = {},
  ) {
    super(code, message, { ...options, retryable: false });
    if (options.redirectOrigin !== undefined) this.redirectOrigin = options.redirectOrigin;
  }
}

/** IAM answered 2xx, but without the expected token or credential fields (`ERR_IAM_BAD_RESPONSE`). */
export class IamResponseError extends WorkloadIdentityError {
  /** The code of every `IamResponseError`. */
  static readonly code = 'ERR_IAM_BAD_RESPONSE';
  declare readonly code: 'ERR_IAM_BAD_RESPONSE';
  constructor(message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(IamResponseError.code, message, options);
  }
}

/** Cached token/credentials expired and could not be refreshed (`ERR_CREDENTIALS_EXPIRED`); `cause` is the refresh error. */
export class CredentialsExpiredError extends WorkloadIdentityError {
  /** The code of every `CredentialsExpiredError`. */
  static readonly code = 'ERR_CREDENTIALS_EXPIRED';
  declare readonly code: 'ERR_CREDENTIALS_EXPIRED';
  /** When the cached value stopped being served (local clock). */
  readonly expiredAt: Date;
  constructor(message: string, expiredAt: Date, cause: unknown) {
    super(CredentialsExpiredError.code, message, { cause });
    this.expiredAt = expiredAt;
  }
}

/** The provider was closed (`ERR_CLIENT_CLOSED`). */
export class ClientClosedError extends WorkloadIdentityError {
  /** The code of every `ClientClosedError`. */
  static readonly code = 'ERR_CLIENT_CLOSED';
  declare readonly code: 'ERR_CLIENT_CLOSED';
  constructor() {
    super(ClientClosedError.code, 'workload identity credentials provider is closed');
  }
}

/**
 * A failure the runtime did not anticipate (`ERR_INTERNAL`), so that every rejection of the
 * provider is a {@link WorkloadIdentityError}. Not retried. `cause` is a copy of the original error
 * with its name and a redacted message (never the original, whose message may hold a secret).
 */
export class InternalError extends WorkloadIdentityError {
  /** The code of every `InternalError`. */
  static readonly code = 'ERR_INTERNAL';
  declare readonly code: 'ERR_INTERNAL';
  constructor(message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(InternalError.code, message, { ...options, retryable: false });
  }
}

/**
 * Type guard for errors of this module, optionally of a given code. A release-0.1 code (without
 * the `ERR_` prefix) still matches, until the next release.
 *
 * @example
 * ```ts
 * if (isWorkloadIdentityError(error, 'ERR_TOKEN_FILE_MISSING')) console.error('is the token volume mounted?');
 * ```
 */
export function isWorkloadIdentityError(
  error: unknown,
  code?: WorkloadIdentityErrorCode | LegacyWorkloadIdentityErrorCode,
): error is WorkloadIdentityError {
  return error instanceof WorkloadIdentityError && (code === undefined || error.code === code || error.legacyCode === code);
}
