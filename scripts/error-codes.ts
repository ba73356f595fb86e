/**
 * Writes docs/error-codes.md from the issue code registry (lib/core/validation/issue-codes.ts):
 * `npm run docs:codes`. test/validation/issue-codes.test.ts fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ISSUE_CODE_GROUPS, type IssueCodeInfo } from '../lib/core/validation/issue-codes';

/** Where the generated file lives. */
export const ERROR_CODES_DOC = resolve(__dirname, '../docs/error-codes.md');
/** The command that regenerates it. */
export const DOCS_CODES_COMMAND = 'npm run docs:codes';

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  // Outside code spans, Markdown would read `<name>` as HTML, `*x*` as emphasis, `[x]` as a link and a
  // URL as a link: escape them, so the table shows the registry's text as written.
  const escaped = text.split(/(`[^`\n]*`)/).map((part, i) => (i % 2 === 1 ? part : part
    .replace(/\\/g, '\\\\').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_[\]])/g, '\\$1')
    .replace(/:\/\//g, ':&#47;&#47;'))).join('');
  return escaped.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The content of docs/error-codes.md. */
export function renderErrorCodes(groups: Readonly<Record<string, Readonly<Record<string, IssueCodeInfo>>>> = ISSUE_CODE_GROUPS): string {
  const total = Object.values(groups).reduce((n, codes) => n + Object.keys(codes).length, 0);
  const lines = [
    '# Validation issue codes',
    '',
    `<!-- Generated from lib/core/validation/issue-codes.ts by \`${DOCS_CODES_COMMAND}\`; do not edit by hand. -->`,
    '',
    `Every problem the library finds in a declaration is reported as an issue with one of these ${total} codes`,
    '(`ValidationIssue.code`). The message of each issue names the field, the value (never a secret), the',
    'rule and a fix fitted to the case; this table says what the code means in general.',
    '',
    '- **severity**: `error` stops synthesis (nothing is written while any error exists); `warning` is reported',
    '  (an annotation, or a line on stderr) and synthesis goes on.',
    '- **side**: the app that reports it: `terraform` (the IAM side), `kubernetes` (ServiceAccounts and pods)',
    '  or `both`.',
    '',
  ];
  for (const [title, codes] of Object.entries(groups)) {
    lines.push(`## ${title}`, '', '| Code | Severity | Side | What it means | The fix |', '| --- | --- | --- | --- | --- |');
    for (const code of Object.keys(codes).sort()) {
      const info = codes[code];
      lines.push(`| \`${code}\` | ${info.severity} | ${info.side} | ${cell(info.summary)} | ${cell(info.fix)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (require.main === module) {
  const text = renderErrorCodes();
  let current: string | undefined;
  try {
    current = readFileSync(ERROR_CODES_DOC, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) {
    console.log('docs/error-codes.md is up to date.');
  } else {
    writeFileSync(ERROR_CODES_DOC, text);
    console.log('Wrote docs/error-codes.md.');
  }
}
