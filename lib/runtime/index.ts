/**
 * `cce-workload-identity/runtime`: in-pod credentials for Huawei Cloud CCE workload identity.
 * Node built-ins only (no cdk8s, cdktf, constructs or cloud SDK).
 */
export { WorkloadIdentityCredentials, DEFAULT_AUTH_HOSTS, isAuthDestinationAllowed } from './provider';
export type { WorkloadIdentityCredentialsOptions } from './provider';
export type { IamToken, TemporaryCredentials } from './iam-client';
export { ID_TOKEN_PATH, SECURITY_TOKEN_PATH } from './iam-client';
export { CredentialSource } from './credential-source';
export { ContainerCredentialsEnv, POD_IDENTITY_AUDIENCE } from './env';
export { detectCredentialSource, isLinkLocalHost, normalizeCredentialsUri, resolveContainerCredentialsConfig } from './container-credentials';
export type { ContainerCredentialsConfig, ContainerCredentialsOptions } from './container-credentials';
export type { SdkCredentialsLike } from './sdk-credentials';
export { ENV, defaultIamEndpoint, normalizeIamEndpoint, resolveIdentityConfig } from './config';
export type { IdentityConfig, IdentityConfigOptions, TokenScope } from './config';
export {
  WorkloadIdentityError,
  ConfigError,
  TokenFileError,
  IamRejectedError,
  IamUnavailableError,
  IamResponseError,
  CredentialsExpiredError,
  ClientClosedError,
  isWorkloadIdentityError,
} from './errors';
export type {
  WorkloadIdentityErrorCode,
  WorkloadIdentityErrorOptions,
  TokenFileErrorCode,
  IamRejectedErrorCode,
  IamUnavailableErrorCode,
} from './errors';
export { redact, REDACTED } from './redact';
export type { Logger } from './logger';
export type { Clock, Timers, TimerHandle } from './clock';
export type { RetryOptions } from './retry';
export { DEFAULT_RETRY_POLICY } from './retry';
