import * as fc from 'fast-check';
import { claimValues, evaluateConversionRules, type EmulatedConversionRule } from '../../lib/iam-model/mapping-engine';

const SA = 'system:serviceaccount:default:oidc-token';
const basic: EmulatedConversionRule = {
  local: [{ username: 'test' }, { group: 'demo' }],
  remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SA] }],
};

describe('evaluateConversionRules', () => {
  test('any_one_of admits the listed subject with user and groups', () => {
    const result = evaluateConversionRules([basic], { sub: SA });
    expect(result).toMatchObject({ admitted: true, username: 'test', groups: ['demo'], matchedRules: [0] });
  });

  test('any_one_of denies another subject and says which value failed', () => {
    const result = evaluateConversionRules([basic], { sub: 'system:serviceaccount:default:other' });
    expect(result.admitted).toBe(false);
    if (result.admitted) return;
    expect(result.reason).toContain('rule #0');
    expect(result.reason).toContain('"system:serviceaccount:default:other" is not any of');
    expect(result.rules[0].remotes[0]).toMatchObject({ matched: false, attribute: 'sub' });
  });

  test('a missing attribute fails the entry whatever the condition (not_any_of included)', () => {
    const rule: EmulatedConversionRule = { local: [{ username: 'u' }], remote: [{ attribute: 'email', condition: 'not_any_of', value: ['x'] }] };
    const result = evaluateConversionRules([rule], { sub: SA });
    expect(result.admitted).toBe(false);
    expect(result.rules[0].remotes[0].reason).toBe('claim "email" is missing from the token');
  });

  test('not_any_of excludes listed values and admits others', () => {
    const rule: EmulatedConversionRule = {
      local: [{ username: 'ns-user' }],
      remote: [{ attribute: 'sub', condition: 'not_any_of', value: ['system:serviceaccount:kube-system:default'] }],
    };
    expect(evaluateConversionRules([rule], { sub: SA }).admitted).toBe(true);
    const denied = evaluateConversionRules([rule], { sub: 'system:serviceaccount:kube-system:default' });
    expect(denied.admitted).toBe(false);
    expect(denied.rules[0].remotes[0].reason).toContain('excluded by not_any_of');
  });

  test('every remote entry of a rule must match', () => {
    const rule: EmulatedConversionRule = {
      local: [{ username: 'u' }],
      remote: [
        { attribute: 'sub', condition: 'any_one_of', value: [SA] },
        { attribute: 'aud', condition: 'any_one_of', value: ['other-client'] },
      ],
    };
    const result = evaluateConversionRules([rule], { sub: SA, aud: ['my-client'] });
    expect(result.admitted).toBe(false);
    expect(result.rules[0].remotes.map((r) => r.matched)).toEqual([true, false]);
  });

  test('multi-valued claims: any value may satisfy any_one_of', () => {
    const rule: EmulatedConversionRule = { local: [{ username: 'u' }], remote: [{ attribute: 'aud', condition: 'any_one_of', value: ['b'] }] };
    expect(evaluateConversionRules([rule], { aud: ['a', 'b'] }).admitted).toBe(true);
  });

  test('{0} substitutes the first unconditioned remote attribute, {1} the second', () => {
    const rule: EmulatedConversionRule = {
      local: [{ username: 'fed-{1}' }, { group: 'grp-{0}' }],
      remote: [
        { attribute: 'iss' },
        { attribute: 'sub', condition: 'any_one_of', value: [SA] },
        { attribute: 'jti' },
      ],
    };
    const result = evaluateConversionRules([rule], { iss: 'issuer', sub: SA, jti: 'abc' });
    expect(result).toMatchObject({ admitted: true, username: 'fed-abc', groups: ['grp-issuer'] });
  });

  test('a group over a multi-valued attribute yields one group per value', () => {
    const rule: EmulatedConversionRule = { local: [{ username: 'u' }, { group: 'g-{0}' }], remote: [{ attribute: 'aud' }] };
    expect(evaluateConversionRules([rule], { aud: ['x', 'y'] })).toMatchObject({ admitted: true, groups: ['g-x', 'g-y'] });
  });

  test('a username over a multi-valued attribute is an error, not a guess', () => {
    const rule: EmulatedConversionRule = { local: [{ username: '{0}' }], remote: [{ attribute: 'aud' }] };
    const result = evaluateConversionRules([rule], { aud: ['x', 'y'] });
    expect(result.admitted).toBe(false);
    expect(result.rules[0].error).toContain('exactly one');
  });

  test('a placeholder beyond the unconditioned entries is reported', () => {
    const rule: EmulatedConversionRule = { local: [{ username: '{1}' }], remote: [{ attribute: 'sub' }] };
    const result = evaluateConversionRules([rule], { sub: SA });
    expect(result.admitted).toBe(false);
    if (result.admitted) return;
    expect(result.reason).toContain('refers to {1} but the rule has only 1 unconditioned remote entry');
  });

  test('locals of all matching rules combine: first username wins, groups accumulate', () => {
    const rules: EmulatedConversionRule[] = [
      { local: [{ group: 'readers' }], remote: [{ attribute: 'sub' }] },
      { local: [{ username: 'first' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SA] }] },
      { local: [{ username: 'second' }, { group: 'demo' }, { group: 'ops' }], remote: [{ attribute: 'sub', condition: 'not_any_of', value: ['x'] }] },
      { local: [{ username: 'never' }, { group: 'never' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: ['x'] }] },
    ];
    const result = evaluateConversionRules(rules, { sub: SA });
    expect(result).toMatchObject({ admitted: true, username: 'first', groups: ['readers', 'demo', 'ops'], matchedRules: [0, 1, 2] });
    if (result.admitted) expect(result.warnings[0]).toContain('"second" is ignored');
  });

  test('matching rules without any username deny', () => {
    const result = evaluateConversionRules([{ local: [{ group: 'g' }], remote: [{ attribute: 'sub' }] }], { sub: SA });
    expect(result.admitted).toBe(false);
    if (!result.admitted) expect(result.reason).toBe('rule(s) #0 matched but none sets a username');
  });

  test('no rules at all deny', () => {
    const result = evaluateConversionRules([], { sub: SA });
    expect(result.admitted).toBe(false);
    if (!result.admitted) expect(result.reason).toBe('the provider has no conversion rules');
  });

  test('object-valued claims are not matchable', () => {
    expect(claimValues({ 'kubernetes.io': { namespace: 'default' } }, 'kubernetes.io')).toBeUndefined();
    expect(claimValues({ n: 5, b: true, e: [] }, 'n')).toEqual(['5']);
    expect(claimValues({ e: [] }, 'e')).toBeUndefined();
  });

  test('property: any_one_of [s] admits exactly s', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (allowed, presented) => {
        const rule: EmulatedConversionRule = {
          local: [{ username: 'u' }],
          remote: [{ attribute: 'sub', condition: 'any_one_of', value: [allowed] }],
        };
        const notRule: EmulatedConversionRule = {
          local: [{ username: 'u' }],
          remote: [{ attribute: 'sub', condition: 'not_any_of', value: [allowed] }],
        };
        const anyOne = evaluateConversionRules([rule], { sub: presented }).admitted;
        const notAny = evaluateConversionRules([notRule], { sub: presented }).admitted;
        return anyOne === (allowed === presented) && notAny === !anyOne;
      }),
    );
  });
});
