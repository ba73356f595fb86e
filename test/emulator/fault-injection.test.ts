/**
 * Fault injection on its own (no listener): the queue of failNext calls, '*', setDown, and what
 * each injected answer records in the decision log.
 */
import { DecisionLog } from '../../lib/testing/emulator/decision-log';
import { FaultInjector } from '../../lib/testing/emulator/fault-injection';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';

const T0 = Date.UTC(2026, 0, 1);

function injector(): { faults: FaultInjector; log: DecisionLog; lines: string[] } {
  const lines: string[] = [];
  const log = new DecisionLog(() => T0, (line) => lines.push(line));
  return { faults: new FaultInjector(log), log, lines };
}

test('failures are served in the order queued, each the given number of times, only on their path', () => {
  const { faults, log } = injector();
  faults.failNext('/a', 503, 2);
  faults.failNext('*', 'network');
  expect(faults.take('/b')).toBe('network'); // '*' matches any path; '/a' does not
  expect(faults.take('/a')).toEqual({ status: 503, body: { error_msg: 'Injected failure (HTTP 503).', error_code: 'IAM.InjectedFailure' } });
  expect(faults.take('/a')).toMatchObject({ status: 503 });
  expect(faults.take('/a')).toBeUndefined();
  expect(log.decisions.map((d) => [d.endpoint, d.outcome, d.status])).toEqual([
    ['/b', 'injected', 0],
    ['/a', 'injected', 503],
    ['/a', 'injected', 503],
  ]);
  expect(log.decisions[0]!.at).toBe(new Date(T0).toISOString());
});

test('while down, every request fails, before any queued failure, until set up again', () => {
  const { faults, lines } = injector();
  faults.failNext('/a', 500);
  faults.setDown(503);
  expect(faults.take('/a')).toMatchObject({ status: 503 });
  faults.setDown('network');
  expect(faults.take('/x')).toBe('network');
  faults.setDown(false);
  expect(faults.take('/a')).toMatchObject({ status: 500 });
  expect(lines[0]).toBe('iam-emulator injected status=503 endpoint=/a code=IAM.InjectedFailure reason="emulator is down (setDown)"');
});

test.each([[200], [600], [404.5]])('failNext refuses status %p', (status) => {
  expect(() => injector().faults.failNext('/a', status)).toThrow(EmulatorConfigError);
});

test('failNext refuses a count below 1', () => {
  expect(() => injector().faults.failNext('/a', 500, 0)).toThrow(/positive integer/);
});
