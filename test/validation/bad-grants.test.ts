/**
 * Bad grants, groups and project scope are rejected before anything is written, each with the
 * field path, the rule and a fix (the same contract as bad-declarations.test.ts).
 */
import { reported } from '../support/reported';
import {
  Effect, GrantScope, Grants, IamRole, PolicyDocument, PolicyScopeType, PolicyStatement, SynthesisValidationError, ValidationIssue, WorkloadIdentity,
} from '../../lib';
import { crossDeclarationIssues, validateDeclarations } from '../../lib/core/declaration/declarations';
import { formatIssue } from '../../lib/core/issues/issues';
import { declaration, synthesize } from './fixtures';
import { DOMAIN_ID } from '../fixtures/ids';

const P = 'WorkloadIdentity("workload_identity")';
const B0 = `${P}.bindings[0]`;
const G0 = `${P}.groups[0]`;

interface BadCase {
  readonly name: string;
  readonly build: () => WorkloadIdentity | WorkloadIdentity[];
  readonly code: string;
  readonly path: string;
  readonly rule: readonly string[];
  readonly value?: string;
}

/** A custom policy with one statement. */
const custom = (statement: PolicyStatement, type = PolicyScopeType.PROJECT, name = 'app-policy'): IamRole =>
  IamRole.custom({ name, type, document: PolicyDocument.of(statement) });
/** A group "demo" holding `grants`. */
const withGroupGrants = (grants: unknown[], overrides: Parameters<typeof declaration>[0] = {}): WorkloadIdentity =>
  declaration({ domainId: DOMAIN_ID, groups: [{ name: 'demo', grants: grants as never }], ...overrides });
const kmsRead = (scope: GrantScope) => ({ role: custom(PolicyStatement.allow(['kms:cmk:crypto'])), scope });

