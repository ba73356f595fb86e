/**
 * Every ```ts / ```typescript block of README.md and docs/ type-checks as a consumer would write it
 * (`cce-workload-identity`, `/runtime`, `/testing`, `/cdktn` resolved to this checkout), all in
 * one program. Deliberate fragments carry `<!-- not-compiled: reason -->` before their fence;
 * blocks that do not compile yet are listed, with the reason, in known-failing-blocks.json.
 * The generated references (docs/api/) show declarations, not programs, and are not compiled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown, TYPESCRIPT_LANGS } from '../../scripts/docs/markdown';
import { blockLabel, docFiles, NOT_COMPILED, typeCheckBlocks } from '../support/docs';
import { ROOT } from '../support/readme';
import KNOWN from './known-failing-blocks.json';

const blocks = docFiles(ROOT).filter((file) => !file.startsWith(join('docs', 'api')))
  .flatMap((file) => parseMarkdown(file, readFileSync(join(ROOT, file), 'utf8')).blocks)
  .filter((b) => TYPESCRIPT_LANGS.has(b.lang));
const key = (b: { file: string; heading: string; index: number }): string => `${b.file} / ${b.heading} / ${b.index}`;
/** The allow-list's entries (typed here: an empty list in the JSON would otherwise be `never[]`). */
const entries: ReadonlyArray<{ file: string; heading: string; index: number; reason: string }> = KNOWN.blocks;
const known = new Map(entries.map((b) => [key(b), b.reason]));

test('the docs have TypeScript blocks, and every not-compiled marker gives a reason', () => {
  expect(blocks.length).toBeGreaterThan(0);
  const unexplained = blocks.filter((b) => b.marker?.name === NOT_COMPILED && b.marker.value.trim() === '').map(blockLabel);
  expect(unexplained).toEqual([]);
});

test('every TypeScript block compiles against the package, except the listed ones', () => {
  const results = typeCheckBlocks(ROOT, blocks);
  const failing = results.filter((r) => r.errors.length > 0 && !known.has(key(r.block)));
  const fixed = results.filter((r) => r.errors.length === 0 && known.has(key(r.block))).map((r) => blockLabel(r.block));
  const listed = new Set(results.map((r) => key(r.block)));
  const gone = [...known.keys()].filter((k) => !listed.has(k));
  const message = [
    ...failing.map((r) => `${blockLabel(r.block)} does not compile:\n  ${r.errors.join('\n  ')}`),
    ...(failing.length > 0 ? [`Fix the block, or mark a deliberate fragment with <!-- ${NOT_COMPILED}: reason --> before its fence.`] : []),
    ...fixed.map((label) => `${label} compiles now: remove it from test/docs/known-failing-blocks.json.`),
    ...gone.map((k) => `known-failing-blocks.json lists "${k}", which is no TypeScript block any more: remove the entry.`),
  ];
  expect(message.join('\n')).toBe('');
});
