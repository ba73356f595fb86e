/**
 * How validation errors read when they reach a terminal: each error once, as a short wrapped block
 * (where, what, fix), without a stack trace — under `tsx main.ts`, `cdk8s synth`, `cdktf synth` and
 * `cdktn synth` alike.
 *
 * - {@link formatErrorBlock} writes the block a validation error's `message` and `stack` hold.
 * - {@link presentAsReport} makes an error print as that block: `stack` is the block (Node prints
 *   `stack` for an error it cannot inspect), `util.inspect` prints the block (Node inspects an
 *   uncaught error, which would list every own property such as `errors: [...]` — the message a
 *   second time), and the listed properties stay readable but are not enumerable.
 * - {@link reportUncaught} prints an uncaught validation error once and ends the process with exit
 *   code 1: on stderr, or on stdout under `cdktf synth` / `cdktn synth` (they echo the app's stderr
 *   live AND again in their summary, but its stdout only in the summary). Any other uncaught error
 *   is thrown again untouched, so Node reports it as it would have. The synthesis entry points
 *   install it (`synthesizeApps`, `synthWorkloadIdentity`, the library constructs' validation and
 *   rendering during an app's `synth()`, the CLI); constructing an error never does: a library
 *   changes no process-wide state because a value was built.
 */
import { inspect } from 'node:util';

/** Width of the wrapped lines. */
const WIDTH = 100;

/**
 * Breaks `text` into lines of at most `width` characters at spaces (a longer word stays whole),
 * each prefixed with `indent`. Linear in the length of `text`.
 */
export function wrap(text: string, indent: string, width: number = WIDTH): string[] {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      if (line !== '' && line.length + 1 + word.length > room) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(indent + line);
  }
  return lines;
}

/** `[construct path] what. Fix: fix` (as synthesis reports it) split into its parts; any part may be absent. */
export function splitError(error: string): { readonly where?: string; readonly what: string; readonly fix?: string } {
  let rest = error;
  let where: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf('] ');
    if (end > 0) {
      where = rest.slice(1, end);
      rest = rest.slice(end + 2);
    }
  }
  const at = rest.lastIndexOf('. Fix: ');
  if (at < 0) return { where, what: rest };
  return { where, what: rest.slice(0, at + 1), fix: rest.slice(at + '. Fix: '.length) };
}

/**
 * The block a validation error prints: the headline, then per error where (construct path), what
 * (the rule, with the field) and the fix, wrapped and indented.
 */
export function formatErrorBlock(headline: string, errors: readonly string[]): string {
  const blocks = errors.map((error, i) => {
    const { where, what, fix } = splitError(error);
    const number = `${i + 1}) `;
    const pad = ' '.repeat(2 + number.length);
    return [
      `  ${number}${where === undefined ? '(no construct path)' : where}`,
      ...wrap(what, pad),
      ...(fix === undefined ? [] : wrap(`Fix: ${fix}`, pad)),
    ].join('\n');
  });
  return `${headline}\n\n${blocks.join('\n\n')}`;
}

/** Marks errors {@link reportUncaught} prints as a report. */
const REPORT = Symbol.for('cce-workload-identity.validation-report');

/**
 * Makes `error` print as its message only: `stack` is `<name>: <message>`, `util.inspect` shows the
 * same, and `hidden` own properties are kept but not enumerable (inspect and JSON leave them out).
 */
export function presentAsReport(error: Error, hidden: readonly string[]): void {
  for (const key of hidden) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor !== undefined) Object.defineProperty(error, key, { ...descriptor, enumerable: false });
  }
  Object.defineProperty(error, 'stack', { value: `${error.name}: ${error.message}`, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, inspect.custom, { value: () => `${error.name}: ${error.message}`, configurable: true, enumerable: false });
  Object.defineProperty(error, REPORT, { value: true, enumerable: false });
}

/** Set on `globalThis` while the listener is installed: once per process, even with two copies of the package loaded. */
const INSTALLED = Symbol.for('cce-workload-identity.uncaught-report-installed');
const flags = globalThis as unknown as Record<symbol, boolean | undefined>;

/**
 * Installs (once per process, however often it is called) the `uncaughtException` listener that prints an uncaught validation error as its
 * report and ends the process with exit code 1, as Node does for any uncaught error. With the listener installed, Node would no longer report
 * other uncaught errors itself; so when it is the only listener, any other error is thrown again on
 * the next tick after removing it, and Node reports and exits as usual. Beside the app's own
 * listeners it leaves other errors to them.
 */
export function reportUncaught(): void {
  if (flags[INSTALLED] === true) return;
  flags[INSTALLED] = true;
  const listener = (error: unknown): void => {
    if (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[REPORT] === true) {
      const underTerraformCli = (process.env.CDKTF_OUTDIR ?? '') !== '' && (process.env.CDK8S_OUTDIR ?? '') === '';
      process.exitCode = 1;
      // As Node does for any uncaught error: end the process (a timer or a server left open would
      // otherwise keep it running), once the report is written out.
      (underTerraformCli ? process.stdout : process.stderr).write(`${(error as Error).stack}\n`, () => process.exit(1));
      return;
    }
    if (process.listenerCount('uncaughtException') > 1) return;
    process.removeListener('uncaughtException', listener);
    flags[INSTALLED] = false;
    process.nextTick(() => {
      throw error;
    });
  };
  process.on('uncaughtException', listener);
}
