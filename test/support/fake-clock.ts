/**
 * The one fake clock of the tests: a manual clock whose timers fire only when it is advanced. It
 * is the `now` and the `timers` of the runtime, the `now` of the emulator, or both at once, so
 * expiry, refresh, retry and timeout scenarios need no real waiting.
 */
import type { Timers } from '../../lib/runtime/clock';
import { flush } from './time';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

interface TimerWaiter {
  readonly predicate: (at: number) => boolean;
  readonly resolve: (at: number) => void;
}

/** A manual clock (ms since the epoch) and the timers that run on it. */
export class FakeClock implements Timers {
  /** The current time; tests may set it directly (a jump that fires no timer). */
  nowMs: number;
  private pending: Pending[] = [];
  private nextId = 1;
  private waiters: TimerWaiter[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.nowMs = start;
  }

  /** The current time, as a `() => number` clock. */
  readonly now = (): number => this.nowMs;

  /** A clock that reads `offsetMs` more than this one (another host's clock, skewed). */
  offset(offsetMs: number): () => number {
    return () => this.nowMs + offsetMs;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.nowMs + Math.max(0, ms), callback };
    this.pending.push(timer);
    this.waiters = this.waiters.filter((w) => (w.predicate(timer.at) ? (w.resolve(timer.at), false) : true));
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }

  /** Number of scheduled timers. */
  get timerCount(): number {
    return this.pending.length;
  }

  /** Time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    return this.pending.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
  }

  /**
   * Resolves with the due time of a pending timer for which `predicate` holds: at once if one is
   * pending, else as soon as one is scheduled (an event, no polling).
   */
  whenTimer(predicate: (at: number) => boolean = () => true): Promise<number> {
    const found = this.pending.find((t) => predicate(t.at));
    if (found) return Promise.resolve(found.at);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  /** Advance the clock by `ms`, firing due timers in order and letting promise jobs run in between. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await flush();
      const due = this.pending.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.pending = this.pending.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.at);
      due.callback();
    }
    this.nowMs = target;
    await flush();
  }
}
