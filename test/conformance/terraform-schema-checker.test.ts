/**
 * The Terraform schema checker catches each class of error (so the conformance tests cannot pass
 * vacuously): every case starts from a document that conforms and breaks one thing.
 */
import {
  assertTerraformConformsToSchema, isInterpolation, ProviderSchemasDocument, TerraformSchemaIssueKind, validateTerraformJson,
} from '../../lib/testing/terraform-schema';
import { providerSchema } from './helpers';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const IDP = 'huaweicloud_identity_provider';
const CONV = 'huaweicloud_identity_provider_conversion';

/** A small document that conforms to the committed schema. */
function validDoc(): Doc {
  return {
    '//': { metadata: { version: '0.21.0' } },
    terraform: { required_providers: { huaweicloud: { source: 'huaweicloud/huaweicloud', version: '~> 1.97' } } },
    provider: {
      huaweicloud: [
        {
          region: 'cn-north-4',
          max_retries: 3,
          insecure: false,
          endpoints: { iam: 'https://iam.example' },
          ignore_tags: ['a'],
          assume_role_with_oidc: { idp_id: 'p', agency_name: 'a', domain_id: 'd' },
        },
      ],
    },
    data: { huaweicloud_identity_role: { reader: { name: 'obs_adm' } } },
    resource: {
      [IDP]: {
        p: {
          '//': { metadata: { path: 'x' } },
          name: 'workload_identity',
          protocol: 'oidc',
          status: true,
          access_config: {
            access_type: 'program',
            provider_url: 'https://kubernetes.default.svc.cluster.local',
            client_id: 'c',
            signing_key: '{"keys":[]}',
          },
        },
      },
      [CONV]: {
        c: {
          provider_id: '${huaweicloud_identity_provider.p.id}',
          depends_on: ['huaweicloud_identity_provider.p'],
          conversion_rules: [
            {
              local: [{ username: 'u' }, { group: 'g' }],
              remote: [{ attribute: 'sub', condition: 'any_one_of', value: ['system:serviceaccount:default:x'] }],
            },
          ],
        },
      },
      huaweicloud_identity_group_role_assignment: {
        a: { group_id: 'g', role_id: '${data.huaweicloud_identity_role.reader.id}', project_id: 'all', timeouts: { create: '5m' } },
      },
    },
  };
}

const schema = providerSchema();
const idp = (d: Doc): Doc => d.resource[IDP].p;
const rule = (d: Doc): Doc => d.resource[CONV].c.conversion_rules[0];

