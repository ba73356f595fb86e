/**
 * The emulator: an IAM endpoint (federated token exchange + temporary AK/SK) and a fake cloud
 * service that only accepts requests signed with the temporary credentials it issued. This module
 * starts it and routes requests; the parts live beside it: http.ts (listeners, JSON answers),
 * iam-routes.ts (the IAM APIs), fake-service.ts (the signed service), fault-injection.ts
 * (`failNext`, `setDown`), decision-log.ts (what was admitted or denied, and why),
 * issued-credentials.ts (what was issued).
 */
import type { IncomingMessage } from 'node:http';
import { ID_TOKEN_PATH, SECURITY_TOKEN_PATH } from '../../contract/iam-api';
import { isLoopbackHost } from '../../contract/loopback';
import type { TerraformGrants } from '../../iam-model/grants-loader';
import { DecisionLog, type EmulatorDecision } from './decision-log';
import { FakeService } from './fake-service';
import { FaultInjector } from './fault-injection';
import { EmulatorListeners, pathOf, type Answer } from './http';
import { EmulatorConfigError, EmulatorConfigErrorCode, IamError, IamErrorCode } from '../../iam-model/iam-errors';
import { IamRoutes } from './iam-routes';
import { IssuedCredentials, stableId, type IssuedIamToken } from './issued-credentials';
import type { EmulatedProject } from './service-authorizer';
import { loadClusters, PodIdentityRoutes, type EmulatedCluster, type PodIdentityCaller } from './pod-identity-routes';
import { loadTerraform, type EmulatedIdentityProvider, type TerraformInput } from '../../iam-model/terraform-loader';
import { jose } from '../../iam-model/jose';

/**
 * Paths of IAM's "obtain a token with an OpenID Connect ID token" API (`X-Idp-Id` + JSON body) and
 * "obtain temporary access keys with a token" API: lib/contract's, which the runtime calls.
 */
export { ID_TOKEN_PATH, SECURITY_TOKEN_PATH };
/**
 * Keystone-style "unscoped token with an OpenID Connect ID token" API
 * (`POST /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth`,
 * `Authorization: Bearer <id token>`) — what `@huaweicloud/huaweicloud-sdk-core` 3.1.x calls.
 */
export const FEDERATION_AUTH_PATH = /^\/v3\/OS-FEDERATION\/identity_providers\/([^/]+)\/protocols\/([^/]+)\/auth$/;

/** Options of {@link startIamEmulator}. */
export interface IamEmulatorOptions {
  /** Path(s) to a synthesized `cdk.tf.json`, or its parsed content. */
  readonly terraform: TerraformInput;
  /** Interface to listen on; non-loopback hosts are refused unless `allowNonLoopback`. @default '127.0.0.1' */
  readonly host?: string;
  /** IAM port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Port of the fake cloud service; 0 picks a free one. @default 0 */
  readonly servicePort?: number;
  /** Allow listening on a non-loopback host (the emulator accepts forged-looking tokens by design of tests). @default false */
  readonly allowNonLoopback?: boolean;
  /** Clock in ms since the epoch, for token checks, token/credential lifetimes and `X-Sdk-Date` checks. @default Date.now */
  readonly now?: () => number;
  /** Tolerance for the id token's `exp` / `nbf` / `iat`, in seconds. @default 60 */
  readonly clockSkewSeconds?: number;
  /** Lifetime of the IAM tokens the emulator issues, in seconds (IAM: 24 h). @default 86400 */
  readonly tokenLifetimeSeconds?: number;
  /** The account (domain) federated users belong to. @default { id: <derived>, name: 'emulated-domain' } */
  readonly domain?: { readonly id?: string; readonly name?: string };
  /** Operator log, one line per admission / denial / injected failure; never contains a token or secret. @default no-op */
  readonly log?: (line: string) => void;
  /**
   * Projects of the emulated account (id and name), so the fake service can relate a request's
   * project id to assignments scoped to a project looked up by name. @default none
   */
  readonly projects?: EmulatedProject[];
  /**
   * Serve https with a throwaway CA generated at start (see {@link IamEmulator.caFile}): the Go
   * SDK prefixes `https://` to any IAM endpoint, so it cannot use a plain-http emulator.
   * @default false
   */
  readonly tls?: boolean;
  /**
   * CCE pod identity: the clusters whose ServiceAccount tokens the emulator verifies (their public
   * JWKS; the Terraform of a pod-identity binding holds none), for the container-credentials
   * endpoint and the AssumeAgencyForPodIdentity API (`pod-identity-routes.ts`).
   * @default [] (pod identity requests are refused: no keys)
   */
  readonly podIdentityClusters?: EmulatedCluster[];
  /**
   * Refuse a project- or domain-scoped IAM token at `securitytokens` (400 `IAM.AuthTokenScoped`).
   * This is the emulator's own rule, STRICTER than IAM's documentation: the temporary-credentials
   * API (iam_04_0002) accepts "an IAM user token, federated user token, or agency token" without
   * saying unscoped; only the federated-user guide (iam_04_0003) and iam_13_0605 use an unscoped
   * token. On by default to hold clients to the documented flow; `false` accepts any token.
   * @default true
   */
  readonly refuseScopedTokenForSecurityTokens?: boolean;
}

