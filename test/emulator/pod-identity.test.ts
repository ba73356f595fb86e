/**
 * The emulator's CCE pod identity endpoints (container credentials and AssumeAgencyForPodIdentity)
 * from a cdk.tf.json holding an agency and an association, and the grants reader learning agencies.
 */
import { loadTerraform } from '../../lib/iam-model/terraform-loader';
import { startIamEmulator, type IamEmulator } from '../../lib/testing/emulator';
import { explain, explainPermission, formatExplainReport, formatPermissionReport } from '../../lib/testing';
import { makeKey, tokenFor, type TestKey } from './helpers';
import { CLUSTER } from '../fixtures/ids';

const POLICY = JSON.stringify({
  Version: '1.1',
  Statement: [{ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['OBS:*:*:object:bucket-a/*'] }],
});

/** The shape the library synthesizes for a pod-identity binding (issue 10). */
function podIdentityTerraform(): Record<string, unknown> {
  return {
    resource: {
      huaweicloud_identity_role: { policy_a: { name: 'cce-wi-obs-read-bucket-a', description: 'd', type: 'AX', policy: POLICY } },
      huaweicloud_identity_agency: {
        agency_a: {
          name: 'cce-wi.default.reader',
          delegated_service_name: 'op_svc_cce',
          domain_roles: ['${huaweicloud_identity_role.policy_a.name}'],
          project_role: [
            {
              project: '${data.huaweicloud_identity_projects.region.projects[0].name}',
              roles: ['${data.huaweicloud_identity_role.swr.display_name}'],
            },
          ],
        },
      },
      huaweicloud_cce_cluster_pod_identity_association: {
        assoc_a: {
          cluster_id: CLUSTER,
          namespace: 'default',
          service_account: 'reader',
          agency_name: '${huaweicloud_identity_agency.agency_a.name}',
        },
        assoc_literal: { cluster_id: CLUSTER, namespace: 'other', service_account: 'app', agency_name: 'made-elsewhere' },
      },
    },
    data: {
      huaweicloud_identity_projects: { region: { name: 'cn-north-4' } },
      huaweicloud_identity_role: { swr: { display_name: 'SWR ReadOnlyAccess' } },
    },
  };
}

describe('grants reader: agencies and associations', () => {
  test('an agency\'s roles are assignments held by the agency; associations resolve their agency', () => {
    const { grants } = loadTerraform(podIdentityTerraform());
    expect(grants.agencies).toEqual([
      expect.objectContaining({ name: 'cce-wi.default.reader', delegatedService: 'op_svc_cce', address: 'huaweicloud_identity_agency.agency_a' }),
    ]);
    const held = grants.assignments.filter((a) => a.agency !== undefined);
    expect(held.map((a) => [a.role?.address, a.scope])).toEqual([
      ['huaweicloud_identity_role.policy_a', { kind: 'domain', domainId: '' }],
      [
        'data.huaweicloud_identity_role.swr',
        { kind: 'project-by-name', projectName: 'cn-north-4', address: 'data.huaweicloud_identity_projects.region' },
      ],
    ]);
    expect(held.every((a) => a.group === undefined)).toBe(true);
    expect(grants.associations?.map((a) => [a.clusterId, a.namespace, a.serviceAccount, a.agencyName, a.agency?.address])).toEqual([
      [CLUSTER, 'default', 'reader', 'cce-wi.default.reader', 'huaweicloud_identity_agency.agency_a'],
      [CLUSTER, 'other', 'app', 'made-elsewhere', undefined],
    ]);
    expect(grants.warnings).toEqual([expect.stringMatching(/agency "made-elsewhere" is not declared/)]);
  });

  test('a reference to an agency that is not declared is an error naming the attribute', () => {
    const doc = podIdentityTerraform();
    (doc.resource as Record<string, Record<string, Record<string, unknown>>>).huaweicloud_cce_cluster_pod_identity_association.assoc_a.agency_name =
      '${huaweicloud_identity_agency.nope.name}';
    expect(() => loadTerraform(doc)).toThrow(/assoc_a\.agency_name refers to huaweicloud_identity_agency\.nope/);
  });
});

describe('explain: associations and --can as the agency', () => {
  test('the listing names ServiceAccount, cluster, agency, trust and roles', async () => {
    const text = formatExplainReport(await explain(podIdentityTerraform()));
    expect(text).toContain(`ServiceAccount default/reader in cluster ${CLUSTER} -> agency "cce-wi.default.reader" (trusts cloud service op_svc_cce)`);
    expect(text).toContain('custom policy "cce-wi-obs-read-bucket-a" (huaweicloud_identity_role.policy_a) in the global service project');
    expect(text).toContain('system role "SWR ReadOnlyAccess" (data.huaweicloud_identity_role.swr) in the project named "cn-north-4"');
    expect(text).not.toContain('No huaweicloud_identity_provider');
  });

  test('--can is answered by the agency\'s roles: allowed on the bucket, denied elsewhere', () => {
    const allowed = explainPermission(podIdentityTerraform(), {
      serviceAccount: 'default/reader',
      action: 'obs:object:GetObject',
      resource: 'OBS:*:*:object:bucket-a/x.csv',
    });
    expect(allowed.allowed).toBe(true);
    expect(allowed.verdicts[0]).toMatchObject({
      agency: 'cce-wi.default.reader',
      reported: { statement: { agency: 'cce-wi.default.reader', policy: 'cce-wi-obs-read-bucket-a' } },
    });
    expect(formatPermissionReport(allowed)).toMatch(/^allowed: .* assigned to agency "cce-wi\.default\.reader" in the global service project/);
    const denied = explainPermission(podIdentityTerraform(), {
      serviceAccount: 'default/reader',
      action: 'obs:object:DeleteObject',
      resource: 'OBS:*:*:object:bucket-a/x.csv',
      global: true,
    });
    expect(denied.allowed).toBe(false);
    expect(formatPermissionReport(denied)).toMatch(/identity: pod identity \(cluster .*\), agency "cce-wi\.default\.reader"/);
  });
});

