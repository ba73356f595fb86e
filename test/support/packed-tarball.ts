/**
 * The package's tarball for the pack tests (test/package/*), packed ONCE per set of build inputs:
 * `npm pack` builds the package (prepack), which is the slowest step of those tests, and every
 * pack test installs the same tarball. The tarball is kept in `.tmp/pack/<hash>/`, where `<hash>`
 * covers every file the build and the tarball are made from (lib/, bin/, the build scripts,
 * package.json, the tsconfigs, README.md, LICENSE, and the docs it packs as they are: API.md,
 * CHANGELOG.md, SOURCES.md, docs/), so a changed source packs afresh and an
 * unchanged one (the next test file of the same run, or the next run) reuses it. Test files that
 * run at the same time in parallel workers wait for one packer (a lock directory) instead of
 * packing twice.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const PACKS = join(ROOT, '.tmp', 'pack');
/** A lock older than this is left over from a killed run. */
const STALE_LOCK_MS = 10 * 60_000;

/** The build's inputs, and every file package.json `files` packs as it is (the docs the README links to included). */
const INPUTS = ['lib', 'bin', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE',
  'API.md', 'CHANGELOG.md', 'SOURCES.md', 'docs'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => files(join(path, e.name)));
}

/** A hash of every build input's path and content. */
export function buildInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(ROOT, input))).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export interface PackedTarball {
  /** The tarball's absolute path. */
  readonly path: string;
  /** How long this call packed, in ms; 0 when it reused a tarball packed before. */
  readonly packMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function tarballPath(): { dir: string; path: string } {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const dir = join(PACKS, buildInputsHash());
  return { dir, path: join(dir, `cce-workload-identity-${version}.tgz`) };
}

/** The tarball of the current sources if one was packed before, else undefined. */
export function packedTarballPath(): string | undefined {
  const { path } = tarballPath();
  return existsSync(path) ? path : undefined;
}

/** The tarball for the current sources: packed here, or by an earlier or concurrent caller. */
export async function packedTarball(): Promise<PackedTarball> {
  const { dir, path } = tarballPath();
  const lock = `${dir}.lock`;
  mkdirSync(PACKS, { recursive: true });
  for (;;) {
    if (existsSync(path)) return { path, packMs: 0 };
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else await sleep(1000);
    }
  }
  try {
    if (existsSync(path)) return { path, packMs: 0 };
    // Other sources' tarballs are not needed again.
    for (const entry of readdirSync(PACKS)) if (!entry.endsWith('.lock')) rmSync(join(PACKS, entry), { recursive: true, force: true });
    const work = mkdtempSync(join(PACKS, 'packing-'));
    const start = Date.now();
    const pack = spawnSync('npm', ['pack', '--pack-destination', work, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    if (pack.status !== 0) throw new Error(`npm pack exited ${pack.status}\n${pack.stdout.slice(-4000)}\n${pack.stderr.slice(-4000)}`);
    const packMs = Date.now() - start;
    // Renamed into place whole, so a waiting caller never sees a half-written tarball.
    renameSync(work, dir);
    if (!existsSync(path)) throw new Error(`npm pack wrote no ${path}`);
    return { path, packMs };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
