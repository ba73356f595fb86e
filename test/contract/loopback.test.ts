/**
 * The single loopback check (lib/contract/loopback.ts) and its three users: runtime endpoint
 * validation and auth-destination check, the core declaration rule, and the emulator's listen guard.
 */
import { iamEndpointRule, isLoopbackHost as coreIsLoopbackHost } from '../../lib/core/validation/rules';
import { isAuthDestinationAllowed } from '../../lib/runtime/provider';
import { isLoopbackHost as configIsLoopbackHost, normalizeIamEndpoint } from '../../lib/runtime/config';
import { ConfigError } from '../../lib/runtime/errors';
import { isLoopbackHost } from '../../lib/contract/loopback';
import { isLoopback as emulatorIsLoopback } from '../../lib/testing/emulator';

describe('isLoopbackHost', () => {
  test.each([
    'localhost',
    // Host names are case-insensitive (URL lowercases them; raw strings are compared case-insensitively).
    'LOCALHOST',
    'LocalHost',
    '127.0.0.1',
    '127.0.0.0',
    '127.1.2.3',
    '127.255.255.255',
    '::1',
    '[::1]',
  ])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  test.each([
    // DNS may resolve *.localhost anywhere: plain http must not carry a token there.
    'foo.localhost',
    'iam.localhost',
    'localhost.',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    // Shorthand / non-canonical IPv4 as raw strings (URL canonicalizes 127.1 to 127.0.0.1, see below).
    '127.1',
    '127.0.1',
    '127.0.0.01',
    '0177.0.0.1',
    '127.0.0.256',
    '127.999.0.1',
    '127.0.0.1.',
    // Not loopback.
    '0.0.0.0',
    '10.0.0.1',
    '128.0.0.1',
    '::',
    '[::]',
    // IPv4-mapped IPv6 and other spellings of ::1: refused by decision (use https or the canonical form).
    '::ffff:127.0.0.1',
    '[::ffff:7f00:1]',
    '0:0:0:0:0:0:0:1',
    '[localhost]',
    '[127.0.0.1]',
    '',
  ])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  test('core, runtime config and emulator use the same function', () => {
    expect(coreIsLoopbackHost).toBe(isLoopbackHost);
    expect(configIsLoopbackHost).toBe(isLoopbackHost);
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', '::1', 'foo.localhost', '0.0.0.0', '::ffff:127.0.0.1', '127.1']) {
      expect(emulatorIsLoopback(host)).toBe(isLoopbackHost(host));
    }
  });
});

describe('as applied to URLs', () => {
  test.each([
    ['http://foo.localhost:4000', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://0.0.0.0:4000', false],
    ['http://[::ffff:127.0.0.1]:4000', false],
    ['http://LOCALHOST:4000', true],
    ['http://127.1:4000', true],
    ['http://[::1]:4000', true],
  ])('%s: http allowed = %s (runtime endpoint, core rule, fetch wrapper)', (endpoint, allowed) => {
    if (allowed) expect(() => normalizeIamEndpoint(endpoint)).not.toThrow();
    else expect(() => normalizeIamEndpoint(endpoint)).toThrow(ConfigError);
    expect(iamEndpointRule(endpoint) === undefined).toBe(allowed);
    expect(isAuthDestinationAllowed(new URL(`${endpoint}/v1/x`), [], 'https://iam.cn-north-4.myhuaweicloud.com')).toBe(allowed);
  });

  test('URL canonicalizes before the check', () => {
    expect(normalizeIamEndpoint('http://LOCALHOST:4000/')).toBe('http://localhost:4000');
    expect(normalizeIamEndpoint('http://127.1:4000')).toBe('http://127.0.0.1:4000');
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
  });
});
