/**
 * The emulator against huge and malformed requests, over raw sockets to 127.0.0.1: oversized
 * bodies are answered 413 without being read, long URLs 414, oversized headers 431, unparsable
 * requests 400 — all with IAM's error body — and other clients are served meanwhile.
 */
import { connect, type Socket } from 'node:net';
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_URL_LENGTH } from '../../lib/testing/emulator/http';
import { makeKey, terraformFixture } from './helpers';

let emulator: IamEmulator;
const log: string[] = [];
let port: number;

beforeAll(async () => {
  const key = await makeKey('k1');
  emulator = await startIamEmulator({ terraform: terraformFixture({ keys: [key.publicJwk] }), log: (line) => log.push(line) });
  port = Number(new URL(emulator.url).port);
});
afterAll(async () => {
  await emulator.stop();
});

interface RawAnswer {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** Sends `head` (and lets `feed` write a body), resolves with the answer once the server closes or ends it. */
function raw(head: string, feed?: (socket: Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is expected when the body is refused
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (match === null) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      resolve({ status: Number(match[1]), headers: match[2].toLowerCase(), body: match[3] });
    });
    socket.write(head);
    feed?.(socket);
  });
}

const iamBody = (answer: RawAnswer): unknown => JSON.parse(answer.body);

test('a body declared over the limit is answered 413 at once, without waiting for it', async () => {
  const answer = await raw(
    'POST /v3.0/OS-AUTH/id-token/tokens HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n'
      + `content-length: ${400 * 1024 * 1024}\r\n\r\n{"auth":`,
  );
  expect(answer.status).toBe(413);
  expect(answer.headers).toContain('connection: close');
  expect(iamBody(answer)).toEqual({ error_code: 'IAM.RequestTooLarge', error_msg: `Request body larger than ${MAX_BODY_BYTES} bytes.` });
}, 30_000);

test('a chunked body that never ends is refused once it crosses the limit; another client is served meanwhile', async () => {
  const LIMIT = 64 * MAX_BODY_BYTES; // only so that a server that never stops reading cannot keep the test running
  let written = 0;
  const answer = raw('POST /v3.0/OS-AUTH/id-token/tokens HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n', (socket) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const pump = (): void => {
      while (written < LIMIT && !socket.destroyed) {
        written += chunk.length;
        if (!socket.write(frame)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!socket.destroyed) socket.end('0\r\n\r\n');
    };
    socket.once('data', () => undefined);
    pump();
  });
  const other = await fetch(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`, {
    method: 'POST', headers: { 'X-Auth-Token': 'forged' }, body: '{}',
  });
  expect(other.status).toBe(401);
  const refused = await answer;
  expect(refused.status).toBe(413);
  expect(iamBody(refused)).toMatchObject({ error_code: 'IAM.RequestTooLarge' });
  expect(written).toBeLessThan(LIMIT);
}, 60_000);

test('a URL over the limit is answered 414', async () => {
  const answer = await raw(`POST /v3.0/OS-AUTH/id-token/tokens?${'q'.repeat(MAX_URL_LENGTH)} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}`);
  expect(answer.status).toBe(414);
  expect(iamBody(answer)).toEqual({ error_code: 'IAM.UriTooLong', error_msg: `Request URL longer than ${MAX_URL_LENGTH} characters.` });
});

test('headers over the limit are answered 431 with IAM\'s body', async () => {
  const answer = await raw(`POST /v3.0/OS-AUTH/id-token/tokens HTTP/1.1\r\nhost: x\r\nx-big: ${'h'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`);
  expect(answer.status).toBe(431);
  expect(iamBody(answer)).toEqual({ error_code: 'IAM.RequestHeadersTooLarge', error_msg: `Request headers larger than ${MAX_HEADER_BYTES} bytes.` });
});

test.each([
  ['a garbage request line', 'NOT HTTP AT ALL\r\n\r\n'],
  ['a bad header line', 'POST / HTTP/1.1\r\nhost: x\r\nno colon here\r\n\r\n'],
  ['a bad chunk size', 'POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
])('%s is answered 400 with IAM\'s body, and the emulator keeps serving', async (_name, request) => {
  const answer = await raw(request);
  expect(answer.status).toBe(400);
  expect(iamBody(answer)).toEqual({ error_code: 'IAM.MalformedRequest', error_msg: 'Malformed HTTP request.' });
  const next = await fetch(`${emulator.url}/nope`, { method: 'POST', body: '{}' });
  expect(next.status).toBe(404);
});
