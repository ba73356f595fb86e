/**
 * `emulate` start-up: every option is checked (all problems at once) before any stop watcher is
 * installed, and a watch started with an already aborted signal leaves nothing behind.
 */
import { main } from '../../lib/cli/main';
import { watchForStop } from '../../lib/cli/emulate-lifecycle';

afterEach(() => jest.restoreAllMocks());

test('bad options are all reported at once, bounded, and leave no signal listener or timer behind', async () => {
  const signals = (): number[] => (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => process.listenerCount(s));
  const before = signals();
  const intervals = jest.spyOn(global, 'setInterval');
  const err: string[] = [];
  const long = '9'.repeat(100_000);
  const code = await main([
    'emulate', '--terraform', 'never-read.tf.json', '--port', `${'1'.repeat(30)} x`, '--service-port', '65536', '--token-lifetime', '0',
    '--clock-skew', long, '--cluster-jwks', 'no-equals-sign',
  ], { stdout: () => undefined, stderr: (t) => err.push(t) });
  expect(code).toBe(2);
  const text = err.join('');
  expect(text).toContain('--cluster-jwks takes <cluster-id>=<jwks file>, got "no-equals-sign"');
  expect(text).toContain(`--port must be a non-negative integer from 0 to 65535, got "${'1'.repeat(20)}…"`);
  expect(text).toContain('--service-port must be a non-negative integer from 0 to 65535, got "65536"');
  expect(text).toContain('--token-lifetime must be a non-negative integer from 1 to 31536000, got "0"');
  expect(text).toContain('--clock-skew must be a non-negative integer from 0 to 86400, got "[redacted]…"');
  expect(text).not.toContain('9'.repeat(21));
  expect(text.length).toBeLessThan(5000);
  expect(signals()).toEqual(before);
  expect(intervals).not.toHaveBeenCalled();
});

test('a watch started with an aborted signal stops at once and removes every watcher it registered', async () => {
  const controller = new AbortController();
  controller.abort();
  const added = jest.spyOn(controller.signal, 'addEventListener');
  const removed = jest.spyOn(controller.signal, 'removeEventListener');
  const intervals = jest.spyOn(global, 'setInterval');
  const cleared = jest.spyOn(global, 'clearInterval');
  const before = process.listenerCount('SIGINT');
  const watch = watchForStop({ signal: controller.signal, withParent: true });
  expect(await watch.stopped).toBe('aborted');
  expect(process.listenerCount('SIGINT')).toBe(before);
  expect(removed).toHaveBeenCalledTimes(added.mock.calls.length);
  expect(cleared).toHaveBeenCalledTimes(intervals.mock.results.length);
  for (const result of intervals.mock.results) expect(cleared).toHaveBeenCalledWith(result.value);
});
