/**
 * Classes of bad declarations from the adversarial review (issue 11), each tested in general:
 * 1. the exact string is validated (no whitespace or control characters, no lenient URL parsing);
 * 2. IAM's limits for OIDC identity providers, each bound on both sides;
 * 3. provider names the Terraform provider cannot read back (`mapping_`);
 * 4. nothing a message repeats carries a secret (labels, file paths, values, JWK members);
 * 5. Kubernetes names taken from options follow Kubernetes' rules;
 * 7. values of unexpected types give a field-named error, never a TypeError.
 * (Class 6, declarations that share a provider name across apps, is in shared-provider.test.ts.)
 */
import { reported } from '../support/reported';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App as Cdk8sApp, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import fc from 'fast-check';
import * as forge from 'node-forge';
import {
  GrantScope, Grants, IamRole, IdentityMode, Jwks, PolicyDocument, PolicyScopeType, PolicyStatement, SynthesisValidationError, ValidationIssue,
  WorkloadIdentity, WorkloadIdentityFleet, WorkloadIdentityProps, WorkloadServiceAccount,
} from '../../lib';
import { formatIssue } from '../../lib/core/issues/issues';
import { CONVERSION_ID_PREFIX, exactStringRule, OIDC_CONFIG_LIMITS, providerNameRule, signingKeyRule } from '../../lib/core/validation/rules';
import { synthWorkloadIdentity } from '../../lib/testing/synth';
import { A_JWT, BINDING, declaration, keys, PUBLIC_JWK, PUBLIC_JWKS, SECRET_VALUES, synthesize } from './fixtures';
import { PROJECT_ID } from '../fixtures/ids';

const P = 'WorkloadIdentity("workload_identity")';
const B0 = `${P}.bindings[0]`;

/** A valid declaration with an explicit project (see the shared brief), with overrides. */
function decl(overrides: Partial<WorkloadIdentityProps> = {}, binding: Record<string, unknown> = {}): WorkloadIdentity {
  return declaration({ projectId: PROJECT_ID, ...overrides }, binding);
}

function errors(identity: WorkloadIdentity): ValidationIssue[] {
  return identity.validate().filter((i) => i.severity === 'error');
}

function errorAt(identity: WorkloadIdentity, path: string): ValidationIssue | undefined {
  return errors(identity).find((i) => i.path === path);
}

/** Every message produced below, for the final no-secret sweep. */
const messages: string[] = [];
function record(identity: WorkloadIdentity): ValidationIssue[] {
  const issues = identity.validate();
  messages.push(...issues.map(formatIssue));
  return issues;
}

test('the base declaration is valid', () => {
  expect(decl().validate()).toEqual([]);
});

