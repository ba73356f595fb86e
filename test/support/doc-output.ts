/**
 * Console blocks whose output a test reproduces: `<!-- output-of: <id> -->` before a ```console
 * block names a command of test/docs/outputs.ts; the test runs it and compares its output with
 * the block's lines that are not commands (`$ …` and their `\` continuations).
 *
 * In the block, `…` stands for any text within a line, and a line that is only `…` for any number
 * of lines (the docs shorten long output that way).
 */

/** The output lines of a console block: every line except `$ ` commands and their continuations. */
export function expectedOutput(block: string): string[] {
  const out: string[] = [];
  let continued = false;
  for (const line of block.replace(/\n$/, '').split('\n')) {
    const command: boolean = continued || line.startsWith('$ ');
    continued = command && line.endsWith('\\');
    if (!command) out.push(line);
  }
  return out;
}

/** Whether `line` matches `pattern`, where each `…` in the pattern matches any text. Linear in practice (one indexOf per piece). */
export function lineMatches(pattern: string, line: string): boolean {
  const pieces = pattern.split('…');
  if (pieces.length === 1) return pattern === line;
  if (!line.startsWith(pieces[0])) return false;
  let at = pieces[0].length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const found = line.indexOf(pieces[i], at);
    if (found < 0) return false;
    at = found + pieces[i].length;
  }
  const last = pieces[pieces.length - 1];
  return line.length - last.length >= at && line.endsWith(last);
}

/**
 * Compares the actual output with the block's expected lines; returns undefined when they match,
 * otherwise the first expected line that could not be matched. Lines of only `…` match any number
 * of lines (table of matches, expected × actual lines: bounded, no backtracking).
 */
export function compareOutput(expected: readonly string[], actualText: string): string | undefined {
  const actual = actualText.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
  const want = expected.map((l) => l.trimEnd());
  // can[i][j]: want[i..] matches actual[j..]
  const can: boolean[][] = Array.from({ length: want.length + 1 }, () => new Array<boolean>(actual.length + 1).fill(false));
  can[want.length][actual.length] = true;
  for (let i = want.length - 1; i >= 0; i -= 1) {
    for (let j = actual.length; j >= 0; j -= 1) {
      can[i][j] = want[i] === '…'
        ? can[i + 1][j] || (j < actual.length && can[i][j + 1])
        : j < actual.length && lineMatches(want[i], actual[j]) && can[i + 1][j + 1];
    }
  }
  if (can[0][0]) return undefined;
  // Report the first expected line from which no match continues, with the actual output.
  let j = 0;
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '…') continue;
    if (j < actual.length && lineMatches(want[i], actual[j])) { j += 1; continue; }
    return `expected line ${i + 1} "${want[i]}" but got "${actual[j] ?? '(end of output)'}"\nactual output:\n${actualText}`;
  }
  return `the output has more lines than the block shows\nactual output:\n${actualText}`;
}

/** The marker that says a console block's output is not the tool's (e.g. another program's): `<!-- not-tool-output: why -->`. */
export const NOT_TOOL_OUTPUT = 'not-tool-output';

/** A fenced block as the checks below need it (scripts/docs/markdown's CodeBlock has these). */
interface ConsoleBlockLike {
  readonly lang: string;
  readonly code: string;
  readonly marker?: { readonly name: string; readonly value: string };
}

/**
 * The console blocks that show output (a line that is not a `$ ` command, its continuation or
 * blank) but neither name the command a test reproduces it with (`output-of`) nor say, with a
 * reason, that it is not the tool's output (`not-tool-output: reason`).
 */
export function unreproducedOutputBlocks<B extends ConsoleBlockLike>(blocks: readonly B[]): B[] {
  return blocks.filter((b) => b.lang === 'console'
    && expectedOutput(b.code).some((line) => line.trim() !== '')
    && b.marker?.name !== 'output-of'
    && !(b.marker?.name === NOT_TOOL_OUTPUT && b.marker.value.trim() !== ''));
}
