/**
 * The one place the Terraform side imports cdktf and the generated Huawei Cloud provider bindings.
 * Switching to CDK Terrain (`cdktn`, same API) or to a published provider package means changing
 * the imports here (and in the generated code) only.
 */
export { Annotations, Lazy, LocalBackend, TerraformStack, TerraformOutput, App as TerraformApp } from 'cdktf';
export { HuaweicloudProvider } from './generated/huaweicloud/provider';
export type { HuaweicloudProviderConfig } from './generated/huaweicloud/provider';
export { IdentityProvider } from './generated/huaweicloud/identity-provider';
export { IdentityProviderConversion } from './generated/huaweicloud/identity-provider-conversion';
