/**
 * Kubernetes side of offline verification:
 * - {@link podIdentitiesFromManifests} reads, from synthesized manifests, what kubelet would do for
 *   each container: which projected ServiceAccount token (audience, lifetime, file path) it gets,
 *   as which ServiceAccount, and with which environment.
 * - {@link mintServiceAccountToken} signs a token exactly shaped like the one kube-apiserver issues
 *   for such a projected volume (TokenRequest API), with a key you hold.
 */
import { createHash, randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { jose, type CryptoKey, type JWK, type JWTPayload } from '../iam-model/jose';
import { CCE_ISSUER, MIN_TOKEN_EXPIRATION_SECONDS } from '../core/declaration/constants';
import { isJsonObject } from '../contract/json';
import { serviceAccountSubjectOf } from '../iam-model/service-account-subject';

/** kube-apiserver's default `--service-account-issuer` in CCE clusters (= core's `CCE_ISSUER`). */
export const DEFAULT_KUBERNETES_ISSUER = CCE_ISSUER;
/** Kubernetes' default `expirationSeconds` of a projected ServiceAccount token. */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
/** Kubernetes' minimum `expirationSeconds` (= core's `MIN_TOKEN_EXPIRATION_SECONDS`). */
export const MIN_EXPIRATION_SECONDS = MIN_TOKEN_EXPIRATION_SECONDS;

/** The `serviceAccountToken` source of a projected volume. */
export interface ProjectedServiceAccountToken {
  /** Intended audience; Kubernetes defaults it to the API server's audience. @default the issuer */
  readonly audience?: string;
  /** Requested lifetime in seconds (≥ 600). @default 3600 */
  readonly expirationSeconds?: number;
  /** File name inside the volume. */
  readonly path: string;
}

/** Options of {@link mintServiceAccountToken}. */
export interface ServiceAccountTokenOptions {
  /** Private signing key: a WebCrypto `CryptoKey` / Node `KeyObject`, or a private JWK. */
  readonly privateKey: CryptoKey | KeyObject | JWK;
  /** JWS algorithm, e.g. `RS256`. @default the JWK's `alg`, else 'RS256' */
  readonly alg?: string;
  /** Key id put in the header (kube-apiserver always sets one). @default the JWK's `kid`, else none */
  readonly kid?: string;
  /** `iss`. @default 'https://kubernetes.default.svc.cluster.local' */
  readonly issuer?: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** Name of the ServiceAccount. */
  readonly serviceAccountName: string;
  /** UID of the ServiceAccount. @default derived from namespace and name */
  readonly serviceAccountUid?: string;
  /** The pod the token is bound to. @default { name: '<serviceAccountName>-0', uid: derived } */
  readonly pod?: { readonly name: string; readonly uid?: string };
  /** The projected volume source the token is minted for. */
  readonly projected: ProjectedServiceAccountToken;
  /** Clock in ms since the epoch. @default Date.now */
  readonly now?: () => number;
  /** `jti` (kube-apiserver ≥ 1.29 sets one). @default a random UUID */
  readonly jti?: string;
}

/** Claims of a projected ServiceAccount token. */
export interface ServiceAccountTokenClaims extends JWTPayload {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string[];
  readonly exp: number;
  readonly iat: number;
  readonly nbf: number;
  readonly jti: string;
  readonly 'kubernetes.io': {
    readonly namespace: string;
    readonly pod: { readonly name: string; readonly uid: string };
    readonly serviceaccount: { readonly name: string; readonly uid: string };
  };
}

/** A minted token. Treat `token` as a secret: never log it. */
export interface MintedServiceAccountToken {
  /** The compact JWS. */
  readonly token: string;
  /** Its claims. */
  readonly claims: ServiceAccountTokenClaims;
}

/** Signs a ServiceAccount token as kube-apiserver would for `options.projected`. */
export async function mintServiceAccountToken(options: ServiceAccountTokenOptions): Promise<MintedServiceAccountToken> {
  const expirationSeconds = options.projected.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw new RangeError(`expirationSeconds must be an integer ≥ ${MIN_EXPIRATION_SECONDS} (Kubernetes rejects shorter projected tokens), got `
      + `${expirationSeconds}`);
  }
  const jwk = isJwk(options.privateKey) ? options.privateKey : undefined;
  const alg = options.alg ?? (typeof jwk?.alg === 'string' ? jwk.alg : 'RS256');
  const kid = options.kid ?? (typeof jwk?.kid === 'string' ? jwk.kid : undefined);
  const { SignJWT, importJWK } = jose();
  const key = jwk ? await importJWK(jwk as Parameters<typeof importJWK>[0], alg) : options.privateKey as CryptoKey | KeyObject;
  const issuer = options.issuer ?? DEFAULT_KUBERNETES_ISSUER;
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const podName = options.pod?.name ?? `${options.serviceAccountName}-0`;
  const claims: ServiceAccountTokenClaims = {
    aud: [options.projected.audience ?? issuer],
    exp: iat + expirationSeconds,
    iat,
    iss: issuer,
    jti: options.jti ?? randomUUID(),
    'kubernetes.io': {
      namespace: options.namespace,
      pod: { name: podName, uid: options.pod?.uid ?? uuidFrom(`pod:${options.namespace}/${podName}`) },
      serviceaccount: {
        name: options.serviceAccountName,
        uid: options.serviceAccountUid ?? uuidFrom(`sa:${options.namespace}/${options.serviceAccountName}`),
      },
    },
    nbf: iat,
    // Deliberately re-derived as kube-apiserver does, not taken from lib/core/declaration/invariants.ts:
    // the e2e test must not check the library against itself.
    sub: serviceAccountSubjectOf(options.namespace, options.serviceAccountName),
  };
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg, ...(kid !== undefined ? { kid } : {}) })
    .sign(key);
  return { token, claims };
}

