/**
 * The environment contract between the Kubernetes side and the pod: the variables the
 * Kubernetes construct injects and the Huawei Cloud SDKs (Go, Java, Python, Node) and this runtime
 * read for federated (OIDC id-token) authentication. Defined once, here in lib/contract, with no
 * imports: the declaration (lib/core) and the runtime both import it, and the construct library
 * re-exports it.
 */
export const SdkEnv = {
  IDP_ID: 'HUAWEICLOUD_SDK_IDP_ID',
  ID_TOKEN_FILE: 'HUAWEICLOUD_SDK_ID_TOKEN_FILE',
  PROJECT_ID: 'HUAWEICLOUD_SDK_PROJECT_ID',
  /** The account (domain) ID the SDKs' global credentials use (global services such as OBS, IAM). */
  DOMAIN_ID: 'HUAWEICLOUD_SDK_DOMAIN_ID',
  /** Read by this package's runtime (scope and regional IAM endpoint); the Huawei Cloud SDKs do not read it. */
  REGION: 'HUAWEICLOUD_SDK_REGION',
  IAM_ENDPOINT: 'HUAWEICLOUD_SDK_IAM_ENDPOINT',
} as const;

/**
 * An IAM identity provider name, the value of `HUAWEICLOUD_SDK_IDP_ID` and `X-Idp-Id`: 1–64
 * letters, digits, `_` and `-` (huaweicloud_identity_provider `name`).
 */
export const PROVIDER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * CCE pod identity: variables the platform (not this library) sets in the containers of pods whose
 * ServiceAccount has a pod identity association; the SDKs' pod-identity providers read them (Python
 * core `PodIdentityCredentialProvider.get_basic()` / `get_global()`, also in Python's default
 * `CredentialProviderChain`, over `auth/internal.py` `PodIdentityAccessor`; Java
 * `PodIdentityCredentialProvider.basic()` / `.global()`; Go `provider.BasicCredentialPodIdentityProvider()`
 * / `GlobalCredentialPodIdentityProvider()`; the Node SDK core 3.1.211 has none). The credentials are obtained with
 * `POST $HC_CONTAINER_CREDENTIALS_FULL_URI`, header `Authorization: <content of the token file>`,
 * body `{}`.
 */
export const ContainerCredentialsEnv = {
  /** Full URL of the node-local credentials endpoint. */
  FULL_URI: 'HC_CONTAINER_CREDENTIALS_FULL_URI',
  /** File holding the ServiceAccount token CCE mounts for pod identity, sent as `Authorization` (its `aud`: see {@link POD_IDENTITY_AUDIENCE}). */
  AUTHORIZATION_TOKEN_FILE: 'HC_CONTAINER_AUTHORIZATION_TOKEN_FILE',
} as const;

/**
 * The `audience` field of the credentials CCE issues for pod identity (CCE API
 * AssumeAgencyForPodIdentity: "fixed as service.cce.pods", "returned only when the association binds
 * a trust agency"). That the ServiceAccount token CCE mounts carries it as `aud` is NOT documented:
 * the emulator requires it of pod tokens by its own choice (UNVERIFIED against CCE). [unverified:pod-token-audience]
 */
export const POD_IDENTITY_AUDIENCE = 'service.cce.pods';
