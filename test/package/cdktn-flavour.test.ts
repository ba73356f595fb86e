/**
 * `cce-workload-identity/cdktn` and `cce-workload-identity/cdktn/testing`: the same library on CDK
 * Terrain. The flavour modules (the entries and the modules whose declarations name a toolchain's
 * types) exist twice in the source, lib/X.ts for cdktf and lib/cdktn/X.ts for cdktn; everything
 * else is shared, given the toolchain through lib/terraform/toolchain.ts. tsc compiles both into
 * dist-lib (lib/cdktn → dist-lib/cdktn), nothing rewrites its output. Takes the compiled tree from
 * the package's tarball (`npm run build`'s output, packed once per run: test/support/packed-tarball.ts)
 * and checks the flavours' shape and that each flavour loads with the other toolchain made
 * unresolvable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import * as ts from 'typescript';
import { copyPeerModules } from '../../scripts/copy-peer-modules';
import { importGraph, LIB, sources } from '../support/import-graph';
import { packedTarball } from '../support/packed-tarball';

const ROOT = join(__dirname, '..', '..');
let dist: string;

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
  // The tarball's dist-lib is tsc's output (both flavours) plus what copyPeerModules adds: the
  // copies are removed here and made again below, so a build step that stops writing them fails.
  const { path } = await packedTarball();
  const tar = spawnSync('tar', ['xzf', path, '-C', dist, '--strip-components=2', 'package/dist-lib'], { encoding: 'utf8', timeout: 120_000 });
  if (tar.status !== 0) throw new Error(`tar failed:\n${tar.stdout}${tar.stderr}`);
  expect(existsSync(join(dist, 'cdktn', 'index.js'))).toBe(true);
  // The files copyPeerModules writes (it overwrites the tarball's copies and names them).
  const peers = copyPeerModules(dist);
  expect(peers.length).toBeGreaterThan(0);
  for (const peer of peers) rmSync(join(dist, peer));
  expect(existsSync(join(dist, 'index.js'))).toBe(true);
  copyPeerModules(dist);
}, 600_000);

afterAll(() => {
  if (dist !== undefined) rmSync(dist, { recursive: true, force: true });
});

const CDKTN = join(LIB, 'cdktn');
/** The flavour modules, as paths relative to lib/ without extension: those with a lib/cdktn/ counterpart. */
const FLAVOUR = sources(CDKTN).map((f) => relative(CDKTN, f).split('\\').join('/').replace(/\.ts$/, '')).sort();
/** The flavour modules that only declare the flavour's types and delegate: their cdktn text is the cdktf text with import paths moved. */
const DECLARING = [
  'index', 'synthesize', 'terraform/workload-identity-fleet-providers', 'terraform/workload-identity-provider', 'testing/index', 'testing/synth',
];

/** `text` (the cdktf flavour module `module`) as its lib/cdktn/ counterpart: each relative import of a shared module gets one `../` more. */
function asCdktnCounterpart(module: string, text: string): string {
  return text.replace(/((?:from|import)\s+')(\.[^']*)(')/g, (whole, lead: string, specifier: string, end: string) => {
    const target = posix.normalize(posix.join(posix.dirname(module), specifier));
    if (FLAVOUR.includes(target)) return whole;
    const moved = posix.relative(posix.join('cdktn', posix.dirname(module)), target);
    return `${lead}${moved.startsWith('.') ? moved : `./${moved}`}${end}`;
  });
}

test('each flavour module has its cdktf counterpart at the same path, with the same exports; the declaring ones are the same text', () => {
  expect(FLAVOUR).toEqual([...DECLARING, 'peer-dependencies', 'terraform/huaweicloud'].sort());
  const pairs = FLAVOUR.map((m) => [join(LIB, `${m}.ts`), join(CDKTN, `${m}.ts`)] as const);
  const names = exportsOf(pairs.flat());
  for (const [cdktf, cdktn] of pairs) {
    expect(names.get(cdktf)!.length).toBeGreaterThan(0);
    expect({ cdktn: relative(LIB, cdktn), names: names.get(cdktn) }).toEqual({ cdktn: relative(LIB, cdktn), names: names.get(cdktf) });
  }
  expect(names.get(join(LIB, 'terraform', 'huaweicloud.ts'))).toEqual(expect.arrayContaining(['HuaweicloudProvider', 'TOOLCHAIN', 'TerraformApp']));
  for (const module of DECLARING) {
    const expected = asCdktnCounterpart(module, readFileSync(join(LIB, `${module}.ts`), 'utf8'));
    expect({ module, text: readFileSync(join(CDKTN, `${module}.ts`), 'utf8') }).toEqual({ module, text: expected });
  }
});

test('only the flavour modules reach a toolchain: core, contract, kubernetes, runtime, the emulator and the CLI are shared', () => {
  const files = sources(LIB).filter((f) => !/[/\\]generated(-cdktn)?[/\\]/.test(f));
  const graph = importGraph(files, false);
  const rel = (f: string): string => relative(LIB, f).split('\\').join('/').replace(/\.ts$/, '');
  // A module names a toolchain when it imports a peer module or the generated bindings, or a module that does.
  const direct = (f: string): boolean => ts.preProcessFile(readFileSync(f, 'utf8'), true, true).importedFiles
    .some(({ fileName }) => /(^|\/)(cdktf|cdktn)-peer$|\/generated(-cdktn)?\//.test(fileName) || /^(cdktf|cdktn)(\/|$)/.test(fileName));
  const tainted = new Set(files.filter(direct));
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, targets] of graph) {
      if (!tainted.has(file) && targets.some((t) => tainted.has(t))) {
        tainted.add(file);
        grew = true;
      }
    }
  }
  const flavour = (m: string): boolean => FLAVOUR.includes(m) || FLAVOUR.includes(m.replace(/^cdktn\//, ''));
  expect([...tainted].map(rel).filter((m) => !flavour(m)).sort()).toEqual([]);
  // And no shared module imports a flavour module (it would load one toolchain in the other flavour).
  const wrong = [...graph].filter(([file]) => !flavour(rel(file)))
    .flatMap(([file, targets]) => targets.filter((t) => flavour(rel(t))).map((t) => `${rel(file)} -> ${rel(t)}`));
  expect(wrong).toEqual([]);

  const files2 = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files2(join(dir, e.name)) : [join(dir, e.name)]));
  const built = files2(join(dist, 'cdktn'));
  expect(built.filter((f) => /(require\(|from |import\()["']cdktf["']/.test(readFileSync(f, 'utf8')))).toEqual([]);
  // The flavour's toolchain types come from cdktn, through the one module that loads it (shared).
  expect(readFileSync(join(dist, 'cdktn', 'terraform', 'huaweicloud.d.ts'), 'utf8')).toMatch(/from ["']\.\.\/\.\.\/terraform\/cdktn-peer["']/);
  expect(readFileSync(join(dist, 'terraform', 'cdktn-peer.d.ts'), 'utf8')).toMatch(/from ["']cdktn["']/);
  // Every relative import of the flavour resolves.
  for (const f of built.filter((file) => file.endsWith('.js'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/require\("(\.[^"]+)"\)/g)) {
      const target = join(dirname(f), m[1]!);
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
      sharedCore: cdktn.WorkloadIdentity === require('./core/declaration/workload-identity').WorkloadIdentity,
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
