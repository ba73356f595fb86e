/**
 * Map IAM error responses to error codes. IAM answers either `{"error_msg","error_code"}` or the
 * Keystone form `{"error":{"code","message","title"}}`; the mapping uses the status, IAM's code,
 * keywords of the message and, for the ServiceAccount token, its (unverified) `exp`/`nbf`. Pure.
 */
import {
  type IamRejectedErrorCode,
  IamRejectedError,
  IamUnavailableError,
  type WorkloadIdentityError,
} from './errors';
import { excerpt } from '../contract/excerpt';
import { head } from './excerpt';
import { type UnverifiedClaims } from './token-file';

/** Which exchange failed. */
export type IamOperation = 'id-token' | 'security-token';

/** The parts of an IAM error body the mapping uses. */
export interface IamErrorBody {
  readonly message?: string;
  readonly code?: string;
  readonly title?: string;
}

/** Extract message/code/title from an IAM error body (either shape); `{}` when not JSON. */
export function parseIamErrorBody(text: string): IamErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  const asString = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (typeof record.error === 'object' && record.error !== null) {
    const error = record.error as Record<string, unknown>;
    return { message: asString(error.message), code: asString(error.code), title: asString(error.title) };
  }
  return {
    message: asString(record.error_msg) ?? asString(record.message),
    code: asString(record.error_code) ?? asString(record.code),
    title: asString(record.error_description),
  };
}

/** Parse `Retry-After` (delta-seconds or HTTP date) into ms; `undefined` if absent/invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Facts the classifier may use. */
export interface IamErrorContext {
  readonly operation: IamOperation;
  readonly status: number;
  readonly bodyText: string;
  readonly retryAfter: string | null;
  readonly idpId: string;
  readonly scope: string;
  /** Unverified claims of the ServiceAccount token sent (id-token operation only). */
  readonly claims?: UnverifiedClaims;
  /** Local clock, ms. */
  readonly now: number;
  /** Live secrets to redact from the excerpt. */
  readonly secrets: Iterable<string>;
}

const NOT_FOUND = /not\s*(be\s*)?found|not\s*exist|could\s*not\s*find|does\s*not\s*exist|no\s*such|unknown/;

/** Decide the error code of a 4xx from the id-token exchange. Pure. */
export function classifyIdTokenRejection(status: number, text: string, claims: UnverifiedClaims | undefined, now: number): IamRejectedErrorCode {
  const t = text.toLowerCase();
  if (/expired|expir(y|ation)|not\s*yet\s*valid|\bnbf\b|\bexp\b|token\s*is\s*not\s*valid\s*yet|issued\s*in\s*(the\s*)?future|notyetvalid|issuedinfuture/.test(t)) {
    return 'ERR_TOKEN_EXPIRED';
  }
  if (/mapping|conversion|\brules?\b|admit/.test(t)) return 'ERR_NOT_ADMITTED';
  if (/idpnotfound|providernotfound/.test(t)) return 'ERR_PROVIDER_NOT_FOUND';
  if (/(identity[\s_-]*provider|\bidp\b|x-idp-id)/.test(t) && NOT_FOUND.test(t)) return 'ERR_PROVIDER_NOT_FOUND';
  if (/project/.test(t) && (NOT_FOUND.test(t) || /invalid|mismatch/.test(t))) return 'ERR_PROJECT_NOT_FOUND';
  if (/signature|audience|\baud\b|issuer|\biss\b|\bkid\b|signing\s*key|jwks?|jwt|id[_\s-]*token|malformed|verif/.test(t)) {
    if (claims !== undefined && isTimeInvalid(claims, now)) return 'ERR_TOKEN_EXPIRED';
    return 'ERR_TOKEN_REJECTED';
  }
  if (/group|forbidden|not\s*allowed|denied|disabled/.test(t)) return 'ERR_NOT_ADMITTED';
  if (status === 404) return 'ERR_PROVIDER_NOT_FOUND';
  if (status === 401 || status === 403) {
    if (claims !== undefined && isTimeInvalid(claims, now)) return 'ERR_TOKEN_EXPIRED';
    return status === 401 ? 'ERR_TOKEN_REJECTED' : 'ERR_NOT_ADMITTED';
  }
  return 'ERR_IAM_REJECTED';
}

