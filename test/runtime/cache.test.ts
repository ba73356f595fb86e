import { failureBackoff, type Loaded, type LoadReason, RefreshingCache } from '../../lib/runtime/cache';
import { IamUnavailableError, type WorkloadIdentityError } from '../../lib/runtime/errors';
import { FakeClock } from '../support/fake-clock';
import { flush } from '../support/time';

const LIFETIME = 3600_000;

function setup(opts: { proactive?: boolean; lifetime?: number } = {}) {
  const time = new FakeClock();
  const reasons: LoadReason[] = [];
  let counter = 0;
  let fail: (() => Error) | undefined;
  let gate: Promise<void> | undefined;
  const failures: Array<{ reason: LoadReason; stale: boolean; retryIn?: number }> = [];
  const cache = new RefreshingCache<string>({
    name: 'thing',
    now: time.now,
    timers: time,
    random: () => 0.5,
    proactive: opts.proactive ?? false,
    schedule: { expiryMarginMs: 300_000, refreshAheadMs: 900_000 },
    load: async (reason): Promise<Loaded<string>> => {
      reasons.push(reason);
      const start = time.now();
      if (gate) await gate;
      if (fail) throw fail();
      counter++;
      return { value: `v${counter}`, obtainedAt: start, expiresAt: start + (opts.lifetime ?? LIFETIME) };
    },
    onLoadFailed: (_e, reason, stale, retryIn) => failures.push({ reason, stale, ...(retryIn !== undefined ? { retryIn } : {}) }),
  });
  return {
    time,
    cache,
    reasons,
    failures,
    setFail: (f: (() => Error) | undefined) => (fail = f),
    setGate: (g: Promise<void> | undefined) => (gate = g),
  };
}

const outage = (): Error => new IamUnavailableError('ERR_IAM_UNREACHABLE', 'IAM at iam.test is unreachable (ECONNREFUSED)');