/** What one container of a synthesized workload gets from kubelet. */
export interface PodIdentity {
  /** Workload kind (`Deployment`, `Pod`, …). */
  readonly kind: string;
  /** Workload name. */
  readonly name: string;
  /** Namespace of the workload. @default 'default' when the manifest has none */
  readonly namespace: string;
  /** `serviceAccountName` of the pod. @default 'default' */
  readonly serviceAccountName: string;
  /** Container name. */
  readonly container: string;
  /** Projected volume name. */
  readonly volumeName: string;
  /** The projected `serviceAccountToken` source. */
  readonly projected: ProjectedServiceAccountToken;
  /** `volumeMounts[].mountPath` of the volume in this container. */
  readonly mountPath: string;
  /** Absolute path of the token file in the container. */
  readonly tokenPath: string;
  /** Literal `env` of the container (entries with `valueFrom` are left out). */
  readonly env: Readonly<Record<string, string>>;
}

type Obj = Record<string, unknown>;

/** Finds every container that mounts a projected ServiceAccount token, in manifest order. Pure. */
export function podIdentitiesFromManifests(manifests: readonly object[]): PodIdentity[] {
  const out: PodIdentity[] = [];
  for (const manifest of manifests) {
    if (!isJsonObject(manifest)) continue;
    const podSpec = podSpecOf(manifest);
    if (!podSpec) continue;
    const metadata = isJsonObject(manifest.metadata) ? manifest.metadata : {};
    const kind = typeof manifest.kind === 'string' ? manifest.kind : '?';
    const name = typeof metadata.name === 'string' ? metadata.name : '?';
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const serviceAccountName = typeof podSpec.serviceAccountName === 'string' ? podSpec.serviceAccountName : 'default';
    const volumes = arrayOf(podSpec.volumes);
    const containers = [...arrayOf(podSpec.initContainers), ...arrayOf(podSpec.containers)];
    for (const volume of volumes) {
      const projected = isJsonObject(volume.projected) ? volume.projected : undefined;
      if (!projected || typeof volume.name !== 'string') continue;
      for (const source of arrayOf(projected.sources)) {
        const sat = isJsonObject(source.serviceAccountToken) ? source.serviceAccountToken : undefined;
        if (!sat || typeof sat.path !== 'string') continue;
        const spec: ProjectedServiceAccountToken = {
          path: sat.path,
          ...(typeof sat.audience === 'string' ? { audience: sat.audience } : {}),
          ...(typeof sat.expirationSeconds === 'number' ? { expirationSeconds: sat.expirationSeconds } : {}),
        };
        for (const container of containers) {
          const mount = arrayOf(container.volumeMounts).find((m) => m.name === volume.name);
          if (!mount || typeof mount.mountPath !== 'string') continue;
          // Deliberately re-derived as kubelet does, not taken from lib/core/declaration/invariants.ts:
          // the e2e test must not check the library against itself.
          const tokenPath = typeof mount.subPath === 'string' && mount.subPath !== ''
            ? (mount.subPath === sat.path ? mount.mountPath : posix.join(mount.mountPath, posix.relative(mount.subPath, sat.path)))
            : posix.join(mount.mountPath, sat.path);
          out.push({
            kind, name, namespace, serviceAccountName,
            container: typeof container.name === 'string' ? container.name : '?',
            volumeName: volume.name,
            projected: spec,
            mountPath: mount.mountPath,
            tokenPath,
            env: literalEnv(container.env),
          });
        }
      }
    }
  }
  return out;
}

function podSpecOf(manifest: Obj): Obj | undefined {
  const spec = isJsonObject(manifest.spec) ? manifest.spec : undefined;
  if (!spec) return undefined;
  if (manifest.kind === 'Pod') return spec;
  if (manifest.kind === 'CronJob') {
    const jobTemplate = isJsonObject(spec.jobTemplate) ? spec.jobTemplate : undefined;
    const jobSpec = jobTemplate && isJsonObject(jobTemplate.spec) ? jobTemplate.spec : undefined;
    const template = jobSpec && isJsonObject(jobSpec.template) ? jobSpec.template : undefined;
    return template && isJsonObject(template.spec) ? template.spec : undefined;
  }
  const template = isJsonObject(spec.template) ? spec.template : undefined;
  return template && isJsonObject(template.spec) ? template.spec : undefined;
}

function literalEnv(env: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of arrayOf(env)) {
    if (typeof entry.name === 'string' && typeof entry.value === 'string') out[entry.name] = entry.value;
  }
  return out;
}

function arrayOf(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function isJwk(key: CryptoKey | KeyObject | JWK): key is JWK {
  return typeof key === 'object' && key !== null && 'kty' in key && typeof (key as JWK).kty === 'string';
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
