/**
 * A decoded view of a text for the secret filter (secrets.ts): the text with the escapes a server
 * or a log may wrap a secret in undone — percent-encoding (`%2B`, `%2f`), JSON and JavaScript
 * string escapes (`\/`, `\u002B`, `\n`), HTML character references (`&#43;`, `&#x2F;`, `&amp;`) —
 * repeated for double encoding (`%252B`), with, for each character of the view, the span of the
 * original text it came from. Detection runs on the view; redaction replaces the mapped spans of
 * the original. Linear in the length of the text (a fixed number of passes, each a single scan).
 * Part of lib/contract: no imports.
 */

/** A decoded view and, when it differs from the text, where each of its characters came from. */
export interface DecodedView {
  /** The decoded text. */
  readonly text: string;
  /** Start (inclusive) in the original text of each view character; absent when the view is the text. */
  readonly start?: Int32Array;
  /** End (exclusive) in the original text of each view character; absent when the view is the text. */
  readonly end?: Int32Array;
}

/** A span of a view to replace: `[from, to)` in view coordinates. */
export interface Span {
  readonly from: number;
  readonly to: number;
  readonly replacement: string;
}

/** Decoding rounds (`%252B` needs two; a third catches `%25252B`). */
const MAX_ROUNDS = 3;

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Value of `count` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = 0; i < count; i += 1) {
    const digit = hexValue(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '/': '/', '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t', b: '\b', f: '\f',
};
const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', sol: '/', plus: '+', equals: '=' };

/** One escape at `at`: the decoded text and how many characters it took, or undefined. */
function escapeAt(text: string, at: number): { readonly value: string; readonly length: number } | undefined {
  const c = text[at];
  if (c === '%') {
    const byte = hexAt(text, at + 1, 2);
    return byte < 0 ? undefined : { value: String.fromCharCode(byte), length: 3 };
  }
  if (c === '\\') {
    const next = text[at + 1];
    if (next === undefined) return undefined;
    if (next === 'u') {
      const code = hexAt(text, at + 2, 4);
      return code < 0 ? undefined : { value: String.fromCharCode(code), length: 6 };
    }
    if (next === 'x') {
      const code = hexAt(text, at + 2, 2);
      return code < 0 ? undefined : { value: String.fromCharCode(code), length: 4 };
    }
    const simple = SIMPLE_ESCAPES[next];
    return simple === undefined ? undefined : { value: simple, length: 2 };
  }
  // c === '&': a character reference of at most 10 characters.
  let semi = -1;
  for (let i = at + 2; i <= at + 10 && i < text.length; i += 1) {
    if (text[i] === ';') {
      semi = i;
      break;
    }
  }
  if (semi < 0) return undefined;
  const body = text.slice(at + 1, semi);
  // `body` is at most 9 characters: these patterns run on bounded input.
  const code = /^#[0-9]{1,7}$/.test(body) ? Number(body.slice(1)) : /^#[xX][0-9A-Fa-f]{1,6}$/.test(body) ? parseInt(body.slice(2), 16) : -1;
  if (code < 0) {
    const named = Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : undefined;
    return named === undefined ? undefined : { value: named, length: semi - at + 1 };
  }
  return code > 0x10ffff ? undefined : { value: String.fromCodePoint(code), length: semi - at + 1 };
}

function hasEscapeCandidate(text: string): boolean {
  return text.includes('%') || text.includes('\\') || text.includes('&');
}

/** One decoding round: the view and the span of `text` each view character came from, or undefined if nothing decodes. */
function decodeOnce(text: string): { text: string; start: Int32Array; end: Int32Array } | undefined {
  if (!hasEscapeCandidate(text)) return undefined;
  const parts: string[] = [];
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  let n = 0;
  let segment = 0;
  let changed = false;
  const copyUpTo = (to: number): void => {
    if (to <= segment) return;
    parts.push(text.slice(segment, to));
    for (let k = segment; k < to; k += 1, n += 1) {
      start[n] = k;
      end[n] = k + 1;
    }
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const escape = c === 37 || c === 92 || c === 38 ? escapeAt(text, i) : undefined;
    if (escape === undefined) {
      i += 1;
      continue;
    }
    changed = true;
    copyUpTo(i);
    parts.push(escape.value);
    // A decoded astral character is two UTF-16 units: both map to the whole escape.
    for (let k = 0; k < escape.value.length; k += 1, n += 1) {
      start[n] = i;
      end[n] = i + escape.length;
    }
    i += escape.length;
    segment = i;
  }
  if (!changed) return undefined;
  copyUpTo(text.length);
  return { text: parts.join(''), start: start.slice(0, n), end: end.slice(0, n) };
}

/** The decoded view of `text` (the text itself when nothing in it decodes). Linear. */
export function decodedView(text: string): DecodedView {
  let view: DecodedView = { text };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const next = decodeOnce(view.text);
    if (next === undefined) break;
    const { start: outerStart, end: outerEnd } = view;
    if (outerStart !== undefined && outerEnd !== undefined) {
      for (let k = 0; k < next.text.length; k += 1) {
        next.start[k] = outerStart[next.start[k]];
        next.end[k] = outerEnd[next.end[k] - 1];
      }
    }
    view = next;
  }
  return view;
}

/**
 * Replaces the given spans of a view in the original `text`. Spans are in view coordinates, sorted
 * by `from`; an overlapping span is merged into the one before it (whose replacement is kept).
 */
export function replaceSpans(text: string, view: DecodedView, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const out: string[] = [];
  let cursor = 0;
  let previousEnd = -1;
  for (const span of spans) {
    const from = view.start === undefined ? span.from : view.start[span.from];
    const to = view.end === undefined ? span.to : view.end[span.to - 1];
    if (from < previousEnd) {
      // Overlap: extend the previous replacement over this span.
      cursor = Math.max(cursor, to);
      previousEnd = Math.max(previousEnd, to);
      continue;
    }
    out.push(text.slice(cursor, from), span.replacement);
    cursor = to;
    previousEnd = to;
  }
  out.push(text.slice(cursor));
  return out.join('');
}
