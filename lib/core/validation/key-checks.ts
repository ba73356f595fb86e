/**
 * The checks of one key of a JWKS (jwks.keys[i]): its members, type, algorithm, curve, key ID and
 * strength, and private key material anywhere in the key set (PEM or DER, in x5c or any member,
 * private members of nested keys). A private key is reported, never echoed.
 */
import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { isJsonObject } from '../../contract/json';
import { ACCEPTED_ALGORITHMS, EC_ALGORITHM_BY_CURVE, RSA_ALGORITHMS } from '../../contract/jws-algorithms';
import { IssueCollector, IssueSide, showValue } from '../issues/issues';
import { describeType, exactStringRule } from './rules';

/** JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
export const PRIVATE_JWK_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Smallest RSA modulus accepted, in bits (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;
/** `path.key`, or `path["odd key"]` for keys that are not identifiers (shown safely). */
export function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$#][\w$#]{0,63}$/.test(key) ? `${path}.${key}` : `${path}[${showValue(key)}]`;
}

/** A PEM block holding a private key (PKCS#1, PKCS#8, SEC1, encrypted, OpenSSH ...). */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** JWK members that only ever hold public values (RFC 7517 §4, RFC 7518 §6). */
const PUBLIC_JWK_MEMBERS = new Set(['kty', 'use', 'key_ops', 'alg', 'kid', 'x5u', 'x5t', 'x5t#S256', 'n', 'e', 'crv', 'x', 'y']);

/** Whether `der` decodes as a private key in any DER form Node knows. */
function isPrivateKeyDer(der: Buffer): boolean {
  for (const options of [{ type: 'pkcs8' }, { type: 'pkcs1' }, { type: 'sec1' }] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', ...options });
      return true;
    } catch {
      // not this form
    }
  }
  return false;
}

/**
 * Looks for private key material anywhere under `value`: a PEM private key in any string, a
 * private key (DER, base64) in an `x5c` entry or in any member that is not one of the public JWK
 * members, and private members (`d`, `p`, `k`, ...) in keys nested below the set's own keys (the
 * set's keys themselves are checked by `checkKey`). Reports each, never the value. Also checks
 * that `x5c` entries are base64 DER certificates (RFC 7517 §4.7).
 */
export function scanForPrivateMaterial(value: unknown, path: string, out: IssueCollector, isSet = false, depth = 0): boolean {
  const leak = (where: string, what: string): true => {
    out.error({
      code: 'JWKS_PRIVATE_KEY',
      path: where,
      rule: `holds private key material (${what}); only public keys may be given, they would otherwise be stored in Terraform state`,
      fix: 'use the cluster\'s public key set from `kubectl get --raw /openid/v1/jwks`, and treat this private key as leaked',
      side: IssueSide.TERRAFORM,
    });
    return true;
  };
  if (depth > 32) return false;
  if (typeof value === 'string') {
    return PEM_PRIVATE_KEY.test(value) ? leak(path, 'a PEM private key') : false;
  }
  if (typeof value !== 'object' || value === null) return false;
  let found = false;
  if (Array.isArray(value)) {
    value.forEach((item, i) => { found = scanForPrivateMaterial(item, `${path}[${i}]`, out, false, depth + 1) || found; });
    return found;
  }
  const record = value as Record<string, unknown>;
  const isKey = typeof record.kty === 'string';
  const isTopKey = depth === 2 && /\.keys\[\d+\]$/.test(path);
  if (isKey && !isTopKey && !isSet) {
    const members = PRIVATE_JWK_MEMBERS.filter((m) => m in record);
    if (members.length > 0) {
      found = leak(path, `a nested key with member${members.length > 1 ? 's' : ''} ${members.map((m) => `"${m}"`).join(', ')}`) || found;
    }
  }
  for (const key of Object.keys(record)) {
    const member = record[key];
    const where = memberPath(path, key);
    if (isKey && key === 'x5c') {
      found = checkX5c(member, where, out, leak) || found;
      continue;
    }
    if (typeof member === 'string' && PEM_PRIVATE_KEY.test(member)) {
      found = leak(where, 'a PEM private key') || found;
    } else if (isKey && !PUBLIC_JWK_MEMBERS.has(key) && !PRIVATE_JWK_MEMBERS.includes(key) && typeof member === 'string' && member.length >= 64
      && /^[A-Za-z0-9+/_-]+={0,2}$/.test(member) && isPrivateKeyDer(Buffer.from(member, member.includes('+') || member.includes('/') ? 'base64' : 'base64url'))) {
      found = leak(where, 'a DER-encoded private key') || found;
    } else {
      found = scanForPrivateMaterial(member, where, out, false, depth + 1) || found;
    }
  }
  return found;
}

