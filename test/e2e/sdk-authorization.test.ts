/**
 * End to end, offline, with grants (issue 9 item 5): two ServiceAccounts, each mapped to its own
 * group, each group allowed to read its own bucket. The REAL Huawei Cloud Node SDK, configured only
 * from the synthesized container environment, obtains temporary credentials from the emulator and
 * signs requests to the emulator's fake service, which authorizes them against the synthesized
 * custom policies: ServiceAccount A may read its bucket, ServiceAccount B gets 403.
 *
 * The grants are declared with the library's grant API and synthesized; the emulator reads them
 * from the synthesized Terraform JSON as written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { Grants, Jwks, WorkloadIdentity } from '../../lib';
import { synthWorkloadIdentity } from '../../lib/testing';
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { mintServiceAccountToken, podIdentitiesFromManifests, type PodIdentity } from '../../lib/testing/kube-token';

import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { configure as configureLog4js } from 'log4js';
import { expectWarnings } from '../support/warnings';
import { DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

// sdk-core logs failed requests' config (including bearer tokens) on IAM errors: keep it quiet.
configureLog4js({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

const CLIENT_ID = 'cce-e2e-authz';

let privateKey: CryptoKey;
let publicJwk: JWK;
let emulator: IamEmulator;
let root: string;
let podA: PodIdentity;
let podB: PodIdentity;
const tokens: string[] = [];
const logLines: string[] = [];

function declare(iamEndpoint?: string): WorkloadIdentity {
  return new WorkloadIdentity({
    providerName: 'workload_identity',
    clientId: CLIENT_ID,
    jwks: Jwks.fromObject({ keys: [publicJwk] }),
    projectId: PROJECT_ID,
    domainId: DOMAIN_ID,
    region: 'cn-north-4',
    ...(iamEndpoint ? { iamEndpoint } : {}),
    groups: [
      // OBS is a global service: the presets grant on the account (domain).
      { name: 'bucket-a-readers', grants: [Grants.obsReadOnly('bucket-a')] },
      { name: 'bucket-b-readers', existing: true, grants: [Grants.obsReadOnly('bucket-b')] },
    ],
    bindings: [
      { namespace: 'team-a', serviceAccountName: 'reader', iamUser: 'reader-a', iamGroups: ['bucket-a-readers'] },
      { namespace: 'team-b', serviceAccountName: 'reader', iamUser: 'reader-b', iamGroups: ['bucket-b-readers'] },
    ],
  });
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'authz-e2e', alg: 'RS256', use: 'sig' };
  root = mkdtempSync(join(tmpdir(), 'cce-wi-authz-'));

  const tfFile = join(root, 'cdktf.out', 'stacks', 'workload-identity', 'cdk.tf.json');
  mkdirSync(dirname(tfFile), { recursive: true });
  writeFileSync(tfFile, JSON.stringify(synthWorkloadIdentity(declare()).terraform, null, 2));
  emulator = await startIamEmulator({ terraform: tfFile, tokenLifetimeSeconds: 1800, log: (line) => logLines.push(line) });

  // Over plain http each bound ServiceAccount is warned that the Go SDK could not use this endpoint.
  const { kubernetes } = expectWarnings(() => synthWorkloadIdentity(declare(emulator.url)), [/iamEndpoint: "http:\/\/127\.0\.0\.1:\d+" uses plain http/]);
  const identities = podIdentitiesFromManifests(kubernetes);
  podA = identities.find((p) => p.namespace === 'team-a')!;
  podB = identities.find((p) => p.namespace === 'team-b')!;
  expect(podA).toBeDefined();
  expect(podB).toBeDefined();
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A pod's SDK client, built from its synthesized environment, with a freshly minted projected token on disk. */
async function sdkClientFor(pod: PodIdentity): Promise<HcClient> {
  const { token } = await mintServiceAccountToken({
    privateKey, alg: 'RS256', kid: 'authz-e2e', namespace: pod.namespace, serviceAccountName: pod.serviceAccountName, projected: pod.projected,
  });
  tokens.push(token);
  const podRoot = join(root, `${pod.namespace}-${tokens.length}`);
  const file = join(podRoot, pod.tokenPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, token);
  const env: Record<string, string> = { ...pod.env, HUAWEICLOUD_SDK_ID_TOKEN_FILE: join(podRoot, pod.env.HUAWEICLOUD_SDK_ID_TOKEN_FILE) };
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith('HUAWEICLOUD_SDK_'));
  for (const [name] of saved) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return new ClientBuilder((c: HcClient) => c).withEndpoint(emulator.serviceUrl).build() as HcClient;
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
    for (const [name, value] of saved) process.env[name] = value;
  }
}