// ------------------------------------------------------------------------------------------------
describe('1. the exact string is validated', () => {
  /** Characters a copy-paste or a file read can bring in, each invisible in a terminal. */
  const invisible: Array<[string, string]> = [
    ['space', ' '], ['tab', '\t'], ['line feed', '\n'], ['carriage return', '\r'], ['no-break space', '\u00a0'],
    ['zero-width space', '\u200b'], ['line separator', '\u2028'], ['NUL', '\0'], ['DEL', '\x7f'], ['right-to-left override', '\u202e'],
    ['byte order mark', '\ufeff'], ['C1 control', '\u0085'],
  ];
  /** Every string field of a declaration, with a valid value. */
  const fields: Array<[string, string, (v: string) => WorkloadIdentity]> = [
    [`${P}.providerName`, 'workload_identity', (v) => decl({ providerName: v })],
    [`${P}.clientId`, 'cce-workload-identity-demo', (v) => decl({ clientId: v })],
    [`${P}.issuer`, 'https://kubernetes.default.svc.cluster.local', (v) => decl({ issuer: v })],
    [`${P}.region`, 'cn-north-4', (v) => decl({ region: v })],
    [`${P}.projectId`, PROJECT_ID, (v) => decl({ projectId: v })],
    [`${P}.iamEndpoint`, 'https://iam.cn-north-4.myhuaweicloud.com', (v) => decl({ iamEndpoint: v })],
    [`${B0}.namespace`, 'default', (v) => decl({}, { namespace: v })],
    [`${B0}.serviceAccountName`, 'oidc-token', (v) => decl({}, { serviceAccountName: v })],
    [`${B0}.iamUser`, 'test', (v) => decl({}, { iamUser: v })],
    [`${B0}.iamGroups[0]`, 'demo', (v) => decl({}, { iamGroups: [v] })],
    [`${B0}.projectId`, PROJECT_ID, (v) => decl({}, { projectId: v })],
    [`${B0}.region`, 'cn-north-4', (v) => decl({}, { region: v })],
    [`${B0}.token.path`, 'oidc-token', (v) => decl({}, { token: { path: v } })],
    [`${B0}.token.mountPath`, '/var/run/secrets/tokens', (v) => decl({}, { token: { mountPath: v } })],
  ];
  const labelOf = (path: string): string => path.replace(/^WorkloadIdentity\("[^"]*"\)/, '');

  test.each(fields)('%s: the valid value is accepted as it is', (_path, valid, build) => {
    expect(errors(build(valid))).toEqual([]);
  });

  /** IAM's own rule for user and group names includes inner spaces: the one whitespace any field takes. */
  const innerSpaceAllowed = (path: string, ch: string): boolean => ch === ' ' && /\.iam(User|Groups\[0\])$/.test(path);

  describe.each(fields)('%s', (path, valid, build) => {
    test.each(invisible)('rejects a %s at the start, inside and at the end, naming the character', (name, ch) => {
      const at = Math.floor(valid.length / 2);
      const cases = [['start', ch + valid], ['inside', valid.slice(0, at) + ch + valid.slice(at)], ['end', valid + ch]] as const;
      for (const [where, value] of cases.filter(([w]) => !(w === 'inside' && innerSpaceAllowed(path, ch)))) {
        const identity = build(value);
        // A provider name is also the label of every path.
        const issue = errors(identity).find((i) => labelOf(i.path) === labelOf(path));
        expect({ where, found: issue !== undefined }).toEqual({ where, found: true });
        const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        expect(issue!.rule).toContain(`U+${code}`);
        expect(issue!.rule).toContain('without whitespace or control characters');
        messages.push(formatIssue(issue!));
      }
    });
  });

  // Node's URL parser repairs these; IAM would compare the string as written with each token's iss.
  const repairedIssuers = [
    'https:kubernetes.default.svc.cluster.local',
    'https:/kubernetes.default.svc.cluster.local',
    'https:\\\\kubernetes.default.svc.cluster.local',
    'HTTPS://kubernetes.default.svc.cluster.local',
    ' https://kubernetes.default.svc.cluster.local',
    'https://kubernetes.default.svc.cluster.local\n',
    'https://kube\tnetes.default.svc.cluster.local',
    'https://kubernetes.default.svc.cluster.local/a\\b',
    'https://kubernetes.default.svc.cluster.local/a b',
    'https://kubernetes.default.svc.cluster.local/%zz',
  ];
  test.each(repairedIssuers)('issuer %j is rejected although new URL() accepts it', (issuer) => {
    expect(() => new URL(issuer)).not.toThrow();
    expect(errorAt(decl({ issuer }), `${P}.issuer`)?.code).toBe('INVALID_ISSUER');
    expect(synthesize([decl({ issuer })]).written).toEqual([]);
  });

  const repairedEndpoints = [
    'https:iam.cn-north-4.myhuaweicloud.com',
    'https:/iam.cn-north-4.myhuaweicloud.com',
    'HTTPS://iam.cn-north-4.myhuaweicloud.com',
    'https://iam.cn-north-4.myhuaweicloud.com\t',
    'https://iam.cn-north-4.myhuaweicloud.com\u0000',
    'http:127.0.0.1:8080',
    'https://iam.cn-north-4.myhuaweicloud.com:443\r\n',
    'https://iam.cn-north-4.myhuaweicloud.com/.',
  ];
  test.each(repairedEndpoints)('IAM endpoint %j is rejected although new URL() accepts it', (iamEndpoint) => {
    expect(() => new URL(iamEndpoint)).not.toThrow();
    expect(errorAt(decl({ iamEndpoint }), `${P}.iamEndpoint`)?.code).toBe('INVALID_IAM_ENDPOINT');
  });

  test.each([
    'https://kubernetes.default.svc.cluster.local',
    'https://oidc.example.com:8443/clusters/prod-1',
    'https://10.0.0.1',
    'https://[fd00::1]:6443/x',
  ])('issuer %j, a URL written exactly, is accepted', (issuer) => {
    expect(errorAt(decl({ issuer }), `${P}.issuer`)).toBeUndefined();
  });

  test.each(['https://iam.cn-north-4.myhuaweicloud.com', 'https://iam.cn-north-4.myhuaweicloud.com:443/', 'http://127.0.0.1:40123', 'http://[::1]:8080'])(
    'IAM endpoint %j is accepted', (iamEndpoint) => {
      expect(errorAt(decl({ iamEndpoint }), `${P}.iamEndpoint`)).toBeUndefined();
    });

  test('a plain-http (loopback) IAM endpoint is a warning: the Go SDK prefixes https:// to it', () => {
    const warning = decl({ iamEndpoint: 'http://127.0.0.1:40123' }).validate().find((i) => i.code === 'IAM_ENDPOINT_PLAIN_HTTP');
    expect(warning).toMatchObject({ severity: 'warning', path: `${P}.iamEndpoint` });
    expect(warning!.fix).toContain('--tls');
  });

  test('the description may hold spaces but no control characters', () => {
    expect(errors(decl({ description: 'CCE cluster prod (team a)' }))).toEqual([]);
    expect(errorAt(decl({ description: 'line one\nline two' }), `${P}.description`)?.rule).toContain('U+000A');
  });

  test('JWK members are checked as written: a kid with whitespace, a modulus with a newline', () => {
    expect(errorAt(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, kid: `${PUBLIC_JWK.kid} ` }] }) }), `${P}.jwks.keys[0].kid`)?.code)
      .toBe('JWK_INVALID_KID');
    const n = PUBLIC_JWK.n;
    const wrapped = `${n.slice(0, 64)}\n${n.slice(64)}`;
    // Node's decoder skips the newline and builds the same key; IAM would be given other bytes.
    expect(errorAt(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, n: wrapped }] }) }), `${P}.jwks.keys[0]`)?.code)
      .toBe('JWK_INVALID_ENCODING');
    expect(errorAt(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, e: 'AQAB=' }] }) }), `${P}.jwks.keys[0]`)?.code)
      .toBe('JWK_INVALID_ENCODING');
  });

  test('IAM user and group names keep IAM\'s inner spaces, and nothing else', () => {
    expect(errors(decl({}, { iamUser: 'app reader', iamGroups: ['shared readers'] }))).toEqual([]);
    for (const odd of ['shared\treaders', 'shared\u00a0readers', ' shared', 'shared ']) {
      expect(errorAt(decl({}, { iamGroups: [odd] }), `${B0}.iamGroups[0]`)?.code).toBe('INVALID_IAM_GROUP');
    }
  });

  test('the guard is one rule: any whitespace or control character, anywhere', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...invisible.map(([, c]) => c)), fc.string(), (a, c, b) => exactStringRule(a + c + b) !== undefined),
    );
    fc.assert(fc.property(fc.stringMatching(/^[\x21-\x7e]*$/), (v) => exactStringRule(v) === undefined));
  });
});

