/**
 * The commands whose output the docs show, by the id an `<!-- output-of: <id> -->` marker names.
 * Each returns the output as the reader's terminal would show it: stdout and stderr in the order
 * they were written (both go to one pipe), run in a scratch copy of the repository's layout under
 * .tmp/ so that the relative paths the docs show (`cdktf.out/…`, `cluster-jwks.json`) are the ones
 * printed. Call {@link cleanupOutputs} when done.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintServiceAccountToken } from '../../lib/testing';
import { ROOT, snippet } from '../support/readme';

const CLI = join(ROOT, 'bin', 'cce-workload-identity.js');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** The example's placeholder IDs and default JWKS: unset whatever the caller's shell sets. */
const EXAMPLE_ENV = ['HUAWEICLOUD_PROJECT_ID', 'HUAWEICLOUD_DOMAIN_ID', 'WORKLOAD_IDENTITY_JWKS_FILE', 'WORKLOAD_IDENTITY_MODE',
  'CCE_CLUSTER_ID', 'CDK8S_OUTDIR', 'CDKTF_OUTDIR'];
/** The kid the rotation example's cluster serves its new key under. */
const NEW_KID = 'Wu_ub4JKda2-arhsbOta9WXWv-8c8WM4SGDI25s-gXY';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', NO_COLOR: '1', ...extra };
  for (const name of EXAMPLE_ENV) if (!(name in extra)) delete out[name];
  return out;
}

/** Runs `command` in `cwd`, stdout and stderr into one pipe (as a terminal shows them). */
function merged(cwd: string, command: string, args: readonly string[], extra: Record<string, string> = {}): string {
  const r = spawnSync('sh', ['-c', 'exec "$@" 2>&1', 'sh', command, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: env(extra) });
  if (r.error) throw r.error;
  return r.stdout;
}

/** Runs the CLI of this checkout with `args` in `cwd`. */
export function cli(args: readonly string[], cwd = ROOT, extra: Record<string, string> = {}): string {
  return merged(cwd, process.execPath, [CLI, ...args], extra);
}

const scratch: string[] = [];

/** A directory laid out like a checkout of this repository (package.json, lib/, examples/, node_modules/). */
function workspace(): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'doc-output-'));
  scratch.push(dir);
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const name of ['lib', 'examples', 'node_modules']) symlinkSync(join(ROOT, name), join(dir, name), 'dir');
  return dir;
}

let synthesized: { dir: string; output: string } | undefined;
/** The bundled example, synthesized once by `npm run synth` (as the README's quick start runs it). */
function example(): { dir: string; output: string } {
  if (synthesized === undefined) {
    const dir = workspace();
    synthesized = { dir, output: merged(dir, 'npm', ['run', 'synth']) };
  }
  return synthesized;
}

const EXAMPLE_TF = 'cdktf.out/stacks/workload-identity/cdk.tf.json';

/** A new RSA key as kube-apiserver would serve it, under `kid`: the public JWKS and the private JWK. */
function clusterKey(kid: string): { jwks: string; privateJwk: Record<string, unknown> } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = { use: 'sig', ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256' };
  return { jwks: JSON.stringify({ keys: [pub] }), privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' } };
}

/** In `dir`: cluster-jwks.json, the cluster now serving only a new key (the example's old key retired). */
function rotatedCluster(dir: string): void {
  writeFileSync(join(dir, 'cluster-jwks.json'), clusterKey(NEW_KID).jwks);
}

/**
 * A preload that fixes the clock of the process at `DOCS_FIXED_NOW` (ISO 8601), so output that
 * states times (retention) is the one the docs show.
 */
function fixedClockPreload(dir: string): string {
  const file = join(dir, 'fixed-clock.js');
  writeFileSync(file, `const FIXED = Date.parse(process.env.DOCS_FIXED_NOW);
const Real = Date;
class FixedDate extends Real {
  constructor(...args) { if (args.length === 0) super(FIXED); else super(...args); }
  static now() { return FIXED; }
}
globalThis.Date = FixedDate;
`);
  return file;
}

/** Starts `emulate` with `args` in `cwd`, returns what it printed by the time it printed `lastLine`'s start, then stops it. */
function emulatorStart(cwd: string, args: readonly string[], lastLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'exec "$@" 2>&1', 'sh', process.execPath, CLI, 'emulate', ...args], { cwd, env: env() });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`emulate printed no "${lastLine}" line:\n${out}`)); }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const at = out.split('\n').findIndex((l) => l.startsWith(lastLine));
      if (at >= 0 && out.split('\n').length > at + 1) {
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(`${out.split('\n').slice(0, at + 1).join('\n')}\n`);
      }
    });
    child.on('error', reject);
  });
}

