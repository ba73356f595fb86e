/**
 * The emulator's HTTP side: an IAM endpoint (federated token exchange + temporary AK/SK) and a fake
 * cloud service that only accepts requests signed with the temporary credentials it issued.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';
import { ID_TOKEN_PATH, SECURITY_TOKEN_PATH } from '../../runtime/iam-client';
import { redactSecrets } from '../../core/rules';
import { isLoopbackHost } from '../../runtime/loopback';
import {
  EmulatorConfigError,
  EmulatorConfigErrorCode,
  IamError,
  IamErrorCode,
  type IamCheck,
} from './iam-errors';
import { verifySdkSignature, type IssuedCredential } from './signature';
import type { TerraformGrants } from '../permissions/grants-loader';
import { authorizeServiceRequest, type EmulatedProject } from './service-authorizer';
import { loadClusters, PodIdentityRoutes, type EmulatedCluster, type PodIdentityCaller } from './pod-identity-routes';
import { loadTerraform, type EmulatedIdentityProvider, type TerraformInput } from './terraform-loader';
import { generateEmulatorTls } from './tls';
import { admitIdToken, peekClaims, type AdmittedIdToken } from './token-verifier';

/**
 * Paths of IAM's "obtain a token with an OpenID Connect ID token" API (`X-Idp-Id` + JSON body) and
 * "obtain temporary access keys with a token" API: the runtime's constants, so both sides agree.
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
}

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

/** One admission, denial or injected failure, as the operator log reports it (structured). */
export interface EmulatorDecision {
  /** When (ISO 8601, emulator clock). */
  readonly at: string;
  /** Request path (without query), or `service <path>` for the fake service. */
  readonly endpoint: string;
  /** Outcome. */
  readonly outcome: 'admitted' | 'denied' | 'injected';
  /** HTTP status answered (0 when the connection was destroyed). */
  readonly status: number;
  /** Error code, for denials and injected failures. */
  readonly code: string | undefined;
  /** Which check failed, for denials. */
  readonly check: IamCheck | undefined;
  /** Identity provider involved, if known. */
  readonly provider: string | undefined;
  /** `sub` of the id token (unverified for denials), if known. */
  readonly subject: string | undefined;
  /** `jti` of the id token, if it has one. */
  readonly jti: string | undefined;
  /** `iat` of the id token (seconds), if it has one. */
  readonly iat: number | undefined;
  /** Federated user, when admitted. */
  readonly user: string | undefined;
  /** User groups, when admitted. */
  readonly groups: readonly string[] | undefined;
  /** Access key id (not the secret) of the temporary credential, when one is involved. */
  readonly accessKey: string | undefined;
  /** What happened and why. */
  readonly reason: string;
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
  /** Groups, roles and assignments loaded from the Terraform JSON (what the fake service authorizes with). */
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

interface IssuedIamToken {
  /** What the token was scoped to when issued: temporary credentials need an unscoped one. */
  readonly scope: 'unscoped' | 'project' | 'domain';
  readonly provider: string;
  readonly username: string;
  readonly userId: string;
  readonly groups: readonly string[];
  readonly subject: string | undefined;
  readonly jti: string | undefined;
  readonly iat: number | undefined;
  readonly expiresAt: number;
  /** For pod identity credentials: the agency they belong to (no groups). */
  readonly agency?: string;
}

interface IssuedTemporaryCredential extends IssuedCredential {
  readonly token: IssuedIamToken;
}

interface InjectedFailure {
  readonly path: string;
  readonly status: number | 'network';
  remaining: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 86400;
const DEFAULT_DURATION_SECONDS = 900;

/** Starts an emulator. Rejects with {@link EmulatorConfigError} for bad input or options. */
export async function startIamEmulator(options: IamEmulatorOptions): Promise<IamEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!options.allowNonLoopback && !isLoopback(host)) {
    throw new EmulatorConfigError(
      EmulatorConfigErrorCode.NonLoopbackHost,
      `refusing to listen on non-loopback host ${JSON.stringify(host)}: the emulator hands out credentials to anyone holding a test token; pass allowNonLoopback: true if you really mean it`,
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
  public readonly stats: IamEmulatorStats = { idTokenExchanges: 0, securityTokenExchanges: 0, serviceCalls: 0, authorizedServiceCalls: 0, podIdentityCredentials: 0 };
  public readonly requestCounts: IamEmulatorRequestCounts = { idToken: 0, securityToken: 0, service: 0, podIdentity: 0 };
  public readonly decisions: EmulatorDecision[] = [];
  public url = '';
  public serviceUrl = '';
  public caFile: string | undefined;
  public caCertificate: string | undefined;
  private readonly scheme: 'http' | 'https';
  private readonly tlsDir: string | undefined;

  private readonly now: () => number;
  private readonly skew: number;
  private readonly tokenLifetimeMs: number;
  private readonly log: (line: string) => void;
  private readonly domain: { readonly id: string; readonly name: string };
  private readonly byName: ReadonlyMap<string, EmulatedIdentityProvider>;
  private readonly projects: readonly EmulatedProject[];
  private readonly tokens = new Map<string, IssuedIamToken>();
  private readonly credentials = new Map<string, IssuedTemporaryCredential>();
  private readonly injected: InjectedFailure[] = [];
  private down: false | 503 | 'network' = false;
  private readonly iamServer: Server;
  private readonly serviceServer: Server;
  private readonly sockets = new Set<Socket>();
  private readonly podIdentity: PodIdentityRoutes;

  constructor(
    options: IamEmulatorOptions, public readonly providers: readonly EmulatedIdentityProvider[], public readonly grants: TerraformGrants,
    clusters: ReadonlyMap<string, EmulatedIdentityProvider>,
  ) {
    this.now = options.now ?? Date.now;
    this.skew = options.clockSkewSeconds ?? 60;
    this.tokenLifetimeMs = (options.tokenLifetimeSeconds ?? 86400) * 1000;
    this.log = options.log ?? (() => undefined);
    const domainName = options.domain?.name ?? 'emulated-domain';
    this.domain = { id: options.domain?.id ?? stableId(`domain:${domainName}`), name: domainName };
    this.byName = new Map(providers.map((p) => [p.name, p]));
    this.projects = options.projects ?? [];
    this.podIdentity = new PodIdentityRoutes(grants.associations ?? [], clusters, {
      now: this.now,
      clockSkewSeconds: this.skew,
      domainId: this.domain.id,
      issue: (caller, lifetimeMs) => this.issuePodIdentityCredential(caller, lifetimeMs),
      deny: (endpoint, error, context) => this.denyAnswer(endpoint, error, context),
      admit: (endpoint, status, context, reason) => this.record({ endpoint, outcome: 'admitted', status, ...context, reason }),
    });
    const iamHandler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res, (body) => this.handleIam(req, body));
    const serviceHandler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res, (body) => this.handleService(req, body));
    if (options.tls === true) {
      const material = generateEmulatorTls(options.host === undefined ? [] : [options.host]);
      this.tlsDir = mkdtempSync(join(tmpdir(), 'cce-wi-emulator-tls-'));
      this.caFile = join(this.tlsDir, 'ca.pem');
      writeFileSync(this.caFile, material.caCertificatePem, { mode: 0o644 });
      this.caCertificate = material.caCertificatePem;
      const tls = { key: material.privateKeyPem, cert: material.certificatePem };
      this.scheme = 'https';
      this.iamServer = createHttpsServer(tls, iamHandler);
      this.serviceServer = createHttpsServer(tls, serviceHandler);
    } else {
      this.scheme = 'http';
      this.iamServer = createServer(iamHandler);
      this.serviceServer = createServer(serviceHandler);
    }
    for (const server of [this.iamServer, this.serviceServer]) {
      server.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
    }
  }

