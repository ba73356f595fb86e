/**
 * Builds the CDK Terrain flavour of the package, `dist-lib/cdktn/`, from the compiled root tree
 * (run after `tsc -p tsconfig.build.json`; `npm run build` does).
 *
 * The library's hand-written code names its Terraform toolchain in exactly two modules, each with
 * a cdktn twin beside it (same exports; test/package/cdktn-flavour.test.ts keeps them equal):
 *
 *   terraform/huaweicloud   (cdktf + lib/terraform/generated)   twin terraform/huaweicloud-cdktn
 *   terraform/toolchain     (the name the peer check uses)      twin terraform/toolchain-cdktn
 *
 * From the compiled require graph (`.js`) and import graph (`.d.ts`) this script finds every module
 * that transitively depends on one of those two, and writes a copy of exactly those under
 * `dist-lib/cdktn/<same path>`, with the two swapped for their twins. Every relative specifier in a
 * copy is rewritten: to the copy when the target is copied too, otherwise to the ONE shared module
 * of the root tree. So core, contract, kubernetes, runtime, the emulator … are loaded from the same
 * files by both flavours (same classes, no duplicates in the tarball), the cdktn flavour never
 * requires `cdktf`, and its `.d.ts` files describe cdktn types.
 *
 * Why a copy at build time rather than one entry that picks a toolchain at run time: TypeScript
 * types cannot depend on which package is installed, and the bindings' classes extend the
 * toolchain's `TerraformResource`, so a user's `TerraformStack` from cdktn must meet bindings
 * compiled against cdktn. Two entries with static imports give both exact types and no dynamic
 * require.
 *
 *   tsx scripts/build-cdktn.ts [--dist dist-lib]   writes dist-lib/cdktn and prints what it copied
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import SWAP_LIST from './cdktn-swaps.json';

/**
 * The toolchain modules (paths relative to the build root, without extension) and their cdktn
 * twins: scripts/cdktn-swaps.json, also read by the test-time swaps (test/support/cdktn-swaps.js).
 */
export const SWAPS: Readonly<Record<string, string>> = SWAP_LIST;
/** Where the cdktn flavour is written, under the build root. */
export const FLAVOUR_DIR = 'cdktn';

/** `require("…")`, `import("…")`, `from "…"` and `import "…"` with a relative specifier (`.`, `..`, `./x`, `../x/`). */
const SPECIFIER = /(\brequire\(|\bimport\(|\bfrom\s+|^\s*import\s+)(["'])(\.{1,2}(?:\/[^"']*)?)\2/gm;

/** Whether the match at `offset` stands in a comment (a `//` before it on its line, or a JSDoc/block-comment line). */
function inComment(text: string, offset: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return line.includes('//') || /^\s*(\/\*|\*)/.test(line);
}

/** A build-root-relative POSIX path without `./`, a trailing `/` or a `.js` extension (`''` is the root). */
function clean(path: string): string {
  const normal = posix.normalize(path).replace(/\/+$/, '').replace(/\.js$/, '');
  return normal === '.' ? '' : normal.replace(/^\.\//, '');
}
const EXTENSIONS = ['.js', '.d.ts'] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The module (build-root-relative, POSIX, no extension) a relative specifier in `from` names, or undefined. */
function resolveModule(root: string, from: string, specifier: string): string | undefined {
  const base = clean(posix.join(posix.dirname(from), specifier));
  for (const candidate of base === '' ? ['index'] : [base, `${base}/index`]) {
    if (EXTENSIONS.some((ext) => existsSync(join(root, candidate + ext)))) return candidate;
  }
  return undefined;
}

/** A relative specifier that names a file of the tree other than a module (`../data.json`), kept pointing at it. */
function isPlainFile(root: string, from: string, specifier: string): boolean {
  const file = posix.normalize(posix.join(posix.dirname(from), specifier));
  return !specifier.endsWith('/') && statSync(join(root, file), { throwIfNoEntry: false })?.isFile() === true;
}

/** Module → the modules its `.js` and `.d.ts` refer to by relative specifier. */
export function moduleGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of walk(root)) {
    const ext = EXTENSIONS.find((e) => file.endsWith(e));
    if (ext === undefined) continue;
    const module = relative(root, file).split('\\').join('/').slice(0, -ext.length);
    if (module === FLAVOUR_DIR || module.startsWith(`${FLAVOUR_DIR}/`)) continue;
    const deps = graph.get(module) ?? new Set<string>();
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      if (inComment(text, m.index)) continue;
      const target = resolveModule(root, module, m[3]!);
      if (target !== undefined) deps.add(target);
    }
    graph.set(module, deps);
  }
  return graph;
}

/** The modules that depend, directly or not, on a swapped module (the swapped modules excluded). */
export function dependents(graph: Map<string, Set<string>>, sources: readonly string[]): Set<string> {
  const tainted = new Set<string>(sources);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [module, deps] of graph) {
      if (!tainted.has(module) && [...deps].some((d) => tainted.has(d))) {
        tainted.add(module);
        grew = true;
      }
    }
  }
  for (const source of sources) tainted.delete(source);
  return tainted;
}

