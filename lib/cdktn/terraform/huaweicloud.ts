/**
 * The one place the CDK Terrain flavour (`cce-workload-identity/cdktn`) imports cdktn 0.24+
 * (through `cdktn-peer`) and the bindings `@cdktn/provider-generator` wrote from the same committed
 * schema (lib/terraform/generated-cdktn), and `CDKTN`, the toolchain object the shared constructs
 * are given. The same exports as lib/terraform/huaweicloud.ts, its cdktf counterpart (a test keeps
 * them equal).
 */
import type { TerraformToolchain } from '../../terraform/toolchain';
import {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  Token, App as TerraformApp,
} from '../../terraform/cdktn-peer';
import { HuaweicloudProvider } from '../../terraform/generated-cdktn/huaweicloud/provider';
import { IdentityProvider } from '../../terraform/generated-cdktn/huaweicloud/identity-provider';
import { IdentityProviderConversion } from '../../terraform/generated-cdktn/huaweicloud/identity-provider-conversion';
import { IdentityGroup } from '../../terraform/generated-cdktn/huaweicloud/identity-group';
import { IdentityGroupRoleAssignment } from '../../terraform/generated-cdktn/huaweicloud/identity-group-role-assignment';
import { IdentityRole } from '../../terraform/generated-cdktn/huaweicloud/identity-role';
import { DataHuaweicloudIdentityGroup } from '../../terraform/generated-cdktn/huaweicloud/data-huaweicloud-identity-group';
import { DataHuaweicloudIdentityProjects } from '../../terraform/generated-cdktn/huaweicloud/data-huaweicloud-identity-projects';
import { DataHuaweicloudIdentityRole } from '../../terraform/generated-cdktn/huaweicloud/data-huaweicloud-identity-role';
// CCE pod identity (issue 10): the agency a ServiceAccount's association names.
import { IdentityAgency } from '../../terraform/generated-cdktn/huaweicloud/identity-agency';
import { CceClusterPodIdentityAssociation } from '../../terraform/generated-cdktn/huaweicloud/cce-cluster-pod-identity-association';

export { TerraformOutput } from '../../terraform/cdktn-peer';
export type { IResolveContext, ITerraformDependable } from '../../terraform/cdktn-peer';
export type {
  HuaweicloudProviderAssumeRole, HuaweicloudProviderAssumeRoleWithOidc, HuaweicloudProviderConfig,
} from '../../terraform/generated-cdktn/huaweicloud/provider';
export {
  AnnotationMetadataEntryType, Annotations, Aspects, Lazy, LocalBackend, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack,
  Token, TerraformApp, HuaweicloudProvider, IdentityProvider, IdentityProviderConversion, IdentityGroup, IdentityGroupRoleAssignment, IdentityRole,
  DataHuaweicloudIdentityGroup, DataHuaweicloudIdentityProjects, DataHuaweicloudIdentityRole, IdentityAgency, CceClusterPodIdentityAssociation,
};

/**
 * cdktn and its bindings, for the shared constructs.
 * @internal
 */
export const TOOLCHAIN = {
  name: 'cdktn',
  Annotations, AnnotationMetadataEntryType, Aspects, Lazy, Token, TerraformStack, TerraformResource, TerraformDataSource, TerraformProvider,
  TerraformApp, LocalBackend, HuaweicloudProvider,
  IdentityProvider, IdentityProviderConversion, IdentityGroup, DataHuaweicloudIdentityGroup, IdentityRole, DataHuaweicloudIdentityRole,
  DataHuaweicloudIdentityProjects, IdentityGroupRoleAssignment, IdentityAgency, CceClusterPodIdentityAssociation,
} as const satisfies TerraformToolchain<TerraformResource>;
