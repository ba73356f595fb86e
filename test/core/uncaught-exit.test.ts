/**
 * An uncaught validation error ends the process with exit code 1, printed once as its report, as Node
 * ends a process on any uncaught error, even while a timer or a server would keep it alive
 * (lib/core/issues/error-report.ts). The listener that does it is installed by the synthesis entry points,
 * once per process, and never because an error object was constructed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const children: ChildProcess[] = [];

// A process that did not end (the bug) is killed, so the run leaves nothing behind.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Runs `lines` in a child Node (TypeScript through tsx) from the repository root. */
async function run(lines: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-e', ["require('tsx/cjs');", ...lines].join('\n')], {
    cwd: REPO,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: '', CDK8S_OUTDIR: '' },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  // Before the fix the process never exited (jest's timeout ends the test as failed); afterEach kills it then.
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

const ISSUE = "[{ severity: 'error', side: 'terraform', code: 'INVALID_CLIENT_ID', path: 'WorkloadIdentity(\"x\").clientId', "
  + "rule: 'must be 5-255 characters', fix: 'give the client ID', value: 'ab' }]";

/** A Terraform app whose declaration has a validation error (client ID too short), and `synth` running it. */
const BAD_APP = [
  "const { mkdtempSync } = require('node:fs');",
  "const { join } = require('node:path');",
  "const { tmpdir } = require('node:os');",
  "const { Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadIdentitySynthesis } = require('./lib');",
  "const { HuaweicloudProvider, TerraformApp, TerraformStack } = require('./lib/terraform/huaweicloud');",
  "const terraform = new TerraformApp({ outdir: join(mkdtempSync(join(tmpdir(), 'cce-wi-exit-')), 'out') });",
  "const stack = new TerraformStack(terraform, 'iam');",
  "new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });",
  "const identity = new WorkloadIdentity({ providerName: 'x', clientId: 'ab', jwks: Jwks.fromObject({ keys: [] }),",
  "  bindings: [{ namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] }] });",
  "new WorkloadIdentityProvider(stack, 'p', { identity });",
  'const synth = () => WorkloadIdentitySynthesis.synthesizeApps({ terraform });',
];

test('constructing a validation error installs no process listener; synthesis installs one, once', async () => {
  const { code, stdout, stderr } = await run([
    "const { SynthesisValidationError } = require('./lib/synthesize');",
    "const { WorkloadIdentityValidationError } = require('./lib/core/issues/issues');",
    ...BAD_APP,
    "const count = () => process.listenerCount('uncaughtException');",
    'const before = count();',
    `new WorkloadIdentityValidationError(${ISSUE});`,
    "new SynthesisValidationError(['[app/x] broken. Fix: mend it']);",
    'const afterErrors = count();',
    'for (let i = 0; i < 2; i += 1) { try { synth(); } catch (e) { if (!(e instanceof SynthesisValidationError)) throw e; } }',
    'console.log(JSON.stringify({ afterErrors: afterErrors - before, afterSynth: count() - before }));',
  ]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toEqual({ afterErrors: 0, afterSynth: 1 });
}, 60_000);

test('an uncaught synthesis error ends a process that an open server would keep alive, printed once', async () => {
  const { code, stderr } = await run([
    ...BAD_APP,
    "require('node:net').createServer().listen(0, '127.0.0.1');",
    'setInterval(() => undefined, 1000);',
    'synth();',
  ]);
  expect(code).toBe(1);
  expect(stderr).toContain('SynthesisValidationError');
  expect(stderr.split('WorkloadIdentity("x").clientId').length - 1).toBe(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}, 60_000);

test('an uncaught validation error thrown outside synthesis ends a process that an open timer would keep alive', async () => {
  const { code, stderr } = await run([
    "const { WorkloadIdentityValidationError } = require('./lib/core/issues/issues');",
    'setInterval(() => undefined, 1000);',
    `throw new WorkloadIdentityValidationError(${ISSUE});`,
  ]);
  expect(code).toBe(1);
  expect(stderr).toContain('WorkloadIdentityValidationError');
  expect(stderr).toContain('must be 5-255 characters');
  expect(stderr).not.toMatch(/^\s+at /m);
}, 60_000);
