/**
 * The maintainer's page (docs/contributing.md) names only what exists: every `npm run <script>` in
 * docs/ is a script of package.json, and every repository path contributing.md names in a code span
 * (`lib/…`, `test/…`, `scripts/…`, `bench/…`, `docs/…`, `api/…`, `bin/…`, `examples/…`) exists.
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
  const text = readFileSync(join(ROOT, PAGE), 'utf8');
  const paths = [...text.matchAll(/`((?:lib|test|scripts|bench|docs|api|bin|examples)\/[^`\s]*)`/g)].map((m) => m[1]!)
    .filter((p) => !p.includes('<') && !p.includes('*'));
  expect(paths.length).toBeGreaterThan(20);
  expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
});
