import { defaultIamEndpoint, isLoopbackHost, normalizeIamEndpoint, resolveIdentityConfig } from '../../lib/runtime/config';
import { ConfigError } from '../../lib/runtime/errors';
import { normalizeCredentialsUri } from '../../lib/runtime/container-credentials';
import { projectIdRule, regionRule } from '../../lib/core/validation/rules';

const base = {
  HUAWEICLOUD_SDK_IDP_ID: 'workload_identity',
  HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/var/run/secrets/tokens/oidc-token',
  HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef',
  HUAWEICLOUD_SDK_REGION: 'cn-north-4',
};

describe('resolveIdentityConfig', () => {
  test('reads the injected environment and derives the endpoint from the region', () => {
    expect(resolveIdentityConfig({ env: base })).toEqual({
      source: 'oidc-federation',
      providerName: 'workload_identity',
      tokenFile: '/var/run/secrets/tokens/oidc-token',
      projectId: '0123456789abcdef0123456789abcdef',
      region: 'cn-north-4',
      iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com',
      scope: { project: { id: '0123456789abcdef0123456789abcdef' } },
    });
  });

  test('scopes by project name = region when no project id is known', () => {
    const { HUAWEICLOUD_SDK_PROJECT_ID: _omit, ...env } = base;
    expect(resolveIdentityConfig({ env }).scope).toEqual({ project: { name: 'cn-north-4' } });
  });

  test('explicit options win over the environment; endpoint env wins over derivation', () => {
    const config = resolveIdentityConfig({
      env: { ...base, HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.example.test/' },
      providerName: 'other',
      region: 'ap-southeast-1',
    });
    expect(config.providerName).toBe('other');
    expect(config.region).toBe('ap-southeast-1');
    expect(config.iamEndpoint).toBe('https://iam.example.test');
    expect(resolveIdentityConfig({ env: base, iamEndpoint: 'http://127.0.0.1:8080/iam/' }).iamEndpoint).toBe(
      'http://127.0.0.1:8080/iam',
    );
  });

  test('idpId, the deprecated name of providerName, still works; both with different values is an error', () => {
    expect(resolveIdentityConfig({ env: base, idpId: 'other' }).providerName).toBe('other');
    expect(resolveIdentityConfig({ env: base, idpId: 'other', providerName: 'other' }).providerName).toBe('other');
    expect(() => resolveIdentityConfig({ env: base, idpId: 'one', providerName: 'two' })).toThrow(/providerName and idpId \(its deprecated alias\) differ/);
  });

  test('lists every missing piece in one CONFIG_INVALID error', () => {
    let error: unknown;
    try {
      resolveIdentityConfig({ env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    const message = (error as Error).message;
    for (const name of ['HUAWEICLOUD_SDK_IDP_ID', 'HUAWEICLOUD_SDK_ID_TOKEN_FILE', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_IAM_ENDPOINT']) {
      expect(message).toContain(name);
    }
  });

  test('rejects malformed values and blank variables count as unset', () => {
    expect(() => resolveIdentityConfig({ env: { ...base, HUAWEICLOUD_SDK_REGION: 'evil.com/x' } })).toThrow(/region/);
    expect(() => resolveIdentityConfig({ env: { ...base, HUAWEICLOUD_SDK_IDP_ID: 'a b' } })).toThrow(/identity provider/);
    expect(() => resolveIdentityConfig({ env: { ...base, HUAWEICLOUD_SDK_IDP_ID: '   ' } })).toThrow(/HUAWEICLOUD_SDK_IDP_ID/);
  });

  // Values the declaration's rules (lib/contract/names.ts) reject and the runtime used to accept:
  // the pod gets what the Kubernetes side wrote, so anything else is a misconfiguration.
  test.each([
    ['HUAWEICLOUD_SDK_PROJECT_ID', 'my-project', /project id must be 32 lower-case hexadecimal characters \(HUAWEICLOUD_SDK_PROJECT_ID/],
    ['HUAWEICLOUD_SDK_PROJECT_ID', '0123456789ABCDEF0123456789ABCDEF', /project id must be 32 lower-case hexadecimal/],
    ['HUAWEICLOUD_SDK_PROJECT_ID', '0123456789abcdef0123456789abcde', /project id must be 32 lower-case hexadecimal/],
    ['HUAWEICLOUD_SDK_REGION', 'cn-north', /region "cn-north" is not a region ID like "cn-north-4"/],
    ['HUAWEICLOUD_SDK_REGION', 'cn-north-4a', /region "cn-north-4a" is not a region ID/],
    ['HUAWEICLOUD_SDK_REGION', 'cnx-north-4', /region "cnx-north-4" is not a region ID/],
    ['HUAWEICLOUD_SDK_REGION', 'cn-north-4-1', /region "cn-north-4-1" is not a region ID/],
  ])('%s=%s, which the declaration rejects, is a CONFIG_INVALID error', (name, value, message) => {
    let error: unknown;
    try {
      resolveIdentityConfig({ env: { ...base, [name]: value } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect((error as Error).message).toMatch(message);
  });

  test('the runtime accepts exactly the region and project ID the declaration accepts', () => {
    for (const value of ['cn-north-4', 'ap-southeast-1', 'la-south-2', 'cn-north-4a', 'cn-north', 'CN-NORTH-4']) {
      const declared = regionRule(value) === undefined;
      const read = (): unknown => resolveIdentityConfig({ env: { ...base, HUAWEICLOUD_SDK_REGION: value } });
      if (declared) expect(read).not.toThrow();
      else expect(read).toThrow(ConfigError);
    }
    for (const value of ['0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff', 'p1', 'A'.repeat(32)]) {
      const declared = projectIdRule(value) === undefined;
      const read = (): unknown => resolveIdentityConfig({ env: { ...base, HUAWEICLOUD_SDK_PROJECT_ID: value } });
      if (declared) expect(read).not.toThrow();
      else expect(read).toThrow(ConfigError);
    }
  });
});

describe('endpoint rules', () => {
  test('default endpoint', () => {
    expect(defaultIamEndpoint('cn-north-4')).toBe('https://iam.cn-north-4.myhuaweicloud.com');
  });

  test.each([
    ['https://iam.cn-north-4.myhuaweicloud.com', 'https://iam.cn-north-4.myhuaweicloud.com'],
    ['https://iam.cn-north-4.myhuaweicloud.com/', 'https://iam.cn-north-4.myhuaweicloud.com'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://localhost:4000/', 'http://localhost:4000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
  ])('accepts %s', (input, output) => {
    expect(normalizeIamEndpoint(input)).toBe(output);
  });

  test.each([
    'http://iam.cn-north-4.myhuaweicloud.com',
    'http://10.0.0.1',
    'ftp://127.0.0.1',
    'https://user:pw@iam.example.test',
    'https://iam.example.test/?x=1',
    'iam.cn-north-4.myhuaweicloud.com',
  ])('rejects %s', (input) => {
    expect(() => normalizeIamEndpoint(input)).toThrow(ConfigError);
  });

  test('an unparsable endpoint is echoed without the credentials it holds (IAM and container credentials endpoints)', () => {
    const password = 'hunter2pass';
    for (const [check, input] of [
      [normalizeIamEndpoint, `https://user:${password}@ho st`],
      [normalizeIamEndpoint, `https://user:${encodeURIComponent(password + '@x')}@ho st/path`],
      [normalizeCredentialsUri, `http://agent:${password}@169.254 .170.2/v1`],
    ] as const) {
      let message = '';
      try {
        check(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/is not an absolute URL/);
      expect(message).not.toContain(password);
      expect(message).toContain('[REDACTED]@');
    }
  });

  test('loopback detection', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });
});
