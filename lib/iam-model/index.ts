/**
 * Grants read from synthesized Terraform and IAM custom-policy evaluation, shared by `explain --can`
 * and the emulator's fake service.
 */
export {
  PolicyEvaluator,
  type PermissionRequest,
  type PolicyGrant,
  type StatementMatch,
  type DecisionBasis,
  type PolicyDecision,
} from './policy-evaluator';
export { type PolicyDocument, type PolicyStatement, type PolicyEffect } from './policy-document';
export {
  type TerraformGrants,
  type TerraformGroup,
  type TerraformRole,
  type TerraformCustomRole,
  type TerraformSystemRole,
  type RoleAssignment,
  type AssignmentScope,
  type TerraformAgency,
  type TerraformPodIdentityAssociation,
  type PolicyCache,
} from './grants-loader';
export { type Principal, type RequestScope, type GroupGrant, type FederatedIdentity, type Authorization } from './effective-permissions';
export {
  patternMatches, patternCovers, patternsIntersect, hasWildcard, actionPatternCovers, actionPatternsIntersect, resourcePatternCovers,
  resourcePatternsIntersect, actionSegments, resourceSegments, type QuestionMark,
} from './patterns';
export {
  loadTerraform, loadIdentityProviders, parseTerraformDocument, parseSigningKey, type LoadedTerraform, type TerraformInput,
  type EmulatedIdentityProvider,
} from './terraform-loader';
export { parseTerraformGrants, resolveConversionGroup } from './grants-loader';
export {
  serviceAccountIdentity, grantsOf, grantsOfGroups, grantsOfAgency, isAgency, authorizeRequest, scopeCovers, candidateScopes, describePrincipal,
  describeHolder, describeRequestScope, describeAssignmentScope, describeRole, describeStatement,
} from './effective-permissions';
export {
  evaluateConversionRules, type EmulatedConversionRule, type EmulatedConversionRuleLocal, type EmulatedConversionRuleRemote,
  type EmulatedRemoteCondition, type MappingResult, type RuleEvaluation,
} from './mapping-engine';
export { parseServiceAccountSubject, parseServiceAccountShort, serviceAccountSubjectOf } from './service-account-subject';
export { parsePolicyDocument, isActionPattern, isResourcePattern } from './policy-document';
export {
  readTerraformFile, parseBoundedJson, nestingDepth, terraformForm, toSynthShape, TERRAFORM_LIMITS, type TerraformForm, type RawDocument,
} from './reader/input';
export { EmulatorConfigError, EmulatorConfigErrorCode, IamError, IamErrorCode } from './iam-errors';
export { scopeVerdict, type ScopeVerdict, type PermissionVerdict, type DecidingStatement, type AssignedRole } from './explain/verdict';