describe('RefreshingCache', () => {
  test('loads once and returns the same resolved promise while fresh', async () => {
    const { cache, reasons, time } = setup();
    expect(await cache.get()).toBe('v1');
    const p1 = cache.get();
    const p2 = cache.get();
    expect(p1).toBe(p2);
    await time.advance(LIFETIME * 0.5);
    expect(cache.get()).toBe(p1);
    expect(reasons).toEqual(['initial']);
  });

  test('concurrent first calls share one load', async () => {
    const { cache, reasons, setGate } = setup();
    let open!: () => void;
    setGate(new Promise<void>((r) => (open = r)));
    const all = Promise.all(Array.from({ length: 1000 }, () => cache.get()));
    open();
    const values = await all;
    expect(new Set(values)).toEqual(new Set(['v1']));
    expect(reasons).toEqual(['initial']);
  });

  test('schedule: refresh window starts at max(900 s, 25%) before expiry, margin 300 s', async () => {
    const { cache, time } = setup();
    await cache.get();
    const entry = cache.peek()!;
    expect(entry.expiresAt - entry.obtainedAt).toBe(LIFETIME);
    expect(entry.expiresAt - entry.refreshAt).toBe(900_000);
    expect(entry.expiresAt - entry.usableUntil).toBe(300_000);
    expect(time.now()).toBe(entry.obtainedAt);
  });

  test('in the refresh window the cached value is served and one background refresh runs', async () => {
    const { cache, reasons, time, setGate } = setup();
    await cache.get();
    await time.advance(LIFETIME - 900_000); // refreshAt
    let open!: () => void;
    setGate(new Promise<void>((r) => (open = r)));
    expect(await cache.get()).toBe('v1'); // not blocked by the refresh
    expect(await cache.get()).toBe('v1');
    expect(reasons).toEqual(['initial', 'background']);
    open();
    await flush();
    expect(await cache.get()).toBe('v2');
    expect(reasons).toEqual(['initial', 'background']);
  });

  test('proactive timer refreshes without any caller', async () => {
    const { cache, reasons, time } = setup({ proactive: true });
    await cache.get();
    expect(time.nextTimerAt()).toBe(cache.peek()!.refreshAt);
    await time.advance(LIFETIME - 900_000);
    expect(reasons).toEqual(['initial', 'background']);
    expect(await cache.get()).toBe('v2');
    cache.close();
    expect(time.timerCount).toBe(0);
  });

  test('failed background refresh keeps serving the still-valid value, backs off, then recovers', async () => {
    const { cache, reasons, time, setFail, failures } = setup({ proactive: true });
    await cache.get();
    setFail(outage);
    await time.advance(LIFETIME - 900_000);
    expect(failures).toEqual([{ reason: 'background', stale: true, retryIn: 750 }]); // equal jitter of 1 s at random 0.5
    expect(await cache.get()).toBe('v1');
    // calls within the back-off do not hammer IAM
    expect(reasons.filter((r) => r === 'background')).toHaveLength(1);
    await time.advance(750); // the timer retries
    expect(reasons.filter((r) => r === 'background')).toHaveLength(2);
    expect(failures[1]).toEqual({ reason: 'background', stale: true, retryIn: 1500 });
    setFail(undefined);
    await time.advance(1500);
    expect(await cache.get()).toBe('v2');
  });

  test('after the expiry margin, a failing refresh yields CREDENTIALS_EXPIRED with the cause', async () => {
    const { cache, time, setFail } = setup();
    await cache.get();
    setFail(outage);
    await time.advance(LIFETIME - 300_000); // usableUntil
    const error = (await cache.get().catch((e: unknown) => e)) as WorkloadIdentityError;
    expect(error.code).toBe('ERR_CREDENTIALS_EXPIRED');
    expect((error.cause as WorkloadIdentityError).code).toBe('ERR_IAM_UNREACHABLE');
    expect(error.message).toContain('ERR_IAM_UNREACHABLE');
    expect(error.message).toContain('thing');
    setFail(undefined);
    expect(await cache.get()).toBe('v2');
  });

  test('a failing first load propagates the underlying error', async () => {
    const { cache, setFail } = setup();
    setFail(outage);
    await expect(cache.get()).rejects.toMatchObject({ code: 'ERR_IAM_UNREACHABLE' });
    setFail(undefined);
    expect(await cache.get()).toBe('v1');
  });

  test('short lifetimes: refresh no earlier than half-way, margin at most 10%', async () => {
    const { cache } = setup({ lifetime: 120_000 });
    await cache.get();
    const e = cache.peek()!;
    expect(e.refreshAt - e.obtainedAt).toBe(60_000);
    expect(e.expiresAt - e.usableUntil).toBe(12_000);
  });

  test('invalidate drops the value; close rejects with CLIENT_CLOSED', async () => {
    const { cache, reasons } = setup();
    await cache.get();
    cache.invalidate();
    expect(await cache.get()).toBe('v2');
    expect(reasons).toEqual(['initial', 'initial']);
    cache.close();
    await expect(cache.get()).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
    await expect(cache.refresh()).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
  });

  test('refresh() forces a load even when fresh, and joins an in-flight one', async () => {
    const { cache, reasons } = setup();
    await cache.get();
    const [a, b] = await Promise.all([cache.refresh(), cache.refresh()]);
    expect(a).toBe('v2');
    expect(b).toBe('v2');
    expect(reasons).toEqual(['initial', 'forced']);
  });
});

describe('failureBackoff', () => {
  test('grows exponentially with equal jitter and is capped', () => {
    expect(failureBackoff(1, 60_000, () => 0)).toBe(500);
    expect(failureBackoff(1, 60_000, () => 0.999999)).toBe(999);
    expect(failureBackoff(3, 60_000, () => 0)).toBe(2000);
    expect(failureBackoff(30, 60_000, () => 0)).toBe(30_000);
    expect(failureBackoff(30, 60_000, () => 0.999999)).toBeLessThanOrEqual(60_000);
  });
});
