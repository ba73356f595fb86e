/**
 * The `cce-workload-identity` command.
 *
 *   cce-workload-identity emulate --terraform <cdk.tf.json> [--port 0] [--host 127.0.0.1] [--tls]
 *   cce-workload-identity explain <cdk.tf.json> [--token <file>] [--provider <name>] [--json]
 *   cce-workload-identity explain <cdk.tf.json> --service-account <ns>/<name> --can <action> [--resource <urn>]
 *                                 [--project <id|name> | --global] [--provider <name>] [--json]
 *   cce-workload-identity jwks fetch|diff|merge …   (lib/cli/jwks-command.ts)
 *   cce-workload-identity access [diff] …   (lib/cli/access-command.ts; exit codes of its own: 0 ok, 2 --fail-on matched, 1 bad input)
 *   cce-workload-identity <command> --help  |  --help  |  --version
 *
 * Exit codes: 0 success (explain: token admitted, or no token given; --can: allowed; --help; --version), 1 token
 * denied (--can: denied; jwks diff: a key the cluster serves is not trusted), 2 usage or input error. Error lines end in
 * a code named after the command (`[ERR_EXPLAIN_…]`, `[ERR_EMULATOR_…]`).
 */
import { readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { reportUncaught } from '../core/issues/error-report';
import { showValue } from '../core/issues/issues';
import { type OptionSpecs, type ParsedArgs, parseCommandLine } from './args';
import { CliError, printCliError, UsageError } from './cli-errors';

// Each command loads its own modules when it runs: `access` over thousands of grants must not pay
// for the emulator's HTTP/TLS stack, the token verifier or the JWKS tools at start-up
// (test/cli/startup-modules.test.ts holds this). `require`, not `import()`: the source checkout's bin
// runs through tsx's CommonJS loader, where `import()` would take the ESM path (no extensionless specifiers).
/* eslint-disable @typescript-eslint/no-require-imports -- deferred per command, typed by the import type */
const emulatorServer = (): typeof import('../testing/emulator/server') => require('../testing/emulator/server');
const joseModule = (): typeof import('../iam-model/jose') => require('../iam-model/jose');
const explainModule = (): typeof import('../iam-model/explain/explain') => require('../iam-model/explain/explain');
const lifecycle = (): typeof import('./emulate-lifecycle') => require('./emulate-lifecycle');
const jwksCommand = (): typeof import('./jwks-command') => require('./jwks-command');
const keyFiles = (): typeof import('./key-files') => require('./key-files');
const accessCommand = (): typeof import('./access-command') => require('./access-command');
/* eslint-enable @typescript-eslint/no-require-imports */
import { excerpt } from '../contract/excerpt';

/** Where the command writes, and what stops `emulate`. */
export interface CliIo {
  /** Writes to standard output. @default process.stdout */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. @default process.stderr */
  readonly stderr: (text: string) => void;
  /** Stops `emulate` when aborted (in addition to SIGINT / SIGTERM / SIGHUP and the parent's exit). @default none */
  readonly signal?: AbortSignal;
  /**
   * Standard input's file descriptor, read by `--token -`: a caller running commands in-process (a
   * test) passes its own, so the command never waits on the process's stdin. @default 0
   */
  readonly stdinFd?: number;
}

const USAGE = `Usage:
  cce-workload-identity emulate --terraform <cdk.tf.json> [--terraform <more.json>] [--port 0] [--host 127.0.0.1]
                                [--service-port 0] [--token-lifetime 86400] [--clock-skew 60] [--allow-non-loopback] [--tls]
                                [--cluster-jwks <cluster-id>=<jwks.json> …] [--allow-scoped-security-tokens] [--outlive-parent]
      Serves the IAM federation APIs (and a fake signed-request service) for the identity providers
      in the synthesized Terraform JSON, until SIGINT, SIGTERM or SIGHUP, or until the process that
      started it exits (--outlive-parent: keep serving). First stdout line: "listening on <url>".
      --cluster-jwks gives a cluster's signing keys for CCE pod identity: the container-credentials
      endpoint of each cluster with associations is then named on stderr.
      --tls serves https with a throwaway CA made at start; the second line is then "ca-file <path>"
      (trust it with NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, ...).
      --allow-scoped-security-tokens lets a project- or domain-scoped token obtain temporary credentials;
      by default the emulator refuses it, a rule stricter than IAM's documentation (iam_04_0002).

  cce-workload-identity explain <cdk.tf.json> [more.json…] [--token <file>] [--provider <name>] [--json]
      Lists which ServiceAccounts map to which IAM user and groups through which provider; with
      --token, says whether IAM would admit that token and, if not, which check or rule fails.
      Exit code 1 when the token is denied.

  cce-workload-identity explain <cdk.tf.json> --service-account <ns>/<name> --can <service:type:action>
                                [--resource <urn>] [--project <id|name> | --global] [--provider <name>] [--json]
      Says whether the ServiceAccount may perform the action (on the resource, in the project),
      evaluating the synthesized custom policies like IAM (explicit Deny wins); first line "allowed …"
      or "denied …" with the statement, policy, group and scope. Exit code 0 allowed, 1 denied.

  cce-workload-identity jwks fetch --out <file> [--context <name>] [--kubeconfig <file>]
  cce-workload-identity jwks diff <cdk.tf.json> <cluster-jwks.json> [--provider <name>]
  cce-workload-identity jwks merge <trusted.json> <cluster.json> --out <file> [--tokens-expire-after <s> | --keep-old-until <time>]
      Fetch the cluster's signing keys, compare them with what the identity provider trusts (exit
      code 1 when the cluster signs with a key IAM does not trust), and build the key set to deploy
      during a rotation. \`jwks <subcommand> --help\` for details.

  cce-workload-identity access <cdk.tf.json>… [--json | --markdown]
  cce-workload-identity access diff --base <cdk.tf.json>… --head <cdk.tf.json>… [--json | --markdown] [--fail-on none|gained|any]
      The access matrix (who may do what), and what a change gains or loses for whom, from the
      effective permissions. \`access --help\` for details and exit codes.
`;

const USAGE_FOOTER = `
  cce-workload-identity <command> --help     one command's usage
  cce-workload-identity --version
`;

/**
 * The executable (bin/cce-workload-identity.js): {@link main} as a process's entry point, where an
 * uncaught validation error (say, thrown in a callback of `emulate`'s server) is printed as its
 * report and ends the process (lib/core/issues/error-report.ts). `main` itself changes no process state.
 */
export function runCli(argv: readonly string[]): Promise<number> {
  reportUncaught();
  return main(argv);
}

/** Runs the command with `argv` (without `node` and the script). Resolves to the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const out: CliIo = {
    stdout: io.stdout ?? ((text) => process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => process.stderr.write(text)),
    signal: io.signal,
    stdinFd: io.stdinFd,
  };
  const [command, ...rest] = argv;
  if ((command === 'emulate' || command === 'explain') && rest.some((a) => a === '--help' || a === '-h')) {
    out.stdout(usageOf(command));
    return 0;
  }
  try {
    switch (command) {
      case 'emulate':
        return await emulate(rest, out);
      case 'explain':
        return await runExplain(rest, out);
      case 'jwks':
        return await jwksCommand().runJwksCommand(rest, out);
      case 'access':
        return await accessCommand().runAccessCommand(rest, out);
      case 'help':
        if (rest[0] === 'jwks') return await jwksCommand().runJwksCommand(['--help'], out);
        if (rest[0] === 'access') return await accessCommand().runAccessCommand(['--help'], out);
        if (rest[0] === 'emulate' || rest[0] === 'explain') {
          out.stdout(usageOf(rest[0]));
          return 0;
        }
        out.stdout(USAGE + USAGE_FOOTER);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        out.stdout(USAGE + USAGE_FOOTER);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
      case 'version':
        out.stdout(`cce-workload-identity ${packageVersion()}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    // Error messages repeat user input (paths, names): printCliError redacts anything credential-shaped.
    return printCliError(out.stderr, command, error, USAGE);
  }
}

/** The usage text of one command: its paragraph of {@link USAGE}. */
function usageOf(command: 'emulate' | 'explain'): string {
  const blocks = USAGE.replace(/^Usage:\n/, '').split(/\n\s*\n/);
  const found = blocks.filter((b) => b.trimStart().startsWith(`cce-workload-identity ${command}`));
  return found.length === 0 ? USAGE : `Usage:\n${found.map((b) => b.replace(/\n*$/, '\n')).join('\n')}`;
}

function packageVersion(): string {
  // lib/cli/main.ts and dist-lib/cli/main.js are both two levels below the package root.
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

async function emulate(args: readonly string[], io: CliIo): Promise<number> {
  const [{ readInputFile }, { jose }, { watchForStop }, { startIamEmulator }] = [keyFiles(), joseModule(), lifecycle(), emulatorServer()];
  const { values, positionals } = parse(args, 'emulate', {
    terraform: { type: 'string', multiple: true, placeholder: '<cdk.tf.json>' },
    port: { type: 'string', placeholder: '<port>' },
    host: { type: 'string', placeholder: '<address>' },
    'service-port': { type: 'string', placeholder: '<port>' },
    'token-lifetime': { type: 'string', placeholder: '<seconds>' },
    'clock-skew': { type: 'string', placeholder: '<seconds>' },
    'allow-non-loopback': { type: 'boolean' },
    tls: { type: 'boolean' },
    'cluster-jwks': { type: 'string', multiple: true, placeholder: '<cluster-id>=<jwks.json>' },
    'allow-scoped-security-tokens': { type: 'boolean' },
    'outlive-parent': { type: 'boolean' },
  });
  const terraform = [...(values.terraform as string[] | undefined ?? []), ...positionals];
  // Every option is checked, and every problem reported at once, before anything is started or watched.
  const problems: string[] = [];
  if (terraform.length === 0) problems.push('emulate needs --terraform <path to cdk.tf.json>');
  const podIdentityClusters: Array<{ id: string; jwks: string }> = [];
  for (const entry of values['cluster-jwks'] as string[] | undefined ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      problems.push(`--cluster-jwks takes <cluster-id>=<jwks file>, got ${JSON.stringify(excerpt(entry, 'user-text', 80))}`);
      continue;
    }
    try {
      podIdentityClusters.push({ id: entry.slice(0, at), jwks: readInputFile(entry.slice(at + 1), 'key set', 1024 * 1024) });
    } catch (error) {
      problems.push(`--cluster-jwks: ${(error as Error).message}`);
    }
  }
  const port = integer(values.port, '--port', 0, 65535, problems);
  const servicePort = integer(values['service-port'], '--service-port', 0, 65535, problems);
  const tokenLifetimeSeconds = integer(values['token-lifetime'], '--token-lifetime', 1, MAX_TOKEN_LIFETIME_SECONDS, problems);
  const clockSkewSeconds = integer(values['clock-skew'], '--clock-skew', 0, MAX_CLOCK_SKEW_SECONDS, problems);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  // Without jose the emulator could read no token: refuse to start (the error names jose and the install command).
  jose();
  // Watching before starting: a signal during start-up still ends in a clean stop (emulate-lifecycle.ts).
  const watch = watchForStop({ signal: io.signal, withParent: values['outlive-parent'] !== true });
  const emulator = await startIamEmulator({
    terraform,
    host: values.host as string | undefined,
    port,
    servicePort,
    tokenLifetimeSeconds,
    clockSkewSeconds,
    allowNonLoopback: values['allow-non-loopback'] === true,
    tls: values.tls === true,
    podIdentityClusters,
    refuseScopedTokenForSecurityTokens: values['allow-scoped-security-tokens'] !== true,
    log: (line) => io.stderr(`${line}\n`),
  }).catch((error: unknown) => {
    watch.dispose();
    throw error;
  });
  io.stdout(`listening on ${emulator.url}\n`);
  if (emulator.caFile !== undefined) io.stdout(`ca-file ${emulator.caFile}\n`);
  io.stdout(`service on ${emulator.serviceUrl}\n`);
  for (const p of emulator.providers) {
    io.stderr(`loaded identity provider "${p.name}" (${p.enabled ? 'enabled' : 'disabled'}) from ${p.source}\n`);
  }
  for (const id of new Set((emulator.grants.associations ?? []).map((a) => a.clusterId).filter((c): c is string => c !== undefined))) {
    const keys = podIdentityClusters.some((c) => c.id === id) ? '' : ' (no --cluster-jwks for it: its tokens are refused)';
    io.stderr(`pod identity: cluster ${id}: HC_CONTAINER_CREDENTIALS_FULL_URI=${emulator.containerCredentialsUrl(id)}${keys}\n`);
  }
  const reason = await watch.stopped;
  await emulator.stop();
  io.stderr(`stopped (${reason})\n`);
  return 0;
}

async function runExplain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, 'explain', {
    token: { type: 'string', placeholder: '<file, or - for stdin>' },
    provider: { type: 'string', placeholder: '<name>' },
    json: { type: 'boolean' },
    'service-account': { type: 'string', placeholder: '<namespace>/<name>' },
    can: { type: 'string', placeholder: '<service:type:action>' },
    resource: { type: 'string', placeholder: '<urn>' },
    project: { type: 'string', placeholder: '<id|name>' },
    global: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('explain needs the path of a cdk.tf.json');
  const permissionFlags = ['service-account', 'can', 'resource', 'project', 'global'].filter((f) => values[f] !== undefined);
  if (permissionFlags.length > 0) return runExplainPermission(positionals, values, permissionFlags, io);
  const tokenFile = values.token as string | undefined;
  const token = tokenFile === undefined ? undefined : readToken(tokenFile, io.stdinFd ?? 0);
  // Without jose no token can be read: say so rather than judge the token.
  if (token !== undefined) joseModule().jose();
  const { explain, formatExplainReport } = explainModule();
  const report = await explain(positionals, { token, provider: values.provider as string | undefined });
  io.stdout(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatExplainReport(report));
  return report.token === undefined || report.token.admitted ? 0 : 1;
}

async function runExplainPermission(
  terraform: string[], values: ParsedArgs['values'], flags: string[], io: CliIo,
): Promise<number> {
  if (values.token !== undefined) throw new UsageError('--token and --can answer different questions; give one of them');
  if (values.can === undefined || values['service-account'] === undefined) {
    throw new UsageError(`${flags.map((f) => `--${f}`).join(', ')} need${flags.length === 1 ? 's' : ''} both --service-account <namespace>/<name> `
      + 'and --can <service:type:action>');
  }
  if (values.project !== undefined && values.global === true) throw new UsageError('give --project or --global, not both');
  const { explainPermission, formatPermissionReport } = explainModule();
  const report = explainPermission(terraform, {
    serviceAccount: values['service-account'] as string,
    action: values.can as string,
    resource: values.resource as string | undefined,
    project: values.project as string | undefined,
    global: values.global === true,
    provider: values.provider as string | undefined,
  });
  io.stdout(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatPermissionReport(report));
  return report.allowed ? 0 : 1;
}

/** The most a token file (or stdin given as `--token -`) may hold: a ServiceAccount token is a few KiB. */
const MAX_TOKEN_BYTES = 1024 * 1024;

function readToken(file: string, stdinFd: number): string {
  let text: string;
  if (file === '-') {
    text = readStdin(stdinFd, MAX_TOKEN_BYTES);
  } else {
    try {
      // Regular files only, at most 1 MiB (a FIFO would block for ever): key-files' reader and messages.
      text = keyFiles().readInputFile(file, 'token file', MAX_TOKEN_BYTES);
    } catch (error) {
      const hint = /^eyJ/.test(file) ? ' (--token takes the path of a file holding the token, or - for stdin, not the token itself)' : '';
      throw new CliError('TOKEN_UNREADABLE', `${(error as Error).message}${hint}`);
    }
  }
  const token = text.trim();
  if (token === '') throw new CliError('TOKEN_EMPTY', `token file ${showValue(file)} is empty`);
  return token;
}

/** Reads stdin (`--token -`) up to `maxBytes`; one byte more is an error naming stdin, not a token read without bound. */
function readStdin(fd: number, maxBytes: number): string {
  // A terminal would wait for typing that no one announced: say how to give the token instead.
  if (isatty(fd)) {
    throw new CliError('TOKEN_UNREADABLE', 'the token on stdin (--token -) was asked for, but stdin is a terminal. '
      + 'Fix: pipe the token (kubectl create token <service-account> | cce-workload-identity explain … --token -), or give --token <file>');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, Math.min(buffer.length, maxBytes + 1 - total), null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') break; // Windows: end of a pipe
      throw new CliError('TOKEN_UNREADABLE', `the token on stdin (--token -) cannot be read (${code ?? 'unknown error'})`);
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    total += read;
    if (total > maxBytes) {
      throw new CliError('TOKEN_UNREADABLE', `the token on stdin (--token -) is larger than ${maxBytes} bytes; a ServiceAccount token is a few KiB. `
        + 'Fix: pipe the token itself (kubectl create token <service-account>)');
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a command's options with the CLI's one parser (args.ts); errors carry the command's usage. */
function parse(args: readonly string[], command: 'emulate' | 'explain', options: OptionSpecs): ParsedArgs {
  return parseCommandLine(args, options, { command, usage: usageOf(command) });
}

/** `--token-lifetime`'s upper bound: a year (IAM's own tokens live 24 h). */
const MAX_TOKEN_LIFETIME_SECONDS = 365 * 24 * 3600;
/** `--clock-skew`'s upper bound: a day. */
const MAX_CLOCK_SKEW_SECONDS = 24 * 3600;

/**
 * A whole-number option from `min` to `max`; a problem (the value shown as a short, redacted excerpt)
 * is added to `problems` instead. At most 16 digits are looked at: a longer value is out of range.
 */
function integer(value: unknown, flag: string, min: number, max: number, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length <= 16 && /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value);
  const shown = typeof value === 'string' ? JSON.stringify(excerpt(value, 'user-text', 20)) : 'no value';
  problems.push(`${flag} must be a non-negative integer from ${min} to ${max}, got ${shown}`);
  return undefined;
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
