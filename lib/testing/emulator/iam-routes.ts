/**
 * The IAM APIs the emulator serves: the id token exchanged for an IAM token (IAM's
 * `OS-AUTH/id-token/tokens` and the Keystone federation API the Node SDK calls), and an unscoped
 * IAM token exchanged for temporary credentials (`OS-CREDENTIAL/securitytokens`). Each answer is
 * recorded in the decision log.
 */
import type { IncomingMessage } from 'node:http';
import { SECURITY_TOKEN_DURATION_SECONDS } from '../../contract/iam-api';
import { formatIamTime } from '../../contract/iam-time';
import type { DecisionLog } from './decision-log';
import { headerOf, member, parseJson, type Answer } from './http';
import { IamError, IamErrorCode } from '../../iam-model/iam-errors';
import { stableId, type IssuedCredentials, type IssuedIamToken } from './issued-credentials';
import type { EmulatedIdentityProvider } from '../../iam-model/terraform-loader';
import { admitIdToken, peekClaims, type AdmittedIdToken } from '../../iam-model/token-verifier';

const { min: MIN_DURATION_SECONDS, max: MAX_DURATION_SECONDS } = SECURITY_TOKEN_DURATION_SECONDS;
const DEFAULT_DURATION_SECONDS = 900;

/** What the IAM routes work with; owned by the emulator. */
export interface IamRoutesContext {
  /** Clock in ms since the epoch. */
  readonly now: () => number;
  /** Tolerance for the id token's `exp` / `nbf` / `iat`, in seconds. */
  readonly clockSkewSeconds: number;
  /** Lifetime of issued IAM tokens, in ms. */
  readonly tokenLifetimeMs: number;
  /** The account federated users belong to. */
  readonly domain: { readonly id: string; readonly name: string };
  /** Identity providers by name. */
  readonly providers: ReadonlyMap<string, EmulatedIdentityProvider>;
  /** Issued tokens and credentials. */
  readonly issued: IssuedCredentials;
  /** Where decisions go. */
  readonly decisions: DecisionLog;
  /** Refuse a scoped token at securitytokens (the emulator's rule, stricter than iam_04_0002). */
  readonly refuseScopedToken: boolean;
  /** Counters of successful exchanges. */
  readonly stats: { idTokenExchanges: number; securityTokenExchanges: number };
}

/** The IAM APIs. */
export class IamRoutes {
  public constructor(private readonly ctx: IamRoutesContext) {}

  /** `POST /v3.0/OS-AUTH/id-token/tokens` (`X-Idp-Id`, the id token in the body). */
  public async idTokenExchange(path: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
    const idpId = headerOf(req, 'x-idp-id');
    const parsed = parseJson(body);
    const auth = member(parsed, 'auth');
    const idToken = member(member(auth, 'id_token'), 'id');
    const context = typeof idToken === 'string' ? peekClaims(idToken) : {};
    if (idpId === undefined || idpId === '') {
      return this.ctx.decisions.deny(
        path,
        badRequest(IamErrorCode.IdpIdMissing, 'The X-Idp-Id header is required.', 'no X-Idp-Id header'),
        { subject: context.sub },
      );
    }
    if (typeof idToken !== 'string' || idToken === '') {
      return this.ctx.decisions.deny(
        path,
        badRequest(
          IamErrorCode.RequestBodyInvalid,
          'auth.id_token.id is required.',
          'body lacks auth.id_token.id (expected {"auth":{"id_token":{"id":"<jwt>"},"scope":…}})',
        ),
        { provider: idpId },
      );
    }
    let scope: ProjectScope | DomainScope | undefined;
    try {
      scope = parseScope(member(auth, 'scope'));
    } catch (error) {
      return this.ctx.decisions.deny(path, error as IamError, { provider: idpId, subject: context.sub });
    }
    return this.exchange(path, idpId, idToken, scope);
  }

