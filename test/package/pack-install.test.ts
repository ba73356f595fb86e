/**
 * The package as a new user gets it: `npm pack`, then a fresh project outside the repository made
 * from the files `cdktf init --template=typescript` generates (tsconfig.json, jest.config.js with
 * preset 'ts-jest', setup.js — read from node_modules at test time, unchanged), which installs the
 * tarball and runs what the README shows: the snapshot test (no extra jest transform, no
 * --legacy-peer-deps), tsc over code importing /runtime and /testing, and `cdk8s synth` /
 * `cdktf synth` through the README's cdk8s.yaml and cdktf.json.
 *
 * Installs use the npm cache (`--prefer-offline`; CI's `npm ci` fills it) and pin every package to
 * the version this repository's lockfile installed. The CLIs cdk8s-cli and cdktf-cli are this
 * repository's copies, run in the project's directory (they are large; the project's own copies
 * would be the same versions).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';
import { NPM_INSTALL, ok, pinned, run, runAsync, TEMPLATE, userEnv, version, writeTimings } from '../support/pack-project';
import { packedTarball } from '../support/packed-tarball';
import { readmeAppFor } from '../support/readme';

const ROOT = join(__dirname, '..', '..');
const PROJECT_ID = '0123456789abcdef0123456789abcdef';
/**
 * The cdk8s-plus package the CDK Terrain project installs (the README app's own import is
 * switched to it): a current major, as a new project starts with; the cdktf project keeps 28.
 */
const CDKTN_KPLUS = 'cdk8s-plus-33';
/**
 * cdktn-cli, for `cdktn synth`. Not in this repository's lockfile: it peers jsii-pacmak 1.128.0
 * exactly, and the repository pins jsii-pacmak ~1.112 (jsii:check), so npm cannot install both; the
 * cdktn project installs it (the first run fetches it, later runs use the npm cache).
 */
const CDKTN_CLI = '0.24.0';
/** Node 22 (the `node` devDependency ships its binary): cdktn-cli 0.24 needs Node >= 22.19. */
const NODE_22 = join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** The first fenced block of `lang` after `heading` in the README. */
function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(at));
  if (!match) throw new Error(`README has no ${lang} block under "${heading}"`);
  return match[1]!;
}

/** jest's default 5 s per test is short for RSA key generation and two syntheses on a loaded CI machine. */
const JEST_TIMEOUT = ['--testTimeout=60000'];
const timings: string[] = [];
let work: string;
let tarball: string;
let app: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cce-wi-package-'));
  // Packed once for all pack tests (test/support/packed-tarball.ts).
  const packed = await packedTarball();
  timings.push(packed.packMs > 0 ? `npm pack ${packed.packMs} ms` : 'npm pack: reused');
  tarball = packed.path;
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), readFileSync(join(TEMPLATE, 'package.json'), 'utf8').replace('{{ $base }}', 'app'));
}, 300_000);

afterAll(() => {
  writeTimings('pack-install', timings);
  rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  let files: string[];
  let manifest: Record<string, unknown>;
  beforeAll(() => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    ok(run(unpacked, 'tar', ['xzf', tarball]), 'tar');
    const list = (dir: string, prefix = ''): string[] => readdirSync(join(dir, prefix), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? list(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
    files = list(join(unpacked, 'package'));
    manifest = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8')) as Record<string, unknown>;
  });

  test('holds the LICENSE, no source maps and no file that points at one', () => {
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(work, 'unpacked', 'package', 'LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const pointing = files.filter((f) => /\.(js|d\.ts)$/.test(f) && readFileSync(join(work, 'unpacked', 'package', f), 'utf8').includes('sourceMappingURL'));
    expect(pointing).toEqual([]);
  });

  test('runs no script on install, depends on nothing, and every export and typesVersions target is in it', () => {
    const scripts = manifest.scripts as Record<string, string>;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts).not.toHaveProperty(hook);
    expect(manifest.dependencies ?? {}).toEqual({});
    const targets: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    collect(manifest.typesVersions);
    collect(manifest.bin);
    expect(targets.length).toBeGreaterThan(8);
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ''));
    expect(manifest.exports).toHaveProperty(['./provider-schema/huaweicloud.json']);
  });

  test('every relative link of the README names a file the package holds (the docs ship in it)', () => {
    const readme = readFileSync(join(work, 'unpacked', 'package', 'README.md'), 'utf8');
    const targets = parseMarkdown('README.md', readme).links.map((l) => l.target.split('#')[0])
      .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => posix.normalize(target));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
  });
});

