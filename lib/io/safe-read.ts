/**
 * Reads a file the user named without ever blocking for ever or reading without bound: the one
 * reader of the runtime (the projected token file) and of the command (key sets, retention files,
 * Terraform JSON and state, token files).
 *
 * The file is opened with `O_NONBLOCK` (opening a FIFO for reading then returns at once instead of
 * waiting for a writer; a regular file is unaffected) and `O_NOCTTY`, then `fstat`ed: only a
 * regular file is read. A FIFO, a device, a socket or a directory is refused with a
 * {@link UnsafeFileError} naming the file and what it is; so is a file larger than `maxBytes`.
 * Failures of the operating system (`ENOENT`, `EACCES`, …) are thrown as they come, with their `code`.
 *
 * Lives in lib/io: Node built-ins only and nothing of the package, so the runtime, the IAM model
 * and the command may all import it (lib/contract may not import Node built-ins).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a file was refused: not a regular file, larger than allowed, or its read did not finish in time. */
export type UnsafeFileErrorCode = 'ERR_FILE_NOT_REGULAR' | 'ERR_FILE_TOO_LARGE' | 'ERR_FILE_READ_TIMEOUT';

/** A file refused by {@link readRegularFileSync} / {@link readRegularFile}. The message names the file, the rule and a fix. */
export class UnsafeFileError extends Error {
  public constructor(
    public readonly code: UnsafeFileErrorCode,
    public readonly path: string,
    /** What the problem is, without the file: e.g. `is a FIFO (named pipe), not a regular file`. */
    public readonly reason: string,
  ) {
    super(`${path} ${reason}`);
    this.name = 'UnsafeFileError';
  }
}

/** Options of {@link readRegularFileSync}. */
export interface SafeReadOptions {
  /** The most bytes the file may hold. */
  readonly maxBytes: number;
}

/** Timers for {@link readRegularFile}'s time limit (the runtime's `Timers` fits). */
export interface SafeReadTimers {
  /** Schedule `callback` after `ms` milliseconds; the handle must not keep the process alive. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancel a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** Options of {@link readRegularFile}. */
export interface SafeReadAsyncOptions extends SafeReadOptions {
  /** Give up (and reject with `ERR_FILE_READ_TIMEOUT`) after this long; the stuck operation closes its file when it ends. */
  readonly timeoutMs: number;
  /** Timer source for the time limit; its handles must not keep the process alive (the runtime passes its unref'd timers). */
  readonly timers: SafeReadTimers;
}

// O_NONBLOCK / O_NOCTTY do not exist on Windows, where opening a pipe by name does not wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

/** What a file that is not a regular file is, for messages. */
export function describeFileType(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function notRegular(path: string, what: string): UnsafeFileError {
  return new UnsafeFileError('ERR_FILE_NOT_REGULAR', path, `is ${what}, not a regular file: only regular files are read (reading a pipe or a `
    + 'device can wait for ever). Fix: write the content to a regular file and give its path');
}

function tooLarge(path: string, maxBytes: number): UnsafeFileError {
  return new UnsafeFileError('ERR_FILE_TOO_LARGE', path, `is larger than ${maxBytes} bytes, the most read from this file. Fix: check that `
    + 'it is the right file');
}

/** `open` refuses a socket with ENXIO (and a directory with EISDIR on some systems): name what it is. */
function openError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENXIO' && code !== 'EISDIR') return error;
  let what: string | undefined;
  try {
    what = describeFileType(statSync(path));
  } catch {
    return error;
  }
  return what === undefined ? error : notRegular(path, what);
}

/** Reads a regular file of at most `maxBytes` bytes as UTF-8, synchronously; see the module comment. */
export function readRegularFileSync(path: string, options: SafeReadOptions): string {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const stats = fstatSync(fd);
    const what = describeFileType(stats);
    if (what !== undefined) throw notRegular(path, what);
    if (stats.size > options.maxBytes) throw tooLarge(path, options.maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    // The size may change while reading (or be 0 for generated files): read until the end, up to the cap.
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, options.maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw tooLarge(path, options.maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a regular file of at most `maxBytes` bytes as UTF-8; see the module comment. Rejects with
 * `ERR_FILE_READ_TIMEOUT` when the read takes longer than `timeoutMs` (a stuck file system), so a
 * caller that shares one pending read between callers never keeps a read that does not end.
 */
export function readRegularFile(path: string, options: SafeReadAsyncOptions): Promise<string> {
  const timers = options.timers;
  const work = readAsync(path, options.maxBytes);
  return new Promise<string>((resolve, reject) => {
    const timer = timers.setTimeout(() => {
      reject(new UnsafeFileError('ERR_FILE_READ_TIMEOUT', path, `could not be read within ${options.timeoutMs} ms (a stuck file system?). `
        + 'Fix: check the volume that holds it'));
    }, options.timeoutMs);
    work.then(
      (text) => {
        timers.clearTimeout(timer);
        resolve(text);
      },
      (error: unknown) => {
        timers.clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function readAsync(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const stats = await handle.stat();
    const what = describeFileType(stats);
    if (what !== undefined) throw notRegular(path, what);
    if (stats.size > maxBytes) throw tooLarge(path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
