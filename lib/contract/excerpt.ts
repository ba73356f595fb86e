/**
 * The package's one excerpt of untrusted text for messages (an IAM error body, a `Location`, a
 * socket error, kubectl's stderr, an emulator exception, a Terraform expression): redacted, single
 * line, short. Part of lib/contract (imports only lib/contract): the runtime, the CLI, the emulator
 * and the IAM model's reader all excerpt with it.
 *
 * Order matters: the text is redacted first and cut afterwards. Cutting first can leave the head of
 * a secret that is too short for the token shapes to recognise (an opaque run shorter than 40
 * characters, a JWT without its payload) and so print part of it.
 */
import { REDACTED, redactSecrets, redactTokens } from './secrets';

/**
 * How much of the text is redacted and excerpted; far more than any excerpt shows. Redaction is
 * linear, but on megabytes it costs time for nothing shown.
 */
export const EXCERPT_WINDOW = 4096;

/**
 * Which redaction an {@link excerpt} applies: the live secret values the caller holds (with
 * `redactTokens`: these values, JWTs, URL credentials and every long opaque run that is not a path;
 * for text from IAM, the kubelet or a child process), or `'user-text'` (`redactSecrets`: for text that
 * repeats user input, where long names are common and only random-looking runs are key material).
 */
export type ExcerptSecrets = Iterable<string> | 'user-text';

function isSpace(char: string | undefined): boolean {
  return char !== undefined && /\s/.test(char);
}

/**
 * A redacted, single-line excerpt of `text` of at most `max` characters (and `…` when cut). Only the
 * first {@link EXCERPT_WINDOW} characters are looked at, and that window is never cut inside a word:
 * a secret cut in two would match neither its live value nor, when its head is short, the token
 * shapes; such a word is shown as a redaction marker. The window is redacted as a whole, then
 * whitespace runs become one space, then the result is cut at `max`. Linear in the window, whatever
 * the length of `text`.
 */
export function excerpt(text: string, secrets: ExcerptSecrets = [], max = 200): string {
  let end = text.length;
  if (end > EXCERPT_WINDOW) {
    end = EXCERPT_WINDOW;
    if (!isSpace(text[end])) while (end > 0 && !isSpace(text[end - 1])) end--;
  }
  const window = end === text.length ? text : text.slice(0, end);
  const redacted = secrets === 'user-text' ? redactSecrets(window) : redactTokens(window, secrets);
  const oneLine = redacted.replace(/\s+/g, ' ').trim();
  if (oneLine.length > max) return `${oneLine.slice(0, max)}…`;
  if (end === text.length) return oneLine;
  const marker = end < EXCERPT_WINDOW ? (secrets === 'user-text' ? '[redacted]' : REDACTED) : '';
  return `${oneLine}${oneLine === '' ? '' : ' '}${marker}…`;
}
