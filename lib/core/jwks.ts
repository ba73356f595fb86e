import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isJsonObject } from '../contract/json';
import { ACCEPTED_ALGORITHMS, EC_ALGORITHM_BY_CURVE, RSA_ALGORITHMS } from '../contract/jws-algorithms';
import { IssueCollector, IssueSeverity, IssueSide, showValue } from './issues';
import { describeType, exactStringRule } from './rules';

/** A public JSON Web Key as published by a cluster's `/openid/v1/jwks`. */
export interface PublicJwk {
  /** Key type: `RSA` or `EC`. */
  readonly kty: string;
  /** Key ID; kube-apiserver sets it and puts it in every token header. @default none */
  readonly kid?: string;
  /** Intended use; must be `sig` when present. @default none */
  readonly use?: string;
  /** Signing algorithm. @default none (inferred from the key) */
  readonly alg?: string;
  /**
   * Further public members (`n`, `e`, `crv`, `x`, `y`, ...). TypeScript/JavaScript only (jsii has
   * no index signatures): in other languages, give such keys with `Jwks.fromJson` or `Jwks.fromFile`.
   * @jsii ignore
   */
  readonly [member: string]: unknown;
}

/** A JSON Web Key Set holding public keys only. */
export interface JsonWebKeySet {
  /** The keys. */
  readonly keys: PublicJwk[];
}

/** Signing algorithms an IAM OIDC identity provider accepts for ServiceAccount tokens (defined in lib/contract). */
export { ACCEPTED_ALGORITHMS };

/** JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
export const PRIVATE_JWK_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Smallest RSA modulus accepted, in bits (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

/** Where a JWKS came from, as shown in messages. */
type JwksSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'object'; readonly value: unknown };

/** The result of reading and checking a JWKS. */
export interface JwksParseResult {
  /** The key set when it is valid, else undefined. */
  readonly value?: JsonWebKeySet;
  /** Canonical JSON (compact) of the key set, the value of the provider's `signing_key`. */
  readonly json?: string;
}

/**
 * The cluster's public signing keys, i.e. the output of `kubectl get --raw /openid/v1/jwks`.
 * Read lazily and checked at synthesis; private key material is rejected and never echoed.
 */
export class Jwks {
  /** Reads the JWKS from a file at synthesis time (path relative to the working directory). */
  public static fromFile(path: string): Jwks {
    return new Jwks({ kind: 'file', path });
  }

  /** Parses the JWKS from a JSON string. */
  public static fromJson(json: string): Jwks {
    return new Jwks({ kind: 'json', text: json });
  }

  /** Takes the JWKS as an object. */
  public static fromObject(jwks: JsonWebKeySet | Record<string, unknown>): Jwks {
    return new Jwks({ kind: 'object', value: jwks });
  }

  private cached?: { readonly result: JwksParseResult; readonly issues: IssueCollector };

  private constructor(private readonly source: JwksSource) {}

  /**
   * Human description of the source, safe to print: a file path (not shown when it looks like a
   * credential, e.g. PEM text passed as the path), or "inline JSON"/"object".
   */
  public get description(): string {
    switch (this.source.kind) {
      case 'file': return `file ${showValue(this.source.path)}`;
      case 'json': return 'inline JSON';
      case 'object': return 'object';
    }
  }

  /** The checked key set. Throws when it is invalid; use `check` to collect the problems instead. */
  public get value(): JsonWebKeySet {
    return this.loadValid().value as JsonWebKeySet;
  }

  /** The compact JSON of the key set, exactly what goes into the provider's `signing_key`. */
  public get json(): string {
    return this.loadValid().json as string;
  }

  /** The compact JSON when the key set is valid, else `undefined` (never throws). */
  public get validJson(): string | undefined {
    return this.load().result.json;
  }

  /**
   * Reports every problem of this key set into `into`, with paths under `path`.
   * @internal
   */
  public _check(into: IssueCollector, path: string, side: IssueSide = IssueSide.TERRAFORM): void {
    for (const issue of this.load().issues.issues) {
      into.forward(issue, `${path}${issue.path.slice('jwks'.length)}`, side);
    }
  }

  /** The parsed key set; throws, listing every problem, when it is invalid. */
  private loadValid(): JwksParseResult {
    const { result, issues } = this.load();
    if (!result.value) {
      throw new Error(`JWKS (${this.description}) is invalid: ${issues.issues.map((i) => `${i.path.replace(/^jwks/, '')} ${i.rule}`).join('; ')}`);
    }
    return result;
  }

  private load(): { readonly result: JwksParseResult; readonly issues: IssueCollector } {
    if (!this.cached) {
      const issues = new IssueCollector();
      this.cached = { result: parseJwks(this.source, issues), issues };
    }
    return this.cached;
  }
}

