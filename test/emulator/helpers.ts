import { exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { mintServiceAccountToken, type ServiceAccountTokenOptions } from '../../lib/testing/kube-token';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const CLIENT_ID = 'my-client';
export const PROVIDER = 'workload_identity';
export const SUBJECT = 'system:serviceaccount:default:oidc-token';

export interface TestKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly spkiPem: string;
}

export async function makeKey(kid: string, alg = 'RS256', options: { omitAlg?: boolean } = {}): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const publicJwk: JWK = { ...jwk, kid, use: 'sig', ...(options.omitAlg ? {} : { alg }) };
  return { kid, alg, privateKey, publicJwk, spkiPem: await exportSPKI(publicKey) };
}

export interface ProviderFixture {
  readonly name?: string;
  readonly logicalId?: string;
  readonly keys: readonly JWK[];
  readonly status?: boolean;
  readonly issuer?: string;
  readonly clientId?: string;
  readonly accessConfigAsArray?: boolean;
  readonly rules?: ReadonlyArray<Record<string, unknown>>;
  readonly providerRef?: 'id' | 'name' | 'literal';
}

/** A hand-written cdk.tf.json of the shape cdktf synthesizes. */
export function terraformFixture(...providers: ProviderFixture[]): Record<string, unknown> {
  const idps: Record<string, unknown> = {};
  const conversions: Record<string, unknown> = {};
  for (const p of providers) {
    const logicalId = p.logicalId ?? 'workload-identity_provider_ABCD1234';
    const name = p.name ?? PROVIDER;
    const accessConfig = {
      access_type: 'program',
      provider_url: p.issuer ?? ISSUER,
      client_id: p.clientId ?? CLIENT_ID,
      signing_key: JSON.stringify({ keys: p.keys }),
    };
    idps[logicalId] = {
      '//': { metadata: { path: `stack/${logicalId}` } },
      name,
      protocol: 'oidc',
      ...(p.status === undefined ? {} : { status: p.status }),
      description: 'test provider',
      access_config: p.accessConfigAsArray ? [accessConfig] : accessConfig,
    };
    const ref = p.providerRef ?? 'id';
    conversions[`${logicalId}_conversion`] = {
      provider_id: ref === 'literal' ? name : `\${huaweicloud_identity_provider.${logicalId}.${ref}}`,
      conversion_rules: p.rules ?? [
        { local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT] }] },
      ],
    };
  }
  return {
    '//': { metadata: { version: '0.21.0', stackName: 'workload-identity' } },
    terraform: { required_providers: { huaweicloud: { source: 'huaweicloud/huaweicloud', version: '1.97.1' } } },
    resource: { huaweicloud_identity_provider: idps, huaweicloud_identity_provider_conversion: conversions },
  };
}

export async function tokenFor(key: TestKey, overrides: Partial<ServiceAccountTokenOptions> = {}): Promise<string> {
  const minted = await mintServiceAccountToken({
    privateKey: key.privateKey,
    alg: key.alg,
    kid: key.kid,
    namespace: 'default',
    serviceAccountName: 'oidc-token',
    projected: { audience: CLIENT_ID, expirationSeconds: 7200, path: 'oidc-token' },
    ...overrides,
  });
  return minted.token;
}

/** Replaces the payload of a compact JWS, keeping header and signature (a tampered token). */
export function tamperPayload(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** An unsigned (`alg: none`) copy of a token. */
export function unsignedCopy(jwt: string): string {
  const [, payload] = jwt.split('.');
  return [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), payload, ''].join('.');
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

export function idTokenBody(jwt: string, scope?: Record<string, unknown>): Record<string, unknown> {
  return { auth: { id_token: { id: jwt }, ...(scope ? { scope } : {}) } };
}

export function securityTokenBody(durationSeconds?: number): Record<string, unknown> {
  return { auth: { identity: { methods: ['token'], token: durationSeconds === undefined ? {} : { duration_seconds: durationSeconds } } } };
}
