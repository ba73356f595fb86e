/**
 * The runtime module ships to pods as `cce-workload-identity/runtime`: it must depend on Node
 * built-ins and lib/contract only — no cdk8s, cdk8s-plus, cdktf, constructs, jose or cloud SDK,
 * and no other file outside lib/runtime. Walks the import graph from lib/runtime/index.ts.
 *
 * lib/contract (what the declaration, the runtime and the emulator must agree on) imports nothing
 * outside itself, and the declaration (lib/core) imports nothing from lib/runtime: both read the
 * shared values from lib/contract.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../lib/runtime');
const contract = resolve(__dirname, '../../lib/contract');
const io = resolve(__dirname, '../../lib/io');
const core = resolve(__dirname, '../../lib/core');
const builtins = new Set(builtinModules);

/** Whether `file` lies inside `dir`. */
function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}

/** Every .ts file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  throw new Error(`cannot resolve ${spec} from ${relative(root, from)}`);
}

function walk(): { files: Set<string>; external: Map<string, string[]> } {
  const files = new Set<string>();
  const external = new Map<string, string[]>();
  const queue = [join(root, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveRelative(file, spec));
      else external.set(spec, [...(external.get(spec) ?? []), relative(root, file)]);
    }
  }
  return { files, external };
}

test('lib/runtime imports only Node built-ins, its own files, lib/contract and lib/io', () => {
  const { files, external } = walk();
  expect(files.size).toBeGreaterThanOrEqual(8);
  const outside = [...files].filter((file) => !inside(root, file) && !inside(contract, file) && !inside(io, file))
    .map((file) => relative(root, file));
  expect(outside).toEqual([]);
  // the contract is really used (the walk follows it)
  expect([...files].some((file) => inside(contract, file))).toBe(true);
  const notBuiltin = [...external.keys()].filter((spec) => !(spec.startsWith('node:') ? builtins.has(spec.slice(5)) : builtins.has(spec)));
  expect(notBuiltin).toEqual([]);
});

test('every file in lib/runtime is reachable from index.ts or at least obeys the same rule', () => {
  const banned = /^(cdk8s|cdk8s-plus-\d+|cdktf|constructs|jose|@huaweicloud\/|huaweicloud|@cdktf\/|aws-sdk|@aws-sdk\/)/;
  const offenders: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        for (const spec of specifiers(readFileSync(path, 'utf8'))) {
          if (banned.test(spec) || (!spec.startsWith('.') && !builtins.has(spec.replace(/^node:/, '')))) offenders.push(`${entry.name}: ${spec}`);
          if (spec.startsWith('.')) {
            const target = resolveRelative(path, spec);
            if (!inside(root, target) && !inside(contract, target) && !inside(io, target)) offenders.push(`${entry.name}: ${spec}`);
          }
        }
      }
    }
  };
  visit(root);
  expect(offenders).toEqual([]);
});

test('lib/io imports only Node built-ins, nothing of the package', () => {
  const offenders = filesUnder(io).flatMap((file) => specifiers(readFileSync(file, 'utf8'))
    .filter((spec) => spec.startsWith('.') ? !inside(io, resolveRelative(file, spec)) : !builtins.has(spec.replace(/^node:/, '')))
    .map((spec) => `${relative(io, file)}: ${spec}`));
  expect(offenders).toEqual([]);
  expect(filesUnder(io).length).toBeGreaterThan(0);
});

test('lib/contract imports nothing outside itself (not even Node built-ins)', () => {
  const files = filesUnder(contract);
  expect(files.length).toBeGreaterThanOrEqual(2);
  const offenders = files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((spec) => !spec.startsWith('.') || !inside(contract, resolveRelative(file, spec)))
      .map((spec) => `${relative(contract, file)}: ${spec}`));
  expect(offenders).toEqual([]);
});

test('lib/core imports nothing from lib/runtime: of the package\'s own files, only lib/core and lib/contract', () => {
  const files = filesUnder(core);
  expect(files.length).toBeGreaterThanOrEqual(10);
  const targets = files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ file, spec, target: resolveRelative(file, spec) })),
  );
  expect(targets.filter(({ target }) => inside(root, target)).map(({ file, spec }) => `${relative(core, file)}: ${spec}`)).toEqual([]);
  expect(
    targets.filter(({ target }) => !inside(core, target) && !inside(contract, target)).map(({ file, spec }) => `${relative(core, file)}: ${spec}`),
  ).toEqual([]);
  expect(targets.some(({ target }) => inside(contract, target))).toBe(true);
});

test('the specifier scanner sees the import forms it must police', () => {
  expect(
    specifiers(
      `import { a } from 'cdktf';\nimport type { B } from "constructs";\nexport * from './x';\n` +
        `const c = require('cdk8s');\nawait import('jose');\nimport 'node:fs';`,
    ),
  ).toEqual(['cdktf', 'constructs', './x', 'node:fs', 'jose', 'cdk8s']);
});
