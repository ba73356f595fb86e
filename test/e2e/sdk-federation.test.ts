/**
 * End to end, offline: declaration → synthesized Terraform JSON + Kubernetes manifests → IAM
 * emulator loaded from that Terraform → a ServiceAccount token minted for the synthesized projected
 * volume and written where the workload mounts it → the REAL Huawei Cloud Node SDK, configured only
 * from the synthesized container environment, obtains temporary credentials and makes a signed
 * request that the emulator's fake service accepts. Then every way it must fail, and rotation.
 * All of it twice: against the emulator over plain http, and over https (`emulate --tls`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { Jwks, WorkloadIdentity } from '../../lib';
import { synthWorkloadIdentity, type SynthesizedWorkloadIdentity } from '../../lib/testing';
import { startIamEmulator, type EmulatorDecision, type IamEmulator } from '../../lib/testing/emulator';
import {
  DEFAULT_KUBERNETES_ISSUER,
  mintServiceAccountToken,
  podIdentitiesFromManifests,
  type PodIdentity,
  type ServiceAccountTokenOptions,
} from '../../lib/testing/kube-token';
import { expectWarnings } from '../support/warnings';

// The SDK's service-independent client factory (not exported from the package root; service SDKs
// import it by this path too).
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { configure as configureLog4js } from 'log4js';
import { PROJECT_ID } from '../fixtures/ids';

// sdk-core 3.1.211 logs the failed request's axios config — including "Authorization: Bearer <id
// token>" — to stdout on every IAM error. Keep that out of the test output.
configureLog4js({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

const CLIENT_ID = 'cce-e2e-client';

interface ClusterKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function clusterKey(kidFrom?: string): Promise<ClusterKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  // kube-apiserver's kid is the base64url SHA-256 of the public key; reuse another key's kid to
  // model "same kid, different key".
  const kid = kidFrom ?? await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

function declare(key: ClusterKey, iamEndpoint?: string): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: CLIENT_ID,
    jwks: Jwks.fromObject({ keys: [key.publicJwk] }),
    projectId: PROJECT_ID,
    region: 'cn-north-4',
    ...(iamEndpoint ? { iamEndpoint } : {}),
    bindings: [
      {
        namespace: 'default',
        serviceAccountName: 'oidc-token',
        iamUser: 'test',
        iamGroups: ['demo'],
        token: { expirationSeconds: 7200, path: 'oidc-token' },
      },
      { namespace: 'payments', serviceAccountName: 'billing', iamUser: 'billing-bot', iamGroups: ['billing', 'readers'] },
    ],
  });
}

describe.each([['http' as const], ['tls' as const]])('over %s', (transport) => {
  let key: ClusterKey;
  let emulator: IamEmulator;
  let synthesized: SynthesizedWorkloadIdentity;
  let pod: PodIdentity;
  let root: string;
  const logLines: string[] = [];
  const mintedTokens: string[] = [];

  beforeAll(async () => {
    key = await clusterKey();
    // Over TLS the SDK must trust the emulator's throwaway CA. In a pod or shell that is
    // NODE_EXTRA_CA_CERTS=<ca-file> (read at process start; see tls.test.ts, which runs it so); in
    // this already running process the same trust goes into the agent the SDK's axios uses.
    root = mkdtempSync(join(tmpdir(), 'cce-wi-e2e-'));

    // 1. Terraform first: its content does not depend on the IAM endpoint. Load it from a file, as a
    //    user would from cdktf.out/stacks/<stack>/cdk.tf.json.
    const terraformOnly = synthWorkloadIdentity(declare(key));
    const tfFile = join(root, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
    mkdirSync(dirname(tfFile), { recursive: true });
    writeFileSync(tfFile, JSON.stringify(terraformOnly.terraform, null, 2));

    // 2. The emulator. IAM tokens live 30 min, so credentials do too, which is under the SDK's 40 min
    //    refresh threshold: every SDK request re-reads the token file and re-exchanges it. That is
    //    what makes rotation (and each denial) observable through the SDK's own code path.
    emulator = await startIamEmulator({
      terraform: tfFile,
      tokenLifetimeSeconds: 1800,
      tls: transport === 'tls',
      log: (line) => logLines.push(line),
    });
    expect(emulator.url.startsWith(transport === 'tls' ? 'https://127.0.0.1:' : 'http://127.0.0.1:')).toBe(true);
    if (transport === 'tls') https.globalAgent.options.ca = [...rootCertificates, readFileSync(emulator.caFile!, 'utf8')];

    // 3. Kubernetes with the emulator as IAM endpoint.
    // Over plain http the declaration warns that the Go SDK could not use this endpoint.
    synthesized = expectWarnings(() => synthWorkloadIdentity(declare(key, emulator.url)), transport === 'http' ? [/uses plain http/] : []);
    expect(synthesized.terraform).toEqual(terraformOnly.terraform);
    const identities = podIdentitiesFromManifests(synthesized.kubernetes);
    pod = identities.find((p) => p.serviceAccountName === 'oidc-token')!;
    expect(pod).toBeDefined();
  }, 120_000);

  afterAll(async () => {
    delete https.globalAgent.options.ca;
    https.globalAgent.destroy();
    await emulator?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Mints a token as kube-apiserver would for the synthesized projected volume (overridable to forge bad ones). */
  async function mint(overrides: Partial<ServiceAccountTokenOptions> = {}, signer: ClusterKey = key): Promise<string> {
    const { token } = await mintServiceAccountToken({
      privateKey: signer.privateKey,
      alg: 'RS256',
      kid: signer.kid,
      issuer: DEFAULT_KUBERNETES_ISSUER,
      namespace: pod.namespace,
      serviceAccountName: pod.serviceAccountName,
      projected: pod.projected,
      pod: { name: `${pod.name}-7d9c8b6f5-x2x4q` },
      ...overrides,
    });
    mintedTokens.push(token);
    return token;
  }

  /** Writes the token where kubelet would put it for this pod, under the temp root. */
  function writeProjectedToken(token: string, podRoot: string, container: PodIdentity = pod): string {
    const file = join(podRoot, container.tokenPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, token, { mode: 0o644 });
    return file;
  }

  /**
   * Builds an SDK client exactly as an application in the container would: from the environment only.
   * The environment is the synthesized container env, with the token file path re-rooted under
   * `podRoot` (the container's filesystem) and optional overrides.
   */
  function sdkClientFromPodEnv(podRoot: string, overrides: Record<string, string> = {}, container: PodIdentity = pod): HcClient {
    const env: Record<string, string> = { ...container.env, ...overrides };
    env.HUAWEICLOUD_SDK_ID_TOKEN_FILE = join(podRoot, env.HUAWEICLOUD_SDK_ID_TOKEN_FILE);
    const saved = Object.entries(process.env).filter(([name]) => name.startsWith('HUAWEICLOUD_SDK_'));
    for (const [name] of saved) delete process.env[name];
    Object.assign(process.env, env);
    try {
      return new ClientBuilder((hcClient: HcClient) => hcClient).withEndpoint(emulator.serviceUrl).build() as HcClient;
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
      for (const [name, value] of saved) process.env[name] = value;
    }
  }

  interface WhoAmI {
    caller: { user: { name: string }; groups: string[]; identity_provider: string; subject: string; access: string };
    request: { method: string; path: string; project_id: string };
  }

  function whoami(client: HcClient): Promise<WhoAmI> {
    return client.sendRequest({
      method: 'GET',
      url: '/v1/{project_id}/whoami',
      contentType: 'application/json',
      queryParams: { verbose: 'true' },
      pathParams: {},
      headers: {},
      data: {},
    }) as Promise<WhoAmI>;
  }

  let podCounter = 0;
  function newPodRoot(): string {
    podCounter += 1;
    return join(root, `pod-${podCounter}`);
  }

  function lastDecision(predicate: (d: EmulatorDecision) => boolean): EmulatorDecision | undefined {
    return [...emulator.decisions].reverse().find(predicate);
  }

  describe('what was synthesized', () => {
    test('the workload mounts the projected token the provider expects, and the env points at it', () => {
      const provider = emulator.providers.find((p) => p.name === 'workload_identity')!;
      expect(pod.projected).toEqual({ audience: provider.clientId, expirationSeconds: 7200, path: 'oidc-token' });
      expect(pod.tokenPath).toBe('/var/run/secrets/tokens/oidc-token');
      expect(pod.env).toMatchObject({
        HUAWEICLOUD_SDK_IDP_ID: provider.name,
        HUAWEICLOUD_SDK_ID_TOKEN_FILE: pod.tokenPath,
        HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: emulator.url,
      });
      // A literal, not DEFAULT_KUBERNETES_ISSUER (now core's CCE_ISSUER): the library must not be checked against itself.
      expect(provider.issuer).toBe('https://kubernetes.default.svc.cluster.local');
    });
  });

  describe('the real SDK, configured from the synthesized env', () => {
    test('obtains temporary credentials from the emulator and makes a signed request that is accepted', async () => {
      const podRoot = newPodRoot();
      const token = await mint();
      writeProjectedToken(token, podRoot);
      const before = { ...emulator.stats };

      const response = await whoami(sdkClientFromPodEnv(podRoot));

      expect(response.caller).toMatchObject({
        user: { name: 'test' },
        groups: ['demo'],
        identity_provider: 'workload_identity',
        subject: 'system:serviceaccount:default:oidc-token',
      });
      expect(response.request).toEqual({ method: 'GET', path: `/v1/${PROJECT_ID}/whoami`, project_id: PROJECT_ID });
      expect(emulator.stats.idTokenExchanges).toBe(before.idTokenExchanges + 1);
      expect(emulator.stats.securityTokenExchanges).toBe(before.securityTokenExchanges + 1);
      expect(emulator.stats.serviceCalls).toBe(before.serviceCalls + 1);
      const service = lastDecision((d) => d.endpoint.startsWith('service '))!;
      expect(service.reason).toMatch(/SignedHeaders=.*host.*x-project-id.*x-sdk-date.*x-security-token/);
    });

    test('a second binding (other namespace, two groups) works the same way', async () => {
      const billing = podIdentitiesFromManifests(synthesized.kubernetes).find((p) => p.serviceAccountName === 'billing')!;
      const podRoot = newPodRoot();
      const { token } = await mintServiceAccountToken({
        privateKey: key.privateKey, alg: 'RS256', kid: key.kid,
        namespace: billing.namespace, serviceAccountName: billing.serviceAccountName, projected: billing.projected,
      });
      mintedTokens.push(token);
      writeProjectedToken(token, podRoot, billing);
      const client = sdkClientFromPodEnv(podRoot, {}, billing);
      const response = await whoami(client);
      expect(response.caller).toMatchObject({
        user: { name: 'billing-bot' },
        groups: ['billing', 'readers'],
        subject: 'system:serviceaccount:payments:billing',
      });
    });
  });

  describe('denials, observed through the real SDK', () => {
    const cases: Array<[string, () => Promise<{ token: string; env?: Record<string, string> }>, number, string, string]> = [
      [
        'another ServiceAccount',
        async () => ({ token: await mint({ serviceAccountName: 'intruder' }) }),
        403,
        'IAM.MappingNoMatch',
        'No identity conversion rule matches the id token.',
      ],
      [
        'wrong audience',
        async () => ({ token: await mint({ projected: { ...pod.projected, audience: 'https://kubernetes.default.svc' } }) }),
        401,
        'IAM.IdTokenAudienceMismatch',
        'The id token audience does not match the identity provider.',
      ],
      [
        'expired token',
        async () => ({ token: await mint({ now: () => Date.now() - (7200 + 120) * 1000 }) }),
        401,
        'IAM.IdTokenExpired',
        'The id token has expired.',
      ],
      [
        'token signed by another key (same kid)',
        async () => ({ token: await mint({}, await clusterKey(key.kid)) }),
        401,
        'IAM.IdTokenSignatureInvalid',
        'The id token signature cannot be verified.',
      ],
      [
        'wrong issuer',
        async () => ({ token: await mint({ issuer: 'https://oidc.other-cluster.example' }) }),
        401,
        'IAM.IdTokenIssuerMismatch',
        'The id token issuer does not match the identity provider.',
      ],
      [
        'unknown provider name',
        async () => ({ token: await mint(), env: { HUAWEICLOUD_SDK_IDP_ID: 'workload_identity_typo' } }),
        404,
        'IAM.IdpNotFound',
        'The identity provider does not exist.',
      ],
      [
        'tampered payload',
        async () => ({ token: tamper(await mint({ serviceAccountName: 'intruder' }), { sub: 'system:serviceaccount:default:oidc-token' }) }),
        401,
        'IAM.IdTokenSignatureInvalid',
        'The id token signature cannot be verified.',
      ],
      [
        'alg none',
        async () => ({ token: unsigned(await mint()) }),
        401,
        'IAM.IdTokenAlgorithmNotAllowed',
        'The id token signing algorithm is not allowed.',
      ],
    ];

    test.each(cases)('%s', async (_label, makeCase, status, code, errorMsg) => {
      const { token, env } = await makeCase();
      mintedTokens.push(token);
      const podRoot = newPodRoot();
      writeProjectedToken(token, podRoot);
      const before = { ...emulator.stats };
      const decisionsBefore = emulator.decisions.length;

      const error = await whoami(sdkClientFromPodEnv(podRoot, env)).then(
        () => { throw new Error('the SDK call succeeded but should have been denied'); },
        (e: unknown) => e as Error,
      );

      expect(error.message).toBe(`Failed to update federal auth token by ID token: ClientRequestException: ${errorMsg}`);
      expect(error.message).not.toContain(token);
      const denial = emulator.decisions.slice(decisionsBefore).find((d) => d.outcome === 'denied');
      expect(denial).toMatchObject({ status, code, endpoint: expect.stringMatching(/^\/v3\/OS-FEDERATION\/identity_providers\/[^/]+\/protocols\/oidc\/auth$/) });
      expect(emulator.stats).toEqual(before); // no IAM token, no credential, no service call
    });

    test('no operator log line (admissions or denials) contains any token, and every denial names its check and subject', () => {
      expect(mintedTokens.length).toBeGreaterThanOrEqual(10);
      for (const line of logLines) {
        for (const token of mintedTokens) {
          expect(line).not.toContain(token);
          expect(line).not.toContain(token.split('.')[1]); // not even the payload
          if (token.split('.')[2]) expect(line).not.toContain(token.split('.')[2]);
        }
        expect(line).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
      }
      const denials = logLines.filter((l) => l.startsWith('iam-emulator denied'));
      expect(denials.length).toBe(cases.length);
      for (const line of denials) expect(line).toMatch(/ check=\S+ code=IAM\.\S+ reason="/);
      expect(denials.find((l) => l.includes('IAM.MappingNoMatch'))).toContain('sub=system:serviceaccount:default:intruder');
      expect(denials.find((l) => l.includes('IAM.IdpNotFound'))).toContain('provider=workload_identity_typo');
    });
  });

  describe('token rotation', () => {
    test('after kubelet replaces the file, the next refresh uses the new token', async () => {
      const podRoot = newPodRoot();
      const first = await mint({ jti: 'rotation-first' });
      writeProjectedToken(first, podRoot);
      const client = sdkClientFromPodEnv(podRoot);

      const r1 = await whoami(client);
      expect(lastDecision((d) => d.endpoint.includes('OS-FEDERATION') && d.outcome === 'admitted')?.jti).toBe('rotation-first');
      const firstAccessKey = r1.caller.access;

      // kubelet rotates: a new token (new jti, later iat) replaces the file atomically.
      const second = await mint({ jti: 'rotation-second', now: () => Date.now() + 5_000 });
      writeProjectedToken(second, podRoot);

      const r2 = await whoami(client);
      const exchange = lastDecision((d) => d.endpoint.includes('OS-FEDERATION') && d.outcome === 'admitted')!;
      expect(exchange.jti).toBe('rotation-second');
      expect(exchange.iat).toBeGreaterThan(JSON.parse(Buffer.from(first.split('.')[1], 'base64url').toString()).iat);
      // The service saw a new temporary credential, minted from the new token.
      expect(r2.caller.access).not.toBe(firstAccessKey);
      expect(lastDecision((d) => d.endpoint.startsWith('service '))).toMatchObject({ jti: 'rotation-second', outcome: 'admitted' });

      // And the file really is re-read: a token for another ServiceAccount is refused on the next call.
      writeProjectedToken(await mint({ serviceAccountName: 'intruder' }), podRoot);
      await expect(whoami(client)).rejects.toThrow(/No identity conversion rule matches/);
    });
  });
});

function tamper(jwt: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const decoded = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims };
  return [header, Buffer.from(JSON.stringify(decoded)).toString('base64url'), signature].join('.');
}

function unsigned(jwt: string): string {
  const [, payload] = jwt.split('.');
  return [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), payload, ''].join('.');
}