const cases: ReadonlyArray<{ name: string; kind: TerraformSchemaIssueKind; path: string; break: (d: Doc) => void }> = [
  {
    name: 'unknown resource argument',
    kind: 'unknown-argument',
    path: `resource.${IDP}.p.client_id`,
    break: (d) => {
      idp(d).client_id = 'c';
    },
  },
  {
    name: 'unknown argument in a nested block',
    kind: 'unknown-argument',
    path: `resource.${IDP}.p.access_config[0].audience`,
    break: (d) => {
      idp(d).access_config.audience = 'c';
    },
  },
  {
    name: 'unknown argument in a doubly nested block',
    kind: 'unknown-argument',
    path: `resource.${CONV}.c.conversion_rules[0].remote[0].type`,
    break: (d) => {
      rule(d).remote[0].type = 'sub';
    },
  },
  {
    name: 'unknown data source argument',
    kind: 'unknown-argument',
    path: 'data.huaweicloud_identity_role.reader.policy_name',
    break: (d) => {
      d.data.huaweicloud_identity_role.reader.policy_name = 'x';
    },
  },
  {
    name: 'unknown provider argument',
    kind: 'unknown-argument',
    path: 'provider.huaweicloud[0].regionn',
    break: (d) => {
      d.provider.huaweicloud[0].regionn = 'x';
    },
  },
  {
    name: 'missing required argument',
    kind: 'missing-required',
    path: `resource.${CONV}.c.provider_id`,
    break: (d) => {
      delete d.resource[CONV].c.provider_id;
    },
  },
  {
    name: 'required argument set to null',
    kind: 'missing-required',
    path: `resource.${IDP}.p.name`,
    break: (d) => {
      idp(d).name = null;
    },
  },
  {
    name: 'missing required argument in a nested block',
    kind: 'missing-required',
    path: `resource.${IDP}.p.access_config[0].signing_key`,
    break: (d) => {
      delete idp(d).access_config.signing_key;
    },
  },
  {
    name: 'missing required argument in a provider block',
    kind: 'missing-required',
    path: 'provider.huaweicloud[0].assume_role_with_oidc[0].idp_id',
    break: (d) => {
      delete d.provider.huaweicloud[0].assume_role_with_oidc.idp_id;
    },
  },
  {
    name: 'missing required argument of a remote rule',
    kind: 'missing-required',
    path: `resource.${CONV}.c.conversion_rules[0].remote[0].attribute`,
    break: (d) => {
      delete rule(d).remote[0].attribute;
    },
  },
  {
    name: 'number for a string',
    kind: 'wrong-type',
    path: `resource.${IDP}.p.name`,
    break: (d) => {
      idp(d).name = 42;
    },
  },
  {
    name: 'bool for a string',
    kind: 'wrong-type',
    path: `resource.${IDP}.p.protocol`,
    break: (d) => {
      idp(d).protocol = true;
    },
  },
  {
    name: 'string for a bool',
    kind: 'wrong-type',
    path: `resource.${IDP}.p.status`,
    break: (d) => {
      idp(d).status = 'yes';
    },
  },
  {
    name: 'string for a number',
    kind: 'wrong-type',
    path: 'provider.huaweicloud[0].max_retries',
    break: (d) => {
      d.provider.huaweicloud[0].max_retries = 'three';
    },
  },
  {
    name: 'string for a list',
    kind: 'wrong-type',
    path: `resource.${CONV}.c.conversion_rules[0].remote[0].value`,
    break: (d) => {
      rule(d).remote[0].value = 'system:serviceaccount:default:x';
    },
  },
  {
    name: 'wrong element type in a list',
    kind: 'wrong-type',
    path: `resource.${CONV}.c.conversion_rules[0].remote[0].value[1]`,
    break: (d) => {
      rule(d).remote[0].value.push(7);
    },
  },
  {
    name: 'list for a map',
    kind: 'wrong-type',
    path: 'provider.huaweicloud[0].endpoints',
    break: (d) => {
      d.provider.huaweicloud[0].endpoints = ['iam'];
    },
  },
  {
    name: 'wrong value type in a map',
    kind: 'wrong-type',
    path: 'provider.huaweicloud[0].endpoints.iam',
    break: (d) => {
      d.provider.huaweicloud[0].endpoints.iam = { url: 'x' };
    },
  },
  {
    name: 'object for a list of strings',
    kind: 'wrong-type',
    path: 'provider.huaweicloud[0].ignore_tags',
    break: (d) => {
      d.provider.huaweicloud[0].ignore_tags = { a: 'b' };
    },
  },
  {
    name: 'too many blocks (max_items 1)',
    kind: 'too-many-blocks',
    path: `resource.${IDP}.p.access_config`,
    break: (d) => {
      idp(d).access_config = [idp(d).access_config, idp(d).access_config];
    },
  },
  {
    name: 'too many blocks in a provider block (max_items 1)',
    kind: 'too-many-blocks',
    path: 'provider.huaweicloud[0].assume_role_with_oidc',
    break: (d) => {
      const b = d.provider.huaweicloud[0].assume_role_with_oidc;
      d.provider.huaweicloud[0].assume_role_with_oidc = [b, b];
    },
  },
  {
    name: 'too many single-nested blocks',
    kind: 'too-many-blocks',
    path: 'resource.huaweicloud_identity_group_role_assignment.a.timeouts',
    break: (d) => {
      const r = d.resource.huaweicloud_identity_group_role_assignment.a;
      r.timeouts = [r.timeouts, r.timeouts];
    },
  },
  {
    name: 'too few blocks: required block missing',
    kind: 'too-few-blocks',
    path: `resource.${CONV}.c.conversion_rules`,
    break: (d) => {
      delete d.resource[CONV].c.conversion_rules;
    },
  },
  {
    name: 'too few blocks: empty list',
    kind: 'too-few-blocks',
    path: `resource.${CONV}.c.conversion_rules`,
    break: (d) => {
      d.resource[CONV].c.conversion_rules = [];
    },
  },
  {
    name: 'too few nested blocks',
    kind: 'too-few-blocks',
    path: `resource.${CONV}.c.conversion_rules[0].local`,
    break: (d) => {
      rule(d).local = [];
    },
  },
  {
    name: 'a block given as a string',
    kind: 'wrong-nesting',
    path: `resource.${IDP}.p.access_config[0]`,
    break: (d) => {
      idp(d).access_config = 'program';
    },
  },
  {
    name: 'a block given as a number inside a list',
    kind: 'wrong-nesting',
    path: `resource.${CONV}.c.conversion_rules[0].local[0]`,
    break: (d) => {
      rule(d).local[0] = 1;
    },
  },
  {
    name: 'computed-only attribute set',
    kind: 'computed-only',
    path: `resource.${IDP}.p.login_link`,
    break: (d) => {
      idp(d).login_link = 'https://example';
    },
  },
  {
    name: 'computed-only attribute of a data source set',
    kind: 'computed-only',
    path: 'data.huaweicloud_identity_role.reader.policy',
    break: (d) => {
      d.data.huaweicloud_identity_role.reader.policy = '{}';
    },
  },
  {
    name: 'unknown resource type',
    kind: 'unknown-resource-type',
    path: 'resource.huaweicloud_identity_providers',
    break: (d) => {
      d.resource.huaweicloud_identity_providers = { x: {} };
    },
  },
  {
    name: 'unknown data source',
    kind: 'unknown-data-source',
    path: 'data.huaweicloud_identity_user',
    break: (d) => {
      d.data.huaweicloud_identity_user = { x: {} };
    },
  },
  {
    name: 'resource of a provider without schema',
    kind: 'unknown-provider',
    path: 'resource.aws_iam_role',
    break: (d) => {
      d.resource.aws_iam_role = { x: {} };
    },
  },
  {
    name: 'provider block without schema',
    kind: 'unknown-provider',
    path: 'provider.aws',
    break: (d) => {
      d.provider.aws = [{ region: 'x' }];
    },
  },
  {
    name: 'resource instances not an object',
    kind: 'malformed',
    path: `resource.${IDP}`,
    break: (d) => {
      d.resource[IDP] = [];
    },
  },
];

