// The declaration shared by both sides, and the values both sides derive from it.
export * from './declaration/constants';
export { formatIssue, WorkloadIdentityValidationError } from './issues/issues';
export { IssueSeverity, IssueSide } from './issues/issues';
export type { ValidationIssue } from './issues/issues';
export { ACCEPTED_ALGORITHMS, Jwks, MIN_RSA_BITS, PRIVATE_JWK_MEMBERS } from './jwks/jwks';
export type { JsonWebKeySet, PublicJwk } from './jwks/jwks';
export {
  clientIdRule, iamEndpointRule, iamGroupNameRule, iamUserNameRule, issuerRule, mountPathRule, namespaceRule, projectIdRule,
  providerNameRule, regionRule, serviceAccountNameRule, tokenPathRule,
} from './validation/rules';
export { exactStringRule, OIDC_CONFIG_LIMITS, signingKeyRule, volumeNameRule } from './validation/rules';
export type { RuleCheck } from './validation/rules';
export * from './declaration/invariants';
export { ServiceAccountBinding } from './declaration/service-account-binding';
export type { ProjectedTokenOptions, ResolvedTokenOptions, ServiceAccountBindingProps } from './declaration/service-account-binding';
export { WorkloadIdentity } from './declaration/workload-identity';
export type { WorkloadIdentityProps, WorkloadIdentitySettings } from './declaration/workload-identity';
export { validateDeclarations } from './declaration/declarations';
export { WorkloadIdentityFleet, WorkloadIdentityFleetCluster } from './declaration/workload-identity-fleet';
export type { WorkloadIdentityFleetClusterProps, WorkloadIdentityFleetProps } from './declaration/workload-identity-fleet';
// Grants: groups, roles and policies, scopes, presets
export { Effect, PolicyDocument, PolicyStatement } from './iam/policy-document';
export type { PolicyDocumentProps, PolicyStatementProps } from './iam/policy-document';
export { IamRole, IamRoleKind, PolicyScopeType } from './iam/iam-role';
export type { CustomPolicyProps } from './iam/iam-role';
export { GrantScope, GrantScopeKind } from './iam/grant-scope';
export { Grants } from './iam/grants';
export type { Grant } from './iam/grants';
export { IamGroup } from './iam/iam-group';
export type { IamGroupProps } from './iam/iam-group';
export { domainIdRule, MAX_POLICY_CHARACTERS, policyActionRule, policyResourceRule } from './iam/iam-policy-rules';
// How pods get credentials: OIDC federation or CCE pod identity (issue 10)
export { agencyNameRule, clusterIdRule, IdentityMode, PLACEHOLDER_CLUSTER_ID } from './declaration/identity-mode';
