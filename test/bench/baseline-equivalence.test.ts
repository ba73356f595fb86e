/**
 * The benchmark compares like with like: the hand-written programs under bench/ produce the same
 * objects as the library. Outputs are compared parsed (every YAML document of every file in
 * dist/, and cdk.tf.json), with no normalization: both are synthesized in this process, so even
 * the local backend's absolute state path (derived from the working directory) is the same.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App as Cdk8sApp } from 'cdk8s';
import type { App as TerraformApp } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { buildExample } from '../../examples/app';
import { synthesizeApps } from '../../lib';
import { buildBaseline } from '../../bench/baseline/app';
import { buildScaled } from '../../bench/scale/app';
import { buildScaledBaseline } from '../../bench/scale/baseline';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

const JWKS = join(__dirname, '..', '..', 'examples', 'jwks.json');
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Output {
  readonly files: string[];
  readonly kubernetes: Record<string, unknown[]>;
  readonly terraform: unknown;
}

function outdirs(): { dir: string; kubernetesOutdir: string; terraformOutdir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-eq-'));
  dirs.push(dir);
  return { dir, kubernetesOutdir: join(dir, 'dist'), terraformOutdir: join(dir, 'cdktf.out') };
}

function read(o: { kubernetesOutdir: string; terraformOutdir: string }): Output {
  const files = readdirSync(o.kubernetesOutdir).sort();
  const kubernetes = Object.fromEntries(
    files.map((f) => [f, parseAllDocuments(readFileSync(join(o.kubernetesOutdir, f), 'utf8')).map((d) => d.toJS() as unknown)]),
  );
  const terraform = JSON.parse(readFileSync(join(o.terraformOutdir, 'stacks', 'workload-identity', 'cdk.tf.json'), 'utf8')) as unknown;
  return { files, kubernetes, terraform };
}

function library(): Output {
  const o = outdirs();
  const { kubernetes, terraform } = buildExample({ jwksFile: JWKS, ...o });
  expectWarnings(() => synthesizeApps({ kubernetes, terraform }), examplePlaceholderWarnings());
  return read(o);
}

function baseline(): Output {
  const o = outdirs();
  const { kubernetes, terraform } = buildBaseline({ jwksFile: JWKS, ...o });
  kubernetes.synth();
  terraform.synth();
  return read(o);
}

function withEnv<T>(name: string, value: string | undefined, fn: () => T): T {
  const old = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  }
}

describe('bench/baseline (hand-written) vs examples/app.ts (library)', () => {
  test.each([
    ['with the placeholder project ID', undefined],
    ['with HUAWEICLOUD_PROJECT_ID', '0123456789abcdef0123456789abcdef'],
  ])('same Kubernetes documents and Terraform JSON %s', (_name, projectId) => {
    const [lib, base] = withEnv('HUAWEICLOUD_PROJECT_ID', projectId, () => [library(), baseline()]);
    expect(base.files).toEqual(lib.files);
    expect(base.kubernetes).toEqual(lib.kubernetes);
    expect(base.terraform).toEqual(lib.terraform);
    // the comparison is not vacuous
    const docs = Object.values(lib.kubernetes).flat() as Array<{ kind: string }>;
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'Deployment']);
    expect(JSON.stringify(lib.terraform)).toContain('system:serviceaccount:default:oidc-token');
  });
});

describe('bench/scale: hand-written vs library', () => {
  function synth(
    build: (
      n: number,
      o: { jwksFile: string; kubernetesOutdir: string; terraformOutdir: string },
    ) => { kubernetes: Cdk8sApp; terraform: TerraformApp },
    viaLibrary: boolean,
    n: number,
  ): Output {
    const o = outdirs();
    const apps = build(n, { jwksFile: JWKS, ...o });
    if (viaLibrary) synthesizeApps(apps);
    else {
      apps.kubernetes.synth();
      apps.terraform.synth();
    }
    return read(o);
  }

  test.each([1, 3])('same output for %i binding(s)', (n) => {
    const lib = synth(buildScaled, true, n);
    const base = synth(buildScaledBaseline, false, n);
    expect(base).toEqual(lib);
    const docs = Object.values(lib.kubernetes).flat() as Array<{ kind: string }>;
    expect(docs.filter((d) => d.kind === 'Deployment')).toHaveLength(n);
    expect(docs.filter((d) => d.kind === 'ServiceAccount')).toHaveLength(n);
    const conversions = (lib.terraform as { resource: Record<string, Record<string, { conversion_rules: unknown[] }>> }).resource
      .huaweicloud_identity_provider_conversion;
    expect(Object.values(conversions)).toHaveLength(1);
    expect(Object.values(conversions)[0].conversion_rules).toHaveLength(n);
  });
});
