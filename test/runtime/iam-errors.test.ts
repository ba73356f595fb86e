import { classifyIdTokenRejection, iamResponseError, parseIamErrorBody, parseRetryAfter } from '../../lib/runtime/iam-errors';
import { IamRejectedError, IamUnavailableError } from '../../lib/runtime/errors';

const now = Date.UTC(2026, 0, 1);
const ctx = {
  operation: 'id-token' as const,
  retryAfter: null,
  idpId: 'workload_identity',
  scope: 'project id p1',
  now,
  secrets: [] as string[],
  claims: { sub: 'system:serviceaccount:default:oidc-token', iss: 'https://kubernetes.default.svc.cluster.local', exp: now / 1000 + 3600 },
};

describe('parseIamErrorBody', () => {
  test('both IAM shapes and garbage', () => {
    expect(parseIamErrorBody('{"error_msg":"Could not find x","error_code":"IAM.0004"}')).toEqual({
      message: 'Could not find x',
      code: 'IAM.0004',
      title: undefined,
    });
    expect(parseIamErrorBody('{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}')).toEqual(
      {
        message: 'The request you have made requires authentication.',
        code: '401',
        title: 'Unauthorized',
      },
    );
    expect(parseIamErrorBody('<html>bad gateway</html>')).toEqual({});
    expect(parseIamErrorBody('null')).toEqual({});
  });

  test('Retry-After as seconds or date', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('classifyIdTokenRejection', () => {
  test.each([
    [401, 'IAM.IdTokenExpired The id token has expired.', 'ERR_TOKEN_EXPIRED'],
    [401, 'IAM.IdTokenNotYetValid The id token is not valid yet.', 'ERR_TOKEN_EXPIRED'],
    [404, 'IAM.IdpNotFound The identity provider does not exist.', 'ERR_PROVIDER_NOT_FOUND'],
    [404, 'Could not find identity provider: workload_identity.', 'ERR_PROVIDER_NOT_FOUND'],
    [403, 'IAM.MappingNoMatch No identity conversion rule matches the id token.', 'ERR_NOT_ADMITTED'],
    [403, 'Could not find mapping for identity provider x', 'ERR_NOT_ADMITTED'],
    [403, 'IAM.IdpDisabled The identity provider is disabled.', 'ERR_NOT_ADMITTED'],
    [401, 'IAM.IdTokenAudienceMismatch The id token audience does not match.', 'ERR_TOKEN_REJECTED'],
    [401, 'IAM.IdTokenSignatureInvalid The id token signature cannot be verified.', 'ERR_TOKEN_REJECTED'],
    [400, 'Project p1 could not be found', 'ERR_PROJECT_NOT_FOUND'],
    [401, 'IAM.0007 Request parameter %(key)s is invalid.', 'ERR_TOKEN_REJECTED'],
    [403, 'IAM.0003 Policy doesn\'t allow x', 'ERR_NOT_ADMITTED'],
    [404, '', 'ERR_PROVIDER_NOT_FOUND'],
    [400, 'IAM.0011 Request body is invalid.', 'ERR_IAM_REJECTED'],
  ])('HTTP %d %s → %s', (status, text, code) => {
    expect(classifyIdTokenRejection(status, text, ctx.claims, now)).toBe(code);
  });

  test('a generic 401 for a token whose exp has passed (local clock) is TOKEN_EXPIRED', () => {
    expect(classifyIdTokenRejection(401, 'Unauthorized', { exp: now / 1000 - 1 }, now)).toBe('ERR_TOKEN_EXPIRED');
  });
});

describe('iamResponseError', () => {
  test('429 → retryable IAM_THROTTLED with Retry-After; 5xx → IAM_SERVER_ERROR', () => {
    const throttled = iamResponseError({ ...ctx, status: 429, bodyText: '', retryAfter: '2' });
    expect(throttled).toBeInstanceOf(IamUnavailableError);
    expect(throttled).toMatchObject({ code: 'ERR_IAM_THROTTLED', retryable: true, retryAfterMs: 2000, status: 429 });
    expect(iamResponseError({ ...ctx, status: 503, bodyText: 'unavailable' })).toMatchObject({ code: 'ERR_IAM_SERVER_ERROR', retryable: true });
  });

  test('4xx → non-retryable, message names the cause, the idp and the ServiceAccount', () => {
    const error = iamResponseError({
      ...ctx,
      status: 403,
      bodyText: '{"error_msg":"No identity conversion rule matches the id token.","error_code":"IAM.MappingNoMatch"}',
    });
    expect(error).toBeInstanceOf(IamRejectedError);
    expect(error).toMatchObject({ code: 'ERR_NOT_ADMITTED', retryable: false, status: 403, iamErrorCode: 'IAM.MappingNoMatch' });
    expect(error.message).toContain('"workload_identity"');
    expect(error.message).toContain('system:serviceaccount:default:oidc-token');
    expect(error.message).toContain('HTTP 403 IAM.MappingNoMatch');
  });

  test('token-shaped text and live secrets in bodies are redacted', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const error = iamResponseError({
      ...ctx,
      secrets: ['super-secret-value'],
      status: 401,
      bodyText: JSON.stringify({ error_msg: `bad token ${jwt} super-secret-value ${'A'.repeat(64)}`, error_code: 'IAM.IdTokenMalformed' }),
    });
    expect(error.message).not.toContain(jwt);
    expect(error.message).not.toContain('super-secret-value');
    expect(error.message).not.toContain('A'.repeat(40));
    expect(error.message).toContain('[REDACTED]');
  });

  test('security-token exchange: 401/403 are IAM_REJECTED', () => {
    expect(iamResponseError({ ...ctx, operation: 'security-token', status: 401, bodyText: '' })).toMatchObject({
      code: 'ERR_IAM_REJECTED',
      status: 401,
    });
  });
});