// ------------------------------------------------------------------------------------------------
describe('2. IAM limits for OIDC identity providers (iam_13_0207), each bound on both sides', () => {
  const { clientId, idpUrl, signingKey } = OIDC_CONFIG_LIMITS;

  test('the limits are IAM\'s documented ones', () => {
    expect(OIDC_CONFIG_LIMITS).toEqual({ idpUrl: { min: 10, max: 255 }, clientId: { min: 5, max: 255 }, signingKey: { min: 10, max: 30000 } });
  });

  test.each([
    [clientId.min - 1, false], [clientId.min, true], [clientId.max, true], [clientId.max + 1, false],
  ])('client ID of %i characters: accepted %s', (length, ok) => {
    const issue = errorAt(decl({ clientId: 'c'.repeat(length) }), `${P}.clientId`);
    expect(issue === undefined).toBe(ok);
    if (!ok) expect(issue!.rule).toContain(`${clientId.min}-${clientId.max}`);
  });

  /** An https issuer of exactly `length` characters. */
  const issuerOf = (length: number): string => {
    const base = 'https://a';
    return length <= base.length ? base.slice(0, length) : length === base.length + 1 ? 'https://ab' : `${base}/${'p'.repeat(length - base.length - 1)}`;
  };
  test.each([
    [idpUrl.min - 1, false], [idpUrl.min, true], [idpUrl.max, true], [idpUrl.max + 1, false],
  ])('issuer of %i characters: accepted %s', (length, ok) => {
    const issuer = issuerOf(length);
    expect(issuer).toHaveLength(length);
    const issue = errorAt(decl({ issuer }), `${P}.issuer`);
    expect(issue === undefined).toBe(ok);
    if (!ok) expect(issue!.rule).toContain(`${idpUrl.min}-${idpUrl.max}`);
  });

  /** A valid one-key JWKS whose compact JSON has exactly `length` characters (padding the kid). */
  const jwksOfLength = (length: number): Record<string, unknown> => {
    const base = JSON.stringify({ keys: [{ ...PUBLIC_JWK, kid: '' }] }).length;
    return { keys: [{ ...PUBLIC_JWK, kid: 'k'.repeat(length - base) }] };
  };
  test.each([
    [signingKey.max, true], [signingKey.max + 1, false],
  ])('signing_key of %i characters: accepted %s', (length, ok) => {
    const jwks = Jwks.fromObject(jwksOfLength(length));
    expect(jwks.json).toHaveLength(length);
    const issue = errorAt(decl({ jwks }), `${P}.jwks`);
    expect(issue === undefined).toBe(ok);
    if (!ok) expect(issue).toMatchObject({ code: 'INVALID_SIGNING_KEY_LENGTH' });
  });

  test('signing_key lower bound (no valid key set is that short, so the rule is tested directly)', () => {
    expect(signingKeyRule('x'.repeat(signingKey.min - 1))).toContain(`${signingKey.min}-${signingKey.max}`);
    expect(signingKeyRule('x'.repeat(signingKey.min))).toBeUndefined();
  });

  test('a too long signing key fails synthesis and writes nothing', () => {
    const attempt = synthesize([decl({ jwks: Jwks.fromObject(jwksOfLength(signingKey.max + 1)) })]);
    expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
    expect(reported(attempt.error!)).toContain('signing_key');
    expect(attempt.written).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
describe('3. provider names the conversion resource cannot read back', () => {
  /** What the provider's Read does: strings.ReplaceAll("mapping_" + name, "mapping_", ""). */
  const readBack = (name: string): string => `${CONVERSION_ID_PREFIX}${name}`.split(CONVERSION_ID_PREFIX).join('');

  test.each(['mapping_prod', 'prod_mapping_', 'a-mapping_-b', 'mapping_'])('%s is rejected, and the message says why', (providerName) => {
    expect(readBack(providerName)).not.toBe(providerName);
    const issue = errorAt(decl({ providerName }), `WorkloadIdentity(${JSON.stringify(providerName)}).providerName`);
    expect(issue?.code).toBe('INVALID_PROVIDER_NAME');
    expect(issue!.rule).toContain('"mapping_"');
    expect(issue!.rule).toContain('ForceNew');
    expect(issue!.rule).toContain('replace the conversion');
  });

  test.each(['Mapping_prod', 'mapping', 'mappings', 'map_ping_'])('%s reads back unchanged and is accepted', (providerName) => {
    expect(readBack(providerName)).toBe(providerName);
    expect(errors(decl({ providerName }))).toEqual([]);
  });

  test('every accepted name reads back unchanged (property)', () => {
    const piece = fc.constantFrom('mapping_', 'mapping', 'map', 'ping_', '_', '-', 'a', 'Z', '9', 'prod');
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => p.join('')), (name) =>
      providerNameRule(name) !== undefined || readBack(name) === name), { numRuns: 1000 });
  });
});

// ------------------------------------------------------------------------------------------------
describe('4. nothing echoed carries a secret', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const pemBody = pem.split('\n')[1];
  const der = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' });
  const secrets = [...SECRET_VALUES, A_JWT, pemBody, der.toString('base64'), der.toString('base64url')];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cce-wi-hardening-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a provider name that is a pasted JWT or PEM key is not printed in any message prefix', () => {
    for (const providerName of [A_JWT, pem]) {
      const identity = decl({ providerName, clientId: 'x' });
      expect(identity.path).not.toContain(A_JWT.slice(0, 24));
      expect(identity.path).toContain('value not shown');
      const issues = record(identity);
      expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(['INVALID_PROVIDER_NAME', 'INVALID_CLIENT_ID']));
      const attempt = synthesize([identity]);
      messages.push(reported(attempt.error!));
    }
  });

  test('a file path that is really PEM text, or a token, is not printed (also not through Jwks.value)', () => {
    for (const path of [pem, A_JWT]) {
      const jwks = Jwks.fromFile(path);
      const issue = errorAt(decl({ jwks }), `${P}.jwks`);
      expect(issue?.code).toBe('JWKS_FILE_UNREADABLE');
      expect(issue!.value).toBeUndefined();
      expect(issue!.rule).toContain('value not shown');
      expect(jwks.description).toContain('value not shown');
      let thrown = '';
      try {
        void jwks.value;
      } catch (e) {
        thrown = (e as Error).message;
      }
      messages.push(thrown, formatIssue(issue!));
    }
  });

  test('an ordinary missing file is still named', () => {
    const issue = errorAt(decl({ jwks: Jwks.fromFile(join(dir, 'missing.json')) }), `${P}.jwks`);
    expect(issue!.value).toBe(JSON.stringify(join(dir, 'missing.json')));
  });

  const certificate = (): string => {
    const keysForCert = forge.pki.rsa.generateKeyPair(1024);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keysForCert.publicKey;
    cert.serialNumber = '01';
    cert.validity.notBefore = new Date();
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: 'commonName', value: 'test' }]);
    cert.setIssuer([{ name: 'commonName', value: 'test' }]);
    cert.sign(keysForCert.privateKey, forge.md.sha256.create());
    return forge.util.encode64(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  };

  test.each<[string, () => Record<string, unknown>, string]>([
    ['x5c holding a DER private key', () => ({ ...PUBLIC_JWK, x5c: [der.toString('base64')] }), `${P}.jwks.keys[0].x5c[0]`],
    ['x5c holding a PEM private key', () => ({ ...PUBLIC_JWK, x5c: [pem] }), `${P}.jwks.keys[0].x5c[0]`],
    [
      'x5c, after a certificate, holding a private key',
      () => ({ ...PUBLIC_JWK, x5c: [certificate(), der.toString('base64')] }),
      `${P}.jwks.keys[0].x5c[1]`,
    ],
    ['an extension member holding a base64url DER private key', () => ({ ...PUBLIC_JWK, priv: der.toString('base64url') }), `${P}.jwks.keys[0].priv`],
    ['an extension member holding a PEM private key', () => ({ ...PUBLIC_JWK, note: pem }), `${P}.jwks.keys[0].note`],
    ['a nested private JWK', () => ({ ...PUBLIC_JWK, backup: { ...keys.rsaPrivate } }), `${P}.jwks.keys[0].backup`],
    ['the kid holding a PEM private key', () => ({ ...PUBLIC_JWK, kid: pem }), `${P}.jwks.keys[0].kid`],
  ])('private key material in %s is rejected without echo', (_name, key, path) => {
    const identity = decl({ jwks: Jwks.fromObject({ keys: [key()] }) });
    const issue = errorAt(identity, path);
    expect(issue?.code).toBe('JWKS_PRIVATE_KEY');
    expect(issue!.value).toBeUndefined();
    record(identity);
  });

  test('a private key beside the key set (a top-level member) is rejected', () => {
    const identity = decl({ jwks: Jwks.fromJson(JSON.stringify({ keys: [PUBLIC_JWK], backup: pem })) });
    expect(errorAt(identity, `${P}.jwks.backup`)?.code).toBe('JWKS_PRIVATE_KEY');
    record(identity);
  });

  test('x5c with a real certificate is accepted; x5c that is not base64 DER certificates is an error', () => {
    expect(errors(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, x5c: [certificate()] }] }) }))).toEqual([]);
    expect(errorAt(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, x5c: ['bm90IGEgY2VydA=='] }] }) }), `${P}.jwks.keys[0].x5c[0]`)?.code)
      .toBe('JWK_INVALID_X5C');
    expect(errorAt(decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, x5c: 'abc' }] }) }), `${P}.jwks.keys[0].x5c`)?.code)
      .toBe('JWK_INVALID_X5C');
  });

  test('key material pasted into any name field is not shown', () => {
    const d = keys.rsaPrivate.d;
    for (const identity of [decl({ clientId: d }), decl({}, { iamGroups: [d] }), decl({}, { iamUser: d }), decl({ description: `${d}\n` })]) {
      const issues = record(identity).filter((i) => i.severity === 'error');
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) expect(issue.value).toBeUndefined();
    }
  });

  test('Kubernetes-side messages (volume name, container names, env values, construct paths) do not echo secrets', () => {
    const identity = decl();
    const app = new Cdk8sApp({ outdir: join(dir, 'dist') });
    const chart = new Chart(app, 'c');
    const sa = new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] });
    const a = new kplus.Deployment(chart, 'a', {
      containers: [{ name: 'app', image: 'i', envVariables: { HUAWEICLOUD_SDK_IDP_ID: kplus.EnvValue.fromValue(A_JWT) } }],
    });
    sa.bind(a);
    sa.bind(new kplus.Deployment(chart, 'b', { containers: [{ name: 'app', image: 'i' }] }), { volumeName: A_JWT });
    sa.bind(new kplus.Deployment(chart, A_JWT.replace(/\./g, '-'), { containers: [{ name: 'app', image: 'i' }] }), { containers: [pem] });
    const all = app.node.findAll().flatMap((c) => c.node.validate());
    expect(all.some((m) => m.includes('ENV') || m.includes('HUAWEICLOUD_SDK_IDP_ID'))).toBe(true);
    expect(all.some((m) => m.includes('volumeName'))).toBe(true);
    messages.push(...all);
  });

  test('the snapshot helper and synthesizeApps report without secrets', () => {
    let message = '';
    try {
      synthWorkloadIdentity(decl({ clientId: A_JWT, providerName: pem }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('nothing was written');
    messages.push(message);
  });

  afterAll(() => {
    // The sweep over every message of this file (run last in this describe).
    const all = messages.join('\n');
    expect(messages.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(all.includes(secret.slice(0, 24))).toBe(false);
      expect(all.includes(secret.slice(-24))).toBe(false);
    }
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
    expect(all).not.toContain('PRIVATE KEY-----');
  });
});

// ------------------------------------------------------------------------------------------------
describe('5. Kubernetes names taken from options follow Kubernetes\' rules at synth', () => {
  function bindWith(options: Record<string, unknown>, metadata?: Record<string, unknown>): { app: Cdk8sApp; messages: string[] } {
    const app = new Cdk8sApp({ outdir: mkdtempSync(join(tmpdir(), 'cce-wi-k8s-names-')) });
    const chart = new Chart(app, 'c', { namespace: 'default' });
    const sa = new WorkloadServiceAccount(chart, 'sa', { binding: decl().bindings[0], ...(metadata ? { metadata } : {}) });
    sa.bind(new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'i' }] }), options);
    const found = app.node.findAll().flatMap((c) => c.node.validate());
    rmSync(app.outdir, { recursive: true, force: true });
    return { app, messages: found };
  }

  test.each(['Workload_Token', 'token.volume', 'a'.repeat(64), '-token', 'token-', '', 'tok en', 'token\n'])(
    'volume name %j is rejected',
    (volumeName) => {
      const { messages: found } = bindWith({ volumeName });
      expect(found.join('\n')).toMatch(/\.volumeName: .*DNS-1123 label/);
    },
  );

  test.each(['wi-token', 'a'.repeat(63), 't0'])('volume name %j is accepted and written', (volumeName) => {
    const { app, messages: found } = bindWith({ volumeName });
    expect(found).toEqual([]);
    const volumes = (app.charts[0].toJson() as Array<{ kind: string; spec?: { template: { spec: { volumes: Array<{ name: string }> } } } }>)
      .find((o) => o.kind === 'Deployment')!.spec!.template.spec.volumes;
    expect(volumes.map((v) => v.name)).toContain(volumeName);
  });

  test('label and annotation keys, and label values, given as ServiceAccount metadata follow Kubernetes\' rules', () => {
    expect(bindWith({}, {
      labels: { 'app.kubernetes.io/name': 'shop', team: '' },
      annotations: { 'example.com/note': 'free text, with spaces' },
    }).messages).toEqual([]);
    const found = bindWith({}, { labels: { 'bad key!': 'x', ok: 'v'.repeat(64), 'Example.com/x': 'y' }, annotations: { '/x': 'y' } }).messages
      .join('\n');
    expect(found).toContain('"bad key!" key must be a Kubernetes qualified name');
    expect(found).toContain('must be a Kubernetes label value');
    expect(found).toContain('"Example.com/x" key must be a Kubernetes qualified name');
    expect(found).toContain('"/x" key must be a Kubernetes qualified name');
  });

  test('an invalid volume name fails synthesizeApps and writes nothing', () => {
    const identity = decl();
    const root = mkdtempSync(join(tmpdir(), 'cce-wi-k8s-names-'));
    try {
      const kubernetes = new Cdk8sApp({ outdir: join(root, 'dist') });
      const chart = new Chart(kubernetes, 'c');
      new WorkloadServiceAccount(chart, 'sa', { binding: identity.bindings[0] })
        .bind(new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'i' }] }), { volumeName: 'Bad_Name' });
      const { synthesizeApps } = jest.requireActual('../../lib') as typeof import('../../lib');
      expect(() => synthesizeApps({ kubernetes })).toThrow(SynthesisValidationError);
      expect(() => synthesizeApps({ kubernetes })).toThrow(/volumeName/);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// ------------------------------------------------------------------------------------------------