describe('a fresh cdktf-template project', () => {
  beforeAll(() => {
    // A pod image: the runtime alone.
    const runtimeOnly = ok(run(app, 'npm', [...NPM_INSTALL, tarball]), 'npm install <tarball>');
    timings.push(`install tarball alone ${runtimeOnly.ms} ms`);
    writeFileSync(join(work, 'runtime-only-install.log'), runtimeOnly.stdout + runtimeOnly.stderr);
    writeFileSync(
      join(work, 'runtime-only-node_modules.json'),
      JSON.stringify(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))),
    );
  }, 300_000);

  test('installing only the tarball (a pod) adds no other package and runs no install script; '
    + '/runtime loads, the root entry names the peers to install', () => {
    expect(JSON.parse(readFileSync(join(work, 'runtime-only-node_modules.json'), 'utf8'))).toEqual(['cce-workload-identity']);
    expect(readFileSync(join(work, 'runtime-only-install.log'), 'utf8')).not.toMatch(
      /cce-workload-identity@[^\s]+ \((prepare|preinstall|install|postinstall)/,
    );
    const runtime = run(app, process.execPath, ['-e', "console.log(typeof require('cce-workload-identity/runtime').WorkloadIdentityCredentials)"]);
    expect(runtime.stdout).toBe('function\n');
    const root = run(app, process.execPath, ['-e', "require('cce-workload-identity')"]);
    expect(root.status).not.toBe(0);
    expect(root.stderr).toContain(
      'cce-workload-identity needs its peer dependency "constructs", which is not installed. ' +
        'Install it next to it, with the toolchain of each side you use: npm install constructs@^10.4.2 cdk8s@^2.70.106 cdktf@~0.21.0 ',
    );
    const cdktn = run(app, process.execPath, ['-e', "require('cce-workload-identity/cdktn')"]);
    expect(cdktn.stderr).toContain(
      'cce-workload-identity/cdktn needs its peer dependency "constructs", which is not installed.',
    );
  });

  describe('with the peers and the toolchain the README lists', () => {
    beforeAll(() => {
      for (const file of ['tsconfig.json', 'jest.config.js', 'setup.js']) copyFileSync(join(TEMPLATE, file), join(app, file));
      const install = ok(run(app, 'npm', [
        ...NPM_INSTALL, tarball, ...pinned('cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs'),
      ]), 'npm install peers');
      const dev = ok(run(app, 'npm', [
        ...NPM_INSTALL, '--save-dev', ...pinned('typescript', 'tsx', '@types/node', 'jest', 'ts-jest', '@types/jest', 'jose'),
      ]), 'npm install -D toolchain');
      timings.push(`install peers ${install.ms} ms`, `install toolchain ${dev.ms} ms`);
      copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(app, 'cluster-jwks.json'));
      writeFileSync(join(app, 'main.ts'), readmeBlock('## Use it in your own app', 'ts'));
      writeFileSync(join(app, 'cdk8s.yaml'), readmeBlock('### The app', 'yaml'));
      writeFileSync(join(app, 'cdktf.json'), readmeBlock('### The app', 'json'));
      mkdirSync(join(app, '__tests__'));
      writeFileSync(join(app, '__tests__', 'identity.test.ts'), readmeBlock('### Snapshot tests of your own declarations', 'ts'));
    }, 600_000);

    test('jest with the template\'s config passes the README\'s snapshot test; the token tools say which transform they need', () => {
      writeFileSync(
        join(app, '__tests__', 'tokens-without-transform.test.ts'),
        `
import { mintServiceAccountToken } from 'cce-workload-identity/testing';
const [major, minor] = process.versions.node.split('.').map(Number);
test('jose under jest without a transform', async () => {
  const minting = mintServiceAccountToken({
    privateKey: { kty: 'RSA' },
    namespace: 'shop',
    serviceAccountName: 'order-service',
    projected: { path: 'oidc-token' },
  });
  if (major! > 24 || (major === 24 && minor! >= 9)) await expect(minting).rejects.not.toThrow(/ES modules only/);
  else await expect(minting).rejects.toThrow(/Let jest compile jose to CommonJS, in jest\\.config\\.js: transform: /);
});
`,
      );
      const jest = ok(
        run(app, 'npx', ['jest', '--ci=false', ...JEST_TIMEOUT, '__tests__/identity.test.ts', '__tests__/tokens-without-transform.test.ts']),
        'npx jest',
      );
      timings.push(`jest ${jest.ms} ms`);
      expect(jest.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
      expect(jest.stderr).toMatch(/1 snapshot written/);
      const snapshot = readFileSync(join(app, '__tests__', '__snapshots__', 'identity.test.ts.snap'), 'utf8');
      expect(snapshot).toContain('"serviceAccountName": "order-service"');
      expect(snapshot).toContain('"system:serviceaccount:shop:order-service"');
      expect(snapshot).toContain('"kind": "Job"');
    }, 300_000);

    test('with the README\'s jose transform, the snapshot still matches and the emulator, explain and minting work under jest', () => {
      writeFileSync(
        join(app, 'jest.jose.config.js'),
        `module.exports = {\n  ...require('./jest.config.js'),\n${readmeBlock('### Snapshot tests of your own declarations', 'js')}};\n`,
      );
      writeFileSync(
        join(app, '__tests__', 'tokens.test.ts'),
        `
import { generateKeyPairSync } from 'node:crypto';
import { Jwks, WorkloadIdentity } from 'cce-workload-identity';
import { explain, mintServiceAccountToken, startIamEmulator, synthWorkloadIdentity } from 'cce-workload-identity/testing';

test('a token minted for the binding is admitted by explain and by the emulator', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = Jwks.fromObject({ keys: [{ ...publicKey.export({ format: 'jwk' }), kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig' }] });
  const identity = new WorkloadIdentity({ providerName: 'wi', clientId: 'my-cluster', jwks, projectId: '${PROJECT_ID}' });
  identity.addBinding({ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['obs-readers'] });
  const { terraform } = synthWorkloadIdentity(identity);
  const { token } = await mintServiceAccountToken({
    privateKey,
    kid: 'k1',
    namespace: 'shop',
    serviceAccountName: 'order-service',
    projected: { audience: 'my-cluster', path: 'oidc-token' },
  });
  expect((await explain(terraform, { token })).token?.admitted).toBe(true);
  const emulator = await startIamEmulator({ terraform });
  try {
    const res = await fetch(emulator.url + '/v3.0/OS-AUTH/id-token/tokens', {
      method: 'POST',
      headers: { 'X-Idp-Id': 'wi', 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { id_token: { id: token } } }),
    });
    expect(res.status).toBe(201);
  } finally {
    await emulator.stop();
  }
});
`,
      );
      const jest = ok(
        run(app, 'npx', ['jest', '--ci', ...JEST_TIMEOUT, '-c', 'jest.jose.config.js', '__tests__/identity.test.ts', '__tests__/tokens.test.ts']),
        'npx jest -c jest.jose.config.js',
      );
      timings.push(`jest with transform ${jest.ms} ms`);
      expect(jest.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
      expect(jest.stderr).toMatch(/Snapshots:\s+1 passed, 1 total/);
    }, 300_000);

    test('tsc --noEmit passes with the template tsconfig (node10), and without skipLibCheck under node16 and bundler resolution', async () => {
      writeFileSync(
        join(app, 'types-check.ts'),
        [
          "import { Jwks, WorkloadIdentity, synthesizeApps } from 'cce-workload-identity';",
          "import { WorkloadIdentityCredentials, isWorkloadIdentityError, type TemporaryCredentials } from 'cce-workload-identity/runtime';",
          "import { explain, startIamEmulator, synthWorkloadIdentity, type SynthesizedWorkloadIdentity } from 'cce-workload-identity/testing';",
          'export type Used = [TemporaryCredentials, SynthesizedWorkloadIdentity];',
          'export const used = [Jwks, WorkloadIdentity, synthesizeApps, WorkloadIdentityCredentials, isWorkloadIdentityError, '
            + 'explain, startIamEmulator, synthWorkloadIdentity];',
          '',
        ].join('\n'),
      );
      const strict = (name: string, options: Record<string, unknown>): string => {
        writeFileSync(
          join(app, `tsconfig.${name}.json`),
          JSON.stringify({
            extends: './tsconfig.json',
            compilerOptions: { ...options, skipLibCheck: false, incremental: false },
            include: ['types-check.ts'],
          }),
        );
        return `tsconfig.${name}.json`;
      };
      // node10 resolution is the template's own (with its skipLibCheck); without skipLibCheck the
      // same .d.ts files are checked under node16 (where ES-module imports in them would fail) and
      // bundler — a node10 run without skipLibCheck would add ~30 s and check nothing new.
      const configs = [
        'tsconfig.json',
        strict('node16', { module: 'node16', moduleResolution: 'node16' }),
        strict('bundler', { module: 'esnext', moduleResolution: 'bundler' }),
      ];
      const tsc = join(app, 'node_modules', '.bin', 'tsc');
      const results = await Promise.all(configs.map((config) => runAsync(app, tsc, ['--noEmit', '-p', config])));
      timings.push(`tsc ${results.map((r, i) => `${configs[i]} ${r.ms} ms`).join(', ')}`);
      results.forEach((r, i) =>
        expect({ config: configs[i], status: r.status, output: r.stdout + r.stderr }).toEqual({ config: configs[i], status: 0, output: '' }),
      );
    }, 300_000);

    test('cdk8s synth and cdktf synth, through the README\'s cdk8s.yaml and cdktf.json, each write only their side', () => {
      const cdk8s = ok(run(app, join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--check-upgrade=false']), 'cdk8s synth');
      expect(readdirSync(join(app, 'dist'))).toEqual(['shop.k8s.yaml']);
      expect(existsSync(join(app, 'cdktf.out'))).toBe(false);
      rmSync(join(app, 'dist'), { recursive: true });
      const cdktf = ok(run(app, join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth']), 'cdktf synth');
      timings.push(`cdk8s synth ${cdk8s.ms} ms`, `cdktf synth ${cdktf.ms} ms`);
      expect(existsSync(join(app, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'))).toBe(true);
      expect(existsSync(join(app, 'dist'))).toBe(false);

      // The installed command reads what cdktf wrote.
      const explain = ok(run(app, 'npx', ['cce-workload-identity', 'explain', 'cdktf.out/stacks/iam/cdk.tf.json']), 'cce-workload-identity explain');
      expect(explain.stdout).toContain('rule #0:    ServiceAccount shop/order-service -> user "order-service", groups "obs-readers"');
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(run(app, 'npx', ['cce-workload-identity', '--version']).stdout).toBe(`cce-workload-identity ${pkg.version}\n`);
    }, 300_000);
  });
});

describe('a fresh CDK Terrain (cdktn) project', () => {
  let tn: string;
  beforeAll(() => {
    tn = join(work, 'app-cdktn');
    mkdirSync(tn);
    writeFileSync(join(tn, 'package.json'), JSON.stringify({ name: 'app-cdktn', version: '1.0.0', private: true }, null, 2));
    writeFileSync(join(tn, 'tsconfig.json'), readFileSync(join(TEMPLATE, 'tsconfig.json'), 'utf8'));
    // As the README's cdktn install line: the flavour's peers, no cdktf, no flags.
    const install = ok(run(tn, 'npm', [...NPM_INSTALL, tarball, ...pinned('cdktn', 'cdk8s', 'constructs', CDKTN_KPLUS)]),
      'npm install (cdktn peers)');
    const dev = ok(run(tn, 'npm', [...NPM_INSTALL, '--save-dev', ...pinned('typescript', 'tsx', '@types/node')]), 'npm install -D (cdktn)');
    timings.push(`cdktn: install peers ${install.ms} ms`, `install toolchain ${dev.ms} ms`);
    writeFileSync(join(tn, 'install.log'), install.stdout + install.stderr);
    copyFileSync(join(ROOT, 'examples', 'jwks.json'), join(tn, 'cluster-jwks.json'));
    writeFileSync(join(tn, 'main.ts'), readmeAppFor('cdktn', CDKTN_KPLUS));
  }, 600_000);

  test('npm installs the tarball beside cdktn without ERESOLVE and without cdktf', () => {
    expect(readFileSync(join(tn, 'install.log'), 'utf8')).not.toMatch(/ERESOLVE|overriding peer dependency/i);
    expect(existsSync(join(tn, 'node_modules', 'cdktn'))).toBe(true);
    expect(existsSync(join(tn, 'node_modules', 'cdktf'))).toBe(false);
  });

  test('the README app, with its imports switched to cdktn, writes both sides; tsc passes for /cdktn and /cdktn/testing', async () => {
    const app = ok(run(tn, join(tn, 'node_modules', '.bin', 'tsx'), ['main.ts']), 'tsx main.ts (cdktn)');
    timings.push(`cdktn: README app ${app.ms} ms`);
    expect(app.stderr).toBe('');
    const tf = JSON.parse(readFileSync(join(tn, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as {
      '//': { metadata: { version: string } }; resource: Record<string, Record<string, { access_config?: { client_id: string } }>>;
    };
    expect(tf['//'].metadata.version).toBe(version('cdktn'));
    expect(Object.values(tf.resource.huaweicloud_identity_provider!)[0]!.access_config).toMatchObject({ client_id: 'my-cluster' });
    expect(JSON.stringify(tf.resource.huaweicloud_identity_provider_conversion)).toContain('system:serviceaccount:shop:order-service');
    const yaml = readFileSync(join(tn, 'dist', 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('serviceAccountName: order-service');
    expect(yaml).toContain('audience: my-cluster');

    writeFileSync(join(tn, 'types-check.ts'), [
      "import { TerraformStack, Testing } from 'cdktn';",
      "import { HuaweicloudProvider, WorkloadIdentity } from 'cce-workload-identity/cdktn';",
      "import { synthWorkloadIdentity, type SynthesizedWorkloadIdentity } from 'cce-workload-identity/cdktn/testing';",
      "const stack = new TerraformStack(Testing.app(), 'stack');",
      "export const provider: HuaweicloudProvider = new HuaweicloudProvider(stack, 'huaweicloud', {});",
      'export type Used = [SynthesizedWorkloadIdentity, WorkloadIdentity];',
      'export const used = [synthWorkloadIdentity];',
      '',
    ].join('\n'));
    const tsc = await runAsync(tn, join(tn, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    timings.push(`cdktn: tsc ${tsc.ms} ms`);
    expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({ status: 0, output: '' });
  }, 300_000);

  test('cdktn synth, through cdktn-cli under Node 22, writes the README app\'s Terraform side; cdktn-cli crashes on Node 20', () => {
    expect(run(tn, NODE_22, ['--version']).stdout).toMatch(/^v22\.(19|[2-9]\d)\.\d+\n$/);
    const cli = ok(run(tn, 'npm', [...NPM_INSTALL, '--save-dev', `cdktn-cli@${CDKTN_CLI}`]), 'npm install -D cdktn-cli');
    timings.push(`cdktn: install cdktn-cli ${cli.ms} ms`);
    writeFileSync(join(tn, 'cdktf.json'), readmeBlock('### The app', 'json'));
    for (const out of ['cdktf.out', 'dist']) rmSync(join(tn, out), { recursive: true, force: true });
    const cdktn = join(tn, 'node_modules', 'cdktn-cli', 'bin', 'cdktn');
    // Node 22 first on PATH, so the app cdktf.json names (`npx tsx main.ts`) runs on it too.
    const node22 = userEnv({ PATH: `${dirname(NODE_22)}${delimiter}${process.env.PATH ?? ''}` });
    const synth = ok(run(tn, NODE_22, [cdktn, 'synth'], node22), 'cdktn synth (Node 22)');
    timings.push(`cdktn synth (Node 22) ${synth.ms} ms`);
    const tf = JSON.parse(readFileSync(join(tn, 'cdktf.out', 'stacks', 'iam', 'cdk.tf.json'), 'utf8')) as {
      '//': { metadata: { version: string } }; resource: Record<string, unknown>;
    };
    expect(tf['//'].metadata.version).toBe(version('cdktn'));
    expect(JSON.stringify(tf.resource.huaweicloud_identity_provider_conversion)).toContain('system:serviceaccount:shop:order-service');
    expect(existsSync(join(tn, 'dist'))).toBe(false);

    // The reason docs/guides/toolchains.md gives for Node 22 on this route (and only this one): cdktn-cli on Node 20.
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major < 22 || (major === 22 && minor < 19)) {
      const old = run(tn, process.execPath, [cdktn, 'synth']);
      expect(old.status).not.toBe(0);
      expect(old.stdout + old.stderr).toContain('markAsUncloneable is not a function');
    }
  }, 600_000);
});
