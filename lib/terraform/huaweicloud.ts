/**
 * The one place the Terraform side imports cdktf (through `cdktf-peer`, which tolerates its absence
 * until a construct is used: lib/peer-stub.ts) and the generated Huawei Cloud provider bindings.
 * Its CDK Terrain twin is `huaweicloud-cdktn.ts` (same export list, a test keeps them equal): the
 * build (scripts/build-cdktn.ts) copies every module that depends on this one into
 * `dist-lib/cdktn/` with this module swapped for the twin, and the cdktn jest project maps it the
 * same way. Nothing else in lib/ may import `cdktf-peer` or the generated bindings (which import
 * cdktf through `cdktf-peer`, the one module that requires it).
 */
export {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  TerraformOutput, Token,
  App as TerraformApp,
} from './cdktf-peer';
export type { IResolveContext, ITerraformDependable } from './cdktf-peer';
export { HuaweicloudProvider } from './generated/huaweicloud/provider';
export type {
  HuaweicloudProviderAssumeRole,
  HuaweicloudProviderAssumeRoleWithOidc,
  HuaweicloudProviderConfig,
} from './generated/huaweicloud/provider';
export { IdentityProvider } from './generated/huaweicloud/identity-provider';
export { IdentityProviderConversion } from './generated/huaweicloud/identity-provider-conversion';
export { IdentityGroup } from './generated/huaweicloud/identity-group';
export { IdentityGroupRoleAssignment } from './generated/huaweicloud/identity-group-role-assignment';
export { IdentityRole } from './generated/huaweicloud/identity-role';
export { DataHuaweicloudIdentityGroup } from './generated/huaweicloud/data-huaweicloud-identity-group';
export { DataHuaweicloudIdentityProjects } from './generated/huaweicloud/data-huaweicloud-identity-projects';
export { DataHuaweicloudIdentityRole } from './generated/huaweicloud/data-huaweicloud-identity-role';
// CCE pod identity (issue 10): the agency a ServiceAccount's association names.
export { IdentityAgency } from './generated/huaweicloud/identity-agency';
export { CceClusterPodIdentityAssociation } from './generated/huaweicloud/cce-cluster-pod-identity-association';
