// Says which peer dependencies to install when any is missing (must stay the first import)
import './peer-dependencies';

// The public API of `cce-workload-identity`, listed name by name: api/cce-workload-identity.api.md
// records it and `npm run api:check` fails on any change not committed there. Validators,
// invariant helpers and constants stay internal (tests import them by file path).

// The declaration shared by both sides
export { WorkloadIdentity } from './core';
export type { WorkloadIdentityProps, WorkloadIdentitySettings } from './core';
export { ServiceAccountBinding } from './core';
export type { ProjectedTokenOptions, ResolvedTokenOptions, ServiceAccountBindingProps } from './core';
export { ConversionRuleCondition } from './core';
// How pods get credentials: OIDC federation (default) or CCE pod identity
export { IdentityMode } from './core';
export type { ConversionRule, ConversionRuleLocal, ConversionRuleRemote } from './core';
export { Jwks } from './core';
export type { JsonWebKeySet, PublicJwk } from './core';
export { WorkloadIdentityFleet, WorkloadIdentityFleetCluster } from './core';
export type { WorkloadIdentityFleetClusterProps, WorkloadIdentityFleetProps } from './core';
// Grants: groups, roles and policies, scopes, presets
export { Effect, PolicyDocument, PolicyStatement } from './core';
export type { PolicyDocumentProps, PolicyStatementProps } from './core';
export { IamRole, IamRoleKind, PolicyScopeType } from './core';
export type { CustomPolicyProps } from './core';
export { GrantScope, GrantScopeKind, Grants } from './core';
export type { Grant } from './core';
export { IamGroup } from './core';
export type { IamGroupProps } from './core';
// Errors
export { WorkloadIdentityValidationError } from './core';
export { IssueSeverity, IssueSide } from './core';
export type { ValidationIssue } from './core';

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