/** `x5c`: an array of standard-base64 DER certificates; a private key there is a leak. */
function checkX5c(value: unknown, path: string, out: IssueCollector, leak: (where: string, what: string) => true): boolean {
  const invalid = (where: string, rule: string): void => {
    out.error({
      code: 'JWK_INVALID_X5C',
      path: where,
      rule,
      fix: 'remove "x5c" (IAM needs only the public key members), or copy it unchanged from the cluster\'s JWKS',
      side: IssueSide.TERRAFORM,
    });
  };
  if (!Array.isArray(value)) {
    if (typeof value === 'string' && PEM_PRIVATE_KEY.test(value)) return leak(path, 'a PEM private key');
    invalid(path, 'must be an array of base64-encoded DER certificates (RFC 7517 section 4.7)');
    return false;
  }
  let found = false;
  value.forEach((entry, i) => {
    const where = `${path}[${i}]`;
    if (typeof entry !== 'string') {
      invalid(where, `must be a base64-encoded DER certificate (got ${describeType(entry)})`);
      return;
    }
    if (PEM_PRIVATE_KEY.test(entry)) {
      found = leak(where, 'a PEM private key instead of a certificate') || found;
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(entry)) {
      invalid(where, 'must be standard base64 (no whitespace, no PEM armour) of a DER certificate');
      return;
    }
    const der = Buffer.from(entry, 'base64');
    if (isPrivateKeyDer(der)) {
      found = leak(where, 'a DER-encoded private key instead of a certificate') || found;
      return;
    }
    try {
      new X509Certificate(der);
    } catch {
      invalid(where, 'is not a DER-encoded X.509 certificate');
    }
  });
  return found;
}

export function checkPrivateMembers(key: Record<string, unknown>, path: string, out: IssueCollector): boolean {
  const found = PRIVATE_JWK_MEMBERS.filter((m) => m in key);
  if (found.length > 0) {
    out.error({
      code: 'JWKS_PRIVATE_KEY',
      path: `${path}`,
      rule: `holds private key material (member${found.length > 1 ? 's' : ''} ${found.map((m) => `"${m}"`).join(', ')}); only public keys may be `
        + 'given, they would otherwise be stored in Terraform state',
      fix: 'use the cluster\'s public key set from `kubectl get --raw /openid/v1/jwks`, and treat this private key as leaked',
      side: IssueSide.TERRAFORM,
    });
    return true;
  }
  return false;
}

