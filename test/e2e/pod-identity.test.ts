/**
 * End to end, offline, CCE pod identity (issue 10): the runtime's container-credentials source gets
 * the agency's temporary credentials from the emulator's container endpoint (as
 * HC_CONTAINER_CREDENTIALS_FULL_URI / HC_CONTAINER_AUTHORIZATION_TOKEN_FILE point a pod at it),
 * binds them to the REAL Node SDK's BasicCredentials (which has no pod-identity provider of its
 * own), and the SDK's signed calls to the fake service are authorized by the agency's roles. The
 * Terraform is the bundled example's, synthesized with WORKLOAD_IDENTITY_MODE=pod-identity.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleIdentity } from '../../examples/app';
import { IdentityMode } from '../../lib';
import { CredentialSource, WorkloadIdentityCredentials } from '../../lib/runtime';
import { synthWorkloadIdentity } from '../../lib/testing';
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { makeKey, tokenFor, type TestKey } from '../emulator/helpers';

import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { configure as configureLog4js } from 'log4js';
import { examplePlaceholderWarnings, expectWarnings } from '../support/warnings';

configureLog4js({
  appenders: { out: { type: 'stdout' } },
  categories: { default: { appenders: ['out'], level: 'off' } },
});

let key: TestKey;
let emulator: IamEmulator;
let root: string;
const clusterId = '4f3d2c1b-0a9e-11ef-8d6c-0255ac100b02';
const identities: WorkloadIdentityCredentials[] = [];
const tokens: string[] = [];
const lines: string[] = [];

beforeAll(async () => {
  key = await makeKey('pod-identity-e2e');
  root = mkdtempSync(join(tmpdir(), 'cce-wi-pod-identity-'));
  // The bundled example, switched to pod identity: its Terraform holds the agency and the association.
  const { terraform } = expectWarnings(() => synthWorkloadIdentity(
    exampleIdentity(join(__dirname, '..', '..', 'examples', 'jwks.json'), IdentityMode.POD_IDENTITY, clusterId),
  ), examplePlaceholderWarnings());
  emulator = await startIamEmulator({
    terraform,
    podIdentityClusters: [{ id: clusterId, jwks: { keys: [key.publicJwk] } }],
    log: (l) => lines.push(l),
  });
}, 120_000);

afterAll(async () => {
  for (const identity of identities) identity.close();
  await emulator?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** What the platform gives a pod of `namespace/name`: the two variables and a token (audience service.cce.pods). */
async function pod(namespace: string, name: string): Promise<WorkloadIdentityCredentials> {
  const token = await tokenFor(key, {
    namespace,
    serviceAccountName: name,
    projected: { audience: 'service.cce.pods', expirationSeconds: 7200, path: 'token' },
  });
  tokens.push(token);
  const file = join(root, `${namespace}-${name}-${tokens.length}`);
  writeFileSync(file, token);
  const identity = new WorkloadIdentityCredentials({
    env: { HC_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerCredentialsUrl(clusterId), HC_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
    logger: { debug: (l) => lines.push(l), info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) },
  });
  identities.push(identity);
  expect(identity.source).toBe(CredentialSource.CONTAINER_CREDENTIALS);
  return identity;
}

function sdkClient(identity: WorkloadIdentityCredentials): HcClient {
  const credentials = identity.sdkCredentials(new BasicCredentials().withProjectId('0123456789abcdef0123456789abcdef'));
  return new ClientBuilder((c: HcClient) => c).withCredential(credentials).withEndpoint(emulator.serviceUrl).build() as HcClient;
}

function getObject(
  client: HcClient,
  bucket: string,
  action = 'obs:object:GetObject',
): Promise<{ caller: Record<string, unknown>; authorization?: Record<string, unknown> }> {
  return client.sendRequest({
    method: 'GET',
    url: `/v1/{project_id}/buckets/${bucket}/objects/a.csv`,
    contentType: 'application/json',
    queryParams: {},
    pathParams: {},
    headers: { 'X-Emulator-Action': action, 'X-Emulator-Resource': `obs:*:*:object:${bucket}/a.csv`, 'X-Emulator-Project': 'global' },
    data: {},
  }) as Promise<{ caller: Record<string, unknown>; authorization?: Record<string, unknown> }>;
}

test('the runtime gets the agency\'s credentials from the container endpoint; the SDK\'s signed call is allowed by the agency\'s grant', async () => {
  const identity = await pod('default', 'oidc-token');
  const answer = await getObject(sdkClient(identity), 'cce-workload-identity-demo');
  expect(answer.caller).toMatchObject({
    agency: expect.stringContaining('oidc-token'),
    groups: [],
    identity_provider: null,
    subject: 'system:serviceaccount:default:oidc-token',
  });
  expect(answer.authorization).toMatchObject({ action: 'obs:object:GetObject', allowed: true, statement: { agency: answer.caller.agency } });
  expect(emulator.stats.podIdentityCredentials).toBe(1);
  expect(emulator.stats.authorizedServiceCalls).toBe(1);
  // A second call signs with the cached credentials: no new request to the endpoint.
  await getObject(sdkClient(identity), 'cce-workload-identity-demo');
  expect(emulator.stats.podIdentityCredentials).toBe(1);
});

test('what the agency is not granted is refused with 403', async () => {
  const client = sdkClient(await pod('default', 'oidc-token'));
  await expect(getObject(client, 'cce-workload-identity-demo', 'obs:object:DeleteObject')).rejects.toMatchObject({
    httpStatusCode: 403,
    errorCode: 'IAM.ActionDenied',
  });
  await expect(getObject(client, 'another-bucket')).rejects.toMatchObject({ httpStatusCode: 403 });
});

test('a ServiceAccount without an association gets no credentials (NOT_ADMITTED)', async () => {
  const identity = await pod('default', 'someone-else');
  await expect(identity.getCredentials()).rejects.toMatchObject({ code: 'ERR_NOT_ADMITTED' });
});

test('no log line contains a token or a secret', () => {
  for (const line of lines) for (const token of tokens) expect(line).not.toContain(token.split('.')[2]);
});
