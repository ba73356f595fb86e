/**
 * Every relative link of README.md and docs/ (generated references included) names a file of this
 * checkout, and every `#anchor` a heading (GitHub's slug) or HTML anchor of the Markdown file it
 * points into; the README's links also work in the npm package.
 */
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';
import { brokenLinks, docFiles } from '../support/docs';
import { ROOT } from '../support/readme';

test('relative links and anchors resolve', () => {
  const broken = brokenLinks(ROOT, docFiles(ROOT)).map((b) => `${b.file}:${b.line}: (${b.target}) ${b.reason}`);
  expect(broken.join('\n')).toBe('');
});

/** Whether package.json `files` packs `path` (its entries: a file, a folder, or `<folder>/**` + `/*.<ext>`). */
function packed(files: readonly string[], path: string): boolean {
  if (['README.md', 'LICENSE', 'package.json'].includes(path)) return true;
  return files.some((entry) => {
    const glob = /^(.*)\/\*\*\/\*(\.[a-z]+)$/.exec(entry);
    if (glob) return path.startsWith(`${glob[1]}/`) && path.endsWith(glob[2]);
    return path === entry || path.startsWith(`${entry}/`);
  });
}

test('every file the README links to is in the npm package (package.json files), so its links work on npm too', () => {
  const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const targets = parseMarkdown('README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')).links
    .map((l) => l.target.split('#')[0])
    .filter((t) => t !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(t))
    .map((t) => normalize(t).replace(/\\/g, '/'));
  // The policy (README, "Guides"): a relative link of the README only to a file the package ships; test/package/pack-install
  // checks the same against the real packed file list.
  expect(targets.length).toBeGreaterThan(0);
  expect(targets.filter((t) => !packed(files, t))).toEqual([]);
  expect(packed(files, 'docs/guide.md') && packed(files, 'CHANGELOG.md') && !packed(files, 'docs/.markdownlint.jsonc')).toBe(true);
});
