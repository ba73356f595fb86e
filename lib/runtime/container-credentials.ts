/**
 * The container-credentials source: CCE pod identity. When a pod's ServiceAccount has a pod
 * identity association, the platform sets `HC_CONTAINER_CREDENTIALS_FULL_URI` and
 * `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` in its containers; temporary AK/SK of the associated
 * agency are obtained with one request (as the SDKs' `PodIdentityAccessor` sends it: Python core
 * `auth/internal.py`, Java `core/auth/PodIdentityAccessor.java`, Go package `core/auth/internal` `PodIdentityAccessor`):
 *
 *   POST $HC_CONTAINER_CREDENTIALS_FULL_URI
 *   Authorization: <content of $HC_CONTAINER_AUTHORIZATION_TOKEN_FILE, trimmed>
 *   Content-Type: application/json
 *   {}
 *
 * answered with `{"credentials":{"accessKeyId","secretAccessKey","securityToken","expiration"}, …}`
 * (CCE's AssumeAgencyForPodIdentity shape, which the Go and Java SDKs parse) or
 * `{"credential":{"access","secret","securitytoken","expires_at"}}` (IAM's shape; the Python SDK
 * accepts both). One attempt per call; the provider adds caching, single flight, refresh ahead of
 * expiry and retries (the same `RefreshingCache` and `withRetry` as the OIDC source).
 *
 * Plain http is allowed only to loopback and link-local hosts: the endpoint is node-local. Which
 * address CCE's endpoint uses is UNVERIFIED (Huawei's pages read for this change do not name it; [unverified:pod-identity-endpoint]
 * link-local 169.254.0.0/16 and fe80::/10 are accepted for that reason), everything else needs https.
 */
import { type Loaded } from './cache';
import { CredentialSource } from './credential-source';
import {
  ConfigError, IamRejectedError, IamResponseError, IamUnavailableError, type IamRejectedErrorCode, type WorkloadIdentityError,
} from './errors';
import { ContainerCredentialsEnv, SdkEnv } from '../contract/sdk-env';
import { localExpiry, parseHttpDate, parseIamTime } from './expiry';
import { type HttpAttemptContext, type RawResponse, postJson } from './http-attempt';
import { type TemporaryCredentials, field, parseJsonObject, str, withRedactedInspect } from './iam-client';
import { parseIamErrorBody, parseRetryAfter } from './iam-errors';
import { isLoopbackHost } from '../contract/loopback';
import { excerpt } from '../contract/excerpt';

export { CredentialSource };
import { decodeUnverifiedClaims, readTokenFile } from './token-file';

/** Options of the container-credentials source; they win over the environment. */
export interface ContainerCredentialsOptions {
  /**
   * Full URL of the credentials endpoint: `https://`, or `http://` on a loopback or link-local host.
   * @default env `HC_CONTAINER_CREDENTIALS_FULL_URI`
   */
  readonly containerCredentialsUri?: string;
  /**
   * File whose content is sent as `Authorization`; read afresh for every request.
   * @default env `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE`
   */
  readonly containerAuthorizationTokenFile?: string;
}

