/**
 * The types of the declaration, apart from its two classes (workload-identity.ts): the props users
 * write, and what the plans and checks read of a declaration and of a binding. The plans (iam/) and
 * checks (validation/) take the view interfaces below rather than the classes, and this module
 * imports types only, so no module of lib/core imports back into the one that defines
 * WorkloadIdentity (test/package/import-cycles.test.ts: no loop, not even of types).
 */
import type { Grant } from '../iam/grants';
import type { IamGroup, IamGroupProps } from '../iam/iam-group';
import type { ValidationIssue } from '../issues/issues';
import type { Jwks } from '../jwks/jwks';
import type { IdentityMode } from './identity-mode';
import type { ConversionRule } from './invariants';

/**
 * The settings of a declaration besides its provider name, keys and bindings: what the clusters of
 * a `WorkloadIdentityFleet` share.
 */
export interface WorkloadIdentitySettings {
  /**
   * OIDC client ID of the identity provider; every projected token's audience is set to it.
   * Required as soon as one binding uses OIDC federation (checked at synthesis, so bindings added
   * later count); a declaration whose bindings all use pod identity renders no identity provider
   * and needs none.
   * @default none: required when any binding uses `IdentityMode.OIDC_FEDERATION`
   */
  readonly clientId?: string;
  /**
   * Token issuer, the identity provider URL.
   * @default 'https://kubernetes.default.svc.cluster.local' (every CCE cluster)
   */
  readonly issuer?: string;
  /**
   * Region injected as `HUAWEICLOUD_SDK_REGION`, which this package's runtime reads (token scope by
   * project name, regional IAM endpoint). The Huawei Cloud SDKs do not read it: they take the
   * region from code.
   * @default not injected
   */
  readonly region?: string;
  /**
   * Project ID injected as `HUAWEICLOUD_SDK_PROJECT_ID`. Every binding needs one (here or on the
   * binding) unless it is `globalOnly`: without it the SDKs cannot call regional services.
   * Find it under IAM console > My Credentials > Projects.
   * @default none: synthesis fails for bindings that are not `globalOnly`
   */
  readonly projectId?: string;
  /**
   * The account (domain) ID, 32 hex characters (IAM console > My Credentials). Injected as
   * `HUAWEICLOUD_SDK_DOMAIN_ID` (the SDKs' global credentials) and used by grants on the domain
   * (`GrantScope.domain()`, e.g. OBS).
   * @default none (required by domain grants and `globalOnly` bindings)
   */
  readonly domainId?: string;
  /**
   * IAM endpoint injected as `HUAWEICLOUD_SDK_IAM_ENDPOINT`.
   * @default not injected: the SDKs use the global `https://iam.myhuaweicloud.com`, the runtime
   * `https://iam.<region>.myhuaweicloud.com`
   */
  readonly iamEndpoint?: string;
  /**
   * Description of the identity provider.
   * @default 'CCE workload identity (managed by cce-workload-identity)'
   */
  readonly description?: string;
  /**
   * Whether the identity provider is enabled.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * IAM user groups with their grants; more with `addGroup`. A group a binding names in
   * `iamGroups` without declaring it here is created by the library (with no grants); declare it
   * with `existing: true` when it already exists.
   * @default []
   */
  readonly groups?: IamGroupProps[];
  /**
   * How the bindings' pods get credentials: OIDC federation (an IAM identity provider and
   * conversion rules; projected tokens) or CCE pod identity (an agency and a pod identity
   * association per binding; the platform injects the credentials endpoint). A binding's own
   * `mode` overrides it.
   * @default IdentityMode.OIDC_FEDERATION
   */
  readonly mode?: IdentityMode;
  /**
   * The CCE cluster ID (a UUID; CCE console > cluster > Overview), required when any binding uses
   * pod identity: the associations name it.
   * @default none
   */
  readonly clusterId?: string;
}

