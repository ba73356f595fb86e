/**
 * The README's code blocks, for the tests that run them as written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root directory. */
export const ROOT = join(__dirname, '..', '..');

/** The first ```ts block under the README heading `## <heading>` (or a deeper heading of that text). */
export function snippet(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no ts block under "${heading}"`);
  return match[1];
}
