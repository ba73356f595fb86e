/**
 * The one set of secret shapes of the package and the redaction built on them: what a JWT, a PEM
 * block, URL credentials and key material look like. Part of lib/contract (imports only
 * lib/contract): the declaration's messages (lib/core), the pod runtime's errors and logs
 * (lib/runtime), the CLI and the emulator all redact with these scanners.
 *
 * Every scanner is a hand-written single pass (no regular expression runs over the text), so
 * redaction is linear in the length of the text whatever it holds: hostile input (a megabyte of
 * `eyJ`, of letters without a terminator) costs what any other input of that length costs.
 * Detection runs on the text's decoded view (decoded-view.ts): a secret percent-encoded (`%2B`),
 * JSON-escaped (`\/`) or written as HTML character references is found and its original span
 * replaced.
 *
 * Two policies share the shapes, because the texts differ:
 * - {@link redactSecrets} (declaration, CLI, emulator): text that repeats user input (construct
 *   paths, file names, labels) where long names are common, so only runs that look random are key
 *   material; each kind of secret is replaced by a marker naming it (`[redacted JWT]`, …).
 * - {@link redactTokens} (runtime, CLI child-process output): text from IAM, the kubelet or a
 *   child process, where any long opaque run that is not a path may be a token (hex security
 *   tokens are all lower case), and the live secret values the caller holds are removed too, in
 *   every encoding the filter can compute (see {@link secretForms}); everything is replaced by
 *   {@link REDACTED}.
 */
import { decodedView, type DecodedView, replaceSpans, type Span } from './decoded-view';
import { secretForms } from './secret-forms';

export { secretForms };

/** What a value that looks like a credential is shown as: never echoed. */
export type SecretKind = 'JWT' | 'PEM key' | 'URL credentials' | 'key material';

/** Replacement text of {@link redactTokens}. */
export const REDACTED = '[REDACTED]';

/** Shortest live value {@link redactTokens} removes (shorter strings would redact ordinary words). */
export const MIN_SECRET_LENGTH = 8;

/** Shortest run of base64/base64url/hex characters taken for key material. */
const MIN_OPAQUE_RUN = 40;

function table(chars: string, ranges: ReadonlyArray<readonly [string, string]>): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  for (const [from, to] of ranges) for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += 1) t[c] = 1;
  return t;
}
const ALNUM: ReadonlyArray<readonly [string, string]> = [['A', 'Z'], ['a', 'z'], ['0', '9']];
/** base64url: a JWS segment. */
const B64URL = table('_-', ALNUM);
/** base64, base64url and hex: key material. */
const OPAQUE = table('+/_=-', ALNUM);
/** A URL scheme after its first letter (RFC 3986), either case. */
const SCHEME = table('+.-', ALNUM);
/** What a PEM label holds. */
const PEM_LABEL = table(' ', [['A', 'Z'], ['0', '9']]);

const inTable = (t: Uint8Array, code: number): boolean => code < 128 && t[code] === 1;

/** End of the run of `t` characters starting at `from`. */
function runEnd(text: string, from: number, t: Uint8Array): number {
  let i = from;
  while (i < text.length && inTable(t, text.charCodeAt(i))) i += 1;
  return i;
}

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** JavaScript's `\s` (WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * JWS compact serializations: `eyJ` (base64url of `{"`) and at least 4 more header characters, `.`,
 * a non-empty payload, and the signature segment when present (part of the secret). Linear: a
 * failed candidate skips the whole base64url run it started in, since any later start in that run
 * fails the same way.
 */
function jwtSpans(text: string, replacement: string): Span[] {
  const spans: Span[] = [];
  let pos = 0;
  for (;;) {
    const at = text.indexOf('eyJ', pos);
    if (at < 0) return spans;
    const headerEnd = runEnd(text, at + 3, B64URL);
    const payloadEnd = headerEnd - (at + 3) >= 4 && text[headerEnd] === '.' ? runEnd(text, headerEnd + 1, B64URL) : headerEnd;
    if (payloadEnd <= headerEnd + 1) {
      pos = headerEnd;
      continue;
    }
    const end = text[payloadEnd] === '.' ? runEnd(text, payloadEnd + 1, B64URL) : payloadEnd;
    spans.push({ from: at, to: end, replacement });
    pos = end;
  }
}

