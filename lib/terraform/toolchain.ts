/**
 * Which Terraform CDK toolchain this build of the library runs on, for the peer check
 * (lib/peer-dependencies.ts), which must name the toolchain before anything loads it. This module
 * imports nothing; its twin `toolchain-cdktn.ts` takes its place in `cce-workload-identity/cdktn`
 * exactly like `huaweicloud-cdktn.ts` takes the place of `huaweicloud.ts` (scripts/build-cdktn.ts).
 * @internal
 */
export const TERRAFORM_TOOLCHAIN: 'cdktf' | 'cdktn' = 'cdktf';
