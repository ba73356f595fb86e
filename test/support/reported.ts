import { SynthesisValidationError } from '../../lib';

/**
 * What a failed synthesis reports, for assertions on its content: the message (the wrapped,
 * human-readable report) followed by each error on one line (`errors`), so a test can look for a
 * rule or path without depending on where the report wraps.
 */
export function reported(error: Error): string {
  return error instanceof SynthesisValidationError ? `${error.message}\n${error.errors.join('\n')}` : error.message;
}
