/**
 * Writes docs/error-codes.md (every code, family by family) and docs/troubleshooting.md (by
 * symptom, linking to the rows) from the code tables (scripts/docs/code-registry.ts names them):
 * `npm run docs:codes`. test/docs/generated-codes.test.ts and test/validation/issue-codes.test.ts
 * fail when a committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allCodeRows, cell, FAMILIES, type CodeRow, type Family } from './docs/code-registry';
import { renderTroubleshooting, TROUBLESHOOTING_DOC } from './troubleshooting';

/** Where the generated file lives. */
export const ERROR_CODES_DOC = resolve(__dirname, '../docs/error-codes.md');
/** The command that regenerates it. */
export const DOCS_CODES_COMMAND = 'npm run docs:codes';

/** The code cell of a row: its HTML anchor (troubleshooting.md links to it) and every printed form. */
function codeCell(row: CodeRow): string {
  return `<a id="${row.anchor}"></a>${row.shown.map((s) => `\`${s}\``).join(', ')}`;
}

const INTROS: Record<Family, readonly string[]> = {
  issue: [
    'Every problem the library finds in a declaration is reported as an issue with one of these codes',
    '(`ValidationIssue.code`). The message of each issue names the field, the value (never a secret), the',
    'rule and a fix fitted to the case; this table says what the code means in general.',
    '',
    '- **severity**: `error` stops synthesis (nothing is written while any error exists); `warning` is reported',
    '  (an annotation, or a line on stderr) and synthesis goes on.',
    '- **side**: the app that reports it: `terraform` (the IAM side), `kubernetes` (ServiceAccounts and pods)',
    '  or `both`.',
  ],
  package: ['Errors thrown by the constructs, synthesis, the testing helpers and the file reader; each carries the code as `error.code`.'],
  runtime: [
    'Every rejection of the pod runtime (`cce-workload-identity/runtime`) is a `WorkloadIdentityError` with one of these',
    '`code`s (match with `isWorkloadIdentityError(error, code)`). **Retried** codes are retried with backoff before the',
    'provider rejects; the others fail at once.',
  ],
  exit: ['`cce-workload-identity` exits with these codes; `access` has its own, for CI.'],
  cli: [
    'An error line of the command ends in its code, `[ERR_<COMMAND>_<CODE>]`, named after the command that failed',
    '(`emulate` → `ERR_EMULATOR_`).',
  ],
  terraform: [
    'The emulator, `explain`, `jwks diff` and `access` read synthesized Terraform with one reader. The library API',
    '(`startIamEmulator`, `explain`) throws an `EmulatorConfigError` with the `ERR_EMULATOR_` code; the command prints it',
    'renamed after itself (`ERR_EXPLAIN_`, `ERR_JWKS_`, `ERR_ACCESS_`).',
  ],
};

function table(family: Family, rows: readonly CodeRow[]): string[] {
  switch (family) {
    case 'issue':
      return ['| Code | Severity | Side | What it means | The fix |', '| --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${codeCell(r)} | ${r.severity} | ${r.side} | ${cell(r.summary)} | ${cell(r.fix)} |`)];
    case 'package':
      return ['| Code | Error class | What it means | The fix |', '| --- | --- | --- | --- |',
        ...rows.map((r) => `| ${codeCell(r)} | \`${r.errorClass}\` | ${cell(r.summary)} | ${cell(r.fix)} |`)];
    case 'runtime':
      return ['| Code | Error class | Retried | What it means | The fix |', '| --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${codeCell(r)} | \`${r.errorClass}\` | ${r.retryable ? 'yes' : 'no'} | ${cell(r.summary)} | ${cell(r.fix)} |`)];
    case 'exit':
      return ['| Command | Exit code | Meaning |', '| --- | --- | --- |',
        ...rows.map((r) => `| ${r.group} | ${codeCell(r)} | ${cell(r.summary)} |`)];
    case 'cli':
    case 'terraform':
      return ['| Code | What it means | The fix |', '| --- | --- | --- |',
        ...rows.map((r) => `| ${codeCell(r)} | ${cell(r.summary)} | ${cell(r.fix)} |`)];
  }
}

/** The content of docs/error-codes.md. */
export function renderErrorCodes(rows: readonly CodeRow[] = allCodeRows()): string {
  const lines = [
    '# Error codes',
    '',
    `<!-- Generated from the code tables named in scripts/docs/code-registry.ts by \`${DOCS_CODES_COMMAND}\`; do not edit by hand. -->`,
    '<!-- markdownlint-configure-file { "MD033": { "allowed_elements": ["a"] } } -->',
    '',
    `Every code the package reports, ${rows.length} in all. Looking for what to do about a failure?`,
    'Start from the symptom in [Troubleshooting](troubleshooting.md), which links here.',
    '',
  ];
  for (const family of Object.keys(FAMILIES) as Family[]) {
    const own = rows.filter((r) => r.family === family);
    lines.push(`## ${FAMILIES[family]}`, '', ...INTROS[family], '');
    if (family !== 'issue') {
      lines.push(...table(family, own), '');
      continue;
    }
    for (const group of [...new Set(own.map((r) => r.group))]) {
      lines.push(`### ${group}`, '', ...table(family, own.filter((r) => r.group === group)), '');
    }
  }
  return lines.join('\n');
}

if (require.main === module) {
  for (const [file, text] of [[ERROR_CODES_DOC, renderErrorCodes()], [TROUBLESHOOTING_DOC, renderTroubleshooting()]] as const) {
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    const name = file.slice(resolve(__dirname, '..').length + 1);
    if (current === text) {
      console.log(`${name} is up to date.`);
    } else {
      writeFileSync(file, text);
      console.log(`Wrote ${name}.`);
    }
  }
}
