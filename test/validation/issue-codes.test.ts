/**
 * The issue code registry (lib/core/validation/issue-codes.ts) is the one list of codes: every code
 * a check reports is registered with the severity it is reported at, every registered code is
 * reported somewhere, and docs/error-codes.md is generated from it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { DOCS_CODES_COMMAND, ERROR_CODES_DOC, renderErrorCodes } from '../../scripts/error-codes';
import { IssueCollector, IssueSide } from '../../lib/core/issues/issues';
import { FieldChecker } from '../../lib/core/validation/field-checker';
import { ISSUE_CODE_GROUPS, ISSUE_CODES, isIssueCode } from '../../lib/core/validation/issue-codes';
import { namespaceRule } from '../../lib/core/validation/rules';

const LIB = resolve(__dirname, '../../lib');
const REGISTRY = join(LIB, 'core/validation/codes');
/** The parts of lib/ that check declarations (the runtime, CLI and emulator have their own typed error codes). */
const CHECKING = ['core', 'kubernetes', 'terraform', 'constructs', 'synthesize.ts'].map((p) => join(LIB, p));

function sources(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => (name === 'generated' || name === 'generated-cdktn' ? [] : sources(join(path, name))))
    .filter((file) => file.endsWith('.ts') && !file.startsWith(REGISTRY));
}

/** The FieldChecker methods, whose fourth argument is the code. */
const CHECKER_METHODS = new Set(['exact', 'text', 'string']);

interface Use { readonly code: string; readonly severity: 'error' | 'warning' | undefined; readonly where: string }

/**
 * Every reported code: the string in a `code:` property (of an issue, a preset parameter) or the
 * code argument of a FieldChecker method, with the severity the call reports it at (`.error`,
 * `.warn`, `IssueSeverity.X` beside it, or a FieldChecker method: error).
 */
function reportedCodes(file: string): Use[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const uses: Use[] = [];
  const where = (node: ts.Node): string =>
    `${relative(LIB, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const literals = (node: ts.Expression): ts.StringLiteral[] => {
    if (ts.isStringLiteral(node)) return [node];
    if (ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) return literals(node.expression);
    if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
    return [];
  };
  const severityOf = (object: ts.ObjectLiteralExpression): Use['severity'] => {
    const declared = object.properties.find((p) => p.name?.getText(source) === 'severity');
    if (declared !== undefined) return /WARNING/.test(declared.getText(source)) ? 'warning' : 'error';
    const call = object.parent;
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    return method === 'warn' ? 'warning' : method === 'error' ? 'error' : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'code' && ts.isObjectLiteralExpression(node.parent)) {
      for (const literal of literals(node.initializer)) uses.push({ code: literal.text, severity: severityOf(node.parent), where: where(literal) });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CHECKER_METHODS.has(node.expression.name.text)
      && node.arguments.length >= 5) {
      for (const literal of literals(node.arguments[3])) uses.push({ code: literal.text, severity: 'error', where: where(literal) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

const uses = CHECKING.flatMap(sources).flatMap(reportedCodes);

test('the scan finds the codes of every kind of reporter (issue objects, FieldChecker calls, presets, Terraform-side issues)', () => {
  const found = new Set(uses.map((u) => u.code));
  const kinds = ['DUPLICATE_BINDING', 'INVALID_NAMESPACE', 'INVALID_OBS_BUCKET', 'HUAWEICLOUD_PROVIDER_MISSING', 'JWK_WEAK_KEY', 'ENV_CONFLICT'];
  for (const code of kinds) {
    expect(found).toContain(code);
  }
  expect(found.size).toBeGreaterThan(100);
});

test('every code reported in lib/ is registered, at the severity it is reported with', () => {
  const unregistered = uses.filter((u) => !isIssueCode(u.code)).map((u) => `${u.code} (${u.where})`);
  expect(unregistered).toEqual([]);
  const wrongSeverity = uses.filter((u) => isIssueCode(u.code) && u.severity !== undefined && ISSUE_CODES[u.code].severity !== u.severity)
    .map((u) => `${u.code} is reported as ${u.severity} at ${u.where}`);
  expect(wrongSeverity).toEqual([]);
});

test('every registered code is reported somewhere in lib/', () => {
  const reported = new Set(uses.map((u) => u.code));
  expect(Object.keys(ISSUE_CODES).filter((code) => !reported.has(code))).toEqual([]);
});

test('each code is registered once, with a sentence of meaning and a fix', () => {
  const all = Object.values(ISSUE_CODE_GROUPS).flatMap((codes) => Object.keys(codes));
  expect(all.length).toBe(new Set(all).size);
  expect(all.length).toBe(Object.keys(ISSUE_CODES).length);
  for (const [code, info] of Object.entries(ISSUE_CODES)) {
    expect([code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code)]).toEqual([code, true]);
    for (const text of [info.summary, info.fix]) expect([code, /^[A-Z`"].*\.$/s.test(text) && !text.includes('…')]).toEqual([code, true]);
  }
});

test('the collector and the field checker take registered codes only (a compile-time check)', () => {
  const out = new IssueCollector();
  // @ts-expect-error an unregistered code does not compile
  out.error({ code: 'NOT_A_REGISTERED_CODE', path: 'x', rule: 'r', fix: 'f', side: IssueSide.BOTH });
  // @ts-expect-error nor does it as a FieldChecker code
  new FieldChecker(out, 'x', { side: IssueSide.BOTH }).exact('ns', 'Bad', namespaceRule, 'NOT_A_REGISTERED_CODE', 'f');
  expect(out.issues.map((i) => i.code)).toEqual(['NOT_A_REGISTERED_CODE', 'NOT_A_REGISTERED_CODE']);
});

test(`docs/error-codes.md is generated from the registry (stale: run \`${DOCS_CODES_COMMAND}\`)`, () => {
  let committed: string;
  try {
    committed = readFileSync(ERROR_CODES_DOC, 'utf8');
  } catch {
    committed = '(missing)';
  }
  if (committed !== renderErrorCodes()) {
    throw new Error(`docs/error-codes.md is stale or missing: run \`${DOCS_CODES_COMMAND}\` and commit the result`);
  }
  for (const code of Object.keys(ISSUE_CODES)) expect(committed).toContain(`</a>\`${code}\` |`);
});
