/**
 * Access to `jose` (an optional peer dependency) for the parts of `cce-workload-identity/testing`
 * that sign or verify tokens: the emulator, `explain` with a token, `mintServiceAccountToken`.
 *
 * jose 6 ships ES modules only. Nothing in this package imports it at load time, so loading
 * `cce-workload-identity/testing` (for `synthWorkloadIdentity`) works where ES modules cannot be
 * required, e.g. under jest's CommonJS module system with ts-jest and no transform for jose. It is
 * required on first use: plain Node ≥ 20.19 / 22.12 loads ES modules with `require`; jest does so
 * only on Node ≥ 24.9, and otherwise needs a transform that compiles jose to CommonJS (the error
 * below says how). jest deliberately seals every way around its module registry
 * (`createRequire`, `process.getBuiltinModule`), so there is no loading trick that avoids this.
 *
 * The JOSE types below are this package's own (structurally compatible with jose's): the shipped
 * `.d.ts` files must not import from an ES-module-only package, or a CommonJS project type-checking
 * them under `moduleResolution: node16` fails (TS1479/TS1541).
 */
import type { webcrypto } from 'node:crypto';
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
 * jose, loaded on first use. Throws an error that says what to install or configure when it
 * cannot be loaded.
 * @internal
 */
export function jose(): typeof Jose {
  if (loaded) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded on first use
    loaded = require('jose') as typeof Jose;
  } catch (error) {
    throw joseUnavailable(error);
  }
  return loaded;
}

/** The transform that lets jest (on Node < 24.9) load jose; shown in the error and the README. */
const JEST_TRANSFORM = `transform: { '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' }, diagnostics: `
  + `false }] }, transformIgnorePatterns: ['/node_modules/(?!jose/)']`;

/**
 * Whether this Node.js version's own `require` loads ES modules (unflagged in 20.19 and 22.12).
 * Not `process.features.require_module`: jest reports false there, for its own module system.
 */
function nodeRequiresEsm(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
}

function joseUnavailable(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const uses = 'to sign or verify tokens (the IAM emulator, explain with a token, mintServiceAccountToken)';
  if (code === 'MODULE_NOT_FOUND') {
    return new Error(
      `cce-workload-identity/testing needs the optional peer dependency "jose" (${JOSE_VERSION_RANGE}) ${uses}. Install it: npm install --save-dev `
        + `jose@${JOSE_VERSION_RANGE}`,
      { cause: error },
    );
  }
  if (code === 'ERR_REQUIRE_ESM' && !nodeRequiresEsm(process.versions.node)) {
    return new Error(
      `cce-workload-identity/testing cannot load "jose" (ES modules only) on Node.js ${process.versions.node} ${uses}: use Node.js ^20.19.0 or `
        + '>=22.12.0, where require() loads ES modules',
      { cause: error },
    );
  }
  if (code === 'ERR_REQUIRE_ESM') {
    return new Error(
      `cce-workload-identity/testing cannot load "jose" (ES modules only) ${uses}: the module system running this code cannot require ES modules `
        + `(jest before Node.js 24.9). Let jest compile jose to CommonJS, in jest.config.js: ${JEST_TRANSFORM}`,
      { cause: error },
    );
  }
  return new Error(`cce-workload-identity/testing cannot load "jose" ${uses}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
