/**
 * One HTTP attempt of the runtime — an IAM exchange or a container-credentials request: a JSON POST
 * with a timeout (cut to the retry deadline), abort on `close()`, no redirects, and an answer read
 * as a stream under a size cap. Every way it can fail is a coded {@link WorkloadIdentityError},
 * and the code decides whether the retry loop tries again:
 *
 * - connection refused/reset, DNS failure, connect timeout, connection cut mid-answer, no answer in
 *   time → `ERR_IAM_UNREACHABLE`, retried: the endpoint restarting, a DNS or network hiccup; the next
 *   attempt may get through.
 * - TLS handshake failure (untrusted or expired certificate, wrong name, plain http behind an https
 *   URL) → `ERR_IAM_TLS_FAILED`, not retried: the certificate or the trust store is wrong, and
 *   seconds later it still is.
 * - a 3xx redirect → `ERR_IAM_REDIRECTED`, not retried: the endpoint URL is configured wrong, and
 *   following it would send a token to another place than the one configured.
 * - a 2xx body over {@link MAX_SUCCESS_BODY_BYTES}, or headers over Node's limit →
 *   `ERR_IAM_RESPONSE_TOO_LARGE`, not retried: the same request gets the same answer, and reading
 *   it again costs the pod the same memory and bandwidth.
 *
 * Error answers (non-2xx) are kept up to {@link MAX_ERROR_BODY_BYTES} for diagnostics (the rest is
 * not read) and classified by the caller; their status decides retries (429, 408, 5xx).
 * Messages name the endpoint as `host:port` and the system error code, never a token or a query.
 */
import { type Clock, type Timers } from './clock';
import { ClientClosedError, IamEndpointError, IamUnavailableError, WorkloadIdentityError } from './errors';
import { excerpt } from '../contract/excerpt';
import { type SecretRegistry } from './redact';

/** The largest 2xx body accepted (IAM's token answer with its endpoint catalog is tens of KiB); larger answers are refused unread. */
export const MAX_SUCCESS_BODY_BYTES = 4 * 1024 * 1024;
/** How much of an error body is kept for the message and the classification; the rest is not read. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** What one HTTP attempt needs. */
export interface HttpAttemptContext {
  readonly fetch: typeof globalThis.fetch;
  readonly now: Clock;
  readonly timers: Timers;
  /** Per-attempt timeout, ms. */
  readonly requestTimeoutMs: number;
  /** Aborted by `close()`. */
  readonly signal: AbortSignal;
  readonly secrets: SecretRegistry;
  readonly userAgent: string;
}

/** An HTTP answer, read (a 2xx completely; an error body up to {@link MAX_ERROR_BODY_BYTES}). */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly requestStart: number;
  /** Whether `text` is only the head of a longer error body. */
  readonly truncated: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One JSON POST to `url`. `what` names the endpoint in messages (e.g. `IAM`). Throws
 * `ERR_CLIENT_CLOSED` after `close()`, else the codes in the table above.
 */
export async function postJson(
  ctx: HttpAttemptContext,
  url: string,
  headers: Record<string, string>,
  body: string,
  deadline: number,
  what: string,
): Promise<RawResponse> {
  if (ctx.signal.aborted) throw new ClientClosedError();
  const requestStart = ctx.now();
  const timeoutMs = Math.max(1, Math.min(ctx.requestTimeoutMs, deadline - requestStart));
  const controller = new AbortController();
  let timedOut = false;
  const timer = ctx.timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onClose = (): void => controller.abort();
  ctx.signal.addEventListener('abort', onClose, { once: true });
  const target = new URL(url);
  const where = { what, hostPort: hostPort(target), request: `POST ${target.pathname}` };
  const failed = (error: unknown, phase: 'connect' | 'read'): WorkloadIdentityError => {
    if (ctx.signal.aborted) return new ClientClosedError();
    if (error instanceof WorkloadIdentityError) return error;
    if (timedOut) {
      const reason = phase === 'connect' ? `no answer within ${timeoutMs} ms` : `answer not complete within ${timeoutMs} ms`;
      return unreachable(where, reason, ctx.secrets);
    }
    return networkFailure(where, error, phase, ctx.secrets);
  };
  try {
    let response: Response;
    try {
      response = await ctx.fetch(url, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json;charset=utf8', Accept: 'application/json', 'User-Agent': ctx.userAgent },
        body,
        // Never followed: the request carries a token (see redirected()).
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (error) {
      throw failed(error, 'connect');
    }
    if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status)) {
      await discard(response);
      throw redirected(where, response, target, ctx.secrets);
    }
    const success = response.status >= 200 && response.status <= 299;
    const cap = success ? MAX_SUCCESS_BODY_BYTES : MAX_ERROR_BODY_BYTES;
    const declared = Number(response.headers.get('content-length') ?? '');
    if (success && Number.isFinite(declared) && declared > cap) {
      await discard(response);
      throw tooLarge(where, response.status, ` (it declares ${declared})`);
    }
    let read: { bytes: Uint8Array; complete: boolean };
    try {
      read = await readCapped(response.body, cap);
    } catch (error) {
      throw failed(error, 'read');
    }
    if (!read.complete) {
      controller.abort(); // the rest is not wanted: close the connection rather than drain it
      if (success) throw tooLarge(where, response.status, '');
    }
    const text = new TextDecoder().decode(read.bytes);
    return { status: response.status, headers: response.headers, text, requestStart, truncated: !read.complete };
  } finally {
    ctx.timers.clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onClose);
  }
}

