/**
 * cdk8s-plus is optional: no module of the library imports any cdk8s-plus major, so a project on
 * cdk8s-plus-33 or -34 (or none) loads it without cdk8s-plus-28 installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/readme';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

test('no file under lib/ imports or requires cdk8s-plus', () => {
  const files = sources(join(ROOT, 'lib'));
  expect(files.length).toBeGreaterThan(50);
  const importing = files.filter((f) => /(?:from\s+|require\(\s*|import\(\s*)['"]cdk8s-plus[^'"]*['"]/.test(readFileSync(f, 'utf8')));
  expect(importing.map((f) => relative(ROOT, f))).toEqual([]);
});
