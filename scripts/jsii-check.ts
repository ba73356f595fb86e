/**
 * Compiles the root entry (`cce-workload-identity`, the constructs) with jsii, the compiler AWS CDK
 * and cdk8s use to reach Python, Java, Go and .NET, and fails on any jsii error. `./runtime` and
 * `./testing` stay TypeScript-only and are not compiled here.
 *
 *   npm run jsii:check
 *   tsx scripts/jsii-check.ts --update-docs   also rewrites API.md (`npm run docs:api`)
 *
 * From the assembly it compiles, jsii-docgen renders `API.md`, the root entry's reference (what
 * Construct Hub shows): a committed API.md that differs fails the check.
 *
 * jsii rewrites its package's tsconfig and wants publishing metadata, so it runs on a copy of
 * `lib/` in `.tmp/jsii/` with a package.json of its own; nothing is published or written
 * elsewhere. Declarations jsii cannot represent (error classes extending `Error`, index
 * signatures, function-typed props) are marked `@jsii ignore` in the source and stay
 * TypeScript/JavaScript only; see README "Public API".
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { renderJsiiApiMarkdown, syncGenerated } from './docs/api-markdown';

const ROOT = join(__dirname, '..');
const WORK = join(ROOT, '.tmp', 'jsii');

/**
 * Root exports other languages do not get, and why. jsii drops free functions, constants and type
 * aliases without a word; any other export missing from the assembly fails the check.
 */
const TYPESCRIPT_ONLY: Readonly<Record<string, string>> = {
  WorkloadIdentityValidationError: 'extends Error (@jsii ignore)',
  SynthesisValidationError: 'extends Error (@jsii ignore)',
  synthesizeApps: 'deprecated free function; WorkloadIdentitySynthesis.synthesizeApps is the static form',
  collectValidationErrors: 'deprecated free function; WorkloadIdentitySynthesis.collectValidationErrors is the static form',
};

/** The root entry's exports that jsii should have put into the assembly but did not. */
function missingFromAssembly(assemblyTypes: ReadonlySet<string>): string[] {
  const entry = join(ROOT, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { skipLibCheck: true, types: ['node'], esModuleInterop: true, resolveJsonModule: true });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile);
  return (module === undefined ? [] : checker.getExportsOfModule(module))
    .map((s) => s.name)
    .filter((name) => !assemblyTypes.has(name) && !(name in TYPESCRIPT_ONLY));
}

/** The jsii modules the root entry's public API uses: its peer dependencies, at the installed versions. */
const JSII_PEERS = ['cdk8s', 'cdktf', 'constructs'] as const;

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The text without ANSI colour sequences (ESC [ … m). */
function stripAnsi(text: string): string {
  const escape = String.fromCharCode(27);
  return text.split(escape).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('');
}

async function main(): Promise<number> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string; version: string; description: string; license: string; peerDependencies: Record<string, string>;
  };
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  // ./testing and the CLI are not part of the root entry.
  const skipped = [join('lib', 'testing'), join('lib', 'cli')];
  cpSync(join(ROOT, 'lib'), join(WORK, 'lib'), { recursive: true, filter: (src) => !skipped.some((dir) => src.includes(dir)) });
  cpSync(join(ROOT, 'README.md'), join(WORK, 'README.md'));
  symlinkSync(join(ROOT, 'node_modules'), join(WORK, 'node_modules'), 'dir');
  const peers = Object.fromEntries(JSII_PEERS.map((name) => [name, pkg.peerDependencies[name]]));
  writeFileSync(join(WORK, 'package.json'), `${JSON.stringify({
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    // Publishing needs the real author and repository (and `targets` per language); the check does not.
    author: { name: 'cce-workload-identity authors', organization: false },
    repository: { type: 'git', url: 'https://example.invalid/cce-workload-identity.git' },
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    peerDependencies: peers,
    devDependencies: Object.fromEntries(JSII_PEERS.map((name) => [name, installedVersion(name)])),
    jsii: { outdir: 'jsii-dist', targets: {}, tsconfig: 'tsconfig.jsii.json', validateTsconfig: 'minimal' },
  }, null, 2)}\n`);
  writeFileSync(join(WORK, 'tsconfig.jsii.json'), `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'], types: ['node'], strict: true, esModuleInterop: true,
      resolveJsonModule: true, declaration: true, skipLibCheck: true, outDir: 'dist', rootDir: 'lib',
    },
    include: ['lib/index.ts'],
  }, null, 2)}\n`);
  const jsii = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii'), '--silence-warnings', 'reserved-word'], {
    cwd: WORK,
    encoding: 'utf8',
    env: {
      ...process.env,
      JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
      // jsii no longer supports Node 20 (end of life for it since 2026-10-30) but still compiles under it.
      JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
      JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1',
    },
  });
  const output = `${jsii.stdout}${jsii.stderr}`;
  const errors = output.split('\n').filter((line) => / - error JSII\d+|^error JSII\d+/.test(stripAnsi(line)));
  process.stdout.write(output);
  if (jsii.status !== 0) {
    process.stderr.write(`jsii-check: the root entry does not compile with jsii (${errors.length} error(s) listed above)\n`);
    return 1;
  }
  const assembly = JSON.parse(readFileSync(join(WORK, '.jsii'), 'utf8')) as { types: Record<string, { name: string }> };
  const missing = missingFromAssembly(new Set(Object.values(assembly.types).map((t) => t.name)));
  if (missing.length > 0) {
    process.stderr.write(`jsii-check: jsii left out these root exports: ${missing.join(', ')}. Make each a class, interface or enum `
      + '(a static method instead of a free function), or list it in TYPESCRIPT_ONLY with the reason.\n');
    return 1;
  }
  const types = Object.keys(assembly.types).length;
  process.stdout.write(`jsii-check: the root entry compiles with jsii, ${types} types (assembly: ${join('.tmp', 'jsii', '.jsii')})\n`);
  const stale = syncGenerated(ROOT, 'API.md', await renderJsiiApiMarkdown(WORK), process.argv.includes('--update-docs'));
  if (stale !== undefined) {
    process.stderr.write(`jsii-check: ${stale}\n`);
    return 1;
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`jsii-check: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