describe('7. unexpected types give a field-named error, never a TypeError', () => {
  const cycle = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    o.self = o;
    return o;
  };
  const weird: Array<[string, () => unknown]> = [
    ['a bigint', () => 12n],
    ['a symbol', () => Symbol('s')],
    ['a class instance', () => new (class Secretive {})()],
    ['a null-prototype object', () => Object.create(null)],
    ['an object whose toString throws', () => ({ toString() { throw new Error('boom'); } })],
    ['an object whose toJSON throws', () => ({ toJSON() { throw new Error('boom'); } })],
    ['a function', () => () => 1],
    ['a cycle', cycle],
  ];
  const fields: Array<[string, string, (v: unknown) => WorkloadIdentity]> = [
    ['providerName', `.providerName`, (v) => decl({ providerName: v as never })],
    ['clientId', `${P}.clientId`, (v) => decl({ clientId: v as never })],
    ['issuer', `${P}.issuer`, (v) => decl({ issuer: v as never })],
    ['region', `${P}.region`, (v) => decl({ region: v as never })],
    ['projectId', `${P}.projectId`, (v) => decl({ projectId: v as never })],
    ['iamEndpoint', `${P}.iamEndpoint`, (v) => decl({ iamEndpoint: v as never })],
    ['description', `${P}.description`, (v) => decl({ description: v as never })],
    ['enabled', `${P}.enabled`, (v) => decl({ enabled: v as never })],
    ['bindings', `${P}.bindings`, (v) => decl({ bindings: v as never })],
    ['bindings[0]', `${P}.bindings[0]`, (v) => decl({ bindings: [v as never] })],
    ['namespace', `${B0}.namespace`, (v) => decl({}, { namespace: v })],
    ['serviceAccountName', `${B0}.serviceAccountName`, (v) => decl({}, { serviceAccountName: v })],
    ['iamUser', `${B0}.iamUser`, (v) => decl({}, { iamUser: v })],
    ['iamGroups', `${B0}.iamGroups`, (v) => decl({}, { iamGroups: v })],
    ['iamGroups[0]', `${B0}.iamGroups[0]`, (v) => decl({}, { iamGroups: [v] })],
    ['token.path', `${B0}.token.path`, (v) => decl({}, { token: { path: v } })],
    ['token.mountPath', `${B0}.token.mountPath`, (v) => decl({}, { token: { mountPath: v } })],
    ['token.expirationSeconds', `${B0}.token.expirationSeconds`, (v) => decl({}, { token: { expirationSeconds: v } })],
    ['Jwks.fromFile', `${P}.jwks`, (v) => decl({ jwks: Jwks.fromFile(v as never) })],
    ['Jwks.fromJson', `${P}.jwks`, (v) => decl({ jwks: Jwks.fromJson(v as never) })],
    ['a JWK member', `${P}.jwks.keys[0].x5t`, (v) => decl({ jwks: Jwks.fromObject({ keys: [{ ...PUBLIC_JWK, x5t: v }] }) })],
  ];

  describe.each(fields)('%s', (_field, path, build) => {
    test.each(weird)('%s: an error at the field, then synthesis fails cleanly and writes nothing', (_kind, make) => {
      const identity = build(make());
      let issues: ValidationIssue[] = [];
      expect(() => { issues = identity.validate(); }).not.toThrow();
      // (For an object inside a JWK member, the error names the member's own member.)
      const issue = issues.find((i) => i.severity === 'error' && (i.path.endsWith(path) || i.path.startsWith(`${path}.`)));
      expect({ path, found: issue !== undefined, got: issues.map((i) => i.path) }).toEqual(expect.objectContaining({ found: true }));
      expect(() => formatIssue(issue!)).not.toThrow();
      const attempt = synthesize([identity]);
      expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
      expect(attempt.written).toEqual([]);
    });
  });

  test.each(weird)('the snapshot helper reports %s in any name field instead of throwing', (_kind, make) => {
    for (const build of [
      (v: unknown) => decl({ providerName: v as never }),
      (v: unknown) => decl({ region: v as never }),
      (v: unknown) => decl({}, { namespace: v }),
      (v: unknown) => decl({}, { serviceAccountName: v }),
    ]) {
      expect(() => synthWorkloadIdentity(build(make()))).toThrow(SynthesisValidationError);
    }
  });

  test('a token given as a string or a number is reported', () => {
    for (const token of ['oidc-token', 7200]) {
      expect(errorAt(decl({}, { token }), `${B0}.token`)?.code).toBe('INVALID_BINDING');
    }
  });

  test.each(weird)('bind() options: %s as volumeName or containers is a field-named error', (_kind, make) => {
    for (const options of [{ volumeName: make() }, { containers: make() }]) {
      const app = new Cdk8sApp({ outdir: mkdtempSync(join(tmpdir(), 'cce-wi-weird-')) });
      const chart = new Chart(app, 'c');
      const sa = new WorkloadServiceAccount(chart, 'sa', { binding: decl().bindings[0] });
      expect(() => sa.bind(new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'i' }] }), options as never)).not.toThrow();
      const found = app.node.findAll().flatMap((c) => c.node.validate());
      rmSync(app.outdir, { recursive: true, force: true });
      expect(found.join('\n')).toMatch(Object.keys(options)[0] === 'volumeName' ? /\.volumeName: .*must be a string/ : /\.containers: .*must be an array/);
    }
  });

  test('a binding with a weird namespace is still rendered without throwing on the Kubernetes side', () => {
    const identity = decl({}, { namespace: Symbol('ns') });
    expect(() => new WorkloadServiceAccount(new Chart(new Cdk8sApp(), 'c'), 'sa', { binding: identity.bindings[0] })).not.toThrow();
    expect(identity.bindings[0].toString()).toBe('<a symbol>/oidc-token');
  });
});

