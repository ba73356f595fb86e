/**
 * `cce-workload-identity jwks fetch | diff | merge`: keep the identity provider's `signing_key` in
 * step with the cluster's signing keys.
 *
 * Exit codes: 0 success (diff: every key the cluster serves is trusted), 1 diff found missing keys,
 * 2 usage or input error (nothing is written).
 */
import { excerpt } from '../contract/excerpt';
import { KUBELET_MAX_REFRESH_SECONDS } from '../core/declaration/constants';
import { formatIssue, IssueCollector, IssueSeverity } from '../core/issues/issues';
import { Jwks, JsonWebKeySet } from '../core/jwks/jwks';
import { OIDC_CONFIG_LIMITS } from '../core/validation/rules';
import { printCliError, UsageError } from './cli-errors';
import { parseCommandLine } from './args';
import {
  compareKeySets, keyLabel, MAX_RETENTION_SECONDS, mergeKeySets, parseRetentionState, parseTimestamp, RETENTION_CLOCK_SKEW_SECONDS, RetentionState,
} from './jwks-rotation';
import {
  commitFiles, inputIdentity, lockFiles, MAX_KEY_FILE_BYTES, readInputFile, resolveWriteTarget, sameFile, type WriteTarget,
} from './key-files';
import { runKubectl } from './kubectl';
import { readTrustedKeySets } from './trusted-keys';

/** Where the command writes. */
export interface JwksCommandIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
}

/** Test seams of the command. */
export interface JwksCommandOptions {
  /** Environment of `kubectl` (its PATH finds it). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The current time. @default () => new Date() */
  readonly now?: () => Date;
}

/** The path kube-apiserver serves its public signing keys at (ServiceAccountIssuerDiscovery). */
export const CLUSTER_JWKS_PATH = '/openid/v1/jwks';

/** IAM's limit on the length of an OIDC identity provider's `signing_key` (IAM API iam_13_0207; core's `OIDC_CONFIG_LIMITS`). */
export const MAX_SIGNING_KEY_LENGTH = OIDC_CONFIG_LIMITS.signingKey.max;

/** Without another time, a retired key stays trusted this long: the kubelet replaces every projected token within 24 h. */
export const DEFAULT_RETENTION_SECONDS = KUBELET_MAX_REFRESH_SECONDS;

const DEFAULT_FETCH_TIMEOUT_SECONDS = 30;
/** --timeout of fetch: at most an hour. */
const MAX_FETCH_TIMEOUT_SECONDS = 3600;

const FETCH_USAGE = `Usage: cce-workload-identity jwks fetch --out <file|-> [--context <kubectl context>] [--kubeconfig <file>]
                                       [--kubectl <path>] [--timeout <seconds>]
  Runs \`kubectl get --raw ${CLUSTER_JWKS_PATH}\`, checks the result with the library's JWKS rules
  (public RSA/EC keys only, no private members, unique kids, >= 2048-bit RSA) and writes it
  (atomically, mode 0644; "-" writes to stdout). Nothing is written when a check fails.
  --timeout bounds the whole kubectl run (default ${DEFAULT_FETCH_TIMEOUT_SECONDS} s, at most ${MAX_FETCH_TIMEOUT_SECONDS}); kubectl runs in its
  own process group, which is killed when it times out or once kubectl has exited.
`;

const DIFF_USAGE = `Usage: cce-workload-identity jwks diff <terraform.json> <cluster-jwks.json> [--provider <name>] [--json]
  Compares the signing_key an identity provider holds with the keys the cluster serves now.
  <terraform.json> is the synthesized cdk.tf.json, \`terraform show -json\` output (of the applied
  state, or of a plan) or a terraform.tfstate. Prints one line per key:
    present  served by the cluster and trusted by IAM
    missing  served by the cluster, not trusted: tokens it signs are denied
    extra    trusted, no longer served by the cluster
  --provider picks the provider when the file has several. Exit code 1 when a key is missing.
`;

