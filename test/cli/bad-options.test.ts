/**
 * Every command parses its options with the CLI's one parser (lib/cli/args.ts): an unknown option, a
 * value option without its value and a flag given a value are reported the same way everywhere —
 * the option named, a fix, the command's code, the command's usage — all at once, with the command's
 * usage exit code, before anything is read or started.
 */
import { closeSync, openSync } from 'node:fs';
import { main } from '../../lib/cli/main';

interface Command {
  /** argv up to the options (the command and subcommand). */
  readonly argv: readonly string[];
  /** The code printed for a bad option. */
  readonly code: string;
  /** The usage exit code. */
  readonly exit: number;
  /** Text of the command's own usage. */
  readonly usage: string;
  /** One value option of the command, and one flag, when it has them. */
  readonly valued?: string;
  readonly flag?: string;
}

const COMMANDS: readonly Command[] = [
  { argv: ['emulate'], code: 'ERR_EMULATOR_BAD_OPTION', exit: 2, usage: 'cce-workload-identity emulate --terraform', valued: '--port',
    flag: '--tls' },
  { argv: ['explain'], code: 'ERR_EXPLAIN_BAD_OPTION', exit: 2, usage: 'cce-workload-identity explain <cdk.tf.json>', valued: '--provider',
    flag: '--json' },
  { argv: ['jwks', 'fetch'], code: 'ERR_JWKS_BAD_OPTION', exit: 2, usage: 'Usage: cce-workload-identity jwks fetch', valued: '--out' },
  { argv: ['jwks', 'diff'], code: 'ERR_JWKS_BAD_OPTION', exit: 2, usage: 'Usage: cce-workload-identity jwks diff', valued: '--provider',
    flag: '--json' },
  { argv: ['jwks', 'merge'], code: 'ERR_JWKS_BAD_OPTION', exit: 2, usage: 'Usage: cce-workload-identity jwks merge', valued: '--retention' },
  { argv: ['access'], code: 'ERR_ACCESS_BAD_OPTION', exit: 1, usage: 'cce-workload-identity access <cdk.tf.json>', flag: '--markdown' },
  { argv: ['access', 'diff'], code: 'ERR_ACCESS_BAD_OPTION', exit: 1, usage: 'cce-workload-identity access diff --base', valued: '--fail-on',
    flag: '--json' },
];

async function run(argv: readonly string[], stdinFd?: number): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, stdinFd });
  return { code, out, err };
}

type Case = [string, Command, readonly string[], readonly RegExp[]];
const CASES: Case[] = COMMANDS.flatMap((c): Case[] => {
  const name = c.argv.join(' ');
  return [
    [`${name}: unknown option`, c, ['--bogus'], [/Unknown option '--bogus': .* takes .*--help\. Fix: remove it, or correct its spelling/]],
    [`${name}: unknown option with a value`, c, ['--bogus=hidden-value'], [/Unknown option '--bogus'/]],
    [`${name}: unknown short option`, c, ['-z'], [/Unknown option '-z'/]],
    ...(c.valued === undefined ? [] : [
      [`${name}: value option at the end`, c, [c.valued], [new RegExp(`${c.valued} needs a value\\. Fix: ${c.valued} <`)]] as Case,
      [`${name}: value option followed by an option`, c, [c.valued, '--bogus'], [new RegExp(`${c.valued} needs a value`)]] as Case,
    ]),
    ...(c.flag === undefined ? [] : [
      [`${name}: flag given a value`, c, [`${c.flag}=yes`],
        [new RegExp(`${c.flag} takes no value \\(got ${c.flag}=…\\)\\. Fix: give ${c.flag} alone`)]] as Case,
    ]),
  ];
});

test.each(CASES)('%s', async (_name, command, options, messages) => {
  const { code, out, err } = await run([...command.argv, ...options]);
  expect(code).toBe(command.exit);
  expect(out).toBe('');
  for (const message of messages) expect(err).toMatch(message);
  expect(err).toContain(`[${command.code}]`);
  expect(err).toContain(command.usage);
  expect(err).not.toContain('hidden-value');
});

test.each(COMMANDS.map((c) => [c.argv.join(' '), c] as const))('%s: every bad option at once', async (_name, command) => {
  const { code, err } = await run([...command.argv, '--first-bad', '--second-bad', ...(command.valued === undefined ? [] : [command.valued])]);
  expect(code).toBe(command.exit);
  expect(err).toContain("Unknown option '--first-bad'");
  expect(err).toContain("Unknown option '--second-bad'");
  if (command.valued !== undefined) expect(err).toContain(`${command.valued} needs a value`);
  expect(err.split(`[${command.code}]`)).toHaveLength(2);
});

test('a secret typed as an option is not echoed, under any command', async () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDpvcmRlcnMifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
  for (const command of COMMANDS) {
    const { code, err } = await run([...command.argv, `--${jwt}`]);
    expect(code).toBe(command.exit);
    expect(err).toContain('Unknown option');
    expect(err).not.toContain(jwt.slice(0, 30));
  }
});

test('-- ends the options: what follows is a plain argument, and `-` alone is a value (stdin)', async () => {
  // explain takes the path after --: it is read (and missing), not taken for an option.
  const { code, err } = await run(['explain', '--', '--not-an-option.json']);
  expect(code).toBe(2);
  expect(err).toContain('--not-an-option.json');
  expect(err).not.toContain('Unknown option');
  // `--token -` reads the stdin it is given (here an empty file), never the test process's own,
  // which may be a pipe that stays open (the run would wait for ever).
  const empty = openSync('/dev/null', 'r');
  try {
    const stdin = await run(['explain', '/nonexistent.json', '--token', '-', '--provider', '-'], empty);
    expect(stdin.err).not.toContain('needs a value');
    expect(stdin.err).toContain('is empty');
  } finally {
    closeSync(empty);
  }
});

test('an unknown short-option argument is reported once, whole and redacted, never a character a line', async () => {
  const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12';
  for (const c of COMMANDS) {
    const { code, err } = await run([...c.argv, `-${secret}`]);
    expect(code).toBe(c.exit);
    expect(err.match(/Unknown option/g)).toHaveLength(1);
    expect(err).not.toContain(secret.slice(0, 12));
  }
});

test('a command line of many bad options lists ten and counts the rest', async () => {
  const { err } = await run(['explain', 'x.json', ...Array.from({ length: 50 }, (_, i) => `--bogus${i}`)]);
  expect(err.match(/Unknown option/g)).toHaveLength(10);
  expect(err).toContain('… and 40 more');
});