const cases: BadCase[] = [
  // project scope of the pods
  {
    name: 'no project ID anywhere',
    build: () => declaration({ projectId: undefined }),
    code: 'PROJECT_ID_REQUIRED',
    path: `${B0}.projectId`,
    rule: ['default/oidc-token', 'HUAWEICLOUD_SDK_PROJECT_ID', 'GET /v3/projects?name=<region>'],
  },
  {
    name: 'global-only binding without domain ID',
    build: () => declaration({ projectId: undefined }, { globalOnly: true }),
    code: 'GLOBAL_ONLY_NEEDS_DOMAIN_ID',
    path: `${B0}.globalOnly`,
    rule: ['no domainId', 'HUAWEICLOUD_SDK_DOMAIN_ID'],
  },
  {
    name: 'globalOnly not a boolean',
    build: () => declaration({}, { globalOnly: 'yes' as never }),
    code: 'INVALID_GLOBAL_ONLY',
    path: `${B0}.globalOnly`,
    rule: ['true or false'],
  },
  {
    name: 'domain ID malformed',
    build: () => declaration({ domainId: 'my-account' }),
    code: 'INVALID_DOMAIN_ID',
    path: `${P}.domainId`,
    rule: ['32 lowercase hexadecimal'],
    value: '"my-account"',
  },
  // groups
  {
    name: 'group both created and declared existing',
    build: () => declaration({ groups: [{ name: 'demo' }, { name: 'demo', existing: true }] }),
    code: 'GROUP_CREATED_AND_EXISTING',
    path: `${P}.groups[1].name`,
    rule: ['existing in one place and to be created in another'],
    value: '"demo"',
  },
  {
    name: 'group declared twice',
    build: () => declaration({ groups: [{ name: 'demo' }, { name: 'demo' }] }),
    code: 'DUPLICATE_GROUP',
    path: `${P}.groups[1].name`,
    rule: ['declared twice'],
  },
  {
    name: 'group created by one declaration, looked up by another',
    build: () => [
      declaration({ providerName: 'a' }),
      declaration({ providerName: 'b', groups: [{ name: 'demo', existing: true }] }, { serviceAccountName: 'b' }),
    ],
    code: 'GROUP_CREATED_AND_EXISTING',
    path: 'WorkloadIdentity("b").groups[0]',
    rule: ['looked up as existing', 'before the group exists'],
  },
  {
    name: 'group created by two declarations',
    build: () => [declaration({ providerName: 'a' }), declaration({ providerName: 'b' }, { serviceAccountName: 'b' })],
    code: 'DUPLICATE_CREATED_GROUP',
    path: 'WorkloadIdentity("b").bindings[0].iamGroups[0]',
    rule: ['also created by', 'unique in an account'],
  },
  {
    name: 'existing group with a description',
    build: () => declaration({ groups: [{ name: 'demo', existing: true, description: 'x' }] }),
    code: 'EXISTING_GROUP_DESCRIPTION',
    path: `${G0}.description`,
    rule: ['looked up by name only'],
  },
  {
    name: 'declared group name with a slash',
    build: () => declaration({ groups: [{ name: 'a/b' }] }),
    code: 'INVALID_IAM_GROUP',
    path: `${G0}.name`,
    rule: ['1-128 characters'],
  },
  {
    name: 'declared group name with a "." (IAM group names allow none)',
    build: () => declaration({ groups: [{ name: 'team.ops' }] }),
    code: 'INVALID_IAM_GROUP',
    path: `${G0}.name`,
    rule: ['(no ".")', 'identity_group.md'],
  },
  {
    name: 'declared group name of 129 characters',
    build: () => declaration({ groups: [{ name: 'g'.repeat(129) }] }),
    code: 'INVALID_IAM_GROUP',
    path: `${G0}.name`,
    rule: ['1-128 characters'],
  },
  {
    name: 'group existing not a boolean',
    build: () => declaration({ groups: [{ name: 'demo', existing: 'no' as never }] }),
    code: 'INVALID_GROUP_EXISTING',
    path: `${G0}.existing`,
    rule: ['true or false'],
  },
  {
    name: 'group description over 255 characters',
    build: () => declaration({ groups: [{ name: 'demo', description: 'd'.repeat(256) }] }),
    code: 'INVALID_GROUP_DESCRIPTION',
    path: `${G0}.description`,
    rule: ['at most 255'],
  },
  {
    name: "a shared group takes a dedicated group's name",
    build: () =>
      declaration(
        { groups: [{ name: 'workload_identity_default_oidc-token' }] },
        { grants: [Grants.kmsDecrypt('0d0466b0-e727-4d9c-b35d-f84bb474a37f')] },
      ),
    code: 'DEDICATED_GROUP_NAME_TAKEN',
    path: `${B0}.grants`,
    rule: ['other ServiceAccounts would get these rights'],
  },
  // grant shapes and scopes
  {
    name: 'grants not a list',
    build: () => declaration({}, { grants: 'obs' as never }),
    code: 'INVALID_GRANTS',
    path: `${B0}.grants`,
    rule: ['list of grants'],
  },
  {
    name: 'grant without a role',
    build: () => withGroupGrants([{ role: 'OBS ReadOnlyAccess', scope: GrantScope.domain() }]),
    code: 'INVALID_GRANT',
    path: `${G0}.grants[0]`,
    rule: ['{ role: IamRole, scope: GrantScope }'],
  },
  {
    name: 'global-service (AX) policy assigned to one project',
    build: () => withGroupGrants([{ role: Grants.obsReadOnly('my-bucket').role, scope: GrantScope.project('0123456789abcdef0123456789abcdef') }]),
    code: 'GRANT_SCOPE_MISMATCH',
    path: `${G0}.grants[0].scope`,
    rule: ['global-services (AX) policy', 'only in the global service project'],
  },
  {
    name: 'global-service (AX) policy assigned to all projects',
    build: () => withGroupGrants([{ role: Grants.obsReadOnly('my-bucket').role, scope: GrantScope.allProjects() }]),
    code: 'GRANT_SCOPE_MISMATCH',
    path: `${G0}.grants[0].scope`,
    rule: ['global-services (AX) policy'],
  },
  {
    name: 'project-level (XA) policy assigned on the domain',
    build: () => withGroupGrants([Grants.kmsDecrypt('0d0466b0-e727-4d9c-b35d-f84bb474a37f', GrantScope.domain())]),
    code: 'GRANT_SCOPE_MISMATCH',
    path: `${G0}.grants[0].scope`,
    rule: ['project-level (XA) policy', 'region-specific projects'],
  },
  {
    name: 'domain grant without domain ID',
    build: () => declaration({ groups: [{ name: 'demo', grants: [Grants.obsReadOnly('my-bucket')] }] }),
    code: 'GRANT_NEEDS_DOMAIN_ID',
    path: `${G0}.grants[0].scope`,
    rule: ['no domainId'],
  },
  {
    name: 'workload-project grant of a global-only binding without project',
    build: () => declaration({ projectId: undefined, domainId: DOMAIN_ID }, { globalOnly: true, grants: [Grants.swrImagePull()] }),
    code: 'GRANT_NEEDS_PROJECT_ID',
    path: `${B0}.grants[0].scope`,
    rule: ['workload project', 'has no projectId'],
  },
  {
    name: 'project scope not a project ID',
    build: () => withGroupGrants([kmsRead(GrantScope.project('cn-north-4'))]),
    code: 'INVALID_GRANT_SCOPE',
    path: `${G0}.grants[0].scope`,
    rule: ['32 lowercase hexadecimal'],
  },
  {
    name: 'project by a name that is no region',
    build: () => withGroupGrants([kmsRead(GrantScope.projectByName('North 4'))]),
    code: 'INVALID_GRANT_SCOPE',
    path: `${G0}.grants[0].scope`,
    rule: ['region ID'],
  },
  {
    name: 'enterprise project ID malformed',
    build: () => withGroupGrants([kmsRead(GrantScope.enterpriseProject('default'))]),
    code: 'INVALID_GRANT_SCOPE',
    path: `${G0}.grants[0].scope`,
    rule: ['"0" (default) or a UUID'],
  },
  {
    name: 'same role granted twice in the same scope',
    build: () => withGroupGrants([Grants.obsReadOnly('my-bucket'), Grants.obsReadOnly('my-bucket')]),
    code: 'DUPLICATE_GRANT',
    path: `${G0}.grants[1]`,
    rule: ['same role in the same scope as'],
  },
  // roles and policies
  {
    name: 'system role with an empty name',
    build: () => withGroupGrants([{ role: IamRole.fromSystemName(''), scope: GrantScope.allProjects() }]),
    code: 'INVALID_ROLE_NAME',
    path: `${G0}.grants[0].role.name`,
    rule: ['non-empty name'],
  },
  {
    name: 'custom policy name with a slash',
    build: () =>
      withGroupGrants(
        [kmsRead(GrantScope.workloadProject())].map((g) => ({
          ...g,
          role: custom(PolicyStatement.allow(['kms:cmk:crypto']), PolicyScopeType.PROJECT, 'app/kms'),
        })),
      ),
    code: 'INVALID_POLICY_NAME',
    path: `${G0}.grants[0].role.name`,
    rule: ['1-128 characters'],
    value: '"app/kms"',
  },
  {
    name: 'custom policy name over 128 characters',
    build: () =>
      withGroupGrants([
        { role: custom(PolicyStatement.allow(['kms:cmk:crypto']), PolicyScopeType.PROJECT, 'p'.repeat(129)), scope: GrantScope.workloadProject() },
      ]),
    code: 'INVALID_POLICY_NAME',
    path: `${G0}.grants[0].role.name`,
    rule: ['1-128'],
  },
  {
    name: 'two different custom policies of one name',
    build: () =>
      withGroupGrants([
        kmsRead(GrantScope.workloadProject()),
        { role: custom(PolicyStatement.allow(['smn:topic:publish'])), scope: GrantScope.workloadProject() },
      ]),
    code: 'CONFLICTING_CUSTOM_POLICY',
    path: `${G0}.grants[1].role.name`,
    rule: ['differs from the one of the same name'],
  },
  {
    name: 'OBS actions in a project-level (XA) policy',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['obs:object:GetObject'])), scope: GrantScope.workloadProject() }]),
    code: 'POLICY_TYPE_MISMATCH',
    path: `${G0}.grants[0].role.type`,
    rule: ['OBS is a global service'],
  },
  {
    name: 'KMS actions in a global (AX) policy',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['kms:cmk:crypto']), PolicyScopeType.GLOBAL), scope: GrantScope.domain() }]),
    code: 'POLICY_TYPE_MISMATCH',
    path: `${G0}.grants[0].role.type`,
    rule: ['KMS is a project-level service'],
  },
  {
    name: 'policy type neither AX nor XA',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['kms:cmk:crypto']), 'AA' as never), scope: GrantScope.workloadProject() }]),
    code: 'INVALID_POLICY_TYPE',
    path: `${G0}.grants[0].role.type`,
    rule: ['"AX"', '"XA"'],
  },
  {
    name: 'policy without statements',
    build: () =>
      withGroupGrants([
        {
          role: IamRole.custom({ name: 'empty', type: PolicyScopeType.PROJECT, document: PolicyDocument.of() }),
          scope: GrantScope.workloadProject(),
        },
      ]),
    code: 'POLICY_WITHOUT_STATEMENTS',
    path: `${G0}.grants[0].role.document.statements`,
    rule: ['at least one statement'],
  },
  {
    name: 'statement without actions',
    build: () => withGroupGrants([kmsRead(GrantScope.workloadProject())].map((g) => ({ ...g, role: custom(PolicyStatement.allow([])) }))),
    code: 'POLICY_STATEMENT_WITHOUT_ACTIONS',
    path: `${G0}.grants[0].role.document.statements[0].actions`,
    rule: ['non-empty list'],
  },
  {
    name: 'action without a resource type part',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['kms:decrypt'])), scope: GrantScope.workloadProject() }]),
    code: 'INVALID_POLICY_ACTION',
    path: `${G0}.grants[0].role.document.statements[0].actions[0]`,
    rule: ['"<service>:<resource type>:<action>"'],
    value: '"kms:decrypt"',
  },
  {
    name: 'action with an uppercase service',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['KMS:cmk:crypto'])), scope: GrantScope.workloadProject() }]),
    code: 'INVALID_POLICY_ACTION',
    path: `${G0}.grants[0].role.document.statements[0].actions[0]`,
    rule: ['lowercase service name'],
  },
  {
    name: 'action with a space',
    build: () =>
      withGroupGrants([{ role: custom(PolicyStatement.allow(['kms:cmk:crypto', 'kms:cmk:get key'])), scope: GrantScope.workloadProject() }]),
    code: 'INVALID_POLICY_ACTION',
    path: `${G0}.grants[0].role.document.statements[0].actions[1]`,
    rule: ['letters, digits, "_" or "*"'],
  },
  {
    name: 'resource URN with three parts',
    build: () =>
      withGroupGrants([
        {
          role: custom(PolicyStatement.allow(['obs:object:GetObject'], ['obs:bucket:my-bucket']), PolicyScopeType.GLOBAL),
          scope: GrantScope.domain(),
        },
      ]),
    code: 'INVALID_POLICY_RESOURCE',
    path: `${G0}.grants[0].role.document.statements[0].resources[0]`,
    rule: ['"<service>:<region>:<account ID>:<resource type>:<resource path>"'],
    value: '"obs:bucket:my-bucket"',
  },
  {
    name: 'resource URN with an empty path',
    build: () =>
      withGroupGrants([
        { role: custom(PolicyStatement.allow(['obs:object:GetObject'], ['OBS:*:*:object:']), PolicyScopeType.GLOBAL), scope: GrantScope.domain() },
      ]),
    code: 'INVALID_POLICY_RESOURCE',
    path: `${G0}.grants[0].role.document.statements[0].resources[0]`,
    rule: ['URN'],
  },
  {
    name: 'resource "*"',
    build: () =>
      withGroupGrants([{ role: custom(PolicyStatement.allow(['obs:object:GetObject'], ['*']), PolicyScopeType.GLOBAL), scope: GrantScope.domain() }]),
    code: 'INVALID_POLICY_RESOURCE',
    path: `${G0}.grants[0].role.document.statements[0].resources[0]`,
    rule: ['without resources already applies to every resource'],
  },
  {
    name: 'resource URN with a region that is no region',
    build: () =>
      withGroupGrants([
        { role: custom(PolicyStatement.allow(['kms:cmk:crypto'], ['KMS:CN North:*:KeyId:abc'])), scope: GrantScope.workloadProject() },
      ]),
    code: 'INVALID_POLICY_RESOURCE',
    path: `${G0}.grants[0].role.document.statements[0].resources[0]`,
    rule: ['URN'],
  },
  {
    name: 'empty resource list',
    build: () => withGroupGrants([{ role: custom(PolicyStatement.allow(['kms:cmk:crypto'], [])), scope: GrantScope.workloadProject() }]),
    code: 'POLICY_STATEMENT_EMPTY_RESOURCES',
    path: `${G0}.grants[0].role.document.statements[0].resources`,
    rule: ['match no resource'],
  },
  {
    name: 'effect neither Allow nor Deny',
    build: () =>
      withGroupGrants([
        { role: custom(new PolicyStatement({ effect: 'Permit' as Effect, actions: ['kms:cmk:crypto'] })), scope: GrantScope.workloadProject() },
      ]),
    code: 'INVALID_POLICY_EFFECT',
    path: `${G0}.grants[0].role.document.statements[0].effect`,
    rule: ['"Allow" or "Deny"'],
  },
  {
    name: 'condition key without a prefix',
    build: () =>
      withGroupGrants([
        {
          role: custom(new PolicyStatement({ actions: ['kms:cmk:crypto'], conditions: { StringEquals: { UserName: ['a'] } } })),
          scope: GrantScope.workloadProject(),
        },
      ]),
    code: 'INVALID_POLICY_CONDITION',
    path: `${G0}.grants[0].role.document.statements[0].conditions.StringEquals`,
    rule: ['"g:<key>"'],
  },
  {
    name: 'condition values not a list',
    build: () =>
      withGroupGrants([
        {
          role: custom(new PolicyStatement({ actions: ['kms:cmk:crypto'], conditions: { StringEquals: { 'g:UserName': 'a' as never } } })),
          scope: GrantScope.workloadProject(),
        },
      ]),
    code: 'INVALID_POLICY_CONDITION',
    path: `${G0}.grants[0].role.document.statements[0].conditions.StringEquals.g:UserName`,
    rule: ['non-empty list of strings'],
  },
  {
    name: 'policy over 6,144 characters',
    build: () =>
      withGroupGrants([
        {
          role: custom(PolicyStatement.allow(Array.from({ length: 90 }, (_, i) => `kms:cmk:someRatherLongActionName${String(i).padStart(40, '0')}`))),
          scope: GrantScope.workloadProject(),
        },
      ]),
    code: 'POLICY_TOO_LONG',
    path: `${G0}.grants[0].role.document`,
    rule: ['limit of 6144 characters', 'Notes and Constraints'],
  },
  // presets' parameters
  {
    name: 'OBS bucket name with uppercase and "_"',
    build: () => withGroupGrants([Grants.obsReadOnly('My_Bucket')]),
    code: 'INVALID_OBS_BUCKET',
    path: `${G0}.grants[0].role.bucket`,
    rule: ['3-63 lowercase letters'],
    value: '"My_Bucket"',
  },
  {
    name: 'OBS bucket name with ".."',
    build: () => withGroupGrants([Grants.obsReadWrite('my..bucket')]),
    code: 'INVALID_OBS_BUCKET',
    path: `${G0}.grants[0].role.bucket`,
    rule: ['no ".."'],
  },
  {
    name: 'KMS key alias instead of ID',
    build: () => withGroupGrants([Grants.kmsDecrypt('alias/app')]),
    code: 'INVALID_KMS_KEY_ID',
    path: `${G0}.grants[0].role.keyId`,
    rule: ['not its alias'],
  },
  {
    name: 'KMS key alias instead of ID (encrypt and decrypt)',
    build: () => withGroupGrants([Grants.kmsCrypto('alias/app')]),
    code: 'INVALID_KMS_KEY_ID',
    path: `${G0}.grants[0].role.keyId`,
    rule: ['not its alias'],
  },
  {
    name: 'SMN topic URN instead of name',
    build: () => withGroupGrants([Grants.smnPublish('urn:smn:cn-north-4:0123:events')]),
    code: 'INVALID_SMN_TOPIC',
    path: `${G0}.grants[0].role.topicName`,
    rule: ['not the topic URN'],
  },
];

