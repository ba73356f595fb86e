/**
 * The encodings of a live secret value the secret filter (secrets.ts, `redactTokens`) removes,
 * besides the escapes its decoded view undoes (percent-encoding, JSON escapes, HTML references):
 * the value as written, in the other base64 alphabet (`+/` ↔ `-_`, padding dropped), base64 and
 * base64url of its UTF-8 bytes — at each of the three byte alignments it may have inside a longer
 * base64 text, so only the characters that depend on the secret alone — and hex in either case.
 * Part of lib/contract: no imports.
 */

/** Memoized forms of recently seen secrets (a provider holds a handful of live values at a time). */
const CACHE = new Map<string, readonly string[]>();
const CACHE_LIMIT = 64;

/** `text` without trailing `=` (by hand: `/=+$/` backtracks on a long run of `=` not at the end). */
function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end -= 1;
  return text.slice(0, end);
}

function toUrlAlphabet(b64: string): string {
  return withoutPadding(b64.replace(/\+/g, '-').replace(/\//g, '_'));
}

function toStandardAlphabet(b64url: string): string {
  return withoutPadding(b64url.replace(/-/g, '+').replace(/_/g, '/'));
}

/**
 * The base64 characters of `bytes` that do not depend on what precedes or follows them when they
 * start `offset` bytes (0-2) into a base64-encoded text: from character ceil(8·offset/6) to
 * floor(8·(offset+n)/6).
 */
function alignedBase64(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
}

/**
 * Every form of `secret` a server or a log may echo, of at least `minLength` characters (shorter
 * forms would redact ordinary text); none when the secret itself is shorter. Linear in the
 * secret's length (the `replace` calls swap single characters).
 */
export function secretForms(secret: string, minLength: number): readonly string[] {
  if (secret.length < minLength) return [];
  const cached = CACHE.get(secret);
  if (cached !== undefined) return cached;
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([secret, withoutPadding(secret), toUrlAlphabet(secret), toStandardAlphabet(secret)]);
  for (let offset = 0; offset < 3; offset += 1) {
    const b64 = alignedBase64(bytes, offset);
    forms.add(b64);
    forms.add(toUrlAlphabet(b64));
  }
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  const result = [...forms].filter((form) => form.length >= minLength);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(secret, result);
  return result;
}