/** Props of a workload identity declaration. */
export interface WorkloadIdentityProps extends WorkloadIdentitySettings {
  /**
   * Name of the IAM identity provider. It is also its ID and the `HUAWEICLOUD_SDK_IDP_ID`
   * environment variable, which the Go, Python and Java SDKs and this package's runtime send as the
   * `X-Idp-Id` header of `POST /v3.0/OS-AUTH/id-token/tokens`, and the Node SDK puts in the URL path
   * of `POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/oidc/auth` (`Authorization: Bearer`).
   */
  readonly providerName: string;
  /**
   * The cluster's public signing keys (`kubectl get --raw /openid/v1/jwks`), which the identity
   * provider trusts. Required as soon as one binding uses OIDC federation (checked at synthesis);
   * pod identity trusts no keys of the library's.
   * @default none: required when any binding uses `IdentityMode.OIDC_FEDERATION`
   */
  readonly jwks?: Jwks;
  /**
   * ServiceAccounts admitted by the provider; more can be added with `addBinding`.
   * @default []
   */
  readonly bindings?: ServiceAccountBindingProps[];
}

/** Options of the projected ServiceAccount token. */
export interface ProjectedTokenOptions {
  /**
   * Requested token lifetime in seconds (kube-apiserver minimum 600; the kubelet rotates the token
   * at 80% of its lifetime or after 24 h).
   * @default 7200
   */
  readonly expirationSeconds?: number;
  /**
   * File name of the token inside the mounted directory.
   * @default 'oidc-token'
   */
  readonly path?: string;
  /**
   * Directory the projected volume is mounted at, read-only.
   * @default '/var/run/secrets/tokens'
   */
  readonly mountPath?: string;
}

/** One ServiceAccount admitted by the identity provider, and whom it becomes in IAM. */
export interface ServiceAccountBindingProps {
  /**
   * Namespace of the ServiceAccount (and of every workload bound to it).
   * @default 'default'
   */
  readonly namespace?: string;
  /** Name of the ServiceAccount the workloads run as. */
  readonly serviceAccountName: string;
  /**
   * IAM federated user name the ServiceAccount is mapped to (shown in audit logs). IAM takes the
   * user name from the first matching rule and needs at least one matching rule that gives one;
   * the binding's rule is the only one matching its ServiceAccount, so it names a user. At least
   * one of `iamUser`, `iamGroups` must be given.
   * @default the ServiceAccount name (when it is a valid IAM user name)
   */
  readonly iamUser?: string;
  /**
   * IAM user groups the federated user joins; their permissions are what the workload gets.
   * @default []
   */
  readonly iamGroups?: string[];
  /**
   * Projected token options.
   * @default { expirationSeconds: 7200, path: 'oidc-token', mountPath: '/var/run/secrets/tokens' }
   */
  readonly token?: ProjectedTokenOptions;
  /**
   * Project ID injected as `HUAWEICLOUD_SDK_PROJECT_ID` for this binding's workloads.
   * @default the declaration's `projectId`
   */
  readonly projectId?: string;
  /**
   * Region injected as `HUAWEICLOUD_SDK_REGION` for this binding's workloads (read by this
   * package's runtime; the Huawei Cloud SDKs do not read it).
   * @default the declaration's `region`
   */
  readonly region?: string;
  /**
   * Roles granted to this ServiceAccount alone: they go into the binding's dedicated group
   * (`IamGroup.dedicatedGroupName`), which the binding's conversion rule adds to `iamGroups`.
   * @default [] (no dedicated group)
   */
  readonly grants?: Grant[];
  /**
   * The workloads call global services only (e.g. OBS, IAM) and need no project: the project ID
   * requirement is waived and the declaration's `domainId` (then required) is injected as
   * `HUAWEICLOUD_SDK_DOMAIN_ID` for the SDKs' global credentials.
   * @default false (a project ID is required)
   */
  readonly globalOnly?: boolean;
  /**
   * How this ServiceAccount's pods get credentials; modes may be mixed per binding (to migrate one
   * binding at a time). With `IdentityMode.POD_IDENTITY` the Terraform side writes an agency
   * holding the binding's grants (its own and those of the declared groups in `iamGroups`) and a
   * pod identity association in the declaration's `clusterId`, and no conversion rule; bound
   * workloads get neither a projected token nor SDK variables from the library.
   * @default the declaration's `mode`
   */
  readonly mode?: IdentityMode;
  /**
   * Name of the agency of a pod-identity binding (1–64 letters, digits and `_+=,.@-`).
   * @default `<providerName>.<namespace>.<serviceAccountName>`, cut and hashed to 64 characters like a dedicated group's name
   */
  readonly agencyName?: string;
}

