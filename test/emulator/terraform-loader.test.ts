import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIamEmulator } from '../../lib/testing/emulator';
import { EmulatorConfigError } from '../../lib/iam-model/iam-errors';
import { loadIdentityProviders, parseSigningKey } from '../../lib/iam-model/terraform-loader';
import { explain } from '../../lib/iam-model/explain/explain';
import { CLIENT_ID, ISSUER, PROVIDER, SUBJECT, makeKey, terraformFixture, type TestKey } from './helpers';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey('k1');
});

function expectConfigError(fn: () => unknown, code: string, messagePart: string | RegExp): EmulatorConfigError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EmulatorConfigError);
  const error = caught as EmulatorConfigError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(messagePart);
  return error;
}

describe('loadIdentityProviders', () => {
  test.each([
    ['object access_config, .id reference', { accessConfigAsArray: false, providerRef: 'id' as const }],
    ['array access_config, .name reference', { accessConfigAsArray: true, providerRef: 'name' as const }],
    ['literal provider_id', { providerRef: 'literal' as const }],
  ])('reads a provider and its rules (%s)', (_label, variant) => {
    const [provider] = loadIdentityProviders(terraformFixture({ keys: [key.publicJwk], ...variant }));
    expect(provider).toMatchObject({
      name: PROVIDER,
      protocol: 'oidc',
      enabled: true,
      accessType: 'program',
      issuer: ISSUER,
      clientId: CLIENT_ID,
      logicalId: 'workload-identity_provider_ABCD1234',
      conversionLogicalId: 'workload-identity_provider_ABCD1234_conversion',
      source: '<object #0>',
    });
    expect(provider.jwks?.keys[0].kid).toBe('k1');
    expect(provider.rules).toEqual([
      { local: [{ username: 'test' }, { group: 'demo' }], remote: [{ attribute: 'sub', condition: 'any_one_of', value: [SUBJECT] }] },
    ]);
  });

  test('status false disables the provider; status "true" string is tolerated', () => {
    const disabled = loadIdentityProviders(terraformFixture({ keys: [key.publicJwk], status: false }));
    expect(disabled[0].enabled).toBe(false);
    const doc = terraformFixture({ keys: [key.publicJwk] }) as {
      resource: { huaweicloud_identity_provider: Record<string, Record<string, unknown>> };
    };
    Object.values(doc.resource.huaweicloud_identity_provider)[0].status = 'true';
    expect(loadIdentityProviders(doc)[0].enabled).toBe(true);
  });

  test('reads files and merges several inputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-loader-'));
    try {
      const file = join(dir, 'cdk.tf.json');
      writeFileSync(file, JSON.stringify(terraformFixture({ keys: [key.publicJwk] })));
      const providers = loadIdentityProviders([file, terraformFixture({ keys: [key.publicJwk], name: 'second', logicalId: 'p2' })]);
      expect(providers.map((p) => [p.name, p.source])).toEqual([[PROVIDER, file], ['second', '<object #1>']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a provider without conversion has undefined rules', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as { resource: Record<string, unknown> };
    delete doc.resource.huaweicloud_identity_provider_conversion;
    expect(loadIdentityProviders(doc)[0].rules).toBeUndefined();
  });

  test('a non-literal signing_key is rejected with its address', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as {
      resource: { huaweicloud_identity_provider: Record<string, { access_config: Record<string, unknown> }> };
    };
    Object.values(doc.resource.huaweicloud_identity_provider)[0].access_config.signing_key = '${file("jwks.json")}';
    expectConfigError(
      () => loadIdentityProviders(doc),
      'ERR_EMULATOR_NON_LITERAL',
      /huaweicloud_identity_provider\.workload-identity_provider_ABCD1234\.access_config\.signing_key is a Terraform expression \(\$\{file\("jwks\.json"\)\}\)/,
    );
  });

  test('a provider_id expression other than a provider reference is rejected', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as {
      resource: { huaweicloud_identity_provider_conversion: Record<string, Record<string, unknown>> };
    };
    Object.values(doc.resource.huaweicloud_identity_provider_conversion)[0].provider_id = '${var.idp}';
    expectConfigError(() => loadIdentityProviders(doc), 'ERR_EMULATOR_NON_LITERAL', /provider_id is a Terraform expression/);
  });

  test('a conversion for an undeclared provider is rejected', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as {
      resource: { huaweicloud_identity_provider_conversion: Record<string, Record<string, unknown>> };
    };
    Object.values(doc.resource.huaweicloud_identity_provider_conversion)[0].provider_id = '${huaweicloud_identity_provider.nope.id}';
    expectConfigError(() => loadIdentityProviders(doc), 'ERR_EMULATOR_CONVERSION_INVALID', /resource huaweicloud_identity_provider\.nope/);
  });

  test('two conversions for one provider are rejected', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] }) as { resource: { huaweicloud_identity_provider_conversion: Record<string, unknown> } };
    const conversions = doc.resource.huaweicloud_identity_provider_conversion;
    conversions.extra = { ...(Object.values(conversions)[0] as object) };
    expectConfigError(() => loadIdentityProviders(doc), 'ERR_EMULATOR_CONVERSION_INVALID', /one mapping per provider/);
  });

  test('duplicate provider names across inputs are rejected', () => {
    const doc = terraformFixture({ keys: [key.publicJwk] });
    expectConfigError(() => loadIdentityProviders([doc, doc]), 'ERR_EMULATOR_DUPLICATE_PROVIDER', /declared twice/);
  });

  test('unreadable file and invalid JSON are reported', () => {
    expectConfigError(() => loadIdentityProviders('/nonexistent/cdk.tf.json'), 'ERR_EMULATOR_TERRAFORM_UNREADABLE', /cannot read \/nonexistent/);
    expectConfigError(() => loadIdentityProviders([]), 'ERR_EMULATOR_TERRAFORM_INVALID', /no Terraform input/);
  });

  describe('invalid JSON never echoes the input (a provider block may hold secret_key)', () => {
    const SECRET = 'supersecretvalue0123456789abcdef';
    const head =
      '{\n  "provider": {\n    "huaweicloud": [\n      {\n        "region": "cn-north-4",\n' +
      '        "access_key": "AKAKAKAKAKAKAKAKAKAK",\n        "secret_key": ';
    /** Every 8-character piece of the secret: none may appear in what the user is shown. */
    const expectNoSecret = (text: string): void => {
      for (let i = 0; i + 8 <= SECRET.length; i += 1) expect(text).not.toContain(SECRET.slice(i, i + 8));
    };
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'wi-loader-json-'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    test.each<[string, string, RegExp]>([
      // Node 20 quotes the input around an unexpected token (`..."ret_key": supersecre"...`).
      ['unquoted value', `${head}${SECRET}\n      }\n    ]\n  }\n}\n`, /is not valid JSON$/],
      ['single-quoted value', `${head}'${SECRET}'}]}}`, /is not valid JSON$/],
      ['missing comma', `${head}"${SECRET}" "x": 1 }]}}`, /is not valid JSON at line 7, column 58 \(position 182\)$/],
      ['trailing comma', `${head}"${SECRET}",}]}}`, /is not valid JSON at line 7, column 58 \(position 182\)$/],
      ['truncated string', `${head}"${SECRET.slice(0, 28)}`, /is not valid JSON at line 7, column 52 \(position 176\)$/],
      ['trailing garbage', `${head}"${SECRET}"}]}}${SECRET}`, /is not valid JSON at line 7, column 61 \(position 185\)$/],
      ['empty file', '', /is not valid JSON \(unexpected end of input\)$/],
    ])('%s', async (_label, text, message) => {
      const file = join(dir, `${_label.replace(/\W/g, '-')}.tf.json`);
      writeFileSync(file, text);
      const error = expectConfigError(() => loadIdentityProviders(file), 'ERR_EMULATOR_TERRAFORM_UNREADABLE', message);
      expect(error.message.startsWith(`${file} is not valid JSON`)).toBe(true);
      expectNoSecret(error.message);
      expectNoSecret(String(error.stack));
      const viaExplain = await explain([file]).then(() => undefined, (e: unknown) => e as Error);
      expect(viaExplain).toBeInstanceOf(EmulatorConfigError);
      expectNoSecret(viaExplain!.message);
      const viaEmulator = await startIamEmulator({ terraform: file }).then(async (e) => {
        await e.stop();
        return undefined;
      }, (e: unknown) => e as Error);
      expect(viaEmulator).toBeInstanceOf(EmulatorConfigError);
      expectNoSecret(viaEmulator!.message);
    });
  });

  test('bad rule shapes are reported with their address', () => {
    const withRules = (rules: unknown[]) => terraformFixture({ keys: [key.publicJwk], rules: rules as Array<Record<string, unknown>> });
    expectConfigError(() => loadIdentityProviders(withRules([{ local: [{ username: 'u' }], remote: [{ attribute: 'sub', condition: 'regex', value: ['.*'] }] }])), 'ERR_EMULATOR_TERRAFORM_INVALID', /conversion_rules\[0\]\.remote\[0\]\.condition must be "any_one_of" or "not_any_of"/);
    expectConfigError(() => loadIdentityProviders(withRules([{ local: [{}], remote: [{ attribute: 'sub' }] }])), 'ERR_EMULATOR_TERRAFORM_INVALID', /local\[0\] must set "username" and\/or "group"/);
    expectConfigError(() => loadIdentityProviders(withRules([{ local: [{ username: 'u' }], remote: [{ attribute: 'sub', condition: 'any_one_of' }] }])), 'ERR_EMULATOR_TERRAFORM_INVALID', /has condition "any_one_of" but no "value" list/);
  });
});