  /** The Keystone federation API (`Authorization: Bearer <id token>`). */
  public async federationAuth(path: string, req: IncomingMessage, idpId: string, protocol: string): Promise<Answer> {
    const authorization = headerOf(req, 'authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      return this.ctx.decisions.deny(
        path,
        badRequest(IamErrorCode.RequestBodyInvalid, 'Authorization: Bearer <id token> is required.', 'no "Authorization: Bearer <id token>" header'),
        { provider: idpId },
      );
    }
    const provider = this.ctx.providers.get(idpId);
    if (provider && protocol !== provider.protocol) {
      return this.ctx.decisions.deny(path, badRequest(
        IamErrorCode.IdpProtocolMismatch,
        'The protocol does not match the identity provider.',
        `path names protocol "${protocol}" but provider "${idpId}" uses "${provider.protocol}"`,
      ), {
        provider: idpId,
        subject: peekClaims(match[1]).sub,
      });
    }
    return this.exchange(path, idpId, match[1], undefined);
  }

  private async exchange(path: string, idpId: string, idToken: string, scope: ProjectScope | DomainScope | undefined): Promise<Answer> {
    const context = peekClaims(idToken);
    const tokenContext = { provider: idpId, subject: context.sub, jti: context.jti, iat: context.iat };
    const provider = this.ctx.providers.get(idpId);
    if (!provider) {
      const known = [...this.ctx.providers.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none';
      return this.ctx.decisions.deny(path, new IamError({
        status: 404,
        code: IamErrorCode.IdpNotFound,
        check: 'provider',
        message: 'The identity provider does not exist.',
        detail: `no identity provider named ${JSON.stringify(idpId)} (loaded: ${known})`,
      }), tokenContext);
    }
    let admitted: AdmittedIdToken;
    try {
      admitted = await admitIdToken(provider, idToken, { now: this.ctx.now, clockSkewSeconds: this.ctx.clockSkewSeconds });
    } catch (error) {
      if (error instanceof IamError) return this.ctx.decisions.deny(path, error, tokenContext);
      throw error;
    }
    const issuedAt = this.ctx.now();
    const record: IssuedIamToken = {
      scope: scope?.kind ?? 'unscoped',
      provider: provider.name,
      username: admitted.username,
      userId: stableId(`user:${provider.name}:${admitted.username}`),
      groups: admitted.groups,
      subject: typeof admitted.claims.sub === 'string' ? admitted.claims.sub : undefined,
      jti: typeof admitted.claims.jti === 'string' ? admitted.claims.jti : undefined,
      iat: typeof admitted.claims.iat === 'number' ? admitted.claims.iat : undefined,
      expiresAt: issuedAt + this.ctx.tokenLifetimeMs,
    };
    const iamToken = this.ctx.issued.issueIamToken(record);
    this.ctx.stats.idTokenExchanges += 1;
    this.ctx.decisions.record({
      endpoint: path, outcome: 'admitted', status: 201, ...tokenContext, user: record.username, groups: record.groups,
      reason: `rules ${admitted.mapping.matchedRules.map((i) => `#${i}`).join(', ')} `
        + `matched${admitted.mapping.warnings.length > 0 ? `; ${admitted.mapping.warnings.join('; ')}` : ''}`,
    });
    return { status: 201, headers: { 'X-Subject-Token': iamToken }, body: { token: this.tokenBody(record, issuedAt, scope) } };
  }

  private tokenBody(record: IssuedIamToken, issuedAt: number, scope: ProjectScope | DomainScope | undefined): Record<string, unknown> {
    const body: Record<string, unknown> = {
      expires_at: formatIamTime(record.expiresAt),
      issued_at: formatIamTime(issuedAt),
      methods: ['mapped'],
      user: {
        id: record.userId,
        name: record.username,
        domain: { id: this.ctx.domain.id, name: this.ctx.domain.name },
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
      body.project = { id, name: scope.name ?? id, domain: { id: this.ctx.domain.id, name: this.ctx.domain.name } };
    } else if (scope?.kind === 'domain') {
      body.domain = { id: scope.id ?? this.ctx.domain.id, name: scope.name ?? this.ctx.domain.name };
    }
    return body;
  }

  /** `POST /v3.0/OS-CREDENTIAL/securitytokens` with an unscoped IAM token. */
  public securityTokenExchange(path: string, req: IncomingMessage, body: Buffer): Answer {
    // The token comes in X-Auth-Token (Node SDK, this package's runtime) or in the body's
    // auth.identity.token.id (Go SDK); IAM takes either (API iam_04_0003).
    const parsedBody = parseJson(body);
    const bodyToken = member(member(member(member(parsedBody, 'auth'), 'identity'), 'token'), 'id');
    const authToken = headerOf(req, 'x-auth-token') || (typeof bodyToken === 'string' ? bodyToken : undefined);
    const record = authToken ? this.ctx.issued.iamToken(authToken) : undefined;
    const context = record ? { provider: record.provider, subject: record.subject, jti: record.jti, iat: record.iat } : {};
    const now = this.ctx.now();
    if (authToken === undefined || authToken === '') {
      return this.ctx.decisions.deny(path, authTokenInvalid('no X-Auth-Token header'), context);
    }
    if (!record) {
      return this.ctx.decisions.deny(path, authTokenInvalid('X-Auth-Token was not issued by this emulator'), context);
    }
    if (record.expiresAt <= now) {
      return this.ctx.decisions.deny(path, authTokenInvalid(`X-Auth-Token expired at ${formatIamTime(record.expiresAt)}`), context);
    }
    if (record.scope !== 'unscoped' && this.ctx.refuseScopedToken) {
      // The emulator's own rule (option refuseScopedTokenForSecurityTokens, on by default): IAM
      // documents a federated user's temporary credentials as obtained with an unscoped token
      // (iam_04_0003; iam_13_0605 recommends it), but iam_04_0002 accepts "IAM user token,
      // federated user token, or agency token" without saying unscoped: stricter than IAM's docs.
      return this.ctx.decisions.deny(path, new IamError({
        status: 400,
        code: IamErrorCode.AuthTokenScoped,
        check: 'auth-token',
        message: 'Temporary credentials of a federated user are obtained with an unscoped token.',
        detail: `the token is ${record.scope}-scoped; exchange the id token without auth.scope first`,
      }), context);
    }
    const identity = member(member(parsedBody, 'auth'), 'identity');
    const methods = member(identity, 'methods');
    if (!Array.isArray(methods) || !methods.includes('token')) {
      return this.ctx.decisions.deny(
        path,
        badRequest(
          IamErrorCode.RequestBodyInvalid,
          'auth.identity.methods must include "token".',
          'body lacks {"auth":{"identity":{"methods":["token"],…}}}',
        ),
        context,
      );
    }
    const requested = member(member(identity, 'token'), 'duration_seconds') ?? DEFAULT_DURATION_SECONDS;
    if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < MIN_DURATION_SECONDS || requested > MAX_DURATION_SECONDS) {
      return this.ctx.decisions.deny(
        path,
        badRequest(
          IamErrorCode.DurationInvalid,
          `duration_seconds must be an integer from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}.`,
          `duration_seconds ${JSON.stringify(requested)} outside ${MIN_DURATION_SECONDS}..${MAX_DURATION_SECONDS}`,
        ),
        context,
      );
    }
    const remaining = Math.floor((record.expiresAt - now) / 1000);
    const duration = Math.min(requested, remaining);
    const { access, credential } = this.ctx.issued.issueCredential(record, now + duration * 1000);
    this.ctx.stats.securityTokenExchanges += 1;
    this.ctx.decisions.record({
      endpoint: path, outcome: 'admitted', status: 201, ...context, user: record.username, groups: record.groups, accessKey: access,
      reason: 'temporary credential for '
        + `${duration}s${duration < requested ? ` (requested ${requested}s, capped by the IAM token's remaining life)` : ''}`,
    });
    return {
      status: 201,
      body: { credential: {
        access,
        secret: credential.secret,
        securitytoken: credential.securityToken,
        expires_at: formatIamTime(credential.expiresAt),
      } },
    };
  }

}

interface ProjectScope { readonly kind: 'project'; readonly id?: string; readonly name?: string }
interface DomainScope { readonly kind: 'domain'; readonly id?: string; readonly name?: string }

function parseScope(scope: unknown): ProjectScope | DomainScope | undefined {
  if (scope === undefined || scope === null) return undefined;
  const project = member(scope, 'project');
  const domain = member(scope, 'domain');
  const pick = (value: unknown, kind: 'project' | 'domain'): ProjectScope | DomainScope => {
    const id = member(value, 'id');
    const name = member(value, 'name');
    if ((id !== undefined && typeof id !== 'string') || (name !== undefined && typeof name !== 'string')
      || (id === undefined && name === undefined)) {
      throw badRequest(
        IamErrorCode.RequestBodyInvalid,
        `auth.scope.${kind} needs an id or a name.`,
        `auth.scope.${kind} has neither a string id nor a string name`,
      );
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
  return new IamError({
    status: 401,
    code: IamErrorCode.AuthTokenInvalid,
    check: 'auth-token',
    message: 'The token is invalid or has expired.',
    detail,
  });
}
