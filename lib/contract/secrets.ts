/**
 * The one set of secret patterns of the package and the redaction built on them: what a JWT, a PEM
 * block, URL credentials and key material look like. Part of lib/contract (no imports): the
 * declaration's messages (lib/core), the pod runtime's errors and logs (lib/runtime), the CLI and
 * the emulator all redact with these patterns.
 *
 * Two policies share the patterns, because the texts differ:
 * - {@link redactSecrets} (declaration, CLI, emulator): text that repeats user input (construct
 *   paths, file names, labels) where long names are common, so only runs that look random are key
 *   material; each kind of secret is replaced by a marker naming it (`[redacted JWT]`, …).
 * - {@link redactTokens} (runtime, CLI child-process output): text from IAM, the kubelet or a
 *   child process, where any long opaque run that is not a path may be a token (hex security
 *   tokens are all lower case), and the live secret values the caller holds are removed too;
 *   everything is replaced by {@link REDACTED}.
 */

/** What a value that looks like a credential is shown as: never echoed. */
export type SecretKind = 'JWT' | 'PEM key' | 'URL credentials' | 'key material';

/**
 * A JWS in compact form: header and payload start with `eyJ` (base64url of `{"`); the signature
 * segment, when present, is part of the secret and is matched (and redacted) with it.
 */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/;
/** The start of a PEM block (a private key, a certificate). */
export const PEM_SHAPE = /-----BEGIN [A-Z0-9 ]*-----/;
/** A whole PEM block, or its start up to the end of the text when it is cut off. */
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$)/g;
/** A URL with `user:password@`. */
export const URL_CREDENTIALS_SHAPE = /[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]*@/i;
/**
 * A run of 40 or more base64/base64url/hex characters: a candidate for key material (a JWK "d", a
 * secret key, an IAM or security token).
 */
const OPAQUE_RUN = /[A-Za-z0-9+/_=-]{40,}/g;

/** Replacement text of {@link redactTokens}. */
export const REDACTED = '[REDACTED]';

/** Shortest live value {@link redactTokens} removes (shorter strings would redact ordinary words). */
export const MIN_SECRET_LENGTH = 8;

/**
 * Whether a run looks random rather than like a name: it mixes upper case, lower case and digits
 * (Kubernetes names are lower case, IAM names and key IDs are short; a 40-character random base64
 * run lacks one of the three with probability below 1e-4).
 */
function looksRandom(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

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

/**
 * Whether a value pasted into a name field is (or holds) a credential: a JWT (e.g. a ServiceAccount
 * token pasted as the client ID), a PEM block, a URL with `user:password@`, or a long random
 * base64 run such as a private JWK member or a secret key. Such values are never echoed in messages;
 * non-strings are judged by their JSON text when they have one.
 */
export function secretKind(value: unknown): SecretKind | undefined {
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'object' && value !== null) {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
    } catch {
      return undefined;
    }
  } else {
    return undefined;
  }
  if (JWT_SHAPE.test(text)) return 'JWT';
  if (PEM_SHAPE.test(text)) return 'PEM key';
  if (URL_CREDENTIALS_SHAPE.test(text)) return 'URL credentials';
  if ((text.match(OPAQUE_RUN) ?? []).some(looksRandom)) return 'key material';
  return undefined;
}

/**
 * Removes anything credential-shaped ({@link secretKind}'s patterns) from a message: the last line
 * of defence for text that repeats user input (construct paths, file names, labels).
 */
export function redactSecrets(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    // The whole token, signature included (JWT_SHAPE matches the signature segment too).
    .replace(new RegExp(JWT_SHAPE.source, 'g'), '[redacted JWT]')
    .replace(new RegExp(URL_CREDENTIALS_SHAPE.source, 'gi'), (m) => `${m.slice(0, m.indexOf('://') + 3)}[redacted]@`)
    .replace(OPAQUE_RUN, (run) => (looksRandom(run) ? '[redacted]' : run));
}

/**
 * Removes every given live secret (values shorter than {@link MIN_SECRET_LENGTH} are skipped) and
 * anything token-shaped from `text`: JWTs and every long opaque run that is not a path. Pure.
 */
export function redactTokens(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(new RegExp(JWT_SHAPE.source, 'g'), REDACTED).replace(OPAQUE_RUN, (run) => (isPathLike(run) ? run : REDACTED));
}
