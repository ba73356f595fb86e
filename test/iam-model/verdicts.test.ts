/**
 * `explain --can` never answers a false "allowed": each class of wrong verdict a hostile probe found
 * (and its siblings), asked through the public entry with a synthesized-shape cdk.tf.json.
 */
import { EmulatorConfigError } from '../../lib/testing';
import { explainPermission, formatPermissionReport, type ExplainPermissionOptions } from '../../lib/iam-model/explain/explain';
import { PolicyEvaluator } from '../../lib/iam-model';
import { SUBJECT, makeKey, terraformFixture, type TestKey } from '../emulator/helpers';
import { groupRef, policy, renameRuleGroup, roleRef, withGrants } from '../permissions/grants-fixture';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('k1');
});

const ALLOW_ALL_OBS = { Effect: 'Allow', Action: ['obs:*:*'] };

/** default/oidc-token → group demo, which holds one custom policy (all projects) with `statements`. */
function terraform(...statements: Array<Record<string, unknown>>): Record<string, unknown> {
  const doc = terraformFixture({
    keys: [key.publicJwk],
    rules: [{ local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT] }] }],
  });
  return renameRuleGroup(withGrants(doc, {
    groups: [{ addr: 'demo_G', name: 'demo' }],
    customRoles: [{ addr: 'p_R', name: 'p', policy: policy(...statements) }],
    assignments: [{ addr: 'a_A', groupId: groupRef('demo_G', 'id'), roleId: roleRef('p_R'), projectId: 'all' }],
  }), 'demo', groupRef('demo_G', 'name'));
}

function ask(doc: object, options: Partial<ExplainPermissionOptions>) {
  return explainPermission(doc, { serviceAccount: 'default/oidc-token', action: 'obs:object:GetObject', global: true, ...options });
}

const denySecret = (resource: string) => terraform(ALLOW_ALL_OBS, { Effect: 'Deny', Action: ['obs:object:GetObject'], Resource: [resource] });

