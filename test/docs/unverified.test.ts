/**
 * docs/unverified.md is the one page of facts about Huawei Cloud that could not be verified, and it
 * cannot fall behind: every UNVERIFIED / UNKNOWN marker in lib/ (on its line or the next) and every
 * entry of SOURCES.md's "Unverified" section names an entry of the page by id (`unverified:<id>`),
 * every id named anywhere exists, and every entry says the fact, what the library does meanwhile
 * and what would settle it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseMarkdown } from '../../scripts/docs/markdown';

const ROOT = resolve(__dirname, '../..');
const PAGE = 'docs/unverified.md';
const MARKER = /\b(UNVERIFIED|UNKNOWN)\b/;
const ID = /unverified:([a-z0-9-]+)/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' || name === 'generated-cdktn' ? [] : sources(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const idsIn = (text: string): string[] => [...text.matchAll(ID)].map((m) => m[1]!);

const page = readFileSync(join(ROOT, PAGE), 'utf8');
const entries = parseMarkdown(PAGE, page).headings.filter((h) => h.level === 3);
const known = new Set(entries.flatMap((h) => idsIn(h.text)));

test('each entry of docs/unverified.md has one id and says the fact, the meanwhile and what would settle it', () => {
  expect(entries.length).toBeGreaterThan(20);
  expect(entries.map((h) => [h.text, idsIn(h.text).length])).toEqual(entries.map((h) => [h.text, 1]));
  expect(known.size).toBe(entries.length);
  const sections = page.split(/^### /m).slice(1);
  const incomplete = sections.filter((s) => !['- **Fact**:', '- **Meanwhile**:', '- **Would settle it**:'].every((b) => s.includes(b)))
    .map((s) => s.split('\n')[0]);
  expect(incomplete).toEqual([]);
});

interface Place { readonly where: string; readonly text: string }

/** Every marker in lib/, with its line and the next (where a wrapped comment puts the id). */
function libMarkers(): Place[] {
  return sources(join(ROOT, 'lib')).flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.flatMap((line, i) => (MARKER.test(line)
      ? [{ where: `${relative(ROOT, file)}:${i + 1}`, text: `${line}\n${lines[i + 1] ?? ''}` }] : []));
  });
}

/** The items of SOURCES.md's "Unverified" section and every line of SOURCES.md with a marker. */
function sourcesEntries(): Place[] {
  const lines = readFileSync(join(ROOT, 'SOURCES.md'), 'utf8').split('\n');
  const start = lines.indexOf('## Unverified');
  const places: Place[] = [];
  lines.forEach((line, i) => {
    const inSection = start >= 0 && i > start && !lines.slice(start + 1, i + 1).some((l) => l.startsWith('## '));
    if ((inSection && line.startsWith('- ')) || MARKER.test(line)) places.push({ where: `SOURCES.md:${i + 1}`, text: line });
  });
  return places;
}

test('every UNVERIFIED / UNKNOWN marker in lib/ names an entry of docs/unverified.md', () => {
  const markers = libMarkers();
  expect(markers.length).toBeGreaterThan(20);
  const bad = markers.filter((m) => idsIn(m.text).length === 0 || idsIn(m.text).some((id) => !known.has(id)))
    .map((m) => `${m.where}: ${m.text.split('\n')[0]!.trim()}`);
  expect(bad).toEqual([]);
});

test('every entry of SOURCES.md\'s "Unverified" section names an entry of docs/unverified.md', () => {
  const places = sourcesEntries();
  expect(places.length).toBeGreaterThan(10);
  expect(places.filter((p) => idsIn(p.text).length === 0 || idsIn(p.text).some((id) => !known.has(id))).map((p) => p.where)).toEqual([]);
});

test('no id is named in lib/ or SOURCES.md that the page does not have', () => {
  const texts = [...sources(join(ROOT, 'lib')), join(ROOT, 'SOURCES.md')].map((file) => readFileSync(file, 'utf8'));
  expect([...new Set(texts.flatMap(idsIn))].filter((id) => !known.has(id) && id !== '<id>')).toEqual([]);
});
