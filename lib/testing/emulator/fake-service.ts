/**
 * The emulator's fake cloud service: it accepts any path and method signed (SDK-HMAC-SHA256) with
 * a temporary credential the emulator issued, answers who the caller is, and, when the request
 * names an action, authorizes it against the caller's groups' policies (service-authorizer.ts).
 * Each answer is recorded in the decision log.
 */
import type { IncomingMessage } from 'node:http';
import { formatIamTime } from '../../contract/iam-time';
import type { TerraformGrants } from '../../iam-model/grants-loader';
import type { DecisionLog } from './decision-log';
import { headerOf, pathOf, type Answer } from './http';
import { IamError } from '../../iam-model/iam-errors';
import type { IssuedCredentials } from './issued-credentials';
import { authorizeServiceRequest, type EmulatedProject } from './service-authorizer';
import { verifySdkSignature } from './signature';

/** What the fake service works with; owned by the emulator. */
export interface FakeServiceContext {
  /** Clock in ms since the epoch (for `X-Sdk-Date` and credential expiry). */
  readonly now: () => number;
  /** Issued credentials, looked up by access key. */
  readonly issued: IssuedCredentials;
  /** Grants of the loaded Terraform. */
  readonly grants: TerraformGrants;
  /** Projects of the emulated account. */
  readonly projects: readonly EmulatedProject[];
  /** Where decisions go. */
  readonly decisions: DecisionLog;
  /** Counters of accepted calls. */
  readonly stats: { serviceCalls: number; authorizedServiceCalls: number };
  /** Counter of all requests. */
  readonly requestCounts: { service: number };
}

/** The fake cloud service. */
export class FakeService {
  public constructor(private readonly ctx: FakeServiceContext) {}

  /** Answers a request to the fake service: 200 with the caller when signed with an issued credential (and allowed), else IAM-style 4xx. */
  public async handle(req: IncomingMessage, body: Buffer): Promise<Answer> {
    this.ctx.requestCounts.service += 1;
    const target = req.url ?? '/';
    const endpoint = `service ${pathOf(req)}`;
    try {
      const verified = verifySdkSignature(
        { method: req.method ?? 'GET', target, headers: req.headers, body },
        (ak) => this.ctx.issued.credential(ak),
        this.ctx.now(),
      );
      const token = verified.credential.token;
      // Authorization (service-authorizer.ts): only when the request names an action.
      const authz = authorizeServiceRequest({
        headers: req.headers,
        signedHeaders: verified.signedHeaders,
        groups: token.groups,
        ...(token.agency !== undefined ? { agency: token.agency } : {}),
        grants: this.ctx.grants,
        projects: this.ctx.projects,
      });
      if (authz.kind === 'refused') {
        return this.ctx.decisions.deny(endpoint, authz.error, {
          provider: token.provider,
          subject: token.subject,
          jti: token.jti,
          iat: token.iat,
          accessKey: verified.accessKey,
          user: token.username,
          groups: token.groups,
        });
      }
      this.ctx.stats.serviceCalls += 1;
      if (authz.kind === 'allowed') this.ctx.stats.authorizedServiceCalls += 1;
      this.ctx.decisions.record({
        endpoint, outcome: 'admitted', status: 200, provider: token.provider, subject: token.subject, jti: token.jti, iat: token.iat,
        user: token.username, groups: token.groups, accessKey: verified.accessKey,
        reason: `signature verified (SignedHeaders=${verified.signedHeaders.join(';')})`
          + `${authz.kind === 'allowed' ? `; ${authz.action} allowed: ${authz.verdict.reason}` : ''}`,
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
            expires_at: formatIamTime(verified.credential.expiresAt),
          },
          request: { method: req.method, path: pathOf(req), project_id: headerOf(req, 'x-project-id') ?? null },
          ...(authz.kind === 'allowed' ? {
            authorization: {
              action: authz.action,
              resource: authz.resource ?? null,
              scope: authz.scope,
              allowed: true,
              reason: authz.verdict.reason,
              statement: authz.verdict.statement ?? null,
            },
          } : {}),
        },
      };
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      const ak = /Access=([^,\s]+)/.exec(headerOf(req, 'authorization') ?? '')?.[1];
      const token = ak ? this.ctx.issued.credential(ak)?.token : undefined;
      return this.ctx.decisions.deny(endpoint, error, { provider: token?.provider, subject: token?.subject, accessKey: ak });
    }
  }
}