/** One admission, denial or injected failure (decision-log.ts). */
export { formatDecision, type EmulatorDecision } from './decision-log';

/** Counters of successful operations. */
export interface IamEmulatorStats {
  /** Id tokens exchanged for IAM tokens (201 answers, either id-token API). */
  idTokenExchanges: number;
  /** IAM tokens exchanged for temporary AK/SK (201 answers). */
  securityTokenExchanges: number;
  /** Signed requests the fake service accepted. */
  serviceCalls: number;
  /** Accepted service requests that named an action (`X-Emulator-Action`) the caller's policies allow. */
  authorizedServiceCalls: number;
  /** Pod identity credentials issued (container endpoint or AssumeAgencyForPodIdentity). */
  podIdentityCredentials: number;
}

/** Counters of all requests received, whatever their outcome. */
export interface IamEmulatorRequestCounts {
  /** Requests to either id-token API. */
  idToken: number;
  /** Requests to the security-token API. */
  securityToken: number;
  /** Requests to the fake service. */
  service: number;
  /** Requests to the pod identity endpoints. */
  podIdentity: number;
}

/** A running emulator. */
export interface IamEmulator {
  /** IAM endpoint, e.g. `http://127.0.0.1:34567` (set `HUAWEICLOUD_SDK_IAM_ENDPOINT` to it). */
  readonly url: string;
  /** Fake cloud service base URL; accepts any path/method signed with an issued temporary credential. */
  readonly serviceUrl: string;
  /**
   * With `tls`: the file holding the throwaway CA certificate (PEM) clients must trust
   * (`NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`, ...); removed by `stop()`. @default undefined (plain http)
   */
  readonly caFile: string | undefined;
  /** With `tls`: the CA certificate (PEM) itself. @default undefined (plain http) */
  readonly caCertificate: string | undefined;
  /** Successful operations. */
  readonly stats: IamEmulatorStats;
  /** All requests received. */
  readonly requestCounts: IamEmulatorRequestCounts;
  /** Every admission / denial / injected failure so far, oldest first. */
  readonly decisions: readonly EmulatorDecision[];
  /** Identity providers loaded from the Terraform JSON. */
  readonly providers: readonly EmulatedIdentityProvider[];
  /**
   * Groups, roles and assignments loaded from the Terraform JSON (what the fake service authorizes with).
   * @internal
   */
  readonly grants: TerraformGrants;
  /**
   * The next `times` requests to `path` (`'/v3.0/OS-AUTH/id-token/tokens'`,
   * `'/v3.0/OS-CREDENTIAL/securitytokens'`, the Keystone federation path, or `'*'` for any IAM
   * request) answer `status` with an IAM-style body, or have their connection destroyed when
   * `status` is `'network'`. Calls queue up in order.
   */
  failNext(path: string, status: number | 'network', times?: number): void;
  /** While down, every IAM request answers 503 (or, with `'network'`, has its connection destroyed). */
  setDown(down: false | 503 | 'network'): void;
  /**
   * CCE pod identity: the URL to set as `HC_CONTAINER_CREDENTIALS_FULL_URI` for pods of
   * `clusterId` (on the IAM listener). Throws when no association names that cluster.
   * @default clusterId: the only cluster the associations name
   */
  containerCredentialsUrl(clusterId?: string): string;
  /** Stops both listeners and drops open connections. */
  stop(): Promise<void>;
}

