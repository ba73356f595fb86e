/**
 * A refreshing, single-flight cache for one expiring value (an IAM token, or temporary
 * credentials). Semantics, per the local clock:
 *
 * | state            | when                           | `get()`                                                  |
 * |------------------|--------------------------------|----------------------------------------------------------|
 * | empty            | nothing loaded yet             | load (shared by all concurrent callers); errors propagate |
 * | fresh            | now < refreshAt                | the cached value (same resolved promise every time)      |
 * | refresh window   | refreshAt <= now < usableUntil | the cached value; one background refresh is started      |
 * | expired          | now >= usableUntil             | load, shared; on failure `ERR_CREDENTIALS_EXPIRED` (cause = load error) |
 *
 * A failed background refresh keeps the cached value (stale-while-valid) and is re-attempted after
 * a growing back-off; with `proactive` timers the refresh also happens when nobody calls `get()`.
 * Compared with `memoize` of `@smithy/property-provider`: same single in-flight promise, but the
 * refresh ahead of expiry is non-blocking and failures do not discard a still-valid value.
 */
import { type Clock, type TimerHandle, type Timers } from './clock';
import { ClientClosedError, CredentialsExpiredError, WorkloadIdentityError } from './errors';
import { type RefreshSchedule, type ScheduleParameters, refreshSchedule } from './expiry';

/** What a loader returns. */
export interface Loaded<T> {
  readonly value: T;
  /** Local time the request was sent. */
  readonly obtainedAt: number;
  /** Local expiry (already corrected for clock skew). */
  readonly expiresAt: number;
}

/** Why the cache (re)loads. */
export type LoadReason = 'initial' | 'background' | 'expired' | 'forced';

/** Options of {@link RefreshingCache}. */
export interface RefreshingCacheOptions<T> {
  /** Human-readable name used in error messages, e.g. `IAM token`. */
  readonly name: string;
  readonly load: (reason: LoadReason) => Promise<Loaded<T>>;
  readonly now: Clock;
  readonly timers: Timers;
  readonly schedule: ScheduleParameters;
  /** Also refresh on a timer at `refreshAt`, without waiting for a `get()`. */
  readonly proactive: boolean;
  /** Random source in [0, 1) for the failure back-off jitter. */
  readonly random: () => number;
  /** Back-off cap after repeated background failures, ms. */
  readonly maxFailureBackoffMs?: number;
  /** Called after each successful load. */
  readonly onLoaded?: (entry: CacheEntry<T>, reason: LoadReason) => void;
  /** Called after each failed load. `servingStale` = a still-usable cached value keeps being served. */
  readonly onLoadFailed?: (error: unknown, reason: LoadReason, servingStale: boolean, retryInMs: number | undefined) => void;
}

/** A cached value with its schedule. */
export interface CacheEntry<T> extends RefreshSchedule {
  readonly value: T;
  /** `Promise.resolve(value)`, allocated once and returned by every cached `get()`. */
  readonly promise: Promise<T>;
  readonly obtainedAt: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Back-off before re-attempting a failed background refresh: equal jitter on min(cap, 1 s·2^(n-1)). */
export function failureBackoff(failures: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, 1000 * 2 ** Math.min(Math.max(0, failures - 1), 20));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** See the module comment. */
export class RefreshingCache<T> {
  private entry: CacheEntry<T> | undefined;
  private inflight: Promise<T> | undefined;
  private failures = 0;
  private nextAttemptAt = 0;
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly options: RefreshingCacheOptions<T>) {}

  /** The cached value (see the state table in the module comment). */
  get(): Promise<T> {
    const entry = this.entry;
    if (entry !== undefined) {
      const now = this.options.now();
      if (now < entry.refreshAt) return entry.promise;
      if (now < entry.usableUntil) {
        this.refreshInBackground(now);
        return entry.promise;
      }
    }
    if (this.closed) return Promise.reject(new ClientClosedError());
    return this.loadBlocking(entry);
  }

