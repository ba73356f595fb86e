/**
 * `WorkloadIdentityCredentials`: the public provider. Exchanges the projected ServiceAccount token
 * for IAM tokens as IAM documents it — an unscoped token for temporary AK/SK (iam_13_0605,
 * iam_04_0003; what the SDKs do), a project-scoped token where a scoped token is needed
 * (`getToken`, `authHeaders`, `fetch`) — caches each with refresh ahead of expiry, and adds
 * `X-Auth-Token` to service calls.
 */
import { SECURITY_TOKEN_DURATION_SECONDS } from '../contract/iam-api';
import { type CacheEntry, type LoadReason, type Loaded, RefreshingCache } from './cache';
import { type Clock, type Timers, systemClock, systemTimers } from './clock';
import { type IdentityConfig, type IdentityConfigOptions, resolveIdentityConfig } from './config';
import {
  type ContainerCredentialsConfig,
  type ContainerCredentialsOptions,
  CredentialSource,
  detectCredentialSource,
  fetchContainerCredentials,
  resolveContainerCredentialsConfig,
} from './container-credentials';
import { ClientClosedError, ConfigError, IamRejectedError, WorkloadIdentityError } from './errors';
import { asWorkloadIdentityError } from './excerpt';
import {
  type HttpAttemptContext,
  type IamClientContext,
  type IamToken,
  type TemporaryCredentials,
  exchangeIdToken,
  exchangeSecurityToken,
} from './iam-client';
import { DEFAULT_AUTH_HOSTS, isAuthDestinationAllowed, isReplayable } from './auth-hosts';
import { type LogLevel, type Logger, type SafeLogger, safeLogger } from './logger';
import { SecretRegistry } from './redact';
import { type RetryContext, type RetryOptions, type RetryPolicy, resolveRetryPolicy, withRetry } from './retry';
import { bindSdkCredentials, type SdkCredentialsLike } from './sdk-credentials';
import { readTokenFile } from './token-file';

/** Options of {@link WorkloadIdentityCredentials}. Identity options default to the injected environment. */
export interface WorkloadIdentityCredentialsOptions extends IdentityConfigOptions, ContainerCredentialsOptions {
  /**
   * Where credentials come from. OIDC federation exchanges the projected ServiceAccount token at
   * IAM; container credentials (CCE pod identity) ask the platform's endpoint for the associated
   * agency's temporary AK/SK, which is all that source gives (no IAM token: `getToken`,
   * `authHeaders` and `fetch` fail with `ERR_CONFIG_INVALID`).
   * @default container credentials when `HC_CONTAINER_CREDENTIALS_FULL_URI` and
   * `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` are set (or given as options) and neither
   * `HUAWEICLOUD_SDK_IDP_ID` nor `HUAWEICLOUD_SDK_ID_TOKEN_FILE` is (nor `idpId` / `tokenFile`);
   * OIDC federation otherwise
   */
  readonly source?: CredentialSource;
  /**
   * `duration_seconds` requested for temporary credentials (900–86400).
   * @default 3600
   */
  readonly credentialsDurationSeconds?: number;
  /**
   * A cached token/credential is never handed out within this many seconds of its expiry (clamped
   * to 10% of its lifetime). Past this point `get*()` waits for a refresh, and fails with
   * `ERR_CREDENTIALS_EXPIRED` if IAM cannot be reached.
   * @default 300
   */
  readonly expiryMarginSeconds?: number;
  /**
   * Background refresh starts when this many seconds (or 25% of the lifetime, whichever is more;
   * at most 50%) remain before expiry. Until the expiry margin, failures keep the cached value in
   * service.
   * @default 900
   */
  readonly refreshAheadSeconds?: number;
  /**
   * Refresh on a timer when the refresh point is reached, even when nobody calls `get*()`
   * (timers are unref'd and never keep the process alive). When false, refresh is started by the
   * first call after the refresh point.
   * @default true
   */
  readonly backgroundRefresh?: boolean;
  /**
   * Timeout of a single HTTP attempt to IAM (also cut to the remaining retry budget).
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Retry policy for 429 / 5xx / network errors (4xx are never retried).
   * @default { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000, maxElapsedMs: 15000 }
   */
  readonly retry?: RetryOptions;
  /**
   * Receives redacted log lines (`console` works). Lines never contain tokens or secrets.
   * @default no logging
   */
  readonly logger?: Logger;
  /**
   * Hosts {@link WorkloadIdentityCredentials.fetch} may send the IAM token to: exact host names,
   * `.suffix` entries, or regular expressions tested against the host name. Loopback hosts and the
   * IAM endpoint's host are always allowed; non-loopback URLs must be https.
   * @default ['.myhuaweicloud.com', '.huaweicloud.com', '.myhuaweicloud.eu', '.huaweicloud.eu']
   */
  readonly authHosts?: ReadonlyArray<string | RegExp>;
  /**
   * Clock in ms (inject for deterministic tests).
   * @default Date.now
   */
  readonly now?: Clock;
  /**
   * Timers for back-off, request timeouts and background refresh (inject for deterministic tests).
   * @default Node's setTimeout/clearTimeout, unref'd
   */
  readonly timers?: Timers;
  /**
   * The fetch implementation used for IAM and by {@link WorkloadIdentityCredentials.fetch}.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Random source in [0, 1) for back-off jitter.
   * @default Math.random
   */
  readonly random?: () => number;
}

