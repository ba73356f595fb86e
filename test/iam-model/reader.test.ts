/**
 * The model's one reader: the three input forms give the same model, and hostile inputs (deep
 * nesting, huge files, too many blocks, a FIFO) give a coded error naming the file and the limit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorConfigError } from '../../lib/testing';
import { loadTerraform, type LoadedTerraform } from '../../lib/iam-model';
import { SUBJECT, makeKey, terraformFixture, type TestKey } from '../emulator/helpers';
import { groupRef, policy, renameRuleGroup, roleRef, withGrants } from '../permissions/grants-fixture';

let key: TestKey;
let dir: string;
beforeAll(async () => {
  key = await makeKey('k1');
  dir = mkdtempSync(join(tmpdir(), 'iam-model-reader-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

function synthesized(): { resource: Blocks; data?: Blocks } {
  const doc = terraformFixture({
    keys: [key.publicJwk],
    rules: [{ local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT] }] }],
  });
  return renameRuleGroup(withGrants(doc, {
    groups: [{ addr: 'demo_G', name: 'demo' }],
    customRoles: [{ addr: 'p_R', name: 'p', policy: policy({ Effect: 'Allow', Action: ['obs:*:*'] }) }],
    systemRoles: [{ addr: 's_R', displayName: 'OBS ReadOnlyAccess' }],
    assignments: [{ addr: 'a_A', groupId: groupRef('demo_G', 'id'), roleId: roleRef('p_R'), projectId: 'all' },
      { addr: 'b_A', groupId: groupRef('demo_G', 'id'), roleId: roleRef('s_R', true), domainId: 'd0' }],
  }), 'demo', groupRef('demo_G', 'name')) as { resource: Blocks; data?: Blocks };
}

/** What apply would record: references replaced by values (ids `id-<name>`, names), unset as null/"". */
function applied(doc: { resource: Blocks; data?: Blocks }): Array<{ mode: string; type: string; name: string; values: Record<string, unknown> }> {
  const all = [...Object.entries(doc.resource).map(([t, b]) => ['managed', t, b] as const),
    ...Object.entries(doc.data ?? {}).map(([t, b]) => ['data', t, b] as const)];
  const blockAt = (data: boolean, type: string, name: string) => (data ? doc.data : doc.resource)?.[type]?.[name] ?? {};
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\$\{(data\.)?([a-z_]+)\.([A-Za-z0-9_-]+)\.(id|name|display_name)\}/g, (_, d, type: string, name: string, attr: string) => {
        const block = blockAt(d !== undefined, type, name);
        if (type === 'huaweicloud_identity_provider') return String(block.name);
        return attr === 'id' ? `id-${name}` : String(block[attr]);
      });
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, resolve(v)]));
    }
    return value;
  };
  return all.flatMap(([mode, type, blocks]) => Object.entries(blocks).filter(([name]) => !name.startsWith('//')).map(([name, block]) => ({
    mode, type, name, values: { id: `id-${name}`, description: '', enterprise_project_id: null, ...(resolve(block) as Record<string, unknown>) },
  })));
}

function summary(model: LoadedTerraform): unknown {
  return {
    providers: model.providers.map((p) => ({ name: p.name, issuer: p.issuer, clientId: p.clientId, keys: p.jwks?.keys.length, rules: p.rules })),
    groups: model.grants.groups.map((g) => g.name),
    roles: model.grants.roles.map((r) => `${r.kind}:${r.kind === 'custom' ? r.name : r.displayName ?? ''}`),
    assignments: model.grants.assignments.map((a) => [a.group?.name, a.role?.kind, a.scope]),
  };
}

describe('one model from the three forms', () => {
  test('cdk.tf.json, terraform show -json (resources in a child module too) and a tfstate read alike', () => {
    const cdk = synthesized();
    const resources = applied(cdk);
    const [first, ...rest] = resources;
    const show = {
      format_version: '1.0',
      values: { root_module: { resources: [first], child_modules: [{ address: 'module.iam', resources: rest }] } },
    };
    const state = {
      version: 4, terraform_version: '1.9.0',
      resources: resources.map((r) => ({ mode: r.mode, type: r.type, name: r.name, provider: 'x', instances: [{ attributes: r.values }] })),
    };
    const expected = summary(loadTerraform(cdk));
    expect(expected).toMatchObject({
      groups: ['demo'], assignments: [['demo', 'custom', { kind: 'all-projects' }], ['demo', 'system', expect.anything()]],
    });
    expect(summary(loadTerraform(show))).toEqual(expected);
    expect(summary(loadTerraform(state))).toEqual(expected);
    const file = join(dir, 'terraform.tfstate');
    writeFileSync(file, JSON.stringify(state));
    expect(summary(loadTerraform(file))).toEqual(expected);
  });
});

describe('limits: a coded error naming the file, the limit and a fix', () => {
  function expectCoded(run: () => unknown, pattern: RegExp): void {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmulatorConfigError);
    expect((caught as Error).message).toMatch(pattern);
  }

  test('a file nested thousands of levels deep', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"resource":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectCoded(() => loadTerraform(file), /deep\.json nests JSON deeper than 64 levels \(at position 75\)/);
  });

  test('brackets inside strings do not count', () => {
    const file = join(dir, 'strings.json');
    writeFileSync(file, JSON.stringify({ variable: { x: { default: `${'['.repeat(1000)}"\\` } } }));
    expect(loadTerraform(file).providers).toEqual([]);
  });

  test('a signing key nested thousands of levels deep', () => {
    const doc = synthesized();
    const provider = Object.values(doc.resource.huaweicloud_identity_provider).find((b) => 'access_config' in b) as { access_config: unknown };
    const config = (Array.isArray(provider.access_config) ? provider.access_config[0] : provider.access_config) as Record<string, unknown>;
    config.signing_key = `{"keys":[${'['.repeat(5000)}${']'.repeat(5000)}]}`;
    expectCoded(() => loadTerraform(doc), /signing_key nests JSON deeper than 64 levels/);
  });

  test('a policy nested thousands of levels deep', () => {
    const doc = synthesized();
    (doc.resource.huaweicloud_identity_role.p_R as Record<string, unknown>).policy = `{"Version":"1.1","Statement":${'['.repeat(5000)}]}`;
    expectCoded(() => loadTerraform(doc), /p_R\.policy nests JSON deeper than 64 levels/);
  });

  test('a cdk.tf.json with 400,000 groups', () => {
    const doc = synthesized();
    const groups: Record<string, unknown> = {};
    for (let i = 0; i < 400_000; i += 1) groups[`g${i}`] = { name: `g${i}` };
    doc.resource.huaweicloud_identity_group = groups as Record<string, Record<string, unknown>>;
    expectCoded(() => loadTerraform([doc]), /<object #0> declares more than 100000 identity blocks .*; split the stack/);
  });

  test('a file over the size cap is refused before it is read', () => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 64 * 1024 * 1024 + 1);
    expectCoded(() => loadTerraform(file), /huge\.json is 67108865 bytes, over the 67108864 bytes the reader accepts; pass one synthesized stack/);
  });

  test('a FIFO is refused without blocking', () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expectCoded(() => loadTerraform(fifo), /fifo\.json is a FIFO \(named pipe\), not a regular file/);
  });
});