/** The resolved container-credentials configuration (contains no secrets). */
export interface ContainerCredentialsConfig {
  /** Always {@link CredentialSource.CONTAINER_CREDENTIALS}. */
  readonly source: CredentialSource.CONTAINER_CREDENTIALS;
  /** The endpoint, as validated. */
  readonly credentialsUri: string;
  /** The authorization token file. */
  readonly tokenFile: string;
  /** `HUAWEICLOUD_SDK_PROJECT_ID`, when set (not needed to obtain the credentials). */
  readonly projectId?: string;
  /** `HUAWEICLOUD_SDK_REGION`, when set (not needed to obtain the credentials). */
  readonly region?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function pick(explicit: string | undefined, env: Env, name: string): string | undefined {
  const value = explicit ?? env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Which source the environment selects: container credentials when both `HC_CONTAINER_*`
 * variables (or options) are set and neither OIDC variable is; OIDC federation otherwise (today's
 * behaviour, and the one whose errors name the missing variables). Pure.
 */
export function detectCredentialSource(options: ContainerCredentialsOptions & {
  readonly idpId?: string;
  readonly tokenFile?: string;
  readonly env?: Env;
} = {}): CredentialSource {
  const env = options.env ?? process.env;
  const oidc = pick(options.idpId, env, SdkEnv.IDP_ID) !== undefined || pick(options.tokenFile, env, SdkEnv.ID_TOKEN_FILE) !== undefined;
  const container = pick(options.containerCredentialsUri, env, ContainerCredentialsEnv.FULL_URI) !== undefined
    && pick(options.containerAuthorizationTokenFile, env, ContainerCredentialsEnv.AUTHORIZATION_TOKEN_FILE) !== undefined;
  return container && !oidc ? CredentialSource.CONTAINER_CREDENTIALS : CredentialSource.OIDC_FEDERATION;
}

/** 0-255 in canonical decimal (no leading zeros). */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const LINK_LOCAL_IPV4 = new RegExp(`^169\\.254\\.${OCTET}\\.${OCTET}$`);
/** fe80::/10 as `URL.hostname` writes it (bracketed, lower case). */
const LINK_LOCAL_IPV6 = /^\[?fe[89ab][0-9a-f]:[0-9a-f:]*\]?$/i;

/** Whether `host` is a link-local IP literal (169.254.0.0/16 or fe80::/10): it cannot leave the node's link. Pure. */
export function isLinkLocalHost(host: string): boolean {
  return LINK_LOCAL_IPV4.test(host) || LINK_LOCAL_IPV6.test(host);
}

/**
 * Validates the credentials endpoint: an absolute URL, `https:`, or `http:` on a loopback or
 * link-local host only; no user info or fragment. Returns the URL as `URL` serialises it.
 */
export function normalizeCredentialsUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError(`container credentials endpoint is not an absolute URL: ${JSON.stringify(excerpt(uri, [], 200))}`);
  }
  const plainAllowed = url.protocol === 'http:' && (isLoopbackHost(url.hostname) || isLinkLocalHost(url.hostname));
  if (url.protocol !== 'https:' && !plainAllowed) {
    throw new ConfigError(
      'container credentials endpoint must use https:// (plain http is allowed only on loopback and link-local hosts, where a node-local agent '
        + `listens): ${url.protocol}//${url.host}`,
    );
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError('container credentials endpoint must not contain credentials');
  if (url.hash !== '') throw new ConfigError('container credentials endpoint must not contain a fragment');
  return url.href;
}

/** Resolves options + environment; throws `CONFIG_INVALID` listing every problem. */
export function resolveContainerCredentialsConfig(options: ContainerCredentialsOptions & {
  readonly env?: Env;
  readonly projectId?: string;
  readonly region?: string;
} = {}): ContainerCredentialsConfig {
  const env = options.env ?? process.env;
  const uri = pick(options.containerCredentialsUri, env, ContainerCredentialsEnv.FULL_URI);
  const tokenFile = pick(options.containerAuthorizationTokenFile, env, ContainerCredentialsEnv.AUTHORIZATION_TOKEN_FILE);
  const projectId = pick(options.projectId, env, SdkEnv.PROJECT_ID);
  const region = pick(options.region, env, SdkEnv.REGION);
  const problems: string[] = [];
  if (uri === undefined) problems.push(`credentials endpoint missing (option containerCredentialsUri or ${ContainerCredentialsEnv.FULL_URI})`);
  if (tokenFile === undefined) problems.push('authorization token file missing (option containerAuthorizationTokenFile or '
    + `${ContainerCredentialsEnv.AUTHORIZATION_TOKEN_FILE})`);
  if (problems.length > 0) throw new ConfigError(`invalid pod identity configuration: ${problems.join('; ')}`);
  return {
    source: CredentialSource.CONTAINER_CREDENTIALS,
    credentialsUri: normalizeCredentialsUri(uri as string),
    tokenFile: tokenFile as string,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

const WHAT = 'the container credentials endpoint';

/**
 * One request for the agency's temporary credentials. The token file is read for every request
 * (the kubelet rotates it); both answer shapes are accepted; expiry is corrected for clock skew
 * with the `Date` header like IAM's answers.
 */
export async function fetchContainerCredentials(
  ctx: HttpAttemptContext,
  config: ContainerCredentialsConfig,
  deadline: number,
): Promise<Loaded<TemporaryCredentials>> {
  const token = await readTokenFile(config.tokenFile);
  ctx.secrets.add(token);
  const response = await postJson(ctx, config.credentialsUri, { Authorization: token }, '{}', deadline, WHAT);
  const body = parseJsonObject(response.text);
  const credential = field(body, 'credential') ?? field(body, 'credentials');
  const accessKey = str(credential, 'access') ?? str(credential, 'accessKeyId');
  const secretKey = str(credential, 'secret') ?? str(credential, 'secretAccessKey');
  const securityToken = str(credential, 'securitytoken') ?? str(credential, 'securityToken');
  ctx.secrets.add(accessKey);
  ctx.secrets.add(secretKey);
  ctx.secrets.add(securityToken);
  if (response.status < 200 || response.status > 299) throw containerCredentialsError(ctx, config, response, token);
  const expiresAt = parseIamTime(credential?.expires_at ?? credential?.expiration);
  const where = `POST ${new URL(config.credentialsUri).pathname}`;
  if (accessKey === undefined || secretKey === undefined || securityToken === undefined || expiresAt === undefined) {
    throw new IamResponseError(
      `${WHAT} answered HTTP ${response.status} to ${where} without credentials.accessKeyId/secretAccessKey/securityToken/expiration (or `
        + 'credential.access/secret/securitytoken/expires_at)',
    );
  }
  const serverDate = parseHttpDate(response.headers.get('date'));
  const local = localExpiry({ expiresAt, ...(serverDate !== undefined ? { serverDate } : {}), requestStart: response.requestStart });
  if (local <= response.requestStart) {
    throw new IamResponseError(`${WHAT} returned credentials that are already expired (expiration ${new Date(expiresAt).toISOString()})`);
  }
  const value = withRedactedInspect<TemporaryCredentials>({
    accessKey,
    secretKey,
    securityToken,
    expiresAt: new Date(expiresAt),
  }, ['secretKey', 'securityToken']);
  return { value, obtainedAt: response.requestStart, expiresAt: local };
}

/**
 * A non-2xx answer: 429, 408 and 5xx are retryable (`Retry-After` honoured), 401 is a refused
 * token, 403/404 "this ServiceAccount has no association (or its agency cannot be assumed)". The
 * status codes CCE's endpoint uses for each case are UNVERIFIED; the message carries the answer. [unverified:pod-identity-endpoint-errors]
 */
function containerCredentialsError(
  ctx: HttpAttemptContext,
  config: ContainerCredentialsConfig,
  response: RawResponse,
  token: string,
): WorkloadIdentityError {
  const parsed = parseIamErrorBody(response.text);
  const raw = [parsed.title, parsed.message].filter((p): p is string => p !== undefined && p !== '').join(': ');
  const shown = excerpt(raw !== '' ? raw : response.text, ctx.secrets);
  const errorCode = parsed.code !== undefined ? excerpt(parsed.code, ctx.secrets, 40) : undefined;
  const label = `POST ${new URL(config.credentialsUri).host}${new URL(config.credentialsUri).pathname}`;
  const detail = `HTTP ${response.status}${errorCode !== undefined ? ` ${errorCode}` : ''}${shown !== '' ? `: ${shown}` : ''}`;
  const options = { status: response.status, ...(errorCode !== undefined ? { iamErrorCode: errorCode } : {}) };
  const now = ctx.now();
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    const withRetryAfter = { ...options, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    return response.status === 429
      ? new IamUnavailableError('ERR_IAM_THROTTLED', `${WHAT} is throttling requests (${label} → ${detail})`, withRetryAfter)
      : new IamUnavailableError('ERR_IAM_SERVER_ERROR', `${WHAT} failed to serve the request (${label} → ${detail})`, withRetryAfter);
  }
  const claims = decodeUnverifiedClaims(token);
  const who = claims?.sub !== undefined ? `ServiceAccount ${JSON.stringify(claims.sub)}` : 'this ServiceAccount';
  const expired = claims?.exp !== undefined && claims.exp * 1000 <= now;
  let code: IamRejectedErrorCode;
  let hint: string;
  if (expired) {
    code = 'ERR_TOKEN_EXPIRED';
    hint = `the token in ${config.tokenFile} has expired (exp ${new Date((claims?.exp ?? 0) * 1000).toISOString()}, local clock `
      + `${new Date(now).toISOString()}); check that the kubelet rotates it and the clocks are in sync`;
  } else if (response.status === 401) {
    code = 'ERR_TOKEN_REJECTED';
    hint = `${WHAT} refused the token in ${config.tokenFile} (${who}); it must be the token CCE mounts for pod identity (audience service.cce.pods)`;
  } else if (response.status === 403 || response.status === 404) {
    code = 'ERR_NOT_ADMITTED';
    hint = `${WHAT} gives no credentials to ${who}: check that a pod identity association exists for it in this cluster and that its agency exists`;
  } else {
    code = 'ERR_IAM_REJECTED';
    hint = `${WHAT} rejected the request`;
  }
  return new IamRejectedError(code, `${hint} (${label} → ${detail})`, options);
}
