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
} from './grants-loader';
export { type Principal, type RequestScope, type GroupGrant, type FederatedIdentity, type Authorization } from './effective-permissions';
export { loadTerraform, type LoadedTerraform, type TerraformInput, type EmulatedIdentityProvider } from './terraform-loader';
export { evaluateConversionRules, type EmulatedConversionRule } from './mapping-engine';
export { isActionPattern, isResourcePattern } from './policy-document';
export { parseServiceAccountSubject, serviceAccountSubjectOf } from './service-account-subject';