  async listen(host: string, port: number, servicePort: number): Promise<void> {
    let iamPort: number;
    try {
      iamPort = await listenOn(this.iamServer, host, port);
    } catch (error) {
      this.removeTlsFiles();
      throw error;
    }
    try {
      const svcPort = await listenOn(this.serviceServer, host, servicePort);
      this.serviceUrl = formatUrl(this.scheme, host, svcPort);
    } catch (error) {
      await closeServer(this.iamServer);
      this.removeTlsFiles();
      throw error;
    }
    this.url = formatUrl(this.scheme, host, iamPort);
  }

  private removeTlsFiles(): void {
    if (this.tlsDir !== undefined) rmSync(this.tlsDir, { recursive: true, force: true });
  }

  failNext(path: string, status: number | 'network', times = 1): void {
    if (status !== 'network' && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `failNext status must be an HTTP error status (400-599) or 'network', got ${String(status)}`);
    }
    if (!Number.isInteger(times) || times < 1) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `failNext times must be a positive integer, got ${times}`);
    }
    this.injected.push({ path, status, remaining: times });
  }

  containerCredentialsUrl(clusterId?: string): string {
    const known = this.podIdentity.clusterIds;
    const id = clusterId ?? (known.length === 1 ? known[0] : undefined);
    if (id === undefined || !known.includes(id)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `containerCredentialsUrl: ${clusterId === undefined ? 'name the cluster' : `no association names cluster ${clusterId}`} (clusters: ${known.join(', ') || 'none'})`);
    }
    return `${this.url}/pod-identity/clusters/${encodeURIComponent(id)}/credentials`;
  }

  /** A temporary credential of an agency (pod identity): no groups; the fake service authorizes it with the agency's roles. */
  private issuePodIdentityCredential(caller: PodIdentityCaller, lifetimeMs: number): { access: string; secret: string; securityToken: string; expiresAt: number } {
    const now = this.now();
    const record: IssuedIamToken = {
      scope: 'unscoped', provider: `pod-identity:${caller.clusterId}`, username: caller.agency, userId: stableId(`agency:${caller.agency}`), groups: [],
      subject: caller.subject, jti: caller.jti, iat: caller.iat, expiresAt: now + lifetimeMs, agency: caller.agency,
    };
    const access = randomAlphanumeric(20).toUpperCase();
    const credential: IssuedTemporaryCredential = {
      secret: randomAlphanumeric(40),
      securityToken: `gQpjbi1ub3J0aC00${randomBytes(96).toString('base64url')}`,
      expiresAt: now + lifetimeMs,
      token: record,
    };
    this.credentials.set(access, credential);
    this.stats.podIdentityCredentials += 1;
    return { access, secret: credential.secret, securityToken: credential.securityToken, expiresAt: credential.expiresAt };
  }

  setDown(down: false | 503 | 'network'): void {
    this.down = down;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([closeServer(this.iamServer), closeServer(this.serviceServer)]);
    this.removeTlsFiles();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse, next: (body: Buffer) => Promise<Answer | 'network'>): Promise<void> {
    let answer: Answer | 'network';
    try {
      const body = await readBody(req);
      answer = body === 'too-large'
        ? { status: 413, body: new IamError({ status: 413, code: IamErrorCode.RequestTooLarge, check: 'request', message: 'Request body too large.' }).toBody() }
        : await next(body);
    } catch (error) {
      answer = { status: 500, body: { error_msg: 'Internal emulator error.', error_code: 'IAM.InternalError' } };
      this.log(`iam-emulator error ${sanitize((error as Error).message)}`);
    }
    if (answer === 'network') {
      req.socket.destroy();
      return;
    }
    const payload = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json;charset=UTF-8',
      'content-length': Buffer.byteLength(payload),
      'x-request-id': randomBytes(16).toString('hex'),
      ...answer.headers,
    });
    res.end(payload);
  }

  private async handleIam(req: IncomingMessage, body: Buffer): Promise<Answer | 'network'> {
    const path = pathOf(req);
    const isIdToken = path === ID_TOKEN_PATH || FEDERATION_AUTH_PATH.test(path);
    if (isIdToken) this.requestCounts.idToken += 1;
    if (path === SECURITY_TOKEN_PATH) this.requestCounts.securityToken += 1;
    const podIdentity = this.podIdentity.matches(path);
    if (podIdentity) this.requestCounts.podIdentity += 1;

    const injected = this.takeInjected(path);
    if (injected !== undefined) return injected;

    if (req.method !== 'POST') {
      return this.denyAnswer(path, new IamError({ status: isIdToken || path === SECURITY_TOKEN_PATH ? 405 : 404, code: isIdToken || path === SECURITY_TOKEN_PATH ? IamErrorCode.MethodNotAllowed : IamErrorCode.ApiNotFound, check: 'request', message: `${req.method ?? '?'} ${path} is not supported.` }), {});
    }
    if (path === ID_TOKEN_PATH) return this.idTokenExchange(path, req, body);
    const federation = FEDERATION_AUTH_PATH.exec(path);
    if (federation) return this.federationAuth(path, req, decodeURIComponent(federation[1]), decodeURIComponent(federation[2]));
    if (path === SECURITY_TOKEN_PATH) return this.securityTokenExchange(path, req, body);
    if (podIdentity) return this.podIdentity.handle(path, req, body);
    return this.denyAnswer(path, new IamError({ status: 404, code: IamErrorCode.ApiNotFound, check: 'request', message: `No API ${path} in the IAM emulator.` }), {});
  }

  private takeInjected(path: string): Answer | 'network' | undefined {
    if (this.down !== false) {
      this.record({ endpoint: path, outcome: 'injected', status: this.down === 'network' ? 0 : 503, code: IamErrorCode.InjectedFailure, reason: 'emulator is down (setDown)' });
      return this.down === 'network' ? 'network' : injectedAnswer(503);
    }
    const failure = this.injected.find((f) => f.remaining > 0 && (f.path === '*' || f.path === path));
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining === 0) this.injected.splice(this.injected.indexOf(failure), 1);
    this.record({ endpoint: path, outcome: 'injected', status: failure.status === 'network' ? 0 : failure.status, code: IamErrorCode.InjectedFailure, reason: `injected by failNext(${JSON.stringify(failure.path)}, ${JSON.stringify(failure.status)})` });
    return failure.status === 'network' ? 'network' : injectedAnswer(failure.status);
  }

  // ---- IAM APIs -------------------------------------------------------------------------------

  private async idTokenExchange(path: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
    const idpId = headerOf(req, 'x-idp-id');
    const parsed = parseJson(body);
    const auth = member(parsed, 'auth');
    const idToken = member(member(auth, 'id_token'), 'id');
    const context = typeof idToken === 'string' ? peekClaims(idToken) : {};
    if (idpId === undefined || idpId === '') {
      return this.denyAnswer(path, badRequest(IamErrorCode.IdpIdMissing, 'The X-Idp-Id header is required.', 'no X-Idp-Id header'), { subject: context.sub });
    }
    if (typeof idToken !== 'string' || idToken === '') {
      return this.denyAnswer(path, badRequest(IamErrorCode.RequestBodyInvalid, 'auth.id_token.id is required.', 'body lacks auth.id_token.id (expected {"auth":{"id_token":{"id":"<jwt>"},"scope":…}})'), { provider: idpId });
    }
    let scope: ProjectScope | DomainScope | undefined;
    try {
      scope = parseScope(member(auth, 'scope'));
    } catch (error) {
      return this.denyAnswer(path, error as IamError, { provider: idpId, subject: context.sub });
    }
    return this.exchange(path, idpId, idToken, scope);
  }

  private async federationAuth(path: string, req: IncomingMessage, idpId: string, protocol: string): Promise<Answer> {
    const authorization = headerOf(req, 'authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      return this.denyAnswer(path, badRequest(IamErrorCode.RequestBodyInvalid, 'Authorization: Bearer <id token> is required.', 'no "Authorization: Bearer <id token>" header'), { provider: idpId });
    }
    const provider = this.byName.get(idpId);
    if (provider && protocol !== provider.protocol) {
      return this.denyAnswer(path, badRequest(IamErrorCode.IdpProtocolMismatch, 'The protocol does not match the identity provider.', `path names protocol "${protocol}" but provider "${idpId}" uses "${provider.protocol}"`), { provider: idpId, subject: peekClaims(match[1]).sub });
    }
    return this.exchange(path, idpId, match[1], undefined);
  }

  private async exchange(path: string, idpId: string, idToken: string, scope: ProjectScope | DomainScope | undefined): Promise<Answer> {
    const context = peekClaims(idToken);
    const tokenContext = { provider: idpId, subject: context.sub, jti: context.jti, iat: context.iat };
    const provider = this.byName.get(idpId);
    if (!provider) {
      const known = [...this.byName.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none';
      return this.denyAnswer(path, new IamError({ status: 404, code: IamErrorCode.IdpNotFound, check: 'provider', message: 'The identity provider does not exist.', detail: `no identity provider named ${JSON.stringify(idpId)} (loaded: ${known})` }), tokenContext);
    }
    let admitted: AdmittedIdToken;
    try {
      admitted = await admitIdToken(provider, idToken, { now: this.now, clockSkewSeconds: this.skew });
    } catch (error) {
      if (error instanceof IamError) return this.denyAnswer(path, error, tokenContext);
      throw error;
    }
    const issuedAt = this.now();
    const record: IssuedIamToken = {
      scope: scope?.kind ?? 'unscoped',
      provider: provider.name,
      username: admitted.username,
      userId: stableId(`user:${provider.name}:${admitted.username}`),
      groups: admitted.groups,
      subject: typeof admitted.claims.sub === 'string' ? admitted.claims.sub : undefined,
      jti: typeof admitted.claims.jti === 'string' ? admitted.claims.jti : undefined,
      iat: typeof admitted.claims.iat === 'number' ? admitted.claims.iat : undefined,
      expiresAt: issuedAt + this.tokenLifetimeMs,
    };
    const iamToken = `MIIEMU${randomBytes(48).toString('base64url')}`;
    this.tokens.set(iamToken, record);
    this.stats.idTokenExchanges += 1;
    this.record({
      endpoint: path, outcome: 'admitted', status: 201, ...tokenContext, user: record.username, groups: record.groups,
      reason: `rules ${admitted.mapping.matchedRules.map((i) => `#${i}`).join(', ')} matched${admitted.mapping.warnings.length > 0 ? `; ${admitted.mapping.warnings.join('; ')}` : ''}`,
    });
    return { status: 201, headers: { 'X-Subject-Token': iamToken }, body: { token: this.tokenBody(record, issuedAt, scope) } };
  }

  private tokenBody(record: IssuedIamToken, issuedAt: number, scope: ProjectScope | DomainScope | undefined): Record<string, unknown> {
    const body: Record<string, unknown> = {
      expires_at: iamTime(record.expiresAt),
      issued_at: iamTime(issuedAt),
      methods: ['mapped'],
      user: {
        id: record.userId,
        name: record.username,
        domain: { id: this.domain.id, name: this.domain.name },
        'OS-FEDERATION': {
          identity_provider: { id: record.provider },
          protocol: { id: 'oidc' },
          groups: record.groups.map((name) => ({ id: stableId(`group:${name}`), name })),
        },
      },
      catalog: [],
      roles: [],
    };
    if (scope?.kind === 'project') {
      const id = scope.id ?? stableId(`project:${scope.name ?? ''}`);
      body.project = { id, name: scope.name ?? id, domain: { id: this.domain.id, name: this.domain.name } };
    } else if (scope?.kind === 'domain') {
      body.domain = { id: scope.id ?? this.domain.id, name: scope.name ?? this.domain.name };
    }
    return body;
  }

  private securityTokenExchange(path: string, req: IncomingMessage, body: Buffer): Answer {
    // The token comes in X-Auth-Token (Node SDK, this package's runtime) or in the body's
    // auth.identity.token.id (Go SDK); IAM takes either (API iam_04_0003).
    const parsedBody = parseJson(body);
    const bodyToken = member(member(member(member(parsedBody, 'auth'), 'identity'), 'token'), 'id');
    const authToken = headerOf(req, 'x-auth-token') || (typeof bodyToken === 'string' ? bodyToken : undefined);
    const record = authToken ? this.tokens.get(authToken) : undefined;
    const context = record ? { provider: record.provider, subject: record.subject, jti: record.jti, iat: record.iat } : {};
    const now = this.now();
    if (authToken === undefined || authToken === '') {
      return this.denyAnswer(path, authTokenInvalid('no X-Auth-Token header'), context);
    }
    if (!record) {
      return this.denyAnswer(path, authTokenInvalid('X-Auth-Token was not issued by this emulator'), context);
    }
    if (record.expiresAt <= now) {
      return this.denyAnswer(path, authTokenInvalid(`X-Auth-Token expired at ${iamTime(record.expiresAt)}`), context);
    }
    if (record.scope !== 'unscoped') {
      // IAM documents a federated user's temporary credentials as obtained with an unscoped token
      // (iam_04_0003 "... using an unscoped token"; iam_13_0605 recommends it). Whether IAM itself
      // refuses a scoped one is not verified; the emulator holds clients to the documented flow.
      return this.denyAnswer(path, new IamError({ status: 400, code: IamErrorCode.AuthTokenScoped, check: 'auth-token', message: 'Temporary credentials of a federated user are obtained with an unscoped token.', detail: `the token is ${record.scope}-scoped; exchange the id token without auth.scope first` }), context);
    }
    const identity = member(member(parsedBody, 'auth'), 'identity');
    const methods = member(identity, 'methods');
    if (!Array.isArray(methods) || !methods.includes('token')) {
      return this.denyAnswer(path, badRequest(IamErrorCode.RequestBodyInvalid, 'auth.identity.methods must include "token".', 'body lacks {"auth":{"identity":{"methods":["token"],…}}}'), context);
    }
    const requested = member(member(identity, 'token'), 'duration_seconds') ?? DEFAULT_DURATION_SECONDS;
    if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < MIN_DURATION_SECONDS || requested > MAX_DURATION_SECONDS) {
      return this.denyAnswer(path, badRequest(IamErrorCode.DurationInvalid, `duration_seconds must be an integer from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}.`, `duration_seconds ${JSON.stringify(requested)} outside ${MIN_DURATION_SECONDS}..${MAX_DURATION_SECONDS}`), context);
    }
    const remaining = Math.floor((record.expiresAt - now) / 1000);
    const duration = Math.min(requested, remaining);
    const access = randomAlphanumeric(20).toUpperCase();
    const credential: IssuedTemporaryCredential = {
      secret: randomAlphanumeric(40),
      securityToken: `gQpjbi1ub3J0aC00${randomBytes(96).toString('base64url')}`,
      expiresAt: now + duration * 1000,
      token: record,
    };
    this.credentials.set(access, credential);
    this.stats.securityTokenExchanges += 1;
    this.record({
      endpoint: path, outcome: 'admitted', status: 201, ...context, user: record.username, groups: record.groups, accessKey: access,
      reason: `temporary credential for ${duration}s${duration < requested ? ` (requested ${requested}s, capped by the IAM token's remaining life)` : ''}`,
    });
    return {
      status: 201,
      body: { credential: { access, secret: credential.secret, securitytoken: credential.securityToken, expires_at: iamTime(credential.expiresAt) } },
    };
  }

  // ---- fake cloud service ---------------------------------------------------------------------

  private async handleService(req: IncomingMessage, body: Buffer): Promise<Answer> {
    this.requestCounts.service += 1;
    const target = req.url ?? '/';
    const endpoint = `service ${pathOf(req)}`;
    try {
      const verified = verifySdkSignature(
        { method: req.method ?? 'GET', target, headers: req.headers, body },
        (ak) => this.credentials.get(ak),
        this.now(),
      );
      const token = verified.credential.token;
      // Authorization (service-authorizer.ts): only when the request names an action.
      const authz = authorizeServiceRequest({ headers: req.headers, signedHeaders: verified.signedHeaders, groups: token.groups, ...(token.agency !== undefined ? { agency: token.agency } : {}), grants: this.grants, projects: this.projects });
      if (authz.kind === 'refused') {
        return this.denyAnswer(endpoint, authz.error, {
          provider: token.provider, subject: token.subject, jti: token.jti, iat: token.iat, accessKey: verified.accessKey, user: token.username, groups: token.groups,
        });
      }
      this.stats.serviceCalls += 1;
      if (authz.kind === 'allowed') this.stats.authorizedServiceCalls += 1;
      this.record({
        endpoint, outcome: 'admitted', status: 200, provider: token.provider, subject: token.subject, jti: token.jti, iat: token.iat,
        user: token.username, groups: token.groups, accessKey: verified.accessKey,
        reason: `signature verified (SignedHeaders=${verified.signedHeaders.join(';')})${authz.kind === 'allowed' ? `; ${authz.action} allowed: ${authz.verdict.reason}` : ''}`,
      });
      return {
        status: 200,
        body: {
          caller: {
            user: { id: token.userId, name: token.username },
            groups: token.groups,
            identity_provider: token.agency === undefined ? token.provider : null,
            agency: token.agency ?? null,
            subject: token.subject ?? null,
            access: verified.accessKey,
            expires_at: iamTime(verified.credential.expiresAt),
          },
          request: { method: req.method, path: pathOf(req), project_id: headerOf(req, 'x-project-id') ?? null },
          ...(authz.kind === 'allowed' ? {
            authorization: { action: authz.action, resource: authz.resource ?? null, scope: authz.scope, allowed: true, reason: authz.verdict.reason, statement: authz.verdict.statement ?? null },
          } : {}),
        },
      };
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      const ak = /Access=([^,\s]+)/.exec(headerOf(req, 'authorization') ?? '')?.[1];
      const token = ak ? this.credentials.get(ak)?.token : undefined;
      return this.denyAnswer(endpoint, error, { provider: token?.provider, subject: token?.subject, accessKey: ak });
    }
  }

  // ---- decisions ------------------------------------------------------------------------------

  private denyAnswer(endpoint: string, error: IamError, context: Partial<Pick<EmulatorDecision, 'provider' | 'subject' | 'jti' | 'iat' | 'accessKey' | 'user' | 'groups'>>): Answer {
    this.record({ endpoint, outcome: 'denied', status: error.status, code: error.code, check: error.check, ...context, reason: error.detail });
    return { status: error.status, body: error.toBody() };
  }

  private record(partial: Partial<EmulatorDecision> & Pick<EmulatorDecision, 'endpoint' | 'outcome' | 'status' | 'reason'>): void {
    const decision: EmulatorDecision = {
      at: new Date(this.now()).toISOString(),
      code: undefined, check: undefined, provider: undefined, subject: undefined, jti: undefined, iat: undefined,
      user: undefined, groups: undefined, accessKey: undefined,
      ...partial,
    };
    this.decisions.push(decision);
    // The provider name comes from a request header: a token pasted there is not logged.
    this.log(redactSecrets(formatDecision(decision)));
  }
}

