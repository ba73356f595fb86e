import { explain, formatExplainReport } from '../../lib/iam-model/explain/explain';
import { SUBJECT, makeKey, tamperPayload, terraformFixture, tokenFor, unsignedCopy, type TestKey } from './helpers';

let key: TestKey;
let terraform: Record<string, unknown>;

beforeAll(async () => {
  key = await makeKey('k1');
  terraform = terraformFixture(
    {
      keys: [key.publicJwk],
      rules: [
        {
          local: [{ username: 'test' }, { group: 'demo' }],
          remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT, 'system:serviceaccount:jobs:runner'] }],
        },
        {
          local: [{ group: 'auditors' }],
          remote: [{ attribute: 'sub', condition: 'not_any_of', value: ['system:serviceaccount:kube-system:default'] }],
        },
      ],
    },
    { keys: [key.publicJwk], name: 'off', logicalId: 'p2', status: false },
  );
});

describe('explain without a token', () => {
  test('lists which ServiceAccounts map to which user and groups through which provider', async () => {
    const report = await explain(terraform);
    expect(report.token).toBeUndefined();
    const [main, off] = report.providers;
    expect(main).toMatchObject({
      name: 'workload_identity',
      enabled: true,
      keyIds: ['k1'],
      algorithms: ['RS256'],
      resource: 'huaweicloud_identity_provider.workload-identity_provider_ABCD1234',
    });
    expect(main.rules?.[0]).toMatchObject({
      serviceAccounts: [
        { namespace: 'default', name: 'oidc-token', subject: SUBJECT },
        { namespace: 'jobs', name: 'runner', subject: 'system:serviceaccount:jobs:runner' },
      ],
      username: 'test',
      groups: ['demo'],
    });
    expect(main.warnings).toEqual([
      'rule #1 only excludes subjects (not_any_of): every other ServiceAccount is admitted',
      'rule #1 sets no username: on its own it admits nobody',
    ]);
    expect(off.warnings).toContain('provider is disabled (status = false): it admits nobody');
    const text = formatExplainReport(report);
    expect(text).toContain('rule #0:    ServiceAccount default/oidc-token, ServiceAccount jobs/runner -> user "test", groups "demo"');
    expect(text).toContain('rule #1:    tokens where sub is none of ["system:serviceaccount:kube-system:default"] -> user (none), groups "auditors"');
    expect(text).toContain('Identity provider "off" (DISABLED, oidc, access program)');
  });

  test('warns about a rule that admits every ServiceAccount', async () => {
    const report = await explain(
      terraformFixture({ keys: [key.publicJwk], rules: [{ local: [{ username: 'sa-{0}' }], remote: [{ attribute: 'sub' }] }] }),
    );
    expect(report.providers[0].warnings[0]).toContain('admits EVERY ServiceAccount token');
  });

  test('--provider narrows; an unknown one is an error', async () => {
    expect((await explain(terraform, { provider: 'off' })).providers.map((p) => p.name)).toEqual(['off']);
    await expect(explain(terraform, { provider: 'nope' })).rejects.toThrow('no identity provider named "nope" (loaded: "workload_identity", "off")');
  });
});

describe('explain with a token', () => {
  test('an admitted token: user, groups, rules — combined across matching rules', async () => {
    const token = await tokenFor(key);
    const report = await explain(terraform, { token });
    expect(report.token?.admitted).toBe(true);
    expect(report.token?.summary.subject).toBe(SUBJECT);
    expect(report.token?.verdicts[0]).toMatchObject({
      provider: 'workload_identity',
      admitted: true,
      username: 'test',
      groups: ['demo', 'auditors'],
      status: 201,
    });
    expect(report.token?.verdicts[1]).toMatchObject({ provider: 'off', admitted: false, failedCheck: 'provider', code: 'IAM.IdpDisabled' });
    const text = formatExplainReport(report);
    expect(text).toContain('workload_identity: ADMITTED as user "test" in groups "demo", "auditors" (rule(s) #0, #1 matched)');
    expect(text).toContain('Result: admitted.');
    expect(text).not.toContain(token);
    expect(JSON.stringify(report)).not.toContain(token);
  });

  test.each<[string, () => Promise<string>, string, string | RegExp]>([
    [
      'another ServiceAccount: names the rule and the value',
      () => tokenFor(key, { namespace: 'kube-system', serviceAccountName: 'default' }),
      'mapping',
      'rule #0: sub "system:serviceaccount:kube-system:default" is not any of',
    ],
    [
      'wrong audience',
      () => tokenFor(key, { projected: { audience: 'other', path: 't' } }),
      'audience',
      'aud ["other"] does not contain provider "workload_identity"\'s client_id "my-client"',
    ],
    ['expired', () => tokenFor(key, { now: () => Date.now() - 3 * 3600_000 }), 'expiry', /exp .* is in the past/],
    [
      'tampered',
      async () =>
        tamperPayload(await tokenFor(key), (c) => {
          c.sub = 'system:serviceaccount:default:root';
        }),
      'signature',
      'does not verify',
    ],
    ['alg none', async () => unsignedCopy(await tokenFor(key)), 'algorithm', 'unsigned tokens are never accepted'],
  ])('denied — %s', async (_label, makeToken, check, reason) => {
    const token = await makeToken();
    const report = await explain(terraform, { token, provider: 'workload_identity' });
    const [verdict] = report.token!.verdicts;
    expect(report.token!.admitted).toBe(false);
    expect(verdict.failedCheck).toBe(check);
    const text = formatExplainReport(report);
    expect(text).toMatch(reason);
    expect(text).toContain(`DENIED at check "${check}"`);
    expect(text).toContain('Result: denied by every provider.');
    expect(text).not.toContain(token);
    if (token.split('.')[2]) expect(text).not.toContain(token.split('.')[2]);
  });

  test('a mapping denial lists every rule evaluation', async () => {
    const report = await explain(terraform, {
      token: await tokenFor(key, { namespace: 'kube-system', serviceAccountName: 'default' }),
      provider: 'workload_identity',
    });
    const text = formatExplainReport(report);
    expect(text).toContain('    rule #0: sub "system:serviceaccount:kube-system:default" is not any of');
    expect(text).toContain('    rule #1: sub "system:serviceaccount:kube-system:default" is excluded by not_any_of');
  });
});
