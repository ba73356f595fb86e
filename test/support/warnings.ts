/**
 * Console warnings in tests: captured, asserted, never printed and never silently swallowed.
 *
 * test/support/jest-setup.ts (jest `setupFilesAfterEnv`, both projects) calls
 * {@link installWarningCapture}: during every test file, `console.warn` and `console.error` record
 * what they are given instead of printing it. A test that expects warnings says so:
 *
 *   const out = expectWarnings(() => synthWorkloadIdentity(declaration), [/WI_JWKS_PLACEHOLDER/]);
 *   const { result, warnings } = captureWarnings(() => synthesize(app));  // then expect(warnings)…
 *
 * Any other warning fails the test it was emitted in, with its text (`afterEach`). One emitted
 * outside a test (a describe body, `beforeAll`) fails the next test to finish, saying so; one
 * emitted after the file's last test is printed, marked as unexpected.
 *
 * The state lives on `globalThis`, so a test that resets its module registry
 * (`jest.resetModules`, `jest.isolateModules`) still talks to the same capture.
 */
import { format } from 'node:util';

/** One `console.warn` / `console.error` call, as it would have been printed. */
export interface CapturedWarning {
  readonly level: 'warn' | 'error';
  readonly text: string;
  /** The test running when it was emitted; undefined outside a test (describe body, beforeAll, afterAll). */
  readonly test?: string;
}

/** A pattern a warning must match: a regular expression, or a string it contains. */
export type WarningPattern = RegExp | string;

interface CaptureState {
  /** Warnings no expectWarnings/captureWarnings scope claimed, waiting for the afterEach check. */
  pending: CapturedWarning[];
  /** Open expectWarnings/captureWarnings scopes, innermost last. */
  scopes: CapturedWarning[][];
  /** The test running now (set by the setup's beforeEach, cleared by its afterEach). */
  current?: string;
  /** After the file's last check: warnings are printed (marked) rather than held. */
  closed: boolean;
  original?: { warn: typeof console.warn; error: typeof console.error };
}

const KEY = Symbol.for('cce-workload-identity.test.warning-capture');

function state(): CaptureState {
  const holder = globalThis as unknown as Record<symbol, CaptureState | undefined>;
  holder[KEY] ??= { pending: [], scopes: [], closed: false };
  return holder[KEY];
}

function record(level: CapturedWarning['level'], args: unknown[]): void {
  const s = state();
  const warning: CapturedWarning = { level, text: format(...args), test: s.current };
  if (s.scopes.length > 0) s.scopes[s.scopes.length - 1].push(warning);
  else if (s.closed && s.original) s.original[level](`[unexpected console.${level} after the last test] ${warning.text}`);
  else s.pending.push(warning);
}

function describeWarnings(warnings: readonly CapturedWarning[]): string {
  const where = (w: CapturedWarning): string => (w.test === undefined ? ' (outside any test: describe body or beforeAll)' : '');
  return warnings.map((w) => `  console.${w.level}${where(w)}: ${w.text}`).join('\n');
}

/**
 * Takes the warnings no scope claimed and throws, naming each, when there are any. The setup's
 * afterEach calls it after every test; exported for the support's own test.
 */
export function checkPending(where: string): void {
  const s = state();
  const unexpected = s.pending.splice(0);
  if (unexpected.length === 0) return;
  throw new Error(
    `${unexpected.length} unexpected console warning(s) ${where}; if expected, assert them with expectWarnings()/captureWarnings() `
    + `from test/support/warnings:\n${describeWarnings(unexpected)}`,
  );
}

/**
 * Replaces `console.warn` and `console.error` with the capture for this test file and registers
 * the hooks that fail a test on an unexpected warning. Called once per file by the jest setup.
 */
export function installWarningCapture(): void {
  const s = state();
  s.pending = [];
  s.scopes = [];
  s.closed = false;
  s.current = undefined;
  s.original = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => record('warn', args);
  console.error = (...args: unknown[]) => record('error', args);
  beforeEach(() => {
    s.current = expect.getState().currentTestName ?? '(unnamed test)';
  });
  afterEach(() => {
    s.current = undefined;
    s.scopes = [];
    checkPending('in this test');
  });
  afterAll(() => {
    s.closed = true;
    checkPending('after the last test of this file');
  });
}

/** Runs `fn` and returns its result with every warning it emitted (awaits `fn` when it returns a promise). */
export function captureWarnings<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }>;
export function captureWarnings<T>(fn: () => T): { result: T; warnings: string[] };
export function captureWarnings<T>(fn: () => T | Promise<T>): { result: T; warnings: string[] } | Promise<{ result: T; warnings: string[] }> {
  const s = state();
  const scope: CapturedWarning[] = [];
  s.scopes.push(scope);
  const close = (): string[] => {
    const at = s.scopes.lastIndexOf(scope);
    if (at >= 0) s.scopes.splice(at, 1);
    return scope.map((w) => w.text);
  };
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (error) {
    close();
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => ({ result: value, warnings: close() }),
      (error: unknown) => {
        close();
        throw error;
      },
    );
  }
  return { result, warnings: close() };
}

const matches = (text: string, pattern: WarningPattern): boolean => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));

/**
 * Asserts the warnings: each pattern matches at least one warning, and every warning matches
 * at least one pattern. `[]` asserts that there were none.
 */
export function assertWarnings(warnings: readonly string[], expected: readonly WarningPattern[]): void {
  const unmatched = warnings.filter((w) => !expected.some((p) => matches(w, p)));
  const missing = expected.filter((p) => !warnings.some((w) => matches(w, p)));
  if (unmatched.length === 0 && missing.length === 0) return;
  const lines = [
    ...missing.map((p) => `  expected but not emitted: ${String(p)}`),
    ...unmatched.map((w) => `  emitted but not expected: ${w}`),
  ];
  throw new Error(`console warnings differ from the expected ones:\n${lines.join('\n')}\nall emitted:\n${warnings.map((w) => `  ${w}`).join('\n')}`);
}

/**
 * Runs `fn`, asserts the warnings it emitted with {@link assertWarnings} and returns its result
 * (a promise when `fn` returns one).
 */
export function expectWarnings<T>(fn: () => Promise<T>, expected: readonly WarningPattern[]): Promise<T>;
export function expectWarnings<T>(fn: () => T, expected: readonly WarningPattern[]): T;
export function expectWarnings<T>(fn: () => T | Promise<T>, expected: readonly WarningPattern[]): T | Promise<T> {
  const captured = captureWarnings(fn);
  if (captured instanceof Promise) {
    return captured.then(({ result, warnings }) => {
      assertWarnings(warnings, expected);
      return result;
    });
  }
  assertWarnings(captured.warnings, expected);
  return captured.result;
}

/**
 * What the bundled example (examples/app.ts) warns about: its placeholder project ID unless
 * HUAWEICLOUD_PROJECT_ID is set, its placeholder account ID unless HUAWEICLOUD_DOMAIN_ID is set
 * (read when called: call it where the example is built).
 */
export function examplePlaceholderWarnings(): WarningPattern[] {
  return [
    ...(process.env.HUAWEICLOUD_PROJECT_ID ? [] : [/projectId: "0{32}" is the placeholder project ID/]),
    ...(process.env.HUAWEICLOUD_DOMAIN_ID ? [] : [/domainId: "0{32}" is the placeholder account ID/]),
  ];
}
