/**
 * Injected failures of the emulator's IAM endpoint (`failNext`, `setDown`), so clients' retry and
 * outage handling can be tested: each injected answer is an IAM-style error body, or a dropped
 * connection, and is recorded in the decision log.
 */
import type { DecisionLog } from './decision-log';
import type { Answer } from './http';
import { EmulatorConfigError, EmulatorConfigErrorCode, IamErrorCode } from '../../iam-model/iam-errors';

interface InjectedFailure {
  readonly path: string;
  readonly status: number | 'network';
  remaining: number;
}

/** The queue of injected failures and the down switch. */
export class FaultInjector {
  private readonly injected: InjectedFailure[] = [];
  private down: false | 503 | 'network' = false;

  public constructor(private readonly decisions: DecisionLog) {}

  /** See `IamEmulator.failNext`. Throws {@link EmulatorConfigError} for a status that is not an error. */
  public failNext(path: string, status: number | 'network', times = 1): void {
    if (status !== 'network' && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `failNext status must be an HTTP error status (400-599) or 'network', `
        + `got ${String(status)}`);
    }
    if (!Number.isInteger(times) || times < 1) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `failNext times must be a positive integer, got ${times}`);
    }
    this.injected.push({ path, status, remaining: times });
  }

  /** See `IamEmulator.setDown`. */
  public setDown(down: false | 503 | 'network'): void {
    this.down = down;
  }

  /** The injected answer for a request to `path`, if one is due (and records it), else undefined. */
  public take(path: string): Answer | 'network' | undefined {
    if (this.down !== false) {
      this.decisions.record({
        endpoint: path,
        outcome: 'injected',
        status: this.down === 'network' ? 0 : 503,
        code: IamErrorCode.InjectedFailure,
        reason: 'emulator is down (setDown)',
      });
      return this.down === 'network' ? 'network' : injectedAnswer(503);
    }
    const failure = this.injected.find((f) => f.remaining > 0 && (f.path === '*' || f.path === path));
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining === 0) this.injected.splice(this.injected.indexOf(failure), 1);
    this.decisions.record({
      endpoint: path,
      outcome: 'injected',
      status: failure.status === 'network' ? 0 : failure.status,
      code: IamErrorCode.InjectedFailure,
      reason: `injected by failNext(${JSON.stringify(failure.path)}, ${JSON.stringify(failure.status)})`,
    });
    return failure.status === 'network' ? 'network' : injectedAnswer(failure.status);
  }
}

function injectedAnswer(status: number): Answer {
  return { status, body: { error_msg: `Injected failure (HTTP ${status}).`, error_code: IamErrorCode.InjectedFailure } };
}
