/**
 * The docs harness itself: GitHub's anchors, a broken link or anchor and a block that does not
 * compile are caught, markers are read, console output is compared with its wildcards.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocComment, syncGenerated } from '../../scripts/docs/api-markdown';
import { githubSlug, parseMarkdown, SlugCounter } from '../../scripts/docs/markdown';
import { compareOutput, expectedOutput, lineMatches, unreproducedOutputBlocks } from '../support/doc-output';
import { brokenLinks, typeCheckBlocks } from '../support/docs';
import { ROOT } from '../support/readme';
import { OUTPUTS } from './outputs';

describe('GitHub anchors', () => {
  test.each([
    ['How `bind()` works (any cdk8s-plus major, or plain cdk8s objects)', 'how-bind-works-any-cdk8s-plus-major-or-plain-cdk8s-objects'],
    ['Path 2: `cce-workload-identity/runtime`, for direct IAM-token calls', 'path-2-cce-workload-identityruntime-for-direct-iam-token-calls'],
    ['Terraform toolchains: cdktf 0.21 or CDK Terrain (cdktn)', 'terraform-toolchains-cdktf-021-or-cdk-terrain-cdktn'],
    ['`explain --can`: may this ServiceAccount do that?', 'explain---can-may-this-serviceaccount-do-that'],
    ['POD_IDENTITY_AUDIENCE', 'pod_identity_audience'],
    ['**Bold** and [a link](x.md) and Émigré', 'bold-and-a-link-and-émigré'],
  ])('%s → #%s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  test('repeated headings get -1, -2 (and a heading that looks like a suffix does not collide)', () => {
    const slugs = new SlugCounter();
    expect(['Install', 'Install', 'Install-1', 'Install'].map((h) => slugs.next(h))).toEqual(['install', 'install-1', 'install-1-1', 'install-2']);
  });
});

describe('parseMarkdown', () => {
  const doc = parseMarkdown('x.md', [
    '# Top', '', '## Use', '', '<!-- not-compiled: a fragment -->', '```ts', 'a;', '```', '', '```typescript', 'b;', '```',
    '', '````md', '```ts', 'inside a longer fence', '```', '````', '', '## Use', '<a id="custom"></a>', 'See [x](#use-1) `[no](#code)`.',
  ].join('\n'));

  test('blocks: language, line, heading, index per heading, marker; fences inside longer fences stay code', () => {
    expect(doc.blocks.map((b) => [b.lang, b.line, b.heading, b.index, b.marker?.name ?? '', b.code])).toEqual([
      ['ts', 6, 'Use', 0, 'not-compiled', 'a;\n'],
      ['typescript', 10, 'Use', 1, '', 'b;\n'],
      ['md', 14, 'Use', 0, '', '```ts\ninside a longer fence\n```\n'],
    ]);
  });

  test('anchors and links (not those in code spans)', () => {
    expect([...doc.anchors].sort()).toEqual(['custom', 'top', 'use', 'use-1']);
    expect(doc.links).toEqual([{ target: '#use-1', line: 22 }]);
  });
});

describe('on a temporary checkout', () => {
  let dir: string;
  beforeAll(() => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.tmp', 'docs-harness-'));
    mkdirSync(join(dir, 'docs'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    symlinkSync(join(ROOT, 'lib'), join(dir, 'lib'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file, a missing anchor and an anchor into another file are caught; good ones pass', () => {
    writeFileSync(join(dir, 'README.md'), [
      '# Guide', '', '## Next steps', '',
      '[ok](#next-steps) [ok](docs/a.md#details) [ok](docs/a.md) [web](https://example.invalid/#x)',
      '[bad anchor](#next-step) [bad file](docs/missing.md) [bad remote anchor](docs/a.md#nope)', '',
    ].join('\n'));
    writeFileSync(join(dir, 'docs', 'a.md'), '# A\n\n## Details\n\n[back](../README.md#guide)\n');
    expect(brokenLinks(dir, ['README.md', 'docs/a.md']).map((b) => [b.line, b.target, b.reason])).toEqual([
      [6, '#next-step', 'README.md has no heading or anchor "#next-step"'],
      [6, 'docs/missing.md', 'docs/missing.md does not exist'],
      [6, 'docs/a.md#nope', 'docs/a.md has no heading or anchor "#nope"'],
    ]);
  });

  test('a block that does not compile is caught with its Markdown line; the others and not-compiled ones pass', () => {
    const text = [
      '# Use', '', '```ts', "import { Jwks } from 'cce-workload-identity';", "const jwks: string = Jwks.fromJson('{}');", '```', '',
      '```ts', "import { isWorkloadIdentityError } from 'cce-workload-identity/runtime';", 'const ok: boolean = isWorkloadIdentityError(1);',
      'await Promise.resolve(ok);', '```', '', '<!-- not-compiled: a fragment -->', '```ts', 'undefinedName();', '```', '',
    ].join('\n');
    const results = typeCheckBlocks(dir, parseMarkdown('README.md', text).blocks);
    expect(results.map((r) => [r.block.line, r.errors.map((e) => e.replace(/ TS2322 .*/s, ' TS2322'))])).toEqual([
      [3, ['README.md:5:7 TS2322']],
      [8, []],
    ]);
  });
});

