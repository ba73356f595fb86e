/**
 * The code blocks of the README and the guides (docs/guides/), for the tests that run them as written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root directory. */
export const ROOT = join(__dirname, '..', '..');

/**
 * The first ```ts block under the heading `<heading>` (of any level; a heading that starts with that
 * text counts) of `file`, relative to the repository: README.md, or a guide such as
 * `docs/guides/permissions.md`.
 */
export function snippet(heading: string, file = 'README.md'): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const at = text.split('\n').findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, '').startsWith(heading));
  if (at < 0) throw new Error(`${file} has no heading "${heading}"`);
  const section = text.split('\n').slice(at).join('\n');
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no ts block under "${heading}" in ${file}`);
  return match[1];
}

/** The Terraform CDK toolchains the README app runs on. */
export type Toolchain = 'cdktf' | 'cdktn';

/**
 * The README app with its imports switched, as a user of `toolchain` and the cdk8s-plus package
 * `kplus` (any major) would write it: `cdktf` → `cdktn` and the library → `<library>/cdktn`.
 */
export function readmeAppFor(toolchain: Toolchain, kplus: string, library = 'cce-workload-identity'): string {
  const code = snippet('Use it in your own app');
  if (!code.includes("from 'cdktf'")) throw new Error('the README app no longer imports cdktf');
  const entry = toolchain === 'cdktf' ? library : `${library}/cdktn`;
  return code.replace(/from 'cdktf'/g, `from '${toolchain}'`).replace(/from 'cdk8s-plus-\d+'/g, `from '${kplus}'`)
    .replace(/from 'cce-workload-identity'/g, `from '${entry}'`);
}
