/**
 * The CDK Terrain (`cdktn` 0.24+) twin of `huaweicloud.ts`: the same export list from `cdktn` and
 * the bindings `@cdktn/provider-generator` wrote (lib/terraform/generated-cdktn, from the same
 * committed schema). `cce-workload-identity/cdktn` loads this module wherever the root entry loads
 * `huaweicloud.ts` (scripts/build-cdktn.ts); nothing else in lib/ imports `cdktn`.
 */
export {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  TerraformOutput, Token,
  App as TerraformApp,
} from './cdktn-peer';
export type { IResolveContext, ITerraformDependable } from './cdktn-peer';
export { HuaweicloudProvider } from './generated-cdktn/huaweicloud/provider';
export type {
  HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig,
} from './generated-cdktn/huaweicloud/provider';
export { IdentityProvider } from './generated-cdktn/huaweicloud/identity-provider';
export { IdentityProviderConversion } from './generated-cdktn/huaweicloud/identity-provider-conversion';
export { IdentityGroup } from './generated-cdktn/huaweicloud/identity-group';
export { IdentityGroupRoleAssignment } from './generated-cdktn/huaweicloud/identity-group-role-assignment';
export { IdentityRole } from './generated-cdktn/huaweicloud/identity-role';
export { DataHuaweicloudIdentityGroup } from './generated-cdktn/huaweicloud/data-huaweicloud-identity-group';
export { DataHuaweicloudIdentityProjects } from './generated-cdktn/huaweicloud/data-huaweicloud-identity-projects';
export { DataHuaweicloudIdentityRole } from './generated-cdktn/huaweicloud/data-huaweicloud-identity-role';
// CCE pod identity (issue 10): the agency a ServiceAccount's association names.
export { IdentityAgency } from './generated-cdktn/huaweicloud/identity-agency';
export { CceClusterPodIdentityAssociation } from './generated-cdktn/huaweicloud/cce-cluster-pod-identity-association';
