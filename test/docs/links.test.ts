/**
 * Every relative link of README.md and docs/ (generated references included) names a file of this
 * checkout, and every `#anchor` a heading (GitHub's slug) or HTML anchor of the Markdown file it
 * points into.
 */
import { brokenLinks, docFiles } from '../support/docs';
import { ROOT } from '../support/readme';

test('relative links and anchors resolve', () => {
  const broken = brokenLinks(ROOT, docFiles(ROOT)).map((b) => `${b.file}:${b.line}: (${b.target}) ${b.reason}`);
  expect(broken.join('\n')).toBe('');
});
