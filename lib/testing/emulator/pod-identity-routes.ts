/**
 * The emulator's CCE pod identity endpoints, fed from the synthesized
 * `huaweicloud_cce_cluster_pod_identity_association`s:
 *
 * - the node-local **container-credentials endpoint** a pod's SDK calls:
 *   `POST /pod-identity/clusters/{cluster_id}/credentials`, `Authorization: <ServiceAccount token>`,
 *   body `{}` (what `HC_CONTAINER_CREDENTIALS_FULL_URI` points at; on a node the platform's agent
 *   serves it — its real path and address are UNVERIFIED, the emulator's path is its own); [unverified:pod-identity-endpoint]
 * - CCE's API behind it, `POST /api/v3/projects/{project_id}/clusters/{cluster_id}/assume-agency-for-pod-identity`
 *   with body `{"token": "<ServiceAccount token>"}` and the caller's `X-Auth-Token` (CCE API
 *   "Obtaining the Agency Credential for a Pod Identity Association"; the emulator requires the
 *   header but does not verify it).
 *
 * Both verify the token against the cluster's signing keys (given to the emulator: the Terraform
 * of a pod-identity binding holds no JWKS) with issuer `https://kubernetes.default.svc.cluster.local`
 * and audience `service.cce.pods` (the emulator's choice: CCE documents that value only as the
 * credentials' `audience` field, not as the pod token's `aud`: UNVERIFIED), find the association of the token's ServiceAccount in that
 * [unverified:pod-token-audience]
 * cluster, and answer the agency's temporary credentials in CCE's shape
 * (`{assumedAgency, audience, credentials: {accessKeyId, secretAccessKey, securityToken, expiration},
 * podIdentityAssociationId, subject}`). The credentials carry the agency, so the fake service
 * authorizes signed requests with the agency's roles, as it does a federated user's groups'.
 */
import type { IncomingMessage } from 'node:http';
import { CCE_ISSUER } from '../../core/declaration/constants';
import { POD_IDENTITY_AUDIENCE } from '../../contract/sdk-env';
import type { TerraformPodIdentityAssociation } from '../../iam-model/grants-loader';
import { EmulatorConfigError, EmulatorConfigErrorCode, IamError, PodIdentityErrorCode } from '../../iam-model/iam-errors';
import type { EmulatorDecision } from './decision-log';
import { parseSigningKey, type EmulatedIdentityProvider } from '../../iam-model/terraform-loader';
import { peekClaims, verifyIdToken } from '../../iam-model/token-verifier';
import { showLabel } from '../../core/issues/issues';

/** Path of the emulated container-credentials endpoint; group 1 is the cluster id. */
export const CONTAINER_CREDENTIALS_PATH = /^\/pod-identity\/clusters\/([^/]+)\/credentials$/;
/** CCE's AssumeAgencyForPodIdentity API; groups: project id, cluster id. */
export const ASSUME_AGENCY_PATH = /^\/api\/v3\/projects\/([^/]+)\/clusters\/([^/]+)\/assume-agency-for-pod-identity$/;

/** Lifetime of the credentials the emulator issues (CCE's own is UNVERIFIED). [unverified:pod-identity-credential-lifetime] */
export const POD_IDENTITY_CREDENTIAL_SECONDS = 3600;

/** A cluster whose ServiceAccount tokens the emulator accepts for pod identity. */
export interface EmulatedCluster {
  /** The CCE cluster ID, as `cluster_id` of the associations names it. */
  readonly id: string;
  /** The cluster's public signing keys (`kubectl get --raw /openid/v1/jwks`): JSON text or a parsed object. */
  readonly jwks: string | object;
  /** The tokens' `iss`. @default 'https://kubernetes.default.svc.cluster.local' */
  readonly issuer?: string;
}

/** Who a pod identity credential belongs to. */
export interface PodIdentityCaller {
  /** The agency whose credentials they are. */
  readonly agency: string;
  /** The cluster. */
  readonly clusterId: string;
  /** ServiceAccount namespace. */
  readonly namespace: string;
  /** ServiceAccount name. */
  readonly serviceAccount: string;
  /** `sub` of the token. */
  readonly subject: string;
  /** `jti` of the token, if any. */
  readonly jti: string | undefined;
  /** `iat` of the token, if any. */
  readonly iat: number | undefined;
}

