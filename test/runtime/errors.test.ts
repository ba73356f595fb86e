/**
 * One error-code style: every runtime error carries an `ERR_*` code from its class's closed set;
 * the release-0.1 codes (no prefix) stay matchable for one release.
 */
import {
  ClientClosedError, ConfigError, CredentialsExpiredError, IamRejectedError, IamResponseError, IamUnavailableError, isWorkloadIdentityError,
  TokenFileError, WorkloadIdentityError,
} from '../../lib/runtime';

const errors: WorkloadIdentityError[] = [
  new ConfigError('m'),
  new TokenFileError('ERR_TOKEN_FILE_MISSING', '/t', 'm'),
  new IamRejectedError('ERR_NOT_ADMITTED', 'm'),
  new IamUnavailableError('ERR_IAM_THROTTLED', 'm'),
  new IamResponseError('m'),
  new CredentialsExpiredError('m', new Date(0), new Error('cause')),
  new ClientClosedError(),
];

test.each(errors.map((e) => [e.name, e]))('%s has an ERR_ code and its release-0.1 name as legacyCode', (_name, error) => {
  expect(error.code).toMatch(/^ERR_[A-Z_]+$/);
  expect(`ERR_${error.legacyCode}`).toBe(error.code);
  expect(isWorkloadIdentityError(error, error.code)).toBe(true);
  expect(isWorkloadIdentityError(error, error.legacyCode)).toBe(true);
});

test('the classes with one code expose it statically, as jose does', () => {
  expect(new ConfigError('m').code).toBe(ConfigError.code);
  expect(new IamResponseError('m').code).toBe(IamResponseError.code);
  expect(new CredentialsExpiredError('m', new Date(0), undefined).code).toBe(CredentialsExpiredError.code);
  expect(new ClientClosedError().code).toBe(ClientClosedError.code);
});

test('isWorkloadIdentityError matches the old and the new name of a code, and nothing else', () => {
  const error = new IamRejectedError('ERR_NOT_ADMITTED', 'm');
  expect(isWorkloadIdentityError(error, 'ERR_NOT_ADMITTED')).toBe(true);
  expect(isWorkloadIdentityError(error, 'NOT_ADMITTED')).toBe(true);
  expect(isWorkloadIdentityError(error, 'ERR_TOKEN_REJECTED')).toBe(false);
  expect(isWorkloadIdentityError(error, 'TOKEN_REJECTED')).toBe(false);
  expect(isWorkloadIdentityError(new Error('m'))).toBe(false);
  expect(isWorkloadIdentityError({ code: 'ERR_NOT_ADMITTED' }, 'ERR_NOT_ADMITTED')).toBe(false);
});

test('the code parameter is a closed set (checked by npm run typecheck)', () => {
  const error = new ConfigError('m');
  // @ts-expect-error not a code of this module
  expect(isWorkloadIdentityError(error, 'ERR_NOPE')).toBe(false);
  // @ts-expect-error not a code of this module, old or new
  expect(isWorkloadIdentityError(error, 'NOPE')).toBe(false);
});
