/**
 * The declaration and the emulator judge keys and algorithms with the same tables
 * (lib/contract/jws-algorithms.ts): every algorithm the declaration accepts for a key is one the
 * emulator lets a token signed with that key use, and no other.
 */
import { Jwks } from '../../lib/core/jwks/jwks';
import { IssueCollector } from '../../lib/core/issues/issues';
import { ACCEPTED_ALGORITHMS, EC_ALGORITHM_BY_CURVE, RSA_ALGORITHMS } from '../../lib/contract/jws-algorithms';
import { allowedAlgorithms } from '../../lib/testing/emulator';
import { makeKey } from '../emulator/helpers';

test('the accepted algorithms are the RSA ones and one per EC curve', () => {
  expect(ACCEPTED_ALGORITHMS).toEqual([...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512']);
  expect(Object.keys(EC_ALGORITHM_BY_CURVE)).toEqual(['P-256', 'P-384', 'P-521']);
});

test.each([
  ['RSA', 'RS256'],
  ['RSA', 'PS512'],
  ['EC', 'ES256'],
  ['EC', 'ES384'],
])('a %s key with alg %s: the declaration accepts it and the emulator allows exactly that algorithm', async (_kty, alg) => {
  const key = await makeKey('k1', alg);
  const out = new IssueCollector();
  Jwks.fromObject({ keys: [key.publicJwk] })._check(out, 'jwks');
  expect(out.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(allowedAlgorithms({ keys: [key.publicJwk] })).toEqual([alg]);
});

test('without alg, an RSA key allows every RSA algorithm and an EC key the one of its curve', async () => {
  const rsa = await makeKey('r', 'RS256', { omitAlg: true });
  const ec = await makeKey('e', 'ES384', { omitAlg: true });
  expect(allowedAlgorithms({ keys: [rsa.publicJwk] })).toEqual(RSA_ALGORITHMS);
  expect(allowedAlgorithms({ keys: [ec.publicJwk] })).toEqual([EC_ALGORITHM_BY_CURVE['P-384']]);
});