/** Where `fetch` may send the IAM token (auth-hosts.ts). */
export { DEFAULT_AUTH_HOSTS, isAuthDestinationAllowed };

const { min: MIN_DURATION_SECONDS, max: MAX_DURATION_SECONDS } = SECURITY_TOKEN_DURATION_SECONDS;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a non-negative number`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof WorkloadIdentityError ? `${error.code}: ${error.message}` : 'unexpected error';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Credentials for a pod's workload identity.
 *
 * ```ts
 * const identity = new WorkloadIdentityCredentials(); // reads HUAWEICLOUD_SDK_* from the environment
 * const res = await identity.fetch(`https://ecs.cn-north-4.myhuaweicloud.com/v1/${projectId}/cloudservers/detail`);
 * const { accessKey, secretKey, securityToken } = await identity.getCredentials();
 * ```
 */
export class WorkloadIdentityCredentials {
  /** Create a provider from the injected environment (plus overrides). */
  static fromEnv(options: WorkloadIdentityCredentialsOptions = {}): WorkloadIdentityCredentials {
    return new WorkloadIdentityCredentials(options);
  }

  /** Where credentials come from (chosen from the options and environment). */
  readonly source: CredentialSource;
  /**
   * The resolved configuration (contains no secrets): an `IdentityConfig` for OIDC federation, a
   * `ContainerCredentialsConfig` for container credentials (see `source`).
   */
  readonly config: IdentityConfig | ContainerCredentialsConfig;

  private readonly secrets = new SecretRegistry();
  private readonly log: SafeLogger;
  private readonly closeController = new AbortController();
  /** What one HTTP attempt needs (both sources). */
  private readonly http: HttpAttemptContext;
  /** The IAM exchanges' context: OIDC federation only. */
  private readonly client: IamClientContext | undefined;
  private readonly retryPolicy: RetryPolicy;
  private readonly durationSeconds: number;
  private readonly authHosts: ReadonlyArray<string | RegExp>;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly now: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  /** Project-scoped IAM token (getToken, authHeaders, fetch). */
  private readonly tokenCache: RefreshingCache<IamToken>;
  /** Unscoped IAM token, only to obtain temporary credentials with. */
  private readonly unscopedCache: RefreshingCache<IamToken>;
  private readonly credentialsCache: RefreshingCache<TemporaryCredentials>;

  /** @throws {ConfigError} `ERR_CONFIG_INVALID` when the options/environment are incomplete or invalid. */
  constructor(options: WorkloadIdentityCredentialsOptions = {}) {
    this.source = options.source ?? detectCredentialSource(options);
    if (this.source !== CredentialSource.OIDC_FEDERATION && this.source !== CredentialSource.CONTAINER_CREDENTIALS) {
      throw new ConfigError(`source must be "${CredentialSource.OIDC_FEDERATION}" or "${CredentialSource.CONTAINER_CREDENTIALS}"`);
    }
    const oidc = this.source === CredentialSource.OIDC_FEDERATION ? resolveIdentityConfig(options) : undefined;
    this.config = oidc ?? resolveContainerCredentialsConfig(options);
    this.log = safeLogger(options.logger, (line) => this.secrets.redact(line));
    this.now = options.now ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.retryPolicy = resolveRetryPolicy(options.retry);
    this.authHosts = options.authHosts ?? DEFAULT_AUTH_HOSTS;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new ConfigError('no fetch implementation available (Node >= 18 required)');
    this.fetchImpl = fetchImpl;

    const duration = options.credentialsDurationSeconds ?? 3600;
    if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS) {
      throw new ConfigError(`credentialsDurationSeconds must be an integer in [${MIN_DURATION_SECONDS}, ${MAX_DURATION_SECONDS}]`);
    }
    this.durationSeconds = duration;
    const requestTimeoutMs = nonNegative('requestTimeoutMs', options.requestTimeoutMs, 10_000);
    const schedule = {
      expiryMarginMs: nonNegative('expiryMarginSeconds', options.expiryMarginSeconds, 300) * 1000,
      refreshAheadMs: nonNegative('refreshAheadSeconds', options.refreshAheadSeconds, 900) * 1000,
    };
    const proactive = options.backgroundRefresh ?? true;

    this.http = {
      fetch: fetchImpl,
      now: this.now,
      timers: this.timers,
      requestTimeoutMs: Math.max(1, requestTimeoutMs),
      signal: this.closeController.signal,
      secrets: this.secrets,
      userAgent: 'cce-workload-identity-runtime',
    };
    this.client = oidc === undefined ? undefined : { ...this.http, config: oidc };

    // Both caches share the schedule, clock, timers and jitter source; only the name and loader differ.
    const cache = <T>(name: string, load: (reason: LoadReason) => Promise<Loaded<T>>): RefreshingCache<T> =>
      new RefreshingCache<T>({
        name,
        load: (reason) => load(reason).catch((error: unknown) => {
          throw asWorkloadIdentityError(error, `obtaining ${name}`, this.secrets);
        }),
        now: this.now,
        timers: this.timers,
        schedule,
        proactive,
        random: this.random,
        onLoaded: (entry) => this.logLoaded(name, entry),
        onLoadFailed: (error, reason, stale, retryIn) => this.logLoadFailed(name, error, reason, stale, retryIn),
      });
    this.tokenCache = cache<IamToken>('IAM token', (reason) => this.loadToken(reason, true));
    this.unscopedCache = cache<IamToken>('unscoped IAM token', (reason) => this.loadToken(reason, false));
    this.credentialsCache = cache<TemporaryCredentials>('temporary credentials', (reason) => this.loadCredentials(reason));
    this.log.log(
      'debug',
      oidc !== undefined
        ? `configured: idp ${oidc.providerName}, token file ${oidc.tokenFile}, IAM ${oidc.iamEndpoint}, scope ${JSON.stringify(oidc.scope)}`
        : `configured: container credentials from ${new URL((this.config as ContainerCredentialsConfig).credentialsUri).host}, authorization token `
          + `file ${this.config.tokenFile}`,
    );
  }

  /** The OIDC configuration, or a rejection for the container-credentials source (it gives no IAM token). */
  private oidcOnly(what: string): IdentityConfig {
    if (this.client === undefined) {
      throw new ConfigError(
        `${what} needs an IAM token, which only OIDC federation gives; with pod identity (container credentials) the pod gets temporary AK/SK only: `
          + 'sign requests with getCredentials()',
      );
    }
    return this.client.config;
  }

  /**
   * A project-scoped IAM token (send it as `X-Auth-Token` to project-level services). Cached until
   * shortly before expiry; concurrent callers share one exchange.
   */
  getToken(): Promise<IamToken> {
    try {
      this.oidcOnly('getToken()');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.tokenCache.get();
  }

  /**
   * Temporary AK/SK + security token (for SDK-HMAC-SHA256 signing), obtained with an unscoped IAM
   * token as IAM documents for federated users. Cached like {@link getToken}.
   */
  getCredentials(): Promise<TemporaryCredentials> {
    return this.credentialsCache.get();
  }

  /**
   * Binds a Node SDK credentials object (`new BasicCredentials().withProjectId(id)` or
   * `new GlobalCredentials().withDomainId(id)` of `@huaweicloud/huaweicloud-sdk-core`) to these
   * credentials and returns it: before every request the SDK makes, its AK, SK and security token
   * are set from {@link getCredentials} (cached, refreshed ahead of expiry). The Node SDK has no
   * pod-identity provider of its own; this works with either source.
   *
   * ```ts
   * const client = VpcClient.newBuilder()
   *   .withCredential(identity.sdkCredentials(new BasicCredentials().withProjectId(projectId)))
   *   .withEndpoint('https://vpc.cn-north-4.myhuaweicloud.com')
   *   .build();
   * ```
   */
  sdkCredentials<T extends SdkCredentialsLike>(credentials: T): T {
    return bindSdkCredentials(credentials, () => this.getCredentials());
  }

  /** `{ 'X-Auth-Token': <IAM token> }`, to merge into a request's headers. */
  async authHeaders(): Promise<{ readonly 'X-Auth-Token': string }> {
    this.oidcOnly('authHeaders()');
    const token = await this.tokenCache.get();
    return { 'X-Auth-Token': token.token };
  }

  /**
   * `fetch` with `X-Auth-Token` set. Refuses (ERR_CONFIG_INVALID) to send the token over plain http or
   * to hosts outside `authHosts`. When the service answers 401 and the request can be replayed
   * (no body, or a string/URLSearchParams/ArrayBuffer/Uint8Array body), the token is refreshed
   * once and the request repeated. Redirects are not followed unless `init.redirect` says so
   * (`X-Auth-Token` would be forwarded to the redirect target).
   */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const config = this.oidcOnly('fetch()');
    const url = new URL(String(input));
    if (!isAuthDestinationAllowed(url, this.authHosts, config.iamEndpoint)) {
      throw new ConfigError(
        `refusing to send the IAM token to ${url.protocol}//${url.host} (not https, or host not in authHosts)`,
      );
    }
    const send = (token: string): Promise<Response> => {
      const headers = new Headers(init.headers);
      headers.set('X-Auth-Token', token);
      return this.fetchImpl(url, { ...init, headers, redirect: init.redirect ?? 'manual' });
    };
    const first = await this.tokenCache.get();
    const response = await send(first.token);
    if (response.status !== 401 || !isReplayable(init.body)) return response;
    this.log.log('info', `service answered 401 to ${init.method ?? 'GET'} ${url.host}${url.pathname}; refreshing the IAM token once`);
    await response.body?.cancel().catch(() => undefined);
    const fresh = await this.tokenCache.refresh();
    return send(fresh.token);
  }

  /**
   * Force new exchanges now: of the IAM token and of the temporary credentials (with a new
   * unscoped token) — of those in use, or of both when neither has been requested yet.
   */
  async refresh(): Promise<void> {
    if (this.client === undefined) {
      await this.credentialsCache.refresh();
      return;
    }
    const neither = this.tokenCache.peek() === undefined && this.credentialsCache.peek() === undefined;
    if (neither || this.tokenCache.peek() !== undefined) await this.tokenCache.refresh();
    if (neither || this.credentialsCache.peek() !== undefined) {
      await this.unscopedCache.refresh();
      await this.credentialsCache.refresh();
    }
  }

  /** Stop background refresh and abort in-flight requests; later calls fail with `ERR_CLIENT_CLOSED`. */
  close(): void {
    if (this.closeController.signal.aborted) return;
    this.closeController.abort(new ClientClosedError());
    this.tokenCache.close();
    this.unscopedCache.close();
    this.credentialsCache.close();
    this.log.log('debug', 'closed');
  }

  private retryContext(what: string): RetryContext {
    return {
      policy: this.retryPolicy,
      now: this.now,
      timers: this.timers,
      random: this.random,
      signal: this.closeController.signal,
      isRetryable: (error) => error instanceof WorkloadIdentityError && error.retryable,
      retryAfterMs: (error) => (error as { retryAfterMs?: number }).retryAfterMs,
      onRetry: (error, attempt, delay) =>
        this.log.log('warn', `${what} attempt ${attempt}/${this.retryPolicy.maxAttempts} failed (${describe(error)}); retrying in ${delay} ms`),
    };
  }

  private loadToken(reason: LoadReason, scoped: boolean): Promise<Loaded<IamToken>> {
    const client = this.client;
    if (client === undefined) return Promise.reject(new ConfigError('no IAM token with container credentials'));
    const what = scoped ? 'a project-scoped IAM token' : 'an unscoped IAM token';
    this.log.log('debug', `exchanging the ServiceAccount token from ${client.config.tokenFile} for ${what} (${reason})`);
    return withRetry(async ({ deadline }) => {
      const jwt = await readTokenFile(client.config.tokenFile); // fresh every attempt: the kubelet rotates it
      return exchangeIdToken(client, jwt, deadline, scoped);
    }, this.retryContext(scoped ? 'IAM token request' : 'unscoped IAM token request'));
  }

  /**
   * The unscoped IAM token to obtain credentials with. IAM caps credentials at the token's
   * remaining life, so a token in its refresh window, or with less than 75% of the credentials'
   * achievable lifetime left, is replaced first (joining any background refresh); if that fails,
   * the still-valid cached token is used.
   */
  private async tokenForCredentials(): Promise<IamToken> {
    const token = await this.unscopedCache.get();
    const entry = this.unscopedCache.peek();
    if (entry === undefined || entry.value !== token) return token;
    const now = this.now();
    const achievable = Math.min(this.durationSeconds * 1000, entry.expiresAt - entry.obtainedAt);
    if (now < entry.refreshAt && entry.expiresAt - now >= achievable * 0.75) return token;
    try {
      return await this.unscopedCache.refresh();
    } catch {
      return token; // already logged by the token cache; stale-while-valid
    }
  }

  private async loadCredentials(reason: LoadReason): Promise<Loaded<TemporaryCredentials>> {
    const client = this.client;
    if (client === undefined) {
      const config = this.config as ContainerCredentialsConfig;
      this.log.log('debug', `requesting temporary credentials from ${new URL(config.credentialsUri).host} (${reason})`);
      // The authorization token file is read for every attempt: the kubelet rotates it.
      return withRetry(({ deadline }) => fetchContainerCredentials(this.http, config, deadline), this.retryContext('container credentials request'));
    }
    const token = await this.tokenForCredentials();
    this.log.log('debug', `requesting temporary credentials for ${this.durationSeconds} s (${reason})`);
    const exchange = (iamToken: string): Promise<Loaded<TemporaryCredentials>> => {
      const tokenExpiry = this.unscopedCache.peek()?.expiresAt;
      return withRetry(
        ({ deadline }) => exchangeSecurityToken(client, iamToken, this.durationSeconds, deadline, tokenExpiry),
        this.retryContext('temporary credentials request'),
      );
    };
    try {
      return await exchange(token.token);
    } catch (error) {
      if (!(error instanceof IamRejectedError && error.status === 401)) throw error;
      // the IAM token was revoked or expired early: get a new one, once
      this.log.log('warn', 'IAM rejected the cached unscoped IAM token (HTTP 401); exchanging the ServiceAccount token again');
      this.unscopedCache.invalidate();
      const fresh = await this.unscopedCache.get();
      return exchange(fresh.token);
    }
  }

  private logLoaded(what: string, entry: CacheEntry<unknown>): void {
    this.log.log(
      'info',
      `obtained ${what}: valid until ${iso(entry.expiresAt)} (local clock), background refresh from ${iso(entry.refreshAt)}, ` +
        `served until ${iso(entry.usableUntil)}`,
    );
  }

  private logLoadFailed(what: string, error: unknown, reason: LoadReason, stale: boolean, retryIn: number | undefined): void {
    const level: LogLevel = stale ? 'warn' : 'error';
    const tail = stale ? `; still serving the cached ${what}, next attempt in ${retryIn ?? 0} ms` : '';
    this.log.log(level, `${reason} refresh of ${what} failed (${describe(error)})${tail}`);
  }
}
