// The part of the public API that is the same in both flavours (no toolchain type shows in it):
// `cce-workload-identity` (lib/index.ts) and `cce-workload-identity/cdktn` (lib/cdktn/index.ts)
// export it as it is, with the classes that show their toolchain's types beside it. Listed name
// by name; api/cce-workload-identity.api.md records it.

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
