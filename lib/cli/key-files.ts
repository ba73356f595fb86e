/**
 * The files `jwks` reads and writes, so that no input hangs the command and no run loses a key:
 *
 * - every file is read with the runtime's safe reader: regular files only (a FIFO, device, socket
 *   or directory is refused by name instead of blocking), at most a stated size;
 * - an output path is resolved first: a symbolic link is written THROUGH to its existing target
 *   (the link stays), anything but a regular file (or a new file in an existing directory) is
 *   refused, and two outputs (or an output and an input) that are one file are refused;
 * - {@link commitFiles} writes several files so that a failure leaves every one of them as it was:
 *   all temporary files are written and flushed first, the old files are kept as hard links, then
 *   the renames run; if one fails, the ones before it are undone;
 * - {@link lockFiles} takes an exclusive lock file (`<file>.lock`, created with O_EXCL) next to each
 *   output, so concurrent merges cannot interleave their read and write.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync, fstatSync, fsyncSync, linkSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describeFileType, readRegularFileSync, UnsafeFileError } from '../io/safe-read';
import { CliError } from './cli-errors';
import type { FileRefusalCode } from './cli-codes';

/** The most a key set or retention file may hold (IAM's `signing_key` is far smaller). */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** A lock file without a readable owner is taken over after this long (a run that died between creating and writing it). */
const UNREADABLE_LOCK_STALE_MS = 60_000;

/**
 * Reads `path` (described as `what`, e.g. "retention file") with the safe reader. `ENOENT` gives
 * `undefined` when `missingOk`; every other failure is a {@link CliError} naming the file.
 */
export function readInputFile(path: string, what: string, maxBytes: number, missingOk: true): string | undefined;
export function readInputFile(path: string, what: string, maxBytes: number, missingOk?: false): string;
export function readInputFile(path: string, what: string, maxBytes: number, missingOk = false): string | undefined {
  try {
    return readRegularFileSync(path, { maxBytes });
  } catch (error) {
    if (error instanceof UnsafeFileError) throw new CliError(error.code.slice('ERR_'.length) as FileRefusalCode, `${what} ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return undefined;
    throw new CliError('FILE_UNREADABLE', `${what} ${path} cannot be read (${code ?? 'unknown error'})`);
  }
}

/** A file to write, resolved. */
export interface WriteTarget {
  /** The path as given (for messages). */
  readonly shown: string;
  /** What it is, for messages (e.g. "--out"). */
  readonly what: string;
  /** The real path written (a symbolic link's target; parent directories resolved). */
  readonly path: string;
  /** The existing file, if any. */
  readonly stats: Stats | undefined;
}

/** Resolves an output path; see the module comment. Throws a {@link CliError} naming `what` and the path. */
export function resolveWriteTarget(shown: string, what: string): WriteTarget {
  let link: Stats | undefined;
  try {
    link = lstatSync(shown);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError('OUT_UNUSABLE', `${what} ${shown} cannot be used: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
    }
  }
  if (link === undefined) {
    let parent: string;
    try {
      parent = realpathSync(dirname(shown));
    } catch {
      throw new CliError('OUT_UNUSABLE', `${what} ${shown}: directory ${dirname(shown)} does not exist. Fix: create it first`);
    }
    if (!statSync(parent).isDirectory()) throw new CliError('OUT_UNUSABLE', `${what} ${shown}: ${dirname(shown)} is not a directory`);
    return { shown, what, path: join(parent, basename(shown)), stats: undefined };
  }
  let path: string;
  try {
    path = realpathSync(shown);
  } catch {
    throw new CliError('OUT_UNUSABLE', `${what} ${shown} is a symbolic link to a file that does not exist; a symbolic link is written through `
      + 'to its existing target only. Fix: create the target, or give the path to write');
  }
  const stats = statSync(path);
  const type = describeFileType(stats);
  if (type !== undefined) {
    throw new CliError('OUT_NOT_REGULAR', `${what} ${shown}${path === shown ? '' : ` (${path})`} is ${type}, not a regular file; jwks writes `
      + 'only regular files (replacing anything else would lose it, writing into it could block). Fix: give the path of a regular file');
  }
  return { shown, what, path, stats };
}