/** `-----BEGIN <LABEL>-----` at or after `from`: its start and the end of its header, or undefined. */
function pemHeader(text: string, from: number): { readonly at: number; readonly end: number } | undefined {
  let pos = from;
  for (;;) {
    const at = text.indexOf('-----BEGIN ', pos);
    if (at < 0) return undefined;
    const labelEnd = runEnd(text, at + 11, PEM_LABEL);
    if (text.startsWith('-----', labelEnd)) return { at, end: labelEnd + 5 };
    pos = labelEnd;
  }
}

/** Whole PEM blocks, or a block's start up to the end of the text when it is cut off. */
function pemSpans(text: string, replacement: string): Span[] {
  const spans: Span[] = [];
  let pos = 0;
  for (;;) {
    const header = pemHeader(text, pos);
    if (header === undefined) return spans;
    let end = text.length;
    let search = header.end;
    for (;;) {
      const at = text.indexOf('-----END ', search);
      if (at < 0) break;
      const labelEnd = runEnd(text, at + 9, PEM_LABEL);
      if (text.startsWith('-----', labelEnd)) {
        end = labelEnd + 5;
        break;
      }
      search = labelEnd;
    }
    spans.push({ from: header.at, to: end, replacement });
    pos = end;
  }
}

/**
 * `scheme://user:password@` (the scheme starts with a letter; user and password hold no `/?#@`
 * or whitespace): the span after `://` up to and including `@`, so the scheme stays readable.
 * On a decoded view, an `@` that came from an escape (`%40` inside a password) does not end the
 * userinfo when a written `@` follows; it ends it only when none does (a whole URL percent-encoded
 * into a query parameter).
 */
function urlCredentialSpans(view: DecodedView, replacement: string): Span[] {
  const { text, start, end } = view;
  const escaped = (k: number): boolean => start !== undefined && end !== undefined && end[k] - start[k] > 1;
  const spans: Span[] = [];
  let floor = 0;
  let pos = 0;
  for (;;) {
    const at = text.indexOf('://', pos);
    if (at < 0) return spans;
    pos = at + 1;
    let schemeStart = at;
    while (schemeStart > floor && inTable(SCHEME, text.charCodeAt(schemeStart - 1))) schemeStart -= 1;
    let letter = schemeStart;
    while (letter < at && !isLetter(text.charCodeAt(letter))) letter += 1;
    if (letter >= at) continue;
    let colon = -1;
    let escapedAt = -1;
    let colonBeforeEscapedAt = false;
    let i = at + 3;
    for (; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 0x40 && escaped(i)) {
        if (escapedAt < 0) {
          escapedAt = i;
          colonBeforeEscapedAt = colon >= 0;
        }
        continue;
      }
      // Any other terminator ends the run, escaped or not: so the next "://" starts at or after
      // the end of this run, and the runs scanned are disjoint (linear).
      if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x40 || isSpace(c)) break;
      if (c === 0x3a && colon < 0) colon = i;
    }
    const endAt = colon >= 0 && text[i] === '@' ? i : colonBeforeEscapedAt ? escapedAt : -1;
    if (endAt < 0) continue;
    spans.push({ from: at + 3, to: endAt + 1, replacement });
    floor = endAt + 1;
    pos = endAt + 1;
  }
}

/** Maximal runs of base64/base64url/hex characters of at least {@link MIN_OPAQUE_RUN}, kept when `keep` says so. */
function opaqueSpans(text: string, keep: (run: string) => boolean, replacement: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (!inTable(OPAQUE, text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const end = runEnd(text, i, OPAQUE);
    if (end - i >= MIN_OPAQUE_RUN && !keep(text.slice(i, end))) spans.push({ from: i, to: end, replacement });
    i = end;
  }
  return spans;
}

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
  return run.includes('/') && run.split('/').every((segment) => segment === '' || (segment.length < 40 && PATH_WORD.test(segment)));
}

