import { SignJWT, UnsecuredJWT } from 'jose';
import { IamError } from '../../lib/iam-model/iam-errors';
import { loadIdentityProviders, type EmulatedIdentityProvider } from '../../lib/iam-model/terraform-loader';
import { admitIdToken, allowedAlgorithms, verifyIdToken } from '../../lib/iam-model/token-verifier';
import { CLIENT_ID, ISSUER, SUBJECT, makeKey, tamperPayload, terraformFixture, tokenFor, unsignedCopy, type TestKey } from './helpers';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const clock = { now: () => NOW, clockSkewSeconds: 60 };

let key: TestKey;
let otherKey: TestKey;
let provider: EmulatedIdentityProvider;

beforeAll(async () => {
  key = await makeKey('k1');
  otherKey = await makeKey('k1'); // same kid, different key material
  [provider] = loadIdentityProviders(terraformFixture({ keys: [key.publicJwk] }));
});

async function denial(promise: Promise<unknown>): Promise<IamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IamError);
    return error as IamError;
  }
  throw new Error('expected a denial, got an admission');
}

const mint = (overrides: Parameters<typeof tokenFor>[1] = {}, k: TestKey = key) => tokenFor(k, { now: () => NOW, ...overrides });

describe('admitIdToken', () => {
  test('admits the bound ServiceAccount with its user and groups', async () => {
    const admitted = await admitIdToken(provider, await mint(), clock);
    expect(admitted).toMatchObject({ provider: 'workload_identity', username: 'test', groups: ['demo'] });
    expect(admitted.claims.sub).toBe(SUBJECT);
    expect(admitted.header).toMatchObject({ alg: 'RS256', kid: 'k1' });
  });

  test.each<[string, () => Promise<string>, number, string, string, RegExp]>([
    ['another ServiceAccount', () => mint({ serviceAccountName: 'other' }), 403, 'IAM.MappingNoMatch', 'mapping', /"system:serviceaccount:default:other" is not any of/],
    ['wrong audience', () => mint({ projected: { audience: 'someone-else', expirationSeconds: 7200, path: 't' } }), 401, 'IAM.IdTokenAudienceMismatch', 'audience', /aud \["someone-else"\] does not contain provider "workload_identity"'s client_id "my-client"/],
    ['wrong issuer', () => mint({ issuer: 'https://evil.example' }), 401, 'IAM.IdTokenIssuerMismatch', 'issuer', /iss "https:\/\/evil\.example" differs from provider "workload_identity"'s provider_url/],
    ['expired token', () => mint({ now: () => NOW - 7200_000 - 61_000 }), 401, 'IAM.IdTokenExpired', 'expiry', /exp 2025-01-15T11:58:59\.000Z is in the past/],
    ['token from the future (nbf)', () => mint({ now: () => NOW + 120_000 }), 401, 'IAM.IdTokenNotYetValid', 'not-before', /nbf .* is in the future/],
    ['signed by another key with the same kid', () => mint({}, otherKey), 401, 'IAM.IdTokenSignatureInvalid', 'signature', /signed by another key/],
    ['unknown kid', () => mint({ kid: 'rotated-away' }), 401, 'IAM.IdTokenKeyNotFound', 'key', /kid "rotated-away" is not in provider "workload_identity"'s signing_key \(kids: "k1"\)/],
    ['tampered payload', async () => tamperPayload(await mint({ serviceAccountName: 'other' }), (c) => { c.sub = SUBJECT; }), 401, 'IAM.IdTokenSignatureInvalid', 'signature', /does not verify/],
    ['alg none', async () => unsignedCopy(await mint()), 401, 'IAM.IdTokenAlgorithmNotAllowed', 'algorithm', /alg "none": unsigned tokens are never accepted/],
    ['jose UnsecuredJWT', async () => new UnsecuredJWT({ sub: SUBJECT, iss: ISSUER, aud: CLIENT_ID }).encode(), 401, 'IAM.IdTokenAlgorithmNotAllowed', 'algorithm', /unsigned/],
    ['not a JWT', async () => 'definitely-not-a-jwt', 401, 'IAM.IdTokenMalformed', 'token-format', /not a compact JWS/],
    ['garbage header', async () => 'a.b.c', 401, 'IAM.IdTokenMalformed', 'token-format', /header is not base64url-encoded JSON/],
  ])('denies %s', async (_label, makeToken, status, code, check, detail) => {
    const error = await denial(admitIdToken(provider, await makeToken(), clock));
    expect({ status: error.status, code: error.code, check: error.check }).toEqual({ status, code, check });
    expect(error.detail).toMatch(detail);
  });

  test('algorithm confusion: HS256 keyed with the public key is refused before any HMAC check', async () => {
    const claims = { sub: SUBJECT, iss: ISSUER, aud: [CLIENT_ID], iat: NOW / 1000, exp: NOW / 1000 + 600 };
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(key.spkiPem));
    const error = await denial(admitIdToken(provider, forged, clock));
    expect(error.code).toBe('IAM.IdTokenAlgorithmNotAllowed');
    expect(error.detail).toContain('symmetric');
  });

  test("an algorithm the provider's keys do not allow (RS256 key, ES256 token) is refused", async () => {
    const ec = await makeKey('k1', 'ES256');
    const error = await denial(admitIdToken(provider, await mint({}, ec), clock));
    expect(error.code).toBe('IAM.IdTokenAlgorithmNotAllowed');
    expect(error.detail).toContain('allowed: RS256');
  });

  test('a token issued in the future (iat beyond skew) is refused even if nbf is absent', async () => {
    const iat = NOW / 1000 + 600;
    const token = await new SignJWT({ sub: SUBJECT, iss: ISSUER, aud: [CLIENT_ID], iat, exp: iat + 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key.privateKey);
    const error = await denial(admitIdToken(provider, token, clock));
    expect(error.code).toBe('IAM.IdTokenIssuedInFuture');
  });

  test('a token without sub or exp is refused as missing claims', async () => {
    const token = await new SignJWT({ iss: ISSUER, aud: [CLIENT_ID], iat: NOW / 1000 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key.privateKey);
    const error = await denial(admitIdToken(provider, token, clock));
    expect(error.code).toBe('IAM.IdTokenClaimMissing');
    expect(error.detail).toMatch(/claim "(sub|exp)" is missing/);
  });

  test('clock skew: 59 s past exp passes, 61 s does not', async () => {
    const issuedAt = NOW - 7200_000;
    await expect(admitIdToken(provider, await mint({ now: () => issuedAt - 59_000 + 0 }), clock)).resolves.toBeDefined();
    const error = await denial(admitIdToken(provider, await mint({ now: () => issuedAt - 61_000 }), clock));
    expect(error.code).toBe('IAM.IdTokenExpired');
  });

  test('a disabled provider refuses everything with 403', async () => {
    const [disabled] = loadIdentityProviders(terraformFixture({ keys: [key.publicJwk], status: false }));
    const error = await denial(admitIdToken(disabled, await mint(), clock));
    expect({ status: error.status, code: error.code }).toEqual({ status: 403, code: 'IAM.IdpDisabled' });
  });

  test('a provider without conversion rules admits nobody, and says so', async () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as { resource: Record<string, unknown> };
    delete doc.resource.huaweicloud_identity_provider_conversion;
    const [bare] = loadIdentityProviders(doc);
    await expect(verifyIdToken(bare, await mint(), clock)).resolves.toBeDefined();
    const error = await denial(admitIdToken(bare, await mint(), clock));
    expect(error.detail).toContain('has no huaweicloud_identity_provider_conversion');
  });

  test('EC keys and keys without alg work; multiple keys are selected by kid', async () => {
    const ec = await makeKey('ec', 'ES256');
    const rsaNoAlg = await makeKey('rsa-noalg', 'PS256', { omitAlg: true });
    const [multi] = loadIdentityProviders(terraformFixture({ keys: [key.publicJwk, ec.publicJwk, rsaNoAlg.publicJwk] }));
    expect(allowedAlgorithms(multi.jwks!).sort()).toEqual(['ES256', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512']);
    await expect(admitIdToken(multi, await mint({}, ec), clock)).resolves.toMatchObject({ username: 'test' });
    await expect(admitIdToken(multi, await mint({}, rsaNoAlg), clock)).resolves.toMatchObject({ username: 'test' });
  });
});