/** A file's real path and, when it exists, its stats. */
export interface FileIdentity {
  readonly path: string;
  readonly stats: Stats | undefined;
}

/** Whether two paths name one file: the same real path, or the same device and inode (hard links). */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.path === b.path) return true;
  return a.stats !== undefined && b.stats !== undefined && a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino;
}

/** The real path and stats of an input file, for {@link sameFile}; `stats` undefined when it cannot be seen. */
export function inputIdentity(path: string): FileIdentity {
  try {
    return { path: realpathSync(path), stats: statSync(path) };
  } catch {
    return { path, stats: undefined };
  }
}

/** A held lock; {@link release} removes the lock files. */
export interface HeldLock {
  /** Removes the lock files this run created. */
  release(): void;
}

/**
 * Takes `<target>.lock` for each target (created with O_EXCL). A lock whose owner (same host) no
 * longer runs, or without a readable owner for a minute, is stale and taken over; any other held
 * lock fails the run with `ERR_JWKS_LOCKED`, naming the lock file and its owner.
 */
export function lockFiles(targets: readonly WriteTarget[]): HeldLock {
  const held: string[] = [];
  const release = (): void => {
    for (const lock of held.splice(0)) {
      try {
        unlinkSync(lock);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const lock of [...new Set(targets.map((t) => `${t.path}.lock`))].sort()) {
      acquire(lock);
      held.push(lock);
    }
  } catch (error) {
    release();
    throw error;
  }
  return { release };
}

function acquire(lock: string): void {
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        throw new CliError('LOCKED', `cannot create the lock file ${lock}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`
          + `${(error as NodeJS.ErrnoException).code === 'EEXIST' ? ' (another jwks merge took it)' : ''}`);
      }
      const owner = staleOwner(lock);
      if (owner.stale) {
        try {
          unlinkSync(lock);
        } catch {
          // another run took it over first: the next attempt fails with EEXIST
        }
        continue;
      }
      throw new CliError('LOCKED', `${lock} is held by another jwks merge (${owner.description}); two merges at once could bring back a `
        + `dropped key. Fix: wait for it to finish; if no merge is running, delete ${lock}`);
    }
    try {
      writeSync(fd, `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
    } finally {
      closeSync(fd);
    }
    return;
  }
}

function staleOwner(lock: string): { stale: boolean; description: string } {
  let owner: { pid?: unknown; host?: unknown; since?: unknown } | undefined;
  try {
    owner = JSON.parse(readRegularFileSync(lock, { maxBytes: 4096 })) as typeof owner;
  } catch {
    owner = undefined;
  }
  if (typeof owner?.pid !== 'number' || typeof owner.host !== 'string') {
    let age: number;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      return { stale: true, description: 'gone' };
    }
    return { stale: age > UNREADABLE_LOCK_STALE_MS, description: 'owner unknown, created less than a minute ago' };
  }
  const description = `pid ${owner.pid} on ${owner.host}${typeof owner.since === 'string' ? ` since ${owner.since}` : ''}`;
  if (owner.host !== hostname()) return { stale: false, description };
  try {
    process.kill(owner.pid, 0);
    return { stale: false, description };
  } catch (error) {
    return { stale: (error as NodeJS.ErrnoException).code === 'ESRCH', description };
  }
}

/** One file of {@link commitFiles}. */
export interface PendingWrite {
  readonly target: WriteTarget;
  readonly text: string;
}

/**
 * Writes every file or none: temporary files next to each target (mode of the file replaced, or
 * 0644: public keys) written and flushed, each existing target kept as a hard link, a check that
 * no target changed since it was resolved, then the renames in order. When a rename fails, the
 * targets renamed before it are restored and a {@link CliError} says that nothing was changed.
 */
export function commitFiles(writes: readonly PendingWrite[]): void {
  const temps: string[] = [];
  const backups = new Map<number, string>();
  const cleanup = (): void => {
    for (const tmp of [...temps, ...backups.values()]) {
      try {
        unlinkSync(tmp);
      } catch {
        // renamed or never created
      }
    }
  };
  try {
    writes.forEach((w, i) => {
      temps.push(writeTemp(w));
      if (w.target.stats !== undefined) backups.set(i, keepOld(w.target));
    });
    for (const w of writes) unchanged(w.target);
  } catch (error) {
    cleanup();
    throw error;
  }
  for (let i = 0; i < writes.length; i++) {
    try {
      renameSync(temps[i], writes[i].target.path);
      temps[i] = '';
    } catch (error) {
      const restored = restore(writes.slice(0, i), backups);
      cleanup();
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new CliError('WRITE_FAILED', `cannot write ${writes[i].target.what} ${writes[i].target.shown}: ${code}; `
        + (restored.length === 0 ? 'nothing was changed'
          : `and could not restore ${restored.join(', ')}: check ${restored.length === 1 ? 'it' : 'them'}`));
    }
  }
  for (const backup of backups.values()) {
    try {
      unlinkSync(backup);
    } catch {
      // harmless leftover
    }
  }
  for (const dir of new Set(writes.map((w) => dirname(w.target.path)))) syncDirectory(dir);
}

function tempPath(target: WriteTarget, kind: string): string {
  return join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`);
}

