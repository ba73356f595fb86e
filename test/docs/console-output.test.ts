/**
 * Console blocks marked `<!-- output-of: <id> -->` show what the command registered under that id
 * in test/docs/outputs.ts prints (see test/support/doc-output.ts for the `…` wildcards).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';
import { compareOutput, expectedOutput } from '../support/doc-output';
import { blockLabel, docFiles } from '../support/docs';
import { ROOT } from '../support/readme';
import { OUTPUTS } from './outputs';

const marked = docFiles(ROOT).flatMap((file) => parseMarkdown(file, readFileSync(join(ROOT, file), 'utf8')).blocks)
  .filter((b) => b.marker?.name === 'output-of');

test('every output-of marker names a registered command, on a console block', () => {
  const wrong = marked.filter((b) => b.lang !== 'console' || !(b.marker!.value in OUTPUTS))
    .map((b) => `${blockLabel(b)}: output-of "${b.marker!.value}" `
      + (b.lang !== 'console' ? 'is not on a ```console block' : 'is not in test/docs/outputs.ts'));
  expect(wrong).toEqual([]);
});

test('each marked console block shows what its command prints', () => {
  const mismatches = marked.filter((b) => b.marker!.value in OUTPUTS).flatMap((b) => {
    const problem = compareOutput(expectedOutput(b.code), OUTPUTS[b.marker!.value]());
    return problem === undefined ? [] : [`${b.file}:${b.line} (output-of: ${b.marker!.value}): ${problem}`];
  });
  expect(mismatches).toEqual([]);
});
