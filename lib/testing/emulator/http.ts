/**
 * The emulator's HTTP plumbing, with no IAM knowledge: two listeners (IAM and the fake service)
 * over http or https with a throwaway CA, JSON answers with an `X-Request-Id`, bounded request
 * bodies, and the small readers every route uses.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';
import { isJsonObject } from '../../contract/json';
import { IamError, IamErrorCode } from './iam-errors';
import { generateEmulatorTls } from './tls';

/** What a route answers: a JSON body with a status and extra headers. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route: answers a request (its body read), or `'network'` to drop the connection. */
export type Route = (req: IncomingMessage, body: Buffer) => Promise<Answer | 'network'>;

const MAX_BODY_BYTES = 1024 * 1024;

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
      this.caFile = join(this.tlsDir, 'ca.pem');
      writeFileSync(this.caFile, material.caCertificatePem, { mode: 0o644 });
      this.caCertificate = material.caCertificatePem;
      const tls = { key: material.privateKeyPem, cert: material.certificatePem };
      this.scheme = 'https';
      this.iamServer = createHttpsServer(tls, iamHandler);
      this.serviceServer = createHttpsServer(tls, serviceHandler);
    } else {
      this.scheme = 'http';
      this.iamServer = createServer(iamHandler);
      this.serviceServer = createServer(serviceHandler);
    }
    for (const server of [this.iamServer, this.serviceServer]) {
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
    if (this.tlsDir !== undefined) rmSync(this.tlsDir, { recursive: true, force: true });
  }
}

/** Reads the body (413 past 1 MiB), runs the route, writes its JSON answer; a route's exception is a 500, logged. */
async function serve(req: IncomingMessage, res: ServerResponse, route: Route, log: (line: string) => void): Promise<void> {
  let answer: Answer | 'network';
  try {
    const body = await readBody(req);
    answer = body === 'too-large'
      ? {
        status: 413,
        body: new IamError({ status: 413, code: IamErrorCode.RequestTooLarge, check: 'request', message: 'Request body too large.' }).toBody(),
      }
      : await route(req, body);
  } catch (error) {
    answer = { status: 500, body: { error_msg: 'Internal emulator error.', error_code: 'IAM.InternalError' } };
    log(`iam-emulator error ${JSON.stringify((error as Error).message)}`);
  }
  if (answer === 'network') {
    req.socket.destroy();
    return;
  }
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': randomBytes(16).toString('hex'),
    ...answer.headers,
  });
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
