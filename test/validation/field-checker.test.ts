/**
 * The one field checker every declared field goes through: where the issue points, what it
 * carries, and the two kinds of check (exact strings as written, or a rule on a string).
 */
import { IssueCollector, IssueSide } from '../../lib/core/issues/issues';
import { iamGroupNameRule, namespaceRule } from '../../lib/core/validation/rules';
import { FieldChecker } from '../../lib/core/validation/field-checker';

test('exact: the type, the exact-string guard and the rule, reported at <base>.<field>', () => {
  const out = new IssueCollector();
  const fields = new FieldChecker(out, 'X.bindings[2]', { side: IssueSide.BOTH, bindingIndex: 2 });
  expect(fields.exact('namespace', 'default', namespaceRule, 'INVALID_NAMESPACE', 'fix it')).toBeUndefined();
  expect(fields.exact('namespace', 'default\n', namespaceRule, 'INVALID_NAMESPACE', 'fix it', { side: IssueSide.KUBERNETES })).toMatch(/U\+000A line feed/);
  expect(fields.exact('namespace', 7, namespaceRule, 'INVALID_NAMESPACE', 'fix it')).toBe('must be a string (got a number)');
  expect(out.issues.map((i) => [i.code, i.path, i.side, i.bindingIndex, i.value])).toEqual([
    ['INVALID_NAMESPACE', 'X.bindings[2].namespace', 'kubernetes', 2, '"default\\n"'],
    ['INVALID_NAMESPACE', 'X.bindings[2].namespace', 'both', 2, '7'],
  ]);
});

test('exact with innerSpaces lets IAM names keep inner spaces, nothing else', () => {
  const fields = new FieldChecker(new IssueCollector(), 'X', { side: IssueSide.TERRAFORM });
  expect(fields.exact('g', 'my group', iamGroupNameRule, 'INVALID_IAM_GROUP', 'f', { innerSpaces: true })).toBeUndefined();
  expect(fields.exact('g', 'my group', iamGroupNameRule, 'INVALID_IAM_GROUP', 'f')).toMatch(/U\+0020 space/);
  expect(fields.exact('g', 'my\tgroup', iamGroupNameRule, 'INVALID_IAM_GROUP', 'f', { innerSpaces: true })).toBeDefined();
});

test('string: the rule on a string, "must be a string" for anything else; "" is the base path; no bindingIndex unless given', () => {
  const out = new IssueCollector();
  const fields = new FieldChecker(out, 'X.groups[0].grants[1].scope', { side: IssueSide.TERRAFORM });
  expect(fields.string('', 'Default', namespaceRule, 'INVALID_GRANT_SCOPE', 'f')).toMatch(/DNS-1123 label/);
  expect(fields.string('', undefined, namespaceRule, 'INVALID_GRANT_SCOPE', 'f')).toBe('must be a string');
  expect(out.issues.map((i) => i.path)).toEqual(['X.groups[0].grants[1].scope', 'X.groups[0].grants[1].scope']);
  expect(out.issues.every((i) => !('bindingIndex' in i))).toBe(true);
});
