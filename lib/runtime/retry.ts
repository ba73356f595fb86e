/**
 * Retries with jittered exponential backoff, bounded both in attempts and in total elapsed time.
 * Only errors the caller marks retryable (network, 429, 5xx) are retried; a server `Retry-After`
 * is honoured (as a lower bound on the delay) as long as it fits in the time budget.
 */
import { type Clock, type Timers, sleep } from './clock';

/** Retry tuning. */
export interface RetryOptions {
  /**
   * Maximum number of attempts per IAM request (1 = no retry).
   * @default 4
   */
  readonly maxAttempts?: number;
  /**
   * Backoff base: the n-th retry waits a random time in [cap/2, cap], cap = min(maxDelayMs, baseDelayMs·2^(n-1)).
   * @default 200
   */
  readonly baseDelayMs?: number;
  /**
   * Upper bound of a single backoff delay.
   * @default 5000
   */
  readonly maxDelayMs?: number;
  /**
   * Budget for all attempts of one request, including their timeouts and backoff delays. No retry
   * starts if its delay would end past the budget, and each attempt's timeout is cut to what is left.
   * @default 15000
   */
  readonly maxElapsedMs?: number;
}

/** {@link RetryOptions} with defaults applied. */
export type RetryPolicy = Required<RetryOptions>;

/** Default retry policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxElapsedMs: 15000,
});

/** Apply defaults and sanity bounds. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const int = (value: number | undefined, fallback: number, min: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, Math.floor(value));
  return {
    maxAttempts: int(options.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts, 1),
    baseDelayMs: int(options.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs, 0),
    maxDelayMs: int(options.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs, 0),
    maxElapsedMs: int(options.maxElapsedMs, DEFAULT_RETRY_POLICY.maxElapsedMs, 1),
  };
}

/**
 * Backoff before retry number `retry` (1 = first retry): "equal jitter", uniformly in [cap/2, cap]
 * with cap = min(maxDelayMs, baseDelayMs·2^(retry-1)). `random` returns a number in [0, 1).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(0, retry - 1), 30);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(cap / 2 + random() * (cap / 2));
}

/**
 * Delay before the next attempt, or `undefined` to give up. `attempt` is the number of attempts
 * made so far, `elapsedMs` the time spent so far.
 */
export function nextRetryDelay(
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const delay = Math.max(backoffDelay(attempt, policy, random), retryAfterMs ?? 0);
  return elapsedMs + delay < policy.maxElapsedMs ? delay : undefined;
}

/** Context of {@link withRetry}. */
export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly now: Clock;
  readonly timers: Timers;
  readonly random: () => number;
  /** Aborts the backoff sleep (e.g. on `close()`). */
  readonly signal?: AbortSignal;
  /** Whether the error may be retried. */
  readonly isRetryable: (error: unknown) => boolean;
  /** Server-requested delay for the error, if any. */
  readonly retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each backoff sleep. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Per-attempt information passed to the operation. */
export interface AttemptInfo {
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Local time by which the attempt must finish (the retry budget's end). */
  readonly deadline: number;
}

/**
 * Run `operation` until it succeeds, fails with a non-retryable error, or the attempt/time budget
 * is spent; then rethrow the last error (with `attempts` recorded on it when it has such a field).
 */
export async function withRetry<T>(operation: (info: AttemptInfo) => Promise<T>, ctx: RetryContext): Promise<T> {
  const start = ctx.now();
  const deadline = start + ctx.policy.maxElapsedMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation({ attempt, deadline });
    } catch (error) {
      const delay = ctx.isRetryable(error)
        ? nextRetryDelay(attempt, ctx.now() - start, ctx.policy, ctx.random, ctx.retryAfterMs?.(error))
        : undefined;
      if (delay === undefined || ctx.signal?.aborted) {
        recordAttempts(error, attempt);
        throw error;
      }
      ctx.onRetry?.(error, attempt, delay);
      await sleep(delay, ctx.timers, ctx.signal);
    }
  }
}

function recordAttempts(error: unknown, attempts: number): void {
  if (typeof error === 'object' && error !== null && 'attempts' in error) {
    (error as { attempts: number }).attempts = attempts;
  }
}
