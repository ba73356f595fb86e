/**
 * The test support itself: the fake clock fires timers only when advanced and reports scheduled
 * timers as events; the recorder wakes a waiter on the push that satisfies it.
 */
import { FakeClock } from './fake-clock';
import { Recorder } from './time';

test('timers fire in order when the clock passes them, not before', async () => {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 20);
  clock.setTimeout(() => fired.push('a'), 10);
  const cancelled = clock.setTimeout(() => fired.push('never'), 15);
  clock.clearTimeout(cancelled);
  await clock.advance(9);
  expect(fired).toEqual([]);
  await clock.advance(11);
  expect(fired).toEqual(['a', 'b']);
  expect(clock.now()).toBe(20);
  expect(clock.offset(-5)()).toBe(15);
});

test('whenTimer resolves with a pending timer at once, or with the next one scheduled that matches', async () => {
  const clock = new FakeClock(1000);
  clock.setTimeout(() => undefined, 10_000);
  await expect(clock.whenTimer()).resolves.toBe(11_000);
  const short = clock.whenTimer((at) => at < 5000);
  clock.setTimeout(() => undefined, 3000);
  await expect(short).resolves.toBe(4000);
});

test('until resolves on the push that makes the condition true, and reports a hang', async () => {
  const lines = new Recorder<string>();
  const seen = lines.until((items) => items.includes('ready'));
  lines.push('starting');
  setImmediate(() => lines.push('ready'));
  await expect(seen).resolves.toBeUndefined();
  expect(lines.slice(1)).toEqual(['ready']);
  expect(lines.slice(1)).not.toBeInstanceOf(Recorder);
  await expect(lines.until(() => false, 10)).rejects.toThrow(/not met within 10 ms \(2 items recorded\)/);
});