function issuesOf(c: BadCase): ValidationIssue[] {
  const built = c.build();
  const list = Array.isArray(built) ? built : [built];
  return [...validateDeclarations(list), ...crossDeclarationIssues(list)];
}

test('the table holds at least 40 distinct bad grants', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
});

test('a valid declaration with every kind of grant has no issue', () => {
  const identity = declaration(
    {
      domainId: DOMAIN_ID,
      groups: [
        {
          name: 'demo',
          grants: [
            Grants.obsReadOnly('cce-workload-identity-demo'),
            { role: IamRole.fromDisplayName('SWR ReadOnlyAccess'), scope: GrantScope.projectByName('cn-north-4') },
          ],
        },
        { name: 'ops', existing: true, grants: [{ role: IamRole.fromSystemName('kms_adm'), scope: GrantScope.allProjects() }] },
      ],
    },
    {
      iamGroups: ['demo', 'ops'],
      grants: [
        Grants.kmsDecrypt('0d0466b0-e727-4d9c-b35d-f84bb474a37f'),
        Grants.smnPublish('order-events', GrantScope.enterpriseProject('0')),
        Grants.swrImagePull(),
      ],
    },
  );
  expect(identity.validate().filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
});

describe.each(cases)('$name', (c) => {
  test(`validation reports ${c.code} at the field, with the rule and a fix`, () => {
    const issues = issuesOf(c);
    const issue = issues.find((i) => i.code === c.code && i.path === c.path);
    expect({ found: issue !== undefined, codes: issues.map((i) => `${i.code} ${i.path}`) }).toEqual(expect.objectContaining({ found: true }));
    expect(issue!.severity).toBe('error');
    for (const word of c.rule) expect(issue!.rule).toContain(word);
    expect(issue!.fix.length).toBeGreaterThan(5);
    if (c.value !== undefined) expect(issue!.value).toBe(c.value);
  });

  test('synthesis fails naming it, and writes nothing', () => {
    const built = c.build();
    const attempt = synthesize(Array.isArray(built) ? built : [built]);
    expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
    const message = reported(attempt.error!);
    expect(message).toContain(`${c.path}:`);
    for (const word of c.rule) expect(message).toContain(word);
    expect(message).toContain('nothing was written');
    expect(attempt.written).toEqual([]);
  });
});

test('the project-ID error says where to find the ID: console, Terraform data source, API', () => {
  const issue = declaration({ projectId: undefined }).validate().find((i) => i.code === 'PROJECT_ID_REQUIRED')!;
  expect(issue.fix).toContain('My Credentials > Projects');
  expect(issue.fix).toContain('data "huaweicloud_identity_projects"');
  expect(issue.fix).toContain('GET /v3/projects?name=<region>');
  expect(issue.fix).toContain('globalOnly: true');
});

test('a global-only binding needs no project ID and gets HUAWEICLOUD_SDK_DOMAIN_ID', () => {
  const identity = declaration({ projectId: undefined, domainId: DOMAIN_ID }, { globalOnly: true });
  expect(identity.validate().filter((i) => i.severity === 'error')).toEqual([]);
  expect(identity.bindings[0].environment).toEqual(expect.objectContaining({ HUAWEICLOUD_SDK_DOMAIN_ID: DOMAIN_ID }));
  expect(identity.bindings[0].environment.HUAWEICLOUD_SDK_PROJECT_ID).toBeUndefined();
  const attempt = synthesize([identity]);
  expect(attempt.error).toBeUndefined();
});
