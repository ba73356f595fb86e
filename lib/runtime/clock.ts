/**
 * Injectable time sources, so that caching, refresh and retry behaviour can be tested
 * deterministically (fake clock + manual timers) and so that background timers never keep a
 * process alive.
 */

/** Returns the current time in milliseconds since the epoch (like `Date.now`). */
export type Clock = () => number;

/** Opaque timer handle returned by {@link Timers.setTimeout}. */
export type TimerHandle = unknown;

/** The subset of the timer API the runtime uses. */
export interface Timers {
  /** Schedule `callback` after `ms` milliseconds; the returned handle must not keep the process alive. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancel a timer created by {@link Timers.setTimeout}. */
  clearTimeout(handle: TimerHandle): void;
}

/** `Date.now`. */
export const systemClock: Clock = () => Date.now();

/** Node's timers, unref'd so that a pending refresh or backoff never keeps the process alive. */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, Math.max(0, ms));
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Resolve after `ms` (using `timers`), or reject with `signal.reason` as soon as `signal` aborts. */
export function sleep(ms: number, timers: Timers, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
