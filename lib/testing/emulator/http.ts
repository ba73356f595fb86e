/**
 * The emulator's HTTP plumbing, with no IAM knowledge: two listeners (IAM and the fake service)
 * over http or https with a throwaway CA, JSON answers with an `X-Request-Id`, and the small
 * readers every route uses. Input is bounded before any route sees it, so one client's huge or
 * malformed request costs the others nothing: a body over {@link MAX_BODY_BYTES} is answered 413
 * as soon as it is seen (by `Content-Length`, or when the stream crosses the limit) and the rest is
 * never read (the connection is closed); a URL over {@link MAX_URL_LENGTH} is answered 414; headers
 * over {@link MAX_HEADER_BYTES} 431, an unparsable request 400 and a request that stalls 408, all
 * with IAM's error body.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { isJsonObject } from '../../contract/json';
import { excerpt } from '../../contract/excerpt';
import { IamError, IamErrorCode, type IamErrorCodeValue } from '../../iam-model/iam-errors';
import { generateEmulatorTls } from './tls';

/** What a route answers: a JSON body with a status and extra headers. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route: answers a request (its body read), or `'network'` to drop the connection. */
export type Route = (req: IncomingMessage, body: Buffer) => Promise<Answer | 'network'>;

/** Largest request body read (IAM's requests are a few KiB: a token and a scope). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Longest request URL (path and query) answered. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Largest request head (request line and headers) Node parses for the emulator. */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * Node's limits on a slow client: the request head must arrive within 10 s, the whole request
 * within 30 s (Node's defaults, 60 s and 300 s, let a few slow clients hold sockets for minutes).
 */
const SERVER_OPTIONS: ServerOptions = { maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: 10_000, requestTimeout: 30_000 };

/**
 * TLS directories of emulators not stopped yet: removed when the process exits without stopping
 * them (an uncaught exception, `process.exit()`), by one listener for the whole process.
 */
const tlsDirsToRemoveAtExit = new Set<string>();
process.once('exit', () => {
  for (const dir of tlsDirsToRemoveAtExit) rmSync(dir, { recursive: true, force: true });
});

/**
 * The IAM and fake-service listeners. With `tls`, both serve https with a certificate from a CA
 * generated here, whose PEM is written to a temporary file (removed by `stop()`).
 */
export class EmulatorListeners {
  /** IAM endpoint, once listening. */
  public url = '';
  /** Fake service base URL, once listening. */
  public serviceUrl = '';
  /** With tls: the CA certificate file. */
  public readonly caFile: string | undefined;
  /** With tls: the CA certificate (PEM). */
  public readonly caCertificate: string | undefined;
  private readonly scheme: 'http' | 'https';
  private readonly tlsDir: string | undefined;
  private readonly iamServer: Server;
  private readonly serviceServer: Server;
  private readonly sockets = new Set<Socket>();

  /**
   * @param tlsHosts with tls, the host names the certificate names besides loopback; undefined for plain http.
   * @param iam the IAM route; @param service the fake service's route; @param log the operator log.
   */
  public constructor(tlsHosts: readonly string[] | undefined, iam: Route, service: Route, log: (line: string) => void) {
    const iamHandler = (req: IncomingMessage, res: ServerResponse): void => void serve(req, res, iam, log);
    const serviceHandler = (req: IncomingMessage, res: ServerResponse): void => void serve(req, res, service, log);
    if (tlsHosts !== undefined) {
      const material = generateEmulatorTls(tlsHosts);
      this.tlsDir = mkdtempSync(join(tmpdir(), 'cce-wi-emulator-tls-'));
      tlsDirsToRemoveAtExit.add(this.tlsDir);
      this.caFile = join(this.tlsDir, 'ca.pem');
      writeFileSync(this.caFile, material.caCertificatePem, { mode: 0o644 });
      this.caCertificate = material.caCertificatePem;
      const tls = { key: material.privateKeyPem, cert: material.certificatePem };
      this.scheme = 'https';
      this.iamServer = createHttpsServer({ ...tls, ...SERVER_OPTIONS }, iamHandler);
      this.serviceServer = createHttpsServer({ ...tls, ...SERVER_OPTIONS }, serviceHandler);
    } else {
      this.scheme = 'http';
      this.iamServer = createServer(SERVER_OPTIONS, iamHandler);
      this.serviceServer = createServer(SERVER_OPTIONS, serviceHandler);
    }
    for (const server of [this.iamServer, this.serviceServer]) {
      server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => answerClientError(error, socket, log));
      server.on('connection', (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
    }
  }

  /** Listens on `host`; on failure nothing stays open and the TLS files are gone. */
  public async listen(host: string, port: number, servicePort: number): Promise<void> {
    let iamPort: number;
    try {
      iamPort = await listenOn(this.iamServer, host, port);
    } catch (error) {
      this.removeTlsFiles();
      throw error;
    }
    try {
      const svcPort = await listenOn(this.serviceServer, host, servicePort);
      this.serviceUrl = formatUrl(this.scheme, host, svcPort);
    } catch (error) {
      await closeServer(this.iamServer);
      this.removeTlsFiles();
      throw error;
    }
    this.url = formatUrl(this.scheme, host, iamPort);
  }

  /** Stops both listeners, drops open connections and removes the TLS files. */
  public async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([closeServer(this.iamServer), closeServer(this.serviceServer)]);
    this.removeTlsFiles();
  }

  private removeTlsFiles(): void {
    if (this.tlsDir === undefined) return;
    rmSync(this.tlsDir, { recursive: true, force: true });
    tlsDirsToRemoveAtExit.delete(this.tlsDir);
  }
}

/** An IAM-style error answer of the request layer (before any route). */
function requestError(status: number, code: IamErrorCodeValue, message: string): Answer {
  return { status, body: new IamError({ status, code, check: 'request', message }).toBody() };
}

/**
 * Checks the URL, reads the body (413 past {@link MAX_BODY_BYTES}, without reading the rest), runs
 * the route and writes its JSON answer; a route's exception is a 500, logged.
 */
async function serve(req: IncomingMessage, res: ServerResponse, route: Route, log: (line: string) => void): Promise<void> {
  let answer: Answer | 'network';
  let closeAfter = false;
  try {
    if ((req.url ?? '').length > MAX_URL_LENGTH) {
      answer = requestError(414, IamErrorCode.UriTooLong, `Request URL longer than ${MAX_URL_LENGTH} characters.`);
      closeAfter = true; // its body, if any, is not read
    } else {
      const body = await readBody(req);
      if (body === 'too-large') {
        answer = requestError(413, IamErrorCode.RequestTooLarge, `Request body larger than ${MAX_BODY_BYTES} bytes.`);
        closeAfter = true;
      } else {
        answer = await route(req, body);
      }
    }
  } catch (error) {
    answer = { status: 500, body: { error_msg: 'Internal emulator error.', error_code: 'IAM.InternalError' } };
    log(`iam-emulator error ${JSON.stringify(excerpt(String((error as Error).message), 'user-text', 200))}`);
  }
  if (answer === 'network') {
    req.socket.destroy();
    return;
  }
  if (closeAfter) log(`iam-emulator refused status=${answer.status} ${req.method ?? '?'} ${JSON.stringify(excerpt(pathOf(req), 'user-text', 100))}`);
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': randomBytes(16).toString('hex'),
    ...answer.headers,
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  // With an unread body, the connection cannot carry another request: close it once answered.
  res.end(payload, closeAfter ? () => req.socket.destroy() : undefined);
}

/**
 * The request body, or `'too-large'` as soon as it is known to exceed {@link MAX_BODY_BYTES}
 * (from `Content-Length`, or when the stream crosses it): the rest is never read or buffered.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? '');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a request Node could not parse, or that stalled, is answered (then the connection is closed). */
const CLIENT_ERRORS: Readonly<Record<string, [number, IamErrorCodeValue, string]>> = {
  HPE_HEADER_OVERFLOW: [431, IamErrorCode.HeadersTooLarge, `Request headers larger than ${MAX_HEADER_BYTES} bytes.`],
  ERR_HTTP_REQUEST_TIMEOUT: [408, IamErrorCode.RequestTimeout, 'Request not received in time.'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, IamErrorCode.RequestTimeout, 'Request headers not received in time.'],
};

/** Answers a request Node could not parse (or that stalled) with IAM's error body, and closes the connection. */
function answerClientError(error: Error & { code?: string }, socket: Duplex, log: (line: string) => void): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, IamErrorCode.MalformedRequest, 'Malformed HTTP request.'];
  log(`iam-emulator refused status=${status} ${error.code ?? 'client error'}`);
  const payload = JSON.stringify(new IamError({ status, code, check: 'request', message }).toBody());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json;charset=UTF-8\r\n`
      + `content-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
  socket.once('finish', () => socket.destroy());
}

/** The body as JSON, or undefined when empty or not JSON. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** `value[key]` when `value` is a JSON object, else undefined. */
export function member(value: unknown, key: string): unknown {
  return isJsonObject(value) ? value[key] : undefined;
}

/** A request header's (first) value. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request path without the query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function formatUrl(scheme: 'http' | 'https', host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return `${scheme}://${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}`;
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
