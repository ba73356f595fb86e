/**
 * Every bad declaration is rejected before anything is written, with a message naming the field
 * path, the offending value (never a secret), the rule and a fix; all errors are reported at once.
 */
import { reported } from '../support/reported';
import {
  Jwks, SynthesisValidationError, ValidationIssue, WorkloadIdentity, WorkloadIdentityValidationError,
} from '../../lib';
import { crossDeclarationIssues, validateDeclarations } from '../../lib/core/declaration/declarations';
import { formatIssue } from '../../lib/core/issues/issues';
import { A_JWT, BINDING, declaration, keys, PUBLIC_JWK, PUBLIC_JWKS, SECRET_VALUES, synthesize, URL_PASSWORD, withKeys } from './fixtures';

const P = 'WorkloadIdentity("workload_identity")';
const B0 = `${P}.bindings[0]`;

interface BadCase {
  /** What is wrong. */
  readonly name: string;
  /** The declarations (one app). */
  readonly build: () => WorkloadIdentity | WorkloadIdentity[];
  /** Expected issue code. */
  readonly code: string;
  /** Expected field path. */
  readonly path: string;
  /** Key words of the rule (all must appear). */
  readonly rule: readonly string[];
  /** The value shown (quoted as in messages), or null when it must be hidden. */
  readonly value?: string | null;
}

const long = (n: number, c = 'a'): string => c.repeat(n);

