/**
 * Issue 21: an IAM (or any server's) error body that echoes a live secret the runtime holds —
 * percent-encoded, JSON-escaped, as HTML references, base64 or base64url — never reaches a thrown
 * message or a log line. The secrets here are shorter than the 40-character "opaque run" pattern,
 * so only the live-value redaction (in every encoding) can catch them.
 */
import { iamResponseError } from '../../lib/runtime/iam-errors';
import { REDACTED, SecretRegistry } from '../../lib/runtime/redact';
import { excerpt as safeExcerpt } from '../../lib/contract/excerpt';

const secretKey = 'sk-Live/Secret+Key19';
const securityToken = 'gQ+tok/En=Value==';
const idToken = 'Id_Tok-en9Value_x';

function encodings(value: string): Record<string, string> {
  const b64 = Buffer.from(value).toString('base64');
  return {
    percent: encodeURIComponent(value),
    'percent, lower-case hex': encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'percent, every character': [...Buffer.from(value)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    'percent, twice': encodeURIComponent(encodeURIComponent(value)),
    'JSON \\/': value.replace(/\//g, '\\/'),
    'JSON \\u': [...value].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join(''),
    'HTML references': value.replace(/[+/=]/g, (c) => `&#${c.charCodeAt(0)};`),
    'HTML hex references': value.replace(/[+/=]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`),
    base64: b64,
    'base64 unpadded': b64.replace(/=+$/, ''),
    base64url: Buffer.from(value).toString('base64url'),
    'base64 inside a longer base64 text': Buffer.from(`xy${value}z`).toString('base64'),
    'URL-safe alphabet': value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    hex: Buffer.from(value).toString('hex'),
  };
}

/** Every way the secrets could still be read in `text`. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const value of [secretKey, securityToken, idToken]) {
    const core = Buffer.from(value).toString('base64').slice(4, -4);
    if (text.includes(value)) found.push(`${value} as written`);
    if (text.includes(core)) found.push(`${value} as base64`);
    if (decodeURIComponent(text.replace(/%(?![0-9a-fA-F]{2})/g, '%25')).includes(value)) found.push(`${value} percent-encoded`);
    if (text.replace(/\\\//g, '/').includes(value)) found.push(`${value} JSON-escaped`);
  }
  return found;
}

const holder = (): SecretRegistry => {
  const registry = new SecretRegistry();
  for (const value of [secretKey, securityToken, idToken]) registry.add(value);
  return registry;
};

describe.each(Object.entries(encodings(secretKey)).concat(Object.entries(encodings(securityToken)), Object.entries(encodings(idToken))))(
  'a secret echoed %s',
  (_name, echoed) => {
    test('is not in the error thrown for an IAM answer (JSON body or plain text)', () => {
      for (const bodyText of [
        JSON.stringify({ error_msg: `The key ${echoed} is invalid`, error_code: 'IAM.0007' }),
        JSON.stringify({ error: { code: 401, message: `bad request body {"sk":"${echoed}"}`, title: 'Unauthorized' } }),
        `<html><body>bad credential ${echoed}</body></html>`,
      ]) {
        for (const operation of ['id-token', 'security-token'] as const) {
          const error = iamResponseError({
            operation, status: 401, bodyText, retryAfter: null, idpId: 'workload_identity', scope: 'project', now: 0, secrets: holder(),
          });
          expect(leaks(error.message)).toEqual([]);
          expect(error.message).toContain(REDACTED);
        }
      }
    });

    test('is not in a log line or an excerpt', () => {
      expect(leaks(holder().redact(`retrying after: secret ${echoed} rejected`))).toEqual([]);
      expect(leaks(safeExcerpt(`secret ${echoed} rejected`, holder()))).toEqual([]);
    });
  },
);

test('ordinary text around the secrets survives', () => {
  const text = 'IAM at iam.cn-north-4.myhuaweicloud.com answered 100% of requests with "invalid \\/ key" &amp; retried';
  expect(holder().redact(text)).toBe(text);
});
