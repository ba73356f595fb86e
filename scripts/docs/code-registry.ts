/**
 * Every code the package reports, read from the typed tables where the codes are defined, as rows
 * the generated references render (docs/error-codes.md, docs/troubleshooting.md). Nothing is
 * listed here: a code exists when its table has it.
 *
 * - validation issue codes: lib/core/validation/issue-codes.ts
 * - errors the package throws: lib/error-codes.ts
 * - runtime errors: lib/runtime/error-codes.ts
 * - the command's exit codes and error codes: lib/cli/cli-codes.ts
 * - Terraform input errors (emulator, explain, jwks, access): lib/iam-model/iam-errors.ts
 */
import { CLI_CODE_PREFIX, CLI_ERROR_CODES, CLI_EXIT_CODES, type CliCommand, type CliErrorCode } from '../../lib/cli/cli-codes';
import { ISSUE_CODE_GROUPS, ISSUE_CODES, type IssueCode } from '../../lib/core/validation/issue-codes';
import { PACKAGE_ERROR_CODES, type PackageErrorCode } from '../../lib/error-codes';
import { EMULATOR_CONFIG_ERROR_CODES, type EmulatorConfigErrorCode } from '../../lib/iam-model/iam-errors';
import type { WorkloadIdentityErrorCode } from '../../lib/runtime/errors';
import { RUNTIME_ERROR_CODES } from '../../lib/runtime/error-codes';

/** A reference to one row: a code of any table, `cli:<CODE>` for a command error, `exit:<command>:<n>` for an exit code. */
export type CodeRef = IssueCode | PackageErrorCode | WorkloadIdentityErrorCode | EmulatorConfigErrorCode | `cli:${CliErrorCode}`
  | `exit:${CliCommand | 'any'}:${number}`;

/** The families, in the order docs/error-codes.md shows them; `heading` is the section's heading. */
export const FAMILIES = {
  issue: 'Validation issues',
  package: 'Errors the package throws',
  runtime: 'Runtime errors (in the pod)',
  exit: 'The command\'s exit codes',
  cli: 'The command\'s error codes',
  terraform: 'Terraform input errors (emulator, explain, jwks, access)',
} as const;

export type Family = keyof typeof FAMILIES;

/** One row of a generated table. */
export interface CodeRow {
  readonly ref: CodeRef;
  readonly family: Family;
  /** The HTML anchor of the row in docs/error-codes.md. */
  readonly anchor: string;
  /** Every form the code is printed in (a command renames some after itself). */
  readonly shown: readonly string[];
  readonly summary: string;
  readonly fix: string;
  /** Issue codes: their group; exit codes: the command. */
  readonly group?: string;
  readonly severity?: 'error' | 'warning';
  readonly side?: string;
  readonly errorClass?: string;
  readonly retryable?: boolean;
  readonly commands?: readonly string[];
}

const anchorOf = (text: string): string => text.toLowerCase().replace(/[^a-z0-9_]+/g, '-');

function issueRows(): CodeRow[] {
  return Object.entries(ISSUE_CODE_GROUPS).flatMap(([group, codes]) => Object.keys(codes).sort().map((code): CodeRow => {
    const info = ISSUE_CODES[code as IssueCode];
    return {
      ref: code as IssueCode, family: 'issue', anchor: anchorOf(code), shown: [code], summary: info.summary, fix: info.fix,
      group, severity: info.severity, side: info.side,
    };
  }));
}

function packageRows(): CodeRow[] {
  return Object.entries(PACKAGE_ERROR_CODES).map(([code, info]) => ({
    ref: code as PackageErrorCode, family: 'package', anchor: anchorOf(code), shown: [code], summary: info.summary, fix: info.fix,
    errorClass: info.errorClass,
  }));
}

function runtimeRows(): CodeRow[] {
  return Object.entries(RUNTIME_ERROR_CODES).map(([code, info]) => ({
    ref: code as WorkloadIdentityErrorCode, family: 'runtime', anchor: anchorOf(code), shown: [code], summary: info.summary, fix: info.fix,
    errorClass: info.errorClass, retryable: info.retryable,
  }));
}

function exitRows(): CodeRow[] {
  return CLI_EXIT_CODES.map((exit) => {
    const command = exit.command === 'every command' ? 'any' : exit.command;
    return {
      ref: `exit:${command}:${exit.exitCode}` as CodeRef, family: 'exit', anchor: `exit-${command}-${exit.exitCode}`, shown: [String(exit.exitCode)],
      summary: exit.meaning, fix: '', group: exit.command,
    };
  });
}

function cliRows(): CodeRow[] {
  return Object.entries(CLI_ERROR_CODES).map(([code, info]) => ({
    ref: `cli:${code as CliErrorCode}` as const, family: 'cli', anchor: `cli-${anchorOf(code)}`,
    shown: info.commands.map((c) => `${CLI_CODE_PREFIX[c]}${code}`), summary: info.summary, fix: info.fix, commands: info.commands,
  }));
}

function terraformRows(): CodeRow[] {
  const commands = Object.keys(CLI_CODE_PREFIX) as CliCommand[];
  return Object.entries(EMULATOR_CONFIG_ERROR_CODES).map(([code, info]) => {
    const rest = code.slice(CLI_CODE_PREFIX.emulate.length);
    return {
      ref: code as EmulatorConfigErrorCode, family: 'terraform', anchor: anchorOf(code),
      shown: commands.map((c) => `${CLI_CODE_PREFIX[c]}${rest}`), summary: info.summary, fix: info.fix,
    };
  });
}

/** Every row of every table, family by family. */
export function allCodeRows(): CodeRow[] {
  return [...issueRows(), ...packageRows(), ...runtimeRows(), ...exitRows(), ...cliRows(), ...terraformRows()];
}

/** The row `ref` names; throws naming it when no table has it (a symptom that lists a removed code). */
export function rowOf(ref: CodeRef, rows: readonly CodeRow[] = allCodeRows()): CodeRow {
  const row = rows.find((r) => r.ref === ref);
  if (row === undefined) throw new Error(`no code table has ${ref}: remove it from scripts/docs/troubleshooting.ts or add it to its table`);
  return row;
}

/** A Markdown table cell: pipes escaped, one line; outside code spans, HTML, emphasis, links and URLs escaped. */
export function cell(text: string): string {
  const escaped = text.split(/(`[^`\n]*`)/).map((part, i) => (i % 2 === 1 ? part : part
    .replace(/\\/g, '\\\\').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_[\]])/g, '\\$1')
    .replace(/:\/\//g, ':&#47;&#47;'))).join('');
  return escaped.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