/** Where a request went, for messages. */
interface Where {
  readonly what: string;
  readonly hostPort: string;
  readonly request: string;
}

/** `host:port` of a URL, with the scheme's default port spelled out. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80'}`;
}

/**
 * Reads `body` up to `cap` bytes, never holding more: past the cap the stream is cancelled (the
 * connection is closed, the rest never read) and `complete` is false.
 */
async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  if (body === null) return { bytes: new Uint8Array(0), complete: true };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > cap) {
      chunks.push(value.subarray(0, cap - size));
      size = cap;
      complete = false;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, complete };
}

/** Drops an answer's body unread. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function redirected(where: Where, response: Response, from: URL, secrets: SecretRegistry): IamEndpointError {
  const origin = redirectOrigin(response.headers.get('location'), from);
  const shown = origin === undefined
    ? 'a location it does not disclose'
    : `${excerpt(origin, secrets)}${origin === from.origin ? ' (the same origin, another path)' : ''}`;
  const status = response.type === 'opaqueredirect' ? 'a redirect' : `HTTP ${response.status}`;
  return new IamEndpointError(
    'ERR_IAM_REDIRECTED',
    `${where.what} at ${where.hostPort} answered ${status} redirecting to ${shown} (${where.request}); redirects are not followed because `
      + 'the request carries a token: set the endpoint to the URL that answers directly',
    { status: response.status, ...(origin !== undefined ? { redirectOrigin: origin } : {}) },
  );
}

/** The origin of a `Location` (resolved against the request URL); never its path or query. */
function redirectOrigin(location: string | null, base: URL): string | undefined {
  if (location === null || location.trim() === '') return undefined;
  try {
    const url = new URL(location.trim(), base);
    return url.origin !== 'null' ? url.origin : url.protocol;
  } catch {
    return undefined;
  }
}

function tooLarge(where: Where, status: number, declared: string): IamEndpointError {
  return new IamEndpointError(
    'ERR_IAM_RESPONSE_TOO_LARGE',
    `${where.what} at ${where.hostPort} answered HTTP ${status} with a body over the ${MAX_SUCCESS_BODY_BYTES}-byte limit${declared} `
      + `(${where.request}); refused without reading the rest: is the endpoint URL right?`,
    { status },
  );
}

function unreachable(where: Where, reason: string, secrets: SecretRegistry, code?: string): IamUnavailableError {
  const cause = Object.assign(new Error(secrets.redact(reason)), code !== undefined ? { code } : {});
  return new IamUnavailableError('ERR_IAM_UNREACHABLE', `${where.what} at ${where.hostPort} is unreachable (${reason}; ${where.request})`, { cause });
}

/** What common system error codes mean, for messages. */
const MEANING: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing listens on that port',
  ECONNRESET: 'connection reset by the other side',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed for now',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_HEADERS_TIMEOUT: 'no headers in time',
  UND_ERR_BODY_TIMEOUT: 'body stalled',
};

/** OpenSSL's certificate verification codes, as Node reports them. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH', 'INVALID_CA', 'EPROTO',
]);

function isTlsCode(code: string): boolean {
  return CERTIFICATE_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}

const CODE_SHAPE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The first system error code along `error`'s cause chain (and an AggregateError's first error:
 * happy-eyeballs connects), and the innermost message. Bounded depth, so a cyclic chain ends.
 */
export function networkCause(error: unknown): { readonly code?: string; readonly message?: string } {
  let code: string | undefined;
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (code === undefined && typeof record.code === 'string' && CODE_SHAPE.test(record.code)) code = record.code;
    if (typeof record.message === 'string' && record.message !== '') message = record.message;
    current = record.cause ?? (Array.isArray(record.errors) ? record.errors[0] : undefined);
  }
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
}

function networkFailure(where: Where, error: unknown, phase: 'connect' | 'read', secrets: SecretRegistry): WorkloadIdentityError {
  const { code, message } = networkCause(error);
  const detail = message !== undefined && message !== 'fetch failed' ? excerpt(message, secrets, 120) : undefined;
  if (code !== undefined && isTlsCode(code)) {
    return new IamEndpointError(
      'ERR_IAM_TLS_FAILED',
      `TLS handshake with ${where.what} at ${where.hostPort} failed (${code}${detail !== undefined ? `: ${detail}` : ''}; ${where.request}); `
        + 'check that the URL is https to a TLS server whose certificate names this host and is signed by a CA the pod trusts '
        + '(NODE_EXTRA_CA_CERTS)',
      { cause: Object.assign(new Error(detail ?? code), { code }) },
    );
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return new IamEndpointError(
      'ERR_IAM_RESPONSE_TOO_LARGE',
      `${where.what} at ${where.hostPort} answered with headers over Node's size limit (${code}; ${where.request}); refused unread: `
        + 'is the endpoint URL right?',
      { cause: Object.assign(new Error(code), { code }) },
    );
  }
  const meaning = code !== undefined ? MEANING[code] : undefined;
  const reason = code !== undefined
    ? `${code}${meaning !== undefined ? `: ${meaning}` : detail !== undefined ? `: ${detail}` : ''}`
    : detail ?? 'network error';
  return unreachable(where, phase === 'read' ? `${reason}, while reading the answer` : reason, secrets, code);
}
