import { stringify } from 'node:querystring';
// The real signer of the Huawei Cloud Node SDK: the verifier must accept exactly what it produces.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { IamError } from '../../lib/iam-model/iam-errors';
import {
  canonicalQuery,
  canonicalUri,
  parseSdkAuthorization,
  parseSdkDate,
  sdkUrlEncode,
  verifySdkSignature,
  type IssuedCredential,
  type ReceivedRequest,
} from '../../lib/testing/emulator/signature';

const AK = 'AKEXAMPLE0000000TEST';
const SK = 'sk-example-0000000000000000000000000000';
const TOKEN = 'security-token-example';
const NOW = Date.now();

const credential: IssuedCredential = { secret: SK, securityToken: TOKEN, expiresAt: NOW + 3600_000 };
const lookup = (ak: string): IssuedCredential | undefined => (ak === AK ? credential : undefined);

interface SdkRequestSpec {
  method: string;
  path: string;
  queryParams?: Record<string, string | string[]>;
  data?: unknown;
  headers?: Record<string, string>;
}

/** Signs like the SDK does, and returns the request as the server receives it. */
function signWithSdk(spec: SdkRequestSpec, signer = { ak: AK, sk: SK }): ReceivedRequest {
  const host = '127.0.0.1:8443';
  const headers: Record<string, string> = { 'X-Security-Token': TOKEN, 'X-Project-Id': 'p1', 'content-type': 'application/json', ...spec.headers };
  const request = { method: spec.method, endpoint: `http://${host}${spec.path}`, queryParams: spec.queryParams ?? {}, headers, data: spec.data };
  const signed = AKSKSigner.sign(request as never, { getAk: () => signer.ak, getSk: () => signer.sk } as never) as Record<string, string>;
  const received: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) received[name.toLowerCase()] = String(value);
  const query = stringify(spec.queryParams ?? {});
  return {
    method: spec.method,
    target: query === '' ? spec.path : `${spec.path}?${query}`,
    headers: received,
    body: spec.data === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(spec.data)),
  };
}

function rejection(request: ReceivedRequest, now = NOW): IamError {
  try {
    verifySdkSignature(request, lookup, now);
  } catch (error) {
    expect(error).toBeInstanceOf(IamError);
    return error as IamError;
  }
  throw new Error('expected the signature to be rejected');
}

