/**
 * The generated API references:
 *
 * - `API.md`: the root entry (the constructs), by jsii-docgen from the jsii assembly that
 *   scripts/jsii-check.ts compiles into `.tmp/jsii/` (the reference Construct Hub shows);
 * - `docs/api/runtime.md`, `docs/api/testing.md`: `./runtime` and `./testing` (not jsii modules),
 *   one page each, rendered here from the doc model (`.api.json`) that scripts/api-report.ts has
 *   API Extractor write beside the API reports.
 *
 * `npm run docs:api` rewrites all three; `npm test` (api:check, jsii:check) fails when one is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SlugCounter } from './markdown';

/** The command that regenerates every generated reference. */
export const DOCS_API_COMMAND = 'npm run docs:api';

/**
 * Compares `content` with the committed `file`; with `update`, writes it instead. Returns the
 * message to print when the committed file is stale (and not updated), otherwise undefined.
 */
export function syncGenerated(root: string, file: string, content: string, update: boolean): string | undefined {
  const path = join(root, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === content) return undefined;
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    process.stdout.write(`wrote ${relative(root, path)}\n`);
    return undefined;
  }
  return `${file} is ${current === undefined ? 'missing' : 'stale'} (it is generated from the public API). `
    + `Run \`${DOCS_API_COMMAND}\` and commit ${file}.`;
}

/** API.md for the jsii assembly in `jsiiDir` (TypeScript signatures; the README is not repeated). */
export async function renderJsiiApiMarkdown(jsiiDir: string): Promise<string> {
  // Loaded on demand: jsii-docgen pulls in jsii-reflect and jsii-rosetta.
  const { Documentation, Language } = await import('jsii-docgen');
  const docs = await Documentation.forProject(resolve(jsiiDir));
  try {
    const markdown = await docs.toMarkdown({ language: Language.TYPESCRIPT, readme: false, allSubmodules: true });
    return `${markdown.render().trimEnd()}\n`;
  } finally {
    await docs.cleanup();
  }
}

interface Token { readonly kind: string; readonly text: string }
interface ModelItem {
  readonly kind: string;
  readonly name?: string;
  readonly docComment?: string;
  readonly excerptTokens?: readonly Token[];
  readonly members?: readonly ModelItem[];
  readonly isOptional?: boolean;
}

/** A doc comment split into its summary and block tags (`@default`, `@deprecated`, `@param x`, …). */
interface DocParts { readonly summary: string; readonly tags: ReadonlyArray<{ tag: string; text: string }> }

/** Tags that only steer tools (jsii, API Extractor) and are not shown. */
const HIDDEN_TAGS: ReadonlySet<string> = new Set(['@jsii', '@internal', '@public', '@sealed', '@virtual', '@override', '@privateRemarks']);

/** `{@link X}` and `{@link X | text}` → `` `X` `` / text; one pass. */
function inlineLinks(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf('{@link', from);
    const close = at < 0 ? -1 : text.indexOf('}', at);
    if (close < 0) return out + text.slice(from);
    const body = text.slice(at + 6, close).trim();
    const bar = body.indexOf('|');
    const target = (bar < 0 ? body : body.slice(0, bar)).trim();
    const label = bar < 0 ? '' : body.slice(bar + 1).trim();
    const url = /^https?:\/\//.test(target);
    out += text.slice(from, at) + (url ? `[${label || target}](${target})` : label || `\`${target}\``);
    from = close + 1;
  }
}

/** A blank line before an opening and after a closing code fence (Markdown renders a fence glued to a paragraph badly). */
function blankAroundFences(text: string): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    const fence = line.trimStart().startsWith('```');
    if (fence && !fenced && out.length > 0 && out[out.length - 1].trim() !== '') out.push('');
    out.push(line);
    if (fence) fenced = !fenced;
    if (fence && !fenced) out.push('');
  }
  return out.join('\n').trim();
}

export function parseDocComment(comment: string | undefined): DocParts {
  if (comment === undefined) return { summary: '', tags: [] };
  const lines = comment.split('\n').map((l) => l.replace(/^\s*\/\*\*\s?/, '').replace(/\s*\*\/\s*$/, '').replace(/^\s*\*\s?/, ''));
  const summary: string[] = [];
  const tags: Array<{ tag: string; text: string }> = [];
  let fenced = false;
  for (const line of lines) {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    const tag = fenced ? null : /^(@[A-Za-z]+)\s?(.*)$/.exec(line.trim());
    if (tag) tags.push({ tag: tag[1], text: tag[2] });
    else if (tags.length > 0) tags[tags.length - 1].text += `\n${line}`;
    else summary.push(line);
  }
  const tidy = (text: string): string => blankAroundFences(inlineLinks(text.trim()));
  return { summary: tidy(summary.join('\n')), tags: tags.filter((t) => !HIDDEN_TAGS.has(t.tag)).map((t) => ({ tag: t.tag, text: tidy(t.text) })) };
}