describe('a Deny pattern with invisible characters, odd case or spaces still denies (uncertain, never allowed)', () => {
  test.each([
    ['a zero-width space', 'obs:*:*:object:se\u200Bcret/*'],
    ['a byte-order mark', '\uFEFFobs:*:*:object:secret/*'],
    ['a trailing space', 'obs:*:*:object:secret/* '],
    ['a case difference in the path', 'obs:*:*:object:SECRET/*'],
    ['a "?" IAM may read either way', 'obs:*:*:object:secre?/*'],
    // Default-ignorable code points the declaration's checks refuse too (lib/contract/invisible.ts).
    ['a Hangul filler U+3164', 'obs:*:*:object:se\u3164cret/*'],
    ['a variation selector U+FE0F', 'obs:*:*:object:secret\uFE0F/*'],
    ['a combining grapheme joiner U+034F', 'obs:*:*:object:\u034Fsecret/*'],
  ])('%s', (_, resource) => {
    const report = ask(denySecret(resource), { resource: 'obs:*:*:object:secret/a.csv' });
    expect(report.allowed).toBe(false);
    expect(report.verdicts[0].reported.basis).toBe('possible-deny');
  });

  test('an Allow with an invisible character does not allow', () => {
    const report = ask(terraform({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:pub\u200Blic/*'] }),
      { resource: 'obs:*:*:object:public/a' });
    expect(report.allowed).toBe(false);
  });

  test('a Deny action pattern with an invisible character still denies', () => {
    const report = ask(terraform(ALLOW_ALL_OBS, { Effect: 'Deny', Action: ['obs:object:Get\u200BObject'] }), { resource: 'obs:*:*:object:x/a' });
    expect(report.allowed).toBe(false);
  });

  test('a Deny action pattern with a Hangul filler (U+3164) still denies: possibly, never a false "allowed"', () => {
    const report = ask(terraform(ALLOW_ALL_OBS, { Effect: 'Deny', Action: ['obs:object:Get\u3164Object'] }), { resource: 'obs:*:*:object:x/a' });
    expect(report.allowed).toBe(false);
    expect(report.verdicts[0].reported.basis).toBe('possible-deny');
  });

  test('a malformed Deny pattern may deny', () => {
    const report = ask(terraform(ALLOW_ALL_OBS, { Effect: 'Deny', Action: ['obs:*'] }), { resource: 'obs:*:*:object:x/a' });
    expect(report.allowed).toBe(false);
  });
});

describe('a wildcard in the asked resource asks about a set', () => {
  const doc = () => denySecret('obs:*:*:object:secret/*');

  const sets = ['OBS:*:*:object:*', 'obs:*:*:object:secret*', 'obs:*:*:object:?ecret/x', 'obs:*:*:*:secret/a'];
  test.each(sets)('%s is denied by the Deny it meets', (resource) => {
    const report = ask(doc(), { resource });
    expect(report.allowed).toBe(false);
    expect(report.verdicts[0].reported.basis).toBe('explicit-deny');
  });

  test('a set the Deny does not meet is allowed when an Allow covers it all', () => {
    expect(ask(doc(), { resource: 'obs:*:*:object:public/*' }).allowed).toBe(true);
  });

  test('an Allow covering only part of the set does not allow the set, and says so', () => {
    const partial = terraform({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:public/*'] });
    const report = ask(partial, { resource: 'obs:*:*:object:*' });
    expect(report.allowed).toBe(false);
    expect(formatPermissionReport(report)).toMatch(/covers only part of the asked resources/);
    expect(ask(partial, { resource: 'obs:*:*:object:public/?' }).allowed).toBe(true);
  });
});

describe('the region of a URN', () => {
  const doc = () => denySecret('obs:cn-north-4:*:object:secret/*');

  test('a Deny for one region applies when the question leaves the region open', () => {
    expect(ask(doc(), { resource: 'obs:*:*:object:secret/a' }).allowed).toBe(false);
  });

  test('an Allow for one region does not allow a question about every region', () => {
    const regional = terraform({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:cn-north-4:*:object:*'] });
    expect(ask(regional, { resource: 'obs:*:*:object:a' }).allowed).toBe(false);
    expect(ask(regional, { resource: 'obs:cn-north-4:*:object:a' }).allowed).toBe(true);
  });
});

describe('the asked action and resource are refused when they hide characters', () => {
  test.each([
    ['obs:object:Get\u200BObject', /--can: action .* U\+200B/],
    ['obs:object:GetObjec\u0442', /--can: action .*non-ASCII character U\+0442/],
    ['obs:object:Get?bject', /--can: action .* without wildcards/],
  ])('action %j', (action, message) => {
    expect(() => ask(denySecret('obs:*:*:object:*'), { action })).toThrow(message);
    expect(() => ask(denySecret('obs:*:*:object:*'), { action })).toThrow(EmulatorConfigError);
  });

  test('a resource with an invisible character', () => {
    expect(() => ask(denySecret('obs:*:*:object:*'), { resource: 'obs:*:*:object:se\u200Bcret/a' })).toThrow(/--resource: .*U\+200B at position 17/);
  });

  test('a Deny limited to resources makes a question naming no resource uncertain, not allowed', () => {
    const report = ask(denySecret('obs:*:*:object:secret/*'), {});
    expect(report.allowed).toBe(false);
    expect(report.verdicts[0].reported.basis).toBe('possible-deny');
  });
});

describe('the evaluator, directly', () => {
  test('a Condition it cannot evaluate makes a Deny uncertain, never dropped', () => {
    const doc = PolicyEvaluator.parse(policy(ALLOW_ALL_OBS, {
      Effect: 'Deny', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:*'], Condition: { StringEquals: { 'g:UserName': ['x'] } },
    }), 'p');
    const d = PolicyEvaluator.evaluate({ action: 'obs:object:GetObject', resource: 'obs:*:*:object:a' }, [{ ref: 'g', document: doc }]);
    expect(d).toMatchObject({ allowed: false, basis: 'possible-deny' });
  });
});

describe('a ServiceAccount admitted by a provider AND bound by a pod identity association', () => {
  /** OIDC: group demo may not read; pod identity: the agency may. */
  function both(): Record<string, unknown> {
    const doc = terraform({ Effect: 'Allow', Action: ['ecs:*:*'] }) as { resource: Record<string, Record<string, unknown>> };
    doc.resource.huaweicloud_identity_role.agency_R = {
      name: 'agency-read', type: 'AX', policy: policy({ Effect: 'Allow', Action: ['obs:object:GetObject'], Resource: ['obs:*:*:object:b/*'] }),
    };
    doc.resource.huaweicloud_identity_agency = {
      ag: { name: 'reader-agency', delegated_service_name: 'op_svc_cce', domain_roles: ['${huaweicloud_identity_role.agency_R.name}'] },
    };
    doc.resource.huaweicloud_cce_cluster_pod_identity_association = {
      assoc: { cluster_id: 'c1', namespace: 'default', service_account: 'oidc-token', agency_name: '${huaweicloud_identity_agency.ag.name}' },
    };
    return doc;
  }

  test('each identity is reported, and the pod is allowed when any identity it may hold is', () => {
    const report = ask(both(), { resource: 'obs:*:*:object:b/x' });
    expect(report.verdicts.map((v) => [v.agency ?? v.provider, v.allowed])).toEqual([['workload_identity', false], ['reader-agency', true]]);
    expect(report.allowed).toBe(true);
    const text = formatPermissionReport(report);
    expect(text.split('\n')[0]).toMatch(/^allowed: .* with one of its 2 identities — allowed as agency "reader-agency"/);
    expect(text).toMatch(/\ndenied: .*\n {2}identity: provider "workload_identity"/);
  });

  test('denied for the pod only when every identity is denied', () => {
    const report = ask(both(), { resource: 'obs:*:*:object:other/x' });
    expect(report.allowed).toBe(false);
    expect(formatPermissionReport(report).split('\n')[0]).toMatch(/^denied: .* none of them is allowed/);
  });
});
