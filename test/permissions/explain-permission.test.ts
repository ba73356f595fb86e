import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';
import {
  explain, explainPermission, formatExplainReport, formatPermissionReport, type ExplainPermissionOptions,
} from '../../lib/iam-model/explain/explain';
import { SUBJECT, makeKey, terraformFixture, type TestKey } from '../emulator/helpers';
import { groupRef, policy, projectRef, renameRuleGroup, roleRef, withGrants, type GrantBlocks } from './grants-fixture';
import { PROJECT_ID } from '../fixtures/ids';

const OTHER_PROJECT = 'ffffffffffffffffffffffffffffffff';
const OBJECT = 'obs:*:*:object:reports/a.csv';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('k1');
});

/** default/oidc-token → user test, groups demo (+ auditors for every SA but kube-system/default). */
function terraform(blocks: GrantBlocks): Record<string, unknown> {
  const doc = terraformFixture({
    keys: [key.publicJwk],
    rules: [
      { local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT] }] },
      { local: [{ username: 'other' }, { group: 'auditors' }], remote: [{ attribute: 'sub', condition: 'not_any_of', value: [SUBJECT] }] },
    ],
  });
  return renameRuleGroup(
    withGrants(doc, { ...blocks, groups: [{ addr: 'demo_G', name: 'demo' }, ...(blocks.groups ?? [])] }),
    'demo',
    groupRef('demo_G', 'name'),
  );
}

const read = (extra: Record<string, unknown> = {}) =>
  policy({
    Effect: 'Allow',
    Action: ['obs:object:GetObject', 'obs:bucket:ListBucket'],
    Resource: ['obs:*:*:object:reports/*', 'obs:*:*:bucket:reports'],
    ...extra,
  });

function ask(doc: object, options: Partial<ExplainPermissionOptions> = {}) {
  const report = explainPermission(doc, { serviceAccount: 'default/oidc-token', action: 'obs:object:GetObject', resource: OBJECT, ...options });
  return { report, text: formatPermissionReport(report), first: formatPermissionReport(report).split('\n')[0] };
}

