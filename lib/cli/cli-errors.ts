/**
 * The one place the command prints an error. Every message repeats user input (paths, flag values,
 * names, a mistyped option that may be a pasted token or key), so every line written here passes
 * through {@link redactSecrets}, whatever the subcommand; subcommands throw and never print errors
 * themselves.
 */
import { showValue } from '../core/issues/issues';
import { redactSecrets } from '../contract/secrets';
import { EmulatorConfigError } from '../iam-model/iam-errors';
import { CLI_CODE_PREFIX, type CliCommand, type CliErrorCode } from './cli-codes';

/**
 * A command line the command cannot run; printed with `usage` (or the command's usage), and with
 * its code (the part after `ERR_<COMMAND>_`) when it has one.
 */
export class UsageError extends Error {
  public constructor(message: string, public readonly usage?: string, public readonly code?: string) {
    super(message);
  }
}

/** An input error of the command itself; `code` (listed in {@link CLI_ERROR_CODES}) is the part after `ERR_<COMMAND>_`. */
export class CliError extends Error {
  public constructor(public readonly code: CliErrorCode, message: string) {
    super(message);
  }
}

/**
 * Names an error code after the command that failed: the Terraform input is read by code the
 * emulator, `explain` and `jwks` share, whose codes start with `ERR_EMULATOR_`.
 */
export function commandCode(command: string | undefined, code: string): string {
  const prefix = command !== undefined && Object.prototype.hasOwnProperty.call(CLI_CODE_PREFIX, command)
    ? CLI_CODE_PREFIX[command as CliCommand] : CLI_CODE_PREFIX.emulate;
  return code.startsWith('ERR_EMULATOR_') ? `${prefix}${code.slice('ERR_EMULATOR_'.length)}` : code.startsWith('ERR_') ? code : `${prefix}${code}`;
}

/**
 * Prints `error` for `command` on `stderr`, secret-redacted, and returns the exit code (2).
 * `usage` follows a {@link UsageError} that carries none of its own.
 */
export function printCliError(stderr: (text: string) => void, command: string | undefined, error: unknown, usage: string): number {
  if (error instanceof UsageError) {
    const code = error.code === undefined ? '' : ` [${commandCode(command, error.code)}]`;
    stderr(`${redactSecrets(error.message)}${code}\n\n${error.usage ?? usage}`);
    return 2;
  }
  let suffix = '';
  if (error instanceof EmulatorConfigError || error instanceof CliError) {
    suffix = ` [${commandCode(command, error.code)}]`;
  } else {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && code !== '') suffix = ` [${redactSecrets(code)}]`;
  }
  stderr(`error: ${redactSecrets(error instanceof Error ? error.message : showValue(error))}${suffix}\n`);
  return 2;
}