export const OUTPUTS: Readonly<Record<string, () => string | Promise<string>>> = {
  // The CLI's usage line for an unknown command: quick, and a real example of the mechanism.
  'cli-unknown-command': () => cli(['no-such-command']),
  // README, quick start.
  'synth-example': () => example().output,
  // docs/guides/validation.md: its app, with its three mistakes.
  'validation-example': () => {
    const dir = workspace();
    writeFileSync(join(dir, 'main.ts'), snippet('Validation', 'docs/guides/validation.md')
      .replace(/from 'cce-workload-identity'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`));
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
    return merged(dir, TSX, ['main.ts']);
  },
  // docs/guides/verifying-locally.md.
  'explain-example': () => `${example().output}${cli(['explain', EXAMPLE_TF], example().dir)}`,
  'explain-can-example': () => {
    const { dir } = example();
    const ask = (action: string): string => cli(['explain', EXAMPLE_TF, '--service-account', 'default/oidc-token', '--can', action,
      '--resource', 'OBS:*:*:object:cce-workload-identity-demo/reports/a.csv'], dir);
    return `${ask('obs:object:GetObject')}${ask('obs:object:DeleteObject')}`;
  },
  'explain-token-denied': async () => {
    // The example synthesized with a cluster key whose private half this test holds, and a token of
    // another ServiceAccount (default/nginx) signed with it, for the example's projected volume.
    const dir = workspace();
    const key = clusterKey('example-cluster-key');
    writeFileSync(join(dir, 'cluster-jwks.json'), key.jwks);
    merged(dir, 'npm', ['run', 'synth'], { WORKLOAD_IDENTITY_JWKS_FILE: join(dir, 'cluster-jwks.json') });
    const { token } = await mintServiceAccountToken({
      privateKey: key.privateJwk, namespace: 'default', serviceAccountName: 'nginx',
      projected: { audience: 'cce-workload-identity-demo', expirationSeconds: 7200, path: 'oidc-token' },
    });
    writeFileSync(join(dir, 'token.jwt'), token);
    return cli(['explain', EXAMPLE_TF, '--token', 'token.jwt'], dir);
  },
  'emulate-example': () => emulatorStart(example().dir, ['--terraform', EXAMPLE_TF], 'loaded identity provider'),
  'emulate-tls-example': () => emulatorStart(example().dir, ['--tls', '--terraform', EXAMPLE_TF], 'loaded identity provider'),
  // docs/guides/keys-and-rotation.md: the cluster has rotated to a new key the provider does not trust yet.
  'jwks-diff-example': () => {
    const { dir } = example();
    rotatedCluster(dir);
    return cli(['jwks', 'diff', EXAMPLE_TF, 'cluster-jwks.json'], dir);
  },
  'jwks-merge-example': () => {
    const dir = workspace();
    mkdirSync(join(dir, 'jwks'));
    writeFileSync(join(dir, 'jwks', 'prod.json'), readFileSync(join(ROOT, 'examples', 'jwks.json')));
    rotatedCluster(dir);
    return cli(['jwks', 'merge', 'jwks/prod.json', 'cluster-jwks.json', '--out', 'jwks/prod.json', '--tokens-expire-after', '7200'], dir, {
      NODE_OPTIONS: `--require ${fixedClockPreload(dir)}`, DOCS_FIXED_NOW: '2025-03-01T12:00:00Z',
    });
  },
};

/** Removes the scratch directories the commands used. */
export function cleanupOutputs(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  synthesized = undefined;
}
