// The declaration shared by both sides, and the values both sides derive from it.
export * from './constants';
export { formatIssue, WorkloadIdentityValidationError } from './issues';
export type { IssueSeverity, IssueSide, ValidationIssue } from './issues';
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
export type { WorkloadIdentityProps } from './workload-identity';
export { validateDeclarations } from './declarations';
