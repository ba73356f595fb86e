/**
 * The documentation harness (test/docs/): the Markdown files it covers, their TypeScript blocks
 * type-checked as a consumer imports the package (one program for all blocks), and their
 * relative links and anchors resolved.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { CodeBlock, parseMarkdown, ParsedMarkdown, TYPESCRIPT_LANGS } from '../../scripts/docs/markdown';

/** The marker that excludes a block from compiling: `<!-- not-compiled: why -->` before its fence. */
export const NOT_COMPILED = 'not-compiled';

/** README.md, CHANGELOG.md and every Markdown file under docs/ (generated references included), relative to `root`. */
export function docFiles(root: string): string[] {
  const walk = (dir: string): string[] => readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? walk(path) : name.endsWith('.md') ? [path] : [];
  });
  const top = ['README.md', 'CHANGELOG.md'].filter((file) => existsSync(join(root, file)));
  return [...top, ...(existsSync(join(root, 'docs')) ? walk('docs').sort() : [])];
}

/** How a consumer's import of each entry resolves in this checkout (`cdktn` ones exist once built). */
export function entryPaths(root: string): Record<string, string[]> {
  return {
    'cce-workload-identity': [join(root, 'lib', 'index.ts')],
    'cce-workload-identity/runtime': [join(root, 'lib', 'runtime', 'index.ts')],
    'cce-workload-identity/testing': [join(root, 'lib', 'testing', 'index.ts')],
    'cce-workload-identity/cdktn': [join(root, 'dist-lib', 'cdktn', 'index.d.ts')],
    'cce-workload-identity/cdktn/testing': [join(root, 'dist-lib', 'cdktn', 'testing', 'index.d.ts')],
  };
}

/** A block's place, as the failure messages and the allow-list name it. */
export function blockLabel(block: CodeBlock): string {
  return `${block.file}:${block.line} (TypeScript block ${block.index} under "${block.heading}")`;
}

export interface BlockResult {
  readonly block: CodeBlock;
  /** `file:line:col TSnnnn message`, with the Markdown file's own line numbers. */
  readonly errors: readonly string[];
}

/**
 * Type-checks every block (except `not-compiled` ones) as its own module of one program: strict,
 * the package's entries resolved via `paths`, top-level await allowed, jest globals known (the
 * snapshot-test examples use them). `root` is the checkout whose lib/ the entries point at.
 */
export function typeCheckBlocks(root: string, blocks: readonly CodeBlock[]): BlockResult[] {
  const compiled = blocks.filter((b) => TYPESCRIPT_LANGS.has(b.lang) && b.marker?.name !== NOT_COMPILED);
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'doc-blocks-'));
  try {
    const files = compiled.map((block, i) => {
      const file = join(dir, `block-${i}.ts`);
      // A block without import/export is still a module (its names do not clash with other blocks').
      writeFileSync(file, /^\s*(import|export)\s/m.test(block.code) ? block.code : `${block.code}export {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node', 'jest'], typeRoots: [join(root, 'node_modules', '@types')],
      strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true,
      baseUrl: root, paths: entryPaths(root),
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return compiled.map((block, i) => {
      const errors = diagnostics.filter((d) => d.file !== undefined && resolve(d.file.fileName) === resolve(files[i])).map((d) => {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${block.file}:${block.line + 1 + line}:${character + 1} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      // Errors outside the blocks (e.g. in lib/) are reported on every block: they are the checkout's, not the docs'.
      const global = diagnostics.filter((d) => d.file === undefined)
        .map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      return { block, errors: [...global, ...errors] };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A link or anchor that does not resolve. */
export interface BrokenLink { readonly file: string; readonly line: number; readonly target: string; readonly reason: string }

/**
 * Every relative link in `files` (relative to `root`): the file it names exists (inside the
 * checkout), and its `#anchor`, if any, is a heading or HTML anchor of that Markdown file.
 * External links (`scheme:`) are not fetched.
 */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const parsed = new Map<string, ParsedMarkdown>();
  const parse = (file: string): ParsedMarkdown => {
    let doc = parsed.get(file);
    if (doc === undefined) {
      doc = parseMarkdown(file, readFileSync(join(root, file), 'utf8'));
      parsed.set(file, doc);
    }
    return doc;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    for (const { target, line } of parse(file).links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target === '') continue;
      const hash = target.indexOf('#');
      const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const targetFile = path === '' ? file : relative(root, resolve(root, dirname(file), path.split('?')[0]));
      const fail = (reason: string): void => { broken.push({ file, line, target, reason }); };
      if (targetFile.startsWith('..') || !existsSync(join(root, targetFile))) { fail(`${targetFile} does not exist`); continue; }
      if (anchor === undefined || anchor === '') continue;
      if (!targetFile.endsWith('.md')) { fail(`an anchor into ${targetFile}, which is not Markdown`); continue; }
      if (!parse(targetFile).anchors.has(anchor)) fail(`${targetFile} has no heading or anchor "#${anchor}"`);
    }
  }
  return broken;
}
