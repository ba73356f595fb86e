/**
 * Redaction guard: every string that leaves the runtime module (error messages, log lines) goes
 * through {@link redact}. It removes the live secret values the provider currently holds and,
 * defensively, anything shaped like a token: JWTs, long base64/base64url/hex runs. Paths made of
 * ordinary words (`/var/run/secrets/workload-identity/oidc-token`) are kept.
 */

/** Replacement text for redacted values. */
export const REDACTED = '[REDACTED]';

/** Shortest live value the registry accepts (shorter strings would redact ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** JWT / JWS compact serialisation (header starts with `{"` → `eyJ`). */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
/**
 * Candidate runs of 40 characters or more from the base64, base64url and hex alphabets (IAM tokens,
 * security tokens, secret keys). A candidate is redacted unless {@link isPathLike}.
 */
const LONG_OPAQUE_PATTERN = /[A-Za-z0-9+/_=-]{40,}/g;
/**
 * One "word" of a path: 1-39 characters of one letter case (`secrets`, `oidc-token`, `OS-AUTH`, `v3`)
 * or a capitalised word (`Users`); no `+` or `=`. A random base64 segment is mixed-case.
 */
const PATH_WORD = /^(?:[a-z0-9_-]{1,39}|[A-Z0-9_-]{1,39}|[A-Z][a-z0-9_-]{1,38})$/;

/**
 * Whether a long candidate run is a filesystem or URL path rather than a secret: it has at least one
 * `/` and every `/`-separated segment is a {@link PATH_WORD}. Standard base64 also contains `/`, but
 * its segments are mixed-case (a 40-character random run passes with probability below 1e-9), and a
 * path ending in a long opaque segment (`/tokens/<64 hex>`) is not path-like. Not "starts with `/`":
 * a secret quoted after a `/` (`.../<base64>`) or a base64 value that begins with `/` would escape.
 */
function isPathLike(run: string): boolean {
  return run.includes('/') && run.split('/').every((segment) => segment === '' || PATH_WORD.test(segment));
}

/** Remove token-shaped text and every given secret from `text`. Pure. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(JWT_PATTERN, REDACTED).replace(LONG_OPAQUE_PATTERN, (run) => (isPathLike(run) ? run : REDACTED));
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
