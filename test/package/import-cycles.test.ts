/**
 * No import loops in lib/, and the offline IAM model's dependencies point one way
 * (testing → iam-model → core/contract). Decision: value imports (those left in the compiled
 * JavaScript) must never loop anywhere in lib/; type-only imports are counted too for lib/iam-model
 * and lib/testing. (lib/core has a type-only loop: the WorkloadIdentity construct and the plan and
 * check helpers that take it as a parameter type; harmless at run time, left to lib/core's owners.)
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

test('lib/iam-model and lib/testing have no loop even counting type-only imports', () => {
  const mine = cycles(graph).map((component) => component.map(rel)).filter((c) => c.some((f) => /^(iam-model|testing)\//.test(f)));
  expect(mine).toEqual([]);
});

test('the offline IAM model imports nothing from lib/testing, lib/cli or lib/runtime', () => {
  const wrong = [...graph].filter(([file]) => rel(file).startsWith('iam-model/'))
    .flatMap(([file, targets]) => targets.filter((t) => /^(testing|cli|runtime)\//.test(rel(t))).map((t) => `${rel(file)} -> ${rel(t)}`));
  expect(wrong).toEqual([]);
});
