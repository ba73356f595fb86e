/**
 * Redaction guard: every string that leaves the runtime module (error messages, log lines) goes
 * through {@link redact}. It removes the live secret values the provider currently holds and,
 * defensively, anything shaped like a token: JWTs, long base64/base64url/hex runs.
 */

/** Replacement text for redacted values. */
export const REDACTED = '[REDACTED]';

/** Shortest live value the registry accepts (shorter strings would redact ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** JWT / JWS compact serialisation (header starts with `{"` → `eyJ`). */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
/** base64, base64url or hex runs of 40 characters or more (IAM tokens, security tokens, secrets). */
const LONG_OPAQUE_PATTERN = /[A-Za-z0-9+/_=-]{40,}/g;

/** Remove token-shaped text and every given secret from `text`. Pure. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(JWT_PATTERN, REDACTED).replace(LONG_OPAQUE_PATTERN, REDACTED);
}

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

/** A short, redacted, single-line excerpt of untrusted text (e.g. an IAM error message). */
export function safeExcerpt(text: string, secrets: Iterable<string> = [], maxLength = 200): string {
  const oneLine = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}