test('the base document conforms (every case below breaks exactly one thing)', () => {
  expect(validateTerraformJson(validDoc(), schema)).toEqual([]);
  expect(() => assertTerraformConformsToSchema(validDoc(), schema)).not.toThrow();
});

test.each(cases)('catches: $name', ({ kind, path, break: breakIt }) => {
  const doc = validDoc();
  breakIt(doc);
  const issues = validateTerraformJson(doc, schema);
  expect(issues).toContainEqual(expect.objectContaining({ kind, path }));
  expect(() => assertTerraformConformsToSchema(doc, schema)).toThrow(path);
});

test('every issue class is exercised', () => {
  const kinds = new Set(cases.map((c) => c.kind));
  const all: TerraformSchemaIssueKind[] = [
    'unknown-argument',
    'missing-required',
    'wrong-type',
    'too-few-blocks',
    'too-many-blocks',
    'wrong-nesting',
    'computed-only',
    'unknown-resource-type',
    'unknown-data-source',
    'unknown-provider',
    'malformed',
  ];
  for (const k of all) expect(kinds).toContain(k);
});

describe('interpolations', () => {
  test('are accepted wherever a value goes: strings, bools, numbers, lists, maps, list elements and whole blocks', () => {
    const doc = validDoc();
    idp(doc).status = '${var.enabled}';
    d0(doc).max_retries = '${var.retries}';
    d0(doc).endpoints = '${local.endpoints}';
    d0(doc).ignore_tags = ['${var.tag}'];
    rule(doc).remote[0].value = '${var.subjects}';
    rule(doc).local = ['${local.identity}'];
    idp(doc).access_config = '${local.access}';
    expect(validateTerraformJson(doc, schema)).toEqual([]);
    expect(isInterpolation('${a.b}')).toBe(true);
    expect(isInterpolation('prefix ${a.b}')).toBe(false);
  });

  test('a string that merely contains an interpolation is still a string', () => {
    const doc = validDoc();
    idp(doc).status = 'x ${var.enabled}';
    expect(validateTerraformJson(doc, schema)).toContainEqual(expect.objectContaining({ kind: 'wrong-type', path: `resource.${IDP}.p.status` }));
  });

  function d0(doc: Doc): Doc {
    return doc.provider.huaweicloud[0];
  }
});