const cases: BadCase[] = [
  // identity provider
  {
    name: 'provider name empty',
    build: () => declaration({ providerName: '' }),
    code: 'INVALID_PROVIDER_NAME',
    path: 'WorkloadIdentity("").providerName',
    rule: ['1-64', 'letters, digits'],
    value: '""',
  },
  {
    name: 'provider name with a dot',
    build: () => declaration({ providerName: 'workload.identity' }),
    code: 'INVALID_PROVIDER_NAME',
    path: 'WorkloadIdentity("workload.identity").providerName',
    rule: ['1-64', '"_" and "-"'],
    value: '"workload.identity"',
  },
  {
    name: 'provider name of 65 characters',
    build: () => declaration({ providerName: long(65) }),
    code: 'INVALID_PROVIDER_NAME',
    path: `WorkloadIdentity("${long(65)}").providerName`,
    rule: ['1-64'],
  },
  {
    name: 'provider name with a space',
    build: () => declaration({ providerName: 'workload identity' }),
    code: 'INVALID_PROVIDER_NAME',
    path: 'WorkloadIdentity("workload identity").providerName',
    rule: ['letters, digits'],
  },
  {
    name: 'provider name not a string',
    build: () => declaration({ providerName: 42 as never }),
    code: 'INVALID_PROVIDER_NAME',
    path: 'WorkloadIdentity("42").providerName',
    rule: ['must be a string'],
    value: '42',
  },
  {
    name: 'client ID empty',
    build: () => declaration({ clientId: '' }),
    code: 'INVALID_CLIENT_ID',
    path: `${P}.clientId`,
    rule: ['5-255', 'without whitespace'],
    value: '""',
  },
  {
    name: 'client ID with whitespace',
    build: () => declaration({ clientId: 'my client' }),
    code: 'INVALID_CLIENT_ID',
    path: `${P}.clientId`,
    rule: ['without whitespace'],
    value: '"my client"',
  },
  {
    name: 'client ID of 256 characters',
    build: () => declaration({ clientId: long(256) }),
    code: 'INVALID_CLIENT_ID',
    path: `${P}.clientId`,
    rule: ['5-255'],
  },
  {
    name: 'client ID is a pasted token',
    build: () => declaration({ clientId: `${A_JWT} ` }),
    code: 'INVALID_CLIENT_ID',
    path: `${P}.clientId`,
    rule: ['without whitespace', 'value not shown', 'JWT'],
    value: null,
  },
  {
    name: 'issuer over http',
    build: () => declaration({ issuer: 'http://kubernetes.default.svc.cluster.local' }),
    code: 'INVALID_ISSUER',
    path: `${P}.issuer`,
    rule: ['https URL'],
    value: '"http://kubernetes.default.svc.cluster.local"',
  },
  {
    name: 'issuer with a query',
    build: () => declaration({ issuer: 'https://issuer.example?x=1' }),
    code: 'INVALID_ISSUER',
    path: `${P}.issuer`,
    rule: ['without query or fragment'],
  },
  {
    name: 'issuer with a fragment',
    build: () => declaration({ issuer: 'https://issuer.example#frag' }),
    code: 'INVALID_ISSUER',
    path: `${P}.issuer`,
    rule: ['without query or fragment'],
  },
  {
    name: 'issuer not a URL',
    build: () => declaration({ issuer: 'kubernetes.default.svc' }),
    code: 'INVALID_ISSUER',
    path: `${P}.issuer`,
    rule: ['https URL'],
  },
  {
    name: 'issuer with credentials',
    build: () => declaration({ issuer: `https://admin:${URL_PASSWORD}@issuer.example` }),
    code: 'INVALID_ISSUER',
    path: `${P}.issuer`,
    rule: ['must not hold credentials', 'value not shown'],
    value: null,
  },
  {
    name: 'region malformed',
    build: () => declaration({ region: 'CN North 4' }),
    code: 'INVALID_REGION',
    path: `${P}.region`,
    rule: ['region ID', 'cn-north-4'],
    value: '"CN North 4"',
  },
  {
    name: 'project ID malformed',
    build: () => declaration({ projectId: 'my-project' }),
    code: 'INVALID_PROJECT_ID',
    path: `${P}.projectId`,
    rule: ['32 lowercase hexadecimal'],
  },
  {
    name: 'IAM endpoint over http',
    build: () => declaration({ iamEndpoint: 'http://iam.cn-north-4.myhuaweicloud.com' }),
    code: 'INVALID_IAM_ENDPOINT',
    path: `${P}.iamEndpoint`,
    rule: ['https URL', 'loopback'],
  },
  {
    name: 'IAM endpoint with a path',
    build: () => declaration({ iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com/v3' }),
    code: 'INVALID_IAM_ENDPOINT',
    path: `${P}.iamEndpoint`,
    rule: ['without path'],
  },
  {
    name: 'IAM endpoint with credentials',
    build: () => declaration({ iamEndpoint: `https://ak:${URL_PASSWORD}@iam.example.com` }),
    code: 'INVALID_IAM_ENDPOINT',
    path: `${P}.iamEndpoint`,
    rule: ['must not hold credentials', 'value not shown'],
    value: null,
  },
  {
    name: 'description over 255 characters',
    build: () => declaration({ description: long(256, 'd') }),
    code: 'INVALID_DESCRIPTION',
    path: `${P}.description`,
    rule: ['at most 255'],
  },
  {
    name: 'enabled not a boolean',
    build: () => declaration({ enabled: 'yes' as never }),
    code: 'INVALID_ENABLED',
    path: `${P}.enabled`,
    rule: ['true or false'],
    value: '"yes"',
  },
  { name: 'no bindings', build: () => declaration({ bindings: [] }), code: 'NO_BINDINGS', path: `${P}.bindings`, rule: ['admit no ServiceAccount'] },
  // JWKS
  {
    name: 'JWKS not JSON',
    build: () => declaration({ jwks: Jwks.fromJson('{"keys": [') }),
    code: 'JWKS_NOT_JSON',
    path: `${P}.jwks`,
    rule: ['not valid JSON'],
  },
  {
    name: 'JWKS is a PEM private key',
    build: () => declaration({ jwks: Jwks.fromJson('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----') }),
    code: 'JWKS_NOT_JSON',
    path: `${P}.jwks`,
    rule: ['not valid JSON'],
    value: null,
  },
  {
    name: 'JWKS is an array',
    build: () => declaration({ jwks: Jwks.fromJson(JSON.stringify([PUBLIC_JWK])) }),
    code: 'JWKS_NOT_OBJECT',
    path: `${P}.jwks`,
    rule: ['JSON object', '"keys"'],
  },
  {
    name: 'JWKS without keys',
    build: () => declaration({ jwks: Jwks.fromJson('{}') }),
    code: 'JWKS_NO_KEYS',
    path: `${P}.jwks.keys`,
    rule: ['non-empty array'],
  },
  {
    name: 'JWKS with an empty key list',
    build: () => declaration({ jwks: Jwks.fromObject({ keys: [] }) }),
    code: 'JWKS_NO_KEYS',
    path: `${P}.jwks.keys`,
    rule: ['non-empty array'],
  },
  {
    name: 'JWKS file missing',
    build: () => declaration({ jwks: Jwks.fromFile('/nonexistent/jwks.json') }),
    code: 'JWKS_FILE_UNREADABLE',
    path: `${P}.jwks`,
    rule: ['cannot be read', 'ENOENT'],
    value: '"/nonexistent/jwks.json"',
  },
  {
    name: 'a single JWK instead of a set',
    build: () => declaration({ jwks: Jwks.fromObject(PUBLIC_JWK) }),
    code: 'JWKS_SINGLE_KEY',
    path: `${P}.jwks`,
    rule: ['single JWK'],
  },
  { name: 'a key that is not an object', build: () => withKeys('RS256'), code: 'JWK_NOT_OBJECT', path: `${P}.jwks.keys[0]`, rule: ['JSON object'] },
  {
    name: 'RSA private key',
    build: () => withKeys(keys.rsaPrivate),
    code: 'JWKS_PRIVATE_KEY',
    path: `${P}.jwks.keys[0]`,
    rule: ['private key material', '"d"', '"qi"', 'Terraform state'],
    value: null,
  },
  {
    name: 'EC private key',
    build: () => withKeys(PUBLIC_JWK, keys.ecPrivate),
    code: 'JWKS_PRIVATE_KEY',
    path: `${P}.jwks.keys[1]`,
    rule: ['private key material', 'member "d"'],
    value: null,
  },
  {
    name: 'symmetric (oct) key',
    build: () => withKeys(keys.oct),
    code: 'JWKS_PRIVATE_KEY',
    path: `${P}.jwks.keys[0]`,
    rule: ['private key material', '"k"'],
    value: null,
  },
  {
    name: 'single JWK holding a private key',
    build: () => declaration({ jwks: Jwks.fromObject(keys.rsaPrivate) }),
    code: 'JWKS_PRIVATE_KEY',
    path: `${P}.jwks`,
    rule: ['private key material'],
    value: null,
  },
  {
    name: 'unsupported key type',
    build: () => withKeys({ kty: 'OKP', crv: 'Ed25519', x: 'abc' }),
    code: 'JWK_UNSUPPORTED_KTY',
    path: `${P}.jwks.keys[0].kty`,
    rule: ['"RSA" or "EC"'],
    value: '"OKP"',
  },
  {
    name: 'RSA key without e',
    build: () => withKeys({ kty: 'RSA', n: PUBLIC_JWK.n }),
    code: 'JWK_MISSING_MEMBER',
    path: `${P}.jwks.keys[0]`,
    rule: ['RSA key', 'missing "e"'],
  },
  {
    name: 'EC key without y',
    build: () => withKeys({ kty: 'EC', crv: 'P-256', x: keys.ecPublic.x }),
    code: 'JWK_MISSING_MEMBER',
    path: `${P}.jwks.keys[0]`,
    rule: ['EC key', 'missing "y"'],
  },
  {
    name: 'use is enc',
    build: () => withKeys({ ...PUBLIC_JWK, use: 'enc' }),
    code: 'JWK_USE_NOT_SIG',
    path: `${P}.jwks.keys[0].use`,
    rule: ['"sig"'],
    value: '"enc"',
  },
  {
    name: 'alg HS256',
    build: () => withKeys({ ...PUBLIC_JWK, alg: 'HS256' }),
    code: 'JWK_UNSUPPORTED_ALG',
    path: `${P}.jwks.keys[0].alg`,
    rule: ['must be one of', 'RS256'],
    value: '"HS256"',
  },
  {
    name: 'alg none',
    build: () => withKeys({ ...PUBLIC_JWK, alg: 'none' }),
    code: 'JWK_UNSUPPORTED_ALG',
    path: `${P}.jwks.keys[0].alg`,
    rule: ['must be one of'],
    value: '"none"',
  },
  {
    name: 'EC alg on an RSA key',
    build: () => withKeys({ ...PUBLIC_JWK, alg: 'ES256' }),
    code: 'JWK_ALG_MISMATCH',
    path: `${P}.jwks.keys[0].alg`,
    rule: ['does not fit a RSA key'],
    value: '"ES256"',
  },
  {
    name: 'ES384 on a P-256 key',
    build: () => withKeys({ ...keys.ecPublic, alg: 'ES384' }),
    code: 'JWK_ALG_MISMATCH',
    path: `${P}.jwks.keys[0].alg`,
    rule: ['does not fit a EC P-256 key'],
  },
  {
    name: 'unsupported curve',
    build: () => withKeys({ kty: 'EC', crv: 'secp256k1', x: keys.ecPublic.x, y: keys.ecPublic.y }),
    code: 'JWK_UNSUPPORTED_CURVE',
    path: `${P}.jwks.keys[0].crv`,
    rule: ['"P-256", "P-384" or "P-521"'],
    value: '"secp256k1"',
  },
  {
    name: 'duplicate kid',
    build: () => withKeys(PUBLIC_JWK, { ...keys.ecPublic, kid: PUBLIC_JWK.kid }),
    code: 'JWK_DUPLICATE_KID',
    path: `${P}.jwks.keys[1].kid`,
    rule: ['repeats the key ID', 'unique'],
  },
  {
    name: 'empty kid',
    build: () => withKeys({ ...PUBLIC_JWK, kid: '' }),
    code: 'JWK_INVALID_KID',
    path: `${P}.jwks.keys[0].kid`,
    rule: ['non-empty string'],
  },
  {
    name: 'EC point not on the curve',
    build: () => withKeys({ ...keys.ecPublic, y: keys.ecPublic.x }),
    code: 'JWK_INVALID_KEY',
    path: `${P}.jwks.keys[0]`,
    rule: ['not a valid EC public key'],
  },
  {
    name: 'RSA public exponent 1 (forgeable)',
    build: () => withKeys({ ...PUBLIC_JWK, e: 'AQ' }),
    code: 'JWK_WEAK_KEY',
    path: `${P}.jwks.keys[0].e`,
    rule: ['public exponent', 'odd and at least 3'],
    value: '"exponent 1"',
  },
  {
    name: 'RSA key of 1024 bits',
    build: () => withKeys(keys.rsaWeak),
    code: 'JWK_WEAK_KEY',
    path: `${P}.jwks.keys[0].n`,
    rule: ['too weak', '2048 bits'],
    value: '"1024 bits"',
  },
  // bindings: names
  {
    name: 'namespace with uppercase',
    build: () => declaration({}, { namespace: 'Default' }),
    code: 'INVALID_NAMESPACE',
    path: `${B0}.namespace`,
    rule: ['DNS-1123 label', 'lowercase'],
    value: '"Default"',
  },
  {
    name: 'namespace of 64 characters',
    build: () => declaration({}, { namespace: long(64) }),
    code: 'INVALID_NAMESPACE',
    path: `${B0}.namespace`,
    rule: ['at most 63'],
  },
  {
    name: 'namespace with a dot (a subdomain, not a label)',
    build: () => declaration({}, { namespace: 'team.a' }),
    code: 'INVALID_NAMESPACE',
    path: `${B0}.namespace`,
    rule: ['DNS-1123 label'],
  },
  {
    name: 'namespace not a string',
    build: () => declaration({}, { namespace: 7 as never }),
    code: 'INVALID_NAMESPACE',
    path: `${B0}.namespace`,
    rule: ['must be a string'],
  },
  {
    name: 'ServiceAccount name with uppercase',
    build: () => declaration({}, { serviceAccountName: 'OidcToken' }),
    code: 'INVALID_SERVICE_ACCOUNT_NAME',
    path: `${B0}.serviceAccountName`,
    rule: ['DNS-1123 subdomain'],
    value: '"OidcToken"',
  },
  {
    name: 'ServiceAccount name of 254 characters',
    build: () => declaration({}, { serviceAccountName: long(254) }),
    code: 'INVALID_SERVICE_ACCOUNT_NAME',
    path: `${B0}.serviceAccountName`,
    rule: ['at most 253'],
  },
  {
    name: 'ServiceAccount name with an underscore',
    build: () => declaration({}, { serviceAccountName: 'oidc_token' }),
    code: 'INVALID_SERVICE_ACCOUNT_NAME',
    path: `${B0}.serviceAccountName`,
    rule: ['DNS-1123 subdomain'],
  },
  {
    name: 'ServiceAccount name ending with "-"',
    build: () => declaration({}, { serviceAccountName: 'oidc-' }),
    code: 'INVALID_SERVICE_ACCOUNT_NAME',
    path: `${B0}.serviceAccountName`,
    rule: ['starting and ending with a letter or digit'],
  },
  {
    name: 'ServiceAccount name missing',
    build: () => declaration({}, { serviceAccountName: undefined as never }),
    code: 'INVALID_SERVICE_ACCOUNT_NAME',
    path: `${B0}.serviceAccountName`,
    rule: ['must be a string'],
  },
  {
    name: 'IAM user starting with a digit',
    build: () => declaration({}, { iamUser: '1test' }),
    code: 'INVALID_IAM_USER',
    path: `${B0}.iamUser`,
    rule: ['1-32', 'not starting with a digit'],
    value: '"1test"',
  },
  {
    name: 'IAM user of 33 characters',
    build: () => declaration({}, { iamUser: long(33, 'u') }),
    code: 'INVALID_IAM_USER',
    path: `${B0}.iamUser`,
    rule: ['1-32'],
  },
  {
    name: 'IAM user with "@"',
    build: () => declaration({}, { iamUser: 'test@example' }),
    code: 'INVALID_IAM_USER',
    path: `${B0}.iamUser`,
    rule: ['letters, digits, spaces'],
  },
  {
    name: 'IAM group ending with a space',
    build: () => declaration({}, { iamGroups: ['demo '] }),
    code: 'INVALID_IAM_GROUP',
    path: `${B0}.iamGroups[0]`,
    rule: ['not starting or ending with a space', 'U+0020 space at index 4'],
    value: '"demo "',
  },
  {
    name: 'IAM group of 129 characters',
    build: () => declaration({}, { iamGroups: ['ok', long(129, 'g')] }),
    code: 'INVALID_IAM_GROUP',
    path: `${B0}.iamGroups[1]`,
    rule: ['1-128'],
  },
  {
    name: 'IAM groups given as a string',
    build: () => declaration({}, { iamGroups: 'demo' as never }),
    code: 'INVALID_IAM_GROUPS',
    path: `${B0}.iamGroups`,
    rule: ['array of group names'],
  },
  {
    name: 'IAM group listed twice',
    build: () => declaration({}, { iamGroups: ['demo', 'demo'] }),
    code: 'DUPLICATE_IAM_GROUP',
    path: `${B0}.iamGroups[1]`,
    rule: ['listed twice'],
    value: '"demo"',
  },
  {
    name: 'group-only binding whose ServiceAccount name is no valid IAM user name',
    build: () => declaration({}, { serviceAccountName: '9-workers', iamUser: undefined, iamGroups: ['demo'] }),
    code: 'IAM_USER_REQUIRED',
    path: `${B0}.iamUser`,
    rule: ['is not set', 'not a valid IAM user name', 'not starting with a digit'],
    value: '"9-workers"',
  },
  {
    name: 'binding with neither user nor group',
    build: () => declaration({}, { iamUser: undefined, iamGroups: [] }),
    code: 'BINDING_MAPS_TO_NOTHING',
    path: B0,
    rule: ['neither an IAM user nor a group'],
    value: '"default/oidc-token"',
  },
  {
    name: 'binding project ID malformed',
    build: () => declaration({}, { projectId: 'X' }),
    code: 'INVALID_PROJECT_ID',
    path: `${B0}.projectId`,
    rule: ['32 lowercase hexadecimal'],
  },
  {
    name: 'binding region malformed',
    build: () => declaration({}, { region: 'north' }),
    code: 'INVALID_REGION',
    path: `${B0}.region`,
    rule: ['region ID'],
  },
  // bindings: token
  {
    name: 'expiration below 600 s',
    build: () => declaration({}, { token: { expirationSeconds: 599 } }),
    code: 'INVALID_TOKEN_EXPIRATION',
    path: `${B0}.token.expirationSeconds`,
    rule: ['from 600', "kube-apiserver's minimum"],
    value: '599',
  },
  {
    name: 'expiration above 2^32 s',
    build: () => declaration({}, { token: { expirationSeconds: 2 ** 32 + 1 } }),
    code: 'INVALID_TOKEN_EXPIRATION',
    path: `${B0}.token.expirationSeconds`,
    rule: ['to 4294967296', '2^32'],
  },
  {
    name: 'expiration not whole',
    build: () => declaration({}, { token: { expirationSeconds: 3600.5 } }),
    code: 'INVALID_TOKEN_EXPIRATION',
    path: `${B0}.token.expirationSeconds`,
    rule: ['whole number'],
  },
  {
    name: 'expiration given as a string',
    build: () => declaration({}, { token: { expirationSeconds: '7200' as never } }),
    code: 'INVALID_TOKEN_EXPIRATION',
    path: `${B0}.token.expirationSeconds`,
    rule: ['whole number'],
    value: '"7200"',
  },
  {
    name: 'token path absolute',
    build: () => declaration({}, { token: { path: '/oidc-token' } }),
    code: 'INVALID_TOKEN_PATH',
    path: `${B0}.token.path`,
    rule: ['relative file path'],
    value: '"/oidc-token"',
  },
  {
    name: 'token path escaping with ..',
    build: () => declaration({}, { token: { path: 'a/../../etc/passwd' } }),
    code: 'INVALID_TOKEN_PATH',
    path: `${B0}.token.path`,
    rule: ['without ".."'],
  },
  {
    name: "token path starting with .. (the atomic writer's ..data)",
    build: () => declaration({}, { token: { path: '..data' } }),
    code: 'INVALID_TOKEN_PATH',
    path: `${B0}.token.path`,
    rule: ['leading "/" or ".."'],
  },
  {
    name: 'token path with an empty segment',
    build: () => declaration({}, { token: { path: 'a//token' } }),
    code: 'INVALID_TOKEN_PATH',
    path: `${B0}.token.path`,
    rule: ['empty segments'],
  },
  {
    name: 'token path element over 255 bytes',
    build: () => declaration({}, { token: { path: `dir/${long(256, 't')}` } }),
    code: 'INVALID_TOKEN_PATH',
    path: `${B0}.token.path`,
    rule: ['over 255 bytes'],
  },
  {
    name: 'mount path relative',
    build: () => declaration({}, { token: { mountPath: 'var/run/secrets/tokens' } }),
    code: 'INVALID_MOUNT_PATH',
    path: `${B0}.token.mountPath`,
    rule: ['absolute'],
    value: '"var/run/secrets/tokens"',
  },
  {
    name: 'mount path with a trailing slash',
    build: () => declaration({}, { token: { mountPath: '/var/run/secrets/tokens/' } }),
    code: 'INVALID_MOUNT_PATH',
    path: `${B0}.token.mountPath`,
    rule: ['no trailing "/"'],
  },
  {
    name: 'mount path "/"',
    build: () => declaration({}, { token: { mountPath: '/' } }),
    code: 'INVALID_MOUNT_PATH',
    path: `${B0}.token.mountPath`,
    rule: ['not "/"'],
  },
  {
    name: 'mount path with ":"',
    build: () => declaration({}, { token: { mountPath: '/var/run:tokens' } }),
    code: 'INVALID_MOUNT_PATH',
    path: `${B0}.token.mountPath`,
    rule: ['":"'],
  },
  {
    name: 'mount path = the API token path',
    build: () => declaration({}, { token: { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' } }),
    code: 'MOUNT_PATH_COLLIDES_WITH_API_TOKEN',
    path: `${B0}.token.mountPath`,
    rule: ['overlaps', 'default API token'],
  },
  {
    name: 'mount path above the API token path',
    build: () => declaration({}, { token: { mountPath: '/var/run/secrets' } }),
    code: 'MOUNT_PATH_COLLIDES_WITH_API_TOKEN',
    path: `${B0}.token.mountPath`,
    rule: ['overlaps'],
    value: '"/var/run/secrets"',
  },
  {
    name: 'mount path = the API token path through /run',
    build: () => declaration({}, { token: { mountPath: '/run/secrets/kubernetes.io/serviceaccount' } }),
    code: 'MOUNT_PATH_COLLIDES_WITH_API_TOKEN',
    path: `${B0}.token.mountPath`,
    rule: ['overlaps', '/run alias'],
  },
  // duplicates and declarations sharing a provider
  {
    name: 'same ServiceAccount bound twice',
    build: () => declaration({ bindings: [BINDING, { ...BINDING, iamGroups: ['other'] }] }),
    code: 'DUPLICATE_BINDING',
    path: `${P}.bindings[1]`,
    rule: ['same ServiceAccount as bindings[0]'],
    value: '"default/oidc-token"',
  },
  {
    name: 'same ServiceAccount bound twice, namespace defaulted',
    build: () =>
      declaration({
        bindings: [
          { serviceAccountName: 'x', iamGroups: ['g'] },
          { namespace: 'default', serviceAccountName: 'x', iamGroups: ['g'] },
        ],
      }),
    code: 'DUPLICATE_BINDING',
    path: `${P}.bindings[1]`,
    rule: ['same ServiceAccount'],
  },
  {
    name: 'two declarations, one provider, different client IDs',
    build: () => [declaration(), declaration({ clientId: 'other' }, { serviceAccountName: 'b' })],
    code: 'DUPLICATE_PROVIDER',
    path: `${P}.providerName`,
    rule: ['declared 2 times', 'differing in clientId'],
  },
  {
    name: 'two declarations, one provider, different issuers',
    build: () => [declaration(), declaration({ issuer: 'https://oidc.example' }, { serviceAccountName: 'b' })],
    code: 'DUPLICATE_PROVIDER',
    path: `${P}.providerName`,
    rule: ['differing in issuer'],
  },
  {
    name: 'two declarations, one provider, different JWKS',
    build: () => [declaration(), declaration({ jwks: Jwks.fromObject({ keys: [keys.ecPublic] }) }, { serviceAccountName: 'b' })],
    code: 'DUPLICATE_PROVIDER',
    path: `${P}.providerName`,
    rule: ['differing in jwks'],
  },
  {
    name: 'one ServiceAccount bound to different users through two declarations sharing a provider',
    build: () => [declaration(), declaration({}, { iamUser: 'someone-else' })],
    code: 'DUPLICATE_BINDING',
    path: B0,
    rule: ['also bound by', 'to a different IAM user or groups'],
  },
  {
    name: 'the same declaration rendered twice',
    build: () => {
      const d = declaration();
      return [d, d];
    },
    code: 'DUPLICATE_PROVIDER',
    path: `${P}.providerName`,
    rule: ['rendered twice'],
  },
];

/** Every message produced by the cases, for the no-secret check at the end. */
const messages: string[] = [];

/** What the constructs report for one app: each declaration's own issues, then the cross-declaration ones. */
function issuesOf(c: BadCase): ValidationIssue[] {
  const built = c.build();
  const list = Array.isArray(built) ? built : [built];
  return [...validateDeclarations(list), ...crossDeclarationIssues(list)];
}

test('the table holds at least 40 distinct bad declarations', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  expect(new Set(cases.map((c) => `${c.code} ${c.path} ${c.rule.join()}`)).size).toBeGreaterThanOrEqual(40);
});

test('the base declaration is valid (each case breaks one thing)', () => {
  expect(declaration().validate()).toEqual([]);
  const attempt = synthesize([declaration()]);
  expect(attempt.error).toBeUndefined();
  expect(attempt.written.length).toBeGreaterThan(0);
});

describe.each(cases)('$name', (c) => {
  test(`validation reports ${c.code} at the field, with the rule and a fix`, () => {
    const issues = issuesOf(c);
    const issue = issues.find((i) => i.code === c.code && i.path === c.path);
    expect({ found: issue !== undefined, codes: issues.map((i) => `${i.code} ${i.path}`) }).toEqual(expect.objectContaining({ found: true }));
    expect(issue!.severity).toBe('error');
    for (const word of c.rule) expect(issue!.rule).toContain(word);
    expect(issue!.fix.length).toBeGreaterThan(5);
    if (c.value === null) expect(issue!.value).toBeUndefined();
    else if (c.value !== undefined) expect(issue!.value).toBe(c.value);
    messages.push(...issues.map(formatIssue));
  });

  test('synthesis fails naming it, and writes nothing', () => {
    const built = c.build();
    const attempt = synthesize(Array.isArray(built) ? built : [built]);
    expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
    const message = reported(attempt.error!);
    expect(message).toContain(c.path);
    for (const word of c.rule) expect(message).toContain(word);
    expect(message).toContain('nothing was written');
    expect(attempt.written).toEqual([]);
    messages.push(message);
  });
});

describe('all errors at once', () => {
  const many = (): WorkloadIdentity =>
    new WorkloadIdentity({
      providerName: 'bad name!',
      clientId: 'client id',
      issuer: 'http://issuer.example',
      jwks: Jwks.fromObject({ keys: [keys.rsaPrivate, { ...PUBLIC_JWK, use: 'enc' }] }),
      region: 'nowhere',
      bindings: [
        {
          namespace: 'Bad_NS',
          serviceAccountName: 'ok',
          iamGroups: ['demo'],
          token: { expirationSeconds: 10, path: '../x', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
        },
        { namespace: 'default', serviceAccountName: 'NOPE', iamUser: '9lives' },
        { namespace: 'default', serviceAccountName: 'nothing' },
      ],
    });
  const expected: Array<[string, string]> = [
    ['INVALID_PROVIDER_NAME', '.providerName'],
    ['INVALID_CLIENT_ID', '.clientId'],
    ['INVALID_ISSUER', '.issuer'],
    ['INVALID_REGION', '.region'],
    ['JWKS_PRIVATE_KEY', '.jwks.keys[0]'],
    ['JWK_USE_NOT_SIG', '.jwks.keys[1].use'],
    ['INVALID_NAMESPACE', '.bindings[0].namespace'],
    ['INVALID_TOKEN_EXPIRATION', '.bindings[0].token.expirationSeconds'],
    ['INVALID_TOKEN_PATH', '.bindings[0].token.path'],
    ['MOUNT_PATH_COLLIDES_WITH_API_TOKEN', '.bindings[0].token.mountPath'],
    ['INVALID_SERVICE_ACCOUNT_NAME', '.bindings[1].serviceAccountName'],
    ['INVALID_IAM_USER', '.bindings[1].iamUser'],
    ['BINDING_MAPS_TO_NOTHING', '.bindings[2]'],
  ];
  const base = 'WorkloadIdentity("bad name!")';

  test('validate() collects every error', () => {
    const issues = many().validate().filter((i) => i.severity === 'error');
    expect(issues.map((i) => [i.code, i.path.slice(base.length)])).toEqual(expect.arrayContaining(expected));
    // Binding errors also reach the region check: bindings inherit the declaration's region.
    expect(issues.length).toBeGreaterThanOrEqual(expected.length);
  });

  test('assertValid() throws once, listing every error', () => {
    let thrown: unknown;
    try {
      many().assertValid();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkloadIdentityValidationError);
    const error = thrown as WorkloadIdentityValidationError;
    for (const [code, path] of expected) {
      expect(error.issues.some((i) => i.code === code)).toBe(true);
      expect(error.message).toContain(`${base}${path}:`);
    }
    messages.push(error.message);
  });

  test('synthesizeApps throws once, listing every error of both apps, and writes nothing', () => {
    const attempt = synthesize([many()]);
    expect(attempt.error).toBeInstanceOf(SynthesisValidationError);
    const error = attempt.error as SynthesisValidationError;
    for (const [, path] of expected) expect(error.message).toContain(`${base}${path}:`);
    // Kubernetes-side issues come from the ServiceAccount constructs, Terraform-side from the provider.
    expect(error.errors.some((e) => e.startsWith('[chart/sa-0-0]') && e.includes('.bindings[0].token.path'))).toBe(true);
    expect(error.errors.some((e) => e.startsWith('[stack/provider-0]') && e.includes('.jwks.keys[0]'))).toBe(true);
    expect(attempt.written).toEqual([]);
    messages.push(error.message);
  });
});

describe('secrets never appear in a message', () => {
  test('no private key member, token or URL password in any message of the table', () => {
    expect(messages.length).toBeGreaterThan(cases.length);
    expect(SECRET_VALUES.length).toBeGreaterThanOrEqual(7);
    const all = messages.join('\n');
    for (const secret of [...SECRET_VALUES, A_JWT, A_JWT.split('.')[1], A_JWT.split('.')[2], URL_PASSWORD]) {
      expect(all.includes(secret)).toBe(false);
      // Not even a long prefix (values are shown cut at 80 characters).
      expect(all.includes(secret.slice(0, 24))).toBe(false);
    }
  });

  test('a JWKS with private keys fails without echoing them, also through Jwks.value', () => {
    const jwks = Jwks.fromJson(JSON.stringify({ keys: [keys.rsaPrivate, keys.ecPrivate, keys.oct] }));
    let message = '';
    try {
      void jwks.value;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/private key material/);
    for (const secret of SECRET_VALUES) expect(message).not.toContain(secret.slice(0, 24));
  });

  test('the public example key set is accepted (the checks do not reject public keys)', () => {
    expect(withKeys(...PUBLIC_JWKS.keys, keys.ecPublic).validate()).toEqual([]);
  });
});
