/**
 * The two IAM exchanges, one attempt each (retries are applied by the caller):
 *
 * 1. `POST {iam}/v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id` and the ServiceAccount JWT → IAM
 *    token in the `X-Subject-Token` header: unscoped without `auth.scope`, project-scoped with it
 *    (IAM API "Obtaining a Token with an OpenID Connect ID Token", iam_13_0605).
 * 2. `POST {iam}/v3.0/OS-CREDENTIAL/securitytokens` with `X-Auth-Token: <unscoped token>` →
 *    temporary AK/SK and security token (IAM API "Obtaining Temporary Access Keys and Security
 *    Tokens of a Federated User", iam_04_0003, which takes an unscoped token; the Go and Node SDKs
 *    do the same).
 *
 * Every secret that passes through is registered with the {@link SecretRegistry} before any error
 * can be built, so no message can contain it.
 */
import { type Loaded } from './cache';
import { type IdentityConfig } from './config';
import { IamResponseError, type WorkloadIdentityError } from './errors';
import { type HttpAttemptContext, type RawResponse, postJson } from './http-attempt';
import { ID_TOKEN_PATH, SECURITY_TOKEN_PATH } from '../contract/iam-api';
import { isJsonObject } from '../contract/json';
import { parseIamTime } from '../contract/iam-time';
import { localExpiry, parseHttpDate } from './expiry';
import { type IamOperation, iamResponseError } from './iam-errors';
import { type UnverifiedClaims, decodeUnverifiedClaims } from './token-file';

/** Paths of the id-token and temporary-credentials exchanges (defined in lib/contract, shared with the emulator). */
export { ID_TOKEN_PATH, SECURITY_TOKEN_PATH };
/** The HTTP attempt both sources share (http-attempt.ts). */
export { type HttpAttemptContext, type RawResponse, postJson };

/** An IAM token: project-scoped (from `getToken`), or unscoped (used for temporary credentials). */
export interface IamToken {
  /** The token (value of `X-Subject-Token`); send it as `X-Auth-Token`. */
  readonly token: string;
  /** Expiry as reported by IAM (IAM's clock). */
  readonly expiresAt: Date;
  /** Issue time as reported by IAM, when present. */
  readonly issuedAt?: Date;
  /** Project the token is scoped to, when IAM reports it. */
  readonly project?: { readonly id?: string; readonly name?: string };
}

/** Temporary access key / secret key / security token. */
export interface TemporaryCredentials {
  /** Access key id (`credential.access`). */
  readonly accessKey: string;
  /** Secret access key (`credential.secret`). */
  readonly secretKey: string;
  /** Security token (`credential.securitytoken`); send as `X-Security-Token` with SDK-HMAC-SHA256 signatures. */
  readonly securityToken: string;
  /** Expiry as reported by IAM (IAM's clock). */
  readonly expiresAt: Date;
}

/** Everything one exchange needs: an HTTP attempt's context and the identity configuration. */
export interface IamClientContext extends HttpAttemptContext {
  readonly config: IdentityConfig;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Freeze `value` and make `util.inspect`/`console.log` print it with `secretKeys` redacted. */
export function withRedactedInspect<T extends object>(value: T, secretKeys: ReadonlyArray<keyof T>): T {
  Object.defineProperty(value, INSPECT, {
    enumerable: false,
    value(): Record<string, unknown> {
      const shown: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) shown[key] = secretKeys.includes(key as keyof T) ? '[REDACTED]' : field;
      return shown;
    },
  });
  return Object.freeze(value);
}