describe('console output', () => {
  test('commands and their continuations are not output', () => {
    expect(expectedOutput('$ a \\\n    --b\nout 1\n$ c\nout 2\n')).toEqual(['out 1', 'out 2']);
  });

  test('… matches any text in a line; a line of … any number of lines', () => {
    expect(lineMatches('kid … (RSA)', 'kid abc (RSA)')).toBe(true);
    expect(lineMatches('kid … (RSA)', 'kid abc (EC)')).toBe(false);
    expect(lineMatches('a…a', 'a')).toBe(false);
    expect(compareOutput(['first', '…', 'last'], 'first\nx\ny\nlast\n')).toBeUndefined();
    expect(compareOutput(['first', '…', 'last'], 'first\nlast\n')).toBeUndefined();
    expect(compareOutput(['first', 'last'], 'first\nx\nlast\n')).toMatch(/expected line 2 "last" but got "x"/);
    expect(compareOutput(['first'], 'first\nmore\n')).toMatch(/more lines/);
  });

  test('a registered command reproduces a block, and a wrong block is caught', async () => {
    const block = '$ npx cce-workload-identity no-such-command\nunknown command "no-such-command"\n\nUsage:\n…\n';
    const output = await OUTPUTS['cli-unknown-command']();
    expect(compareOutput(expectedOutput(block), output)).toBeUndefined();
    expect(compareOutput(expectedOutput(block.replace('unknown', 'Unknown')), output)).toBeDefined();
  });

  test('a console block showing output without output-of or a reasoned not-tool-output marker is caught', () => {
    const doc = parseMarkdown('x.md', [
      '# Use', '',
      '```console', '$ cce-workload-identity explain x.json', 'Identity provider "p"', '```', '',
      '<!-- output-of: cli-unknown-command -->', '```console', '$ x', 'out', '```', '',
      '<!-- not-tool-output: kubectl prints it -->', '```console', '$ kubectl get sa', 'NAME', '```', '',
      '<!-- not-tool-output: -->', '```console', '$ y', 'out', '```', '',
      '```console', '$ export A=1 \\', '    B=2', '', '```', '',
      '```sh', 'echo not console', 'out', '```', '',
    ].join('\n'));
    expect(unreproducedOutputBlocks(doc.blocks).map((b) => b.line)).toEqual([3, 21]);
  });
});

describe('generated references', () => {
  test('a stale or missing one is named with the command that regenerates it; --update writes it', () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'docs-sync-'));
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(syncGenerated(dir, 'docs/api/x.md', 'new\n', false)).toBe(
        'docs/api/x.md is missing (it is generated from the public API). Run `npm run docs:api` and commit docs/api/x.md.',
      );
      expect(syncGenerated(dir, 'docs/api/x.md', 'new\n', true)).toBeUndefined();
      expect(readFileSync(join(dir, 'docs', 'api', 'x.md'), 'utf8')).toBe('new\n');
      expect(write).toHaveBeenCalledWith('wrote docs/api/x.md\n');
      expect(syncGenerated(dir, 'docs/api/x.md', 'new\n', false)).toBeUndefined();
      expect(syncGenerated(dir, 'docs/api/x.md', 'newer\n', false)).toMatch(/^docs\/api\/x\.md is stale .* Run `npm run docs:api`/);
    } finally {
      write.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a doc comment renders its summary, {@link}s and tags; tool-only tags are dropped', () => {
    const parts = parseDocComment('/**\n * Uses {@link Foo} and {@link https://x.invalid | the docs}.\n *\n * @default 7200\n * @jsii ignore\n'
      + ' * @deprecated use `bar`\n */\n');
    expect(parts).toEqual({
      summary: 'Uses `Foo` and [the docs](https://x.invalid).',
      tags: [{ tag: '@default', text: '7200' }, { tag: '@deprecated', text: 'use `bar`' }],
    });
  });
});
