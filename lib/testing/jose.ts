/**
 * Access to `jose` (an optional peer dependency) for the parts of `cce-workload-identity/testing`
 * that sign or verify tokens: the emulator, `explain` with a token, `mintServiceAccountToken`.
 *
 * jose 6 ships ES modules only. Nothing in this package imports it at load time, so that loading
 * `cce-workload-identity/testing` (for `synthWorkloadIdentity`) works where ES modules cannot be
 * required: under jest's CommonJS module system with ts-jest and no transform for jose. It is
 * loaded on first use:
 * 1. through the caller's `require` (plain Node ≥ 20.19 loads ES modules with `require`; under
 *    jest this picks up a transform the project may have configured for jose);
 * 2. failing that, through Node's own loader (`createRequire`), which bypasses jest's module system,
 *    so the emulator also works in a jest test that has no transform for jose.
 *
 * The JOSE types below are this package's own (structurally compatible with jose's): the shipped
 * `.d.ts` files must not import from an ES-module-only package, or a CommonJS project type-checking
 * them under `moduleResolution: node16` fails (TS1479/TS1541).
 */
import type { webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Jose from 'jose';

/** A JSON Web Key (RFC 7517) as plain JSON. */
export interface JWK {
  /** Key type (`RSA`, `EC`, `OKP`, `oct`). @default none */
  kty?: string;
  /** Key ID. @default none */
  kid?: string;
  /** Algorithm the key is meant for. @default none */
  alg?: string;
  /** Intended use (`sig`). @default none */
  use?: string;
  /** Curve of an `EC` or `OKP` key. @default none */
  crv?: string;
  /** Further members (`n`, `e`, `x`, `y`, and the private `d`, `p`, `q`, … of a signing key). */
  [member: string]: unknown;
}

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JSONWebKeySet {
  /** The keys. */
  keys: JWK[];
}

/** Claims of a JWT (RFC 7519 §4). */
export interface JWTPayload {
  /** Issuer. @default none */
  iss?: string;
  /** Subject. @default none */
  sub?: string;
  /** Audience(s). @default none */
  aud?: string | string[];
  /** JWT ID. @default none */
  jti?: string;
  /** Not before (seconds since the epoch). @default none */
  nbf?: number;
  /** Expiry (seconds since the epoch). @default none */
  exp?: number;
  /** Issued at (seconds since the epoch). @default none */
  iat?: number;
  /** Further claims. */
  [claim: string]: unknown;
}

/** The protected header of a JWS (RFC 7515 §4). */
export interface ProtectedHeaderParameters {
  /** Signing algorithm. @default none */
  alg?: string;
  /** Key ID. @default none */
  kid?: string;
  /** Media type. @default none */
  typ?: string;
  /** Further header parameters. */
  [parameter: string]: unknown;
}

/** A WebCrypto key (what jose's `generateKeyPair` and `crypto.subtle` return). */
export type CryptoKey = webcrypto.CryptoKey;

/** The version range of jose this package is written for (its optional peer dependency). */
const JOSE_VERSION_RANGE = '^6.0.0';

let loaded: typeof Jose | undefined;

/**
 * jose, loaded on first use. Throws an error that says what to install when it is missing.
 * @internal
 */
export function jose(): typeof Jose {
  if (loaded) return loaded;
  try {
    loaded = require('jose') as typeof Jose;
  } catch {
    try {
      loaded = createRequire(__filename)('jose') as typeof Jose;
    } catch (error) {
      throw joseUnavailable(error);
    }
  }
  return loaded;
}

function joseUnavailable(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'MODULE_NOT_FOUND') {
    return new Error(
      `cce-workload-identity/testing needs the optional peer dependency "jose" (${JOSE_VERSION_RANGE}) to sign or verify tokens (the IAM emulator, explain with a token, mintServiceAccountToken). Install it: npm install --save-dev jose@${JOSE_VERSION_RANGE}`,
      { cause: error },
    );
  }
  if (code === 'ERR_REQUIRE_ESM') {
    return new Error(
      `cce-workload-identity/testing cannot load "jose" (ES modules only) on Node.js ${process.versions.node}: signing and verifying tokens needs Node.js ^20.19.0 or >=22.12.0, where require() loads ES modules`,
      { cause: error },
    );
  }
  return new Error(`cce-workload-identity/testing cannot load "jose": ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
