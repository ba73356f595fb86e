/**
 * The command's codes, in one typed table each: the exit codes of every command, and the codes of
 * {@link CliError} (printed after the message as `[ERR_<COMMAND>_<CODE>]`). `CliError` takes only a
 * code of {@link CLI_ERROR_CODES} (an unlisted one does not compile). docs/error-codes.md and
 * docs/troubleshooting.md are generated from these tables (`npm run docs:codes`).
 */
import type { UnsafeFileErrorCode } from '../io/safe-read';

/** The commands, as they name their error codes (`emulate` → `ERR_EMULATOR_`). */
export type CliCommand = 'emulate' | 'explain' | 'jwks' | 'access';

/** The prefix of a command's error codes. */
export const CLI_CODE_PREFIX: Readonly<Record<CliCommand, string>> = {
  emulate: 'ERR_EMULATOR_',
  explain: 'ERR_EXPLAIN_',
  jwks: 'ERR_JWKS_',
  access: 'ERR_ACCESS_',
};

/** One exit code of one command. */
export interface CliExitCode {
  readonly command: CliCommand | 'every command';
  readonly exitCode: number;
  readonly meaning: string;
}

/** Every exit code, command by command (`access` has its own, for CI: 2 is its "something matched"). */
export const CLI_EXIT_CODES: readonly CliExitCode[] = [
  { command: 'every command', exitCode: 0, meaning: '`--help`, `--version`, or the command did what was asked.' },
  { command: 'every command', exitCode: 2, meaning: 'Usage or input error (except `access`): the message on stderr names the flag '
    + 'or file and ends in a code.' },
  { command: 'emulate', exitCode: 0, meaning: 'Stopped cleanly (SIGINT, SIGTERM, SIGHUP, or the parent process exited).' },
  { command: 'explain', exitCode: 0, meaning: 'No token given, the token is admitted, or (`--can`) the action is allowed.' },
  { command: 'explain', exitCode: 1, meaning: 'The token is denied, or (`--can`) the action is denied; stdout says which check or statement.' },
  { command: 'jwks', exitCode: 0, meaning: '`fetch` / `merge` wrote the key set; `diff`: IAM trusts every key the cluster serves.' },
  { command: 'jwks', exitCode: 1, meaning: '`diff`: the cluster signs with a key the identity provider does not trust (pods would get 401).' },
  { command: 'access', exitCode: 0, meaning: 'Done, and nothing matches `--fail-on` (default `none`).' },
  { command: 'access', exitCode: 1, meaning: 'Bad input or usage (the message names the file or flag).' },
  { command: 'access', exitCode: 2, meaning: '`access diff`: a change matches `--fail-on` (`gained`: a ServiceAccount is admitted '
    + 'or gains a permission; `any`: any change).' },
];

/** What the table says about one {@link CliError} code. */
export interface CliErrorCodeInfo {
  /** The commands that report it. */
  readonly commands: readonly CliCommand[];
  readonly summary: string;
  readonly fix: string;
}

/** {@link UnsafeFileErrorCode} without its `ERR_` prefix: the reader's refusals, renamed after the command. */
export type FileRefusalCode = UnsafeFileErrorCode extends `ERR_${infer Rest}` ? Rest : never;

/** Every code a {@link CliError} carries, without the `ERR_<COMMAND>_` prefix. */
export const CLI_ERROR_CODES = {
  FILE_UNREADABLE: {
    commands: ['emulate', 'jwks'],
    summary: 'An input file (key set, retention file, Terraform JSON) cannot be read; the message names it and the system code.',
    fix: 'Check the path and its permissions.',
  },
  FILE_NOT_REGULAR: {
    commands: ['emulate', 'jwks'],
    summary: 'An input file is a FIFO, device, socket or directory; only regular files are read (a pipe could block for ever).',
    fix: 'Write the input to a file first, e.g. `kubectl get --raw /openid/v1/jwks > jwks.json`.',
  },
  FILE_TOO_LARGE: {
    commands: ['emulate', 'jwks'],
    summary: 'An input file is larger than the command reads from that kind of file.',
    fix: 'Check that the path names the intended file (a key set or token is a few KiB).',
  },
  FILE_READ_TIMEOUT: {
    commands: ['emulate', 'jwks'],
    summary: 'An input file could not be read in time (a stuck network file system).',
    fix: 'Copy the file to a local disk and pass that path.',
  },
  TOKEN_UNREADABLE: {
    commands: ['explain'],
    summary: 'The `--token` file (or stdin, `--token -`) cannot be read, or stdin holds more than 1 MiB.',
    fix: '`--token` takes the path of a file holding the token, or `-` for stdin, not the token itself.',
  },
  TOKEN_EMPTY: {
    commands: ['explain'],
    summary: 'The `--token` file is empty.',
    fix: 'Write a ServiceAccount token into it: `kubectl create token <service-account> --audience <clientId> > token`.',
  },
  KUBECTL_MISSING: {
    commands: ['jwks'],
    summary: '`jwks fetch` cannot run kubectl: not found on PATH, or not executable.',
    fix: 'Install kubectl, or pass `--kubectl <path>`.',
  },
  KUBECTL_FAILED: {
    commands: ['jwks'],
    summary: 'kubectl exited with an error (its stderr is quoted, redacted): no cluster access, wrong context, or RBAC.',
    fix: 'Check `kubectl --context <name> get --raw /openid/v1/jwks` by hand; pass `--context` / `--kubeconfig`.',
  },
  KUBECTL_TIMEOUT: {
    commands: ['jwks'],
    summary: 'kubectl did not finish within `--timeout` seconds (it and its process group were stopped).',
    fix: 'Check that the API server is reachable (VPN, endpoint), or raise `--timeout`.',
  },
  KUBECTL_OUTPUT: {
    commands: ['jwks'],
    summary: 'kubectl printed more than a key set can be.',
    fix: 'Check the context: the command must reach the cluster\'s API server, not a proxy or another endpoint.',
  },
  OUT_UNUSABLE: {
    commands: ['jwks'],
    summary: 'The `--out` path cannot be written: its directory does not exist, or it is a dangling symbolic link.',
    fix: 'Create the directory first, or give another path.',
  },
  OUT_NOT_REGULAR: {
    commands: ['jwks'],
    summary: 'The `--out` path is a directory, FIFO or device; jwks writes regular files only (atomically, by rename).',
    fix: 'Give the path of a file, or `-` for stdout.',
  },
  LOCKED: {
    commands: ['jwks'],
    summary: 'Another `jwks merge` holds the lock file of the output; two merges at once could bring back a retired key.',
    fix: 'Wait for the other merge; if its process is gone, remove the lock file the message names.',
  },
  WRITE_FAILED: {
    commands: ['jwks'],
    summary: 'Writing an output file failed; files written before it were restored, so nothing was changed.',
    fix: 'Fix the system error the message names (disk full, permissions) and run again.',
  },
  CHANGED: {
    commands: ['jwks'],
    summary: 'An output file changed while the command read its inputs; nothing was changed.',
    fix: 'Run again.',
  },
} as const satisfies Record<string, CliErrorCodeInfo> & Record<FileRefusalCode, CliErrorCodeInfo>;

/** A code of {@link CLI_ERROR_CODES}. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES;