/** One POST to IAM. */
function post(ctx: IamClientContext, path: string, headers: Record<string, string>, body: string, deadline: number): Promise<RawResponse> {
  return postJson(ctx, `${ctx.config.iamEndpoint}${path}`, headers, body, deadline, 'IAM');
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function field(record: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const value = record?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function str(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function scopeLabel(config: IdentityConfig): string {
  return 'id' in config.scope.project ? `project id ${config.scope.project.id}` : `project name ${config.scope.project.name}`;
}

function failure(ctx: IamClientContext, operation: IamOperation, response: RawResponse, claims?: UnverifiedClaims): WorkloadIdentityError {
  return iamResponseError({
    operation,
    status: response.status,
    bodyText: response.text,
    retryAfter: response.headers.get('retry-after'),
    idpId: ctx.config.providerName,
    scope: scopeLabel(ctx.config),
    ...(claims !== undefined ? { claims } : {}),
    now: ctx.now(),
    secrets: ctx.secrets,
  });
}

function checkLifetime(what: string, expiresAt: number, loadedExpiry: number, requestStart: number): void {
  if (loadedExpiry <= requestStart) {
    throw new IamResponseError(`IAM returned ${what} that is already expired (expires_at ${new Date(expiresAt).toISOString()})`);
  }
}

/**
 * Exchange the ServiceAccount JWT for an IAM token (one attempt): scoped to the configured project
 * when `scoped`, else unscoped (no `auth.scope`), which is what temporary credentials are
 * requested with.
 */
export async function exchangeIdToken(ctx: IamClientContext, idToken: string, deadline: number, scoped = true): Promise<Loaded<IamToken>> {
  ctx.secrets.add(idToken);
  const claims = decodeUnverifiedClaims(idToken);
  const body = JSON.stringify({ auth: { id_token: { id: idToken }, ...(scoped ? { scope: ctx.config.scope } : {}) } });
  const response = await post(ctx, ID_TOKEN_PATH, { 'X-Idp-Id': ctx.config.providerName }, body, deadline);
  const token = response.headers.get('x-subject-token')?.trim();
  ctx.secrets.add(token);
  if (response.status < 200 || response.status > 299) throw failure(ctx, 'id-token', response, claims);
  if (token === undefined || token === '') {
    throw new IamResponseError(`IAM answered HTTP ${response.status} to POST ${ID_TOKEN_PATH} without an X-Subject-Token header`);
  }
  const tokenBody = field(parseJsonObject(response.text), 'token');
  const expiresAt = parseIamTime(tokenBody?.expires_at);
  if (expiresAt === undefined) {
    throw new IamResponseError(`IAM answered HTTP ${response.status} to POST ${ID_TOKEN_PATH} without a valid token.expires_at`);
  }
  const issuedAt = parseIamTime(tokenBody?.issued_at);
  const serverDate = parseHttpDate(response.headers.get('date'));
  const local = localExpiry({
    expiresAt,
    ...(issuedAt !== undefined ? { issuedAt } : {}),
    ...(serverDate !== undefined ? { serverDate } : {}),
    requestStart: response.requestStart,
  });
  checkLifetime('an IAM token', expiresAt, local, response.requestStart);
  const projectBody = field(tokenBody, 'project');
  const projectId = str(projectBody, 'id');
  const projectName = str(projectBody, 'name');
  const value: IamToken = withRedactedInspect<IamToken>(
    {
      token,
      expiresAt: new Date(expiresAt),
      ...(issuedAt !== undefined ? { issuedAt: new Date(issuedAt) } : {}),
      ...(projectBody !== undefined
        ? { project: Object.freeze({
          ...(projectId !== undefined ? { id: projectId } : {}),
          ...(projectName !== undefined ? { name: projectName } : {}),
        }) }
        : {}),
    },
    ['token'],
  );
  return { value, obtainedAt: response.requestStart, expiresAt: local };
}

/**
 * Exchange an (unscoped) IAM token for temporary credentials valid `durationSeconds` (one attempt).
 * `notAfter` (local clock) caps the local expiry: IAM does not issue credentials that outlive the
 * IAM token they were obtained with.
 */
export async function exchangeSecurityToken(
  ctx: IamClientContext,
  iamToken: string,
  durationSeconds: number,
  deadline: number,
  notAfter?: number,
): Promise<Loaded<TemporaryCredentials>> {
  ctx.secrets.add(iamToken);
  const body = JSON.stringify({ auth: { identity: { methods: ['token'], token: { duration_seconds: durationSeconds } } } });
  const response = await post(ctx, SECURITY_TOKEN_PATH, { 'X-Auth-Token': iamToken }, body, deadline);
  const credential = field(parseJsonObject(response.text), 'credential');
  const accessKey = str(credential, 'access');
  const secretKey = str(credential, 'secret');
  const securityToken = str(credential, 'securitytoken');
  ctx.secrets.add(accessKey);
  ctx.secrets.add(secretKey);
  ctx.secrets.add(securityToken);
  if (response.status < 200 || response.status > 299) throw failure(ctx, 'security-token', response);
  const expiresAt = parseIamTime(credential?.expires_at);
  if (accessKey === undefined || secretKey === undefined || securityToken === undefined || expiresAt === undefined) {
    throw new IamResponseError(
      `IAM answered HTTP ${response.status} to POST ${SECURITY_TOKEN_PATH} without credential.access/secret/securitytoken/expires_at`,
    );
  }
  const serverDate = parseHttpDate(response.headers.get('date'));
  const local = localExpiry({
    expiresAt,
    ...(serverDate !== undefined ? { serverDate } : {}),
    requestStart: response.requestStart,
    maxLifetimeMs: durationSeconds * 1000,
  });
  const capped = notAfter !== undefined ? Math.min(local, notAfter) : local;
  checkLifetime('temporary credentials', expiresAt, capped, response.requestStart);
  const value = withRedactedInspect<TemporaryCredentials>(
    { accessKey, secretKey, securityToken, expiresAt: new Date(expiresAt) },
    ['secretKey', 'securityToken'],
  );
  return { value, obtainedAt: response.requestStart, expiresAt: capped };
}
