/**
 * The checks of a JWKS (the cluster's public signing keys) as given: the file or text it is read
 * from, the document's shape, plain JSON data for an object, and every key (key-checks.ts). Every
 * problem is reported at once, under `jwks...`; key material is never echoed.
 */
import { readFileSync } from 'node:fs';
import { isJsonObject } from '../../contract/json';
import { IssueCollector, IssueSeverity, IssueSide } from '../issues/issues';
import { describeType } from './rules';
import { checkKey, checkPrivateMembers, memberPath, scanForPrivateMaterial } from './key-checks';

/** Where a JWKS came from, as shown in messages. */
export type JwksSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'object'; readonly value: unknown };

/** Reads and checks the JWKS of `source`: the key set document when it is valid, else `undefined` (the problems are in `out`). */
export function checkJwks(source: JwksSource, out: IssueCollector): unknown {
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
        return undefined;
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
        return undefined;
      }
    } else if (typeof source.text !== 'string') {
      out.error({
        code: 'JWKS_NOT_JSON',
        path: 'jwks',
        rule: `must be JSON text (got ${describeType(source.text)})`,
        fix: 'pass Jwks.fromJson(text), or Jwks.fromObject(object)',
        side,
      });
      return undefined;
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
      return undefined;
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
    return undefined;
  }
  if (source.kind === 'object' && !checkJsonData(raw, 'jwks', out)) {
    return undefined;
  }
  const set = raw as Record<string, unknown>;
  // Private key material can hide in any member (x5c, an extension member, a nested key):
  // look everywhere before anything else, and stop if there is any.
  if (scanForPrivateMaterial(set, 'jwks', out, true)) {
    return undefined;
  }
  if (!('keys' in set) && 'kty' in set) {
    out.error({ code: 'JWKS_SINGLE_KEY', path: 'jwks', rule: 'is a single JWK, not a key set', fix: 'wrap it as {"keys":[<key>]}', side });
    checkPrivateMembers(set, 'jwks', out);
    return undefined;
  }
  if (!Array.isArray(set.keys) || set.keys.length === 0) {
    out.error({
      code: 'JWKS_NO_KEYS',
      path: 'jwks.keys',
      rule: 'must be a non-empty array of public keys',
      fix: 'use the output of `kubectl get --raw /openid/v1/jwks`, which lists the cluster\'s signing keys',
      side,
    });
    return undefined;
  }
  const before = out.issues.filter((i) => i.severity === IssueSeverity.ERROR).length;
  const kids = new Map<string, number>();
  set.keys.forEach((key: unknown, i: number) => checkKey(key, `jwks.keys[${i}]`, out, kids, i, set.keys as unknown[]));
  if (out.issues.filter((i) => i.severity === IssueSeverity.ERROR).length > before) {
    return undefined;
  }
  return set;
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