/** Starts an emulator. Rejects with {@link EmulatorConfigError} for bad input or options. */
export async function startIamEmulator(options: IamEmulatorOptions): Promise<IamEmulator> {
  // Every token route needs jose: without it, refuse to start (ERR_WORKLOAD_IDENTITY_JOSE_UNAVAILABLE) rather than deny every token.
  jose();
  const host = options.host ?? '127.0.0.1';
  if (!options.allowNonLoopback && !isLoopback(host)) {
    throw new EmulatorConfigError(
      EmulatorConfigErrorCode.NonLoopbackHost,
      `refusing to listen on non-loopback host ${JSON.stringify(host)}: the emulator hands out credentials to anyone holding a test token; pass `
        + 'allowNonLoopback: true if you really mean it',
    );
  }
  checkNonNegativeInteger(options.port, 'port');
  checkNonNegativeInteger(options.servicePort, 'servicePort');
  checkPositive(options.tokenLifetimeSeconds, 'tokenLifetimeSeconds');
  checkNonNegative(options.clockSkewSeconds, 'clockSkewSeconds');
  const { providers, grants } = loadTerraform(options.terraform);
  const clusters = loadClusters(options.podIdentityClusters ?? []);
  const emulator = new EmulatorCore(options, providers, grants, clusters);
  await emulator.listen(host, options.port ?? 0, options.servicePort ?? 0);
  return emulator;
}

class EmulatorCore implements IamEmulator {
  public readonly stats: IamEmulatorStats = {
    idTokenExchanges: 0,
    securityTokenExchanges: 0,
    serviceCalls: 0,
    authorizedServiceCalls: 0,
    podIdentityCredentials: 0,
  };
  public readonly requestCounts: IamEmulatorRequestCounts = { idToken: 0, securityToken: 0, service: 0, podIdentity: 0 };
  public readonly decisions: readonly EmulatorDecision[];
  public url = '';
  public serviceUrl = '';
  public readonly caFile: string | undefined;
  public readonly caCertificate: string | undefined;
  private readonly decisionLog: DecisionLog;
  private readonly faults: FaultInjector;
  private readonly iam: IamRoutes;
  private readonly service: FakeService;
  private readonly listeners: EmulatorListeners;
  private readonly issued: IssuedCredentials;
  private readonly now: () => number;
  private readonly podIdentity: PodIdentityRoutes;

  constructor(
    options: IamEmulatorOptions, public readonly providers: readonly EmulatedIdentityProvider[], public readonly grants: TerraformGrants,
    clusters: ReadonlyMap<string, EmulatedIdentityProvider>,
  ) {
    const now = options.now ?? Date.now;
    this.now = now;
    const log = options.log ?? (() => undefined);
    const domainName = options.domain?.name ?? 'emulated-domain';
    const issued = new IssuedCredentials();
    this.issued = issued;
    this.decisionLog = new DecisionLog(now, log);
    this.decisions = this.decisionLog.decisions;
    this.faults = new FaultInjector(this.decisionLog);
    this.iam = new IamRoutes({
      now,
      clockSkewSeconds: options.clockSkewSeconds ?? 60,
      tokenLifetimeMs: (options.tokenLifetimeSeconds ?? 86400) * 1000,
      refuseScopedToken: options.refuseScopedTokenForSecurityTokens !== false,
      domain: { id: options.domain?.id ?? stableId(`domain:${domainName}`), name: domainName },
      providers: new Map(providers.map((p) => [p.name, p])),
      issued,
      decisions: this.decisionLog,
      stats: this.stats,
    });
    this.podIdentity = new PodIdentityRoutes(grants.associations ?? [], clusters, {
      now,
      clockSkewSeconds: options.clockSkewSeconds ?? 60,
      domainId: options.domain?.id ?? stableId(`domain:${domainName}`),
      issue: (caller, lifetimeMs) => this.issuePodIdentityCredential(caller, lifetimeMs),
      deny: (endpoint, error, context) => this.decisionLog.deny(endpoint, error, context),
      admit: (endpoint, status, context, reason) => this.decisionLog.record({ endpoint, outcome: 'admitted', status, ...context, reason }),
    });
    this.service = new FakeService({
      now,
      issued,
      grants,
      projects: options.projects ?? [],
      decisions: this.decisionLog,
      stats: this.stats,
      requestCounts: this.requestCounts,
    });
    const tlsHosts = options.tls === true ? (options.host === undefined ? [] : [options.host]) : undefined;
    this.listeners = new EmulatorListeners(tlsHosts, (req, body) => this.handleIam(req, body), (req, body) => this.service.handle(req, body), log);
    this.caFile = this.listeners.caFile;
    this.caCertificate = this.listeners.caCertificate;
  }

