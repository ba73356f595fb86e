/**
 * The one table of the runtime's error codes ({@link WorkloadIdentityErrorCode}): for each, the
 * class that carries it, whether it is retried, what it means and the usual fix. The compiler holds
 * it complete (`satisfies Record<WorkloadIdentityErrorCode, …>`: a code added to the union without
 * a row, or a row without a code, does not compile). docs/error-codes.md and docs/troubleshooting.md
 * are generated from it (`npm run docs:codes`). Not imported by the runtime itself (pods never load it).
 */
import type { WorkloadIdentityErrorCode } from './errors';

/** What the table says about one runtime error code. */
export interface RuntimeErrorCodeInfo {
  /** The error class that carries the code. */
  readonly errorClass: string;
  /** Whether the provider retries it (with backoff) before it rejects. */
  readonly retryable: boolean;
  /** What it means. */
  readonly summary: string;
  /** The usual fix (the message gives one fitted to the case). */
  readonly fix: string;
}

/** Every runtime error code, in the order a failing exchange meets them. */
export const RUNTIME_ERROR_CODES = {
  ERR_CONFIG_INVALID: {
    errorClass: 'ConfigError', retryable: false,
    summary: 'The provider\'s options or environment are incomplete or invalid (e.g. no HUAWEICLOUD_SDK_IDP_ID, a plain-http endpoint).',
    fix: 'Set the variable or option the message names; the Kubernetes side of the declaration injects them all into the pod.',
  },
  ERR_TOKEN_FILE_MISSING: {
    errorClass: 'TokenFileError', retryable: false,
    summary: 'The projected ServiceAccount token file does not exist.',
    fix: 'Check that the pod template has the projected token volume and mount (`kubectl get pod -o yaml`); the binder adds them.',
  },
  ERR_TOKEN_FILE_EMPTY: {
    errorClass: 'TokenFileError', retryable: false,
    summary: 'The token file exists but is empty.',
    fix: 'Check the projected volume\'s serviceAccountToken source (audience, path); the kubelet writes the token there.',
  },
  ERR_TOKEN_FILE_UNREADABLE: {
    errorClass: 'TokenFileError', retryable: false,
    summary: 'The token file cannot be read, is not a regular file, holds more than 64 KiB or was not read within 10 s.',
    fix: 'Check the mount and the container user\'s permissions (the volume\'s defaultMode, fsGroup); point '
      + 'HUAWEICLOUD_SDK_ID_TOKEN_FILE at the file.',
  },
  ERR_TOKEN_FILE_MALFORMED: {
    errorClass: 'TokenFileError', retryable: false,
    summary: 'The token file does not hold a JWT (three base64url segments).',
    fix: 'Point HUAWEICLOUD_SDK_ID_TOKEN_FILE at the projected ServiceAccount token, not at another file.',
  },
  ERR_TOKEN_EXPIRED: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'IAM rejected the ServiceAccount token as expired or not yet valid.',
    fix: 'Check that the kubelet rotates the projected token (expirationSeconds) and that the node\'s clock is in sync.',
  },
  ERR_TOKEN_REJECTED: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'IAM rejected the ServiceAccount token: signature, issuer, audience or key id.',
    fix: 'Compare the token with the provider: iss = issuer, aud contains clientId, kid in the trusted JWKS (`cce-workload-identity jwks diff`).',
  },
  ERR_PROVIDER_NOT_FOUND: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'IAM does not know the identity provider named by HUAWEICLOUD_SDK_IDP_ID.',
    fix: 'Apply the Terraform stack in this account, and check that HUAWEICLOUD_SDK_IDP_ID equals providerName.',
  },
  ERR_NOT_ADMITTED: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'The token is valid, but no identity conversion rule admits this ServiceAccount (or the provider is disabled).',
    fix: 'Add a binding for the pod\'s namespace and ServiceAccount, apply, and check with `cce-workload-identity explain '
      + '<cdk.tf.json> --token <file>`.',
  },
  ERR_PROJECT_NOT_FOUND: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'The project (ID or region name) asked for as the token\'s scope does not exist or is not accessible.',
    fix: 'Set projectId (My Credentials > Projects) on the declaration or binding, or the region the project belongs to.',
  },
  ERR_IAM_REJECTED: {
    errorClass: 'IamRejectedError', retryable: false,
    summary: 'IAM rejected the request with a 4xx other than the ones above.',
    fix: 'Read IAM\'s error code (`iamErrorCode`) and message in the error; they say what IAM refused.',
  },
  ERR_IAM_UNREACHABLE: {
    errorClass: 'IamUnavailableError', retryable: true,
    summary: 'IAM could not be reached (connection refused or reset, DNS, timeout) after every retry; the message names the system '
      + 'code and host:port.',
    fix: 'Check the pod\'s egress to iam.<region>.myhuaweicloud.com:443 (network policies, DNS, proxy) and iamEndpoint.',
  },
  ERR_IAM_THROTTLED: {
    errorClass: 'IamUnavailableError', retryable: true,
    summary: 'IAM kept answering 429 Too Many Requests after every retry.',
    fix: 'Share one provider per process (it caches credentials until shortly before they expire) instead of one per request.',
  },
  ERR_IAM_SERVER_ERROR: {
    errorClass: 'IamUnavailableError', retryable: true,
    summary: 'IAM kept answering 5xx after every retry.',
    fix: 'Retry later; check the Huawei Cloud service health of the region.',
  },
  ERR_IAM_REDIRECTED: {
    errorClass: 'IamEndpointError', retryable: false,
    summary: 'The endpoint answered with a redirect, which is never followed (the request carries a token).',
    fix: 'Point iamEndpoint (or the container credentials endpoint) at the final URL, https://iam.<region>.myhuaweicloud.com.',
  },
  ERR_IAM_RESPONSE_TOO_LARGE: {
    errorClass: 'IamEndpointError', retryable: false,
    summary: 'The answer (body or headers) is larger than the runtime accepts; it was not read further.',
    fix: 'Check that the endpoint is IAM and not a proxy or captive portal answering in its place.',
  },
  ERR_IAM_TLS_FAILED: {
    errorClass: 'IamEndpointError', retryable: false,
    summary: 'The TLS handshake failed: untrusted or expired certificate, wrong host name, or a plain-http server behind an https URL.',
    fix: 'Trust the CA (NODE_EXTRA_CA_CERTS, e.g. the emulator\'s ca-file) or fix the endpoint\'s host name.',
  },
  ERR_IAM_BAD_RESPONSE: {
    errorClass: 'IamResponseError', retryable: false,
    summary: 'IAM answered 2xx, but without the token or credential fields.',
    fix: 'Check that the endpoint is IAM (not a proxy); report it with the excerpt in the message if it is.',
  },
  ERR_CREDENTIALS_EXPIRED: {
    errorClass: 'CredentialsExpiredError', retryable: false,
    summary: 'The cached token or credentials expired and refreshing them failed; `cause` holds the refresh error.',
    fix: 'Fix the cause (its own code is in `cause`); the provider refreshes again on the next call.',
  },
  ERR_CLIENT_CLOSED: {
    errorClass: 'ClientClosedError', retryable: false,
    summary: '`close()` was called on the provider, which then refuses every call.',
    fix: 'Create a new provider, or close it only when the process shuts down.',
  },
  ERR_INTERNAL: {
    errorClass: 'InternalError', retryable: false,
    summary: 'A failure the runtime did not anticipate (a bug, or a custom fetch that threw something odd); `cause` holds it, redacted.',
    fix: 'Report it with the message and `cause`; with a custom fetch, check what it throws.',
  },
} as const satisfies Record<WorkloadIdentityErrorCode, RuntimeErrorCodeInfo>;
