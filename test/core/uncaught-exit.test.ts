/**
 * An uncaught validation error ends the process with exit code 1, printed once as its report, as Node
 * ends a process on any uncaught error, even while a timer or a server would keep it alive
 * (lib/core/issues/error-report.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
let child: ChildProcess | undefined;

// A process that did not end (the bug) is killed, so the run leaves nothing behind.
afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

test('an uncaught validation error ends a process that an open timer would keep alive', async () => {
  const script = [
    "require('tsx/cjs');",
    "const { WorkloadIdentityValidationError, IssueSeverity, IssueSide } = require('./lib/core/issues/issues');",
    'setInterval(() => undefined, 1000);',
    "throw new WorkloadIdentityValidationError([{ severity: IssueSeverity.ERROR, side: IssueSide.TERRAFORM, code: 'INVALID_CLIENT_ID',",
    "  path: 'WorkloadIdentity(\"x\").clientId', rule: 'must be 5-255 characters', fix: 'give the client ID', value: 'ab' }]);",
  ].join('\n');
  const started = spawn(process.execPath, ['-e', script], { cwd: REPO, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  child = started;
  let stderr = '';
  started.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  // Before the fix the process never exited (jest's timeout ends this test as failed); kill it then.
  const code = await new Promise<number | null>((resolve) => started.on('exit', (c) => resolve(c)));
  expect(code).toBe(1);
  expect(stderr).toContain('WorkloadIdentityValidationError');
  expect(stderr.split('must be 5-255 characters').length - 1).toBe(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}, 30_000);