const MERGE_USAGE = `Usage: cce-workload-identity jwks merge <trusted.json> <cluster.json> --out <file>
                                       [--tokens-expire-after <seconds> | --keep-old-until <time>] [--retention <file>]
  Writes the key set to deploy during a rotation: every key the cluster serves, plus each trusted
  key it no longer serves until the tokens that key signed have expired, deduplicated by kid and
  by content, checked with the library's JWKS rules.
  When a key is first seen retired, its drop time (now + --tokens-expire-after, default ${DEFAULT_RETENTION_SECONDS} s,
  the longest a kubelet keeps a projected token) is recorded in the retention file (default:
  <out> with ".retention.json" for ".json"). Run merge again after that time to drop it.
  --keep-old-until <ISO 8601 time with zone | now> sets the drop time of every retired key,
  recorded ones included (e.g. "now" for a leaked key).
  Retention times are at most ${MAX_RETENTION_SECONDS} s (366 days) ahead; a retention file whose retiredAt lies
  ahead of this machine's clock by more than ${RETENTION_CLOCK_SKEW_SECONDS} s (or whose keepUntil lies beyond that) is refused.
  Files: --out and the retention file are written together or not at all (a failure leaves both
  as they were), under lock files <file>.lock; a symbolic link is written through to its existing
  target; anything but a regular file is refused, and so is a retention file that is --out or an
  input. Inputs must be regular files (not pipes or devices) of at most 1 MiB.
`;

const USAGE = `Usage: cce-workload-identity jwks <fetch|diff|merge> [options]   (--help after a subcommand for its options)

${FETCH_USAGE}
${DIFF_USAGE}
${MERGE_USAGE}
Exit codes: 0 success, 1 (diff) a key the cluster serves is not trusted, 2 usage or input error.
`;

