/**
 * A key's RFC 7638 thumbprint is computed once per key during a synthesis or a validation, however
 * many checks compare keys (shared signing keys, ServiceAccounts of one cluster) and however often
 * the declarations are validated (each declaration, the declarations together, each side).
 */
import { generateKeyPairSync } from 'node:crypto';
import { Jwks, WorkloadIdentity } from '../../lib';
import { validateDeclarations } from '../../lib/core/declaration/declarations';
import * as thumbprints from '../../lib/core/jwks/jwk-thumbprint';
import { synthWorkloadIdentity } from '../../lib/testing';

function publicKey(kid: string): Record<string, string> {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
  return { kid, alg: 'RS256', use: 'sig', ...jwk } as Record<string, string>;
}

function declare(providerName: string, kids: readonly string[]): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName,
    clientId: 'shop-app',
    region: 'cn-north-4',
    projectId: '0123456789abcdef0123456789abcdef',
    jwks: Jwks.fromObject({ keys: kids.map(publicKey) }),
    bindings: [{ namespace: 'shop', serviceAccountName: 'orders', iamGroups: ['readers'] }],
  });
}

afterEach(() => jest.restoreAllMocks());

test('validating declarations together thumbprints each key once, also when validated again', () => {
  const a = declare('cluster_a', ['a1', 'a2']);
  const b = declare('cluster_b', ['b1']);
  const spy = jest.spyOn(thumbprints, 'jwkThumbprint');
  validateDeclarations([a, b]);
  validateDeclarations([a, b]);
  const thumbprinted = spy.mock.calls.map(([key]) => key.kid);
  expect(thumbprinted.sort()).toEqual(['a1', 'a2', 'b1']);
});

test('a whole synthesis thumbprints each key once', () => {
  const identity = declare('cluster_a', ['a1', 'a2']);
  const spy = jest.spyOn(thumbprints, 'jwkThumbprint');
  synthWorkloadIdentity(identity);
  expect(spy.mock.calls.map(([key]) => key.kid).sort()).toEqual(['a1', 'a2']);
});
