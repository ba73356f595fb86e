/**
 * Excerpts of untrusted text of any length (an IAM error body, a `Location`, a socket error
 * message) for error messages. The redaction patterns run on a bounded head only: on megabytes
 * they cost time for nothing shown, and V8's regular expressions overflow their stack on a
 * multi-megabyte opaque run (a `RangeError` instead of the error the caller meant to throw).
 * Also the provider's safety net, {@link asWorkloadIdentityError}, which excerpts what it wraps.
 */
import { InternalError, WorkloadIdentityError } from './errors';
import { REDACTED, safeExcerpt } from './redact';

/** How much of the text is redacted and excerpted; far more than any excerpt shows. */
export const EXCERPT_WINDOW = 4096;

function isSpace(char: string | undefined): boolean {
  return char !== undefined && /\s/.test(char);
}

/**
 * A short, redacted, single-line excerpt of the first {@link EXCERPT_WINDOW} characters of `text`
 * (see `safeExcerpt`). The head is never cut inside a word: a secret cut in two would match
 * neither its live value nor, when its head is short, the token patterns; such a word is shown as
 * `[REDACTED]`. Linear in the window, whatever the length of `text`.
 */
export function boundedExcerpt(text: string, secrets: Iterable<string> = [], maxLength = 200): string {
  if (text.length <= EXCERPT_WINDOW) return safeExcerpt(text, secrets, maxLength);
  let end = EXCERPT_WINDOW;
  if (!isSpace(text[end])) while (end > 0 && !isSpace(text[end - 1])) end--;
  const head = safeExcerpt(text.slice(0, end), secrets, maxLength);
  if (head.endsWith('…')) return head;
  return `${head}${head === '' ? '' : ' '}${end < EXCERPT_WINDOW ? REDACTED : ''}…`;
}

/** The first `max` characters of `text` (for classifying by keywords without scanning megabytes). */
export function head(text: string, max = EXCERPT_WINDOW): string {
  return text.length <= max ? text : text.slice(0, max);
}

/**
 * The safety net under every load of the provider: whatever escapes the exchanges' own error
 * handling (a bug, a custom `fetch` that throws something odd) still reaches the caller as a coded
 * error (`ERR_INTERNAL`), with a redacted copy of the original as `cause`, never the original.
 */
export function asWorkloadIdentityError(error: unknown, doing: string, secrets: Iterable<string>): WorkloadIdentityError {
  if (error instanceof WorkloadIdentityError) return error;
  const name = error instanceof Error ? boundedExcerpt(error.name, [], 40) : typeof error;
  const message = error instanceof Error ? boundedExcerpt(error.message, secrets) : '';
  const cause = Object.assign(new Error(message), { name });
  return new InternalError(`unexpected ${name} while ${doing}${message !== '' ? `: ${message}` : ''}`, { cause });
}