/** Runs `jwks <subcommand> …` and resolves to the exit code; never throws. */
export async function runJwksCommand(args: readonly string[], io: JwksCommandIo, options: JwksCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'fetch':
        return await fetchCommand(rest, io, options);
      case 'diff':
        return diffCommand(rest, io);
      case 'merge':
        return mergeCommand(rest, io, options);
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case undefined:
        io.stderr(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown jwks subcommand ${JSON.stringify(sub)}`, USAGE);
    }
  } catch (error) {
    // The shared printer redacts: messages repeat paths, flag values and mistyped options.
    return printCliError(io.stderr, 'jwks', error, USAGE);
  }
}

class InputError extends Error {}

// ---------------------------------------------------------------------------------------- fetch

async function fetchCommand(args: readonly string[], io: JwksCommandIo, options: JwksCommandOptions): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string', placeholder: '<file|->' },
    context: { type: 'string', placeholder: '<kubectl context>' },
    kubeconfig: { type: 'string', placeholder: '<file>' },
    kubectl: { type: 'string', placeholder: '<path>' },
    timeout: { type: 'string', placeholder: '<seconds>' },
  }, { command: 'jwks fetch', usage: FETCH_USAGE });
  if (values.help) return help(io, FETCH_USAGE);
  if (positionals.length > 0) throw new UsageError(`jwks fetch takes no positional arguments (got ${JSON.stringify(positionals[0])})`, FETCH_USAGE);
  const out = requiredString(values.out, '--out', FETCH_USAGE);
  const timeout = integerOption(values.timeout, '--timeout', FETCH_USAGE, 1, MAX_FETCH_TIMEOUT_SECONDS) ?? DEFAULT_FETCH_TIMEOUT_SECONDS;
  // Checked before kubectl runs: a --out that cannot be written is known now.
  const target = out === '-' ? undefined : resolveWriteTarget(out, '--out');
  const kubectl = values.kubectl === undefined ? 'kubectl' : requiredString(values.kubectl, '--kubectl', FETCH_USAGE);
  const kubectlArgs = ['get', '--raw', CLUSTER_JWKS_PATH, `--request-timeout=${timeout}s`];
  // "--flag=value": a value starting with "-" can never be taken for another flag.
  if (values.context !== undefined) kubectlArgs.push(`--context=${requiredString(values.context, '--context', FETCH_USAGE)}`);
  if (values.kubeconfig !== undefined) kubectlArgs.push(`--kubeconfig=${requiredString(values.kubeconfig, '--kubeconfig', FETCH_USAGE)}`);

  const stdout = await runKubectl(kubectl, kubectlArgs, timeout, options.env ?? process.env);
  const jwks = checkedJwks(Jwks.fromJson(stdout), `output of kubectl get --raw ${CLUSTER_JWKS_PATH}`, io);
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if (target === undefined) {
    io.stdout(text);
  } else {
    commitFiles([{ target, text }]);
  }
  io.stderr(`${out === '-' ? 'fetched' : `wrote ${out}:`} ${describeKeys(jwks)}\n`);
  return 0;
}

// ----------------------------------------------------------------------------------------- diff

function diffCommand(args: readonly string[], io: JwksCommandIo): number {
  const { values, positionals } = parseCommandLine(args, { provider: { type: 'string', placeholder: '<name>' }, json: { type: 'boolean' } },
    { command: 'jwks diff', usage: DIFF_USAGE });
  if (values.help) return help(io, DIFF_USAGE);
  if (positionals.length !== 2) throw new UsageError(`jwks diff needs <terraform.json> and <cluster-jwks.json> (got ${positionals.length} `
    + `argument${positionals.length === 1 ? '' : 's'})`, DIFF_USAGE);
  const [terraformFile, clusterFile] = positionals;
  const sets = readTrustedKeySets(terraformFile);
  const wanted = values.provider === undefined ? undefined : requiredString(values.provider, '--provider', DIFF_USAGE);
  const names = sets.map((s) => JSON.stringify(s.provider)).join(', ') || 'none';
  let set;
  if (wanted !== undefined) {
    set = sets.find((s) => s.provider === wanted);
    if (!set) throw new InputError(`${terraformFile} has no identity provider named ${JSON.stringify(wanted)} (it has ${names})`);
  } else if (sets.length === 1) {
    set = sets[0];
  } else if (sets.length === 0) {
    throw new InputError(`${terraformFile} has no huaweicloud_identity_provider`);
  } else {
    // Each provider trusts one cluster's keys: comparing all of them with one cluster is never right.
    throw new UsageError(`${terraformFile} has ${sets.length} identity providers (${names}); pick the one this cluster's keys `
      + 'belong to with --provider', DIFF_USAGE);
  }
  const cluster = checkedJwks(Jwks.fromJson(readInputFile(clusterFile, 'key set', MAX_KEY_FILE_BYTES)), clusterFile, io);
  const comparisons = compareKeySets(set.keys, cluster.keys);
  const missing = comparisons.filter((c) => c.status === 'missing').length;
  const extra = comparisons.filter((c) => c.status === 'extra').length;
  if (values.json) {
    io.stdout(`${JSON.stringify({
      provider: set.provider,
      address: set.address,
      source: terraformFile,
      kind: set.kind,
      cluster: clusterFile,
      missing,
      extra,
      keys: comparisons,
    }, null, 2)}\n`);
    return missing > 0 ? 1 : 0;
  }
  const lines = [`Identity provider "${set.provider}" (${set.address}, ${set.kind}, in ${terraformFile}) against the cluster's `
    + `keys in ${clusterFile}:`];
  for (const c of comparisons) {
    const meaning = c.status === 'missing'
      ? 'the cluster signs with this key and IAM does not trust it: pods will be denied'
      : c.status === 'extra' ? 'trusted, but no longer served by the cluster' : 'served by the cluster and trusted';
    lines.push(`  ${c.status.padEnd(8)} ${keyLabel(c)} (${c.type}): ${meaning}${c.note ? ` (${c.note})` : ''}`);
  }
  if (missing > 0) {
    lines.push(`Result: ${missing} missing key${missing === 1 ? '' : 's'}. Fix: \`cce-workload-identity jwks merge <the JWKS file the declaration `
      + `reads> ${clusterFile} --out <that file>\`, then synthesize and deploy.`);
  } else {
    lines.push('Result: every key the cluster serves is '
      + `trusted${extra > 0 ? `; ${extra} trusted key${extra === 1 ? ' is' : 's are'} no longer served (\`jwks merge\` drops `
      + `${extra === 1 ? 'it' : 'them'} once the tokens signed with ${extra === 1 ? 'it' : 'them'} have expired)` : ''}.`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return missing > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------- merge

function mergeCommand(args: readonly string[], io: JwksCommandIo, options: JwksCommandOptions): number {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string', placeholder: '<file>' },
    'tokens-expire-after': { type: 'string', placeholder: '<seconds>' },
    'keep-old-until': { type: 'string', placeholder: '<ISO 8601 time|now>' },
    retention: { type: 'string', placeholder: '<file>' },
  }, { command: 'jwks merge', usage: MERGE_USAGE });
  if (values.help) return help(io, MERGE_USAGE);
  if (positionals.length !== 2) throw new UsageError(`jwks merge needs <trusted.json> and <cluster.json> (got ${positionals.length} `
    + `argument${positionals.length === 1 ? '' : 's'})`, MERGE_USAGE);
  const out = requiredString(values.out, '--out', MERGE_USAGE);
  if (out === '-') throw new UsageError('jwks merge writes a file (and its retention file next to it); --out - is not supported', MERGE_USAGE);
  if (values['tokens-expire-after'] !== undefined && values['keep-old-until'] !== undefined) {
    throw new UsageError('give either --tokens-expire-after or --keep-old-until, not both', MERGE_USAGE);
  }
  const now = (options.now ?? (() => new Date()))();
  // Every problem of the command line at once.
  const problems: string[] = [];
  const retentionSeconds = collect(problems, () => integerOption(values['tokens-expire-after'], '--tokens-expire-after', MERGE_USAGE, 0,
    MAX_RETENTION_SECONDS)) ?? DEFAULT_RETENTION_SECONDS;
  const keepOldUntil = values['keep-old-until'] === undefined ? undefined
    : collect(problems, () => keepOldUntilOption(requiredString(values['keep-old-until'], '--keep-old-until', MERGE_USAGE), now));
  const [trustedFile, clusterFile] = positionals as [string, string];
  const retentionFile = values.retention === undefined ? defaultRetentionPath(out) : requiredString(values.retention, '--retention', MERGE_USAGE);
  const outTarget = collect(problems, () => resolveWriteTarget(out, '--out'));
  const retentionWhat = `retention file${values.retention === undefined ? '' : ' (--retention)'}`;
  const retentionTarget = collect(problems, () => resolveWriteTarget(retentionFile, retentionWhat));
  if (outTarget !== undefined && retentionTarget !== undefined) problems.push(...clashes(outTarget, retentionTarget, trustedFile, clusterFile));
  if (problems.length > 0) {
    throw new UsageError(problems.length === 1 ? problems[0] as string : `${problems.length} problems:\n  ${problems.join('\n  ')}`, MERGE_USAGE);
  }
  // From here on, one merge at a time for these files: read, merge and write under the lock.
  const lock = lockFiles([outTarget as WriteTarget, retentionTarget as WriteTarget]);
  try {
    return mergeLocked({ trustedFile, clusterFile, out: outTarget as WriteTarget, retention: retentionTarget as WriteTarget, now, retentionSeconds,
      keepOldUntil }, io);
  } finally {
    lock.release();
  }
}

interface MergeRun {
  readonly trustedFile: string;
  readonly clusterFile: string;
  readonly out: WriteTarget;
  readonly retention: WriteTarget;
  readonly now: Date;
  readonly retentionSeconds: number;
  readonly keepOldUntil: Date | undefined;
}

function mergeLocked(run: MergeRun, io: JwksCommandIo): number {
  const { trustedFile, clusterFile, now, retentionSeconds, keepOldUntil } = run;
  const out = run.out.shown;
  const retentionFile = run.retention.shown;
  const trusted = checkedJwks(Jwks.fromJson(readInputFile(trustedFile, 'key set', MAX_KEY_FILE_BYTES)), trustedFile, io);
  const cluster = checkedJwks(Jwks.fromJson(readInputFile(clusterFile, 'key set', MAX_KEY_FILE_BYTES)), clusterFile, io);
  const state = readRetention(run.retention.path, retentionFile, now);

  const result = mergeKeySets({ trusted: trusted.keys, cluster: cluster.keys, state, now, retentionSeconds, keepOldUntil });
  if (result.conflicts.length > 0) {
    throw new InputError(`cannot merge ${trustedFile} and ${clusterFile}:\n  ${result.conflicts.join('\n  ')}\nkube-apiserver derives the kid from `
      + 'the key, so this means the files are not what they seem (another cluster, an edited file). Fix: check both files; if the cluster really '
      + `reuses the kid, remove the old key from ${trustedFile} by hand (tokens it signed will be denied).`);
  }
  const merged = checkedJwks(Jwks.fromObject({ keys: result.keys }), 'merged key set', io);

  const lines = result.actions.map((a) => {
    const label = keyLabel(a);
    switch (a.action) {
      case 'kept': return `  kept      ${label}: served by the cluster and trusted`;
      case 'added': return `  added     ${label}: served by the cluster, not trusted until now`;
      case 'retained': return `  retained  ${label} until ${a.keepUntil}: no longer served (since ${a.retiredAt}); tokens it `
        + 'signed may still be in use';
      case 'dropped': return `  dropped   ${label}: no longer served (since ${a.retiredAt}); its retention ended ${a.keepUntil}`;
    }
  });
  const writeRetention = result.state.retired.length > 0 || run.retention.stats !== undefined;
  // The retention file first, the key set last; a failure leaves both as they were.
  commitFiles([
    ...(writeRetention ? [{ target: run.retention, text: `${JSON.stringify(result.state, null, 2)}\n` }] : []),
    { target: run.out, text: `${JSON.stringify(merged, null, 2)}\n` },
  ]);
  lines.push(`wrote ${out}: ${describeKeys(merged)}${writeRetention ? `; retention in ${retentionFile}` : ''}`);
  const next = result.state.retired.map((r) => r.keepUntil).sort()[0];
  const changed = JSON.stringify(merged.keys) !== JSON.stringify(trusted.keys);
  if (changed) lines.push('next: synthesize and deploy, so the identity provider trusts this key set.');
  if (!changed) lines.push(`unchanged: ${out} holds the key set ${trustedFile} held.`);
  if (next !== undefined) lines.push(`next: run this merge again after ${next} to drop the retired `
    + `key${result.state.retired.length === 1 ? '' : 's'}.`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function defaultRetentionPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.retention.json` : `${out}.retention.json`;
}

/** The time of --keep-old-until: "now" or an ISO 8601 time, no later than the longest retention from now. */
function keepOldUntilOption(text: string, now: Date): Date {
  const time = text === 'now' ? now : parseTimestamp(text);
  if (!time) throw new UsageError('--keep-old-until must be "now" or an ISO 8601 time with a zone on a real calendar day, such as '
    + `2025-01-31T12:00:00Z (got ${JSON.stringify(text)})`, MERGE_USAGE);
  if (time.getTime() > now.getTime() + MAX_RETENTION_SECONDS * 1000) {
    throw new UsageError(`--keep-old-until ${text} is more than ${MAX_RETENTION_SECONDS} s (366 days) from now; no ServiceAccount token lives `
      + 'that long. Fix: give an earlier time', MERGE_USAGE);
  }
  return time;
}

/** The files of a merge that must differ: the retention file is neither --out nor an input (writing it there would lose keys). */
function clashes(out: WriteTarget, retention: WriteTarget, trustedFile: string, clusterFile: string): string[] {
  const problems: string[] = [];
  if (sameFile(out, retention)) {
    problems.push(`--out ${out.shown} and the retention file ${retention.shown} are the same file; the retention record would replace the key set. `
      + 'Fix: give --retention another path (or leave it out: <out> with ".retention.json")');
  }
  for (const [file, what] of [[trustedFile, '<trusted.json>'], [clusterFile, '<cluster.json>']] as const) {
    if (sameFile(retention, inputIdentity(file))) {
      problems.push(`the retention file ${retention.shown} is ${what} ${file}; writing the retention record there would lose its keys. Fix: give `
        + '--retention another path');
    }
  }
  return problems;
}

/** Runs `check`; a thrown error's message is added to `problems` (all reported at once). */
function collect<T>(problems: string[], check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
}

function readRetention(path: string, file: string, now: Date): RetentionState | undefined {
  const text = readInputFile(path, 'retention file', MAX_KEY_FILE_BYTES, true);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`retention file ${file} is not valid JSON. Fix: restore it from version control (deleting it restarts every retired `
      + `key's retention from now)`);
  }
  const { state, problems } = parseRetentionState(value, now);
  if (!state) throw new InputError(`retention file ${file} is malformed: ${problems.join('; ')}`);
  return state;
}

