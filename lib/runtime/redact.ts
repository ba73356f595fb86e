/**
 * Redaction guard: every string that leaves the runtime module (error messages, log lines) goes
 * through {@link redact}. It removes the live secret values the provider currently holds and,
 * defensively, anything shaped like a token: JWTs, URL `user:password@`, long base64/base64url/hex runs. Paths made of
 * ordinary words (`/var/run/secrets/workload-identity/oidc-token`) are kept. The patterns are
 * lib/contract's (one set for the declaration, the runtime, the CLI and the emulator).
 */

import { MIN_SECRET_LENGTH, REDACTED, redactTokens } from '../contract/secrets';

/** Replacement text for redacted values. */
export { REDACTED };

/** Remove token-shaped text and every given secret from `text` (lib/contract's {@link redactTokens}). Pure. */
export const redact: (text: string, secrets?: Iterable<string>) => string = redactTokens;

/**
 * The set of secret values currently live in one provider (last ServiceAccount tokens read, IAM
 * tokens, secret keys, security tokens). Bounded: the oldest values are forgotten first, which is
 * safe because redaction also removes anything token-shaped.
 */
export class SecretRegistry implements Iterable<string> {
  private readonly values: string[] = [];
  constructor(private readonly capacity = 16) {}

  /** Remember a secret value (ignored when too short to redact safely). */
  add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
    const index = this.values.indexOf(value);
    if (index >= 0) this.values.splice(index, 1);
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }

  /** `redact(text, this)`. */
  redact(text: string): string {
    return redact(text, this.values);
  }
}