describe('parseSigningKey', () => {
  test('accepts a public JWKS', () => {
    expect(parseSigningKey(JSON.stringify({ keys: [key.publicJwk] }), 'sk').keys).toHaveLength(1);
  });

  test('rejects a private JWK without echoing key material', async () => {
    const { exportJWK, generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    const error = expectConfigError(() => parseSigningKey(JSON.stringify({ keys: [privateJwk] }), 'sk'), 'ERR_EMULATOR_SIGNING_KEY_INVALID', /private key members \(d, p, q, dp, dq, qi\)/);
    for (const member of ['d', 'p', 'q', 'n'] as const) {
      expect(error.message).not.toContain(String(privateJwk[member]));
    }
  });

  test('rejects symmetric keys, empty key sets and non-JSON', () => {
    expectConfigError(() => parseSigningKey(JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }), 'sk'), 'ERR_EMULATOR_SIGNING_KEY_INVALID', /symmetric \("oct"\)/);
    expectConfigError(() => parseSigningKey('{"keys":[]}', 'sk'), 'ERR_EMULATOR_SIGNING_KEY_INVALID', /empty "keys"/);
    expectConfigError(() => parseSigningKey('not json', 'sk'), 'ERR_EMULATOR_SIGNING_KEY_INVALID', /not valid JSON/);
  });
});