  /** Load a new value now (joining an in-flight load), whatever the cached state. */
  refresh(): Promise<T> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    return this.startLoad(this.entry === undefined ? 'initial' : 'forced');
  }

  /** Drop the cached value (e.g. after the server revoked it); the next `get()` loads. */
  invalidate(): void {
    this.entry = undefined;
    this.clearTimer();
  }

  /** The current entry, if any (for diagnostics and tests). */
  peek(): CacheEntry<T> | undefined {
    return this.entry;
  }

  /** Stop timers; subsequent loads fail with `ERR_CLIENT_CLOSED`. */
  close(): void {
    this.closed = true;
    this.entry = undefined;
    this.clearTimer();
  }

  private loadBlocking(stale: CacheEntry<T> | undefined): Promise<T> {
    const load = this.startLoad(stale === undefined ? 'initial' : 'expired');
    if (stale === undefined) return load;
    return load.catch((error: unknown) => {
      throw this.expiredError(stale, error);
    });
  }

  private expiredError(stale: CacheEntry<T>, error: unknown): Error {
    if (error instanceof ClientClosedError) return error;
    // a nested cache (the IAM token under the credentials) already explained its expiry: report the root cause
    const cause = error instanceof CredentialsExpiredError && error.cause !== undefined ? error.cause : error;
    const detail = cause instanceof WorkloadIdentityError ? `${cause.code}: ${cause.message}` : 'unknown error';
    return new CredentialsExpiredError(
      `cached ${this.options.name} reached its expiry margin at ${new Date(stale.usableUntil).toISOString()} ` +
        `and could not be refreshed (${detail})`,
      new Date(stale.usableUntil),
      cause,
    );
  }

  private refreshInBackground(now: number): void {
    if (this.inflight !== undefined || this.closed || now < this.nextAttemptAt) return;
    this.startLoad('background').catch(() => undefined); // reported through onLoadFailed
  }

  private startLoad(reason: LoadReason): Promise<T> {
    if (this.inflight !== undefined) return this.inflight;
    const promise = this.runLoad(reason);
    this.inflight = promise;
    const clear = (): void => {
      if (this.inflight === promise) this.inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  private async runLoad(reason: LoadReason): Promise<T> {
    let loaded: Loaded<T>;
    try {
      loaded = await this.options.load(reason);
      if (this.closed) throw new ClientClosedError();
    } catch (error) {
      this.onFailure(error, reason);
      throw error;
    }
    const entry: CacheEntry<T> = {
      value: loaded.value,
      promise: Promise.resolve(loaded.value),
      obtainedAt: loaded.obtainedAt,
      ...refreshSchedule(loaded.obtainedAt, loaded.expiresAt, this.options.schedule),
    };
    this.entry = entry;
    this.failures = 0;
    this.nextAttemptAt = 0;
    this.scheduleTimer(entry.refreshAt);
    this.options.onLoaded?.(entry, reason);
    return loaded.value;
  }

  private onFailure(error: unknown, reason: LoadReason): void {
    if (this.closed) return;
    this.failures++;
    const now = this.options.now();
    const entry = this.entry;
    const servingStale = entry !== undefined && now < entry.usableUntil;
    let retryIn: number | undefined;
    if (servingStale) {
      retryIn = Math.min(
        failureBackoff(this.failures, this.options.maxFailureBackoffMs ?? 60_000, this.options.random),
        Math.max(0, entry.usableUntil - now),
      );
      this.nextAttemptAt = now + retryIn;
      this.scheduleTimer(this.nextAttemptAt);
    }
    this.options.onLoadFailed?.(error, reason, servingStale, retryIn);
  }

  private scheduleTimer(at: number): void {
    this.clearTimer();
    if (!this.options.proactive || this.closed) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.options.now()));
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      const now = this.options.now();
      const entry = this.entry;
      if (entry === undefined) return;
      if (now < entry.refreshAt) this.scheduleTimer(entry.refreshAt); // clock moved backwards / timer fired early
      else if (now < this.nextAttemptAt) this.scheduleTimer(this.nextAttemptAt);
      else if (now < entry.usableUntil) this.refreshInBackground(now);
      // past usableUntil: the next get() loads (blocking); nothing to do proactively
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.options.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