describe('explainPermission', () => {
  const readAll: GrantBlocks = {
    customRoles: [{ addr: 'read_R', name: 'reports-read', policy: read() }],
    assignments: [{ addr: 'assign_A', groupId: groupRef('demo_G', 'id'), roleId: roleRef('read_R'), projectId: 'all' }],
  };

  test('allowed: names the statement, policy, group and scope; exit-code field true', () => {
    const { report, first, text } = ask(terraform(readAll));
    expect(report.allowed).toBe(true);
    expect(first).toBe(
      'allowed: ServiceAccount default/oidc-token may obs:object:GetObject on obs:*:*:object:reports/a.csv in the global service project — ' +
        'statement #0 (Allow) of custom policy "reports-read" (huaweicloud_identity_role.read_R), ' +
        'assigned to group "demo" in all projects (incl. the global service project)',
    );
    expect(text).toContain('  identity: provider "workload_identity", user "test", groups "demo"');
    expect(text).toContain('  scope: no project given; tried the global service project');
    expect(report.verdicts[0].reported.statement).toEqual({
      index: 0,
      effect: 'Allow',
      policy: 'reports-read',
      policyAddress: 'huaweicloud_identity_role.read_R',
      group: 'demo',
      assignment: 'huaweicloud_identity_group_role_assignment.assign_A',
      assignedIn: 'all projects (incl. the global service project)',
      uncertainty: undefined,
    });
  });

  test('denied (implicit): an action no statement allows', () => {
    const { report, first } = ask(terraform(readAll), { action: 'obs:object:DeleteObject' });
    expect(report.allowed).toBe(false);
    expect(first).toBe(
      'denied: ServiceAccount default/oidc-token may not obs:object:DeleteObject on obs:*:*:object:reports/a.csv in the global service project — ' +
        'implicit deny: no statement of the 1 role assignment(s) in scope allows it',
    );
  });

  test('denied (explicit): a Deny in another group\'s policy wins, and the line says so', () => {
    const doc = terraform({
      groups: [{ addr: 'aud_G', name: 'auditors' }],
      customRoles: [
        ...readAll.customRoles!,
        { addr: 'deny_R', name: 'no-reports', policy: policy({ Effect: 'Deny', Action: ['obs:object:*'], Resource: ['obs:*:*:object:reports/*'] }) },
      ],
      assignments: [...readAll.assignments!, { addr: 'assign_D', groupId: groupRef('aud_G', 'id'), roleId: roleRef('deny_R'), projectId: 'all' }],
    });
    // The second rule (not_any_of) admits every other ServiceAccount as user "other" in "auditors".
    const { first } = ask(doc, { serviceAccount: 'system:serviceaccount:jobs:runner' });
    expect(first).toMatch(/^denied: ServiceAccount jobs\/runner may not obs:object:GetObject .* — explicit Deny: statement #0 \(Deny\) of custom policy "no-reports"/);
    // default/oidc-token is only in "demo": allowed; give it "auditors" too to see the Deny win.
    const both = JSON.parse(JSON.stringify(doc).replace('"not_any_of"', '"any_one_of"')) as Record<string, unknown>;
    const { report, first: line } = ask(both);
    expect(report.verdicts[0].groups).toEqual(['demo', 'auditors']);
    expect(line).toContain(
      '— explicit Deny: statement #0 (Deny) of custom policy "no-reports" (huaweicloud_identity_role.deny_R), ' +
        'assigned to group "auditors" in all projects (incl. the global service project) (Deny wins over any Allow)',
    );
  });

  test('a Condition is never evaluated: an Allow with one does not allow, and the output says why', () => {
    const doc = terraform({
      ...readAll,
      customRoles: [{ addr: 'read_R', name: 'reports-read', policy: read({ Condition: { Bool: { 'g:MFAPresent': ['true'] } } }) }],
    });
    const { report, text } = ask(doc);
    expect(report.allowed).toBe(false);
    expect(text).toContain(
      'note: statement #0 (Allow) of custom policy "reports-read" (huaweicloud_identity_role.read_R), ' +
        'assigned to group "demo" in all projects (incl. the global service project) ' +
        'would allow it, but its Condition is not evaluated offline: not counted',
    );
  });

  test('a system role is named as not evaluated offline, never guessed', () => {
    const doc = terraform({
      systemRoles: [{ addr: 'ro', displayName: 'OBS ReadOnlyAccess' }],
      assignments: [{ addr: 'assign_S', groupId: groupRef('demo_G', 'id'), roleId: roleRef('ro', true), projectId: 'all' }],
    });
    const { report, text } = ask(doc);
    expect(report.allowed).toBe(false);
    expect(text).toContain(
      'note: system role "OBS ReadOnlyAccess" (data.huaweicloud_identity_role.ro), ' +
        'assigned to group "demo" in all projects (incl. the global service project), ' +
        'is not evaluated offline (its policy is not in the Terraform); it may allow this',
    );
  });

  describe('scope', () => {
    const inProject = (projectId: string, blocks: GrantBlocks = {}): Record<string, unknown> => terraform({
      customRoles: [{ addr: 'read_R', name: 'reports-read', policy: read() }],
      assignments: [{ addr: 'assign_P', groupId: groupRef('demo_G', 'id'), roleId: roleRef('read_R'), projectId }],
      ...blocks,
    });

    test('a literal project: allowed there, denied in another project and in the global service project', () => {
      expect(ask(inProject(PROJECT_ID), { project: PROJECT_ID }).first).toMatch(/^allowed: .* in project 0123456789abcdef0123456789abcdef — statement #0 .* in project 0123456789abcdef0123456789abcdef$/);
      expect(ask(inProject(PROJECT_ID), { project: OTHER_PROJECT }).first).toMatch(/^denied: .* in project ffff.* — implicit deny: no role is assigned to group "demo" in project ffffffffffffffffffffffffffffffff in this Terraform$/);
      expect(ask(inProject(PROJECT_ID), { global: true }).report.allowed).toBe(false);
    });

    test('without --project the scopes the assignments name are tried and the allowing one is reported', () => {
      const doc = inProject(PROJECT_ID, {
        customRoles: [
          { addr: 'read_R', name: 'reports-read', policy: read() },
          { addr: 'deny_R', name: 'deny', type: 'AX', policy: policy({ Effect: 'Deny', Action: ['obs:*:*'] }) },
        ],
        assignments: [
          { addr: 'assign_P', groupId: groupRef('demo_G', 'id'), roleId: roleRef('read_R'), projectId: PROJECT_ID },
          { addr: 'assign_D', groupId: groupRef('demo_G', 'id'), roleId: roleRef('deny_R'), domainId: PROJECT_ID },
        ],
      });
      const { report, text } = ask(doc);
      expect(report.verdicts[0].scopes.map((s) => [s.scope, s.allowed])).toEqual([
        [{ kind: 'project', id: PROJECT_ID }, true],
        [{ kind: 'global' }, false],
      ]);
      expect(report.allowed).toBe(true);
      expect(text).toContain(`  scope: no project given; tried project ${PROJECT_ID}, the global service project`);
      expect(text).toContain('  in the global service project: denied — explicit Deny: statement #0 (Deny) of custom policy "deny"');
    });

    test('a project looked up by name matches a request naming that project; an id alone cannot be related', () => {
      const doc = inProject(projectRef('cn4'), { projects: [{ addr: 'cn4', name: 'cn-north-4' }] });
      expect(ask(doc, { project: 'cn-north-4' }).report.allowed).toBe(true);
      expect(ask(doc, { project: 'cn-east-3' }).report.allowed).toBe(false);
      const { report, text } = ask(doc, { project: PROJECT_ID });
      expect(report.allowed).toBe(false);
      expect(text).toContain(
        'would allow it, but it is assigned in the project named "cn-north-4" (its id is known only at apply time) ' +
          'and the request names project 0123456789abcdef0123456789abcdef only by id: not counted',
      );
    });

    test('an enterprise-project assignment is uncertain for every request', () => {
      const { report, text } = ask(
        inProject('x', {
          assignments: [{ addr: 'assign_E', groupId: groupRef('demo_G', 'id'), roleId: roleRef('read_R'), enterpriseProjectId: '0' }],
        }),
        { project: PROJECT_ID },
      );
      expect(report.allowed).toBe(false);
      expect(text).toContain('but it is assigned in enterprise project 0, and which resources belong to it is not known offline: not counted');
    });
  });

  test('without --resource, resource-limited statements do not allow; the note says how to check one', () => {
    const { report, text } = ask(terraform(readAll), { action: 'obs:bucket:ListBucket', resource: undefined });
    expect(report.allowed).toBe(false);
    expect(text).toContain('allows this action only on obs:*:*:object:reports/*, obs:*:*:bucket:reports; name a resource');
  });

  test.each<[string, Partial<ExplainPermissionOptions>, RegExp]>([
    ['an unknown ServiceAccount', { serviceAccount: 'kube-system/default' }, /no identity provider admits ServiceAccount kube-system\/default \(workload_identity: no conversion rule matched .*\); the conversion rules name default\/oidc-token/],
    ['a malformed ServiceAccount', { serviceAccount: 'oidc-token' }, /ServiceAccount "oidc-token" must be <namespace>\/<name>/],
    ['a malformed action', { action: 'obs:GetObject' }, /action "obs:GetObject" must be "<service>:<resource type>:<operation>"/],
    ['a malformed resource', { resource: 'reports/a.csv' }, /resource "reports\/a\.csv" must be a URN/],
    ['project and global', { project: PROJECT_ID, global: true }, /give a project or global, not both/],
    ['an unknown provider', { provider: 'nope' }, /no identity provider named "nope"/],
  ])('%s is bad input', (_label, options, message) => {
    // The not_any_of rule would admit anyone: drop it for the unknown-ServiceAccount case.
    const doc = terraform(readAll) as { resource: { huaweicloud_identity_provider_conversion: Record<string, { conversion_rules: unknown[] }> } };
    for (const c of Object.values(doc.resource.huaweicloud_identity_provider_conversion)) c.conversion_rules.splice(1);
    let caught: unknown;
    try {
      ask(doc, options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmulatorConfigError);
    expect((caught as EmulatorConfigError).code).toBe('ERR_EMULATOR_OPTION_INVALID');
    expect((caught as Error).message).toMatch(message);
  });
});

describe('explain listing: effective permissions per ServiceAccount', () => {
  test('groups → roles → scope, with statements; system roles and unassigned groups said so', async () => {
    const doc = terraform({
      customRoles: [{ addr: 'read_R', name: 'reports-read', policy: read({ Condition: { Bool: { 'g:MFAPresent': ['true'] } } }) }],
      systemRoles: [{ addr: 'ro', displayName: 'OBS ReadOnlyAccess' }],
      assignments: [
        { addr: 'assign_A', groupId: groupRef('demo_G', 'id'), roleId: roleRef('read_R'), projectId: PROJECT_ID },
        { addr: 'assign_S', groupId: groupRef('demo_G', 'id'), roleId: roleRef('ro', true), domainId: PROJECT_ID },
        { addr: 'assign_X', groupId: 'abc123', roleId: roleRef('ro', true), projectId: 'all' },
      ],
    });
    const report = await explain(doc);
    expect(report.permissions.serviceAccounts).toEqual([
      {
        namespace: 'default',
        name: 'oidc-token',
        provider: 'workload_identity',
        username: 'test',
        notAdmitted: undefined,
        groups: [
          {
            name: 'demo',
            declaredBy: ['huaweicloud_identity_group.demo_G'],
            roles: [
              {
                assignment: 'huaweicloud_identity_group_role_assignment.assign_A',
                role: 'custom policy "reports-read" (huaweicloud_identity_role.read_R)',
                kind: 'custom',
                scope: `project ${PROJECT_ID}`,
                statements: [
                  '#0 Allow obs:object:GetObject, obs:bucket:ListBucket on obs:*:*:object:reports/*, obs:*:*:bucket:reports ' +
                    '[Condition: not evaluated offline]',
                ],
              },
              {
                assignment: 'huaweicloud_identity_group_role_assignment.assign_S',
                role: 'system role "OBS ReadOnlyAccess" (data.huaweicloud_identity_role.ro)',
                kind: 'system',
                scope: `the global service project (domain ${PROJECT_ID})`,
                statements: [],
              },
            ],
          },
        ],
      },
    ]);
    const text = formatExplainReport(report);
    expect(text).toContain(
      [
        'Effective permissions (custom policies evaluated offline; system roles named, not evaluated):',
        '  ServiceAccount default/oidc-token via "workload_identity" -> user "test"',
        '    group "demo" (huaweicloud_identity_group.demo_G):',
        `      custom policy "reports-read" (huaweicloud_identity_role.read_R) in project ${PROJECT_ID}`,
        '        #0 Allow obs:object:GetObject, obs:bucket:ListBucket on obs:*:*:object:reports/*, obs:*:*:bucket:reports ' +
          '[Condition: not evaluated offline]',
        '      system role "OBS ReadOnlyAccess" (data.huaweicloud_identity_role.ro) ' +
          `in the global service project (domain ${PROJECT_ID}) — not evaluated offline`,
      ].join('\n'),
    );
    expect(text).toContain(
      '  warning: huaweicloud_identity_group_role_assignment.assign_X: group_id abc123 is not a reference to a group declared in <object #0>',
    );
  });

  test('a group no role is assigned to, and one not declared in the Terraform', async () => {
    const text = formatExplainReport(await explain(terraformFixture({ keys: [key.publicJwk] })));
    expect(text).toContain('    group "demo" (not declared in this Terraform): no role assigned in this Terraform');
  });
});
