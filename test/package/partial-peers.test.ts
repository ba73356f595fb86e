/**
 * The packed tarball in projects that use ONE side (README: every peer is optional): a
 * Kubernetes-only project (cdk8s + constructs; no cdktf, cdktn, cdk8s-plus or jose) and a
 * Terraform-only project (cdktf + constructs; no cdk8s). Each compiles with tsc (the cdktf init
 * template's tsconfig), synthesizes its side from the root entry, loads the root entry from an ES
 * module, and gets the install message — not an import crash — when it uses the other side.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NPM_INSTALL, ok, pinned, ROOT, run, TEMPLATE, writeTimings } from '../support/pack-project';
import { packedTarball } from '../support/packed-tarball';

const PROJECT_ID = '0123456789abcdef0123456789abcdef';
const timings: string[] = [];
let work: string;
let tarball: string;

/** The shared declaration of both apps. */
const IDENTITY = `
import { Jwks, WorkloadIdentity } from 'cce-workload-identity';
export const identity = new WorkloadIdentity({
  providerName: 'workload_identity', clientId: 'my-cluster', jwks: Jwks.fromFile('cluster-jwks.json'), projectId: '${PROJECT_ID}',
});
export const binding = identity.addBinding({ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['obs-readers'] });
`;

/** A project in `work/<name>` with the tarball, `peers` and typescript; returns its folder. */
function project(name: string, peers: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }, null, 2));
  copyFileSync(join(TEMPLATE, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(dir, 'cluster-jwks.json'));
  const install = ok(run(dir, 'npm', [...NPM_INSTALL, tarball, ...pinned(...peers)]), `npm install (${name})`);
  const dev = ok(run(dir, 'npm', [...NPM_INSTALL, '--save-dev', ...pinned('typescript', '@types/node')]), `npm install -D (${name})`);
  timings.push(`${name}: install ${install.ms} ms, install -D ${dev.ms} ms`);
  writeFileSync(join(dir, 'identity.ts'), IDENTITY);
  return dir;
}

/** tsc over the project (the template's tsconfig, emitting next to the sources). */
function compile(dir: string): void {
  const tsc = run(dir, join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);
  timings.push(`${dir.split('/').pop()}: tsc ${tsc.ms} ms`);
  expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({ status: 0, output: '' });
}

const installed = (dir: string): string[] => readdirSync(join(dir, 'node_modules')).filter((n) => !n.startsWith('.'));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cce-wi-partial-'));
  const packed = await packedTarball();
  tarball = packed.path;
  timings.push(packed.packMs > 0 ? `npm pack ${packed.packMs} ms` : 'npm pack: reused');
}, 600_000);

