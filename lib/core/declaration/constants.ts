/**
 * Fixed values of the CCE workload-identity procedure, each with its source.
 */

/** The `iss` claim of ServiceAccount tokens signed by a CCE cluster (CCE workload identity guide). */
export const CCE_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** Default lifetime of the projected token, as in the CCE guide. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 7200;

/** kube-apiserver rejects projected tokens shorter than this (`expirationSeconds` ≥ 600). */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;

/** Upper bound of `expirationSeconds` in the Kubernetes API (2^32 seconds). */
export const MAX_TOKEN_EXPIRATION_SECONDS = 2 ** 32;

/** The kubelet refreshes a projected token after 24 h whatever its lifetime. */
export const KUBELET_MAX_REFRESH_SECONDS = 24 * 60 * 60;

/** Default file name of the token inside the projected volume (CCE guide). */
export const DEFAULT_TOKEN_PATH = 'oidc-token';

/** Default directory the projected volume is mounted at (CCE guide). */
export const DEFAULT_TOKEN_MOUNT_PATH = '/var/run/secrets/tokens';

/** Where Kubernetes mounts the default API token; the workload-identity token must not go there. */
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** File mode of the projected token, as in the CCE guide (0644): readable by a non-root container user. */
export const TOKEN_FILE_MODE = 0o644;

/** Default namespace of a binding. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * IAM's default quota of identity providers per account (a quota, not a hard limit: it can be
 * raised; terraform-provider-huaweicloud docs/resources/identity_provider.md: "You can create up
 * to 10 identity providers").
 */
export const MAX_IDENTITY_PROVIDERS_PER_ACCOUNT = 10;

/** IAM lets a user belong to at most this many user groups (IAM "Notes and Constraints", iam_01_0305). */
export const MAX_GROUPS_PER_USER = 10;

/**
 * A well-formed but non-existent project ID for examples that must synthesize without an account:
 * 32 zeros. Declarations using it synthesize with a `PLACEHOLDER_PROJECT_ID` warning.
 */
export const PLACEHOLDER_PROJECT_ID = '00000000000000000000000000000000';

/** A well-formed but non-existent account (domain) ID, 32 zeros; synthesizes with a `PLACEHOLDER_DOMAIN_ID` warning. */
export const PLACEHOLDER_DOMAIN_ID = '00000000000000000000000000000000';

/** The environment variables the SDKs and the runtime read (defined once, in lib/contract). */
export { SdkEnv } from '../../contract/sdk-env';