// -------------------------------------------------------------------------------------- shared

/**
 * Checks a key set with the library's JWKS rules (the same ones synthesis applies) and IAM's
 * length limit; throws with every error, prints warnings. Messages never hold key material.
 */
function checkedJwks(jwks: Jwks, what: string, io: JwksCommandIo): JsonWebKeySet {
  const issues = new IssueCollector();
  jwks._check(issues, what.includes(' ') ? `(${what})` : what);
  const errors = issues.issues.filter((i) => i.severity === IssueSeverity.ERROR);
  for (const warning of issues.issues.filter((i) => i.severity === IssueSeverity.WARNING)) io.stderr(`warning: ${formatIssue(warning)}\n`);
  if (errors.length > 0) {
    throw new InputError(`${what} is not a usable JWKS (${errors.length} error${errors.length === 1 ? '' : 's'}):\n  `
      + `${errors.map(formatIssue).join('\n  ')}`);
  }
  const value = jwks.value;
  const length = JSON.stringify(value).length;
  if (length > MAX_SIGNING_KEY_LENGTH) {
    throw new InputError(`${what}: the key set is ${length} characters as signing_key; IAM accepts at most ${MAX_SIGNING_KEY_LENGTH}. Fix: drop `
      + 'retired keys sooner (jwks merge --keep-old-until)');
  }
  return value;
}

function describeKeys(jwks: JsonWebKeySet): string {
  const n = jwks.keys.length;
  return `${n} key${n === 1 ? '' : 's'} (${jwks.keys.map((k) => keyLabel({ kid: k.kid, thumbprint: undefined })).join(', ')})`;
}

function help(io: JwksCommandIo, usage: string): number {
  io.stdout(usage);
  return 0;
}

function requiredString(value: unknown, flag: string, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required and must not be empty`, usage);
  return value;
}

function integerOption(value: unknown, flag: string, usage: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  // At most 16 digits are looked at: a longer value is out of range, whatever it holds.
  if (typeof value !== 'string') throw new UsageError(`${flag} needs a value`, usage);
  if (value.length > 16 || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    const shown = JSON.stringify(excerpt(value, 'user-text', 40));
    throw new UsageError(`${flag} must be a whole number of seconds from ${min} to ${max} (got ${shown})`, usage);
  }
  return Number(value);
}
