import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';
import { loadIdentityProviders, loadTerraform } from '../../lib/iam-model/terraform-loader';
import { makeKey, terraformFixture, type TestKey } from '../emulator/helpers';
import { groupRef, policy, projectRef, renameRuleGroup, roleRef, withGrants, type GrantBlocks } from './grants-fixture';
import { DOMAIN_ID, PROJECT_ID } from '../fixtures/ids';

const READ = policy({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:b/*'] });

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('k1');
});

function base(): Record<string, unknown> {
  return terraformFixture({ keys: [key.publicJwk] });
}

function expectConfigError(fn: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EmulatorConfigError);
  expect((caught as EmulatorConfigError).code).toBe(code);
  expect((caught as EmulatorConfigError).message).toMatch(message);
}

const oneGrant = (scope: Partial<Record<'projectId' | 'domainId' | 'enterpriseProjectId', string>>, extra: GrantBlocks = {}): GrantBlocks => ({
  groups: [{ addr: 'demo_1', name: 'demo' }],
  customRoles: [{ addr: 'read_2', name: 'read', policy: READ }],
  assignments: [{ addr: 'assign_3', groupId: groupRef('demo_1', 'id'), roleId: roleRef('read_2'), ...scope }],
  ...extra,
});

describe('conversion rules name groups literally or by reference', () => {
  test.each<[string, boolean]>([
    ['a created group (resource)', false],
    ['an existing group (data source)', true],
  ])('%s: the reference resolves to the group name', (_label, existing) => {
    const doc = renameRuleGroup(
      withGrants(base(), { groups: [{ addr: 'wi_demo_A1B2', name: 'demo-readers', existing }] }),
      'demo',
      groupRef('wi_demo_A1B2', 'name', existing),
    );
    const { providers, grants } = loadTerraform(doc);
    expect(providers[0].rules?.[0].local).toEqual([{ username: 'test' }, { group: 'demo-readers' }]);
    expect(grants.groups).toEqual([
      { address: `${existing ? 'data.' : ''}huaweicloud_identity_group.wi_demo_A1B2`, name: 'demo-readers', existing, source: '<object #0>' },
    ]);
  });

  test('a literal group name stays as it is (existing behaviour)', () => {
    expect(loadIdentityProviders(base())[0].rules?.[0].local).toEqual([{ username: 'test' }, { group: 'demo' }]);
  });

  test('a reference to an undeclared group, or another expression, is rejected with the address', () => {
    expectConfigError(() => loadTerraform(renameRuleGroup(base(), 'demo', groupRef('nope', 'name'))), 'ERR_EMULATOR_TERRAFORM_INVALID', /conversion_rules\[0\]\.local\[1\]\.group refers to huaweicloud_identity_group\.nope, which this Terraform does not declare/);
    expectConfigError(() => loadTerraform(renameRuleGroup(base(), 'demo', '${var.group}')), 'ERR_EMULATOR_NON_LITERAL', /local\[1\]\.group is a Terraform expression \(\$\{var\.group\}\)/);
    const withGroup = withGrants(base(), { groups: [{ addr: 'g', name: 'demo' }] });
    expectConfigError(() => loadTerraform(renameRuleGroup(withGroup, 'demo', groupRef('g', 'id'))), 'ERR_EMULATOR_NON_LITERAL', /local\[1\]\.group is a Terraform expression/);
  });
});

describe('assignments and their scope', () => {
  test.each<[string, Partial<Record<'projectId' | 'domainId' | 'enterpriseProjectId', string>>, unknown]>([
    ['a literal project id', { projectId: PROJECT_ID }, { kind: 'project', projectId: PROJECT_ID }],
    ['all projects', { projectId: 'all' }, { kind: 'all-projects' }],
    ['a domain', { domainId: DOMAIN_ID }, { kind: 'domain', domainId: DOMAIN_ID }],
    ['an enterprise project', { enterpriseProjectId: '0' }, { kind: 'enterprise-project', enterpriseProjectId: '0' }],
  ])('%s', (_label, scope, expected) => {
    const { grants } = loadTerraform(withGrants(base(), oneGrant(scope)));
    expect(grants.assignments).toHaveLength(1);
    expect(grants.assignments[0]).toMatchObject({
      address: 'huaweicloud_identity_group_role_assignment.assign_3',
      group: { name: 'demo', address: 'huaweicloud_identity_group.demo_1' },
      role: { kind: 'custom', name: 'read', type: 'XA', address: 'huaweicloud_identity_role.read_2' },
      scope: expected,
    });
    expect(grants.warnings).toEqual([]);
  });

  test('a project looked up by region name (data.huaweicloud_identity_projects reference)', () => {
    const { grants } = loadTerraform(
      withGrants(base(), oneGrant({ projectId: projectRef('cn4_X') }, { projects: [{ addr: 'cn4_X', name: 'cn-north-4' }] })),
    );
    expect(grants.assignments[0].scope).toEqual({
      kind: 'project-by-name',
      projectName: 'cn-north-4',
      address: 'data.huaweicloud_identity_projects.cn4_X',
    });
  });

  test('an unresolvable scope expression is kept as unresolved, with a warning', () => {
    const { grants } = loadTerraform(withGrants(base(), oneGrant({ projectId: '${var.project_id}' })));
    expect(grants.assignments[0].scope).toEqual({ kind: 'unresolved', attribute: 'project_id', expression: '${var.project_id}' });
    expect(grants.warnings).toEqual([
      'huaweicloud_identity_group_role_assignment.assign_3: project_id ${var.project_id} cannot be resolved offline; ' +
        "the assignment's scope is unknown",
    ]);
  });

  test('a system role looked up by name or display name is not evaluable', () => {
    const { grants } = loadTerraform(withGrants(base(), {
      groups: [{ addr: 'g', name: 'demo', existing: true }],
      systemRoles: [{ addr: 'ro', displayName: 'OBS ReadOnlyAccess' }, { addr: 'adm', name: 'obs_adm' }],
      assignments: [
        { addr: 'a', groupId: groupRef('g', 'id', true), roleId: roleRef('ro', true), projectId: 'all' },
        { addr: 'b', groupId: groupRef('g', 'id', true), roleId: roleRef('adm', true), domainId: DOMAIN_ID },
      ],
    }));
    expect(grants.assignments.map((a) => a.role)).toEqual([
      { kind: 'system', address: 'data.huaweicloud_identity_role.ro', name: undefined, displayName: 'OBS ReadOnlyAccess', source: '<object #0>' },
      { kind: 'system', address: 'data.huaweicloud_identity_role.adm', name: 'obs_adm', displayName: undefined, source: '<object #0>' },
    ]);
    expect(grants.assignments.map((a) => a.group?.existing)).toEqual([true, true]);
  });

  test('literal group and role ids (created elsewhere) are kept unresolved, with warnings', () => {
    const { grants } = loadTerraform(withGrants(base(), { assignments: [{ addr: 'x', groupId: 'a1b2c3', roleId: 'd4e5f6', projectId: 'all' }] }));
    expect(grants.assignments[0]).toMatchObject({ group: undefined, groupId: 'a1b2c3', role: undefined, roleId: 'd4e5f6' });
    expect(grants.warnings).toEqual([
      expect.stringContaining('group_id a1b2c3 is not a reference to a group declared in <object #0>'),
      expect.stringContaining('role_id d4e5f6 is not a reference to a role declared in <object #0>; its policy is not known offline'),
    ]);
  });

  test.each<[string, GrantBlocks, RegExp]>([
    ['no scope', oneGrant({}), /assign_3 must set exactly one of project_id, domain_id, enterprise_project_id \(provider rule\), got none/],
    ['two scopes', oneGrant({ projectId: 'all', domainId: DOMAIN_ID }), /got project_id, domain_id/],
    ['an undeclared role', { ...oneGrant({ projectId: 'all' }), customRoles: [] }, /role_id refers to huaweicloud_identity_role\.read_2, which this Terraform does not declare/],
    ['an undeclared project lookup', oneGrant({ projectId: projectRef('missing') }), /project_id refers to data\.huaweicloud_identity_projects\.missing/],
    ['a group name instead of its id', { ...oneGrant({}), assignments: [{ addr: 'a', groupId: groupRef('demo_1', 'name'), roleId: roleRef('read_2'), projectId: 'all' }] }, /group_id must reference the group's id/],
    ['a role type other than AX/XA', { ...oneGrant({ projectId: 'all' }), customRoles: [{ addr: 'read_2', name: 'read', type: 'XX' as 'AX', policy: READ }] }, /huaweicloud_identity_role\.read_2\.type must be "AX" \(global services\) or "XA"/],
    ['a malformed policy', { ...oneGrant({ projectId: 'all' }), customRoles: [{ addr: 'read_2', name: 'read', policy: policy({ Effect: 'Permit', Action: ['obs:*:*'] }) }] }, /huaweicloud_identity_role\.read_2\.policy\.Statement\[0\]\.Effect must be "Allow" or "Deny"/],
  ])('%s is rejected with the address', (_label, blocks, message) => {
    expectConfigError(() => loadTerraform(withGrants(base(), blocks)), 'ERR_EMULATOR_TERRAFORM_INVALID', message);
  });

  test('a policy that is an expression (e.g. jsonencode) is rejected as non-literal', () => {
    const blocks = { ...oneGrant({ projectId: 'all' }), customRoles: [{ addr: 'read_2', name: 'read', policy: '${jsonencode({Version = "1.1"})}' }] };
    expectConfigError(() => loadTerraform(withGrants(base(), blocks)), 'ERR_EMULATOR_NON_LITERAL', /read_2\.policy is a Terraform expression/);
  });

  test('for_each / count on a grant block cannot be expanded offline', () => {
    const doc = withGrants(base(), oneGrant({ projectId: 'all' })) as {
      resource: { huaweicloud_identity_group_role_assignment: Record<string, Record<string, unknown>> };
    };
    doc.resource.huaweicloud_identity_group_role_assignment.assign_3.for_each = '${toset(var.groups)}';
    expectConfigError(() => loadTerraform(doc), 'ERR_EMULATOR_TERRAFORM_INVALID', /assign_3 uses for_each, which the offline reader cannot expand/);
  });

  test('malformed patterns in a policy are warnings naming the policy', () => {
    const blocks = {
      ...oneGrant({ projectId: 'all' }),
      customRoles: [
        { addr: 'read_2', name: 'read', policy: policy({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:bucket:b'] }) },
      ],
    };
    expect(loadTerraform(withGrants(base(), blocks)).grants.warnings).toEqual([
      'huaweicloud_identity_role.read_2 (custom policy "read"): statement #0: resource pattern "obs:bucket:b" ' +
        'is not "<service>:<region>:<account id>:<resource type>:<path>" (or "*"); it matches nothing',
    ]);
  });
});

describe('several inputs', () => {
  test('grants of every file are merged; references resolve within their own file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-grants-'));
    try {
      const grantsOnly = withGrants({}, oneGrant({ projectId: PROJECT_ID }));
      const file = join(dir, 'grants.tf.json');
      writeFileSync(file, JSON.stringify(grantsOnly));
      const { providers, grants } = loadTerraform([base(), file]);
      expect(providers).toHaveLength(1);
      expect(grants.assignments.map((a) => [a.source, a.group?.name, a.role?.kind])).toEqual([[file, 'demo', 'custom']]);

      // A reference in one document to a block of another is not resolved across files.
      const crossRef = withGrants(
        {},
        { assignments: [{ addr: 'a', groupId: groupRef('demo_1', 'id'), roleId: roleRef('read_2'), projectId: 'all' }] },
      );
      expectConfigError(() => loadTerraform([grantsOnly, crossRef]), 'ERR_EMULATOR_TERRAFORM_INVALID', /<object #1>: huaweicloud_identity_group_role_assignment\.a\.group_id refers to huaweicloud_identity_group\.demo_1, which this Terraform does not declare/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
