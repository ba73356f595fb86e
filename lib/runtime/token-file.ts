/**
 * The projected ServiceAccount token file. The kubelet replaces it at 80% of its lifetime, so it is
 * read afresh for every exchange (never cached here).
 */
import { systemTimers, type Timers } from './clock';
import { TokenFileError } from './errors';
import { readRegularFile, UnsafeFileError } from '../io/safe-read';

/** The most a token file may hold: a projected ServiceAccount token is about 1 KB. */
export const TOKEN_FILE_MAX_BYTES = 64 * 1024;

/** How long reading the token file may take before the attempt fails (it lives on a memory-backed volume). */
export const TOKEN_FILE_READ_TIMEOUT_MS = 10_000;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Claims of interest, decoded WITHOUT verification (IAM verifies); used only for diagnostics. */
export interface UnverifiedClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
}

/**
 * Read, trim and shape-check the token file. Errors: `ERR_TOKEN_FILE_MISSING|EMPTY|UNREADABLE|MALFORMED`.
 * Only a regular file of at most {@link TOKEN_FILE_MAX_BYTES} is read, within `timeoutMs`: a FIFO,
 * a device or a stuck volume fails the attempt instead of hanging every caller that joins it.
 */
export async function readTokenFile(path: string, options: { readonly timers?: Timers; readonly timeoutMs?: number } = {}): Promise<string> {
  let content: string;
  try {
    content = await readRegularFile(path, {
      maxBytes: TOKEN_FILE_MAX_BYTES,
      timeoutMs: options.timeoutMs ?? TOKEN_FILE_READ_TIMEOUT_MS,
      timers: options.timers ?? systemTimers,
    });
  } catch (error) {
    throw tokenFileReadError(path, error);
  }
  const token = content.trim();
  if (token === '') {
    throw new TokenFileError('ERR_TOKEN_FILE_EMPTY', path, `ServiceAccount token file ${path} is empty`);
  }
  if (!JWT_SHAPE.test(token)) {
    throw new TokenFileError(
      'ERR_TOKEN_FILE_MALFORMED',
      path,
      `ServiceAccount token file ${path} does not contain a JWT (expected three base64url segments, got ${token.length} characters)`,
    );
  }
  return token;
}

/** Map a `readFile` failure to a {@link TokenFileError}. */
export function tokenFileReadError(path: string, error: unknown): TokenFileError {
  if (error instanceof UnsafeFileError) {
    return new TokenFileError('ERR_TOKEN_FILE_UNREADABLE', path, `ServiceAccount token file ${path} ${error.reason}`, { cause: error });
  }
  const errno = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const code = typeof errno === 'string' ? errno : 'unknown';
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new TokenFileError(
      'ERR_TOKEN_FILE_MISSING',
      path,
      `ServiceAccount token file ${path} does not exist (is the projected token volume mounted?)`,
    );
  }
  const cause = new Error(`${code}: reading the token file failed`);
  return new TokenFileError('ERR_TOKEN_FILE_UNREADABLE', path, `ServiceAccount token file ${path} cannot be read (${code})`, {
    cause,
  });
}

/** Decode the JWT payload without verifying it; `undefined` when it is not decodable JSON. */
export function decodeUnverifiedClaims(jwt: string): UnverifiedClaims | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return { iss: str(record.iss), sub: str(record.sub), exp: num(record.exp), nbf: num(record.nbf), iat: num(record.iat) };
  } catch {
    return undefined;
  }
}
