/**
 * What the pack tests (test/package/*) share: the cdktf init template a fresh project is made
 * from, the versions this repository's lockfile installed, and running commands in a user's
 * environment. Installs use the npm cache (`--prefer-offline`; CI's `npm ci` fills it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The cdktf typescript template, as `cdktf init` copies it. */
export const TEMPLATE = [
  join(ROOT, 'node_modules', '@cdktf', 'cli-core', 'templates', 'typescript'),
  join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript'),
].find((dir) => existsSync(join(dir, 'jest.config.js')))!;

export const version = (pkg: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
export const pinned = (...pkgs: string[]): string[] => pkgs.map((pkg) => `${pkg}@${version(pkg)}`);

/** The environment of a user's shell: nothing from this jest run or from `npm test`'s script. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // npm passes its own settings to scripts (npm_config_local_prefix is this repository): keep
    // only where the cache and the registry are.
    if (/^(npm_|JEST_|CDK8S_OUTDIR$|CDKTF_OUTDIR$|NODE_ENV$|INIT_CWD$)/i.test(key) && !/^npm_config_(cache|userconfig|registry)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', ...extra };
}

export interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly ms: number }

export function run(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = userEnv()): Run {
  const start = Date.now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start };
}

export function runAsync(cwd: string, command: string, args: readonly string[]): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: userEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - start }));
  });
}

export function ok(r: Run, what: string): Run {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  return r;
}

export const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

/**
 * Where a pack test's step timings go: `.tmp/timings/<test>.txt`, not the console, so a passing run
 * stays quiet (`cat .tmp/timings/*` after a run shows where the time went).
 */
export function writeTimings(test: string, timings: readonly string[]): void {
  const dir = join(ROOT, '.tmp', 'timings');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${test}.txt`), `${timings.join('\n')}\n`);
}
