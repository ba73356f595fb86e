/**
 * The emulator's decision log: every admission, denial and injected failure, kept in order
 * (`IamEmulator.decisions`) and written as one operator log line each. Nothing recorded ever holds
 * a token or a secret, and each line passes `redactSecrets` on the way out.
 */
import { redactSecrets } from '../../contract/secrets';
import type { Answer } from './http';
import type { IamCheck, IamError } from '../../iam-model/iam-errors';

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

/** What a denial knows about the caller. */
export type DecisionContext = Partial<Pick<EmulatorDecision, 'provider' | 'subject' | 'jti' | 'iat' | 'accessKey' | 'user' | 'groups'>>;

/** The decisions so far, and the operator log they are written to. */
export class DecisionLog {
  /** Every decision, oldest first. */
  public readonly decisions: EmulatorDecision[] = [];

  public constructor(private readonly now: () => number, private readonly log: (line: string) => void) {}

  /** Records a decision and logs it. */
  public record(partial: Partial<EmulatorDecision> & Pick<EmulatorDecision, 'endpoint' | 'outcome' | 'status' | 'reason'>): void {
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

  /** Records a denial and returns its IAM-style answer. */
  public deny(endpoint: string, error: IamError, context: DecisionContext): Answer {
    this.record({ endpoint, outcome: 'denied', status: error.status, code: error.code, check: error.check, ...context, reason: error.detail });
    return { status: error.status, body: error.toBody() };
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

function quote(value: string): string {
  return /^[A-Za-z0-9_.:/@,#+-]+$/.test(value) ? value : JSON.stringify(value);
}