test('implicit primitive conversions are reported unless allowed', () => {
  const doc = validDoc();
  idp(doc).status = 'true';
  doc.provider.huaweicloud[0].max_retries = '3';
  idp(doc).description = 5;
  expect(validateTerraformJson(doc, schema).map((i) => i.kind)).toEqual(['wrong-type', 'wrong-type', 'wrong-type']);
  expect(validateTerraformJson(doc, schema, { allowImplicitConversions: true })).toEqual([]);
});

test('other providers can be ignored', () => {
  const doc = validDoc();
  doc.resource.aws_iam_role = { x: { name: 1 } };
  doc.provider.aws = [{ region: 'x' }];
  expect(validateTerraformJson(doc, schema, { ignoreUnknownProviders: true })).toEqual([]);
});

describe('other cty types and nesting modes (synthetic schema)', () => {
  const synthetic: ProviderSchemasDocument = {
    format_version: '1.0',
    provider_schemas: {
      'registry.terraform.io/acme/acme': {
        provider: { block: {} },
        resource_schemas: {
          acme_thing: {
            block: {
              attributes: {
                tags: { type: ['set', 'string'], optional: true },
                limits: { type: ['map', 'number'], optional: true },
                owner: { type: ['object', { name: 'string', age: 'number' }], optional: true },
                pair: { type: ['tuple', ['string', 'bool']], optional: true },
                anything: { type: 'dynamic', optional: true },
                nested: {
                  nested_type: { nesting_mode: 'list', max_items: 1, attributes: { x: { type: 'string', required: true } } },
                  optional: true,
                },
              },
              block_types: {
                settings: { nesting_mode: 'single', block: { attributes: { mode: { type: 'string', required: true } } } },
                labelled: { nesting_mode: 'map', block: { attributes: { port: { type: 'number', optional: true } } } },
                grouped: { nesting_mode: 'group', block: { attributes: { x: { type: 'bool', optional: true } } } },
                rules: { nesting_mode: 'set', min_items: 2, max_items: 3, block: { attributes: { v: { type: 'string', optional: true } } } },
              },
            },
          },
        },
      },
    },
  };
  const base = (): Doc => ({
    resource: {
      acme_thing: {
        t: {
          tags: ['a', 'b'], limits: { cpu: 2 }, owner: { name: 'n', age: 3 }, pair: ['x', true], anything: { deep: [1, 'x'] },
          nested: [{ x: 'y' }], settings: { mode: 'm' }, labelled: { http: { port: 80 } }, grouped: { x: true }, rules: [{ v: 'a' }, { v: 'b' }],
        },
      },
    },
  });
  const t = (d: Doc): Doc => d.resource.acme_thing.t;

  test('the synthetic base conforms', () => {
    expect(validateTerraformJson(base(), synthetic)).toEqual([]);
  });

  test.each<[string, TerraformSchemaIssueKind, string, (d: Doc) => void]>([
    [
      'set element of the wrong type',
      'wrong-type',
      'resource.acme_thing.t.tags[1]',
      (d) => {
        t(d).tags[1] = false;
      },
    ],
    [
      'map value of the wrong type',
      'wrong-type',
      'resource.acme_thing.t.limits.cpu',
      (d) => {
        t(d).limits.cpu = 'two';
      },
    ],
    [
      'object missing an attribute',
      'missing-required',
      'resource.acme_thing.t.owner.age',
      (d) => {
        delete t(d).owner.age;
      },
    ],
    [
      'object with an unknown attribute',
      'unknown-argument',
      'resource.acme_thing.t.owner.email',
      (d) => {
        t(d).owner.email = 'x';
      },
    ],
    [
      'object attribute of the wrong type',
      'wrong-type',
      'resource.acme_thing.t.owner.age',
      (d) => {
        t(d).owner.age = 'old';
      },
    ],
    [
      'tuple of the wrong length',
      'wrong-type',
      'resource.acme_thing.t.pair',
      (d) => {
        t(d).pair = ['x'];
      },
    ],
    [
      'tuple element of the wrong type',
      'wrong-type',
      'resource.acme_thing.t.pair[1]',
      (d) => {
        t(d).pair[1] = 'yes';
      },
    ],
    [
      'nested attribute: too many',
      'too-many-blocks',
      'resource.acme_thing.t.nested',
      (d) => {
        t(d).nested = [{ x: 'a' }, { x: 'b' }];
      },
    ],
    [
      'nested attribute: missing required',
      'missing-required',
      'resource.acme_thing.t.nested[0].x',
      (d) => {
        t(d).nested = [{}];
      },
    ],
    [
      'single block missing required',
      'missing-required',
      'resource.acme_thing.t.settings.mode',
      (d) => {
        t(d).settings = {};
      },
    ],
    [
      'single block given twice',
      'too-many-blocks',
      'resource.acme_thing.t.settings',
      (d) => {
        t(d).settings = [{ mode: 'a' }, { mode: 'b' }];
      },
    ],
    [
      'group block with an unknown argument',
      'unknown-argument',
      'resource.acme_thing.t.grouped.y',
      (d) => {
        t(d).grouped.y = 1;
      },
    ],
    [
      'map of blocks given as a list',
      'wrong-nesting',
      'resource.acme_thing.t.labelled',
      (d) => {
        t(d).labelled = [{ port: 1 }];
      },
    ],
    [
      'labelled block with the wrong type',
      'wrong-type',
      'resource.acme_thing.t.labelled.http.port',
      (d) => {
        t(d).labelled.http.port = 'eighty';
      },
    ],
    [
      'set of blocks below min_items',
      'too-few-blocks',
      'resource.acme_thing.t.rules',
      (d) => {
        t(d).rules = [{ v: 'a' }];
      },
    ],
    [
      'set of blocks above max_items',
      'too-many-blocks',
      'resource.acme_thing.t.rules',
      (d) => {
        t(d).rules = [{}, {}, {}, {}];
      },
    ],
    [
      'unknown block in dynamic',
      'unknown-block-type',
      'resource.acme_thing.t.dynamic.rulez',
      (d) => {
        t(d).dynamic = { rulez: { for_each: '${var.x}', content: {} } };
      },
    ],
  ])('catches: %s', (_name, kind, path, breakIt) => {
    const doc = base();
    breakIt(doc);
    expect(validateTerraformJson(doc, synthetic)).toContainEqual(expect.objectContaining({ kind, path }));
  });
});