/** A credential the server issued. */
export interface IssuedPodIdentityCredential {
  readonly access: string;
  readonly secret: string;
  readonly securityToken: string;
  readonly expiresAt: number;
}

/** An HTTP answer (the server's `Answer`). */
export interface PodIdentityAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type DecisionContext = Partial<Pick<EmulatorDecision, 'provider' | 'subject' | 'jti' | 'iat' | 'accessKey' | 'user' | 'groups'>>;

/** What the routes need from the server. */
export interface PodIdentityHost {
  /** Emulator clock. */
  readonly now: () => number;
  /** Tolerance for `exp` / `nbf` / `iat`. */
  readonly clockSkewSeconds: number;
  /** The emulated account's id (for the assumed agency's URN). */
  readonly domainId: string;
  /** Issues (and remembers) a temporary credential of the caller's agency. */
  issue(caller: PodIdentityCaller, lifetimeMs: number): IssuedPodIdentityCredential;
  /** Records a denial and returns its answer. */
  deny(endpoint: string, error: IamError, context: DecisionContext): PodIdentityAnswer;
  /** Records an admission. */
  admit(endpoint: string, status: number, context: DecisionContext, reason: string): void;
}

/** Validates the `podIdentityClusters` option and parses the keys. Throws {@link EmulatorConfigError}. */
export function loadClusters(clusters: readonly EmulatedCluster[]): Map<string, EmulatedIdentityProvider> {
  const out = new Map<string, EmulatedIdentityProvider>();
  if (!Array.isArray(clusters)) throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, 'podIdentityClusters must be a '
    + 'list of { id, jwks }');
  clusters.forEach((cluster, i) => {
    const at = `podIdentityClusters[${i}]`;
    if (typeof cluster?.id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(cluster.id)) {
      throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `${at}.id must be a CCE cluster ID (letters, digits, "-")`);
    }
    if (out.has(cluster.id)) throw new EmulatorConfigError(EmulatorConfigErrorCode.OptionInvalid, `${at}.id `
      + `${showLabel(cluster.id)} is listed twice`);
    const text = typeof cluster.jwks === 'string' ? cluster.jwks : JSON.stringify(cluster.jwks);
    out.set(cluster.id, {
      name: `cluster ${cluster.id}`,
      logicalId: '',
      source: at,
      protocol: 'oidc',
      enabled: true,
      accessType: 'program',
      issuer: cluster.issuer ?? CCE_ISSUER,
      clientId: POD_IDENTITY_AUDIENCE,
      jwks: parseSigningKey(text, `${at}.jwks`),
      rules: undefined,
      conversionLogicalId: undefined,
    });
  });
  return out;
}

/** The two pod identity routes. */
export class PodIdentityRoutes {
  constructor(
    private readonly associations: readonly TerraformPodIdentityAssociation[],
    private readonly clusters: ReadonlyMap<string, EmulatedIdentityProvider>,
    private readonly host: PodIdentityHost,
  ) {}

  /** Whether `path` is one of the routes. */
  matches(path: string): boolean {
    return CONTAINER_CREDENTIALS_PATH.test(path) || ASSUME_AGENCY_PATH.test(path);
  }

  /** The clusters any association names (literal `cluster_id`s), in order. */
  get clusterIds(): string[] {
    return [...new Set(this.associations.map((a) => a.clusterId).filter((id): id is string => id !== undefined))];
  }

  /** Answers a POST to one of the routes. */
  async handle(path: string, req: IncomingMessage, body: Buffer): Promise<PodIdentityAnswer> {
    const container = CONTAINER_CREDENTIALS_PATH.exec(path);
    if (container) {
      const token = header(req, 'authorization')?.trim();
      return this.assume(path, decodeURIComponent(container[1]), token);
    }
    const cce = ASSUME_AGENCY_PATH.exec(path)!;
    if ((header(req, 'x-auth-token') ?? '') === '') {
      return this.host.deny(path, new IamError({
        status: 401,
        code: PodIdentityErrorCode.AuthTokenMissing,
        check: 'auth-token',
        message: 'X-Auth-Token is required.',
        detail: 'no X-Auth-Token header (the caller\'s IAM token; the emulator does not verify it)',
      }), {});
    }
    const token = member(parseJson(body), 'token');
    return this.assume(path, decodeURIComponent(cce[2]), typeof token === 'string' ? token : undefined);
  }

