/**
 * No input hangs the command: `jwks fetch` leaves no process of kubectl's behind and trusts
 * kubectl's exit code, not the end of its stdout; a FIFO named as any file the command reads is
 * refused by name. The FIFO cases run the installed command in a child process (with a generous
 * `timeout` of spawnSync as a guard only: a blocked read would block the test process itself).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runJwksCommand } from '../../lib/cli/jwks-command';
import { jwkThumbprint } from '../../lib/core/jwks/jwk-thumbprint';

const BIN = resolve(__dirname, '../../bin/cce-workload-identity.js');
type Jwk = Record<string, string>;
const pub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Jwk;
const KEY: Jwk = { use: 'sig', kty: 'RSA', kid: jwkThumbprint(pub) as string, alg: 'RS256', n: pub.n, e: pub.e };

let dir: string;
const started: number[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cce-wi-hang-'));
});
afterAll(() => {
  // Whatever the outcome, nothing this file started keeps running.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; text: () => string } {
  const all: string[] = [];
  return { io: { stdout: (t) => all.push(t), stderr: (t) => all.push(t) }, text: () => all.join('') };
}

/** A stand-in kubectl running `body` (sh), in its own folder first on PATH. */
function kubectl(name: string, body: string): { env: NodeJS.ProcessEnv; folder: string } {
  const folder = join(dir, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'kubectl'), `#!/bin/sh\n${body}\n`);
  chmodSync(join(folder, 'kubectl'), 0o755);
  return { env: { ...process.env, PATH: `${folder}:${process.env.PATH}` }, folder };
}

/** Whether `pid` runs (a zombie waiting for a parent that never reaps it counts as ended). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Waits (bounded) until `pid` has ended; returns whether it did. A SIGKILL takes effect asynchronously. */
async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !running(pid);
}

function pidIn(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim());
  started.push(pid);
  return pid;
}

describe('jwks fetch and the processes kubectl starts', () => {
  test('kubectl succeeds while a process it started still holds its stdout: success, and that process is stopped', async () => {
    const jwks = JSON.stringify({ keys: [KEY] });
    const { env, folder } = kubectl('holder', `sleep 300 &\necho $! > '${join(dir, 'holder.pid')}'\nprintf '%s' '${jwks}'`);
    const out = join(folder, 'keys.json');
    const c = capture();
    const code = await runJwksCommand(['fetch', '--out', out, '--timeout', '20'], c.io, { env });
    const holder = pidIn(join(dir, 'holder.pid'));
    expect(code).toBe(0);
    expect(c.text()).not.toContain('did not finish');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ keys: [KEY] });
    expect(await ended(holder)).toBe(true);
  });

  test('kubectl hanging with a child of its own: --timeout stops both', async () => {
    const { env, folder } = kubectl('sleeper', `echo $$ > '${join(dir, 'sleeper.pid')}'\nsleep 300 &\n`
      + `echo $! > '${join(dir, 'sleeper-child.pid')}'\nwait`);
    const c = capture();
    const code = await runJwksCommand(['fetch', '--out', join(folder, 'never.json'), '--timeout', '1'], c.io, { env });
    const [shell, child] = [pidIn(join(dir, 'sleeper.pid')), pidIn(join(dir, 'sleeper-child.pid'))];
    expect(code).toBe(2);
    expect(c.text()).toContain('did not finish within 1 s (--timeout) and was stopped');
    expect(c.text()).toContain('[ERR_JWKS_KUBECTL_TIMEOUT]');
    expect(await ended(shell)).toBe(true);
    expect(await ended(child)).toBe(true);
    expect(existsSync(join(folder, 'never.json'))).toBe(false);
  });

  test('kubectl failing after printing: its exit code decides, even with stdout held open', async () => {
    const { env, folder } = kubectl('failer', `sleep 300 &\necho $! > '${join(dir, 'failer.pid')}'\n`
      + `printf '%s' '${JSON.stringify({ keys: [KEY] })}'\necho "error: Unauthorized" >&2\nexit 1`);
    const c = capture();
    const code = await runJwksCommand(['fetch', '--out', join(folder, 'never.json'), '--timeout', '20'], c.io, { env });
    const child = pidIn(join(dir, 'failer.pid'));
    expect(code).toBe(2);
    expect(c.text()).toContain('exited with code 1:\n  error: Unauthorized');
    expect(await ended(child)).toBe(true);
  });
});

describe('a FIFO named as a file the command reads is refused, not waited on', () => {
  let fifo: string;
  let keys: string;
  let tf: string;
  let state: string;
  beforeAll(() => {
    fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ keys: [KEY] }));
    tf = join(dir, 'cdk.tf.json');
    writeFileSync(tf, JSON.stringify({ resource: {} }));
    state = join(dir, 'terraform.tfstate');
    writeFileSync(state, JSON.stringify({ version: 4, resources: [{ type: 'huaweicloud_identity_provider', mode: 'managed', name: 'p',
      instances: [{ attributes: { name: 'p', access_config: [{ signing_key: JSON.stringify({ keys: [KEY] }) }] } }] }] }));
  });

  test.each([
    ['jwks diff: the Terraform file', () => ['jwks', 'diff', fifo, keys]],
    ['jwks diff: the cluster key set', () => ['jwks', 'diff', state, fifo]],
    ['jwks merge: the trusted key set', () => ['jwks', 'merge', fifo, keys, '--out', join(dir, 'm1.json')]],
    ['jwks merge: the cluster key set', () => ['jwks', 'merge', keys, fifo, '--out', join(dir, 'm2.json')]],
    ['jwks merge: the retention file', () => ['jwks', 'merge', keys, keys, '--out', join(dir, 'm3.json'), '--retention', fifo]],
    ['explain: the Terraform file', () => ['explain', fifo]],
    ['explain --token', () => ['explain', tf, '--token', fifo]],
    ['emulate --cluster-jwks', () => ['emulate', '--terraform', tf, '--cluster-jwks', `c1=${fifo}`]],
  ])('%s', (_what, argv) => {
    const run = spawnSync(process.execPath, [BIN, ...argv()], { encoding: 'utf8', timeout: 60_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${fifo}`);
    expect(run.stderr).toContain('is a FIFO (named pipe), not a regular file');
  });
});
