// The declaration shared by both sides, and the values both sides derive from it.
export * from './constants';
export { formatIssue, WorkloadIdentityValidationError } from './issues';
export { IssueSeverity, IssueSide } from './issues';
export type { ValidationIssue } from './issues';
export { ACCEPTED_ALGORITHMS, Jwks, MIN_RSA_BITS, PRIVATE_JWK_MEMBERS } from './jwks';
export type { JsonWebKeySet, PublicJwk } from './jwks';
export {
  clientIdRule, iamEndpointRule, iamGroupNameRule, iamUserNameRule, issuerRule, mountPathRule, namespaceRule, projectIdRule,
  providerNameRule, regionRule, serviceAccountNameRule, tokenPathRule,
} from './rules';
export { exactStringRule, OIDC_CONFIG_LIMITS, signingKeyRule, volumeNameRule } from './rules';
export type { RuleCheck } from './rules';
export * from './invariants';
export { ServiceAccountBinding } from './service-account-binding';
export type { ProjectedTokenOptions, ResolvedTokenOptions, ServiceAccountBindingProps } from './service-account-binding';
export { WorkloadIdentity } from './workload-identity';
export type { WorkloadIdentityProps, WorkloadIdentitySettings } from './workload-identity';
export { validateDeclarations } from './declarations';
export { WorkloadIdentityFleet, WorkloadIdentityFleetCluster } from './workload-identity-fleet';
export type { WorkloadIdentityFleetClusterProps, WorkloadIdentityFleetProps } from './workload-identity-fleet';
// Grants: groups, roles and policies, scopes, presets
export { Effect, PolicyDocument, PolicyStatement } from './policy-document';
export type { PolicyDocumentProps, PolicyStatementProps } from './policy-document';
export { IamRole, IamRoleKind, PolicyScopeType } from './iam-role';
export type { CustomPolicyProps } from './iam-role';
export { GrantScope, GrantScopeKind } from './grant-scope';
export { Grants } from './grants';
export type { Grant } from './grants';
export { IamGroup } from './iam-group';
export type { IamGroupProps } from './iam-group';
export { domainIdRule, MAX_POLICY_CHARACTERS, policyActionRule, policyResourceRule } from './iam-policy-rules';
// How pods get credentials: OIDC federation or CCE pod identity (issue 10)
export { agencyNameRule, clusterIdRule, IdentityMode, PLACEHOLDER_CLUSTER_ID } from './identity-mode';