/** Rewrites the relative specifiers of `text` (a file of module `from`) for its place at `to`. */
function rewrite(root: string, text: string, from: string, to: string, copied: ReadonlySet<string>): string {
  return text.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string, offset: number) => {
    if (inComment(text, offset)) return whole;
    const target = resolveModule(root, from, specifier);
    if (target === undefined && !isPlainFile(root, from, specifier)) throw new Error(`${from}: cannot resolve ${specifier}`);
    const inFlavour = target !== undefined && (copied.has(target) || target in SWAPS);
    // Keep the specifier's own form (a folder import stays a folder import, an extension stays).
    const named = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\/+$/, '');
    const destination = inFlavour ? `${FLAVOUR_DIR}/${named}` : named;
    let next = posix.relative(posix.dirname(to), destination) || '.';
    if (!next.startsWith('.')) next = `./${next}`;
    return `${lead}${quote}${next}${quote}`;
  });
}

/** Writes `<root>/cdktn`; returns the modules written there (copies and swapped twins). */
export function buildCdktnFlavour(root: string): string[] {
  rmSync(join(root, FLAVOUR_DIR), { recursive: true, force: true });
  const graph = moduleGraph(root);
  for (const [source, twin] of Object.entries(SWAPS)) {
    if (!graph.has(source) || !graph.has(twin)) throw new Error(`build-cdktn: ${source} or its twin ${twin} is not in ${root}`);
  }
  const copied = dependents(graph, Object.keys(SWAPS));
  const jobs: Array<{ readonly from: string; readonly to: string }> = [
    ...[...copied].map((module) => ({ from: module, to: `${FLAVOUR_DIR}/${module}` })),
    ...Object.entries(SWAPS).map(([source, twin]) => ({ from: twin, to: `${FLAVOUR_DIR}/${source}` })),
  ];
  for (const { from, to } of jobs) {
    for (const ext of EXTENSIONS) {
      const file = join(root, from + ext);
      if (!existsSync(file)) continue;
      mkdirSync(dirname(join(root, to + ext)), { recursive: true });
      writeFileSync(join(root, to + ext), rewrite(root, readFileSync(file, 'utf8'), from, to, copied));
    }
  }
  return jobs.map((j) => j.to).sort();
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const root = resolve(arg('dist') ?? join(__dirname, '..', 'dist-lib'));
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`build-cdktn: ${root} does not exist; run tsc -p tsconfig.build.json first`);
    process.exit(1);
  }
  const written = buildCdktnFlavour(root);
  console.log(`build-cdktn: ${written.length} modules in ${join(root, FLAVOUR_DIR)} (the rest is shared with the root tree)`);
}
