/**
 * Loads an optional peer dependency for the ONE module of each side that imports it
 * (lib/terraform/cdktf-peer.js, lib/terraform/cdktn-peer.js, lib/kubernetes/cdk8s-peer.js), and
 * stands in for it when it is not installed.
 *
 * A Kubernetes-only app (cdk8s, no Terraform toolchain) and a Terraform-only app (no cdk8s) import
 * the same root entry, which loads both sides' modules, whose classes extend the peer's classes
 * when the module loads (`class IdentityProvider extends cdktf.TerraformResource`). So a missing
 * peer cannot fail at import; it fails where it is USED: the stand-in's classes can be extended and
 * looked up (`instanceof` is false), but constructing one, calling one of its functions or static
 * methods, throws the error `message()` describes (which package to install, and the command).
 * @internal
 */

/**
 * Names that tools probe on any value (a thenable, a jest matcher, JSON.stringify, React): no
 * stand-in, so inspecting a stand-in does not throw.
 */
const PROBES: ReadonlySet<string> = new Set(['then', 'asymmetricMatch', 'toJSON', '$$typeof']);

/** The code of the error a stand-in throws (listed in lib/error-codes.ts). */
export const PEER_MISSING_CODE = 'ERR_WORKLOAD_IDENTITY_PEER_MISSING';

/** Thrown when a construct or function of a peer dependency that is not installed is used. */
function missingPeerError(message: string): Error {
  const error = new Error(message);
  error.name = 'PeerDependencyMissingError';
  return Object.assign(error, { code: PEER_MISSING_CODE });
}

/**
 * A stand-in for `peer.path`: a function that throws when called or constructed, whose prototype is
 * a real object (so a class can extend it at load) and whose other properties are stand-ins too
 * (`Tokenization.isResolvable`, `Fn.tolist`), created on first access.
 */
function standIn(path: string, message: () => string): unknown {
  const members = new Map<string, unknown>();
  // A named function expression, so a stack trace or `util.inspect` names what it stands for.
  const target = { [path]: function () { throw missingPeerError(message()); } }[path]!;
  return new Proxy(target, {
    apply: () => { throw missingPeerError(message()); },
    construct: () => { throw missingPeerError(message()); },
    get: (fn, key, receiver) => {
      // The function's own and built-in properties (prototype, name, Symbol.hasInstance …) are real.
      if (typeof key === 'symbol' || key in fn) return Reflect.get(fn, key, receiver);
      if (PROBES.has(key)) return undefined;
      if (!members.has(key)) members.set(key, standIn(`${path}.${key}`, message));
      return members.get(key);
    },
  });
}

/** A stand-in for the module `peer`: every named export is a stand-in (see `standIn`). */
function standInModule(peer: string, message: () => string): Record<string, unknown> {
  const members = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_, key) => {
      if (key === '__esModule') return true;
      if (typeof key === 'symbol' || PROBES.has(key)) return undefined;
      if (!members.has(key)) members.set(key, standIn(`${peer}.${key}`, message));
      return members.get(key);
    },
  });
}

/**
 * Whether `error` says that `peer` itself (not a module it loads) cannot be found. Not `instanceof
 * Error`: a loader of another realm (jest's sandbox) throws errors of its own `Error`.
 */
function isMissing(error: unknown, peer: string): boolean {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${peer}'`);
}

/**
 * `load()` (a `require` of `peer`, written in the caller so that bundlers and tests see it), or,
 * when `peer` is not installed, a stand-in module whose exports throw `message()` when used.
 * Any other load error (a broken install) is thrown as it is.
 * @internal
 */
export function loadPeer<T>(peer: string, load: () => T, message: () => string): T {
  try {
    return load();
  } catch (error) {
    if (!isMissing(error, peer)) throw error;
    return standInModule(peer, message) as T;
  }
}
