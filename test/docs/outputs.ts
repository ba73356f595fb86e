/**
 * The commands whose output the docs show, by the id an `<!-- output-of: <id> -->` marker names.
 * Each returns the output as the reader's terminal would show it (stdout then stderr).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/readme';

/** Runs the CLI of this checkout with `args` in `cwd`. */
export function cli(args: readonly string[], cwd = ROOT): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'cce-workload-identity.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return `${r.stdout}${r.stderr}`;
}

export const OUTPUTS: Readonly<Record<string, () => string>> = {
  // The CLI's usage line for an unknown command: quick, and a real example of the mechanism.
  'cli-unknown-command': () => cli(['no-such-command']),
};
