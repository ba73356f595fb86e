// Runs npm scripts side by side (at most as many at once as the machine has cores, at least two)
// and fails when any fails. Each step's output is kept until it ends: a failed step prints all of
// it; a step that passes prints one line (`> step: ok in 12.3 s`), and its output only when the
// step is named with `--show=<step>` (e.g. jest's summary). Steps start in the order given, so list
// the longest first.
//
//   node scripts/parallel.js lint typecheck
//   node scripts/parallel.js test:prepare test:jest@test:prepare lint --show=test:jest
//
// `step@other` waits for `other` to pass first (and is not run when it fails); the `npm test`
// pipeline builds once (test:prepare) before jest and the API report, which read the build, while
// the checks that need no build already run. The steps read the sources and write to separate
// places (test:prepare: dist-lib/ and .tmp/pack/; api:report: .tmp/api/; jsii:check: .tmp/jsii/;
// typecheck and lint: nothing; jest: its own temporary folders), so running them together is safe.
const { spawn } = require('node:child_process');
const { availableParallelism } = require('node:os');
const { Buffer } = require('node:buffer');
const { join } = require('node:path');

const args = process.argv.slice(2);
const show = new Set(args.filter((a) => a.startsWith('--show=')).map((a) => a.slice('--show='.length)));
const steps = args.filter((a) => !a.startsWith('--')).map((spec) => {
  const [name, ...after] = spec.split('@');
  return { name, after, state: 'waiting' };
});
const limit = Math.max(2, availableParallelism());
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const began = Date.now();
let running = 0;

// `npm run --silent` would hide npm's own "Missing script" error: check the names first.
const scripts = require(join(__dirname, '..', 'package.json')).scripts;
const unknown = [
  ...steps.filter((s) => !(s.name in scripts)).map((s) => `no npm script "${s.name}" in package.json`),
  ...steps.flatMap((s) => s.after.filter((dep) => !steps.some((d) => d.name === dep)).map((dep) => `no step "${dep}" for ${s.name} to wait for`)),
];
if (steps.length === 0 || unknown.length > 0) {
  process.stderr.write(unknown.map((u) => `parallel: ${u}\n`).join(''));
  process.stderr.write('usage: node scripts/parallel.js <npm script>[@<npm script it waits for>]... [--show=<npm script>]\n');
  process.exit(2);
}

const stateOf = (name) => steps.find((s) => s.name === name).state;

function finish() {
  const failed = steps.filter((s) => s.state !== 'ok').map((s) => s.name);
  const total = ((Date.now() - began) / 1000).toFixed(1);
  process.stdout.write(failed.length === 0 ? `> all ${steps.length} steps ok in ${total} s\n` : `> FAILED: ${failed.join(', ')} (${total} s)\n`);
  process.exit(failed.length === 0 ? 0 : 1);
}

function schedule() {
  // A step skipped here may make a step listed before it skippable: repeat until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const step of steps) {
      if (step.state !== 'waiting') continue;
      const deps = step.after.map(stateOf);
      if (deps.some((d) => d === 'failed' || d === 'skipped')) {
        step.state = 'skipped';
        changed = true;
        process.stdout.write(`> ${step.name}: not run (${step.after.join(', ')} failed)\n`);
        continue;
      }
      if (running >= limit || deps.some((d) => d !== 'ok')) continue;
      run(step);
    }
  }
  if (running === 0) finish();
}

/** The steps running now: their process and the output kept so far. */
const live = new Map();

// Stopped from outside (Ctrl-C, a CI timeout): stop every step's whole process group (npm, its
// shell, jest and its workers), print what each had written so far, and exit 128 + the signal.
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => {
    for (const [step, { child, output }] of live) {
      try {
        if (process.platform === 'win32') child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
      const text = Buffer.concat(output).toString();
      process.stdout.write(`> ${step.name}: interrupted (${signal})\n${text.trim() === '' ? '' : text.endsWith('\n') ? text : `${text}\n`}`);
    }
    process.exit(128 + number);
  });
}

function run(step) {
  const start = Date.now();
  const output = [];
  // Its own process group (not on Windows), so an interruption stops everything it started.
  const child = spawn(npm, ['run', '--silent', step.name], {
    stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32', detached: process.platform !== 'win32',
  });
  live.set(step, { child, output });
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  step.state = 'running';
  running++;
  child.on('close', (code, signal) => {
    live.delete(step);
    running--;
    const ok = code === 0;
    step.state = ok ? 'ok' : 'failed';
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    process.stdout.write(`> ${step.name}: ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
    const text = Buffer.concat(output).toString();
    if ((!ok || show.has(step.name)) && text.trim() !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    schedule();
  });
}

schedule();
