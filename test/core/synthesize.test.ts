/**
 * synthesizeApps writes the side of the CLI that runs it (cdk8s synth sets CDK8S_OUTDIR, cdktf
 * synth sets CDKTF_OUTDIR), an explicit `write` wins, and a stack without a HuaweicloudProvider is
 * reported by that name rather than with cdktf's generic hint.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { buildExample } from '../../examples/app';
import { Jwks, WorkloadIdentity, WorkloadIdentityProvider, synthesizeApps, SynthesisValidationError } from '../../lib';
import { TOOLCHAIN } from '../../lib/terraform/huaweicloud';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

const JWKS = join(__dirname, '..', '..', 'examples', 'jwks.json');

let dir: string;
const saved = { CDK8S_OUTDIR: process.env.CDK8S_OUTDIR, CDKTF_OUTDIR: process.env.CDKTF_OUTDIR };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'synthesize-'));
  delete process.env.CDK8S_OUTDIR;
  delete process.env.CDKTF_OUTDIR;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function apps(): ReturnType<typeof buildExample> {
  return buildExample({ jwksFile: JWKS, kubernetesOutdir: join(dir, 'k8s'), terraformOutdir: join(dir, 'tf') });
}

const k8sFile = (): string => join(dir, 'k8s', 'workload-identity.k8s.yaml');
const tfFile = (): string => join(dir, 'tf', 'stacks', 'workload-identity', 'cdk.tf.json');

describe.each([
  ['no CLI', {}, ['k8s', 'tf']],
  ['cdk8s synth', { CDK8S_OUTDIR: 'set' }, ['k8s']],
  ['cdktf synth', { CDKTF_OUTDIR: 'set' }, ['tf']],
  ['both variables set', { CDK8S_OUTDIR: 'set', CDKTF_OUTDIR: 'set' }, ['k8s', 'tf']],
] as const)('run by %s', (_name, env, expected) => {
  test(`writes ${expected.join(' and ')} and returns what it wrote`, () => {
    const want: readonly string[] = expected;
    Object.assign(process.env, env);
    const { kubernetes, terraform } = apps();
    const written = expectWarnings(() => synthesizeApps({ kubernetes, terraform }), examplePlaceholderWarnings());
    expect(readdirSync(dir).sort()).toEqual([...expected]);
    expect(existsSync(k8sFile())).toBe(want.includes('k8s'));
    expect(existsSync(tfFile())).toBe(want.includes('tf'));
    expect(written).toEqual({
      ...(want.includes('k8s') ? { kubernetes: [join(dir, 'k8s')] } : {}),
      ...(want.includes('tf') ? { terraform: join(dir, 'tf') } : {}),
    });
  });
});

test('an explicit write wins over the detected CLI', () => {
  process.env.CDK8S_OUTDIR = 'set';
  const { kubernetes, terraform } = apps();
  const written = expectWarnings(() => synthesizeApps({ kubernetes, terraform, write: 'terraform' }), examplePlaceholderWarnings());
  expect(written).toEqual({ terraform: join(dir, 'tf') });
  expect(existsSync(tfFile())).toBe(true);
  expect(existsSync(join(dir, 'k8s'))).toBe(false);
});

test('a stack without HuaweicloudProvider: one error naming it, with the region; cdktf\'s RandomProvider hint is left out', () => {
  const identity = new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: 'my-cluster',
    jwks: Jwks.fromFile(JWKS),
    region: 'cn-north-4',
    projectId: '0123456789abcdef0123456789abcdef',
  });
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['obs-readers'] });
  const tf = new TerraformApp({ outdir: join(dir, 'tf') });
  new WorkloadIdentityProvider(new TerraformStack(tf, 'iam'), 'workload-identity', { identity });
  let error: unknown;
  try {
    synthesizeApps({ terraform: tf });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthesisValidationError);
  expect((error as SynthesisValidationError).errors).toEqual([
    '[iam/workload-identity] TerraformStack("iam"): has no huaweicloud provider block (no HuaweicloudProvider construct), ' +
      'which the identity provider and conversion resources need. ' +
      "Fix: add new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' }) to the stack " +
      // The entry of the toolchain in use (the cdktn jest project runs this on cdktn).
      `(import { HuaweicloudProvider } from '${TOOLCHAIN.name === 'cdktf' ? 'cce-workload-identity' : 'cce-workload-identity/cdktn'}')`,
  ]);
  expect(readdirSync(dir)).toEqual([]);
});