/** The projected token with every default applied. */
export interface ResolvedTokenOptions {
  /** Token lifetime in seconds. */
  readonly expirationSeconds: number;
  /** File name inside the mount. */
  readonly path: string;
  /** Mount directory. */
  readonly mountPath: string;
  /** Audience: the provider's client ID. */
  readonly audience: string;
  /** Absolute path of the token file inside the container. */
  readonly filePath: string;
  /** File mode of the token (0644). */
  readonly mode: number;
}


/**
 * @internal What the plans and checks read of a `WorkloadIdentity` (which matches it): its
 * fields as given or defaulted, its bindings and groups.
 */
export interface WorkloadIdentityView {
  readonly providerName: string;
  readonly clientId?: string;
  readonly issuer: string;
  readonly jwks?: Jwks;
  readonly region?: string;
  readonly projectId?: string;
  readonly domainId?: string;
  readonly iamEndpoint?: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly mode: IdentityMode;
  readonly clusterId?: string;
  readonly usesOidcFederation: boolean;
  readonly bindings: readonly ServiceAccountBindingView[];
  readonly groups: readonly IamGroup[];
  readonly path: string;
  findGroup(name: string): IamGroup | undefined;
  findBinding(namespace: string, serviceAccountName: string): ServiceAccountBindingView | undefined;
  /** The group this declaration belongs with (a fleet's clusters), set by the group. */
  _group?: DeclarationGroup;
  readonly _groupsProp: unknown;
  readonly _bindingsProp?: unknown;
}

/** @internal What the plans and checks read of a `ServiceAccountBinding` (which matches it). */
export interface ServiceAccountBindingView {
  readonly identity: WorkloadIdentityView;
  readonly index: number;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly iamUser: string;
  readonly iamUserGiven: boolean;
  readonly iamGroups: readonly string[];
  readonly projectId?: string;
  readonly region?: string;
  readonly globalOnly: boolean;
  readonly mode: IdentityMode;
  readonly agencyNameGiven?: string;
  readonly agencyName: string | undefined;
  readonly dedicatedGroupName: string | undefined;
  readonly grants: readonly Grant[];
  readonly groups: readonly string[];
  readonly subject: string;
  readonly token: ResolvedTokenOptions;
  readonly conversionRule: ConversionRule;
  readonly environment: Readonly<Record<string, string>>;
  readonly _tokenProps: ProjectedTokenOptions;
  readonly _tokenGiven: boolean;
  readonly _grantsProp: unknown;
  readonly _notObjects: ReadonlyArray<{ readonly field: string; readonly value: unknown }>;
  toString(): string;
}

/** @internal Declarations that belong together (a fleet's clusters): what the cross-declaration checks need to know. */
export interface DeclarationGroup {
  /** Path prefix of the group in messages. */
  readonly path: string;
  /** The group's declarations, in order. */
  readonly members: readonly WorkloadIdentityView[];
  /** How many identity providers the account holds. */
  readonly identityProviderQuota: number;
  /** The group's own issues (not those of its members). */
  groupIssues(): ValidationIssue[];
  /** Path of a member inside the group, e.g. `clusters[1]`. */
  memberLabel(member: WorkloadIdentityView): string;
}
