/**
 * `cce-workload-identity jwks fetch | diff | merge`: keep the identity provider's `signing_key` in
 * step with the cluster's signing keys.
 *
 * Exit codes: 0 success (diff: every key the cluster serves is trusted), 1 diff found missing keys,
 * 2 usage or input error (nothing is written).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { KUBELET_MAX_REFRESH_SECONDS } from '../core/constants';
import { formatIssue, IssueCollector, IssueSeverity } from '../core/issues';
import { Jwks, JsonWebKeySet } from '../core/jwks';
import { OIDC_CONFIG_LIMITS } from '../core/rules';
import { redactTokens } from '../contract/secrets';
import { printCliError, UsageError } from './cli-errors';
import { compareKeySets, keyLabel, mergeKeySets, parseRetentionState, parseTimestamp, RetentionState } from './jwks-rotation';
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

const MAX_KUBECTL_OUTPUT = 1024 * 1024;
const DEFAULT_FETCH_TIMEOUT_SECONDS = 30;

const FETCH_USAGE = `Usage: cce-workload-identity jwks fetch --out <file|-> [--context <kubectl context>] [--kubeconfig <file>]
                                       [--kubectl <path>] [--timeout <seconds>]
  Runs \`kubectl get --raw ${CLUSTER_JWKS_PATH}\`, checks the result with the library's JWKS rules
  (public RSA/EC keys only, no private members, unique kids, >= 2048-bit RSA) and writes it
  (atomically, mode 0644; "-" writes to stdout). Nothing is written when a check fails.
  --timeout bounds the whole kubectl run (default ${DEFAULT_FETCH_TIMEOUT_SECONDS} s).
`;

const DIFF_USAGE = `Usage: cce-workload-identity jwks diff <terraform.json> <cluster-jwks.json> [--provider <name>] [--json]
  Compares the signing_key an identity provider holds with the keys the cluster serves now.
  <terraform.json> is the synthesized cdk.tf.json, \`terraform show -json\` output (the applied
  state) or a terraform.tfstate. Prints one line per key:
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
  const { values, positionals } = parse(args, FETCH_USAGE, {
    out: { type: 'string' }, context: { type: 'string' }, kubeconfig: { type: 'string' }, kubectl: { type: 'string' }, timeout: { type: 'string' },
  });
  if (values.help) return help(io, FETCH_USAGE);
  if (positionals.length > 0) throw new UsageError(`jwks fetch takes no positional arguments (got ${JSON.stringify(positionals[0])})`, FETCH_USAGE);
  const out = requiredString(values.out, '--out', FETCH_USAGE);
  const timeout = integerOption(values.timeout, '--timeout', FETCH_USAGE, 1) ?? DEFAULT_FETCH_TIMEOUT_SECONDS;
  const kubectl = values.kubectl === undefined ? 'kubectl' : requiredString(values.kubectl, '--kubectl', FETCH_USAGE);
  const kubectlArgs = ['get', '--raw', CLUSTER_JWKS_PATH, `--request-timeout=${timeout}s`];
  // "--flag=value": a value starting with "-" can never be taken for another flag.
  if (values.context !== undefined) kubectlArgs.push(`--context=${requiredString(values.context, '--context', FETCH_USAGE)}`);
  if (values.kubeconfig !== undefined) kubectlArgs.push(`--kubeconfig=${requiredString(values.kubeconfig, '--kubeconfig', FETCH_USAGE)}`);

  const stdout = await runKubectl(kubectl, kubectlArgs, timeout, options.env ?? process.env);
  const jwks = checkedJwks(Jwks.fromJson(stdout), `output of kubectl get --raw ${CLUSTER_JWKS_PATH}`, io);
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if (out === '-') {
    io.stdout(text);
  } else {
    writeFileAtomic(out, text);
  }
  io.stderr(`${out === '-' ? 'fetched' : `wrote ${out}:`} ${describeKeys(jwks)}\n`);
  return 0;
}

function runKubectl(kubectl: string, args: string[], timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<string> {
  const shown = `kubectl ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    // No shell: the arguments reach kubectl as given. --timeout bounds the whole run (credential
    // plugins included); kubectl's own --request-timeout usually reports a hung server first.
    const child = spawn(kubectl, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    const settle = (error: Error | undefined, value?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as string);
    };
    // Stop kubectl and stop waiting for it: a helper it started may hold the pipes open.
    const stop = (error: Error): void => {
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      settle(error);
    };
    const timer = setTimeout(() => stop(new InputError(`${shown} did not finish within ${timeoutSeconds} s `
      + '(--timeout) and was stopped')), timeoutSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_KUBECTL_OUTPUT) stop(new InputError(`${shown} printed more than ${MAX_KUBECTL_OUTPUT} bytes; that is not a cluster's JWKS`));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8192);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') settle(new InputError(`${kubectl} not found (is kubectl installed and on PATH? --kubectl <path> `
        + 'names another binary)'));
      else if (error.code === 'EACCES') settle(new InputError(`${kubectl} is not executable`));
      else settle(new InputError(`cannot run ${kubectl}: ${error.code ?? 'unknown error'}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return settle(undefined, Buffer.concat(stdout).toString('utf8'));
      // kubectl's own message ("Unauthorized", "connection refused", "context ... does not exist")
      // is the useful part; token-shaped text is redacted and its stdout is never shown.
      const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-3)
        .map((l) => redactTokens(l.length > 300 ? `${l.slice(0, 299)}…` : l));
      const status = code === null ? `was stopped by ${signal ?? 'a signal'}` : `exited with code ${code}`;
      settle(new InputError(`${shown} ${status}${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`));
    });
  });
}

// ----------------------------------------------------------------------------------------- diff

function diffCommand(args: readonly string[], io: JwksCommandIo): number {
  const { values, positionals } = parse(args, DIFF_USAGE, { provider: { type: 'string' }, json: { type: 'boolean' } });
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
  const cluster = checkedJwks(Jwks.fromFile(clusterFile), clusterFile, io);
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
  const { values, positionals } = parse(args, MERGE_USAGE, {
    out: { type: 'string' }, 'tokens-expire-after': { type: 'string' }, 'keep-old-until': { type: 'string' }, retention: { type: 'string' },
  });
  if (values.help) return help(io, MERGE_USAGE);
  if (positionals.length !== 2) throw new UsageError(`jwks merge needs <trusted.json> and <cluster.json> (got ${positionals.length} `
    + `argument${positionals.length === 1 ? '' : 's'})`, MERGE_USAGE);
  const out = requiredString(values.out, '--out', MERGE_USAGE);
  if (out === '-') throw new UsageError('jwks merge writes a file (and its retention file next to it); --out - is not supported', MERGE_USAGE);
  if (values['tokens-expire-after'] !== undefined && values['keep-old-until'] !== undefined) {
    throw new UsageError('give either --tokens-expire-after or --keep-old-until, not both', MERGE_USAGE);
  }
  const now = (options.now ?? (() => new Date()))();
  const retentionSeconds = integerOption(values['tokens-expire-after'], '--tokens-expire-after', MERGE_USAGE, 0) ?? DEFAULT_RETENTION_SECONDS;
  let keepOldUntil: Date | undefined;
  if (values['keep-old-until'] !== undefined) {
    const text = requiredString(values['keep-old-until'], '--keep-old-until', MERGE_USAGE);
    keepOldUntil = text === 'now' ? now : parseTimestamp(text);
    if (!keepOldUntil) throw new UsageError('--keep-old-until must be "now" or an ISO 8601 time with a zone such as 2025-01-31T12:00:00Z (got '
      + `${JSON.stringify(text)})`, MERGE_USAGE);
  }
  const [trustedFile, clusterFile] = positionals;
  const retentionFile = values.retention === undefined ? defaultRetentionPath(out) : requiredString(values.retention, '--retention', MERGE_USAGE);
  const trusted = checkedJwks(Jwks.fromFile(trustedFile), trustedFile, io);
  const cluster = checkedJwks(Jwks.fromFile(clusterFile), clusterFile, io);
  const state = readRetention(retentionFile);

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
  writeFileAtomic(out, `${JSON.stringify(merged, null, 2)}\n`);
  const writeRetention = result.state.retired.length > 0 || existsSync(retentionFile);
  if (writeRetention) writeFileAtomic(retentionFile, `${JSON.stringify(result.state, null, 2)}\n`);
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

function readRetention(file: string): RetentionState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read retention file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`retention file ${file} is not valid JSON. Fix: restore it from version control (deleting it restarts every retired `
      + `key's retention from now)`);
  }
  const { state, problems } = parseRetentionState(value);
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

/**
 * Writes `text` to `path` atomically: a temporary file in the same directory, flushed, mode 0644
 * (public keys; readable like the cluster serves them), then renamed over the target. A reader
 * never sees a half-written key set, and a failed run leaves the old file in place.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;
type ParsedValues = Record<string, string | boolean | undefined>;

function parse(args: readonly string[], usage: string, options: OptionSpec): { values: ParsedValues; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

function help(io: JwksCommandIo, usage: string): number {
  io.stdout(usage);
  return 0;
}

function requiredString(value: string | boolean | undefined, flag: string, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required and must not be empty`, usage);
  return value;
}

function integerOption(value: string | boolean | undefined, flag: string, usage: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a whole number of seconds${min > 0 ? ` of at least ${min}` : ''} (got ${JSON.stringify(value)})`, usage);
  }
  return Number(value);
}
