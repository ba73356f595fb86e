// The part of `cce-workload-identity/testing` that is the same in both flavours (no toolchain type
// shows in it): lib/testing/index.ts and lib/cdktn/testing/index.ts export it as it is, beside
// their own synthWorkloadIdentity. Listed name by name; api/testing.api.md records it.

// What synthWorkloadIdentity returns
export type { KubernetesManifest, SynthesizedWorkloadIdentity } from './synth-run';
// The IAM federation emulator
export { startIamEmulator, EmulatorConfigError } from './emulator';
export type {
  EmulatedConversionRule, EmulatedConversionRuleLocal, EmulatedConversionRuleRemote, EmulatedIdentityProvider, EmulatedProject,
  EmulatedRemoteCondition, EmulatorConfigErrorCode, EmulatorDecision, IamCheck, IamEmulator, IamEmulatorOptions, IamEmulatorRequestCounts,
  IamEmulatorStats, TerraformInput, DecisionBasis, RemoteEvaluation, RequestScope, RuleEvaluation,
} from './emulator';
export type { EmulatedCluster } from './emulator/pod-identity-routes';
// Plain JSON shapes of keys, tokens and headers (jose's, declared here so no type needs jose)
export type { CryptoKey, JWK, JWTPayload } from '../iam-model/jose';
// explain: why a token is (not) admitted; explain --can: what a ServiceAccount may do
export { explain, formatExplainReport } from '../iam-model/explain/explain';
export type {
  ExplainedProvider, ExplainedRule, ExplainOptions, ExplainReport, ServiceAccountRef, TokenCheckStep, TokenSummary, TokenVerdict,
} from '../iam-model/explain/explain';
export type { ExplainedAssociation } from '../iam-model/explain/explain-pod-identity';
export { explainPermission, formatPermissionReport } from '../iam-model/explain/explain-permission';
export type {
  AssignedRole, DecidingStatement, EffectivePermissions, ExplainPermissionOptions, GroupPermissions, PermissionReport, PermissionVerdict,
  ScopeVerdict, ServiceAccountPermissions,
} from '../iam-model/explain/explain-permission';
// Projected ServiceAccount tokens, as kube-apiserver mints them, and where pods read them
export { mintServiceAccountToken, podIdentitiesFromManifests } from './kube-token';
export type {
  MintedServiceAccountToken, PodIdentity, ProjectedServiceAccountToken, ServiceAccountTokenClaims, ServiceAccountTokenOptions,
} from './kube-token';
// Conformance: Terraform JSON against a provider schema, manifests against the Kubernetes schema
export { assertTerraformConformsToSchema, formatTerraformSchemaIssue, loadProviderSchemas, validateTerraformJson } from './terraform-schema';
export type {
  CtyType, ProviderSchema, ProviderSchemasDocument, SchemaAttribute, SchemaBlock, SchemaBlockType, TerraformSchemaIssue, TerraformSchemaIssueKind,
  TerraformSchemaOptions,
} from './terraform-schema';
export { createKubernetesOpenApiValidator, formatKubernetesSchemaIssues, validateWithKubernetesModels } from './kubernetes-schema';
export type {
  KubernetesManifestValidator, KubernetesObject, KubernetesOpenApiValidatorOptions, KubernetesSchemaIssue, OpenApiV2Document,
} from './kubernetes-schema';
// Access review as code: the who-may-do-what matrix of a declaration, and the diff of two versions
export { accessOf, diffAccess, AccessReport, AccessDiff } from '../iam-model/access';
export type { AccessChange, AccessGrant, AccessInput, AccessMatrix, AccessRow } from '../iam-model/access';
