/**
 * The test support itself: the fake clock fires timers only when advanced and reports scheduled
 * timers as events; the recorder wakes a waiter on the push that satisfies it.
 */
import { join } from 'node:path';
import { FakeClock } from './fake-clock';
import { Recorder } from './time';
import { captureWarnings, checkPending, expectWarnings } from './warnings';

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

describe('console warnings in tests (./warnings, installed by ./jest-setup)', () => {
  test('an unexpected warning is held, not printed, and the after-test check fails naming it', () => {
    console.warn('[app/sa] something %s', 'odd');
    console.error('and an error');
    expect(() => checkPending('in this test')).toThrow(/2 unexpected console warning\(s\) in this test.*\[app\/sa\] something odd.*and an error/s);
    // The check took them: this test then ends clean.
    expect(() => checkPending('again')).not.toThrow();
  });

  test('expectWarnings claims the warnings it expects, returns the result, and fails on a missing or extra one', () => {
    expect(expectWarnings(() => { console.warn('WI_ONE here'); return 7; }, [/WI_ONE/])).toBe(7);
    expect(() => expectWarnings(() => undefined, ['WI_ONE'])).toThrow(/expected but not emitted: WI_ONE/);
    expect(() => expectWarnings(() => console.warn('WI_TWO'), [/WI_ONE/])).toThrow(/expected but not emitted: \/WI_ONE\/.*emitted but not expected: WI_TWO/s);
    expect(() => expectWarnings(() => console.warn('WI_TWO'), [])).toThrow(/emitted but not expected: WI_TWO/);
    expect(() => checkPending('in this test')).not.toThrow();
  });

  test('captureWarnings returns the warnings of a sync or async function, and nested scopes claim their own', async () => {
    const outer = captureWarnings(() => {
      console.warn('outer');
      const inner = captureWarnings(() => console.warn('inner'));
      expect(inner.warnings).toEqual(['inner']);
      return 1;
    });
    expect(outer).toEqual({ result: 1, warnings: ['outer'] });
    const later = await captureWarnings(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      console.warn('after a tick');
      return 'done';
    });
    expect(later).toEqual({ result: 'done', warnings: ['after a tick'] });
    await expect(expectWarnings(async () => { console.warn('x'); throw new Error('boom'); }, ['x'])).rejects.toThrow('boom');
    expect(() => checkPending('in this test')).not.toThrow();
  });
});

describe('the cdktn jest project\'s swap (flavour.js)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cdktnCounterpart } = require('./flavour') as { cdktnCounterpart: (file: string) => string | undefined };
  const lib = join(__dirname, '..', '..', 'lib');

  test('a flavour module of lib/ becomes its lib/cdktn/ counterpart; shared and cdktn modules stay', () => {
    expect(cdktnCounterpart(join(lib, 'terraform', 'huaweicloud.ts'))).toBe(join(lib, 'cdktn', 'terraform', 'huaweicloud.ts'));
    expect(cdktnCounterpart(join(lib, 'index.ts'))).toBe(join(lib, 'cdktn', 'index.ts'));
    expect(cdktnCounterpart(join(lib, 'terraform', 'workload-identity-grants.ts'))).toBeUndefined();
    expect(cdktnCounterpart(join(lib, 'cdktn', 'index.ts'))).toBeUndefined();
    expect(cdktnCounterpart(join(lib, '..', 'node_modules', 'cdktn', 'lib', 'index.js'))).toBeUndefined();
  });
});
