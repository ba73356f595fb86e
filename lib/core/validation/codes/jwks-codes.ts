/**
 * Issue codes: The cluster's key set (`Jwks`) and the declaration's `jwks` field.
 * One entry per code; `npm run docs:codes` writes them to docs/error-codes.md.
 */
import type { IssueCodeInfo } from './issue-code-info';

export const JWKS_CODES = {
  INVALID_JWKS: {
    severity: 'error',
    side: 'terraform',
    summary: '`jwks` is not a Jwks.',
    fix: 'Pass jwks: Jwks.fromFile("jwks.json").',
  },
  INVALID_SIGNING_KEY_LENGTH: {
    severity: 'error',
    side: 'terraform',
    summary: 'The key set\'s JSON is longer than the provider\'s signing_key accepts.',
    fix: 'List only the keys that sign tokens still in use (kubectl get --raw /openid/v1/jwks).',
  },
  JWKS_FILE_UNREADABLE: {
    severity: 'error',
    side: 'terraform',
    summary: 'The JWKS file path is missing or the file cannot be read.',
    fix: 'Write the cluster\'s key set there with `kubectl get --raw /openid/v1/jwks > <file>`, or point to the right file.',
  },
  JWKS_NOT_JSON: {
    severity: 'error',
    side: 'terraform',
    summary: 'The JWKS text is not valid JSON.',
    fix: 'Use the exact output of `kubectl get --raw /openid/v1/jwks`.',
  },
  JWKS_NOT_JSON_DATA: {
    severity: 'error',
    side: 'terraform',
    summary: 'An object given to Jwks.fromObject holds something that is not JSON data (a bigint, function, class instance, cycle ...).',
    fix: 'Pass the parsed output of `kubectl get --raw /openid/v1/jwks`, or use Jwks.fromJson(text).',
  },
  JWKS_NOT_OBJECT: {
    severity: 'error',
    side: 'terraform',
    summary: 'The JWKS is not a JSON object {"keys":[...]}.',
    fix: 'Use the exact output of `kubectl get --raw /openid/v1/jwks`.',
  },
  JWKS_NO_KEYS: {
    severity: 'error',
    side: 'terraform',
    summary: 'The JWKS has no keys.',
    fix: 'Use the output of `kubectl get --raw /openid/v1/jwks`, which lists the cluster\'s signing keys.',
  },
  JWKS_PRIVATE_KEY: {
    severity: 'error',
    side: 'terraform',
    summary: 'The JWKS holds private key material, which would be stored in Terraform state.',
    fix: 'Use the cluster\'s public key set from `kubectl get --raw /openid/v1/jwks`, and treat this private key as leaked.',
  },
  JWKS_REQUIRED: {
    severity: 'error',
    side: 'terraform',
    summary: 'Bindings use OIDC federation, but the declaration has no jwks for the identity provider to trust.',
    fix: 'Pass jwks: Jwks.fromFile("jwks.json") (cce-workload-identity jwks fetch --out jwks.json); or put every binding on pod identity '
      + '(mode: IdentityMode.POD_IDENTITY), which needs none.',
  },
  JWKS_SINGLE_KEY: {
    severity: 'error',
    side: 'terraform',
    summary: 'A single JWK was given instead of a key set.',
    fix: 'Wrap it as {"keys":[<key>]}.',
  },
  JWK_ALG_MISMATCH: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s alg does not fit its key type (or curve).',
    fix: 'Use the algorithm of the key type: RS256 (or RS384, RS512, PS256, PS384, PS512) for RSA, ES256/ES384/ES512 for P-256/P-384/P-521.',
  },
  JWK_DUPLICATE_KID: {
    severity: 'error',
    side: 'terraform',
    summary: 'Two keys have the same key ID, so a token\'s "kid" does not pick one key.',
    fix: 'Remove the duplicate key.',
  },
  JWK_INVALID_ENCODING: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key member is not unpadded base64url.',
    fix: 'Copy the key unchanged from the cluster\'s JWKS.',
  },
  JWK_INVALID_KEY: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s members do not decode to a public key.',
    fix: 'Copy the key unchanged from the cluster\'s JWKS.',
  },
  JWK_INVALID_KID: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key ID is not a non-empty string, or holds characters that cannot be written exactly.',
    fix: 'Copy the key ID unchanged from the cluster\'s JWKS.',
  },
  JWK_INVALID_X5C: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s x5c is not an array of base64-encoded DER certificates.',
    fix: 'Remove "x5c" (IAM needs only the public key members), or copy it unchanged from the cluster\'s JWKS.',
  },
  JWK_MISSING_MEMBER: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key lacks a member its key type needs (n, e for RSA; crv, x, y for EC).',
    fix: 'Copy the key unchanged from the cluster\'s JWKS.',
  },
  JWK_NOT_OBJECT: {
    severity: 'error',
    side: 'terraform',
    summary: 'An entry of keys is not a JSON object.',
    fix: 'Remove it or replace it with a public JWK.',
  },
  JWK_NO_KID: {
    severity: 'warning',
    side: 'terraform',
    summary: 'A key has no "kid" while the set holds several keys; verifiers must then try each key.',
    fix: 'Copy the keys unchanged from the cluster\'s JWKS, which sets "kid".',
  },
  JWK_UNSUPPORTED_ALG: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s alg is not a signing algorithm IAM accepts.',
    fix: 'Use the key\'s real signing algorithm (kube-apiserver uses RS256 for RSA keys).',
  },
  JWK_UNSUPPORTED_CURVE: {
    severity: 'error',
    side: 'terraform',
    summary: 'An EC key\'s curve is not P-256, P-384 or P-521.',
    fix: 'Use a key on one of those curves.',
  },
  JWK_UNSUPPORTED_KTY: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s type is neither RSA nor EC.',
    fix: 'Use the cluster\'s RSA or EC signing key.',
  },
  JWK_USE_NOT_SIG: {
    severity: 'error',
    side: 'terraform',
    summary: 'A key\'s use is present and not "sig".',
    fix: 'Remove "use" or set it to "sig".',
  },
  JWK_WEAK_KEY: {
    severity: 'error',
    side: 'terraform',
    summary: 'An RSA key is too weak: its modulus is under 2048 bits, or its public exponent is not odd and at least 3.',
    fix: 'Rotate the cluster\'s service-account signing key to RSA 2048 bits or more.',
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;
