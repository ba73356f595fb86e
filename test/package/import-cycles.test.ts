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
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const LIB = resolve(__dirname, '../../lib');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Module specifiers a file names only in type-only declarations (`import type`, `export type … from`, all-`type` braces). */
function typeOnlySpecifiers(file: string, text: string): Set<string> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const typeOnly = new Set<string>();
  const value = new Set<string>();
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let onlyTypes = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      onlyTypes = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && ts.isNamedImports(named)
        && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
      specifier = statement.moduleSpecifier;
      const clause = statement.exportClause;
      onlyTypes = statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0
        && clause.elements.every((e) => e.isTypeOnly));
    }
    if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
    (onlyTypes ? typeOnly : value).add(specifier.text);
  }
  for (const v of value) typeOnly.delete(v);
  return typeOnly;
}

/** file → the lib files it imports; `values`: only imports that remain in the compiled JavaScript. */
export function importGraph(files: readonly string[], values: boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const skip = values ? typeOnlySpecifiers(file, text) : new Set<string>();
    const info = ts.preProcessFile(text, true, true);
    const targets = info.importedFiles.filter((f) => !skip.has(f.fileName))
      .map((f) => resolveSpecifier(file, f.fileName)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every strongly connected component of more than one file (or a file importing itself), iteratively (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next);
    next += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge];
        frame.edge += 1;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next);
          next += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || (graph.get(frame.node) ?? []).includes(frame.node)) found.push(component.sort());
      }
    }
  }
  return found;
}

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