/** Checks jwks.keys[`index`] (`path`); `kids` holds the key IDs seen so far, `all` the set's keys. */
export function checkKey(key: unknown, path: string, out: IssueCollector, kids: Map<string, number>, index: number, all: unknown[]): void {
  const side: IssueSide = IssueSide.TERRAFORM;
  if (!isJsonObject(key)) {
    out.error({ code: 'JWK_NOT_OBJECT', path, rule: 'must be a JSON object (a JWK)', fix: 'remove it or replace it with a public JWK', side });
    return;
  }
  const jwk = key as Record<string, unknown>;
  if (checkPrivateMembers(jwk, path, out)) {
    return;
  }
  const kty = jwk.kty;
  if (kty !== 'RSA' && kty !== 'EC') {
    out.error({
      code: 'JWK_UNSUPPORTED_KTY',
      path: `${path}.kty`,
      value: kty,
      rule: 'must be "RSA" or "EC" (the key types kube-apiserver signs ServiceAccount tokens with)',
      fix: 'use the cluster\'s RSA or EC signing key',
      side,
    });
    return;
  }
  const required = kty === 'RSA' ? ['n', 'e'] : ['crv', 'x', 'y'];
  const missing = required.filter((m) => typeof jwk[m] !== 'string' || (jwk[m] as string).length === 0);
  if (missing.length > 0) {
    out.error({
      code: 'JWK_MISSING_MEMBER',
      path,
      rule: `an ${kty} key must have string members ${required.map((m) => `"${m}"`).join(', ')} (missing ${missing.map((m) => `"${m}"`).join(', ')})`,
      fix: 'copy the key unchanged from the cluster\'s JWKS',
      side,
    });
    return;
  }
  const encoding = required.filter((m) => m !== 'crv' && !/^[A-Za-z0-9_-]+$/.test(jwk[m] as string));
  if (encoding.length > 0) {
    // Node's decoder skips characters outside the alphabet; IAM may not: the key written must be the key checked.
    out.error({
      code: 'JWK_INVALID_ENCODING',
      path,
      rule: `member${encoding.length > 1 ? 's' : ''} ${encoding.map((m) => `"${m}"`).join(', ')} must be unpadded base64url (RFC 7518): only `
        + 'letters, digits, "-" and "_", no whitespace or "="',
      fix: 'copy the key unchanged from the cluster\'s JWKS',
      side,
    });
    return;
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    out.error({
      code: 'JWK_USE_NOT_SIG',
      path: `${path}.use`,
      value: jwk.use,
      rule: 'must be "sig" when present (the key verifies token signatures)',
      fix: 'remove "use" or set it to "sig"',
      side,
    });
  }
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(jwk.alg)) {
      out.error({
        code: 'JWK_UNSUPPORTED_ALG',
        path: `${path}.alg`,
        value: jwk.alg,
        rule: `must be one of ${ACCEPTED_ALGORITHMS.join(', ')}`,
        fix: 'use the key\'s real signing algorithm (kube-apiserver uses RS256 for RSA keys)',
        side,
      });
    } else if ((kty === 'RSA') !== RSA_ALGORITHMS.includes(jwk.alg) || (kty === 'EC' && EC_ALGORITHM_BY_CURVE[String(jwk.crv)] !== jwk.alg)) {
      out.error({
        code: 'JWK_ALG_MISMATCH',
        path: `${path}.alg`,
        value: jwk.alg,
        rule: `does not fit a ${kty}${kty === 'EC' ? ` ${String(jwk.crv)}` : ''} key`,
        fix: kty === 'EC'
          ? `use ${EC_ALGORITHM_BY_CURVE[String(jwk.crv)] ?? 'ES256/ES384/ES512 with P-256/P-384/P-521'}`
          : 'use RS256 (or RS384, RS512, PS256, PS384, PS512)',
        side,
      });
    }
  }
  if (kty === 'EC' && !(String(jwk.crv) in EC_ALGORITHM_BY_CURVE)) {
    out.error({
      code: 'JWK_UNSUPPORTED_CURVE',
      path: `${path}.crv`,
      value: jwk.crv,
      rule: 'must be "P-256", "P-384" or "P-521"',
      fix: 'use a key on one of those curves',
      side,
    });
    return;
  }
  if (jwk.kid !== undefined) {
    const kid = jwk.kid;
    const kidBroken = typeof kid !== 'string' || kid.length === 0 ? 'must be a non-empty string' : exactStringRule(kid);
    if (kidBroken || typeof kid !== 'string') {
      out.error({
        code: 'JWK_INVALID_KID',
        path: `${path}.kid`,
        value: kid,
        rule: kidBroken ?? 'must be a non-empty string',
        fix: 'copy the key ID unchanged from the cluster\'s JWKS',
        side,
      });
    } else if (kids.has(kid)) {
      out.error({
        code: 'JWK_DUPLICATE_KID',
        path: `${path}.kid`,
        value: kid,
        rule: `repeats the key ID of jwks.keys[${kids.get(kid)}]; key IDs must be unique so a token's "kid" picks one key`,
        fix: 'remove the duplicate key',
        side,
      });
    } else {
      kids.set(kid, index);
    }
  } else if (all.length > 1) {
    out.warn({
      code: 'JWK_NO_KID',
      path,
      rule: 'has no "kid" while the set holds several keys; verifiers must then try each key',
      fix: 'copy the keys unchanged from the cluster\'s JWKS, which sets "kid"',
      side,
    });
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    out.error({
      code: 'JWK_INVALID_KEY',
      path,
      rule: `is not a valid ${kty} public key (its members do not decode to a key)`,
      fix: 'copy the key unchanged from the cluster\'s JWKS',
      side,
    });
    return;
  }
  if (kty === 'RSA') {
    const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      out.error({
        code: 'JWK_WEAK_KEY',
        path: `${path}.n`,
        value: `${bits} bits`,
        rule: `is too weak: RSA keys must have at least ${MIN_RSA_BITS} bits`,
        fix: 'rotate the cluster\'s service-account signing key to RSA 2048 bits or more',
        side,
      });
    }
    // A public exponent of 1 (or any even one) makes signatures forgeable by anyone; real keys use 65537.
    const exponent = publicKey.asymmetricKeyDetails?.publicExponent ?? 0n;
    if (exponent < 3n || exponent % 2n === 0n) {
      out.error({
        code: 'JWK_WEAK_KEY',
        path: `${path}.e`,
        value: `exponent ${exponent}`,
        rule: 'is not a valid RSA public exponent: it must be odd and at least 3 (kube-apiserver keys use 65537, "AQAB")',
        fix: 'copy the key unchanged from the cluster\'s JWKS',
        side,
      });
    }
  }
}
