/**
 * The maintainer's page (docs/contributing.md) names only what exists: every `npm run <script>` in
 * docs/ is a script of package.json, and every repository path contributing.md names in a code span
 * (`lib/…`, `test/…`, `scripts/…`, `bench/…`, `docs/…`, `api/…`, `bin/…`, `examples/…`) exists, and so does
 * every such path the other pages name (CHANGELOG aside: it records history).
 * (Its links are checked with every other page's by links.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docFiles } from '../support/docs';
import { ROOT } from '../support/readme';

const PAGE = join('docs', 'contributing.md');

test('every `npm run <script>` in docs/ is a script of package.json', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const named = docFiles(ROOT).filter((f) => f.startsWith('docs') && !f.startsWith(join('docs', 'api')))
    .flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((m) => ({ file, script: m[1]! })));
  expect(named.filter((n) => n.file === PAGE).length).toBeGreaterThan(8);
  expect(named.filter((n) => !(n.script in scripts)).map((n) => `${n.file}: npm run ${n.script}`)).toEqual([]);
});

test('every repository path docs/contributing.md names exists', () => {
  const paths = namedPaths(PAGE);
  expect(paths.length).toBeGreaterThan(20);
  expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
});

test('every repository path any other page names exists (README, SOURCES, BENCHMARKS, the guides)', () => {
  const pages = docFiles(ROOT).filter((f) => f !== PAGE && !f.startsWith(join('docs', 'api')) && !f.startsWith('CHANGELOG'));
  const missing = pages.flatMap((file) => namedPaths(file).filter((p) => !existsSync(join(ROOT, p))).map((p) => `${file}: ${p}`));
  expect(missing).toEqual([]);
});

/** The repository paths a page names in code spans (`lib/…`, `test/…`, …), without placeholders or globs. */
function namedPaths(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/`((?:lib|test|scripts|bench|docs|api|bin|examples)\/[^`\s]*)`/g)].map((m) => m[1]!)
    .filter((p) => !p.includes('<') && !p.includes('*'));
}
