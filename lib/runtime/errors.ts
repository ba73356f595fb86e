/**
 * Error classes of the runtime module. Every error carries a stable, machine-readable `code`
 * (in the style of panva/jose) and a message that names the cause. Messages are built only from
 * redacted text (see `redact.ts`): they never contain the ServiceAccount token, the IAM token, a
 * secret key or a security token.
 */

/** Every `code` a {@link WorkloadIdentityError} can carry. Stable across releases. */
export type WorkloadIdentityErrorCode =
  /** Options / environment are incomplete or invalid (e.g. missing `HUAWEICLOUD_SDK_IDP_ID`, plain-http endpoint). */
  | 'CONFIG_INVALID'
  /** The projected ServiceAccount token file does not exist (volume not mounted?). */
  | 'TOKEN_FILE_MISSING'
  /** The token file exists but is empty (after trimming whitespace). */
  | 'TOKEN_FILE_EMPTY'
  /** The token file cannot be read (permissions, it is a directory, I/O error). */
  | 'TOKEN_FILE_UNREADABLE'
  /** The token file does not contain a JWT (three base64url segments). */
  | 'TOKEN_FILE_MALFORMED'
  /** IAM rejected the ServiceAccount token because it has expired (or is not yet valid). */
  | 'TOKEN_EXPIRED'
  /** IAM rejected the ServiceAccount token (signature, issuer, audience, key id …). */
  | 'TOKEN_REJECTED'
  /** IAM does not know the identity provider named by `HUAWEICLOUD_SDK_IDP_ID`. */
  | 'PROVIDER_NOT_FOUND'
  /** The token is valid but no identity conversion rule admits this ServiceAccount (or the provider is disabled). */
  | 'NOT_ADMITTED'
  /** The project (id or region name) given as scope does not exist or is not accessible. */
  | 'PROJECT_NOT_FOUND'
  /** IAM rejected the request for another reason (4xx other than the above). */
  | 'IAM_REJECTED'
  /** IAM could not be reached (connection refused/reset, DNS, timeout) after all retries. */
  | 'IAM_UNREACHABLE'
  /** IAM kept answering 429 Too Many Requests after all retries. */
  | 'IAM_THROTTLED'
  /** IAM kept answering 5xx after all retries. */
  | 'IAM_SERVER_ERROR'
  /** IAM answered 2xx but the response lacks the token / credential fields. */
  | 'IAM_BAD_RESPONSE'
  /** Cached token/credentials have expired and refreshing them failed; `cause` holds the refresh error. */
  | 'CREDENTIALS_EXPIRED'
  /** `close()` was called on the provider. */
  | 'CLIENT_CLOSED';

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

/** Base class of every error thrown by the runtime module. */
export class WorkloadIdentityError extends Error {
  /** Stable machine-readable cause. */
  readonly code: WorkloadIdentityErrorCode;
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
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
    if (options.iamErrorCode !== undefined) this.iamErrorCode = options.iamErrorCode;
  }
}

/** Invalid or incomplete configuration (`CONFIG_INVALID`). */
export class ConfigError extends WorkloadIdentityError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}

/** Codes of {@link TokenFileError}. */
export type TokenFileErrorCode = 'TOKEN_FILE_MISSING' | 'TOKEN_FILE_EMPTY' | 'TOKEN_FILE_UNREADABLE' | 'TOKEN_FILE_MALFORMED';

/** The projected ServiceAccount token file is missing, empty, unreadable or not a JWT. */
export class TokenFileError extends WorkloadIdentityError {
  /** Path of the token file. */
  readonly path: string;
  constructor(code: TokenFileErrorCode, path: string, message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(code, message, options);
    this.path = path;
  }
}

/** Codes of {@link IamRejectedError}. */
export type IamRejectedErrorCode =
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REJECTED'
  | 'PROVIDER_NOT_FOUND'
  | 'NOT_ADMITTED'
  | 'PROJECT_NOT_FOUND'
  | 'IAM_REJECTED';

/** IAM answered with a 4xx that retrying will not fix. Never retried. */
export class IamRejectedError extends WorkloadIdentityError {
  constructor(code: IamRejectedErrorCode, message: string, options: WorkloadIdentityErrorOptions = {}) {
    super(code, message, { ...options, retryable: false });
  }
}

/** Codes of {@link IamUnavailableError}. */
export type IamUnavailableErrorCode = 'IAM_UNREACHABLE' | 'IAM_THROTTLED' | 'IAM_SERVER_ERROR';

/** IAM is unreachable, throttling, or failing (retryable; thrown once retries are exhausted). */
export class IamUnavailableError extends WorkloadIdentityError {
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

/** IAM answered 2xx, but without the expected token or credential fields (`IAM_BAD_RESPONSE`). */
export class IamResponseError extends WorkloadIdentityError {
  constructor(message: string, options: WorkloadIdentityErrorOptions = {}) {
    super('IAM_BAD_RESPONSE', message, options);
  }
}

/** Cached token/credentials expired and could not be refreshed (`CREDENTIALS_EXPIRED`); `cause` is the refresh error. */
export class CredentialsExpiredError extends WorkloadIdentityError {
  /** When the cached value stopped being served (local clock). */
  readonly expiredAt: Date;
  constructor(message: string, expiredAt: Date, cause: unknown) {
    super('CREDENTIALS_EXPIRED', message, { cause });
    this.expiredAt = expiredAt;
  }
}

/** The provider was closed (`CLIENT_CLOSED`). */
export class ClientClosedError extends WorkloadIdentityError {
  constructor() {
    super('CLIENT_CLOSED', 'workload identity credentials provider is closed');
  }
}

/** Type guard for errors of this module, optionally of a given code. */
export function isWorkloadIdentityError(
  error: unknown,
  code?: WorkloadIdentityErrorCode,
): error is WorkloadIdentityError {
  return error instanceof WorkloadIdentityError && (code === undefined || error.code === code);
}