// ------------------------------------------------------------------------------------------------
describe('7 and 1 for props added later: grants, presets, pod identity, fleets', () => {
  const weird: Array<[string, () => unknown]> = [
    ['a bigint', () => 12n],
    ['a symbol', () => Symbol('s')],
    ['a class instance', () => new (class Secretive {})()],
    ['a null-prototype object', () => Object.create(null)],
    ['an object whose toString throws', () => ({ toString() { throw new Error('boom'); } })],
  ];
  const G0 = `${P}.groups[0]`;
  const R0 = `${G0}.grants[0].role`;
  const CLUSTER_ID = '0123abcd-0123-4567-89ab-0123456789ab';
  const role = (over: Record<string, unknown>): IamRole => IamRole.custom({
    name: 'app-smn', type: PolicyScopeType.PROJECT, document: PolicyDocument.of(PolicyStatement.allow(['smn:topic:publish'])), ...over,
  } as never);
  const granted = (r: IamRole, scope = GrantScope.workloadProject()): WorkloadIdentity =>
    decl({ groups: [{ name: 'g1', grants: [{ role: r, scope }] }] });
  const withConditionValue = (v: unknown): WorkloadIdentity =>
    granted(
      role({
        document: PolicyDocument.of(
          new PolicyStatement({ actions: ['smn:topic:publish'], conditions: { StringEquals: { 'g:UserName': [v as string] } } }),
        ),
      }),
    );
  const fleet = (props: Record<string, unknown>): WorkloadIdentityFleet =>
    new WorkloadIdentityFleet({
      settings: { clientId: 'cce-workload-identity-demo', projectId: PROJECT_ID },
      clusters: [{ name: 'prod-a', jwks: Jwks.fromObject(PUBLIC_JWKS) }],
      ...props,
    } as never);
  const F = (prefix = 'workload_identity_'): string => `WorkloadIdentityFleet(${JSON.stringify(prefix)})`;
  /** Each field, where its error is reported, and how to build a declaration (or fleet) holding a value there. */
  const fields: Array<[string, string, (v: unknown) => WorkloadIdentity | WorkloadIdentityFleet]> = [
    [
      'a policy action',
      `${R0}.document.statements[0].actions[0]`,
      (v) => granted(role({ document: PolicyDocument.of(PolicyStatement.allow([v as string])) })),
    ],
    [
      'a policy resource',
      `${R0}.document.statements[0].resources[0]`,
      (v) => granted(role({ document: PolicyDocument.of(PolicyStatement.allow(['smn:topic:publish'], [v as string])) })),
    ],
    ['a condition value', `${R0}.document.statements[0].conditions.StringEquals.g:UserName[0]`, withConditionValue],
    ['a policy description', `${R0}.description`, (v) => granted(role({ description: v }))],
    ['a policy type', `${R0}.type`, (v) => granted(role({ type: v }))],
    ['a policy name', `${R0}.name`, (v) => granted(role({ name: v }))],
    ['Grants.smnPublish', `${R0}.topicName`, (v) => decl({ groups: [{ name: 'g1', grants: [Grants.smnPublish(v as string)] }] })],
    ['Grants.kmsDecrypt', `${R0}.keyId`, (v) => decl({ groups: [{ name: 'g1', grants: [Grants.kmsDecrypt(v as string)] }] })],
    [
      'Grants.obsReadOnly',
      `${R0}.bucket`,
      (v) => decl({ domainId: PROJECT_ID, groups: [{ name: 'g1', grants: [Grants.obsReadOnly(v as string)] }] }),
    ],
    [
      'Grants.obsReadWrite',
      `${R0}.bucket`,
      (v) => decl({ domainId: PROJECT_ID, groups: [{ name: 'g1', grants: [Grants.obsReadWrite(v as string)] }] }),
    ],
    ['GrantScope.project', `${G0}.grants[0].scope`, (v) => granted(role({}), GrantScope.project(v as string))],
    ['GrantScope.projectByName', `${G0}.grants[0].scope`, (v) => granted(role({}), GrantScope.projectByName(v as string))],
    ['GrantScope.enterpriseProject', `${G0}.grants[0].scope`, (v) => granted(role({}), GrantScope.enterpriseProject(v as string))],
    ['IamRole.fromSystemName', `${R0}.name`, (v) => granted(IamRole.fromSystemName(v as string))],
    ['IamRole.fromDisplayName', `${R0}.name`, (v) => granted(IamRole.fromDisplayName(v as string))],
    ['a group description', `${G0}.description`, (v) => decl({ groups: [{ name: 'g1', description: v as string }] })],
    ['mode', `${P}.mode`, (v) => decl({ mode: v as never })],
    ['clusterId', `${P}.clusterId`, (v) => decl({ mode: IdentityMode.POD_IDENTITY, clusterId: v as string })],
    ["a binding's mode", `${B0}.mode`, (v) => decl({}, { mode: v })],
    ["a binding's agencyName", `${B0}.agencyName`, (v) => decl({ mode: IdentityMode.POD_IDENTITY, clusterId: CLUSTER_ID }, { agencyName: v })],
    ["a binding's globalOnly", `${B0}.globalOnly`, (v) => decl({}, { globalOnly: v })],
    ['fleet providerNamePrefix', '.providerNamePrefix', (v) => fleet({ providerNamePrefix: v })],
    ['fleet identityProviderQuota', `${F()}.identityProviderQuota`, (v) => fleet({ identityProviderQuota: v })],
    ['a fleet cluster', `${F()}.clusters[0]`, (v) => fleet({ clusters: [v] })],
    ['fleet bindings', `${F()}.bindings`, (v) => fleet({ bindings: v })],
  ];

  /** Builds, validates and synthesizes; whatever happens must be a field-named error, with nothing written. */
  function expectFieldError(build: () => WorkloadIdentity | WorkloadIdentityFleet, path: string): void {
    let built: WorkloadIdentity | WorkloadIdentityFleet | undefined;
    expect(() => { built = build(); }).not.toThrow();
    let issues: ValidationIssue[] = [];
    expect(() => { issues = built!.validate(); }).not.toThrow();
    const paths = issues.filter((i) => i.severity === 'error').map((i) => i.path);
    // (An object where a cluster is due is reported at its missing members: clusters[0].name, ...)
    expect({ path, found: paths.some((p) => p.endsWith(path) || p.includes(`${path}.`)), paths }).toEqual(expect.objectContaining({ found: true }));
    for (const issue of issues) expect(() => formatIssue(issue)).not.toThrow();
    const attempt = synthesize(built instanceof WorkloadIdentityFleet ? built.identities : [built!]);
    expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
    expect(attempt.written).toEqual([]);
  }

  describe.each(fields)('%s', (_field, path, build) => {
    test.each(weird)('%s: an error at the field, no TypeError, nothing written', (_kind, make) => {
      expectFieldError(() => build(make()), path);
    });
  });

  /** Fields that are names, IDs or paths: any whitespace or control character is an error. */
  const names = fields.filter(([field]) =>
    [
      'a policy action',
      'a policy resource',
      'Grants.smnPublish',
      'Grants.kmsDecrypt',
      'Grants.obsReadOnly',
      'GrantScope.project',
      'GrantScope.projectByName',
      'GrantScope.enterpriseProject',
      'IamRole.fromSystemName',
      'IamRole.fromDisplayName',
      'clusterId',
      "a binding's agencyName",
      'fleet providerNamePrefix',
    ].includes(field),
  );
  test.each(names)('%s: whitespace or a control character is an error', (field, path, build) => {
    // Display names keep IAM's inner spaces ("OBS ReadOnlyAccess"), so theirs is leading.
    for (const bad of [field === 'IamRole.fromDisplayName' ? ' ab' : 'a b', 'a\tb', 'a\u0000b', 'a\u200bb', 'ab\n'])
      expectFieldError(() => build(bad), path);
  });

  /** Free-text fields: spaces are fine, control and invisible formatting characters are not. */
  const texts = fields.filter(([field]) => ['a condition value', 'a policy description', 'a group description'].includes(field));
  test.each(texts)('%s: control characters are an error, spaces are not', (_field, path, build) => {
    for (const bad of ['a\u0000b', 'a\nb', 'a\u2028b', 'a\u202eb', 'a\u0085b']) expectFieldError(() => build(bad), path);
    const ok = build('two words');
    expect(ok.validate().filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('a display name keeps IAM\'s inner spaces', () => {
    expect(
      granted(IamRole.fromDisplayName('OBS ReadOnlyAccess'), GrantScope.domain())
        .validate()
        .filter((i) => i.path.endsWith('.name')),
    ).toEqual([]);
  });

  test('a BigInt in a policy leaves no directory behind, not even an empty one', () => {
    const identity = granted(role({ document: PolicyDocument.of(PolicyStatement.allow([1n as never])) }));
    const root = mkdtempSync(join(tmpdir(), 'cce-wi-bigint-'));
    try {
      const { TerraformApp, TerraformStack } =
        jest.requireActual('../../lib/terraform/huaweicloud') as typeof import('../../lib/terraform/huaweicloud');
      const { synthesizeApps, WorkloadIdentityProvider } = jest.requireActual('../../lib') as typeof import('../../lib');
      const terraform = new TerraformApp({ outdir: join(root, 'cdktf.out'), skipBackendValidation: true });
      new WorkloadIdentityProvider(new TerraformStack(terraform, 'stack'), 'provider', { identity });
      expect(() => synthesizeApps({ terraform })).toThrow(SynthesisValidationError);
      expect(readdirSync(root, { recursive: true })).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

test('shared fixtures still hold: the binding and public key set are usable', () => {
  expect(decl({ bindings: [BINDING] }).validate()).toEqual([]);
  expect(PUBLIC_JWKS.keys.length).toBe(1);
});
