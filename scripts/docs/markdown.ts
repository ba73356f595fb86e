/**
 * A small, line-based reading of the repository's Markdown: fenced code blocks (with the HTML
 * comment marker written just before each), headings and the anchors GitHub gives them, and the
 * links. Used by the docs tests (test/docs/) and by the API reference generator; every scan is one
 * pass over the text (no backtracking patterns over unbounded input).
 */

/** A fenced code block. */
export interface CodeBlock {
  /** The Markdown file, as given to {@link parseMarkdown}. */
  readonly file: string;
  /** The info string's first word (`ts`, `console`, …), lower case; `''` when the fence has none. */
  readonly lang: string;
  /** The code between the fences, each line ending in `\n`. */
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The nearest heading above the block (its text), `''` before the first heading. */
  readonly heading: string;
  /** Index of the block among the blocks of the same `lang` group under the same heading (0-based). */
  readonly index: number;
  /** The marker comment on the last non-blank line before the fence (`<!-- name: value -->`), if any. */
  readonly marker?: { readonly name: string; readonly value: string };
}

/** A heading and the anchor GitHub derives from it. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  readonly line: number;
}

/** A link target written in the file (inline `[text](target)`, a reference definition or an HTML `href`). */
export interface Link {
  readonly target: string;
  readonly line: number;
}

export interface ParsedMarkdown {
  readonly blocks: readonly CodeBlock[];
  readonly headings: readonly Heading[];
  /** Every anchor a link may name: heading slugs, and `id`/`name` attributes of HTML elements. */
  readonly anchors: ReadonlySet<string>;
  readonly links: readonly Link[];
}

/** Languages compiled as TypeScript; they share one index sequence per heading. */
export const TYPESCRIPT_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript']);

/** Block markers the docs tests understand. */
export const MARKER = /^<!--\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*-->$/;

/**
 * The text a heading shows once inline Markdown is rendered: `[text](url)` → text, images and
 * HTML tags dropped, emphasis markers and code backticks removed (underscores inside words stay,
 * as on GitHub).
 */
export function headingText(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '<') {
      const close = raw.indexOf('>', i);
      if (close > i) { i = close + 1; continue; }
    }
    if (c === '!' && raw[i + 1] === '[') { i += 1; continue; }
    if (c === ']' && raw[i + 1] === '(') {
      const close = raw.indexOf(')', i);
      if (close > i) { i = close + 1; continue; }
    }
    if (c === '[' || c === ']' || c === '`' || c === '*') { i += 1; continue; }
    if (c === '_' && (i === 0 || i === raw.length - 1 || !/\w/.test(raw[i - 1]) || !/\w/.test(raw[i + 1]))) { i += 1; continue; }
    if (c === '\\' && i + 1 < raw.length) { out += raw[i + 1]; i += 2; continue; }
    out += c;
    i += 1;
  }
  return out.trim();
}

/** GitHub's anchor for a heading text: lower case, punctuation except `-` and `_` removed, each space → `-`. */
export function githubSlug(text: string): string {
  return headingText(text).toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Assigns GitHub's duplicate suffixes: the second `foo` is `foo-1`, the third `foo-2`. */
export class SlugCounter {
  private readonly seen = new Map<string, number>();
  public next(text: string): string {
    const base = githubSlug(text);
    let slug = base;
    let n = this.seen.get(base) ?? 0;
    while (this.seen.has(slug)) {
      n += 1;
      slug = `${base}-${n}`;
    }
    this.seen.set(base, n);
    this.seen.set(slug, 0);
    return slug;
  }
}

/** Inline links `](target)` on one line outside code spans, plus `href="…"`. Linear: one scan per line. */
function linksOnLine(line: string, lineNo: number, into: Link[]): void {
  const definition = /^ {0,3}\[[^\]]+\]:\s+(\S+)/.exec(line);
  if (definition) into.push({ target: definition[1].replace(/^<|>$/g, ''), line: lineNo });
  let inCode = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === '`') { inCode = !inCode; continue; }
    if (inCode) continue;
    if (c === ']' && line[i + 1] === '(') {
      const close = line.indexOf(')', i + 2);
      if (close < 0) continue;
      const target = line.slice(i + 2, close).trim().split(/\s+/)[0].replace(/^<|>$/g, '');
      into.push({ target, line: lineNo });
      i = close;
    } else if (c === 'h' && line.startsWith('href="', i)) {
      const close = line.indexOf('"', i + 6);
      if (close > 0) into.push({ target: line.slice(i + 6, close), line: lineNo });
    }
  }
}

/** `id="…"` and `name="…"` attributes on one line (HTML anchors). */
function htmlAnchors(line: string, into: Set<string>): void {
  for (const attr of ['id="', 'name="']) {
    let from = 0;
    for (;;) {
      const at = line.indexOf(attr, from);
      if (at < 0) break;
      const close = line.indexOf('"', at + attr.length);
      if (close < 0) break;
      if (at === 0 || /[\s<]/.test(line[at - 1])) into.add(line.slice(at + attr.length, close));
      from = close + 1;
    }
  }
}

/** Reads `text` (the content of `file`). */
export function parseMarkdown(file: string, text: string): ParsedMarkdown {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  const headings: Heading[] = [];
  const anchors = new Set<string>();
  const links: Link[] = [];
  const slugs = new SlugCounter();
  const perHeading = new Map<string, number>();
  let heading = '';
  let headingLine = 0;
  let fence: { char: string; length: number; lang: string; line: number; body: string[]; marker?: CodeBlock['marker'] } | undefined;
  let lastNonBlank = '';
  for (let n = 0; n < lines.length; n += 1) {
    const line = lines[n];
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length && fenceMatch[2] === '') {
        const group = TYPESCRIPT_LANGS.has(fence.lang) ? 'ts' : fence.lang;
        const key = `${headingLine}\u0000${group}`;
        const index = perHeading.get(key) ?? 0;
        perHeading.set(key, index + 1);
        blocks.push({
          file, lang: fence.lang, code: fence.body.map((l) => `${l}\n`).join(''), line: fence.line, heading, index,
          ...(fence.marker ? { marker: fence.marker } : {}),
        });
        fence = undefined;
        lastNonBlank = '';
      } else {
        fence.body.push(line);
      }
      continue;
    }
    if (fenceMatch) {
      const m = MARKER.exec(lastNonBlank.trim());
      fence = {
        char: fenceMatch[1][0], length: fenceMatch[1].length, lang: fenceMatch[2].toLowerCase(), line: n + 1, body: [],
        ...(m ? { marker: { name: m[1], value: m[2] } } : {}),
      };
      continue;
    }
    const atx = /^ {0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (atx) {
      const raw = atx[2].replace(/\s+#+\s*$/, '');
      const slug = slugs.next(raw);
      anchors.add(slug);
      heading = headingText(raw);
      headingLine = n + 1;
      headings.push({ level: atx[1].length, text: heading, slug, line: n + 1 });
    }
    htmlAnchors(line, anchors);
    linksOnLine(line, n + 1, links);
    if (line.trim() !== '') lastNonBlank = line;
  }
  return { blocks, headings, anchors, links };
}