  async listen(host: string, port: number, servicePort: number): Promise<void> {
    await this.listeners.listen(host, port, servicePort);
    this.url = this.listeners.url;
    this.serviceUrl = this.listeners.serviceUrl;
  }

  failNext(path: string, status: number | 'network', times = 1): void {
    this.faults.failNext(path, status, times);
  }

  containerCredentialsUrl(clusterId?: string): string {
    const known = this.podIdentity.clusterIds;
    const id = clusterId ?? (known.length === 1 ? known[0] : undefined);
    if (id === undefined || !known.includes(id)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, 'containerCredentialsUrl: '
        + `${clusterId === undefined ? 'name the cluster' : `no association names cluster ${clusterId}`} (clusters: ${known.join(', ') || 'none'})`);
    }
    return `${this.url}/pod-identity/clusters/${encodeURIComponent(id)}/credentials`;
  }

  /** A temporary credential of an agency (pod identity): no groups; the fake service authorizes it with the agency's roles. */
  private issuePodIdentityCredential(caller: PodIdentityCaller, lifetimeMs: number): {
    access: string;
    secret: string;
    securityToken: string;
    expiresAt: number;
  } {
    const now = this.now();
    const record: IssuedIamToken = {
      scope: 'unscoped', provider: 'pod-identity:'
        + `${caller.clusterId}`, username: caller.agency, userId: stableId(`agency:${caller.agency}`), groups: [],
      subject: caller.subject, jti: caller.jti, iat: caller.iat, expiresAt: now + lifetimeMs, agency: caller.agency,
    };
    const { access, credential } = this.issued.issueCredential(record, now + lifetimeMs);
    this.stats.podIdentityCredentials += 1;
    return { access, secret: credential.secret, securityToken: credential.securityToken, expiresAt: credential.expiresAt };
  }

  setDown(down: false | 503 | 'network'): void {
    this.faults.setDown(down);
  }

  async stop(): Promise<void> {
    await this.listeners.stop();
  }

  /** Routes a request to the IAM endpoint: injected failures first, then the API its path names. */
  private async handleIam(req: IncomingMessage, body: Buffer): Promise<Answer | 'network'> {
    const path = pathOf(req);
    const isIdToken = path === ID_TOKEN_PATH || FEDERATION_AUTH_PATH.test(path);
    if (isIdToken) this.requestCounts.idToken += 1;
    if (path === SECURITY_TOKEN_PATH) this.requestCounts.securityToken += 1;
    const podIdentity = this.podIdentity.matches(path);
    if (podIdentity) this.requestCounts.podIdentity += 1;

    const injected = this.faults.take(path);
    if (injected !== undefined) return injected;

    if (req.method !== 'POST') {
      return this.decisionLog.deny(path, new IamError({
        status: isIdToken || path === SECURITY_TOKEN_PATH ? 405 : 404,
        code: isIdToken || path === SECURITY_TOKEN_PATH ? IamErrorCode.MethodNotAllowed : IamErrorCode.ApiNotFound,
        check: 'request',
        message: `${req.method ?? '?'} ${path} is not supported.`,
      }), {});
    }
    if (path === ID_TOKEN_PATH) return this.iam.idTokenExchange(path, req, body);
    const federation = FEDERATION_AUTH_PATH.exec(path);
    if (federation) return this.iam.federationAuth(path, req, decodeURIComponent(federation[1]), decodeURIComponent(federation[2]));
    if (path === SECURITY_TOKEN_PATH) return this.iam.securityTokenExchange(path, req, body);
    if (podIdentity) return this.podIdentity.handle(path, req, body);
    return this.decisionLog.deny(path, new IamError({
      status: 404,
      code: IamErrorCode.ApiNotFound,
      check: 'request',
      message: `No API ${path} in the IAM emulator.`,
    }), {});
  }
}

/**
 * Whether a host string designates the loopback interface: lib/contract's `isLoopbackHost`
 * (`localhost`, `127.x.y.z`, `::1` / `[::1]`), so the emulator and the SDK side agree.
 */
export function isLoopback(host: string): boolean {
  return isLoopbackHost(host);
}

function checkNonNegativeInteger(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535)) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `${name} must be an integer from 0 to 65535, got ${value}`);
  }
}

function checkPositive(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `${name} must be a positive number, got ${value}`);
  }
}

function checkNonNegative(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `${name} must be a non-negative number, got ${value}`);
  }
}
