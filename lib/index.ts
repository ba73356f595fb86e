// Says which peer dependencies to install when any is missing (must stay the first import)
import './peer-dependencies';

// The public API of `cce-workload-identity`, listed name by name: api/cce-workload-identity.api.md
// records it and `npm run api:check` fails on any change not committed there. Validators,
// invariant helpers and constants stay internal (tests import them by file path).

// The declaration shared by both sides
export { WorkloadIdentity } from './core/declaration/workload-identity';
export type { WorkloadIdentityProps, WorkloadIdentitySettings } from './core/declaration/types';
export { ServiceAccountBinding } from './core/declaration/workload-identity';
export type { ProjectedTokenOptions, ResolvedTokenOptions, ServiceAccountBindingProps } from './core/declaration/types';
export { ConversionRuleCondition } from './core/declaration/invariants';
// How pods get credentials: OIDC federation (default) or CCE pod identity
export { IdentityMode } from './core/declaration/identity-mode';
export type { ConversionRule, ConversionRuleLocal, ConversionRuleRemote } from './core/declaration/invariants';
export { Jwks } from './core/jwks/jwks';
export type { JsonWebKeySet, PublicJwk } from './core/jwks/jwks';
export { WorkloadIdentityFleet, WorkloadIdentityFleetCluster } from './core/declaration/workload-identity-fleet';
export type { WorkloadIdentityFleetClusterProps, WorkloadIdentityFleetProps } from './core/declaration/workload-identity-fleet';
// Grants: groups, roles and policies, scopes, presets
export { Effect, PolicyDocument, PolicyStatement } from './core/iam/policy-document';
export type { PolicyDocumentProps, PolicyStatementProps } from './core/iam/policy-document';
export { IamRole, IamRoleKind, PolicyScopeType } from './core/iam/iam-role';
export type { CustomPolicyProps } from './core/iam/iam-role';
export { GrantScope, GrantScopeKind } from './core/iam/grant-scope';
export { Grants } from './core/iam/grants';
export type { Grant } from './core/iam/grants';
export { IamGroup } from './core/iam/iam-group';
export type { IamGroupProps } from './core/iam/iam-group';
// Errors
export { WorkloadIdentityValidationError } from './core/issues/issues';
export { IssueSeverity, IssueSide } from './core/issues/issues';
export type { ValidationIssue } from './core/issues/issues';

// Terraform side (cdktf + generated Huawei Cloud provider bindings)
export { WorkloadIdentityProvider, WorkloadIdentityGrants, WorkloadIdentityFleetProviders } from './terraform';
export type { WorkloadIdentityProviderProps, WorkloadIdentityFleetProvidersProps } from './terraform';
export { HuaweicloudProvider } from './terraform';
export type { HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig } from './terraform';

// Kubernetes side (cdk8s; works with any cdk8s-plus major or none)
export { WorkloadServiceAccount, WorkloadIdentityFleetApps } from './kubernetes';
export type { BindOptions, WorkloadServiceAccountProps, WorkloadServiceAccountSubject, WorkloadIdentityFleetAppsProps } from './kubernetes';

// Validating and writing both sides together
export { WorkloadIdentitySynthesis, SynthesisSide, SynthesisValidationError } from './synthesize';
// Deprecated free-function forms of WorkloadIdentitySynthesis' static methods (TypeScript/JavaScript only)
export { synthesizeApps, collectValidationErrors } from './synthesize';
export type { SynthesizeAppsOptions, SynthesizeAppsResult } from './synthesize';