describe('verifySdkSignature against the real SDK signer', () => {
  test.each<[string, SdkRequestSpec]>([
    ['GET without query', { method: 'GET', path: '/v1/p1/servers' }],
    [
      'GET with query (sorted, arrays, spaces, unicode)',
      { method: 'GET', path: '/v1/p1/servers', queryParams: { limit: '10', name: 'a b/ü', tag: ['z', 'a'] } },
    ],
    ['POST with a UTF-8 JSON body', { method: 'POST', path: '/v2/p1/things', data: { name: 'wörld', n: [1, 2] } }],
    ['DELETE with encoded path segment', { method: 'DELETE', path: '/v1/p1/objects/a%20b' }],
    ['unsigned payload', { method: 'PUT', path: '/v1/p1/blob', data: 'raw', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } }],
  ])('accepts %s', (_label, spec) => {
    const result = verifySdkSignature(signWithSdk(spec), lookup, NOW);
    expect(result.accessKey).toBe(AK);
    expect(result.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-sdk-date', 'x-security-token', 'x-project-id']));
  });

  test('rejects a changed body', () => {
    const request = signWithSdk({ method: 'POST', path: '/v1/p1/things', data: { amount: 1 } });
    const error = rejection({ ...request, body: Buffer.from(JSON.stringify({ amount: 1000 })) });
    expect(error.code).toBe('APIGW.SignatureMismatch');
  });

  test('rejects a changed query, path or signed header', () => {
    const request = signWithSdk({ method: 'GET', path: '/v1/p1/servers', queryParams: { limit: '10' } });
    expect(rejection({ ...request, target: '/v1/p1/servers?limit=11' }).code).toBe('APIGW.SignatureMismatch');
    expect(rejection({ ...request, target: '/v1/p2/servers?limit=10' }).code).toBe('APIGW.SignatureMismatch');
    expect(rejection({ ...request, headers: { ...request.headers, 'x-project-id': 'p2' } }).code).toBe('APIGW.SignatureMismatch');
    expect(rejection({ ...request, method: 'DELETE' }).code).toBe('APIGW.SignatureMismatch');
  });

  test('rejects a signature made with another secret', () => {
    expect(rejection(signWithSdk({ method: 'GET', path: '/x' }, { ak: AK, sk: 'wrong-secret' })).code).toBe('APIGW.SignatureMismatch');
  });

  test('rejects an unknown access key, an expired credential and a missing security token', () => {
    expect(rejection(signWithSdk({ method: 'GET', path: '/x' }, { ak: 'UNKNOWN', sk: SK })).code).toBe('APIGW.AccessKeyUnknown');
    expect(rejection(signWithSdk({ method: 'GET', path: '/x' }), credential.expiresAt + 1).code).toBe('APIGW.CredentialExpired');
    const request = signWithSdk({ method: 'GET', path: '/x' });
    const { 'x-security-token': _dropped, ...withoutToken } = request.headers;
    void _dropped;
    expect(rejection({ ...request, headers: withoutToken }).code).toBe('APIGW.SecurityTokenInvalid');
    expect(rejection({ ...request, headers: { ...request.headers, 'x-security-token': 'another' } }).code).toBe('APIGW.SecurityTokenInvalid');
  });

  test('rejects a security token that was not signed', () => {
    const request = signWithSdk({ method: 'GET', path: '/x', headers: {} });
    const auth = String(request.headers.authorization).replace(/x-security-token;?/, '').replace(/;(?=,)/, '');
    expect(rejection({ ...request, headers: { ...request.headers, authorization: auth } }).code).toBe('APIGW.SignedHeadersIncomplete');
  });

  test('rejects a request date more than 15 minutes off', () => {
    const request = signWithSdk({ method: 'GET', path: '/x' });
    expect(rejection(request, NOW + 16 * 60_000).code).toBe('APIGW.RequestDateInvalid');
    expect(() => verifySdkSignature(request, lookup, NOW + 14 * 60_000)).not.toThrow();
  });

  test('rejects a missing or foreign Authorization header', () => {
    const request = signWithSdk({ method: 'GET', path: '/x' });
    expect(rejection({ ...request, headers: { ...request.headers, authorization: 'Bearer abc' } }).code).toBe('APIGW.AuthorizationMissing');
  });

  test('error details never contain the secret, the security token or the signature', () => {
    const request = signWithSdk({ method: 'GET', path: '/x' });
    const signature = parseSdkAuthorization(String(request.headers.authorization))!.signature;
    const errors = [
      rejection({ ...request, target: '/y' }),
      rejection({ ...request, headers: { ...request.headers, 'x-security-token': 'another' } }),
      rejection(request, NOW + 3600_000 + 1),
    ];
    for (const error of errors) {
      for (const secret of [SK, TOKEN, signature]) {
        expect(error.message).not.toContain(secret);
        expect(error.detail).not.toContain(secret);
      }
    }
  });
});

describe('canonical pieces', () => {
  test('URI encoding keeps unreserved characters and re-encodes percent signs like the SDK', () => {
    expect(sdkUrlEncode('a-b_c.d~e')).toBe('a-b_c.d~e');
    expect(sdkUrlEncode('a b')).toBe('a%20b');
    expect(sdkUrlEncode('ü')).toBe('%C3%BC');
    expect(canonicalUri('/v1/p/a%20b')).toBe('/v1/p/a%2520b/');
    expect(canonicalUri('/')).toBe('/');
  });

  test('query keys sorted, array values sorted', () => {
    expect(canonicalQuery('b=2&a=z&a=y&c=a%20b')).toBe('a=y&a=z&b=2&c=a%20b');
    expect(canonicalQuery('')).toBe('');
  });

  test('X-Sdk-Date parsing', () => {
    expect(parseSdkDate('20250115T120000Z')).toBe(Date.UTC(2025, 0, 15, 12, 0, 0));
    expect(parseSdkDate('2025-01-15T12:00:00Z')).toBeUndefined();
  });
});
