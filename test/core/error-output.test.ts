/**
 * A failing app, run as a user runs it (tsx, `cdk8s synth`, `cdktf synth` as child processes):
 * each validation error is printed once, as a wrapped block, without a stack trace or a second
 * copy of the errors (`errors: [...]`), and the run fails. cdktf-cli echoes the app's output twice
 * itself (live, then in its summary): there the summary holds each error once.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
let dir: string;

const APP = `
import { App as Cdk8sApp, Chart } from 'cdk8s';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import {
  HuaweicloudProvider, Jwks, WorkloadIdentity, WorkloadIdentityProvider, WorkloadIdentitySynthesis, WorkloadServiceAccount,
} from ${JSON.stringify(join(ROOT, 'lib'))};

const identity = new WorkloadIdentity({
  providerName: 'wi', clientId: 'my-cluster', projectId: '0123456789abcdef0123456789abcdef',
  jwks: Jwks.fromFile(${JSON.stringify(join(ROOT, 'examples', 'jwks.json'))}),
});
const binding = identity.addBinding({ namespace: 'Shop_Bad', serviceAccountName: 'app', iamGroups: ['readers'] });
identity.addBinding({ namespace: 'shop', serviceAccountName: 'Bad_Name', iamGroups: ['readers'] });
const k8s = new Cdk8sApp();
new WorkloadServiceAccount(new Chart(k8s, 'shop'), 'sa', { binding });
const tf = new TerraformApp();
const stack = new TerraformStack(tf, 'iam');
new HuaweicloudProvider(stack, 'huaweicloud', {});
new WorkloadIdentityProvider(stack, 'wi', { identity });
WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: k8s, terraform: tf });
`;

beforeAll(() => {
  // Inside the repository (.tmp/), so the app resolves cdk8s and cdktf from its node_modules.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'error-output-'));
  writeFileSync(join(dir, 'main.ts'), APP);
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\napp: ${join(BIN, 'tsx')} main.ts\n`);
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `${join(BIN, 'tsx')} main.ts` }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: readonly string[]): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', FORCE_COLOR: '0' };
  for (const key of Object.keys(env)) if (/^(JEST_|CDK8S_OUTDIR$|CDKTF_OUTDIR$)/.test(key)) delete env[key];
  const r = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

const count = (text: string, part: string): number => text.split(part).length - 1;
/** One distinctive part of each error's fix, as the block prints it (wrapped lines joined). */
const flat = (text: string): string => text.replace(/\n\s+/g, ' ');
const ERRORS = ['"Shop_Bad" must be a DNS-1123 label', '"Bad_Name"'];

function expectReport(output: string, times = 1, wrapped = true): void {
  const text = flat(output);
  for (const error of ERRORS) expect({ error, times: count(text, error) }).toEqual({ error, times });
  expect(output).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
  expect(output).not.toContain('errors: [');
  expect(output).toContain('Validation failed with 2 errors; nothing was written:');
  if (wrapped) expect(output.split('\n').filter((line) => line.length > 100 && !line.includes('command'))).toEqual([]);
}

test('tsx main.ts', () => {
  const r = run(join(BIN, 'tsx'), ['main.ts']);
  expect(r.status).toBe(1);
  expectReport(r.output);
}, 120_000);

test('cdk8s synth', () => {
  const r = run(join(BIN, 'cdk8s'), ['synth', '--check-upgrade=false']);
  expect(r.status).not.toBe(0);
  // cdk8s-cli adds its own "returned a non-zero exit code" error with its frames: only the app's part counts.
  expectReport(r.output.slice(0, r.output.indexOf('Error: command')));
}, 120_000);

test('cdktf synth: the summary holds each error once', () => {
  const r = run(join(BIN, 'cdktf'), ['synth']);
  expect(r.status).not.toBe(0);
  const summary = r.output.slice(r.output.indexOf('Synth command:'));
  expectReport(summary.replace(/^ {4}/gm, ''));
  // The whole output: the app's report once live and once in the summary (cdktf indents and colours both).
  expectReport(r.output, 2, false);
}, 180_000);
