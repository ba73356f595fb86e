/**
 * `emulate` through the bin, in its own process: SIGHUP stops it cleanly like SIGTERM (the CA file
 * goes), and it stops when the process that started it dies — even by SIGKILL, which no parent
 * can forward (what happens to `npx cce-workload-identity emulate` when npx's PID is killed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { makeKey, terraformFixture } from '../emulator/helpers';
import { Recorder } from '../support/time';

const BIN = resolve(__dirname, '../../bin/cce-workload-identity.js');
let dir: string;
let terraform: string;
/** PIDs of emulators a failing test may leave behind; killed in afterAll. */
const leftovers: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wi-emulate-lifecycle-'));
  terraform = join(dir, 'cdk.tf.json');
  writeFileSync(terraform, JSON.stringify(terraformFixture({ keys: [(await makeKey('k1')).publicJwk] })));
});
afterAll(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The lines a child writes to stdout, and its whole stderr. */
function capture(child: ChildProcess): { lines: Recorder<string>; stderr: string[] } {
  const lines = new Recorder<string>();
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { lines, stderr };
}

/** Resolves once `stream` is closed: every process holding its write end has exited. */
function closed(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolveClosed) => stream.once('close', () => resolveClosed()));
}

const value = (lines: readonly string[], prefix: string): string => lines.find((l) => l.startsWith(prefix))!.slice(prefix.length);

test('SIGHUP stops `emulate --tls` like SIGTERM: exit code 0, listeners closed, CA file removed', async () => {
  const child = spawn(process.execPath, [BIN, 'emulate', '--tls', '--terraform', terraform], { stdio: ['ignore', 'pipe', 'pipe'] });
  leftovers.push(child.pid!);
  const { lines, stderr } = capture(child);
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  await lines.until((l) => l.some((line) => line.startsWith('service on ')), 50_000);
  const caFile = value(lines, 'ca-file ');
  expect(existsSync(caFile)).toBe(true);
  child.kill('SIGHUP');
  expect(await exit).toBe(0);
  expect(stderr.join('')).toContain('stopped (SIGHUP)');
  expect(existsSync(caFile)).toBe(false);
}, 60_000);

test('the emulator stops when its parent is killed with SIGKILL, and removes its CA file', async () => {
  // The parent passes its own stdout/stderr to the emulator: the test's pipes close only when the
  // emulator has exited too, which is the event waited for.
  const parentScript = `
    const { spawn } = require('node:child_process');
    const args = [process.argv[1], 'emulate', '--tls', '--terraform', process.argv[2]];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    process.stdout.write('emulator-pid ' + child.pid + '\\n');
    setInterval(() => undefined, 1 << 30);
  `;
  const parent = spawn(process.execPath, ['-e', parentScript, BIN, terraform], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { lines, stderr } = capture(parent);
  const outputsClosed = Promise.all([closed(parent.stdout!), closed(parent.stderr!)]);
  await lines.until((l) => l.some((line) => line.startsWith('emulator-pid ')), 50_000);
  leftovers.push(Number(value(lines, 'emulator-pid ')));
  await lines.until((l) => l.some((line) => line.startsWith('service on ')), 50_000);
  const url = value(lines, 'listening on ');
  const caFile = value(lines, 'ca-file ');
  expect(existsSync(caFile)).toBe(true);

  const parentExit = new Promise<NodeJS.Signals | null>((resolveExit) => parent.once('exit', (_code, signal) => resolveExit(signal)));
  parent.kill('SIGKILL');
  expect(await parentExit).toBe('SIGKILL');
  await outputsClosed; // the emulator exited (it held the other end of both pipes)

  expect(stderr.join('')).toContain(`stopped (parent process ${parent.pid} exited)`);
  expect(existsSync(caFile)).toBe(false);
  await expect(fetch(url)).rejects.toThrow();
}, 60_000);

test('a process that crashes (uncaught exception) with a --tls emulator still running leaves no CA file', async () => {
  const script = `
    require('tsx/cjs');
    const { startIamEmulator } = require(process.argv[1]);
    startIamEmulator({ terraform: process.argv[2], tls: true }).then((emulator) => {
      process.stdout.write('ca-file ' + emulator.caFile + '\\n', () => { throw new Error('crash on purpose'); });
    });
  `;
  const emulatorModule = resolve(__dirname, '../../lib/testing/emulator/server.ts');
  const child = spawn(process.execPath, ['-e', script, emulatorModule, terraform], {
    stdio: ['ignore', 'pipe', 'pipe'], cwd: resolve(__dirname, '../..'),
  });
  leftovers.push(child.pid!);
  const { lines, stderr } = capture(child);
  // 'close': exited and its output read to the end
  const exit = new Promise<number | null>((resolveExit) => child.once('close', (code) => resolveExit(code)));
  expect(await exit).toBe(1);
  expect(stderr.join('')).toContain('crash on purpose');
  const caFile = value(lines, 'ca-file ');
  expect(caFile).toMatch(/ca\.pem$/);
  expect(existsSync(caFile)).toBe(false);
}, 60_000);
