import fc from 'fast-check';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';
import type { PolicyDocument } from '../../lib/iam-model/policy-document';
import { PolicyEvaluator, type PolicyGrant } from '../../lib/iam-model/policy-evaluator';
import { policy } from './grants-fixture';

const BUCKET_OBJECT = 'obs:*:*:object:reports/2024/a.csv';

function doc(...statements: Array<Record<string, unknown>>): PolicyDocument {
  return PolicyEvaluator.parse(policy(...statements), 'test.policy');
}

function grant(name: string, document: PolicyDocument | undefined, scopeUncertainty?: string): PolicyGrant<string> {
  return { ref: name, document, ...(scopeUncertainty !== undefined ? { scopeUncertainty } : {}) };
}

const readReports = doc({
  Effect: 'Allow',
  Action: ['obs:object:GetObject', 'obs:bucket:ListBucket'],
  Resource: ['obs:*:*:object:reports/*', 'obs:*:*:bucket:reports'],
});

describe('decision: explicit Deny wins, then Allow, else implicit deny', () => {
  test('an Allow that matches action and resource allows, naming the statement', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [grant('read', readReports)]);
    expect(d).toMatchObject({ allowed: true, basis: 'allow', decisive: { grant: 'read', effect: 'Allow', certain: true, statement: { index: 0 } } });
  });

  test('a Deny in another policy (another group) wins over an Allow', () => {
    const deny = doc({ Effect: 'Deny', Action: ['obs:object:*'], Resource: ['obs:*:*:object:reports/2024/*'] });
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('read', readReports),
      grant('deny', deny),
    ]);
    expect(d).toMatchObject({ allowed: false, basis: 'explicit-deny', decisive: { grant: 'deny', effect: 'Deny' } });
    expect(d.matches.map((m) => [m.grant, m.effect])).toEqual([['read', 'Allow'], ['deny', 'Deny']]);
  });

  test('a Deny statement before or after the Allow in the same policy wins either way', () => {
    for (const statements of [
      [{ Effect: 'Allow', Action: ['obs:*:*'] }, { Effect: 'Deny', Action: ['obs:object:DeleteObject'] }],
      [{ Effect: 'Deny', Action: ['obs:object:DeleteObject'] }, { Effect: 'Allow', Action: ['obs:*:*'] }],
    ]) {
      const d = PolicyEvaluator.evaluate({ action: 'obs:object:DeleteObject', resource: BUCKET_OBJECT }, [grant('p', doc(...statements))]);
      expect(d.basis).toBe('explicit-deny');
      expect(d.decisive?.statement.effect).toBe('Deny');
    }
  });

  test('a Deny that does not match the resource does not apply', () => {
    const deny = doc({ Effect: 'Deny', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:secret/*'] });
    expect(
      PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [grant('read', readReports), grant('deny', deny)])
        .allowed,
    ).toBe(true);
  });

  test('nothing matching is an implicit deny', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:DeleteObject', resource: BUCKET_OBJECT }, [grant('read', readReports)]);
    expect(d).toMatchObject({ allowed: false, basis: 'implicit-deny', decisive: undefined, matches: [] });
    expect(PolicyEvaluator.evaluate({ action: 'obs:object:GetObject' }, []).basis).toBe('implicit-deny');
  });

  test('property: with any policies, adding a certain matching Deny always denies', () => {
    const effect = fc.constantFrom('Allow', 'Deny');
    const action = fc.constantFrom('obs:object:GetObject', 'obs:*:*', '*', 'obs:object:Get*', 'ecs:*:*', 'obs:bucket:ListBucket');
    const statement = fc.record({ Effect: effect, Action: fc.array(action, { minLength: 1, maxLength: 3 }) });
    fc.assert(fc.property(fc.array(fc.array(statement, { minLength: 1, maxLength: 4 }), { maxLength: 4 }), (policies) => {
      const grants = policies.map((statements, i) => grant(`p${i}`, doc(...statements)));
      const denyAll = grant('deny', doc({ Effect: 'Deny', Action: ['obs:object:GetObject'] }));
      for (const order of [[...grants, denyAll], [denyAll, ...grants]]) {
        expect(PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, order).allowed).toBe(false);
      }
    }));
  });
});

describe('action matching', () => {
  test.each<[string, string, boolean]>([
    ['obs:object:GetObject', 'obs:object:GetObject', true],
    ['obs:*:*', 'obs:object:GetObject', true],
    ['*:*:*', 'ecs:cloudServers:list', true],
    ['*', 'ecs:cloudServers:list', true],
    ['obs:object:Get*', 'obs:object:GetObjectAcl', true],
    ['obs:object:Get*', 'obs:object:PutObject', false],
    ['obs:bucket:*', 'obs:object:GetObject', false],
    ['ecs:*:*', 'obs:object:GetObject', false],
    // Case-insensitive (this reader's choice, UNVERIFIED against IAM).
    ['OBS:Object:getobject', 'obs:object:GetObject', true],
    // `*` stays within its segment.
    ['obs:*', 'obs:object:GetObject', false],
    ['obs:object*', 'obs:object:GetObject', false],
    // Not three segments: matches nothing.
    ['obs:object:Get:Object', 'obs:object:Get', false],
    // An action with an empty segment is no action (the model's actionSegments): not even `*` segments match it.
    ['obs:*:GetObject', 'obs::GetObject', false],
    ['*:*:*', '*', false],
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(PolicyEvaluator.matchesAction(pattern, action)).toBe(expected);
  });

  test('malformed action patterns are reported as warnings at parse time', () => {
    expect(doc({ Effect: 'Allow', Action: ['obs:*', 'obs:object:GetObject'] }).warnings).toEqual([
      'statement #0: action pattern "obs:*" is not "<service>:<resource type>:<operation>" (or "*"); it matches nothing',
    ]);
  });

  test.each(['obs:object', 'obs:object:*', 'obs::GetObject', 'obs:object:Get Object', ''])('a requested action %j is rejected', (action) => {
    expect(PolicyEvaluator.checkAction(action)).toMatch(/must be "<service>:<resource type>:<operation>" without wildcards/);
  });
});

describe('resource matching', () => {
  test.each<[string, string, boolean]>([
    ['obs:*:*:object:reports/*', 'obs:*:*:object:reports/2024/a.csv', true],
    ['obs:*:*:object:reports/*', 'obs:cn-north-4:0123:object:reports/a.csv', true],
    ['obs:*:*:object:reports/*', 'obs:*:*:object:other/a.csv', false],
    ['obs:*:*:object:reports/*', 'obs:*:*:bucket:reports', false],
    ['obs:*:*:bucket:TestBucket*', 'obs:*:*:bucket:TestBucket-1', true],
    // Service and resource type compare case-insensitively (docs write OBS: and obs:).
    ['OBS:*:*:OBJECT:reports/*', 'obs:*:*:object:reports/a.csv', true],
    // The path compares case-sensitively (object keys are case-sensitive) — UNVERIFIED.
    ['obs:*:*:object:Reports/*', 'obs:*:*:object:reports/a.csv', false],
    // A literal region only matches that region (a request with region "*" is not "cn-north-4").
    ['obs:cn-north-4:*:object:reports/*', 'obs:cn-north-4:d:object:reports/a', true],
    ['obs:cn-north-4:*:object:reports/*', 'obs:cn-east-3:d:object:reports/a', false],
    ['obs:*:*:object:a:b/*', 'obs:*:*:object:a:b/c', true],
    ['*', 'anything:at:all:x:y', true],
    ['obs:*:*:object', 'obs:*:*:object:reports/a', false],
  ])('%s vs %s → %s', (pattern, urn, expected) => {
    expect(PolicyEvaluator.matchesResource(pattern, urn)).toBe(expected);
  });

  test('property: path wildcards match exactly what the equivalent regular expression matches', () => {
    const chars = fc.constantFrom('a', 'b', '/', '*', '.');
    fc.assert(
      fc.property(
        fc.string({ unit: chars, minLength: 1, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '/', '.'), minLength: 1, maxLength: 10 }),
        (pattern, path) => {
          const reference = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
          expect(PolicyEvaluator.matchesResource(`obs:*:*:object:${pattern}`, `obs:*:*:object:${path}`)).toBe(reference.test(path));
        },
      ),
    );
  });

  test('a statement without Resource applies to every resource, and to a request naming none', () => {
    const any = doc({ Effect: 'Allow', Action: ['obs:object:GetObject'] });
    expect(PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [grant('any', any)]).allowed).toBe(true);
    expect(PolicyEvaluator.evaluate({ action: 'obs:object:GetObject' }, [grant('any', any)]).allowed).toBe(true);
  });

  test('a request naming no resource is not allowed by a resource-limited statement; the statement is reported', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:bucket:ListBucket' }, [grant('read', readReports)]);
    expect(d).toMatchObject({ allowed: false, basis: 'implicit-deny', matches: [] });
    expect(d.needResource.map((m) => m.statement.index)).toEqual([0]);
    expect(
      PolicyEvaluator.evaluate({ action: 'obs:bucket:ListBucket' }, [
        grant('star', doc({ Effect: 'Allow', Action: ['obs:bucket:ListBucket'], Resource: ['*'] })),
      ]).allowed,
    ).toBe(true);
  });

  test.each(['obs:*:*:object', 'reports/a.csv', 'obs:*::object:a', 'obs:*:*:object:'])('a requested resource %j is rejected', (urn) => {
    expect(PolicyEvaluator.checkResource(urn)).toMatch(/must be a URN/);
  });
});

describe('what cannot be evaluated offline is never guessed', () => {
  const mfa = { Bool: { 'g:MFAPresent': ['true'] } };

  test('an Allow with a Condition does not allow; the match is reported as uncertain', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('cond', doc({ Effect: 'Allow', Action: ['obs:object:GetObject'], Condition: mfa })),
    ]);
    expect(d).toMatchObject({ allowed: false, basis: 'implicit-deny' });
    expect(d.matches).toEqual([expect.objectContaining({ effect: 'Allow', certain: false, uncertainty: 'its Condition is not evaluated offline' })]);
  });

  test('a Deny with a Condition denies conservatively ("may deny"), even beside a certain Allow', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('read', readReports),
      grant('cond', doc({ Effect: 'Deny', Action: ['obs:object:*'], Condition: mfa })),
    ]);
    expect(d).toMatchObject({ allowed: false, basis: 'possible-deny', decisive: { grant: 'cond', certain: false } });
  });

  test('an empty Condition is no condition', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject' }, [
      grant('p', doc({ Effect: 'Allow', Action: ['obs:object:GetObject'], Condition: {} })),
    ]);
    expect(d.allowed).toBe(true);
  });

  test('NotAction is not evaluated: its statement is uncertain for every action', () => {
    const notAction = doc({ Effect: 'Deny', NotAction: ['obs:object:GetObject'] });
    expect(notAction.statements[0].unevaluated).toEqual(['NotAction']);
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('read', readReports),
      grant('not', notAction),
    ]);
    expect(d).toMatchObject({ basis: 'possible-deny', decisive: { uncertainty: 'its NotAction is not evaluated offline' } });
  });

  test('a policy whose content is unknown (system role) is listed as not evaluated and neither allows nor denies', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [grant('OBS ReadOnlyAccess', undefined)]);
    expect(d).toMatchObject({ allowed: false, basis: 'implicit-deny', notEvaluated: ['OBS ReadOnlyAccess'] });
    const withAllow = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('sys', undefined),
      grant('read', readReports),
    ]);
    expect(withAllow).toMatchObject({ allowed: true, notEvaluated: ['sys'] });
  });

  test('an uncertain scope makes its statements uncertain', () => {
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: BUCKET_OBJECT }, [
      grant('ep', readReports, 'it is assigned in enterprise project 0'),
    ]);
    expect(d).toMatchObject({ allowed: false, matches: [{ certain: false, uncertainty: 'it is assigned in enterprise project 0' }] });
  });
});

describe('parsing', () => {
  test.each<[string, string, RegExp]>([
    ['not JSON', '{', /test\.policy is not valid JSON/],
    ['version 1.0', JSON.stringify({ Version: '1.0', Statement: [{ Effect: 'Allow', Action: ['obs:*:*'] }] }), /Version must be "1\.1"/],
    ['no statements', JSON.stringify({ Version: '1.1', Statement: [] }), /Statement must be a non-empty array/],
    ['lower-case effect', policy({ Effect: 'allow', Action: ['obs:*:*'] }), /Statement\[0\]\.Effect must be "Allow" or "Deny", got "allow"/],
    ['Action as a string', policy({ Effect: 'Allow', Action: 'obs:*:*' }), /Statement\[0\]\.Action must be an array of strings/],
    ['no Action', policy({ Effect: 'Allow' }), /Statement\[0\]\.Action is required/],
    ['empty Resource', policy({ Effect: 'Allow', Action: ['obs:*:*'], Resource: [] }), /Statement\[0\]\.Resource must not be empty/],
    ['Condition not an object', policy({ Effect: 'Allow', Action: ['obs:*:*'], Condition: [] }), /Statement\[0\]\.Condition must be an object/],
  ])('%s is rejected with its address', (_label, text, message) => {
    expect(() => PolicyEvaluator.parse(text, 'test.policy')).toThrow(EmulatorConfigError);
    expect(() => PolicyEvaluator.parse(text, 'test.policy')).toThrow(message);
  });

  test('Sid is accepted and has no effect', () => {
    expect(doc({ Sid: 'read', Effect: 'Allow', Action: ['obs:*:*'] }).statements[0].unevaluated).toEqual([]);
  });
});
