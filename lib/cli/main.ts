/**
 * The `cce-workload-identity` command.
 *
 *   cce-workload-identity emulate --terraform <cdk.tf.json> [--port 0] [--host 127.0.0.1] [--tls]
 *   cce-workload-identity explain <cdk.tf.json> [--token <file>] [--provider <name>] [--json]
 *
 * Exit codes: 0 success (explain: token admitted, or no token given), 1 token denied,
 * 2 usage or input error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { showValue } from '../core/issues';
import { redactSecrets } from '../core/rules';
import { EmulatorConfigError } from '../testing/emulator/iam-errors';
import { startIamEmulator } from '../testing/emulator/server';
import { explain, formatExplainReport } from '../testing/explain';

/** Where the command writes, and what stops `emulate`. */
export interface CliIo {
  /** Writes to standard output. @default process.stdout */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. @default process.stderr */
  readonly stderr: (text: string) => void;
  /** Stops `emulate` when aborted (in addition to SIGINT / SIGTERM). @default none */
  readonly signal?: AbortSignal;
}

const USAGE = `Usage:
  cce-workload-identity emulate --terraform <cdk.tf.json> [--terraform <more.json>] [--port 0] [--host 127.0.0.1]
                                [--service-port 0] [--token-lifetime 86400] [--clock-skew 60] [--allow-non-loopback] [--tls]
      Serves the IAM federation APIs (and a fake signed-request service) for the identity providers
      in the synthesized Terraform JSON, until SIGINT/SIGTERM. First stdout line: "listening on <url>".
      --tls serves https with a throwaway CA made at start; the second line is then "ca-file <path>"
      (trust it with NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE, ...).

  cce-workload-identity explain <cdk.tf.json> [more.json…] [--token <file>] [--provider <name>] [--json]
      Lists which ServiceAccounts map to which IAM user and groups through which provider; with
      --token, says whether IAM would admit that token and, if not, which check or rule fails.
      Exit code 1 when the token is denied.
`;

/** Runs the command with `argv` (without `node` and the script). Resolves to the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const out: CliIo = {
    stdout: io.stdout ?? ((text) => process.stdout.write(text)),
    stderr: io.stderr ?? ((text) => process.stderr.write(text)),
    signal: io.signal,
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'emulate':
        return await emulate(rest, out);
      case 'explain':
        return await runExplain(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        out.stderr(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    // Error messages repeat user input (paths, names): nothing credential-shaped is printed.
    if (error instanceof UsageError) {
      out.stderr(`${redactSecrets(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof EmulatorConfigError) {
      out.stderr(`error: ${redactSecrets(error.message)} [${error.code}]\n`);
      return 2;
    }
    out.stderr(`error: ${redactSecrets(error instanceof Error ? error.message : showValue(error))}\n`);
    return 2;
  }
}

class UsageError extends Error {}

async function emulate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    terraform: { type: 'string', multiple: true },
    port: { type: 'string' },
    host: { type: 'string' },
    'service-port': { type: 'string' },
    'token-lifetime': { type: 'string' },
    'clock-skew': { type: 'string' },
    'allow-non-loopback': { type: 'boolean' },
    tls: { type: 'boolean' },
  });
  const terraform = [...(values.terraform as string[] | undefined ?? []), ...positionals];
  if (terraform.length === 0) throw new UsageError('emulate needs --terraform <path to cdk.tf.json>');
  const emulator = await startIamEmulator({
    terraform,
    host: values.host as string | undefined,
    port: integer(values.port, '--port'),
    servicePort: integer(values['service-port'], '--service-port'),
    tokenLifetimeSeconds: integer(values['token-lifetime'], '--token-lifetime'),
    clockSkewSeconds: integer(values['clock-skew'], '--clock-skew'),
    allowNonLoopback: values['allow-non-loopback'] === true,
    tls: values.tls === true,
    log: (line) => io.stderr(`${line}\n`),
  });
  io.stdout(`listening on ${emulator.url}\n`);
  if (emulator.caFile !== undefined) io.stdout(`ca-file ${emulator.caFile}\n`);
  io.stdout(`service on ${emulator.serviceUrl}\n`);
  for (const p of emulator.providers) {
    io.stderr(`loaded identity provider "${p.name}" (${p.enabled ? 'enabled' : 'disabled'}) from ${p.source}\n`);
  }
  await waitForStop(io.signal);
  await emulator.stop();
  io.stderr('stopped\n');
  return 0;
}

async function runExplain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    token: { type: 'string' },
    provider: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('explain needs the path of a cdk.tf.json');
  const tokenFile = values.token as string | undefined;
  const token = tokenFile === undefined ? undefined : readToken(tokenFile);
  const report = await explain(positionals, { token, provider: values.provider as string | undefined });
  io.stdout(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatExplainReport(report));
  return report.token === undefined || report.token.admitted ? 0 : 1;
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const hint = /^eyJ/.test(file) ? ' (--token takes the path of a file holding the token, or - for stdin, not the token itself)' : '';
    throw new Error(`cannot read token file ${showValue(file)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}${hint}`);
  }
  const token = text.trim();
  if (token === '') throw new Error(`token file ${showValue(file)} is empty`);
  return token;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

function parse(args: readonly string[], options: OptionSpec): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integer(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`${flag} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
