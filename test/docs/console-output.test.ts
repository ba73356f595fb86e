/**
 * Console blocks marked `<!-- output-of: <id> -->` show what the command registered under that id
 * in test/docs/outputs.ts prints (see test/support/doc-output.ts for the `…` wildcards). Every other
 * console block that shows output says why it is not reproduced: `<!-- not-tool-output: reason -->`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';
import { compareOutput, expectedOutput, unreproducedOutputBlocks } from '../support/doc-output';
import { blockLabel, docFiles } from '../support/docs';
import { ROOT } from '../support/readme';
import { cleanupOutputs, OUTPUTS } from './outputs';

const blocks = docFiles(ROOT).flatMap((file) => parseMarkdown(file, readFileSync(join(ROOT, file), 'utf8')).blocks);
const marked = blocks.filter((b) => b.marker?.name === 'output-of');

afterAll(cleanupOutputs);

test('every output-of marker names a registered command, on a console block', () => {
  const wrong = marked.filter((b) => b.lang !== 'console' || !(b.marker!.value in OUTPUTS))
    .map((b) => `${blockLabel(b)}: output-of "${b.marker!.value}" `
      + (b.lang !== 'console' ? 'is not on a ```console block' : 'is not in test/docs/outputs.ts'));
  expect(wrong).toEqual([]);
});

test('every console block that shows output is reproduced (output-of) or says why not (not-tool-output: reason)', () => {
  expect(unreproducedOutputBlocks(blocks).map(blockLabel)).toEqual([]);
});

test('each marked console block shows what its command prints', async () => {
  const mismatches: string[] = [];
  for (const b of marked.filter((m) => m.marker!.value in OUTPUTS)) {
    const problem = compareOutput(expectedOutput(b.code), await OUTPUTS[b.marker!.value]());
    if (problem !== undefined) mismatches.push(`${b.file}:${b.line} (output-of: ${b.marker!.value}): ${problem}`);
  }
  expect(mismatches).toEqual([]);
}, 300_000);
