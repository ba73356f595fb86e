import { IamRejectedError, IamUnavailableError, type WorkloadIdentityError } from '../../lib/runtime/errors';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  nextRetryDelay,
  resolveRetryPolicy,
  withRetry,
  type RetryContext,
} from '../../lib/runtime/retry';
import { FakeClock } from '../support/fake-clock';

const policy = DEFAULT_RETRY_POLICY;

describe('backoff math', () => {
  test('equal jitter within [cap/2, cap], cap doubling from 200 ms up to 5 s', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(100);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(199);
    expect(backoffDelay(2, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
    expect(backoffDelay(10, policy, () => 0)).toBe(2500);
    expect(backoffDelay(10, policy, () => 0.999999)).toBeLessThanOrEqual(5000);
    expect(backoffDelay(1000, policy, () => 1)).toBe(5000); // no overflow
  });

  test('every delay for every random value stays in bounds (property)', () => {
    for (let retry = 1; retry <= 12; retry++) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
      for (const r of [0, 0.1, 0.5, 0.9, 0.9999]) {
        const d = backoffDelay(retry, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
  });

  test('nextRetryDelay gives up after maxAttempts or past the time budget; honours Retry-After', () => {
    const r = (): number => 0;
    expect(nextRetryDelay(1, 0, policy, r)).toBe(100);
    expect(nextRetryDelay(3, 0, policy, r)).toBe(400);
    expect(nextRetryDelay(4, 0, policy, r)).toBeUndefined();
    expect(nextRetryDelay(1, 14_950, policy, r)).toBeUndefined();
    expect(nextRetryDelay(1, 0, policy, r, 3000)).toBe(3000);
    expect(nextRetryDelay(1, 0, policy, r, 60_000)).toBeUndefined(); // server asks for more than the budget
  });

  test('resolveRetryPolicy applies defaults and lower bounds', () => {
    expect(resolveRetryPolicy()).toEqual(policy);
    expect(resolveRetryPolicy({ maxAttempts: 0, baseDelayMs: -5, maxElapsedMs: 0 })).toMatchObject({
      maxAttempts: 1,
      baseDelayMs: 0,
      maxElapsedMs: 1,
    });
  });
});

describe('withRetry', () => {
  function context(time: FakeClock, extra: Partial<RetryContext> = {}): RetryContext {
    return {
      policy,
      now: time.now,
      timers: time,
      random: () => 0,
      isRetryable: (e) => (e as WorkloadIdentityError).retryable === true,
      retryAfterMs: (e) => (e as { retryAfterMs?: number }).retryAfterMs,
      ...extra,
    };
  }

  test('retries retryable errors with backoff, then succeeds', async () => {
    const time = new FakeClock();
    const delays: number[] = [];
    let calls = 0;
    const promise = withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new IamUnavailableError('ERR_IAM_SERVER_ERROR', 'boom');
        return 'ok';
      },
      context(time, { onRetry: (_e, _a, d) => delays.push(d) }),
    );
    await time.advance(10_000);
    await expect(promise).resolves.toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  test('stops after maxAttempts and records the attempt count', async () => {
    const time = new FakeClock();
    let calls = 0;
    const promise = withRetry(async () => {
      calls++;
      throw new IamUnavailableError('ERR_IAM_UNREACHABLE', 'down');
    }, context(time));
    const caught = promise.catch((e: unknown) => e);
    await time.advance(60_000);
    const error = (await caught) as IamUnavailableError;
    expect(error.code).toBe('ERR_IAM_UNREACHABLE');
    expect(calls).toBe(4);
    expect(error.attempts).toBe(4);
  });

  test('stops when the elapsed-time budget is spent, even with attempts left', async () => {
    const time = new FakeClock();
    let calls = 0;
    const promise = withRetry(
      async () => {
        calls++;
        time.nowMs += 6000; // each attempt "takes" 6 s (e.g. a timeout)
        throw new IamUnavailableError('ERR_IAM_UNREACHABLE', 'slow');
      },
      context(time, { policy: { ...policy, maxAttempts: 10 } }),
    );
    const caught = promise.catch((e: unknown) => e);
    await time.advance(60_000);
    expect(await caught).toMatchObject({ code: 'ERR_IAM_UNREACHABLE' });
    expect(calls).toBe(3); // 0→6 s, 6→12 s, 12→18 s; no 4th since 18 s > 15 s budget
  });

  test('passes the budget deadline to each attempt', async () => {
    const time = new FakeClock();
    const deadlines: number[] = [];
    await withRetry(async ({ deadline }) => {
      deadlines.push(deadline);
      return 1;
    }, context(time));
    expect(deadlines).toEqual([time.now() + 15_000]);
  });

  test('does not retry non-retryable errors (401/403)', async () => {
    const time = new FakeClock();
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw new IamRejectedError('ERR_NOT_ADMITTED', 'no rule', { status: 403 });
    }, context(time)).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toMatchObject({ code: 'ERR_NOT_ADMITTED' });
  });

  test('abort during backoff rejects with the abort reason', async () => {
    const time = new FakeClock();
    const controller = new AbortController();
    const promise = withRetry(async () => {
      throw new IamUnavailableError('ERR_IAM_UNREACHABLE', 'down');
    }, context(time, { signal: controller.signal }));
    const caught = promise.catch((e: unknown) => e);
    await time.advance(1);
    const reason = new Error('closed');
    controller.abort(reason);
    expect(await caught).toBe(reason);
  });
});
