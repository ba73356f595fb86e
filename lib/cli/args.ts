/**
 * The one command-line parser of the `cce-workload-identity` command: every command and subcommand
 * (`emulate`, `explain`, `jwks fetch|diff|merge`, `access [diff]`) declares its options here and
 * gets the same rules and the same messages.
 *
 * Built on node:util `parseArgs` (its tokens: `--flag value`, `--flag=value`, `-h`, `--`), with the
 * checks done here so that every problem of a command line is reported at once, each naming the
 * option and the fix, under one code per command (`[ERR_JWKS_BAD_OPTION]`, …):
 * - an option the command does not take (`Unknown option '--x'`, with the options it takes);
 * - a value option without its value (at the end, or followed by something that looks like an
 *   option: a value starting with "-" is given as `--flag=-value`; `-` alone is a value, stdin);
 * - a flag given a value (`--json=yes`).
 * A mistyped option may be a pasted secret: it is shown as a short excerpt, and the printer
 * (cli-errors.ts) redacts every line anyway; an unknown option's inline value is never shown.
 */
import { parseArgs } from 'node:util';
import { excerpt } from '../contract/excerpt';
import { UsageError } from './cli-errors';

/** One option of a command. */
export interface OptionSpec {
  /** `boolean`: a flag (`--json`); `string`: takes a value (`--out <file>`). */
  readonly type: 'string' | 'boolean';
  /** A string option given several times keeps every value (`--terraform a --terraform b`). */
  readonly multiple?: boolean;
  /**
   * A string option that also takes every following plain argument up to the next list option or
   * `--` (`--base a.json b.json --json --head c.json`); implies `multiple`.
   */
  readonly list?: boolean;
  /** What the value is, for messages (`<file>`). @default `<value>` */
  readonly placeholder?: string;
}

/** The options of a command, by long name (without `--`). `--help` / `-h` is always accepted. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A parsed command line. */
export interface ParsedArgs {
  /** Each option given: `true` for a flag, the value (the last one given), or every value of a `multiple` / `list` option. */
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** The plain arguments that belong to no `list` option, in order. */
  readonly positionals: string[];
}

/** Who parses: the command's name in messages (`jwks diff`) and its usage text, printed after the error. */
export interface ParseContext {
  readonly command: string;
  readonly usage?: string;
}

/** The code (after `ERR_<COMMAND>_`) of a command line with a bad option. */
export const BAD_OPTION = 'BAD_OPTION';

const HELP: OptionSpec = { type: 'boolean' };
/** The most bad options listed one by one (a longer command line is bounded output, with a count). */
const MAX_PROBLEMS = 10;

/**
 * Parses `args` against `options`; throws one {@link UsageError} (code {@link BAD_OPTION}) listing
 * every bad option. Linear in the length of the command line.
 */
export function parseCommandLine(args: readonly string[], options: OptionSpecs, context: ParseContext): ParsedArgs {
  const specs: Record<string, OptionSpec> = { ...options, help: options.help ?? HELP };
  const nodeOptions = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [
    name, { type: spec.type, multiple: spec.multiple === true || spec.list === true, ...(name === 'help' ? { short: 'h' } : {}) },
  ]));
  const { tokens } = parseArgs({ args: [...args], options: nodeOptions, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  /** The arguments (by index) already reported as unknown options. */
  const reported = new Set<number>();
  let list: string[] | undefined;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      list = undefined;
      continue;
    }
    if (token.kind === 'positional') {
      (list ?? positionals).push(token.value);
      continue;
    }
    const spec = Object.prototype.hasOwnProperty.call(specs, token.name) ? specs[token.name] : undefined;
    if (spec === undefined) {
      // One report per argument: node splits `-abc` into one short option per character, and a
      // pasted secret (`-<key>`) would otherwise be echoed a character a line, past the redactor.
      if (reported.has(token.index)) continue;
      reported.add(token.index);
      const typed = token.rawName.startsWith('--') ? token.rawName : args[token.index];
      // The option as typed, never its inline value; redacted and shortened (it may be a pasted secret).
      problems.push(`Unknown option '${excerpt(typed, 'user-text', 40)}': ${context.command} takes ${takes(specs)}. `
        + 'Fix: remove it, or correct its spelling');
      continue;
    }
    const flag = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) problems.push(`${flag} takes no value (got ${flag}=…). Fix: give ${flag} alone`);
      else values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (token.inlineValue !== true && value.length > 1 && value.startsWith('-'))) {
      const placeholder = spec.placeholder ?? '<value>';
      problems.push(`${flag} needs a value. Fix: ${flag} ${placeholder} (a value starting with "-" is given as ${flag}=<value>)`);
      continue;
    }
    if (spec.multiple === true || spec.list === true) {
      const all = (values[token.name] as string[] | undefined) ?? [];
      all.push(value);
      values[token.name] = all;
      if (spec.list === true) list = all;
    } else {
      values[token.name] = value;
    }
  }
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, problems.length - MAX_PROBLEMS, `… and ${problems.length - MAX_PROBLEMS} more`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'), context.usage, BAD_OPTION);
  return { values, positionals };
}

/** `--a, --b <file> or --help`: the options a command takes, for the unknown-option message. */
function takes(specs: Readonly<Record<string, OptionSpec>>): string {
  const names = Object.keys(specs).map((name) => `--${name}`);
  return names.length === 1 ? `only ${names[0]}` : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
