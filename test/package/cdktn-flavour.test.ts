/**
 * `cce-workload-identity/cdktn` and `cce-workload-identity/cdktn/testing`: the same library on CDK
 * Terrain, built by scripts/build-cdktn.ts from the compiled root tree. Takes the compiled root
 * tree from the package's tarball (`npm run build`'s tsc output, packed once per run:
 * test/support/packed-tarball.ts), without the flavour and the copied peer modules, builds those
 * into it with the build's own functions, and checks the flavour's shape and that each flavour
 * loads with the other toolchain made unresolvable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { buildCdktnFlavour, dependents, moduleGraph, SWAPS } from '../../scripts/build-cdktn';
import { copyPeerModules } from '../../scripts/copy-peer-modules';
import { packedTarball } from '../support/packed-tarball';

const ROOT = join(__dirname, '..', '..');
let dist: string;
let written: string[];

/** Runs `code` in a fresh node with the packages in `blocked` made unresolvable. */
function nodeWithout(blocked: readonly string[], code: string): { status: number | null; stdout: string; stderr: string } {
  const hook = join(dist, 'block.js');
  writeFileSync(hook, [
    "const Module = require('node:module');",
    'const resolve = Module._resolveFilename;',
    `const blocked = ${JSON.stringify(blocked)};`,
    'Module._resolveFilename = function (request, ...rest) {',
    "  if (blocked.some((b) => request === b || request.startsWith(b + '/'))) {",
    "    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });",
    '  }',
    '  return resolve.call(this, request, ...rest);',
    '};',
  ].join('\n'));
  const r = spawnSync(process.execPath, ['-r', hook, '-e', code], { cwd: dist, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The names a TypeScript module exports (values and types). */
function exportsOf(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...files], {
    skipLibCheck: true, types: [], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  });
  const checker = program.getTypeChecker();
  return new Map(files.map((file) => {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    return [file, symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name).sort()];
  }));
}

beforeAll(async () => {
  // Inside the repository, so the compiled files resolve the repository's node_modules.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dist = mkdtempSync(join(ROOT, '.tmp', 'cdktn-flavour-'));
  // The tarball's dist-lib is tsc's output plus what copyPeerModules and buildCdktnFlavour add:
  // both are removed here and made again below, so a build step that stops writing them fails.
  const { path } = await packedTarball();
  const tar = spawnSync('tar', ['xzf', path, '-C', dist, '--strip-components=2', 'package/dist-lib'], { encoding: 'utf8', timeout: 120_000 });
  if (tar.status !== 0) throw new Error(`tar failed:\n${tar.stdout}${tar.stderr}`);
  rmSync(join(dist, 'cdktn'), { recursive: true, force: true });
  // The files copyPeerModules writes (it overwrites the tarball's copies and names them).
  const peers = copyPeerModules(dist);
  expect(peers.length).toBeGreaterThan(0);
  for (const peer of peers) rmSync(join(dist, peer));
  expect(existsSync(join(dist, 'index.js'))).toBe(true);
  copyPeerModules(dist);
  written = buildCdktnFlavour(dist);
}, 600_000);

afterAll(() => {
  if (dist !== undefined) rmSync(dist, { recursive: true, force: true });
});

test('each toolchain module and its cdktn twin export the same names', () => {
  const pairs = Object.entries(SWAPS)
    .map(([source, twin]) => [join(ROOT, 'lib', `${source}.ts`), join(ROOT, 'lib', `${twin}.ts`)] as const);
  const names = exportsOf(pairs.flat());
  for (const [source, twin] of pairs) {
    expect(names.get(source)!.length).toBeGreaterThan(0);
    expect({ twin: relative(ROOT, twin), names: names.get(twin) }).toEqual({ twin: relative(ROOT, twin), names: names.get(source) });
  }
  expect(names.get(join(ROOT, 'lib', 'terraform', 'huaweicloud.ts')))
    .toEqual(expect.arrayContaining(['HuaweicloudProvider', 'IdentityProvider', 'TerraformApp']));
});