/** Formats a decision as one operator log line. Values are quoted/escaped; no secret is ever part of a decision. */
export function formatDecision(d: EmulatorDecision): string {
  const fields: Array<[string, string | number | undefined]> = [
    ['status', d.status],
    ['endpoint', d.endpoint],
    ['provider', d.provider],
    ['sub', d.subject],
    ['jti', d.jti],
    ['iat', d.iat],
    ['user', d.user],
    ['groups', d.groups?.join(',')],
    ['ak', d.accessKey],
    ['check', d.check],
    ['code', d.code],
    ['reason', d.reason],
  ];
  const rendered = fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? v : quote(v as string)}`);
  return `iam-emulator ${d.outcome} ${rendered.join(' ')}`;
}

// ---- helpers ------------------------------------------------------------------------------------

interface ProjectScope { readonly kind: 'project'; readonly id?: string; readonly name?: string }
interface DomainScope { readonly kind: 'domain'; readonly id?: string; readonly name?: string }

function parseScope(scope: unknown): ProjectScope | DomainScope | undefined {
  if (scope === undefined || scope === null) return undefined;
  const project = member(scope, 'project');
  const domain = member(scope, 'domain');
  const pick = (value: unknown, kind: 'project' | 'domain'): ProjectScope | DomainScope => {
    const id = member(value, 'id');
    const name = member(value, 'name');
    if ((id !== undefined && typeof id !== 'string') || (name !== undefined && typeof name !== 'string') || (id === undefined && name === undefined)) {
      throw badRequest(IamErrorCode.RequestBodyInvalid, `auth.scope.${kind} needs an id or a name.`, `auth.scope.${kind} has neither a string id nor a string name`);
    }
    return { kind, ...(id !== undefined ? { id } : {}), ...(name !== undefined ? { name } : {}) };
  };
  if (project !== undefined && domain !== undefined) {
    throw badRequest(IamErrorCode.RequestBodyInvalid, 'auth.scope takes a project or a domain, not both.', 'auth.scope has both project and domain');
  }
  if (project !== undefined) return pick(project, 'project');
  if (domain !== undefined) return pick(domain, 'domain');
  throw badRequest(IamErrorCode.RequestBodyInvalid, 'auth.scope needs a project or a domain.', 'auth.scope has neither project nor domain');
}

function badRequest(code: IamError['code'], message: string, detail: string): IamError {
  return new IamError({ status: 400, code, check: code === IamErrorCode.DurationInvalid ? 'duration' : 'request', message, detail });
}

function authTokenInvalid(detail: string): IamError {
  return new IamError({ status: 401, code: IamErrorCode.AuthTokenInvalid, check: 'auth-token', message: 'The token is invalid or has expired.', detail });
}

function injectedAnswer(status: number): Answer {
  return { status, body: { error_msg: `Injected failure (HTTP ${status}).`, error_code: IamErrorCode.InjectedFailure } };
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function member(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** IAM's time format: `2023-06-28T08:56:33.710000Z` (microseconds). */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function stableId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i += 1) {
    const b = bytes[i % bytes.length];
    if (b < 248) out += alphabet[b % 62];
  }
  return out;
}

function quote(value: string): string {
  return /^[A-Za-z0-9_.:/@,#+-]+$/.test(value) ? value : JSON.stringify(value);
}

function sanitize(value: string): string {
  return JSON.stringify(value);
}

/**
 * Whether a host string designates the loopback interface: the runtime's `isLoopbackHost`
 * (`localhost`, `127.x.y.z`, `::1` / `[::1]`), so the emulator and the SDK side agree.
 */
export function isLoopback(host: string): boolean {
  return isLoopbackHost(host);
}

function formatUrl(scheme: 'http' | 'https', host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return `${scheme}://${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}`;
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
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