function isTimeInvalid(claims: UnverifiedClaims, now: number): boolean {
  const seconds = now / 1000;
  return (claims.exp !== undefined && claims.exp <= seconds) || (claims.nbf !== undefined && claims.nbf > seconds);
}

function hintFor(code: IamRejectedErrorCode, ctx: IamErrorContext): string {
  const who = ctx.claims?.sub !== undefined ? `ServiceAccount ${JSON.stringify(ctx.claims.sub)}` : 'this ServiceAccount';
  switch (code) {
    case 'ERR_TOKEN_EXPIRED': {
      const exp = ctx.claims?.exp !== undefined
        ? ` (token exp ${new Date(ctx.claims.exp * 1000).toISOString()}, local clock ${new Date(ctx.now).toISOString()})`
        : '';
      return `the ServiceAccount token has expired or is not yet valid${exp}; check that the kubelet is rotating the projected token and `
        + 'the clocks are in sync';
    }
    case 'ERR_PROVIDER_NOT_FOUND':
      return `identity provider ${JSON.stringify(ctx.idpId)} was not found; check HUAWEICLOUD_SDK_IDP_ID and that the Terraform stack is `
        + 'applied in this account';
    case 'ERR_NOT_ADMITTED':
      return `no identity conversion rule of provider ${JSON.stringify(ctx.idpId)} admits ${who} (or the provider is disabled)`;
    case 'ERR_PROJECT_NOT_FOUND':
      return `the token scope ${ctx.scope} is not a project this identity can access`;
    case 'ERR_TOKEN_REJECTED':
      return `IAM rejected the ServiceAccount token of ${who}; check that the provider's URL equals the token `
        + `issuer${ctx.claims?.iss !== undefined ? ` (${JSON.stringify(ctx.claims.iss)})` : ''}, its client id equals the token audience, and its `
        + `signing key is the cluster's current JWKS`;
    case 'ERR_IAM_REJECTED':
      return ctx.operation === 'id-token' ? 'IAM rejected the token request' : 'IAM rejected the temporary credentials request';
  }
}

/** Build the error for a non-2xx IAM response. */
export function iamResponseError(ctx: IamErrorContext): WorkloadIdentityError {
  const body = parseIamErrorBody(ctx.bodyText);
  const raw = [body.title, body.message].filter((part): part is string => part !== undefined && part !== '').join(': ');
  const shown = excerpt(raw !== '' ? raw : ctx.bodyText, ctx.secrets);
  const iamErrorCode = body.code !== undefined ? excerpt(body.code, ctx.secrets, 40) : undefined;
  const label = ctx.operation === 'id-token' ? 'POST /v3.0/OS-AUTH/id-token/tokens' : 'POST /v3.0/OS-CREDENTIAL/securitytokens';
  const detail = `HTTP ${ctx.status}${iamErrorCode !== undefined ? ` ${iamErrorCode}` : ''}${shown !== '' ? `: ${shown}` : ''}`;
  const options = { status: ctx.status, ...(iamErrorCode !== undefined ? { iamErrorCode } : {}) };

  // Every retryable answer (429, 408, 5xx — 503 above all) may say when to come back; the retry
  // loop honours it within its total budget.
  if (ctx.status === 429 || ctx.status >= 500 || ctx.status === 408) {
    const retryAfterMs = parseRetryAfter(ctx.retryAfter, ctx.now);
    const withRetryAfter = { ...options, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    return ctx.status === 429
      ? new IamUnavailableError('ERR_IAM_THROTTLED', `IAM is throttling requests (${label} → ${detail})`, withRetryAfter)
      : new IamUnavailableError('ERR_IAM_SERVER_ERROR', `IAM failed to serve the request (${label} → ${detail})`, withRetryAfter);
  }
  const code =
    ctx.operation === 'id-token'
      ? classifyIdTokenRejection(ctx.status, `${head(raw)} ${head(body.code ?? '', 200)}`, ctx.claims, ctx.now)
      : 'ERR_IAM_REJECTED';
  return new IamRejectedError(code, `${hintFor(code, ctx)} (${label} → ${detail})`, options);
}
