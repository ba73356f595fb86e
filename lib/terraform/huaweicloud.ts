/**
 * The one place the Terraform side imports cdktf and the generated Huawei Cloud provider bindings.
 * Switching to CDK Terrain (`cdktn`, same API) or to a published provider package means changing
 * the imports here (and in the generated code) only.
 */
export { Annotations, Aspects, Lazy, LocalBackend, TerraformResource, TerraformStack, TerraformOutput, Token, App as TerraformApp } from 'cdktf';
export type { IResolveContext, ITerraformDependable } from 'cdktf';
export { HuaweicloudProvider } from './generated/huaweicloud/provider';
export type { HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig } from './generated/huaweicloud/provider';
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
