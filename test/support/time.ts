/**
 * The one time helper of the tests. Nothing here polls the wall clock: a test waits for an event
 * (something recorded, a timer scheduled on the fake clock) or lets pending promise jobs run.
 */

/** Let pending promise jobs (and I/O-free async chains) run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * An array that tells waiters when it grows: record calls, log lines or output into it, and
 * `await recorder.until(items => …)` resolves on the push that makes the condition true (at once
 * when it already holds). The timeout only turns a hang into a readable failure.
 */
export class Recorder<T> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  private waiters: Array<{ readonly condition: (items: readonly T[]) => boolean; readonly resolve: () => void }> = [];

  override push(...items: T[]): number {
    const length = super.push(...items);
    this.waiters = this.waiters.filter((w) => (w.condition(this) ? (w.resolve(), false) : true));
    return length;
  }

  /** Resolves once `condition` holds for the recorded items; rejects after `timeoutMs` (default 5 s). */
  until(condition: (items: readonly T[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Recorder.until: condition not met within ${timeoutMs} ms (${this.length} items recorded)`));
      }, timeoutMs);
      timer.unref();
      const waiter = { condition, resolve: (): void => { clearTimeout(timer); resolve(); } };
      this.waiters.push(waiter);
    });
  }
}