  private async assume(path: string, clusterId: string, token: string | undefined): Promise<PodIdentityAnswer> {
    const provider = `pod-identity:${clusterId}`;
    if (token === undefined || token === '') {
      return this.host.deny(path, new IamError({
        status: 400,
        code: PodIdentityErrorCode.TokenMissing,
        check: 'request',
        message: 'The ServiceAccount token is required.',
        detail: 'no token (Authorization header of the container endpoint, or "token" of the CCE API body)',
      }), { provider });
    }
    const peek = peekClaims(token);
    const context: DecisionContext = { provider, subject: peek.sub, jti: peek.jti, iat: peek.iat };
    const inCluster = this.associations.filter((a) => a.clusterId === clusterId);
    if (inCluster.length === 0) {
      return this.host.deny(path, new IamError({
        status: 404,
        code: PodIdentityErrorCode.ClusterNotFound,
        check: 'association',
        message: 'The cluster has no pod identity association.',
        detail: `no association of the Terraform names cluster ${clusterId} (clusters: ${this.clusterIds.join(', ') || 'none'})`,
      }), context);
    }
    const keys = this.clusters.get(clusterId);
    if (!keys) {
      return this.host.deny(path, new IamError({
        status: 401,
        code: PodIdentityErrorCode.ClusterKeysMissing,
        check: 'key',
        message: 'The token cannot be verified.',
        detail: `the emulator has no signing keys for cluster ${clusterId}; pass podIdentityClusters: [{ id, jwks }] (CLI: --cluster-jwks `
          + `${clusterId}=<file>)`,
      }), context);
    }
    let subject: string;
    try {
      const verified = await verifyIdToken(keys, token, { now: this.host.now, clockSkewSeconds: this.host.clockSkewSeconds });
      subject = String(verified.claims.sub);
    } catch (error) {
      if (error instanceof IamError) return this.host.deny(path, error, context);
      throw error;
    }
    const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
    const association = match ? inCluster.find((a) => a.namespace === match[1] && a.serviceAccount === match[2]) : undefined;
    if (!match || !association) {
      const bound = inCluster.map((a) => `${a.namespace}/${a.serviceAccount}`).join(', ');
      return this.host.deny(path, new IamError({
        status: 403,
        code: PodIdentityErrorCode.AssociationNotFound,
        check: 'association',
        message: 'No pod identity association for this ServiceAccount.',
        detail: `no association binds ${subject} in cluster ${clusterId} (associations: ${bound})`,
      }), context);
    }
    const caller: PodIdentityCaller = {
      agency: association.agencyName,
      clusterId,
      namespace: association.namespace,
      serviceAccount: association.serviceAccount,
      subject,
      jti: peek.jti,
      iat: peek.iat,
    };
    const credential = this.host.issue(caller, POD_IDENTITY_CREDENTIAL_SECONDS * 1000);
    this.host.admit(path, 200, {
      ...context,
      user: association.agencyName,
      accessKey: credential.access,
    }, `${association.address} binds ${subject} to agency "${association.agencyName}"`);
    const session = `${association.namespace}.${association.serviceAccount}`;
    return {
      status: 200,
      body: {
        assumedAgency: {
          urn: `sts::${this.host.domainId}:assumed-agency:${association.agencyName}/${session}`,
          id: `${association.agencyName}:${session}`,
        },
        audience: POD_IDENTITY_AUDIENCE,
        credentials: {
          accessKeyId: credential.access,
          secretAccessKey: credential.secret,
          securityToken: credential.securityToken,
          expiration: new Date(credential.expiresAt).toISOString(),
        },
        podIdentityAssociationId: association.address,
        subject: { namespace: association.namespace, serviceAccount: association.serviceAccount },
      },
    };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
