/**
 * IAM federation emulator: loads identity providers and conversion rules from synthesized
 * Terraform JSON and serves, on loopback, the IAM APIs a pod's SDK calls to turn a projected
 * ServiceAccount token into temporary credentials — plus a fake cloud service that verifies
 * requests signed with them.
 *
 * ```ts
 * const emulator = await startIamEmulator({ terraform: 'cdktf.out/stacks/app/cdk.tf.json' });
 * process.env.HUAWEICLOUD_SDK_IAM_ENDPOINT = emulator.url;
 * // … run code that uses the Huawei Cloud SDK against emulator.serviceUrl …
 * await emulator.stop();
 * ```
 */
export {
  startIamEmulator,
  formatDecision,
  isLoopback,
  ID_TOKEN_PATH,
  SECURITY_TOKEN_PATH,
  FEDERATION_AUTH_PATH,
  type IamEmulator,
  type IamEmulatorOptions,
  type IamEmulatorStats,
  type IamEmulatorRequestCounts,
  type EmulatorDecision,
} from './server';
export {
  CONTAINER_CREDENTIALS_PATH,
  ASSUME_AGENCY_PATH,
  POD_IDENTITY_CREDENTIAL_SECONDS,
  type EmulatedCluster,
} from './pod-identity-routes';
export {
  IamError,
  IamErrorCode,
  PodIdentityErrorCode,
  type PodIdentityErrorCodeValue,
  ServiceErrorCode,
  EmulatorConfigError,
  EmulatorConfigErrorCode,
  type IamCheck,
  type IamErrorCodeValue,
  type ServiceErrorCodeValue,
  type IamErrorProps,
} from '../../iam-model/iam-errors';
export {
  loadIdentityProviders,
  loadTerraform,
  parseTerraformDocument,
  parseSigningKey,
  type TerraformInput,
  type EmulatedIdentityProvider,
  type LoadedTerraform,
} from '../../iam-model/terraform-loader';
export {
  authorizeServiceRequest,
  EMULATOR_ACTION_HEADER,
  EMULATOR_RESOURCE_HEADER,
  EMULATOR_PROJECT_HEADER,
  type EmulatedProject,
  type ServiceAuthorization,
  type ServiceRequestContext,
} from './service-authorizer';
// Grants and policy evaluation (shared with explain --can)
export * from '../../iam-model';
export {
  evaluateConversionRules,
  claimValues,
  type EmulatedConversionRule,
  type EmulatedConversionRuleLocal,
  type EmulatedConversionRuleRemote,
  type EmulatedRemoteCondition,
  type Claims,
  type MappingResult,
  type RuleEvaluation,
  type RemoteEvaluation,
} from '../../iam-model/mapping-engine';
export {
  verifyIdToken,
  admitIdToken,
  assertProviderUsable,
  allowedAlgorithms,
  peekClaims,
  type TokenCheckOptions,
  type VerifiedIdToken,
  type AdmittedIdToken,
} from '../../iam-model/token-verifier';
export {
  verifySdkSignature,
  parseSdkAuthorization,
  canonicalRequest,
  canonicalUri,
  canonicalQuery,
  sdkSignature,
  sdkUrlEncode,
  parseSdkDate,
  SDK_SIGNING_ALGORITHM,
  MAX_REQUEST_DATE_SKEW_SECONDS,
  type ReceivedRequest,
  type IssuedCredential,
  type SdkAuthorization,
  type VerifiedSignature,
} from './signature';
