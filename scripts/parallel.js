// Runs npm scripts side by side (at most as many at once as the machine has cores, at least two),
// prints each one's output in one piece when it ends, and fails when any fails.
//
//   node scripts/parallel.js api:check jsii:check typecheck lint
//
// `npm test` uses it for its checks: they read the sources and write to separate places
// (api:check: dist-lib/ and .tmp/api/; jsii:check: .tmp/jsii/; typecheck and lint: nothing), so
// running them together is safe. List the longest first: they start in that order.
const { spawn } = require('node:child_process');
const { availableParallelism } = require('node:os');
const { Buffer } = require('node:buffer');

const steps = process.argv.slice(2);
const limit = Math.max(2, availableParallelism());
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const failed = [];
let next = 0;
let running = 0;

function start() {
  while (running < limit && next < steps.length) {
    const step = steps[next++];
    const began = Date.now();
    const output = [];
    const child = spawn(npm, ['run', step], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    running++;
    child.on('close', (code, signal) => {
      running--;
      const seconds = ((Date.now() - began) / 1000).toFixed(1);
      const ok = code === 0;
      if (!ok) failed.push(step);
      process.stdout.write(`> ${step}: ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
      const text = Buffer.concat(output).toString();
      if (text.trim() !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      if (next < steps.length) start();
      else if (running === 0) process.exit(failed.length === 0 ? 0 : 1);
    });
  }
}

if (steps.length === 0) {
  process.stderr.write('usage: node scripts/parallel.js <npm script>...\n');
  process.exit(2);
}
start();