afterAll(() => {
  writeTimings('partial-peers', timings);
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('a Kubernetes-only project (cdk8s + constructs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('k8s-only', ['cdk8s', 'constructs']);
    writeFileSync(join(dir, 'main.ts'), `
import { ApiObject, App, Chart } from 'cdk8s';
import { WorkloadIdentitySynthesis, WorkloadServiceAccount } from 'cce-workload-identity';
import { binding } from './identity';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const sa = new WorkloadServiceAccount(chart, 'order-service-sa', { binding });
const deployment = new ApiObject(chart, 'order-service', {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'order-service' },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'shop/order:1.4.2' }] } } },
});
sa.bind(deployment);
WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app });
`);
    writeFileSync(join(dir, 'terraform.ts'), `
import { Construct } from 'constructs';
import { WorkloadIdentityProvider } from 'cce-workload-identity';
import { identity } from './identity';
new WorkloadIdentityProvider(new Construct(undefined as never, ''), 'workload-identity', { identity });
`);
    writeFileSync(join(dir, 'esm.mjs'), [
      "import { WorkloadIdentity, WorkloadServiceAccount, HuaweicloudProvider } from 'cce-workload-identity';",
      'console.log([WorkloadIdentity, WorkloadServiceAccount, HuaweicloudProvider].map((c) => typeof c).join(" "));',
      '',
    ].join('\n'));
    compile(dir);
  }, 600_000);

  test('installs no Terraform toolchain, cdk8s-plus or jose', () => {
    const names = installed(dir);
    expect(names).toEqual(expect.arrayContaining(['cce-workload-identity', 'cdk8s', 'constructs']));
    expect(names.filter((n) => /^(cdktf|cdktn|cdk8s-plus-\d+|jose)$/.test(n))).toEqual([]);
  });

  test('synthesizes the ServiceAccount and the bound Deployment', () => {
    const app = run(dir, process.execPath, ['main.js']);
    expect({ status: app.status, stderr: app.stderr }).toEqual({ status: 0, stderr: '' });
    const yaml = readFileSync(join(dir, 'dist', 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: ServiceAccount');
    expect(yaml).toContain('serviceAccountName: order-service');
    expect(yaml).toContain('audience: my-cluster');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('an ES module imports the root entry\'s names', () => {
    const esm = run(dir, process.execPath, ['esm.mjs']);
    expect({ status: esm.status, stdout: esm.stdout, stderr: esm.stderr }).toEqual({ status: 0, stdout: 'function function function\n', stderr: '' });
  });

  test('a Terraform construct used without a toolchain names cdktf and the npm command', () => {
    const used = run(dir, process.execPath, ['terraform.js']);
    expect(used.status).not.toBe(0);
    expect(used.stderr).toContain('cce-workload-identity needs its peer dependency "cdktf" for the Terraform side');
    expect(used.stderr).toContain('npm install cdktf@~0.21.0 ');
    expect(used.stderr).not.toContain("Cannot find module 'cdktf'");
  });
});

describe('a Terraform-only project (cdktf + constructs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('tf-only', ['cdktf', 'constructs']);
    writeFileSync(join(dir, 'main.ts'), `
import { App, TerraformStack } from 'cdktf';
import { HuaweicloudProvider, WorkloadIdentityProvider, WorkloadIdentitySynthesis } from 'cce-workload-identity';
import { identity } from './identity';

const app = new App();
const stack = new TerraformStack(app, 'iam');
new HuaweicloudProvider(stack, 'huaweicloud', { region: 'cn-north-4' });
new WorkloadIdentityProvider(stack, 'workload-identity', { identity });
WorkloadIdentitySynthesis.synthesizeApps({ terraform: app });
`);
    writeFileSync(join(dir, 'kubernetes.ts'), `
import { Construct } from 'constructs';
import { WorkloadServiceAccount } from 'cce-workload-identity';
import { binding } from './identity';
new WorkloadServiceAccount(new Construct(undefined as never, ''), 'order-service-sa', { binding });
`);
    compile(dir);
  }, 600_000);

  test('installs no cdk8s', () => {
    const names = installed(dir);
    expect(names).toEqual(expect.arrayContaining(['cce-workload-identity', 'cdktf', 'constructs']));
    expect(names.filter((n) => /^(cdk8s|cdk8s-plus-\d+|cdktn)$/.test(n))).toEqual([]);
  });

  test('synthesizes the identity provider and its conversion rules', () => {
    const app = run(dir, process.execPath, ['main.js']);
    expect({ status: app.status, stderr: app.stderr }).toEqual({ status: 0, stderr: '' });
    const tf = readFileSync(join(dir, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8');
    expect(tf).toContain('"huaweicloud_identity_provider"');
    expect(tf).toContain('system:serviceaccount:shop:order-service');
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('a Kubernetes construct used without cdk8s names cdk8s and the npm command', () => {
    const used = run(dir, process.execPath, ['kubernetes.js']);
    expect(used.status).not.toBe(0);
    expect(used.stderr).toContain('cce-workload-identity needs its peer dependency "cdk8s" for the Kubernetes side');
    expect(used.stderr).toContain('npm install cdk8s@^2.70.106 ');
    expect(used.stderr).not.toContain("Cannot find module 'cdk8s'");
  });
});