/** The declaration text of an item (`export declare` dropped; members on one line). */
function signature(item: ModelItem, oneLine: boolean): string {
  const text = (item.excerptTokens ?? []).map((t) => t.text).join('').replace(/^export declare /, '').replace(/^export /, '').trim();
  return oneLine ? text.replace(/\s+/g, ' ').replace(/;$/, '') : text;
}

const KIND_ORDER: ReadonlyArray<[string, string]> = [
  ['Class', 'Classes'], ['Function', 'Functions'], ['Interface', 'Interfaces'], ['Enum', 'Enums'],
  ['TypeAlias', 'Type aliases'], ['Variable', 'Constants'], ['Namespace', 'Namespaces'],
];

/** The tag lines under a declaration: parameters, returns, default, deprecation, examples, other tags. */
function tagLines(parts: DocParts): string[] {
  const out: string[] = [];
  for (const { tag, text } of parts.tags) {
    const oneLine = text.replace(/\n(?!\s*```)/g, ' ');
    if (tag === '@param') {
      const [name, ...rest] = text.replace(/\s*-\s*/, ' ').split(/\s+/);
      out.push(`- Parameter \`${name}\`: ${rest.join(' ').trim()}`);
    } else if (tag === '@returns') out.push(`- Returns: ${oneLine}`);
    else if (tag === '@default' || tag === '@defaultValue') out.push(`- Default: ${oneLine.includes('`') ? oneLine : `\`${oneLine}\``}`);
    else if (tag === '@deprecated') out.push(`- **Deprecated**: ${oneLine}`);
    else if (tag === '@throws') out.push(`- Throws: ${oneLine}`);
    else if (tag === '@see') out.push(`- See: ${oneLine}`);
    else if (tag === '@remarks') out.push('', text);
    else if (tag === '@example') out.push('', 'Example:', '', text.includes('```') ? text : `\`\`\`ts\n${text}\n\`\`\``);
    else out.push(`- ${tag.slice(1)}: ${oneLine}`);
  }
  return out;
}

/** One member of a class, interface or enum: its signature, summary and tags, as a list item. */
function memberLines(member: ModelItem): string[] {
  const parts = parseDocComment(member.docComment);
  const code = `\`${signature(member, true).replace(/`/g, "'")}\``;
  const out: string[] = [];
  if (parts.summary.includes('```')) {
    // A summary with a code block: its paragraphs and the block indented under the item.
    out.push(`- ${code}:`, '');
    for (const line of parts.summary.split('\n')) out.push(line === '' ? '' : `  ${line}`);
    out.push('');
  } else {
    out.push(`- ${code}${parts.summary ? `: ${parts.summary.replace(/\n+/g, ' ')}` : ''}`);
  }
  for (const line of tagLines({ summary: '', tags: parts.tags.filter((t) => t.tag !== '@example' && t.tag !== '@remarks') })) {
    if (line !== '') out.push(`  ${line}`);
  }
  return out;
}

/**
 * One Markdown page for an entry point of the doc model at `apiJsonPath`: a table of contents by
 * kind, then each export with its declaration, documentation and members.
 */
export function renderApiModelMarkdown(apiJsonPath: string, entry: string, sourceNote: string): string {
  const model = JSON.parse(readFileSync(apiJsonPath, 'utf8')) as ModelItem;
  const items = [...(model.members?.[0]?.members ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  const slugs = new SlugCounter();
  slugs.next(`\`${entry}\` API reference`);
  const out: string[] = [
    `# \`${entry}\` API reference`,
    '',
    `<!-- Generated by \`${DOCS_API_COMMAND}\` from ${sourceNote}; do not edit. -->`,
    '',
    `Every export of \`${entry}\`, with its documentation comment. The declarations are the built \`.d.ts\`; `
      + 'the API report in `api/` is the reviewed form of the same surface.',
    '',
  ];
  const sections: string[] = [];
  const toc: string[] = [];
  for (const [kind, title] of KIND_ORDER) {
    const ofKind = items.filter((i) => i.kind === kind);
    if (ofKind.length === 0) continue;
    const names = [...new Set(ofKind.map((i) => i.name ?? ''))];
    toc.push(`- [${title}](#${slugs.next(title)}): ${names.map((n) => `[${n}](#${slugs.next(n)})`).join(', ')}`);
    sections.push(`## ${title}`, '');
    const done = new Set<string>();
    for (const item of ofKind) {
      const name = item.name ?? '';
      if (done.has(name)) continue;
      done.add(name);
      const overloads = ofKind.filter((i) => i.name === name);
      sections.push(`### ${name}`, '', '```ts', ...overloads.map((o) => signature(o, false)), '```', '');
      for (const overload of overloads) {
        const parts = parseDocComment(overload.docComment);
        if (parts.summary) sections.push(parts.summary, '');
        const tags = tagLines(parts);
        if (tags.length > 0) sections.push(...tags, '');
      }
      const members = overloads.flatMap((o) => o.members ?? []);
      if (members.length > 0) sections.push('Members:', '', ...members.flatMap(memberLines), '');
    }
  }
  return `${[...out, ...toc, '', ...sections].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