function writeTemp(w: PendingWrite): string {
  const tmp = tempPath(w.target, 'tmp');
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', w.target.stats === undefined ? 0o644 : w.target.stats.mode & 0o777);
    writeSync(fd, w.text);
    fsyncSync(fd);
    closeSync(fd);
    return tmp;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CliError('WRITE_FAILED', `cannot write ${w.target.what} ${w.target.shown}: ${code}; nothing was changed`);
  }
}

/** Keeps the file a rename will replace, as a hard link (its content and inode stay as they are). */
function keepOld(target: WriteTarget): string {
  const backup = tempPath(target, 'old');
  try {
    linkSync(target.path, backup);
  } catch (error) {
    throw new CliError('WRITE_FAILED', `cannot keep a copy of ${target.what} ${target.shown} to restore it if the write fails: `
      + `${(error as NodeJS.ErrnoException).code ?? 'unknown error'}; nothing was changed`);
  }
  return backup;
}

/** Compare-and-swap: the target is still the file (or the absence of one) that was resolved and read. */
function unchanged(target: WriteTarget): void {
  let now: Stats | undefined;
  try {
    now = statSync(target.path);
  } catch {
    now = undefined;
  }
  const before = target.stats;
  const same = before === undefined ? now === undefined
    : now !== undefined && now.ino === before.ino && now.dev === before.dev && now.size === before.size && now.mtimeMs === before.mtimeMs;
  if (!same) {
    throw new CliError('CHANGED', `${target.what} ${target.shown} changed while this run read its inputs; nothing was changed. Fix: run again`);
  }
}

/**
 * Undoes the renames done so far; returns what could not be restored. A backup that could not be
 * put back is left in place (and named) so the old content is not lost.
 */
function restore(done: readonly PendingWrite[], backups: Map<number, string>): string[] {
  const failed: string[] = [];
  done.forEach((w, i) => {
    const backup = backups.get(i);
    try {
      if (backup === undefined) unlinkSync(w.target.path);
      else renameSync(backup, w.target.path);
      backups.delete(i);
    } catch {
      backups.delete(i);
      failed.push(`${w.target.what} ${w.target.shown}${backup === undefined ? ' (it did not exist before)' : ` (its old content is in ${backup})`}`);
    }
  });
  return failed;
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    if (fstatSync(fd).isDirectory()) fsyncSync(fd);
  } catch {
    // not supported on every platform: the renames are done either way
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
