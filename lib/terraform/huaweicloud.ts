/**
 * The one place the cdktf flavour (`cce-workload-identity`) imports cdktf (through `cdktf-peer`,
 * which tolerates its absence until a construct is used: lib/peer-stub.ts) and the generated
 * Huawei Cloud provider bindings (lib/terraform/generated), and `CDKTF`, the toolchain object the
 * shared constructs are given (lib/terraform/toolchain.ts). The CDK Terrain flavour's module at the
 * same place under lib/cdktn/ (lib/cdktn/terraform/huaweicloud.ts) has the same exports from cdktn
 * and lib/terraform/generated-cdktn. Nothing shared by both flavours imports this module.
 */
import type { TerraformToolchain } from './toolchain';
import {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  Token, App as TerraformApp,
} from './cdktf-peer';
import { HuaweicloudProvider } from './generated/huaweicloud/provider';
import { IdentityProvider } from './generated/huaweicloud/identity-provider';
import { IdentityProviderConversion } from './generated/huaweicloud/identity-provider-conversion';
import { IdentityGroup } from './generated/huaweicloud/identity-group';
import { IdentityGroupRoleAssignment } from './generated/huaweicloud/identity-group-role-assignment';
import { IdentityRole } from './generated/huaweicloud/identity-role';
import { DataHuaweicloudIdentityGroup } from './generated/huaweicloud/data-huaweicloud-identity-group';
import { DataHuaweicloudIdentityProjects } from './generated/huaweicloud/data-huaweicloud-identity-projects';
import { DataHuaweicloudIdentityRole } from './generated/huaweicloud/data-huaweicloud-identity-role';
// CCE pod identity (issue 10): the agency a ServiceAccount's association names.
import { IdentityAgency } from './generated/huaweicloud/identity-agency';
import { CceClusterPodIdentityAssociation } from './generated/huaweicloud/cce-cluster-pod-identity-association';

export { TerraformOutput } from './cdktf-peer';
export type { IResolveContext, ITerraformDependable } from './cdktf-peer';
export type {
  HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig,
} from './generated/huaweicloud/provider';
export {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  Token, TerraformApp, HuaweicloudProvider, IdentityProvider, IdentityProviderConversion, IdentityGroup, IdentityGroupRoleAssignment, IdentityRole,
  DataHuaweicloudIdentityGroup, DataHuaweicloudIdentityProjects, DataHuaweicloudIdentityRole, IdentityAgency, CceClusterPodIdentityAssociation,
};

/**
 * cdktf and its bindings, for the shared constructs.
 * @internal
 */
export const TOOLCHAIN = {
  name: 'cdktf',
  Annotations, AnnotationMetadataEntryType, Aspects, Lazy, Token, TerraformStack, TerraformResource, TerraformDataSource, TerraformProvider,
  TerraformApp, LocalBackend, HuaweicloudProvider,
  IdentityProvider, IdentityProviderConversion, IdentityGroup, DataHuaweicloudIdentityGroup, IdentityRole, DataHuaweicloudIdentityRole,
  DataHuaweicloudIdentityProjects, IdentityGroupRoleAssignment, IdentityAgency, CceClusterPodIdentityAssociation,
} as const satisfies TerraformToolchain<TerraformResource>;