describe('emulator: pod identity endpoints', () => {
  let key: TestKey;
  let other: TestKey;
  let emulator: IamEmulator;
  const lines: string[] = [];
  const podToken = (sa = 'reader', k: TestKey = key, audience = 'service.cce.pods'): Promise<string> =>
    tokenFor(k, { namespace: 'default', serviceAccountName: sa, projected: { audience, expirationSeconds: 7200, path: 'token' } });

  beforeAll(async () => {
    key = await makeKey('cluster-key');
    other = await makeKey('other-key');
    emulator = await startIamEmulator({
      terraform: podIdentityTerraform(),
      podIdentityClusters: [{ id: CLUSTER, jwks: { keys: [key.publicJwk] } }],
      log: (l) => lines.push(l),
    });
  });
  afterAll(() => emulator.stop());

  const post = (url: string, headers: Record<string, string>, body: unknown): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  test('container endpoint: Authorization = the token, body {} → the agency\'s credentials in CCE\'s shape', async () => {
    const response = await post(emulator.containerCredentialsUrl(), { authorization: await podToken() }, {});
    expect(response.status).toBe(200);
    const body = await response.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      audience: 'service.cce.pods',
      subject: { namespace: 'default', serviceAccount: 'reader' },
      assumedAgency: { urn: expect.stringMatching(/^sts::[0-9a-f]+:assumed-agency:cce-wi\.default\.reader\/default\.reader$/) },
      credentials: {
        accessKeyId: expect.any(String),
        secretAccessKey: expect.any(String),
        securityToken: expect.any(String),
        expiration: expect.any(String),
      },
    });
    expect(emulator.stats.podIdentityCredentials).toBe(1);
    expect(emulator.decisions.at(-1)).toMatchObject({ outcome: 'admitted', user: 'cce-wi.default.reader', provider: `pod-identity:${CLUSTER}` });
  });

  test('CCE API: body {token} with X-Auth-Token → the same; without X-Auth-Token → 401', async () => {
    const url = `${emulator.url}/api/v3/projects/0123456789abcdef0123456789abcdef/clusters/${CLUSTER}/assume-agency-for-pod-identity`;
    const ok = await post(url, { 'x-auth-token': 'node-agent-token' }, { token: await podToken() });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { credentials: { accessKeyId: string } }).credentials.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    const noAuth = await post(url, {}, { token: await podToken() });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error_code: 'CCE.AuthTokenMissing' });
  });

  test.each([
    ['a ServiceAccount without an association', () => podToken('writer'), 403, 'CCE.PodIdentityAssociationNotFound'],
    ['another audience', () => podToken('reader', key, 'my-client'), 401, 'IAM.IdTokenAudienceMismatch'],
    ['another cluster\'s key', () => podToken('reader', other), 401, 'IAM.IdTokenKeyNotFound'],
    ['no token', async () => '', 400, 'CCE.PodIdentityTokenMissing'],
  ])('refuses %s', async (_what, token, status, code) => {
    const value = await token();
    const response = await post(emulator.containerCredentialsUrl(), value === '' ? {} : { authorization: value }, {});
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error_code: code });
  });

  test('an unknown cluster is 404; a cluster without keys is 401 naming the option', async () => {
    const unknown = await post(`${emulator.url}/pod-identity/clusters/nope/credentials`, { authorization: await podToken() }, {});
    expect(unknown.status).toBe(404);
    const noKeys = await startIamEmulator({ terraform: podIdentityTerraform() });
    try {
      const response = await post(noKeys.containerCredentialsUrl(CLUSTER), { authorization: await podToken() }, {});
      expect(response.status).toBe(401);
      expect(noKeys.decisions.at(-1)?.reason).toMatch(/podIdentityClusters/);
    } finally {
      await noKeys.stop();
    }
  });

  test('failNext applies to the pod identity endpoint; bad cluster options are refused', async () => {
    emulator.failNext(new URL(emulator.containerCredentialsUrl()).pathname, 503);
    expect((await post(emulator.containerCredentialsUrl(), { authorization: await podToken() }, {})).status).toBe(503);
    await expect(startIamEmulator({ terraform: podIdentityTerraform(), podIdentityClusters: [{ id: 'bad id', jwks: { keys: [] } }] })).rejects.toThrow(/podIdentityClusters\[0\]\.id/);
    expect(() => emulator.containerCredentialsUrl('nope')).toThrow(/no association names cluster nope/);
  });

  test('no log line contains a token', async () => {
    const token = await podToken();
    await post(emulator.containerCredentialsUrl(), { authorization: token }, {});
    for (const line of lines) expect(line).not.toContain(token.split('.')[2]);
  });
});