interface Answer {
  caller: { user: { name: string }; groups: string[] };
  authorization?: { action: string; allowed: boolean; statement: { policy: string; group: string; index: number } };
}

/**
 * GET an object the way an OBS-like call would, naming action and resource for the fake service
 * (the SDK signs these headers). OBS is a global service: its permissions come from the global
 * service project whatever project the credentials carry, so the call says so.
 */
function getObject(client: HcClient, bucket: string, key: string, action = 'obs:object:GetObject'): Promise<Answer> {
  return client.sendRequest({
    method: 'GET',
    url: `/v1/{project_id}/buckets/${bucket}/objects/${key}`,
    contentType: 'application/json',
    queryParams: {},
    pathParams: {},
    headers: { 'X-Emulator-Action': action, 'X-Emulator-Resource': `obs:*:*:object:${bucket}/${key}`, 'X-Emulator-Project': 'global' },
    data: {},
  }) as Promise<Answer>;
}

async function rejection(promise: Promise<unknown>): Promise<{ httpStatusCode: number; errorCode: string; errorMsg: string }> {
  return promise.then(
    () => { throw new Error('the SDK call succeeded but should have been refused'); },
    (e: unknown) => e as { httpStatusCode: number; errorCode: string; errorMsg: string },
  );
}

describe('the real SDK against the authorizing fake service', () => {
  test('ServiceAccount A may read its bucket: 200, and the answer names the allowing statement', async () => {
    const before = { ...emulator.stats };
    const answer = await getObject(await sdkClientFor(podA), 'bucket-a', 'reports/a.csv');
    expect(answer.caller).toMatchObject({ user: { name: 'reader-a' }, groups: ['bucket-a-readers'] });
    expect(answer.authorization).toMatchObject({
      action: 'obs:object:GetObject',
      allowed: true,
      statement: { policy: 'cce-wi-obs-read-bucket-a', group: 'bucket-a-readers', index: 1 },
    });
    expect(emulator.stats.authorizedServiceCalls).toBe(before.authorizedServiceCalls + 1);
    // The SDK signed the authorization headers (otherwise the service would have answered 401).
    expect(emulator.decisions.at(-1)?.reason).toMatch(/SignedHeaders=.*x-emulator-action;x-emulator-project;x-emulator-resource.*; obs:object:GetObject allowed: statement #1 \(Allow\) of custom policy "cce-wi-obs-read-bucket-a"/);
  });

  test('ServiceAccount B gets 403 on bucket A, naming the denied action', async () => {
    const before = { ...emulator.stats };
    const error = await rejection(getObject(await sdkClientFor(podB), 'bucket-a', 'reports/a.csv'));
    expect(error).toMatchObject({
      httpStatusCode: 403,
      errorCode: 'IAM.ActionDenied',
      errorMsg: "Policy doesn't allow obs:object:GetObject to be performed.",
    });
    expect(emulator.decisions.at(-1)).toMatchObject({
      outcome: 'denied',
      status: 403,
      check: 'authorization',
      user: 'reader-b',
      groups: ['bucket-b-readers'],
      subject: 'system:serviceaccount:team-b:reader',
    });
    // Authenticated (a credential was issued) but not an accepted service call.
    expect(emulator.stats.securityTokenExchanges).toBe(before.securityTokenExchanges + 1);
    expect(emulator.stats.serviceCalls).toBe(before.serviceCalls);
  });

  test('ServiceAccount B may read its own bucket; A may not delete from its own', async () => {
    expect((await getObject(await sdkClientFor(podB), 'bucket-b', 'x.csv')).authorization?.statement.policy).toBe('cce-wi-obs-read-bucket-b');
    const error = await rejection(getObject(await sdkClientFor(podA), 'bucket-a', 'reports/a.csv', 'obs:object:DeleteObject'));
    expect(error).toMatchObject({ httpStatusCode: 403, errorMsg: "Policy doesn't allow obs:object:DeleteObject to be performed." });
  });

  test('no log line contains a token; the denials carry check=authorization', () => {
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    for (const line of logLines) for (const token of tokens) expect(line).not.toContain(token.split('.')[2]);
    const denials = logLines.filter((l) => l.startsWith('iam-emulator denied'));
    expect(denials).toHaveLength(2);
    for (const line of denials) expect(line).toMatch(/ check=authorization code=IAM\.ActionDenied reason="/);
  });
});
