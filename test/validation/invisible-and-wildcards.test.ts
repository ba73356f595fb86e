/**
 * Issue 21: control and invisible characters (format characters such as U+200B, U+00AD, U+2060,
 * U+202E, and the other default-ignorable or private-use code points) are refused in every field
 * that reaches IAM by one shared check; an Allow of every action or every resource of a service
 * (or of every service) is reported as a warning with a narrower alternative.
 */
import { Effect, GrantScope, IamRole, PolicyDocument, PolicyScopeType, PolicyStatement, ValidationIssue, WorkloadIdentity } from '../../lib';
import { declaration } from './fixtures';

type StatementProps = ConstructorParameters<typeof PolicyStatement>[0];

function withPolicy(statements: StatementProps[], description?: string, groupDescription?: string): WorkloadIdentity {
  return declaration({
    domainId: '0123456789abcdef0123456789abcdef',
    groups: [{
      name: 'demo',
      ...(groupDescription !== undefined ? { description: groupDescription } : {}),
      grants: [{
        role: IamRole.custom({
          name: 'app-policy',
          type: PolicyScopeType.GLOBAL,
          ...(description !== undefined ? { description } : {}),
          document: PolicyDocument.of(...statements.map((s) => new PolicyStatement(s))),
        }),
        scope: GrantScope.domain(),
      }],
    }],
  });
}

const errors = (identity: WorkloadIdentity): ValidationIssue[] => identity.validate().filter((i) => i.severity === 'error');
const prefixCondition = (value: string): StatementProps => ({
  actions: ['obs:bucket:ListBucket'],
  conditions: { StringEquals: { 'obs:prefix': [value] } },
});
const allow = (actions: string[], resources?: string[]): StatementProps => ({ actions, ...(resources ? { resources } : {}) });

describe('invisible characters are refused in every field that reaches IAM', () => {
  const cases: ReadonlyArray<[string, string, () => WorkloadIdentity, string, string]> = [
    ['a resource URN', 'U+200B', () => withPolicy([allow(['obs:object:GetObject'], ['OBS:*:*:object:bucket/a\u200Bb'])]), 'INVALID_POLICY_RESOURCE',
      'resources[0]'],
    ['a resource URN', 'U+00AD', () => withPolicy([allow(['obs:object:GetObject'], ['OBS:*:*:object:bucket/a\u00ADb'])]), 'INVALID_POLICY_RESOURCE',
      'resources[0]'],
    ['a resource URN', 'U+2060', () => withPolicy([allow(['obs:object:GetObject'], ['OBS:*:*:object:bucket/\u2060b'])]), 'INVALID_POLICY_RESOURCE',
      'resources[0]'],
    ['a resource URN', 'U+202E', () => withPolicy([allow(['obs:object:GetObject'], ['OBS:*:*:object:bucket/\u202Eb'])]), 'INVALID_POLICY_RESOURCE',
      'resources[0]'],
    ['a resource URN', 'U+3164', () => withPolicy([allow(['obs:object:GetObject'], ['OBS:*:*:object:bucket/\u3164'])]), 'INVALID_POLICY_RESOURCE',
      'resources[0]'],
    ['a condition value', 'U+034F', () => withPolicy([prefixCondition('pub\u034Flic')]), 'INVALID_POLICY_CONDITION', 'obs:prefix[0]'],
    ['a condition value', 'U+FE0F', () => withPolicy([prefixCondition('public\uFE0F')]), 'INVALID_POLICY_CONDITION', 'obs:prefix[0]'],
    ['a policy description', 'U+3164', () => withPolicy([allow(['obs:object:GetObject'])], 'reads\u3164objects'), 'INVALID_POLICY_DESCRIPTION',
      'description'],
    ['a group description', 'U+E000', () => withPolicy([allow(['obs:object:GetObject'])], undefined, 'readers\uE000'), 'INVALID_GROUP_DESCRIPTION',
      'description'],
    ['the declaration description', 'U+115F', () => declaration({ description: 'demo\u115Fidentity' }), 'INVALID_DESCRIPTION', 'description'],
  ];

  test.each(cases)('%s holding %s', (_field, char, build, code, pathEnd) => {
    const found = errors(build()).filter((i) => i.code === code);
    expect(found).toHaveLength(1);
    expect(found[0].path.endsWith(pathEnd)).toBe(true);
    expect(found[0].rule).toContain(char);
    expect(found[0].rule).toMatch(/invisible|control/);
  });

  test('visible non-ASCII text still passes', () => {
    const identity = withPolicy(
      [{ actions: ['obs:object:GetObject'], resources: ['OBS:*:*:object:bucket/報告/*'], conditions: { StringEquals: { 'obs:prefix': ['données'] } } }],
      'lit les rapports 📦',
    );
    expect(errors(identity)).toEqual([]);
  });
});

describe('an Allow of everything of a service is a warning', () => {
  const warnings = (identity: WorkloadIdentity): ValidationIssue[] =>
    identity.validate().filter((i) => i.severity === 'warning' && i.code.startsWith('POLICY_WILDCARD'));

  test.each([
    ['*:*:*', 'every cloud service'],
    ['*:*:Get*', 'every cloud service'],
    ['obs:*:*', 'every action of the service'],
    ['obs:**:*', 'every action of the service'],
  ])('action %s', (action, words) => {
    const found = warnings(withPolicy([allow([action])]));
    expect(found.map((i) => [i.code, i.path.endsWith('.actions[0]')])).toEqual([['POLICY_WILDCARD_ACTION', true]]);
    expect(found[0].rule).toContain(words);
    expect(found[0].fix).toContain('Grants.obsReadOnly');
    expect(errors(withPolicy([allow([action])]))).toEqual([]);
  });

  test.each([
    ['*:*:*:*:*', 'every service'],
    ['OBS:*:*:*:*', 'every resource of the service'],
    ['OBS:*:*:*:*:*', 'every resource of the service'],
  ])('resource %s', (urn, words) => {
    const found = warnings(withPolicy([allow(['obs:object:GetObject'], [urn])]));
    expect(found.map((i) => [i.code, i.path.endsWith('.resources[0]')])).toEqual([['POLICY_WILDCARD_RESOURCE', true]]);
    expect(found[0].rule).toContain(words);
    expect(found[0].fix).toContain('OBS:*:*:object:my-bucket/*');
  });

  test('named or partly wildcarded grants, and broad Denies, are not warned about', () => {
    const identity = withPolicy([
      allow(['obs:object:*', 'obs:object:Get*', 'swr::createLoginSecret'], ['OBS:*:*:bucket:*', 'OBS:*:*:object:my-bucket/*']),
      { effect: Effect.DENY, actions: ['*:*:*'], resources: ['*:*:*:*:*'] },
    ]);
    expect(warnings(identity)).toEqual([]);
  });
});
