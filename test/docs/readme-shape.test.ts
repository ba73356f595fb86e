/**
 * The README stays a newcomer's page (issue "Docs a newcomer, a reviewer and a maintainer can use"):
 * at most 300 lines, the quick start's two commands, no paths into the repository's sources and no
 * unverified-fact notes in its text (those are in the guides and docs/unverified.md), and a link to
 * every guide.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';
import { ROOT } from '../support/readme';

const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
const readme = parseMarkdown('README.md', text);
/** The README's prose and code, without link targets (a link to docs/unverified.md is the point). */
const shown = text.replace(/\]\([^)\s]*\)/g, ']()');

test('at most 300 lines', () => {
  expect(text.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(300);
});

test('the quick start runs the bundled example and the tests with one command each', () => {
  const quickStart = readme.blocks.filter((b) => b.heading === 'Quick start (fresh clone)').map((b) => b.code).join('\n');
  expect(quickStart).toMatch(/^npm ci && npm run synth\b/m);
  expect(quickStart).toMatch(/^npm test\b/m);
});

test('no source paths of the repository and no UNVERIFIED notes in the text', () => {
  expect(shown.match(/\b(lib|test|scripts|bench)\/[\w./-]+/g) ?? []).toEqual([]);
  expect(shown.match(/unverified/gi) ?? []).toEqual(['unverified']); // the "What is unverified" link's text
});

test('links to every guide', () => {
  const guides = readdirSync(join(ROOT, 'docs', 'guides')).filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => `docs/guides/${f}`);
  const linked = new Set(readme.links.map((l) => l.target.split('#')[0]));
  expect(guides.filter((g) => !linked.has(g))).toEqual([]);
});