test('only the modules that depend on the toolchain are copied; core, kubernetes, runtime, the emulator and the CLI are shared', () => {
  expect(written).toEqual(expect.arrayContaining([
    'cdktn/index', 'cdktn/testing/index', 'cdktn/terraform/huaweicloud', 'cdktn/terraform/toolchain', 'cdktn/synthesize',
  ]));
  const shared = /^cdktn\/(core|contract|kubernetes|runtime|cli|testing\/emulator|terraform\/generated)/;
  expect(written.filter((m) => shared.test(m))).toEqual([]);
  // The CLI's closure never reaches a toolchain module: `cce-workload-identity explain` needs neither cdktf nor cdktn.
  const tainted = dependents(moduleGraph(dist), Object.keys(SWAPS));
  expect([...tainted].filter((m) => m.startsWith('cli/'))).toEqual([]);
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  const flavour = files(join(dist, 'cdktn'));
  expect(flavour.filter((f) => /(require\(|from |import\()["']cdktf["']/.test(readFileSync(f, 'utf8')))).toEqual([]);
  // The twin's toolchain types come from cdktn, through the one module that loads it (shared, not copied).
  expect(readFileSync(join(dist, 'cdktn', 'terraform', 'huaweicloud.d.ts'), 'utf8')).toMatch(/from ["']\.\.\/\.\.\/terraform\/cdktn-peer["']/);
  expect(readFileSync(join(dist, 'terraform', 'cdktn-peer.d.ts'), 'utf8')).toMatch(/from ["']cdktn["']/);
  // Every relative import of a copy resolves.
  for (const f of flavour.filter((file) => file.endsWith('.js'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/require\("(\.[^"]+)"\)/g)) {
      const target = join(f, '..', m[1]!);
      expect({ f: relative(dist, f), target: m[1], found: existsSync(`${target}.js`) || existsSync(join(target, 'index.js')) })
        .toEqual({ f: relative(dist, f), target: m[1], found: true });
    }
  }
});

test('the cdktn entries load without cdktf, share the toolchain-free classes, and export the same names as the root entries', () => {
  const r = nodeWithout(['cdktf'], `
    const cdktn = require('./cdktn'), cdktnTesting = require('./cdktn/testing');
    const loaded = Object.keys(require.cache).map((k) => k.split('/node_modules/').pop().split('/')[0]);
    console.log(JSON.stringify({
      cdktn: Object.keys(cdktn).sort(), cdktnTesting: Object.keys(cdktnTesting).sort(),
      sharedCore: cdktn.WorkloadIdentity === require('./core').WorkloadIdentity,
      cdktfLoaded: loaded.includes('cdktf'), cdktnLoaded: loaded.includes('cdktn'),
    }));`);
  expect(r.stderr).toBe('');
  const cdktn = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(cdktn).toMatchObject({ sharedCore: true, cdktfLoaded: false, cdktnLoaded: true });

  const root = nodeWithout(['cdktn'], `
    const root = require('./'), testing = require('./testing');
    const loaded = Object.keys(require.cache).map((k) => k.split('/node_modules/').pop().split('/')[0]);
    console.log(JSON.stringify({ root: Object.keys(root).sort(), testing: Object.keys(testing).sort(), cdktnLoaded: loaded.includes('cdktn') }));`);
  expect(root.stderr).toBe('');
  const cdktf = JSON.parse(root.stdout) as Record<string, unknown>;
  expect(cdktf.cdktnLoaded).toBe(false);
  expect(cdktn.cdktn).toEqual(cdktf.root);
  expect(cdktn.cdktnTesting).toEqual(cdktf.testing);
});

/** A Kubernetes-only app (cdk8s, no Terraform toolchain) on `entry`: a ServiceAccount and a bound plain cdk8s Deployment. */
const KUBERNETES_APP = (entry: string): string => `
  const { ApiObject, App, Chart } = require('cdk8s');
  const { Jwks, WorkloadIdentity, WorkloadIdentitySynthesis, WorkloadServiceAccount } = require('${entry}');
  const identity = new WorkloadIdentity({ providerName: 'wi', clientId: 'my-cluster', projectId: '0123456789abcdef0123456789abcdef',
    jwks: Jwks.fromFile(${JSON.stringify(join(ROOT, 'examples', 'jwks.json'))}) });
  const app = new App({ outdir: 'k8s-${entry.replace(/\W/g, '')}' });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const binding = identity.addBinding({ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['readers'] });
  const sa = new WorkloadServiceAccount(chart, 'sa', { binding });
  sa.bind(new ApiObject(chart, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } } }));
  WorkloadIdentitySynthesis.synthesizeApps({ kubernetes: app });
  console.log(JSON.stringify(chart.toJson().map((o) => o.kind)));`;

test('each flavour loads without any Terraform toolchain (a Kubernetes-only app synthesizes) '
  + 'and names its own when a Terraform construct is used', () => {
  for (const [entry, toolchain, install] of [
    ['./', 'cdktf', 'npm install cdktf@~0.21.0 '], ['./cdktn', 'cdktn', "npm install cdktn@~0.24.0 'constructs@>=10.6.0 <10.8.0' "],
  ] as const) {
    const app = nodeWithout(['cdktf', 'cdktn'], KUBERNETES_APP(entry));
    expect({ entry, stderr: app.stderr, stdout: app.stdout }).toEqual({ entry, stderr: '', stdout: '["ServiceAccount","Deployment"]\n' });
    const use = nodeWithout(['cdktf', 'cdktn'], `
      const { Construct } = require('constructs');
      const { HuaweicloudProvider, Jwks, WorkloadIdentity, WorkloadIdentityProvider } = require('${entry}');
      const identity = new WorkloadIdentity({ providerName: 'wi', clientId: 'c', projectId: '0123456789abcdef0123456789abcdef',
        jwks: Jwks.fromFile(${JSON.stringify(join(ROOT, 'examples', 'jwks.json'))}) });
      for (const use of [() => new HuaweicloudProvider(new Construct(undefined, ''), 'huaweicloud', {}),
        () => new WorkloadIdentityProvider(new Construct(undefined, ''), 'wi', { identity })]) {
        try { use(); console.log('no error'); } catch (e) { console.log(e.code + ': ' + e.message); }
      }`);
    expect(use.stderr).toBe('');
    const lines = use.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const entryName = `cce-workload-identity${toolchain === 'cdktn' ? '/cdktn' : ''}`;
      expect(line).toContain(`ERR_WORKLOAD_IDENTITY_PEER_MISSING: ${entryName} needs its peer dependency "${toolchain}"`);
      expect(line).toContain(install);
    }
  }
  // cdktn is installed here: the root entry points a CDK Terrain app at its own entries.
  const cdktf = nodeWithout(['cdktf'], "try { new (require('./').HuaweicloudProvider)(undefined, 'x', {}); } catch (e) { console.log(e.message); }");
  expect(cdktf.stdout).toContain('cdktn is installed: on CDK Terrain, import from "cce-workload-identity/cdktn"');
});

test('each flavour loads without cdk8s (a Terraform-only app synthesizes) and names it when a Kubernetes construct is used', () => {
  for (const [entry, toolchain] of [['./', 'cdktf'], ['./cdktn', 'cdktn']] as const) {
    const r = nodeWithout(['cdk8s'], `
      const { App, TerraformStack } = require('${toolchain}');
      const { Construct } = require('constructs');
      const wi = require('${entry}');
      const identity = new wi.WorkloadIdentity({ providerName: 'wi', clientId: 'my-cluster', projectId: '0123456789abcdef0123456789abcdef',
        jwks: wi.Jwks.fromFile(${JSON.stringify(join(ROOT, 'examples', 'jwks.json'))}) });
      const binding = identity.addBinding({ namespace: 'shop', serviceAccountName: 'order-service', iamGroups: ['readers'] });
      const tf = new App({ outdir: 'tf-${toolchain}' });
      const stack = new TerraformStack(tf, 'iam');
      new wi.HuaweicloudProvider(stack, 'huaweicloud', {});
      new wi.WorkloadIdentityProvider(stack, 'wi', { identity });
      wi.WorkloadIdentitySynthesis.synthesizeApps({ terraform: tf });
      console.log(Object.keys(require('./tf-${toolchain}/stacks/iam/cdk.tf.json').resource).sort().join(','));
      try { new wi.WorkloadServiceAccount(new Construct(undefined, ''), 'sa', { binding }); } catch (e) { console.log(e.code + ': ' + e.message); }`);
    expect(r.stderr).toBe('');
    const [resources, error] = r.stdout.trim().split('\n');
    expect(resources).toContain('huaweicloud_identity_provider');
    expect(error).toContain('ERR_WORKLOAD_IDENTITY_PEER_MISSING: cce-workload-identity needs its peer dependency "cdk8s" for the Kubernetes side');
    expect(error).toContain('npm install cdk8s@^2.70.106 ');
  }
});

test('importing an entry without constructs names the peers to install; the CLI loads with neither toolchain', () => {
  const cdktn = nodeWithout(['constructs'], "require('./cdktn')");
  expect(cdktn.status).not.toBe(0);
  expect(cdktn.stderr).toContain('cce-workload-identity/cdktn needs its peer dependency "constructs", which is not installed. '
    + "Install it next to it, with the toolchain of each side you use: npm install 'constructs@>=10.6.0 <10.8.0' cdk8s@^2.70.106 cdktn@~0.24.0 ");
  const cdktf = nodeWithout(['constructs'], "require('./')");
  expect(cdktf.status).not.toBe(0);
  expect(cdktf.stderr).toMatch(/needs its peer dependency "constructs", .* npm install constructs@\^10\.4\.2 cdk8s@\S+ cdktf@~0\.21\.0 /);
  const cli = nodeWithout(['cdktf', 'cdktn'],
    "require('./cli/main').main(['explain', '--help'], { stdout: (t) => process.stdout.write(t) }).then((code) => { process.exitCode = code; })");
  expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
  expect(cli.stdout).toContain('cce-workload-identity explain <cdk.tf.json>');
});

test('the copy handles every relative specifier form: ".", "..", a trailing "/", an extension, a JSON file; comments are not imports', () => {
  const fake = mkdtempSync(join(ROOT, '.tmp', 'cdktn-fake-'));
  try {
    const put = (file: string, text: string) => {
      mkdirSync(join(fake, file, '..'), { recursive: true });
      writeFileSync(join(fake, file), text);
    };
    put('index.js', 'module.exports = require("./terraform/huaweicloud");\n');
    put('data.json', '{}\n');
    put('core/x.js', 'module.exports = 1;\n');
    put('core/doc.js', '/** see require("../terraform/huaweicloud") */\n// from "../terraform/huaweicloud"\nmodule.exports = 2;\n');
    put('terraform/huaweicloud.js', 'module.exports = require("cdktf");\n');
    put('terraform/huaweicloud-cdktn.js', 'module.exports = require("cdktn");\n');
    put('terraform/toolchain.js', 'exports.T = "cdktf";\n');
    put('terraform/toolchain-cdktn.js', 'exports.T = "cdktn";\n');
    put('terraform/index.js', 'module.exports = require("./huaweicloud.js");\n');
    put('terraform/a.js', [
      'const t = require("./huaweicloud.js"), up = require(".."), upSlash = require("../"), here = require(".");',
      'const x = require("../core/x"), data = require("../data.json"), tc = require("./toolchain");',
      'module.exports = { t, up, upSlash, here, x, data, tc };',
    ].join('\n'));
    const copied = buildCdktnFlavour(fake);
    // core/doc only names the toolchain in comments: shared, not copied.
    expect(copied).toEqual(['cdktn/index', 'cdktn/terraform/a', 'cdktn/terraform/huaweicloud', 'cdktn/terraform/index', 'cdktn/terraform/toolchain']);
    expect(readFileSync(join(fake, 'cdktn', 'terraform', 'a.js'), 'utf8').split('\n').slice(0, 2)).toEqual([
      'const t = require("./huaweicloud.js"), up = require(".."), upSlash = require(".."), here = require(".");',
      'const x = require("../../core/x"), data = require("../../data.json"), tc = require("./toolchain");',
    ]);
    const loaded = spawnSync(process.execPath, ['-e', `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) { return request === 'cdktf' || request === 'cdktn' ? request : load.call(this, request, ...rest); };
      const a = require('./cdktn/terraform/a');
      console.log(JSON.stringify([a.t, a.up, a.upSlash, a.here, a.x, a.data, a.tc.T]));`], { cwd: fake, encoding: 'utf8' });
    // Every toolchain-dependent target is the flavour's (cdktn); the rest is the shared tree's.
    expect({ stderr: loaded.stderr, out: JSON.parse(loaded.stdout) as unknown })
      .toEqual({ stderr: '', out: ['cdktn', 'cdktn', 'cdktn', 'cdktn', 1, {}, 'cdktn'] });
  } finally {
    rmSync(fake, { recursive: true, force: true });
  }
});
