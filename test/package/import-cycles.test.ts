/**
 * No import loops in lib/, and the offline IAM model's dependencies point one way
 * (testing → iam-model → core/contract). Decision: no import may loop anywhere in lib/, neither a
 * value import (left in the compiled JavaScript: a loop yields undefined exports at load time) nor a
 * type-only one (a loop of types still ties the modules into one unit that can only be read, moved
 * and tested together). lib/core's plans and checks take the views of lib/core/declaration/types.ts,
 * not the WorkloadIdentity class whose validate() calls them.
 * The graph comes from TypeScript's own preProcessFile (imports, re-exports, dynamic imports and
 * `require` calls), so comments and strings are not mistaken for imports.
 */
import { relative } from 'node:path';
import { cycles, importGraph, LIB, sources } from '../support/import-graph';

const files = sources(LIB);
const graph = importGraph(files, false);
const valueGraph = importGraph(files, true);
const rel = (file: string): string => relative(LIB, file);

test('the cycle finder finds loops of every length, and only loops', () => {
  const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']], ['f', []]]);
  expect(cycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
});

test('lib/ has no loop of value imports (what Node loads: a loop there yields undefined exports at load time)', () => {
  expect(valueGraph.size).toBeGreaterThan(50);
  expect(cycles(valueGraph).map((component) => component.map(rel))).toEqual([]);
});

test('lib/ has no loop even counting type-only imports', () => {
  expect(cycles(graph).map((component) => component.map(rel))).toEqual([]);
});

test('the offline IAM model imports nothing from lib/testing, lib/cli or lib/runtime', () => {
  const wrong = [...graph].filter(([file]) => rel(file).startsWith('iam-model/'))
    .flatMap(([file, targets]) => targets.filter((t) => /^(testing|cli|runtime)\//.test(rel(t))).map((t) => `${rel(file)} -> ${rel(t)}`));
  expect(wrong).toEqual([]);
});

test('lib/core has no index module: the entries (lib/index.ts …) name each public export\'s own module, and internals stay unexported', () => {
  expect(files.map(rel).filter((f) => /^core\/(.*\/)?index\.ts$/.test(f))).toEqual([]);
});
