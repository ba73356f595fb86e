/**
 * The code references are generated and complete: docs/error-codes.md and docs/troubleshooting.md
 * are what `npm run docs:codes` writes from the code tables; every `ERR_*` code in lib/ is in a
 * table; every command error code in the table is thrown; and every code is reachable from a
 * symptom of the troubleshooting page. (The issue codes' own checks: test/validation/issue-codes.test.ts.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { DOCS_CODES_COMMAND, ERROR_CODES_DOC, renderErrorCodes } from '../../scripts/error-codes';
import { allCodeRows } from '../../scripts/docs/code-registry';
import { renderTroubleshooting, SYMPTOMS, TROUBLESHOOTING_DOC } from '../../scripts/troubleshooting';
import { CLI_ERROR_CODES } from '../../lib/cli/cli-codes';

const LIB = resolve(__dirname, '../../lib');
const rows = allCodeRows();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' || name === 'generated-cdktn' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every string literal (not comment, not template text) of a file. */
function stringLiterals(file: string): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const literals = sources(LIB).flatMap((file) => stringLiterals(file).map((l) => ({ ...l, where: `${relative(LIB, file)}:${l.line}` })));

for (const [name, file, render] of [
  ['docs/error-codes.md', ERROR_CODES_DOC, renderErrorCodes],
  ['docs/troubleshooting.md', TROUBLESHOOTING_DOC, renderTroubleshooting],
] as const) {
  test(`${name} is generated from the code tables (stale: run \`${DOCS_CODES_COMMAND}\`)`, () => {
    let committed: string;
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      committed = '(missing)';
    }
    if (committed !== render()) throw new Error(`${name} is stale or missing: run \`${DOCS_CODES_COMMAND}\` and commit the result`);
  });
}

/**
 * Codes lib/ reads from Node.js and undici errors (or names as a prefix), not codes of its own.
 * A new `ERR_*` literal of the package's own goes into its table instead.
 */
const FOREIGN = new Set(['ERR_REQUIRE_ESM', 'ERR_SSL_', 'ERR_TLS_', 'ERR_SOCKET', 'ERR_HTTP_HEADERS_TIMEOUT', 'ERR_HTTP_REQUEST_TIMEOUT',
  'ERR_BODY_TIMEOUT', 'ERR_CONNECT_TIMEOUT', 'ERR_HEADERS_OVERFLOW', 'ERR_HEADERS_TIMEOUT', 'ERR_']);

test('every ERR_* code lib/ throws is in a code table (and so in docs/error-codes.md)', () => {
  const shown = new Set(rows.flatMap((r) => r.shown));
  const prefixes = ['ERR_EMULATOR_', 'ERR_EXPLAIN_', 'ERR_JWKS_', 'ERR_ACCESS_'];
  const codes = literals.filter((l) => /^ERR_[A-Z0-9_]*$/.test(l.text));
  expect(codes.length).toBeGreaterThan(30);
  const missing = codes.filter((l) => !shown.has(l.text) && !FOREIGN.has(l.text) && !prefixes.includes(l.text)).map((l) => `${l.text} (${l.where})`);
  expect(missing).toEqual([]);
});

test('every command error code of the table is thrown somewhere in lib/cli', () => {
  const cli = literals.filter((l) => l.where.startsWith('cli/') && !l.where.startsWith('cli/cli-codes.ts'));
  const thrown = new Set(cli.map((l) => l.text));
  // The reader's refusals reach the command as UnsafeFileError codes (ERR_FILE_*), renamed by lib/cli/key-files.ts.
  for (const l of literals) if (l.where.startsWith('io/') && l.text.startsWith('ERR_FILE_')) thrown.add(l.text.slice('ERR_'.length));
  expect(Object.keys(CLI_ERROR_CODES).filter((code) => !thrown.has(code))).toEqual([]);
});

test('every code is reachable from a symptom of docs/troubleshooting.md', () => {
  const listed = new Set<string>(SYMPTOMS.flatMap((s) => s.codes));
  const groupsLinked = SYMPTOMS.some((s) => s.issueGroups === 'all');
  const warningsListed = SYMPTOMS.some((s) => s.issueSeverity === 'warning');
  const viaIssues = (r: (typeof rows)[number]): boolean => r.family === 'issue' && (groupsLinked || (warningsListed && r.severity === 'warning'));
  const unreachable = rows.filter((r) => !listed.has(r.ref) && !viaIssues(r)).map((r) => r.ref);
  expect(unreachable).toEqual([]);
  // and every row has its own anchor, which the troubleshooting links name
  expect(new Set(rows.map((r) => r.anchor)).size).toBe(rows.length);
  const page = readFileSync(TROUBLESHOOTING_DOC, 'utf8');
  for (const ref of listed) expect([ref, page.includes(`error-codes.md#${rows.find((r) => r.ref === ref)!.anchor})`)]).toEqual([ref, true]);
});
