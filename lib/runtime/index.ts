/**
 * `cce-workload-identity/runtime`: in-pod credentials for Huawei Cloud CCE workload identity.
 * Node built-ins only (no cdk8s, cdktf, constructs or cloud SDK).
 *
 * The public API, listed name by name: api/runtime.api.md records it and `npm run api:check`
 * fails on any change not committed there.
 */
export { WorkloadIdentityCredentials } from './provider';
export type { WorkloadIdentityCredentialsOptions } from './provider';
export type { IamToken, TemporaryCredentials } from './iam-client';
export { CredentialSource } from './credential-source';
export { ContainerCredentialsEnv, POD_IDENTITY_AUDIENCE } from '../contract/sdk-env';
export type { ContainerCredentialsConfig, ContainerCredentialsOptions } from './container-credentials';
export type { SdkCredentialsLike } from './sdk-credentials';
export type { IdentityConfig, IdentityConfigOptions, TokenScope } from './config';
// The environment variables the Kubernetes side injects and the Huawei Cloud SDKs read
export { SdkEnv } from '../contract/sdk-env';
export {
  WorkloadIdentityError,
  ConfigError,
  TokenFileError,
  IamRejectedError,
  IamUnavailableError,
  IamResponseError,
  IamEndpointError,
  InternalError,
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
  IamEndpointErrorCode,
  LegacyWorkloadIdentityErrorCode,
} from './errors';
export type { Logger } from './logger';
export type { Clock, Timers, TimerHandle } from './clock';
export type { RetryOptions } from './retry';
