/**
 * The fake service's authorization, request by request: requests signed with the real SDK signer
 * (`@huaweicloud/huaweicloud-sdk-core` AKSKSigner), sent with fetch so a test can add a header
 * after signing. The end-to-end path through the SDK's own client is in test/e2e.
 */
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { groupRef, policy, projectRef, renameRuleGroup, roleRef, withGrants } from '../permissions/grants-fixture';
import { idTokenBody, makeKey, postJson, securityTokenBody, terraformFixture, tokenFor, type TestKey } from './helpers';
import { PROJECT_ID } from '../fixtures/ids';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- typed here: the SDK declares sign() as returning {}
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: object, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

const OTHER_PROJECT = 'ffffffffffffffffffffffffffffffff';
const OBJECT = 'obs:*:*:object:reports/a.csv';

let key: TestKey;
let emulator: IamEmulator;
let credential: { access: string; secret: string; securitytoken: string };

beforeAll(async () => {
  key = await makeKey('k1');
  const doc = withGrants(terraformFixture({ keys: [key.publicJwk] }), {
    groups: [{ addr: 'demo_G', name: 'demo', existing: true }],
    projects: [{ addr: 'cn4', name: 'cn-north-4' }],
    customRoles: [
      {
        addr: 'read_R',
        name: 'reports-read',
        policy: policy({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:reports/*'] }),
      },
      { addr: 'list_R', name: 'list', type: 'AX', policy: policy({ Effect: 'Allow', Action: ['obs:bucket:ListAllMyBuckets'] }) },
      { addr: 'ecs_R', name: 'ecs-read', policy: policy({ Effect: 'Allow', Action: ['ecs:cloudServers:list'] }) },
    ],
    assignments: [
      { addr: 'a1', groupId: groupRef('demo_G', 'id', true), roleId: roleRef('read_R'), projectId: PROJECT_ID },
      { addr: 'a2', groupId: groupRef('demo_G', 'id', true), roleId: roleRef('list_R'), domainId: PROJECT_ID },
      { addr: 'a3', groupId: groupRef('demo_G', 'id', true), roleId: roleRef('ecs_R'), projectId: projectRef('cn4') },
    ],
  });
  emulator = await startIamEmulator({
    terraform: renameRuleGroup(doc, 'demo', groupRef('demo_G', 'name', true)),
    projects: [{ id: OTHER_PROJECT, name: 'cn-north-4' }],
  });
  const exchanged = await postJson(`${emulator.url}/v3.0/OS-AUTH/id-token/tokens`, idTokenBody(await tokenFor(key)), {
    'X-Idp-Id': 'workload_identity',
  });
  const issued = await postJson(`${emulator.url}/v3.0/OS-CREDENTIAL/securitytokens`, securityTokenBody(), {
    'X-Auth-Token': exchanged.headers.get('x-subject-token')!,
  });
  credential = issued.body.credential as typeof credential;
});

afterAll(async () => {
  await emulator?.stop();
});

/** Signs `headers` (plus X-Security-Token) with the SDK signer; `unsigned` headers are added after signing. */
async function call(
  headers: Record<string, string>,
  unsigned: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const endpoint = `${emulator.serviceUrl}/v1/whoami`;
  const signed = AKSKSigner.sign(
    { endpoint, method: 'GET', headers: { 'X-Security-Token': credential.securitytoken, ...headers }, queryParams: {}, data: undefined },
    { getAk: () => credential.access, getSk: () => credential.secret },
  );
  const { host: _host, ...sent } = signed;
  const response = await fetch(endpoint, { headers: { ...sent, ...unsigned } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('fake service authorization', () => {
  test('a request naming no action is only authenticated (unchanged behaviour)', async () => {
    const before = emulator.stats.authorizedServiceCalls;
    const r = await call({});
    expect(r.status).toBe(200);
    expect(r.body.authorization).toBeUndefined();
    expect(emulator.stats.authorizedServiceCalls).toBe(before);
  });

  test('allowed in the assignment\'s project (X-Project-Id): 200 with the allowing statement', async () => {
    const r = await call({ 'X-Project-Id': PROJECT_ID, 'X-Emulator-Action': 'obs:object:GetObject', 'X-Emulator-Resource': OBJECT });
    expect(r.status).toBe(200);
    expect(r.body.authorization).toMatchObject({
      action: 'obs:object:GetObject', resource: OBJECT, allowed: true, scope: { kind: 'project', id: PROJECT_ID },
      statement: { index: 0, effect: 'Allow', policy: 'reports-read', group: 'demo' },
    });
  });

  test('the same action in another project is 403 IAM.ActionDenied, with the reason in the decision log', async () => {
    const before = { ...emulator.stats };
    const r = await call({ 'X-Project-Id': OTHER_PROJECT, 'X-Emulator-Action': 'obs:object:GetObject', 'X-Emulator-Resource': OBJECT });
    expect(r).toEqual({
      status: 403,
      body: { error_code: 'IAM.ActionDenied', error_msg: "Policy doesn't allow obs:object:GetObject to be performed." },
    });
    expect(emulator.decisions.at(-1)).toMatchObject({
      outcome: 'denied',
      status: 403,
      check: 'authorization',
      code: 'IAM.ActionDenied',
      user: 'test',
      groups: ['demo'],
      accessKey: credential.access,
    });
    expect(emulator.decisions.at(-1)?.reason).toBe(
      `obs:object:GetObject on ${OBJECT} in project ${OTHER_PROJECT} ("cn-north-4") denied for groups "demo": ` +
        'implicit deny: no statement of the 1 role assignment(s) in scope allows it',
    );
    expect(emulator.stats).toEqual(before);
  });

  test('X-Emulator-Project overrides X-Project-Id; the projects option relates an id to a by-name assignment', async () => {
    expect(
      (await call({ 'X-Project-Id': PROJECT_ID, 'X-Emulator-Project': 'cn-north-4', 'X-Emulator-Action': 'ecs:cloudServers:list' })).status,
    ).toBe(200);
    expect((await call({ 'X-Project-Id': OTHER_PROJECT, 'X-Emulator-Action': 'ecs:cloudServers:list' })).status).toBe(200);
    expect((await call({ 'X-Project-Id': PROJECT_ID, 'X-Emulator-Action': 'ecs:cloudServers:list' })).status).toBe(403);
  });

  test('no project header: the global service project, where domain assignments apply', async () => {
    expect((await call({ 'X-Emulator-Action': 'obs:bucket:ListAllMyBuckets' })).status).toBe(200);
    expect((await call({ 'X-Emulator-Project': 'global', 'X-Emulator-Action': 'obs:bucket:ListAllMyBuckets' })).status).toBe(200);
    expect((await call({ 'X-Project-Id': PROJECT_ID, 'X-Emulator-Action': 'obs:bucket:ListAllMyBuckets' })).status).toBe(403);
  });

  test('an authorization header sent but not signed is refused (401), so it cannot be swapped in transit', async () => {
    const r = await call({ 'X-Project-Id': PROJECT_ID }, { 'X-Emulator-Action': 'obs:object:GetObject' });
    expect(r).toEqual({ status: 401, body: { error_code: 'APIGW.SignedHeadersIncomplete', error_msg: 'Authorization headers must be signed.' } });
    expect(emulator.decisions.at(-1)?.reason).toBe('x-emulator-action sent but not signed');
  });

  test('a malformed action or resource is 400', async () => {
    for (const headers of [
      { 'X-Emulator-Action': 'GetObject' } as Record<string, string>,
      { 'X-Emulator-Action': 'obs:object:GetObject', 'X-Emulator-Resource': 'a.csv' },
    ]) {
      const r = await call(headers);
      expect(r).toMatchObject({ status: 400, body: { error_code: 'IAM.AuthorizationRequestInvalid' } });
    }
  });
});
