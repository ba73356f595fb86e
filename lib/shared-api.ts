// The part of the public API that is the same in both flavours (no toolchain type shows in it):
// `cce-workload-identity` (lib/index.ts) and `cce-workload-identity/cdktn` (lib/cdktn/index.ts)
// export it as it is, with the classes that show their toolchain's types beside it. Listed name
// by name; api/cce-workload-identity.api.md records it.

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

// Terraform side: the grants (created by WorkloadIdentityProvider) and the props
export { WorkloadIdentityGrants } from './terraform/workload-identity-grants';
export type { WorkloadIdentityProviderProps, WorkloadIdentityFleetProvidersProps } from './terraform/provider-rendering';

// Kubernetes side (cdk8s; works with any cdk8s-plus major or none)
export { WorkloadServiceAccount, WorkloadIdentityFleetApps } from './kubernetes';
export type { BindOptions, WorkloadServiceAccountProps, WorkloadServiceAccountSubject, WorkloadIdentityFleetAppsProps } from './kubernetes';

// Validating both sides together: what does not name a toolchain
export { SynthesisSide, SynthesisValidationError } from './synthesis-run';
// Deprecated free-function form of WorkloadIdentitySynthesis.collectValidationErrors (TypeScript/JavaScript only)
export { collectValidationErrors } from './synthesis-run';
export type { SynthesizeAppsResult } from './synthesis-run';
