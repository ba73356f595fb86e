/**
 * The provider's safety net, {@link asWorkloadIdentityError}, which excerpts what it wraps, and
 * {@link head}. Excerpts themselves are lib/contract's {@link excerpt}: every redaction scanner is a
 * hand-written single pass, linear in the text, and an excerpt looks at a bounded, word-aligned
 * window only.
 */
import { EXCERPT_WINDOW, excerpt } from '../contract/excerpt';
import { InternalError, WorkloadIdentityError } from './errors';

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
  const name = error instanceof Error ? excerpt(error.name, [], 40) : typeof error;
  const message = error instanceof Error ? excerpt(error.message, secrets) : '';
  const cause = Object.assign(new Error(message), { name });
  return new InternalError(`unexpected ${name} while ${doing}${message !== '' ? `: ${message}` : ''}`, { cause });
}
