import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_OUTS, DEFAULT_SCHEMA, generateBindings, TOOLCHAINS, type Toolchain } from '../../scripts/gen-provider';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

describe('generated Huawei Cloud provider bindings', () => {
  test.each(TOOLCHAINS)('the committed %s bindings are exactly what `npm run gen:provider` produces from the committed schema', async (toolchain) => {
    const out = mkdtempSync(join(tmpdir(), 'gen-'));
    try {
      const fresh = await generateBindings(DEFAULT_SCHEMA, out, toolchain);
      const committed = join(DEFAULT_OUTS[toolchain], 'huaweicloud');
      const list = (d: string) => files(d).map((f) => relative(d, f)).sort();
      expect(list(fresh)).toEqual(list(committed));
      for (const f of list(committed)) {
        expect({ file: f, text: readFileSync(join(fresh, f), 'utf8') }).toEqual({ file: f, text: readFileSync(join(committed, f), 'utf8') });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('both toolchains\' bindings import only their own toolchain and expose the same classes, props and members', () => {
    const committed = (toolchain: Toolchain): string[] =>
      files(join(DEFAULT_OUTS[toolchain], 'huaweicloud')).map((f) => relative(DEFAULT_OUTS[toolchain], f)).sort();
    expect(committed('cdktn')).toEqual(committed('cdktf'));
    const other = { cdktf: 'cdktn', cdktn: 'cdktf' } as const;
    for (const toolchain of TOOLCHAINS) {
      const mixed = committed(toolchain)
        .filter((f) => new RegExp(`from '${other[toolchain]}'`).test(readFileSync(join(DEFAULT_OUTS[toolchain], f), 'utf8')));
      expect({ toolchain, mixed }).toEqual({ toolchain, mixed: [] });
    }
    // Declarations (exported classes and interfaces, their public members and props) are the same names in both trees.
    const surface = (toolchain: Toolchain, f: string): string[] => readFileSync(join(DEFAULT_OUTS[toolchain], f), 'utf8')
      .split('\n').map((line) => /^\s*(?:export (?:class|interface|function) (\w+)|(?:public |readonly )*(?:get |set )?(\w+)\??\s*[(:])/.exec(line))
      .flatMap((m) => (m ? [m[1] ?? m[2]!] : []));
    for (const f of committed('cdktf')) expect({ f, names: surface('cdktn', f) }).toEqual({ f, names: surface('cdktf', f) });
    expect(surface('cdktf', join('huaweicloud', 'identity-provider', 'index.ts')))
      .toEqual(expect.arrayContaining(['IdentityProvider', 'IdentityProviderConfig', 'accessConfig']));
  });

  test('the schema covers the provider block and every resource and data source the library needs', () => {
    const schema = JSON.parse(readFileSync(DEFAULT_SCHEMA, 'utf8'));
    const p = schema.provider_schemas['registry.terraform.io/huaweicloud/huaweicloud'];
    expect(Object.keys(p.provider.block.attributes)).toEqual(expect.arrayContaining(['region', 'access_key', 'secret_key', 'project_id']));
    expect(Object.keys(p.resource_schemas)).toEqual(
      expect.arrayContaining([
        'huaweicloud_identity_provider',
        'huaweicloud_identity_provider_conversion',
        'huaweicloud_identity_group',
        'huaweicloud_identity_group_role_assignment',
        'huaweicloud_identity_role',
      ]),
    );
    expect(Object.keys(p.data_source_schemas)).toEqual(
      expect.arrayContaining(['huaweicloud_identity_role', 'huaweicloud_identity_projects', 'huaweicloud_identity_group']),
    );
    const access = p.resource_schemas.huaweicloud_identity_provider.block.block_types.access_config;
    expect(access).toMatchObject({ nesting_mode: 'list', max_items: 1 });
    for (const a of ['access_type', 'provider_url', 'client_id', 'signing_key']) expect(access.block.attributes[a].required).toBe(true);
  });
});
