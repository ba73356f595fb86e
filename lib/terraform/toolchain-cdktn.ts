/**
 * The CDK Terrain twin of `toolchain.ts`: loaded in its place by `cce-workload-identity/cdktn`.
 * @internal
 */
export const TERRAFORM_TOOLCHAIN: 'cdktf' | 'cdktn' = 'cdktn';
