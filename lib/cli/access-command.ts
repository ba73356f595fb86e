/**
 * `cce-workload-identity access`: the access matrix of synthesized Terraform, and `access diff`:
 * what changes for whom between two versions, computed from effective permissions.
 *
 * Exit codes (this command's own, for CI): 0 success and nothing matches `--fail-on`; 2 something
 * matches `--fail-on`; 1 bad input or usage (the message names the file or flag; nothing
 * credential-shaped is echoed).
 */
import { accessOf, diffAccess } from '../iam-model/access';
import { type ParsedArgs, parseCommandLine } from './args';
import { printCliError, UsageError } from './cli-errors';

/** Where the command writes. */
interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const ACCESS_USAGE = `Usage:
  cce-workload-identity access <cdk.tf.json> [more.json…] [--json | --markdown]
      The access matrix: per ServiceAccount (provider or cluster, <ns>/<name>, OIDC federation or pod
      identity, user and groups or agency) every grant it reaches: policy (custom or system), effect,
      actions, resources, condition, scope. Several files are one account's stacks (a fleet).
      System roles are named, not evaluated offline; conditions are shown, never evaluated.

  cce-workload-identity access diff --base <cdk.tf.json>… --head <cdk.tf.json>… [--json | --markdown]
                                    [--fail-on none|gained|any]
      What changes for whom, from the effective permissions (explicit Deny wins, wildcards compared
      by subsumption): admitted, removed, gained, lost (with "except" the part still allowed),
      trust (issuer, client id, signing keys, user, agency, mode). Refactors show nothing.
      --markdown is a pull-request comment; --json is {"summary","changes":[…]}.
      --fail-on gained: exit 2 when a ServiceAccount is admitted or gains a permission;
      --fail-on any: exit 2 on any change; default none.

  Exit codes: 0 done (nothing matches --fail-on), 2 something matches --fail-on, 1 bad input or usage.
`;

const FAIL_ON = ['none', 'gained', 'any'];

/** Runs `access …` (without the word `access`). Resolves to the exit code. */
export async function runAccessCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.some((a) => a === '--help' || a === '-h')) {
    io.stdout(ACCESS_USAGE);
    return 0;
  }
  try {
    return await Promise.resolve(args[0] === 'diff' ? runDiff(args.slice(1), io) : runMatrix(args, io));
  } catch (error) {
    printCliError(io.stderr, 'access', error, ACCESS_USAGE);
    return 1;
  }
}

const FORMAT_OPTIONS = { json: { type: 'boolean' }, markdown: { type: 'boolean' } } as const;

function format(values: ParsedArgs['values']): 'json' | 'markdown' | 'text' {
  if (values.json === true && values.markdown === true) throw new UsageError('give --json or --markdown, not both', ACCESS_USAGE);
  return values.json === true ? 'json' : values.markdown === true ? 'markdown' : 'text';
}

function runMatrix(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(args, FORMAT_OPTIONS, { command: 'access', usage: ACCESS_USAGE });
  const how = format(values);
  if (positionals.length === 0) throw new UsageError('access needs the path of a cdk.tf.json (or several: one account\'s stacks)', ACCESS_USAGE);
  const report = accessOf(positionals);
  io.stdout(how === 'json' ? `${JSON.stringify(report.toJSON(), null, 2)}\n` : how === 'markdown' ? report.toMarkdown() : report.toString());
  return 0;
}

function runDiff(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(args, {
    base: { type: 'string', list: true, placeholder: '<cdk.tf.json>…' },
    head: { type: 'string', list: true, placeholder: '<cdk.tf.json>…' },
    ...FORMAT_OPTIONS,
    'fail-on': { type: 'string', placeholder: `<${FAIL_ON.join('|')}>` },
  }, { command: 'access diff', usage: ACCESS_USAGE });
  const how = format(values);
  const base = (values.base as string[] | undefined) ?? [];
  const head = (values.head as string[] | undefined) ?? [];
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`put the files after --base or --head (got ${positionals.length} file(s) before either)`);
  if (base.length === 0) problems.push('--base <cdk.tf.json>… is required (the synthesized Terraform before the change)');
  if (head.length === 0) problems.push('--head <cdk.tf.json>… is required (the synthesized Terraform after the change)');
  const failOn = typeof values['fail-on'] === 'string' ? values['fail-on'] : 'none';
  if (!FAIL_ON.includes(failOn)) problems.push(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  if (problems.length > 0) throw new UsageError(problems.join('; '), ACCESS_USAGE);
  const diff = diffAccess(base, head);
  io.stdout(how === 'json' ? `${JSON.stringify({ summary: diff.summary, changes: diff.changes }, null, 2)}\n`
    : how === 'markdown' ? diff.toMarkdown() : diff.toString());
  return diff.matches(failOn) ? 2 : 0;
}