function parseJwks(source: JwksSource, out: IssueCollector): JwksParseResult {
  const side: IssueSide = IssueSide.TERRAFORM;
  let raw: unknown;
  if (source.kind === 'object') {
    raw = source.value;
  } else {
    let text: string;
    if (source.kind === 'file') {
      if (typeof source.path !== 'string' || source.path === '') {
        out.error({
          code: 'JWKS_FILE_UNREADABLE',
          path: 'jwks',
          value: source.path,
          rule: `needs a file path (got ${typeof source.path === 'string' ? 'an empty string' : describeType(source.path)})`,
          fix: 'pass Jwks.fromFile("cluster-jwks.json")',
          side,
        });
        return {};
      }
      try {
        text = readFileSync(source.path, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
        out.error({
          code: 'JWKS_FILE_UNREADABLE',
          path: 'jwks',
          value: source.path,
          rule: `cannot be read (${code})`,
          fix: 'write the cluster\'s key set there with `kubectl get --raw /openid/v1/jwks > <file>`, or point to the right file',
          side,
        });
        return {};
      }
    } else if (typeof source.text !== 'string') {
      out.error({
        code: 'JWKS_NOT_JSON',
        path: 'jwks',
        rule: `must be JSON text (got ${describeType(source.text)})`,
        fix: 'pass Jwks.fromJson(text), or Jwks.fromObject(object)',
        side,
      });
      return {};
    } else {
      text = source.text;
    }
    try {
      raw = JSON.parse(text);
    } catch {
      // JSON.parse messages quote the input, which may hold key material: never show them.
      out.error({
        code: 'JWKS_NOT_JSON',
        path: 'jwks',
        rule: 'is not valid JSON',
        fix: 'use the exact output of `kubectl get --raw /openid/v1/jwks`',
        side,
      });
      return {};
    }
  }
  if (!isJsonObject(raw)) {
    out.error({
      code: 'JWKS_NOT_OBJECT',
      path: 'jwks',
      rule: 'must be a JSON object {"keys":[...]}',
      fix: 'use the exact output of `kubectl get --raw /openid/v1/jwks`',
      side,
    });
    return {};
  }
  if (source.kind === 'object' && !checkJsonData(raw, 'jwks', out)) {
    return {};
  }
  const set = raw as Record<string, unknown>;
  // Private key material can hide in any member (x5c, an extension member, a nested key):
  // look everywhere before anything else, and stop if there is any.
  if (scanForPrivateMaterial(set, 'jwks', out, true)) {
    return {};
  }
  if (!('keys' in set) && 'kty' in set) {
    out.error({ code: 'JWKS_SINGLE_KEY', path: 'jwks', rule: 'is a single JWK, not a key set', fix: 'wrap it as {"keys":[<key>]}', side });
    checkPrivateMembers(set, 'jwks', out);
    return {};
  }
  if (!Array.isArray(set.keys) || set.keys.length === 0) {
    out.error({
      code: 'JWKS_NO_KEYS',
      path: 'jwks.keys',
      rule: 'must be a non-empty array of public keys',
      fix: 'use the output of `kubectl get --raw /openid/v1/jwks`, which lists the cluster\'s signing keys',
      side,
    });
    return {};
  }
  const before = out.issues.filter((i) => i.severity === IssueSeverity.ERROR).length;
  const kids = new Map<string, number>();
  set.keys.forEach((key: unknown, i: number) => checkKey(key, `jwks.keys[${i}]`, out, kids, i, set.keys as unknown[]));
  if (out.issues.filter((i) => i.severity === IssueSeverity.ERROR).length > before) {
    return {};
  }
  const value = set as unknown as JsonWebKeySet;
  return { value, json: JSON.stringify(value) };
}

/**
 * Whether `value` is plain JSON data, so that the `signing_key` written is exactly the key set
 * given: a bigint, symbol, function or `undefined` member, a non-finite number, a class instance
 * (a Date, a Map) or a cycle would be dropped, changed or make `JSON.stringify` throw.
 */
function checkJsonData(value: unknown, path: string, out: IssueCollector, seen: Set<object> = new Set()): boolean {
  const bad = (what: string): false => {
    out.error({
      code: 'JWKS_NOT_JSON_DATA',
      path,
      rule: `is ${what}, not JSON data (a string, number, boolean, null, array or plain object)`,
      fix: 'pass the parsed output of `kubectl get --raw /openid/v1/jwks`, or use Jwks.fromJson(text)',
      side: IssueSide.TERRAFORM,
    });
    return false;
  };
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) || bad('a non-finite number');
    case 'object':
      break;
    default:
      return bad(describeType(value));
  }
  if (value === null) return true;
  if (seen.has(value)) return bad('a reference back to an enclosing object (a cycle)');
  const kind = describeType(value);
  if (kind !== 'an object' && kind !== 'an array') return bad(kind);
  seen.add(value);
  let ok = true;
  if (Array.isArray(value)) {
    value.forEach((item, i) => { ok = checkJsonData(item, `${path}[${i}]`, out, seen) && ok; });
  } else {
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      // An undefined member is an absent one, as in JSON.stringify (e.g. { ...jwk, kid: undefined }).
      if (member !== undefined) ok = checkJsonData(member, memberPath(path, key), out, seen) && ok;
    }
  }
  seen.delete(value);
  return ok;
}

/** `path.key`, or `path["odd key"]` for keys that are not identifiers (shown safely). */
function memberPath(path: string, key: string): string {
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
function scanForPrivateMaterial(value: unknown, path: string, out: IssueCollector, isSet = false, depth = 0): boolean {
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

function checkPrivateMembers(key: Record<string, unknown>, path: string, out: IssueCollector): boolean {
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

function checkKey(key: unknown, path: string, out: IssueCollector, kids: Map<string, number>, index: number, all: unknown[]): void {
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