/**
 * Applies detectors in order, each to the decoded view of the text the previous one left (the view
 * is decoded again only when a detector replaced something).
 */
function redactInPasses(text: string, detectors: ReadonlyArray<(view: DecodedView) => Span[]>): string {
  let out = text;
  let view: DecodedView = decodedView(out);
  for (const detect of detectors) {
    const spans = detect(view);
    if (spans.length === 0) continue;
    out = replaceSpans(out, view, spans);
    view = decodedView(out);
  }
  return out;
}

/**
 * Whether a value pasted into a name field is (or holds) a credential: a JWT (e.g. a ServiceAccount
 * token pasted as the client ID), a PEM block, a URL with `user:password@`, or a long random
 * base64 run such as a private JWK member or a secret key, also when escaped or percent-encoded.
 * Such values are never echoed in messages; non-strings are judged by their JSON text when they
 * have one. Linear in the length of the text.
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
  const decoded = decodedView(text);
  const view = decoded.text;
  if (jwtSpans(view, '').length > 0) return 'JWT';
  if (pemHeader(view, 0) !== undefined) return 'PEM key';
  if (urlCredentialSpans(decoded, '').length > 0) return 'URL credentials';
  if (opaqueSpans(view, (run) => !looksRandom(run), '').length > 0) return 'key material';
  return undefined;
}

const NOTHING_KEPT: ReadonlySet<string> = new Set();

/**
 * Removes anything credential-shaped ({@link secretKind}'s shapes, in any encoding the decoded view
 * undoes) from a message: the last line of defence for text that repeats user input (construct
 * paths, file names, labels).
 *
 * `keep` holds values the caller knows to be public (a provider name that passed its rule is
 * written to the output as it is): a run of key-material characters that equals one of them as a
 * whole is left alone, whatever its shape. Nothing else is kept: a kept value inside a longer run,
 * or a JWT, PEM block or URL credentials holding one, is redacted as before. The caller decides
 * what is public; the text never does. Linear in the length of the text (each run is looked up
 * once, and runs are disjoint).
 */
export function redactSecrets(text: string, keep: ReadonlySet<string> = NOTHING_KEPT): string {
  return redactInPasses(text, [
    (view) => pemSpans(view.text, '[redacted PEM]'),
    (view) => jwtSpans(view.text, '[redacted JWT]'),
    (view) => urlCredentialSpans(view, '[redacted]@'),
    (view) => opaqueSpans(view.text, (run) => keep.has(run) || !looksRandom(run), '[redacted]'),
  ]);
}

/** Every occurrence of any of `forms` in `text`, sorted, as spans replaced by {@link REDACTED}. */
function occurrenceSpans(text: string, forms: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const form of forms) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
      spans.push({ from: at, to: at + form.length, replacement: REDACTED });
    }
  }
  return spans.sort((a, b) => a.from - b.from || b.to - a.to);
}

/**
 * Removes every given live secret (values shorter than {@link MIN_SECRET_LENGTH} are skipped) in
 * each encoding of {@link secretForms}, as written or escaped, and anything token-shaped from
 * `text`: JWTs, the `user:password@` of URLs (a password is short: no other shape finds it) and
 * every long opaque run that is not a path. Pure; linear in the length of the text for a given set
 * of secrets.
 */
export function redactTokens(text: string, secrets: Iterable<string> = []): string {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of secretForms(secret, MIN_SECRET_LENGTH)) forms.add(form);
  // As written first (a secret holding "%" or "\\" is found before decoding changes it), then decoded.
  const out = forms.size > 0 ? replaceSpans(text, { text }, occurrenceSpans(text, forms)) : text;
  return redactInPasses(out, [
    (view) => (forms.size > 0 ? occurrenceSpans(view.text, forms) : []),
    (view) => jwtSpans(view.text, REDACTED),
    (view) => urlCredentialSpans(view, `${REDACTED}@`),
    (view) => opaqueSpans(view.text, isPathLike, REDACTED),
  ]);
}
